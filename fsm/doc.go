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
// A driver applies each Decision ([Timers] runs the three timers on
// time.Timer for a single event loop) and feeds back what happened.
//
// The package-level table [Transitions] is the machine; [Mermaid] draws it
// (see README.md). A Machine is not safe for concurrent use: the driver
// (package conn) calls Handle from its one event-loop goroutine. Machines
// share nothing, no lock included: any number of them run in parallel.
//
// # The machine and looplab/fsm
//
// Handle picks the row itself: route names the guard, the row gives the
// next state, and Handle does the work of leaving and entering states (the
// healthy timer on live, stopping everything on closed and failed). A
// looplab/fsm engine has no decision left to make, so Handle does not call
// one. github.com/looplab/fsm is the reference engine of the tests instead:
// the table, converted to looplab events, runs in it, and every
// transition the Machine makes in the property test (random walks over
// every event and payload) is replayed on it and must reach the same state
// and leave and enter the same states (TestLooplabAgrees). The numbers
// that decided it (BENCHMARKS.md, 2 shared cores): a Machine owning a
// looplab engine would add 22,280 B and 117 allocations to each
// connection (BenchmarkLooplabEngine; a Machine is 2,016 B,
// BenchmarkNew), and one engine shared by all Machines needs a lock that
// every lifecycle event of every connection of the process takes (the
// previous design). Without it a reconnect cycle (three Handle calls) is
// 8 allocations and 592 B instead of 29 and 1,795 B (BenchmarkHandle),
// and BenchmarkHandleParallel scales with the cores.
//
// # States and events
//
// The [State] values are the names users see: idle, connecting, live,
// retrying, refreshing, offline, closing, closed and failed; closed and
// failed are terminal. The [Event] values are what the driver reports. An
// [Input] carries the event and its payload (error, HTTP status, close code
// and reason, permanence, Retry-After).
//
// Handle answers each (state, event) pair in one of three ways:
//
//   - a row of the table applies: the state changes (or stays, for the
//     self-loops drawn in the diagram) and the Decision says what to do;
//     when the state changed, Decision.Change is the one record to publish;
//   - the event is absorbed: a timer that fired after it stopped mattering,
//     the late end of a socket the machine already abandoned, a second
//     start or close request, a network report that moves nothing. The
//     machine notes it and returns an empty Decision and no error;
//   - the event is refused with an [*EventError] wrapping [ErrInvalidEvent]
//     (an outcome with nothing in flight, such as EventDialed with no dial,
//     a driver bug), [ErrTerminal] (after closed or failed no decision
//     follows) or [ErrUnknownEvent]. The machine is unchanged.
//
// # The driver's contract
//
// Apply a Decision in field order: run the [TimerOp]s (start replaces a
// running timer of the same kind), CancelDial, CloseSocket, Refresh, Dial,
// Stop. Report exactly one outcome per dial (even a cancelled one), one
// outcome per refresh, and one end per socket (EventDropped,
// EventServerClosed or EventClosed). When a timer fires, Handle
// [Timer.Event]. At most one dial is ever in flight.
//
// # Backoff and jitter
//
// [Backoff] is capped exponential: 1 s, 2 s, 4 s … 30 s by default. The
// attempt counter counts failures since the last healthy period and resets
// only when a socket has stayed live for Options.HealthyAfter (10 s): a
// socket that opens and closes at once keeps backing off.
//
// The default jitter, [JitterEven], was chosen by the reconnect storm
// (TestReconnectStorm, BENCHMARKS.md: 10,000 clients in virtual time,
// outages of 5 s to 5 min, a server that drops everyone again 25 s after
// it returns, and one that flaps, down 20 s and up 3 s). What a server
// feels is how evenly the dials that follow its return are spread, so the
// strategy keeps each client's dials a random process that is equally
// dense at every instant, whichever instant the server returns at and
// whatever the other clients went through:
//
//   - A run of retries begins at the first failure after a start or after
//     a healthy socket. It draws a phase u in [0, 1) and a pace p in
//     [0.3, 1] ([EvenMinPace]) and keeps them. Below the cap, the dial of
//     each attempt falls at the point u of that attempt's window of the
//     schedule, the schedule run at pace p: each delay stays at or below
//     its ceiling (1, 2, 4, 8, 16 s), and the clients of one outage fill
//     each window evenly instead of bunching at its start, as full jitter
//     does (the wait until a full-jitter client's next dial after any
//     instant is more often short than long). The paces make the runs
//     reach the cap between 9 and 31 s, so the dial rate thins to the cap
//     rate gradually instead of at one instant.
//   - At the cap every delay is drawn afresh, uniform in
//     [Cap - Cap/6, Cap + Cap/6] (25–35 s; [EvenCapSpread]): one dial per
//     client per cap on average, and no two clients stay in step. The
//     first capped delay of a run is drawn from that window's residual
//     (equilibrium) distribution, flat on [0, 25 s] and falling to 0 at
//     35 s: a renewal process that starts so is equally dense at every
//     instant from its start, so clients dropped together at the cap
//     arrive at the cap rate from the first second.
//   - A socket that ends before its healthy period does not begin a new
//     run: the next dial falls where the run puts it after the dial that
//     opened the socket, as if that dial had failed (Options.Now tells the
//     time since). The clients a server drops together at one instant thus
//     keep their own instants, which were spread, and a server that lets
//     some clients in and drops them again (a flapping server) sees the
//     same even rate as one that stayed down. Only if that instant has
//     passed does a new run begin.
//
// A delay is therefore never above Cap + Cap/6 ([Backoff.MaxDelay]), and
// after a server returns every client is live within Cap + Cap/6 (35 s).
// The other strategies ([JitterSpread], the previous default; none; full;
// equal; decorrelated) remain selectable; their storm lines are in
// BENCHMARKS.md (go test ./fsm -run TestReconnectStorm -v -storm.all).
//
// # Server hints
//
// A server can ask for a longer wait: a close code with a minimum delay
// (1013 try again later, [TryAgainDelay], 5 s; a protocol's codes with
// minDelayMs, [CloseRule].MinDelay), or Retry-After on a 429 or 503
// handshake (Input.RetryAfter, honoured up to Options.MaxRetryAfter, 5 min;
// ignored on other statuses). A hint H is a minimum, and it is jittered
// so that it never synchronises the clients it was given to at once: the
// delay is the larger of the backoff delay and H + X, X uniform over a
// window as long as H (at least the attempt's ceiling, at most the cap).
// 10,000 clients told "1013" together return spread over 5–10 s, told
// "Retry-After: 60" together over 60–90 s (TestHintsDoNotSynchronise).
// JitterNone adds no X. A delay is thus never above H + Cap + Cap/6.
//
// # Close codes
//
// [DefaultCloseRules] is the RFC 6455 / IANA table: 1000 completes
// (closed); 1001, 1005, 1006, 1011, 1012, 1013 (at least [TryAgainDelay]
// more), 1014 and 3008 reconnect; 1002, 1003, 1007, 1008, 1009, 1010, 1015
// and 3003 fail; 3000 refreshes the token. [MergeCloseRules] adds a
// protocol's 4000–4999 codes ([ParseCloseAction] reads the generated
// tables' action names). Codes in no table, private ones included,
// reconnect with backoff. A transport loss (EventDropped) is told apart
// from a server close: its record carries 1006 and event dropped. Close
// reasons are kept only through [SafeReason] (control characters removed,
// at most 123 bytes).
//
// # Auth
//
// HTTP 401 at the handshake, a refresh-auth close code or EventAuthRejected
// moves to refreshing with Decision.Refresh (a live socket is closed with
// 1000 first): exactly one refresh per
// rejection, then a fresh dial. A rejection again after a refresh and
// before a healthy period backs off in retrying; when the retry timer
// fires, the machine refreshes once more and dials (one refresh per
// rejection, but never without a backoff delay in between). HTTP 403, a
// permanent rejection, a permanent refresh failure or a stop close code
// ends in failed. A transient refresh failure backs off and refreshes again.
// Any other handshake status (404, 429, 5xx) retries with backoff; 429 and
// 503 may carry Retry-After.
//
// # Offline
//
// EventNetworkDown moves to offline at once (a live socket is closed with
// 1001). An outage longer than Options.OfflineAfter (2 min, counted from
// the loss or the start) also moves to offline. In offline the machine keeps
// trying at the cap (a network report is a hint: a missed network-up costs
// at most one cap), dialing without leaving offline, so a UI shows
// "offline" rather than flickering; a dial that succeeds goes live.
// EventNetworkUp dials at once (connecting), or refreshes first when a
// token is owed.
//
// # State change records
//
// Every state change yields exactly one [Change]: from, to, the event, a
// short safe reason, the attempt counter, the delay until the next try,
// the close code and reason when there was one, the underlying error and
// the time (Options.Now). Self-loops yield none.
package fsm
