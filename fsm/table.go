package fsm

import (
	"fmt"
	"strings"
)

// Guard names the condition that picks one of several transitions for the
// same state and event. It is part of each [Transition] and of the diagram.
type Guard string

// The guards, in the order the machine tests them.
const (
	GuardNone      Guard = ""           // the ordinary case
	GuardFatal     Guard = "fatal"      // HTTP 403, a permanent rejection or refresh failure, a stop close code
	GuardComplete  Guard = "complete"   // a close code whose action is complete (1000)
	GuardAuth      Guard = "auth"       // HTTP 401, a refresh-auth close code or auth_rejected: refresh once
	GuardAuthAgain Guard = "auth again" // rejected again before a healthy period since the last refresh: back off
	GuardOutage    Guard = "outage"     // the network is down or the outage passed OfflineAfter: stay offline
	GuardToken     Guard = "token"      // a token refresh is needed or in flight
	GuardPending   Guard = "pending"    // a dial is in flight or a socket has not reported its end yet
)

// Transition is one row of the transition table.
type Transition struct {
	From  State
	Event Event
	Guard Guard
	To    State
}

// transitions is the transition table. A (state, event) pair with no row
// is either absorbed (a stale timer, the late end of an abandoned socket, a
// repeated start or close request, a network report that changes no state:
// the machine notes it and returns an empty decision) or refused with
// ErrInvalidEvent (an outcome with nothing in flight). TestEveryPair lists
// which.
var transitions = []Transition{
	{StateIdle, EventStart, GuardNone, StateConnecting},
	{StateIdle, EventCloseRequested, GuardNone, StateClosed},

	{StateConnecting, EventDialed, GuardNone, StateLive},
	{StateConnecting, EventDialFailed, GuardNone, StateRetrying},
	{StateConnecting, EventDialFailed, GuardFatal, StateFailed},
	{StateConnecting, EventDialFailed, GuardAuth, StateRefreshing},
	{StateConnecting, EventDialFailed, GuardAuthAgain, StateRetrying},
	{StateConnecting, EventDialFailed, GuardOutage, StateOffline},
	{StateConnecting, EventOfflineTimer, GuardNone, StateOffline},
	{StateConnecting, EventNetworkDown, GuardNone, StateOffline},
	{StateConnecting, EventCloseRequested, GuardNone, StateClosing},

	{StateLive, EventDropped, GuardNone, StateRetrying},
	{StateLive, EventServerClosed, GuardNone, StateRetrying},
	{StateLive, EventServerClosed, GuardFatal, StateFailed},
	{StateLive, EventServerClosed, GuardComplete, StateClosed},
	{StateLive, EventServerClosed, GuardAuth, StateRefreshing},
	{StateLive, EventServerClosed, GuardAuthAgain, StateRetrying},
	{StateLive, EventAuthRejected, GuardFatal, StateFailed},
	{StateLive, EventAuthRejected, GuardAuth, StateRefreshing},
	{StateLive, EventAuthRejected, GuardAuthAgain, StateRetrying},
	{StateLive, EventHealthyTimer, GuardNone, StateLive},
	{StateLive, EventNetworkDown, GuardNone, StateOffline},
	{StateLive, EventCloseRequested, GuardNone, StateClosing},

	{StateRetrying, EventRetryTimer, GuardNone, StateConnecting},
	{StateRetrying, EventRetryTimer, GuardToken, StateRefreshing},
	{StateRetrying, EventOfflineTimer, GuardNone, StateOffline},
	{StateRetrying, EventNetworkDown, GuardNone, StateOffline},
	{StateRetrying, EventCloseRequested, GuardNone, StateClosed},

	{StateRefreshing, EventTokenRefreshed, GuardNone, StateConnecting},
	{StateRefreshing, EventTokenRefreshed, GuardOutage, StateOffline},
	{StateRefreshing, EventRefreshFailed, GuardNone, StateRetrying},
	{StateRefreshing, EventRefreshFailed, GuardFatal, StateFailed},
	{StateRefreshing, EventRefreshFailed, GuardOutage, StateOffline},
	{StateRefreshing, EventOfflineTimer, GuardNone, StateOffline},
	{StateRefreshing, EventNetworkDown, GuardNone, StateOffline},
	{StateRefreshing, EventCloseRequested, GuardNone, StateClosed},

	{StateOffline, EventDialed, GuardNone, StateLive},
	{StateOffline, EventDialFailed, GuardNone, StateOffline},
	{StateOffline, EventDialFailed, GuardFatal, StateFailed},
	{StateOffline, EventDialFailed, GuardAuth, StateRefreshing},
	{StateOffline, EventDialFailed, GuardAuthAgain, StateOffline},
	{StateOffline, EventTokenRefreshed, GuardNone, StateOffline},
	{StateOffline, EventRefreshFailed, GuardNone, StateOffline},
	{StateOffline, EventRefreshFailed, GuardFatal, StateFailed},
	{StateOffline, EventRetryTimer, GuardNone, StateOffline},
	{StateOffline, EventRetryTimer, GuardToken, StateRefreshing},
	{StateOffline, EventNetworkUp, GuardNone, StateConnecting},
	{StateOffline, EventNetworkUp, GuardToken, StateRefreshing},
	{StateOffline, EventNetworkUp, GuardPending, StateConnecting},
	{StateOffline, EventCloseRequested, GuardNone, StateClosed},
	{StateOffline, EventCloseRequested, GuardPending, StateClosing},

	{StateClosing, EventDialed, GuardNone, StateClosing},
	{StateClosing, EventDialFailed, GuardNone, StateClosed},
	{StateClosing, EventDialFailed, GuardPending, StateClosing},
	{StateClosing, EventDropped, GuardNone, StateClosed},
	{StateClosing, EventDropped, GuardPending, StateClosing},
	{StateClosing, EventServerClosed, GuardNone, StateClosed},
	{StateClosing, EventServerClosed, GuardPending, StateClosing},
	{StateClosing, EventClosed, GuardNone, StateClosed},
	{StateClosing, EventClosed, GuardPending, StateClosing},
}

// Transitions returns a copy of the transition table.
func Transitions() []Transition { return append([]Transition(nil), transitions...) }

// Mermaid returns the transition table as a Mermaid state diagram.
func Mermaid() string {
	var b strings.Builder
	b.WriteString("stateDiagram-v2\n")
	fmt.Fprintf(&b, "    [*] --> %s\n", StateIdle)
	for _, t := range transitions {
		label := string(t.Event)
		if t.Guard != GuardNone {
			label += " [" + string(t.Guard) + "]"
		}
		fmt.Fprintf(&b, "    %s --> %s: %s\n", t.From, t.To, label)
	}
	fmt.Fprintf(&b, "    %s --> [*]\n", StateClosed)
	fmt.Fprintf(&b, "    %s --> [*]\n", StateFailed)
	return b.String()
}
