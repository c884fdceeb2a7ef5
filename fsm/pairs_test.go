package fsm

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// testOptions gives deterministic delays: no jitter, fixed clock.
func testOptions() *Options {
	return &Options{
		Backoff: &Backoff{Jitter: JitterNone},
		Now:     func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) },
	}
}

// summary renders a decision compactly: timer ops, then actions in the
// order the driver applies them.
func summary(d Decision) string {
	var p []string
	for _, op := range d.Timers {
		if op.Stop {
			p = append(p, "-"+op.Timer.String())
		} else {
			p = append(p, fmt.Sprintf("+%s %v", op.Timer, op.After))
		}
	}
	if d.CancelDial {
		p = append(p, "cancel-dial")
	}
	if d.CloseSocket {
		p = append(p, fmt.Sprintf("close %d", d.CloseCode))
	}
	if d.Refresh {
		p = append(p, "refresh")
	}
	if d.Dial {
		p = append(p, "dial")
	}
	if d.Stop {
		p = append(p, "stop")
	}
	return strings.Join(p, " ")
}

// outcome renders the result of Handle: "to-state: summary" or "error: sentinel".
func outcome(d Decision, err error) string {
	switch {
	case errors.Is(err, ErrInvalidEvent):
		return "invalid"
	case errors.Is(err, ErrTerminal):
		return "terminal"
	case err != nil:
		return "error: " + err.Error()
	}
	s := string(d.To)
	if x := summary(d); x != "" {
		s += ": " + x
	}
	return s
}

// setups drive a fresh machine into each state by a real event path.
var setups = map[State][]Input{
	StateIdle:       nil,
	StateConnecting: {{Event: EventStart}},
	StateLive:       {{Event: EventStart}, {Event: EventDialed}},
	StateRetrying:   {{Event: EventStart}, {Event: EventDialFailed}},
	StateRefreshing: {{Event: EventStart}, {Event: EventDialFailed, HTTPStatus: 401}},
	StateOffline:    {{Event: EventStart}, {Event: EventDialFailed}, {Event: EventNetworkDown}},
	StateClosing:    {{Event: EventStart}, {Event: EventDialed}, {Event: EventCloseRequested}},
	StateClosed:     {{Event: EventStart}, {Event: EventDialed}, {Event: EventCloseRequested}, {Event: EventClosed}},
	StateFailed:     {{Event: EventStart}, {Event: EventDialFailed, HTTPStatus: 403}},
}

// defaultPayload is the input used for an event in the every-pair table.
func defaultPayload(e Event) Input {
	in := Input{Event: e}
	if e == EventServerClosed {
		in.Code = 1001
	}
	return in
}

