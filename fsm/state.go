package fsm

// State is a connection state, the name users see.
type State string

// The states of the machine. [StateClosed] and [StateFailed] are terminal.
const (
	StateIdle       State = "idle"       // created, not started
	StateConnecting State = "connecting" // a dial is in flight
	StateLive       State = "live"       // the socket is open
	StateRetrying   State = "retrying"   // waiting for the retry timer
	StateRefreshing State = "refreshing" // the token is being refreshed
	StateOffline    State = "offline"    // network down, or an outage longer than OfflineAfter
	StateClosing    State = "closing"    // a close was requested; waiting for the socket to end
	StateClosed     State = "closed"     // closed by intent or normal completion (terminal)
	StateFailed     State = "failed"     // will not retry (terminal)
)

// States lists every state in a stable order.
func States() []State {
	return []State{StateIdle, StateConnecting, StateLive, StateRetrying, StateRefreshing,
		StateOffline, StateClosing, StateClosed, StateFailed}
}

// Terminal reports whether s is closed or failed: no decision follows.
func (s State) Terminal() bool { return s == StateClosed || s == StateFailed }

// String returns the state's name.
func (s State) String() string { return string(s) }

// Event is something the driver tells the machine.
type Event string

// The events. Payload fields of [Input] used by each are noted.
const (
	EventStart          Event = "start"           // begin connecting
	EventDialed         Event = "dialed"          // the dial in flight succeeded; the socket is open
	EventDialFailed     Event = "dial_failed"     // the dial in flight failed: Err, HTTPStatus, RetryAfter
	EventDropped        Event = "dropped"         // transport loss or heartbeat timeout, no close frame: Err
	EventServerClosed   Event = "server_closed"   // the server sent a close frame: Code, Reason
	EventAuthRejected   Event = "auth_rejected"   // the server rejected the credential on an open socket: Permanent
	EventTokenRefreshed Event = "token_refreshed" // the refresh asked for by Decision.Refresh succeeded
	EventRefreshFailed  Event = "refresh_failed"  // the refresh failed: Err, Permanent
	EventRetryTimer     Event = "retry_timer"     // the retry timer fired
	EventHealthyTimer   Event = "healthy_timer"   // the healthy timer fired
	EventOfflineTimer   Event = "offline_timer"   // the offline (outage) timer fired
	EventNetworkDown    Event = "network_down"    // the platform reports no network
	EventNetworkUp      Event = "network_up"      // the platform reports the network back
	EventCloseRequested Event = "close_requested" // the user asked to close: Code, Reason (default 1000)
	EventClosed         Event = "closed"          // the socket ended after our close frame (or was released)
)

// Events lists every event in a stable order.
func Events() []Event {
	return []Event{EventStart, EventDialed, EventDialFailed, EventDropped, EventServerClosed,
		EventAuthRejected, EventTokenRefreshed, EventRefreshFailed, EventRetryTimer,
		EventHealthyTimer, EventOfflineTimer, EventNetworkDown, EventNetworkUp,
		EventCloseRequested, EventClosed}
}

// String returns the event's name.
func (e Event) String() string { return string(e) }

// Timer names one of the three timers the driver runs for the machine.
type Timer uint8

// The timers. Each fires the event returned by [Timer.Event].
const (
	TimerRetry   Timer = iota // backoff delay before the next dial (or refresh)
	TimerHealthy              // how long a socket must stay live to reset the attempt counter
	TimerOffline              // how long an outage lasts before the state becomes offline
)

// Event returns the event the driver feeds when t fires.
func (t Timer) Event() Event {
	switch t {
	case TimerRetry:
		return EventRetryTimer
	case TimerHealthy:
		return EventHealthyTimer
	default:
		return EventOfflineTimer
	}
}

// String returns "retry", "healthy" or "offline".
func (t Timer) String() string {
	switch t {
	case TimerRetry:
		return "retry"
	case TimerHealthy:
		return "healthy"
	default:
		return "offline"
	}
}
