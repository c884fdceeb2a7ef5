package fsm

import (
	"math/rand/v2"
	"time"
)

// Options configures a [Machine]. A nil *Options means all defaults; the
// zero value of each field means its default. New copies the struct and
// never modifies the caller's value.
type Options struct {
	// Backoff is the retry policy. Default: [DefaultBackoff] (1 s, ×2,
	// 30 s cap, JitterEven).
	Backoff *Backoff
	// HealthyAfter is how long a socket must stay live before the attempt
	// counter resets. Default 10 s.
	HealthyAfter time.Duration
	// OfflineAfter is how long an outage (no live socket since the loss or
	// the start) lasts before the state becomes offline while retries go on.
	// Default 2 min; negative disables the outage timer (network down still
	// goes offline).
	OfflineAfter time.Duration
	// CloseRules maps server close codes to actions. Default
	// [DefaultCloseRules]; use [MergeCloseRules] to add a protocol's codes.
	CloseRules []CloseRule
	// MaxRetryAfter is the longest Retry-After (on a 429 or 503 handshake)
	// honoured; a longer one counts as this long. Default 5 min.
	MaxRetryAfter time.Duration
	// Rand is the random source for jitter. Default: the global
	// math/rand/v2 source.
	Rand *rand.Rand
	// Now stamps change records and, for JitterEven, tells how long a
	// socket that ended before its healthy period lived. Default time.Now.
	Now func() time.Time
}

// Input is one event with its payload. Only the fields named for the event
// in the Event constants are read.
type Input struct {
	Event Event
	// Err is the cause of a failed dial, a drop or a failed refresh. It is
	// kept in the Change record but never copied into Reason (dial errors
	// can carry URLs with credentials).
	Err error
	// HTTPStatus is the handshake response status of a failed dial (0 if
	// none): 401 refreshes the token, 403 fails, anything else retries.
	HTTPStatus int
	// RetryAfter is a server-suggested minimum wait (a Retry-After header).
	// It is honoured on HTTPStatus 429 or 503, up to Options.MaxRetryAfter,
	// like a close rule's MinDelay: the wait is at least the hint, plus
	// jitter (see [Machine]'s package doc, "Server hints").
	RetryAfter time.Duration
	// Code and Reason are the close code and reason of EventServerClosed,
	// or those to send for EventCloseRequested (default 1000, ""). On
	// EventDropped a non-zero Code is the close code the client itself sent
	// as it dropped the socket (1009 after an oversize message); the
	// change then reports it instead of 1006.
	Code   int
	Reason string
	// Permanent marks an EventRefreshFailed or EventAuthRejected that no
	// retry can fix: the machine fails.
	Permanent bool
}

// TimerOp tells the driver to start (or restart) a timer, or to stop it.
type TimerOp struct {
	Timer Timer
	Stop  bool          // stop the timer; otherwise (re)start it
	After time.Duration // when starting: fire after this long
}

// Decision is what the driver must do after an event, in this order: stop
// and start the Timers, cancel the dial, close the socket, refresh, dial,
// and finally, if Stop, release everything.
type Decision struct {
	// To is the state after the event (the current state when nothing changed).
	To State
	// Change is the state change record, nil when the state did not change.
	// Publish it: there is exactly one per change.
	Change *Change
	// Dial: start a dial now; report EventDialed or EventDialFailed.
	Dial bool
	// CancelDial: abandon the dial in flight; still report its outcome.
	CancelDial bool
	// Refresh: refresh the token once; report EventTokenRefreshed or
	// EventRefreshFailed.
	Refresh bool
	// CloseSocket: send a close frame with CloseCode and CloseReason and
	// release the socket without waiting long for the reply; report its end
	// (EventClosed, or EventDropped/EventServerClosed if it ends otherwise).
	CloseSocket bool
	CloseCode   int
	CloseReason string
	// Timers lists timer operations, in order.
	Timers []TimerOp
	// RetryIn is the delay of the retry timer started by this decision (0 if none).
	RetryIn time.Duration
	// Stop: the machine reached closed or failed; stop every timer, cancel
	// any dial or refresh, release the socket. No decision follows.
	Stop bool
}

// Change records one state change.
type Change struct {
	From, To State
	Event    Event  // the event that caused it
	Reason   string // a short, safe description ("server closed 1013 try again later")
	Attempt  int    // the attempt counter after the change (1 = first retry)
	// RetryIn is the delay until the next dial or refresh, 0 if none is scheduled.
	RetryIn time.Duration
	// CloseCode and CloseReason are set when a close frame or a transport
	// loss (1006) caused the change. CloseReason is safe ([SafeReason]).
	CloseCode   int
	CloseReason string
	Err         error // the underlying error, if any; may hold sensitive text
	At          time.Time
}