// everyPair is the expected outcome of each (state, event) pair, from the
// setup of that state and the default payload of the event. "invalid" and
// "terminal" are the documented rejections (ErrInvalidEvent, ErrTerminal);
// a bare state name with no actions is an absorbed event.
var everyPair = []struct {
	state State
	event Event
	want  string
}{
	{StateIdle, EventStart, "connecting: +offline 2m0s dial"},
	{StateIdle, EventDialed, "invalid"},
	{StateIdle, EventDialFailed, "invalid"},
	{StateIdle, EventDropped, "invalid"},
	{StateIdle, EventServerClosed, "invalid"},
	{StateIdle, EventAuthRejected, "invalid"},
	{StateIdle, EventTokenRefreshed, "invalid"},
	{StateIdle, EventRefreshFailed, "invalid"},
	{StateIdle, EventRetryTimer, "idle"},
	{StateIdle, EventHealthyTimer, "idle"},
	{StateIdle, EventOfflineTimer, "idle"},
	{StateIdle, EventNetworkDown, "idle"},
	{StateIdle, EventNetworkUp, "idle"},
	{StateIdle, EventCloseRequested, "closed: stop"},
	{StateIdle, EventClosed, "invalid"},
	{StateConnecting, EventStart, "connecting"},
	{StateConnecting, EventDialed, "live: +healthy 10s -offline"},
	{StateConnecting, EventDialFailed, "retrying: +retry 1s"},
	{StateConnecting, EventDropped, "invalid"},
	{StateConnecting, EventServerClosed, "invalid"},
	{StateConnecting, EventAuthRejected, "invalid"},
	{StateConnecting, EventTokenRefreshed, "invalid"},
	{StateConnecting, EventRefreshFailed, "invalid"},
	{StateConnecting, EventRetryTimer, "connecting"},
	{StateConnecting, EventHealthyTimer, "connecting"},
	{StateConnecting, EventOfflineTimer, "offline"},
	{StateConnecting, EventNetworkDown, "offline: -offline"},
	{StateConnecting, EventNetworkUp, "connecting"},
	{StateConnecting, EventCloseRequested, "closing: -offline cancel-dial"},
	{StateConnecting, EventClosed, "invalid"},
	{StateLive, EventStart, "live"},
	{StateLive, EventDialed, "invalid"},
	{StateLive, EventDialFailed, "invalid"},
	{StateLive, EventDropped, "retrying: -healthy +retry 1s +offline 2m0s"},
	{StateLive, EventServerClosed, "retrying: -healthy +retry 1s +offline 2m0s"},
	{StateLive, EventAuthRejected, "refreshing: -healthy +offline 2m0s close 1000 refresh"},
	{StateLive, EventTokenRefreshed, "invalid"},
	{StateLive, EventRefreshFailed, "invalid"},
	{StateLive, EventRetryTimer, "live"},
	{StateLive, EventHealthyTimer, "live"},
	{StateLive, EventOfflineTimer, "live"},
	{StateLive, EventNetworkDown, "offline: -healthy +retry 30s close 1001"},
	{StateLive, EventNetworkUp, "live"},
	{StateLive, EventCloseRequested, "closing: -healthy close 1000"},
	{StateLive, EventClosed, "invalid"},
	{StateRetrying, EventStart, "retrying"},
	{StateRetrying, EventDialed, "invalid"},
	{StateRetrying, EventDialFailed, "invalid"},
	{StateRetrying, EventDropped, "invalid"},
	{StateRetrying, EventServerClosed, "invalid"},
	{StateRetrying, EventAuthRejected, "invalid"},
	{StateRetrying, EventTokenRefreshed, "invalid"},
	{StateRetrying, EventRefreshFailed, "invalid"},
	{StateRetrying, EventRetryTimer, "connecting: dial"},
	{StateRetrying, EventHealthyTimer, "retrying"},
	{StateRetrying, EventOfflineTimer, "offline"},
	{StateRetrying, EventNetworkDown, "offline: -offline"},
	{StateRetrying, EventNetworkUp, "retrying"},
	{StateRetrying, EventCloseRequested, "closed: -retry -offline stop"},
	{StateRetrying, EventClosed, "invalid"},
	{StateRefreshing, EventStart, "refreshing"},
	{StateRefreshing, EventDialed, "invalid"},
	{StateRefreshing, EventDialFailed, "invalid"},
	{StateRefreshing, EventDropped, "invalid"},
	{StateRefreshing, EventServerClosed, "invalid"},
	{StateRefreshing, EventAuthRejected, "invalid"},
	{StateRefreshing, EventTokenRefreshed, "connecting: dial"},
	{StateRefreshing, EventRefreshFailed, "retrying: +retry 1s"},
	{StateRefreshing, EventRetryTimer, "refreshing"},
	{StateRefreshing, EventHealthyTimer, "refreshing"},
	{StateRefreshing, EventOfflineTimer, "offline"},
	{StateRefreshing, EventNetworkDown, "offline: -offline"},
	{StateRefreshing, EventNetworkUp, "refreshing"},
	{StateRefreshing, EventCloseRequested, "closed: -offline stop"},
	{StateRefreshing, EventClosed, "invalid"},
	{StateOffline, EventStart, "offline"},
	{StateOffline, EventDialed, "invalid"},
	{StateOffline, EventDialFailed, "invalid"},
	{StateOffline, EventDropped, "invalid"},
	{StateOffline, EventServerClosed, "invalid"},
	{StateOffline, EventAuthRejected, "invalid"},
	{StateOffline, EventTokenRefreshed, "invalid"},
	{StateOffline, EventRefreshFailed, "invalid"},
	{StateOffline, EventRetryTimer, "offline: dial"},
	{StateOffline, EventHealthyTimer, "offline"},
	{StateOffline, EventOfflineTimer, "offline"},
	{StateOffline, EventNetworkDown, "offline"},
	{StateOffline, EventNetworkUp, "connecting: -retry dial"},
	{StateOffline, EventCloseRequested, "closed: -retry stop"},
	{StateOffline, EventClosed, "invalid"},
	{StateClosing, EventStart, "closing"},
	{StateClosing, EventDialed, "invalid"},
	{StateClosing, EventDialFailed, "invalid"},
	{StateClosing, EventDropped, "closed: stop"},
	{StateClosing, EventServerClosed, "closed: stop"},
	{StateClosing, EventAuthRejected, "closing"},
	{StateClosing, EventTokenRefreshed, "invalid"},
	{StateClosing, EventRefreshFailed, "invalid"},
	{StateClosing, EventRetryTimer, "closing"},
	{StateClosing, EventHealthyTimer, "closing"},
	{StateClosing, EventOfflineTimer, "closing"},
	{StateClosing, EventNetworkDown, "closing"},
	{StateClosing, EventNetworkUp, "closing"},
	{StateClosing, EventCloseRequested, "closing"},
	{StateClosing, EventClosed, "closed: stop"},
	{StateClosed, EventStart, "terminal"},
	{StateClosed, EventDialed, "terminal"},
	{StateClosed, EventDialFailed, "terminal"},
	{StateClosed, EventDropped, "terminal"},
	{StateClosed, EventServerClosed, "terminal"},
	{StateClosed, EventAuthRejected, "terminal"},
	{StateClosed, EventTokenRefreshed, "terminal"},
	{StateClosed, EventRefreshFailed, "terminal"},
	{StateClosed, EventRetryTimer, "terminal"},
	{StateClosed, EventHealthyTimer, "terminal"},
	{StateClosed, EventOfflineTimer, "terminal"},
	{StateClosed, EventNetworkDown, "terminal"},
	{StateClosed, EventNetworkUp, "terminal"},
	{StateClosed, EventCloseRequested, "terminal"},
	{StateClosed, EventClosed, "terminal"},
	{StateFailed, EventStart, "terminal"},
	{StateFailed, EventDialed, "terminal"},
	{StateFailed, EventDialFailed, "terminal"},
	{StateFailed, EventDropped, "terminal"},
	{StateFailed, EventServerClosed, "terminal"},
	{StateFailed, EventAuthRejected, "terminal"},
	{StateFailed, EventTokenRefreshed, "terminal"},
	{StateFailed, EventRefreshFailed, "terminal"},
	{StateFailed, EventRetryTimer, "terminal"},
	{StateFailed, EventHealthyTimer, "terminal"},
	{StateFailed, EventOfflineTimer, "terminal"},
	{StateFailed, EventNetworkDown, "terminal"},
	{StateFailed, EventNetworkUp, "terminal"},
	{StateFailed, EventCloseRequested, "terminal"},
	{StateFailed, EventClosed, "terminal"},
}

