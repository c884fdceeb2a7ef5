// Package fsm is wsgen's connection-state machine: it decides what a
// WebSocket client does next and performs no I/O. Events go in, a
// transition and a [Decision] come out: dial now, wait this long and then
// dial, refresh the token, start or stop a timer, close the socket, publish
// this state change, stop.
//
// Start from [New] and [Machine.Handle]:
//
//	m := fsm.New(&fsm.Options{CloseRules: rules})
//	d, err := m.Handle(fsm.Input{Event: fsm.EventStart})
//	// d.Dial is true: dial, then report EventDialed or EventDialFailed.
//
// A driver applies each Decision in field order (the [TimerOp]s,
// CancelDial, CloseSocket, Refresh, Dial, Stop; [Timers] runs the three
// timers on time.Timer for one event loop) and feeds back exactly one
// outcome per dial, per refresh and per socket. At most one dial is ever
// in flight. A Machine is not safe for concurrent use; Machines share
// nothing, no lock included, so any number run in parallel.
//
// The package-level table [Transitions] is the machine ([Mermaid] draws
// it); github.com/looplab/fsm runs the same table in the tests as the
// reference engine (TestLooplabAgrees). The [State] values are idle,
// connecting, live, retrying, refreshing, offline, closing, closed and
// failed; closed and failed are terminal. Handle answers each (state,
// event) pair with a row of the table, by absorbing the event (a late
// timer or socket end: empty Decision, no error), or by refusing it with
// an [*EventError] ([ErrInvalidEvent], [ErrTerminal], [ErrUnknownEvent])
// and leaving the machine unchanged. Every state change yields exactly one
// [Change] record.
//
// Defaults, each an [Options] field:
//   - [Backoff]: capped exponential, 1 s, 2 s, 4 s … 30 s; the attempt
//     counter resets only after a socket stays live 10 s (HealthyAfter).
//   - [JitterEven] keeps that schedule and spreads clients dropped
//     together, at any outage length, including a server that drops them
//     again or flaps; a delay is never above 35 s ([Backoff.MaxDelay]).
//   - Server hints (1013 and a protocol's minimum delays, Retry-After on a
//     429 or 503 handshake up to 5 min) are minimums, jittered so that they
//     never synchronise clients.
//   - [DefaultCloseRules] says which close codes complete, reconnect, fail
//     or refresh the token; [MergeCloseRules] adds a protocol's codes.
//   - Auth: one token refresh per rejection, never without a backoff delay
//     in between; 403 or a permanent rejection fails.
//   - Offline after a network-down report or 2 min of outage, dialing at
//     the cap without leaving offline.
//
// docs/fsm.md has the details and the reasons: the machine and
// looplab/fsm, the driver's contract, how the jitter was chosen by the
// reconnect storm (BENCHMARKS.md), hints, close codes, auth and offline.
package fsm
