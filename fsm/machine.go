package fsm

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// Machine is one connection's state machine. It is not safe for concurrent
// use: one goroutine (the driver's event loop) calls Handle. Machines on
// different goroutines may run concurrently.
type Machine struct {
	state State

	backoff    Backoff
	capAttempt int // first attempt whose ceiling is the cap
	healthy    time.Duration
	offline    time.Duration
	maxHint    time.Duration // the longest Retry-After honoured
	rules      []CloseRule
	rnd        *rand.Rand
	now        func() time.Time

	attempt   int
	retries   Run // the jitter's state for the current run of retries
	lastDial  time.Time
	dialing   bool // a dial is in flight
	sockets   int  // sockets whose end has not been reported
	refreshIn bool // a refresh is in flight
	needToken bool // the next try must refresh the token first
	refreshed bool // a refresh happened since the last healthy period
	netDown   bool
	outage    bool // the outage timer fired since the last live socket
	armed     [3]bool

	// scratch for the event being handled
	in  Input
	row Transition
	d   *Decision // &dec while an event is handled
	dec Decision
}

// New returns a machine in state idle. opts may be nil.
func New(opts *Options) *Machine {
	var o Options
	if opts != nil {
		o = *opts
	}
	b := DefaultBackoff()
	if o.Backoff != nil {
		b = o.Backoff.withDefaults()
	}
	if o.HealthyAfter <= 0 {
		o.HealthyAfter = 10 * time.Second
	}
	if o.MaxRetryAfter <= 0 {
		o.MaxRetryAfter = 5 * time.Minute
	}
	if o.OfflineAfter == 0 {
		o.OfflineAfter = 2 * time.Minute
	}
	if o.CloseRules == nil {
		o.CloseRules = DefaultCloseRules()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	m := &Machine{
		backoff: b,
		healthy: o.HealthyAfter,
		offline: o.OfflineAfter,
		maxHint: o.MaxRetryAfter,
		rules:   slices.Clone(o.CloseRules),
		rnd:     o.Rand,
		now:     o.Now,
	}
	m.capAttempt = 1
	for b.Ceiling(m.capAttempt) < b.Cap && m.capAttempt < 64 {
		m.capAttempt++
	}
	m.state = StateIdle
	return m
}

// enter applies the row chosen by route: the state changes, and the work
// of leaving and entering a state is done (a Machine's own, shared with no
// other Machine, so Handle takes no lock). Self-loops do neither, as in
// looplab/fsm, the reference engine of the tests (TestLooplabAgrees).
func (m *Machine) enter() {
	from, to := m.row.From, m.row.To
	if from == to {
		return
	}
	if from == StateLive {
		m.stopTimer(TimerHealthy)
	}
	m.state = to
	switch to {
	case StateLive:
		m.startTimer(TimerHealthy, m.healthy)
	case StateClosed, StateFailed:
		m.stopAll()
	}
}

// State returns the current state.
func (m *Machine) State() State { return m.state }

// Attempt returns the attempt counter: failures since the last healthy period.
func (m *Machine) Attempt() int { return m.attempt }

// Handle applies one event and returns what the driver must do. A refused
// event returns an *EventError and leaves the machine unchanged.
func (m *Machine) Handle(in Input) (Decision, error) {
	cur := m.State()
	m.row = Transition{}
	if !knownEvents[in.Event] {
		return Decision{To: cur}, &EventError{State: cur, Event: in.Event, Err: ErrUnknownEvent}
	}
	if cur.Terminal() {
		return Decision{To: cur}, &EventError{State: cur, Event: in.Event, Err: ErrTerminal}
	}
	g, v := m.route(cur, in)
	switch v {
	case invalid:
		return Decision{To: cur}, &EventError{State: cur, Event: in.Event, Err: ErrInvalidEvent}
	case absorb:
		m.absorb(cur, in)
		return Decision{To: cur}, nil
	}
	i := slices.IndexFunc(transitions, func(t Transition) bool {
		return t.From == cur && t.Event == in.Event && t.Guard == g
	})
	if i < 0 {
		panic(fmt.Sprintf("fsm: no row for %s %s [%s]", cur, in.Event, g))
	}
	m.dec = Decision{To: transitions[i].To}
	m.in, m.row, m.d = in, transitions[i], &m.dec
	defer func() { m.in, m.d, m.dec = Input{}, nil, Decision{} }()
	m.before()
	m.enter()
	m.after()
	if m.row.From != m.row.To {
		m.dec.Change = m.change()
	}
	return m.dec, nil
}

var knownEvents = func() map[Event]bool {
	k := map[Event]bool{}
	for _, e := range Events() {
		k[e] = true
	}
	return k
}()

type verdict uint8

const (
	move verdict = iota
	absorb
	invalid
)

// route picks the guard for the event in state s, or says the event is
// absorbed or invalid.
func (m *Machine) route(s State, in Input) (Guard, verdict) {
	switch in.Event {
	case EventStart:
		if s == StateIdle {
			return GuardNone, move
		}
		return GuardNone, absorb
	case EventDialed, EventDialFailed:
		if !m.dialing {
			return GuardNone, invalid
		}
		switch s {
		case StateClosing:
			if in.Event == EventDialFailed && m.sockets > 0 {
				return GuardPending, move
			}
			return GuardNone, move
		case StateConnecting, StateOffline:
			if in.Event == EventDialed {
				return GuardNone, move
			}
			return m.failGuard(s, in.HTTPStatus == 403, in.HTTPStatus == 401), move
		}
		return GuardNone, invalid
	case EventDropped, EventServerClosed, EventClosed, EventAuthRejected:
		if m.sockets == 0 {
			return GuardNone, invalid
		}
		switch s {
		case StateLive:
			switch in.Event {
			case EventDropped:
				return GuardNone, move
			case EventClosed:
				return GuardNone, invalid
			case EventAuthRejected:
				return m.failGuard(s, in.Permanent, true), move
			}
			switch LookupCloseRule(m.rules, in.Code).Action {
			case CloseComplete:
				return GuardComplete, move
			case CloseStop:
				return GuardFatal, move
			case CloseRefreshAuth:
				return m.failGuard(s, false, true), move
			}
			return GuardNone, move
		case StateClosing:
			if in.Event == EventAuthRejected {
				return GuardNone, absorb
			}
			if m.sockets > 1 || m.dialing {
				return GuardPending, move
			}
			return GuardNone, move
		}
		return GuardNone, absorb // the late end of an abandoned socket
	case EventTokenRefreshed, EventRefreshFailed:
		if !m.refreshIn {
			return GuardNone, invalid
		}
		if in.Event == EventRefreshFailed && in.Permanent {
			return GuardFatal, move
		}
		if s == StateRefreshing && (m.outage || m.netDown) {
			return GuardOutage, move
		}
		return GuardNone, move
	case EventRetryTimer:
		if !m.armed[TimerRetry] || (s != StateRetrying && s != StateOffline) || m.dialing || m.refreshIn {
			return GuardNone, absorb
		}
		if m.needToken {
			return GuardToken, move
		}
		return GuardNone, move
	case EventHealthyTimer:
		if s == StateLive && m.armed[TimerHealthy] {
			return GuardNone, move
		}
		return GuardNone, absorb
	case EventOfflineTimer:
		if m.armed[TimerOffline] && (s == StateConnecting || s == StateRetrying || s == StateRefreshing) {
			return GuardNone, move
		}
		return GuardNone, absorb
	case EventNetworkDown:
		if s == StateConnecting || s == StateLive || s == StateRetrying || s == StateRefreshing {
			return GuardNone, move
		}
		return GuardNone, absorb
	case EventNetworkUp:
		if s != StateOffline {
			return GuardNone, absorb
		}
		switch {
		case m.dialing:
			return GuardPending, move
		case m.refreshIn || m.needToken:
			return GuardToken, move
		}
		return GuardNone, move
	case EventCloseRequested:
		switch s {
		case StateClosing:
			return GuardNone, absorb
		case StateOffline:
			if m.dialing {
				return GuardPending, move
			}
		}
		return GuardNone, move
	}
	return GuardNone, invalid
}

// failGuard classifies a failed dial or a rejection on a live socket.
func (m *Machine) failGuard(s State, fatal, auth bool) Guard {
	switch {
	case fatal:
		return GuardFatal
	case auth && !m.refreshed:
		return GuardAuth
	case s == StateOffline && auth:
		return GuardAuthAgain
	case s == StateOffline:
		return GuardNone
	case m.outage || m.netDown:
		return GuardOutage
	case auth:
		return GuardAuthAgain
	}
	return GuardNone
}

// absorb notes an event that changes no state.
func (m *Machine) absorb(s State, in Input) {
	switch in.Event {
	case EventDropped, EventServerClosed, EventClosed:
		m.sockets-- // route checked sockets > 0
	case EventRetryTimer:
		m.armed[TimerRetry] = false // it fired, so it is no longer running
	case EventHealthyTimer:
		m.armed[TimerHealthy] = false
	case EventOfflineTimer:
		if m.armed[TimerOffline] {
			m.armed[TimerOffline] = false
			m.outage = s != StateLive && s != StateIdle
		}
	case EventNetworkDown:
		m.netDown = true
	case EventNetworkUp:
		m.netDown = false
	}
}

// before updates what the event itself settles, ahead of the transition.
func (m *Machine) before() {
	in, from := m.in, m.row.From
	switch in.Event {
	case EventDialed:
		m.dialing = false
		m.sockets++
	case EventDialFailed:
		m.dialing = false
	case EventDropped, EventServerClosed, EventClosed:
		m.sockets--
	case EventTokenRefreshed:
		m.refreshIn = false
		m.needToken = false
		m.refreshed = true
	case EventRefreshFailed:
		m.refreshIn = false
		m.needToken = true
	case EventRetryTimer:
		m.armed[TimerRetry] = false
	case EventHealthyTimer:
		m.armed[TimerHealthy] = false
		m.attempt, m.retries, m.refreshed = 0, Run{}, false
	case EventOfflineTimer:
		m.armed[TimerOffline] = false
		m.outage = true
	case EventNetworkDown:
		m.netDown = true
	case EventNetworkUp:
		m.netDown = false
	case EventAuthRejected:
		// the socket stays open until the driver reports its end
		m.closeSocket(CloseNormal, "reauthenticating")
	}
	if m.row.Guard == GuardAuthAgain || (m.row.Guard == GuardOutage && in.HTTPStatus == 401) {
		m.needToken = true
	}
	if from == StateLive && in.Event == EventNetworkDown {
		m.closeSocket(1001, "network down")
	}
}

// after issues the decisions of the new state.
func (m *Machine) after() {
	in, row := m.in, m.row
	switch row.To {
	case StateConnecting:
		m.stopTimer(TimerRetry)
		if !m.dialing {
			m.dial()
		}
		if row.From == StateIdle {
			m.startOutage()
		}
	case StateLive:
		m.stopTimer(TimerRetry)
		m.stopTimer(TimerOffline)
		m.outage, m.netDown = false, false
	case StateRetrying:
		m.retry(m.minDelay(), false)
		m.startOutage()
	case StateRefreshing:
		m.stopTimer(TimerRetry)
		if !m.refreshIn {
			m.refreshIn = true
			m.d.Refresh = true
		}
		m.startOutage()
	case StateOffline:
		m.stopTimer(TimerOffline)
		switch {
		case m.dialing || m.refreshIn || m.armed[TimerRetry]:
			// something is already pending
		case in.Event == EventTokenRefreshed && !m.netDown:
			m.dial()
		case in.Event == EventRetryTimer:
			m.dial()
		default:
			m.retry(m.minDelay(), true)
		}
	case StateClosing:
		m.stopAll()
		switch {
		case in.Event == EventDialed:
			m.closeSocket(CloseNormal, "")
		case row.From == StateLive:
			code := in.Code
			if !sendable(code) {
				code = CloseNormal
			}
			m.closeSocket(code, in.Reason)
		case row.From != StateClosing && m.dialing:
			m.d.CancelDial = true
		}
	case StateClosed, StateFailed:
		m.d.Stop = true
		if m.dialing {
			m.d.CancelDial = true
		}
		m.dialing, m.refreshIn = false, false
	}
}

// minDelay is the server's hint for the event: a close rule's MinDelay, or
// the Retry-After of a 429 or 503 handshake (at most Options.MaxRetryAfter).
func (m *Machine) minDelay() time.Duration {
	switch in := m.in; in.Event {
	case EventServerClosed:
		return LookupCloseRule(m.rules, in.Code).MinDelay
	case EventDialFailed:
		if in.HTTPStatus == 429 || in.HTTPStatus == 503 {
			return min(max(in.RetryAfter, 0), m.maxHint)
		}
	}
	return 0
}

// sendable reports whether code may be sent in a close frame (RFC 6455
// 7.4: 1000–1003, 1007–1014 and 3000–4999; never 1005, 1006 or 1015).
func sendable(code int) bool {
	switch {
	case code >= 1000 && code <= 1003, code >= 1007 && code <= 1014, code >= 3000 && code <= 4999:
		return true
	}
	return false
}

func (m *Machine) dial() {
	m.dialing = true
	m.d.Dial = true
	if m.backoff.Jitter == JitterEven {
		m.lastDial = m.now()
	}
}

// retry counts a failure and starts the retry timer; atCap waits as long
// as an attempt at the cap without inflating the counter. A server hint
// (hint > 0) is a minimum: the delay is at least the hint plus a jitter
// uniform over a window as long as the hint (at least the attempt's
// ceiling, at most the cap), so clients given one hint at one instant
// return spread over that window; JitterNone adds no jitter.
func (m *Machine) retry(hint time.Duration, atCap bool) {
	m.attempt++
	n := m.attempt
	if atCap {
		n = max(n, m.capAttempt)
	}
	var d time.Duration
	if m.row.From == StateLive && m.backoff.Jitter == JitterEven && m.retries.started {
		// A socket that ends before its healthy period does not restart
		// the run: the next dial is where the run puts it after the dial
		// that opened the socket, as if that dial had failed. The clients
		// a server drops together thus keep their own, spread instants. A
		// run whose next dial has already passed begins anew.
		run := m.retries
		at := m.lastDial.Add(m.backoff.Next(&run, n, m.rnd))
		if wait := at.Sub(m.now()); wait > 0 {
			d, m.retries = wait, run
		} else {
			m.retries.End()
		}
	} else if m.row.From == StateLive {
		m.retries.End()
	}
	if d == 0 {
		d = m.backoff.Next(&m.retries, n, m.rnd)
	}
	if hint > 0 {
		h := hint
		if m.backoff.Jitter != JitterNone {
			h += uniform(m.rnd, 0, min(m.backoff.Cap, max(hint, m.backoff.Ceiling(n))))
		}
		d = max(d, h)
	}
	m.startTimer(TimerRetry, d)
	m.d.RetryIn = d
}

func (m *Machine) startOutage() {
	if m.offline > 0 && !m.armed[TimerOffline] && !m.outage {
		m.startTimer(TimerOffline, m.offline)
	}
}

func (m *Machine) startTimer(t Timer, after time.Duration) {
	m.armed[t] = true
	m.d.Timers = append(m.d.Timers, TimerOp{Timer: t, After: after})
}

func (m *Machine) stopTimer(t Timer) {
	if m.armed[t] {
		m.armed[t] = false
		m.d.Timers = append(m.d.Timers, TimerOp{Timer: t, Stop: true})
	}
}

func (m *Machine) stopAll() {
	for _, t := range []Timer{TimerRetry, TimerHealthy, TimerOffline} {
		m.stopTimer(t)
	}
}

func (m *Machine) closeSocket(code int, reason string) {
	m.d.CloseSocket = true
	m.d.CloseCode = code
	m.d.CloseReason = SafeReason(reason)
}

// change builds the record of the transition just made.
func (m *Machine) change() *Change {
	in := m.in
	c := &Change{
		From: m.row.From, To: m.row.To, Event: in.Event,
		Attempt: m.attempt, RetryIn: m.d.RetryIn, Err: in.Err, At: m.now(),
	}
	switch in.Event {
	case EventDropped:
		c.CloseCode = CloseAbnormal
		c.Reason = "transport lost"
		if in.Code != 0 { // the client closed the socket itself with Code (1009)
			c.CloseCode, c.CloseReason = in.Code, SafeReason(in.Reason)
			c.Reason = fmt.Sprintf("client closed %d (%s)", in.Code, SafeReason(in.Reason))
		}
	case EventServerClosed:
		r := LookupCloseRule(m.rules, in.Code)
		c.CloseCode, c.CloseReason = in.Code, SafeReason(in.Reason)
		c.Reason = fmt.Sprintf("server closed %d (%s)", in.Code, r.Name)
	case EventDialFailed:
		c.Reason = "dial failed"
		if in.HTTPStatus != 0 {
			c.Reason = fmt.Sprintf("dial failed: HTTP %d", in.HTTPStatus)
		}
	case EventOfflineTimer:
		c.Reason = fmt.Sprintf("no connection for %s", m.offline)
	case EventCloseRequested:
		c.Reason = "close requested"
		if m.d.CloseSocket {
			c.CloseCode, c.CloseReason = m.d.CloseCode, m.d.CloseReason
		}
	case EventRefreshFailed:
		c.Reason = "token refresh failed"
		if in.Permanent {
			c.Reason += " permanently"
		}
	case EventAuthRejected:
		c.Reason = "credential rejected"
		if in.Permanent {
			c.Reason += " permanently"
		}
	default:
		c.Reason = eventReasons[in.Event]
	}
	if m.row.Guard == GuardAuthAgain {
		c.Reason += "; rejected again after a refresh, backing off"
	}
	return c
}

var eventReasons = map[Event]string{
	EventStart:          "start",
	EventDialed:         "connected",
	EventTokenRefreshed: "token refreshed",
	EventRetryTimer:     "retry",
	EventNetworkDown:    "network down",
	EventNetworkUp:      "network up",
	EventClosed:         "socket closed",
}