func TestEveryPair(t *testing.T) {
	seen := map[[2]string]bool{}
	for _, tt := range everyPair {
		t.Run(string(tt.state)+"/"+string(tt.event), func(t *testing.T) {
			m := newIn(t, tt.state)
			in := defaultPayload(tt.event)
			d, err := m.Handle(in)
			if got := outcome(d, err); got != tt.want {
				t.Errorf("in %s, Handle(%s) = %q, want %q", tt.state, tt.event, got, tt.want)
			}
			checkChange(t, tt.state, in, d, err)
			if err != nil && m.State() != tt.state {
				t.Errorf("refused event moved the machine from %s to %s", tt.state, m.State())
			}
		})
		seen[[2]string{string(tt.state), string(tt.event)}] = true
	}
	for _, s := range States() {
		for _, e := range Events() {
			if !seen[[2]string{string(s), string(e)}] {
				t.Errorf("pair (%s, %s) not covered", s, e)
			}
		}
	}
	t.Logf("covered %d states x %d events = %d pairs", len(States()), len(Events()), len(seen))
	fmt.Printf("covered %d states x %d events = %d pairs\n", len(States()), len(Events()), len(seen))
}

// newIn returns a machine driven into state s by setups[s].
func newIn(t *testing.T, s State) *Machine {
	t.Helper()
	m := New(testOptions())
	drive(t, m, setups[s]...)
	if m.State() != s {
		t.Fatalf("setup for %s ended in %s", s, m.State())
	}
	return m
}

// drive feeds inputs that must be accepted.
func drive(t *testing.T, m *Machine, ins ...Input) {
	t.Helper()
	for _, in := range ins {
		if _, err := m.Handle(in); err != nil {
			t.Fatalf("drive: Handle(%s) in %s: %v", in.Event, m.State(), err)
		}
	}
}

// checkChange verifies the one-record-per-change rule.
func checkChange(t *testing.T, from State, in Input, d Decision, err error) {
	t.Helper()
	switch {
	case err != nil && (d.Change != nil || summary(d) != ""):
		t.Errorf("refused event returned a decision: %+v", d)
	case err == nil && d.To != from && d.Change == nil:
		t.Errorf("%s -> %s on %s without a Change record", from, d.To, in.Event)
	case d.To == from && d.Change != nil:
		t.Errorf("no state change but a Change record: %+v", d.Change)
	case d.Change != nil && (d.Change.From != from || d.Change.To != d.To || d.Change.Event != in.Event || d.Change.RetryIn != d.RetryIn):
		t.Errorf("Change = %+v, want from %s to %s on %s, RetryIn %v", d.Change, from, d.To, in.Event, d.RetryIn)
	}
}
