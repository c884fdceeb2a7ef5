package conn

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wsgen/wsgen/fsm"
)

// The owner: every event (a dial or refresh outcome, a socket's end, a
// timer, a user command) is posted to one queue and handled by the owner
// goroutine, one event at a time. The owner goroutine is started when an
// event is posted and ends when the queue is empty, so an idle live Client
// holds no goroutine for it: only the socket's reader.

type evKind uint8

const (
	evStart evKind = iota
	evDialed
	evDialFailed
	evSocketEnd
	evRefreshed
	evRefreshFailed
	evClose
	evNetwork
	evForce
	evCtxDone
	evTimer
	evPing
	evCloseTimeout
)

// event is one input of the owner.
type event struct {
	kind       evKind
	link       *link
	ws         *websocket.Conn
	status     int
	retryAfter time.Duration
	err        error
	token      string
	expiry     time.Time
	permanent  bool
	code       int
	reason     string
	up         bool
	timer      fsm.Timer
	seq        uint64 // timer events: the arming they belong to
}

// post queues ev for the owner and starts the owner goroutine if needed.
func (c *Client) post(ev event) {
	c.evMu.Lock()
	if c.finished {
		c.evMu.Unlock()
		if ev.ws != nil {
			ev.ws.NetConn().Close()
		}
		return
	}
	c.evq = append(c.evq, ev)
	if !c.evRunning {
		c.evRunning = true
		go c.ownerLoop()
	}
	c.evMu.Unlock()
}

func (c *Client) ownerLoop() {
	o := &c.own
	for {
		c.evMu.Lock()
		batch := c.evq
		c.evq = nil
		if len(batch) == 0 {
			if o.stopped && o.inflight == 0 {
				c.finished = true
				c.evMu.Unlock()
				c.finish()
				return
			}
			c.evRunning = false
			c.evMu.Unlock()
			return
		}
		c.evMu.Unlock()
		for _, ev := range batch {
			c.process(ev)
		}
	}
}

func (c *Client) process(ev event) {
	o := &c.own
	switch ev.kind {
	case evStart:
		c.handle(fsm.Input{Event: fsm.EventStart})
	case evCtxDone:
		o.ctxDone, o.ctxErr = true, ev.err
		if !o.closeAsked {
			c.requestClose(1001, "going away")
		}
	case evClose:
		c.requestClose(ev.code, ev.reason)
	case evForce:
		c.forceClose()
	case evNetwork:
		e := fsm.EventNetworkDown
		if ev.up {
			e = fsm.EventNetworkUp
		}
		c.handle(fsm.Input{Event: e})
	case evTimer:
		if ev.seq == o.timerSeq[ev.timer] && o.timers[ev.timer] != nil {
			o.timers[ev.timer] = nil
			c.handle(fsm.Input{Event: ev.timer.Event()})
		}
	case evPing:
		if ev.seq == o.pingSeq {
			c.sendPing()
		}
	case evCloseTimeout:
		if ev.seq == o.closeSeq && o.link != nil {
			c.opts.Logger.Debug("close handshake timed out", "gen", o.link.gen)
			o.link.ws.NetConn().Close()
		}
	default:
		c.onEvent(ev)
	}
}

func (c *Client) requestClose(code int, reason string) {
	c.own.closeAsked = true
	c.handle(fsm.Input{Event: fsm.EventCloseRequested, Code: code, Reason: reason})
}

// forceClose ends the socket without waiting for the close handshake.
func (c *Client) forceClose() {
	o := &c.own
	if !o.closeAsked {
		c.requestClose(1001, "going away")
	}
	if o.link != nil {
		o.link.ws.NetConn().Close()
	}
	if o.dialCancel != nil {
		o.dialCancel()
	}
	if o.refreshStop != nil {
		o.refreshStop()
	}
}

// handle feeds the machine and applies its decision in the documented
// order: timers, cancel dial, close socket, (activate a new live socket),
// publish, refresh, dial, stop.
func (c *Client) handle(in fsm.Input) {
	o := &c.own
	if o.stopped {
		return
	}
	d, err := o.m.Handle(in)
	if err != nil {
		c.opts.Logger.Debug("state machine refused an event", "event", in.Event, "error", err)
		return
	}
	for _, op := range d.Timers {
		if op.Stop {
			c.stopTimer(op.Timer)
		} else {
			c.startTimer(op.Timer, op.After)
		}
	}
	if d.CancelDial && o.dialCancel != nil {
		o.dialCancel()
	}
	if d.CloseSocket {
		c.closeSocket(d.CloseCode, d.CloseReason)
	}
	if in.Event == fsm.EventDialed && d.To == fsm.StateLive && o.link != nil && !o.link.closing {
		// Sends are accepted before anyone learns the state is live.
		c.activate(o.link)
		c.armPing()
	}
	if d.Change != nil {
		c.publish(d.Change)
	}
	if d.Refresh {
		c.startRefresh()
	}
	if d.Dial {
		c.startDial()
	}
	if d.Stop {
		o.stopped = true
		c.beginTeardown()
	}
}

func (c *Client) startTimer(t fsm.Timer, after time.Duration) {
	o := &c.own
	if o.timers[t] != nil {
		o.timers[t].Stop()
	}
	o.timerSeq[t]++
	seq := o.timerSeq[t]
	o.timers[t] = time.AfterFunc(after, func() { c.post(event{kind: evTimer, timer: t, seq: seq}) })
}

func (c *Client) stopTimer(t fsm.Timer) {
	o := &c.own
	if o.timers[t] != nil {
		o.timers[t].Stop()
		o.timers[t] = nil
	}
	o.timerSeq[t]++
}

func (c *Client) armPing() {
	o := &c.own
	if c.opts.PingInterval <= 0 {
		return
	}
	c.disarmPing()
	seq := o.pingSeq
	o.ping = time.AfterFunc(c.opts.PingInterval, func() { c.post(event{kind: evPing, seq: seq}) })
}

func (c *Client) disarmPing() {
	o := &c.own
	if o.ping != nil {
		o.ping.Stop()
		o.ping = nil
	}
	o.pingSeq++
}

func (c *Client) armCloseTimeout() {
	o := &c.own
	c.disarmCloseTimeout()
	seq := o.closeSeq
	o.closeT = time.AfterFunc(c.opts.CloseTimeout, func() { c.post(event{kind: evCloseTimeout, seq: seq}) })
}

func (c *Client) disarmCloseTimeout() {
	o := &c.own
	if o.closeT != nil {
		o.closeT.Stop()
		o.closeT = nil
	}
	o.closeSeq++
}

// publish records a state change and hands it to the observer.
func (c *Client) publish(ch *fsm.Change) {
	if ch.To.Terminal() {
		c.own.lastChange = ch
	}
	c.mu.Lock()
	c.state, c.since = ch.To, ch.At
	if ch.To == fsm.StateFailed {
		c.lastFail = ch
	}
	if ch.To.Terminal() {
		c.closed = true
	}
	close(c.stateCh)
	c.stateCh = make(chan struct{})
	gen := c.gen
	c.mu.Unlock()
	attrs := []slog.Attr{
		slog.String("from", string(ch.From)), slog.String("to", string(ch.To)),
		slog.String("event", string(ch.Event)), slog.String("reason", ch.Reason),
		slog.Int("attempt", ch.Attempt), slog.Uint64("gen", gen),
	}
	if ch.RetryIn > 0 {
		attrs = append(attrs, slog.Duration("retry_in", ch.RetryIn))
	}
	if ch.CloseCode != 0 {
		attrs = append(attrs, slog.Int("close_code", ch.CloseCode), slog.String("close_reason", ch.CloseReason))
	}
	if ch.Err != nil {
		attrs = append(attrs, slog.String("error", c.redact(ch.Err)))
	}
	c.opts.Logger.LogAttrs(context.Background(), slog.LevelInfo, "state", attrs...)
	if c.opts.OnState != nil {
		c.inbox.push(inItem{state: &StateChange{Change: *ch, Generation: gen}})
	}
}

// startDial dials on a goroutine of its own, fetching a token first when
// none is held or it has expired.
func (c *Client) startDial() {
	o := &c.own
	ctx, cancel := context.WithCancel(o.baseCtx)
	o.dialCancel = cancel
	o.inflight++
	tok := o.token
	timeout := c.opts.HandshakeTimeout
	fetch := c.opts.Token != nil && (tok == "" || !o.tokenExpiry.IsZero() && !time.Now().Before(o.tokenExpiry))
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		defer cancel()
		ev := event{kind: evDialFailed}
		if fetch {
			v, exp, err := c.opts.Token.Token(ctx)
			if err != nil {
				ev.err, ev.permanent = &TokenError{Err: err}, errors.Is(err, ErrPermanent)
				c.post(ev)
				return
			}
			ev.token, ev.expiry, tok = v, exp, v
		}
		h := c.opts.Header.Clone()
		if h == nil {
			h = http.Header{}
		}
		if tok != "" {
			h.Set("Authorization", "Bearer "+tok)
		}
		hctx, hcancel := context.WithTimeout(ctx, timeout)
		d, stop := cancellableDialer(c.opts.Dialer)
		ws, resp, err := d.DialContext(hctx, c.url, h)
		if !stop() && err == nil {
			// Cancelled as the handshake completed: its socket is closed.
			ws.NetConn().Close()
			ws, err = nil, context.Cause(hctx)
		}
		hcancel()
		if resp != nil {
			ev.status = resp.StatusCode
			ev.retryAfter = retryAfter(resp.Header.Get("Retry-After"))
		}
		if err != nil {
			ev.err = err
			c.post(ev)
			return
		}
		ev.kind, ev.ws = evDialed, ws
		c.post(ev)
	}()
}

// cancellableDialer returns a copy of d whose connections are closed when
// their dial's context is cancelled, until stop is called. gorilla/websocket v1.5.3
// watches the context only while connecting TCP: its HTTP upgrade obeys the
// context's deadline but not its cancellation, so without this a Close
// during a stalled handshake would wait for HandshakeTimeout. Both run on
// the dialing goroutine. stop reports false when the context ended (either way) before
// it: the caller then drops a connection the handshake may have completed.
func cancellableDialer(d *websocket.Dialer) (*websocket.Dialer, func() bool) {
	dc := *d
	var stops []func() bool
	watch := func(dial func(context.Context, string, string) (net.Conn, error)) func(context.Context, string, string) (net.Conn, error) {
		return func(ctx context.Context, network, addr string) (net.Conn, error) {
			nc, err := dial(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			stops = append(stops, context.AfterFunc(ctx, func() {
				if errors.Is(ctx.Err(), context.Canceled) {
					nc.Close() // a passed deadline is gorilla's to report
				}
			}))
			return nc, nil
		}
	}
	base := dc.NetDialContext
	if base == nil && dc.NetDial != nil {
		nd := dc.NetDial
		base = func(_ context.Context, network, addr string) (net.Conn, error) { return nd(network, addr) }
	}
	if base == nil {
		base = (&net.Dialer{}).DialContext
	}
	dc.NetDialContext = watch(base)
	if dc.NetDialTLSContext != nil {
		dc.NetDialTLSContext = watch(dc.NetDialTLSContext)
	}
	return &dc, func() bool {
		ok := true
		for _, stop := range stops {
			ok = stop() && ok
		}
		return ok
	}
}

func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

// TokenError reports a failure of the TokenSource.
type TokenError struct{ Err error }

func (e *TokenError) Error() string { return "conn: token source: " + e.Err.Error() }

// Unwrap returns the source's error.
func (e *TokenError) Unwrap() error { return e.Err }

// startRefresh asks the token source for a new token.
func (c *Client) startRefresh() {
	o := &c.own
	if c.opts.Token == nil {
		// Nothing to refresh with: report at once that it "succeeded", so the
		// machine dials again (and the server decides).
		o.inflight++
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			c.post(event{kind: evRefreshed})
		}()
		return
	}
	ctx, cancel := context.WithCancel(o.baseCtx)
	o.refreshStop = cancel
	o.inflight++
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		defer cancel()
		v, exp, err := c.opts.Token.Token(ctx)
		if err != nil {
			c.post(event{kind: evRefreshFailed, err: &TokenError{Err: err}, permanent: errors.Is(err, ErrPermanent)})
			return
		}
		c.post(event{kind: evRefreshed, token: v, expiry: exp})
	}()
}

func (c *Client) onEvent(ev event) {
	o := &c.own
	o.inflight--
	if o.stopped {
		// The late outcome of something abandoned by the teardown.
		if ev.ws != nil {
			ev.ws.NetConn().Close()
		}
		if ev.kind == evSocketEnd {
			c.deactivate(ev.link)
			if o.link == ev.link {
				o.link = nil
			}
		}
		return
	}
	switch ev.kind {
	case evDialed:
		o.dialCancel = nil
		if ev.token != "" {
			c.setToken(ev.token, ev.expiry)
		}
		c.onDialed(ev.ws)
	case evDialFailed:
		o.dialCancel = nil
		if ev.token != "" {
			c.setToken(ev.token, ev.expiry)
		}
		status := ev.status
		if ev.permanent {
			status = http.StatusForbidden
		}
		c.opts.Logger.Info("dial failed", "status", ev.status, "error", c.redact(ev.err))
		c.handle(fsm.Input{Event: fsm.EventDialFailed, Err: ev.err, HTTPStatus: status, RetryAfter: ev.retryAfter})
	case evRefreshed:
		o.refreshStop = nil
		if ev.token != "" {
			c.setToken(ev.token, ev.expiry)
		}
		c.opts.Logger.Info("token refreshed")
		c.handle(fsm.Input{Event: fsm.EventTokenRefreshed})
	case evRefreshFailed:
		o.refreshStop = nil
		c.opts.Logger.Info("token refresh failed", "error", c.redact(ev.err))
		c.handle(fsm.Input{Event: fsm.EventRefreshFailed, Err: ev.err, Permanent: ev.permanent})
	case evSocketEnd:
		c.onSocketEnd(ev.link, ev.err)
	}
}

// onDialed registers the new socket, starts its reader (every socket
// reports its end through it) and tells the machine; handle activates it
// when the machine goes live.
func (c *Client) onDialed(ws *websocket.Conn) {
	o := &c.own
	c.mu.Lock()
	c.gen++
	l := &link{ws: ws, gen: c.gen}
	c.mu.Unlock()
	o.link = l
	c.inMu.Lock()
	c.inGen = l.gen // from now on, only this socket's frames are accepted
	c.inMu.Unlock()
	ws.SetReadLimit(c.opts.ReadLimit)
	if c.opts.PingInterval > 0 {
		window := c.opts.PingInterval + c.opts.PongTimeout
		ws.SetPongHandler(func(string) error {
			return ws.SetReadDeadline(time.Now().Add(window + window/16))
		})
	}
	c.opts.Logger.Debug("socket open", "gen", l.gen)
	c.handle(fsm.Input{Event: fsm.EventDialed})
	// The reader starts after the change into live is queued for OnState,
	// so none of this socket's messages reaches the Handler before it.
	o.inflight++
	c.wg.Add(1)
	go c.reader(l)
}

func (c *Client) sendPing() {
	o := &c.own
	if o.link == nil || o.link.closing {
		return
	}
	err := o.link.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(c.opts.WriteTimeout))
	if err != nil {
		c.opts.Logger.Debug("ping failed", "gen", o.link.gen, "error", c.redact(err))
		o.link.ws.NetConn().Close()
		return
	}
	c.armPing()
}

// closeSocket sends our close frame and waits (bounded) for the server's.
func (c *Client) closeSocket(code int, reason string) {
	o := &c.own
	l := o.link
	if l == nil || l.closing {
		return
	}
	l.closing = true
	c.deactivate(l)
	c.disarmPing()
	c.opts.Logger.Info("closing", "gen", l.gen, "close_code", code, "close_reason", reason)
	msg := websocket.FormatCloseMessage(code, reason)
	if err := l.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(c.opts.WriteTimeout)); err != nil {
		l.ws.NetConn().Close()
		return
	}
	c.armCloseTimeout()
}

// onSocketEnd classifies the end of a socket for the machine.
func (c *Client) onSocketEnd(l *link, err error) {
	o := &c.own
	if o.link == l {
		o.link = nil
		c.disarmPing()
		c.disarmCloseTimeout()
	}
	in := fsm.Input{Event: fsm.EventDropped, Err: err}
	var ce *websocket.CloseError
	switch {
	case l.closing:
		in = fsm.Input{Event: fsm.EventClosed}
	case errors.As(err, &ce) && ce.Code != websocket.CloseAbnormalClosure:
		in = fsm.Input{Event: fsm.EventServerClosed, Code: ce.Code, Reason: ce.Text}
	case err != nil && strings.HasPrefix(err.Error(), gorillaBadCode):
		// gorilla/websocket v1.5.3 refuses some registered codes (1014 bad
		// gateway) as "bad close code N", answering 1002 itself; the server
		// did close with N, so apply N's rule.
		if code, cerr := strconv.Atoi(strings.TrimPrefix(err.Error(), gorillaBadCode)); cerr == nil {
			in = fsm.Input{Event: fsm.EventServerClosed, Code: code}
		}
	}
	lost := &LostError{Code: websocket.CloseAbnormalClosure, Err: err}
	if in.Event == fsm.EventServerClosed {
		lost = &LostError{Code: in.Code, Reason: fsm.SafeReason(in.Reason)}
	}
	c.deactivate(l)
	c.failLost(lost)
	c.opts.Logger.Debug("socket ended", "gen", l.gen, "event", in.Event, "close_code", in.Code)
	c.handle(in)
}

const gorillaBadCode = "websocket: bad close code "

// beginTeardown runs when the machine stopped: it stops every timer and
// abandons the dial, refresh and socket in flight; their outcomes still
// arrive (counted by inflight) and finish runs once they all have.
func (c *Client) beginTeardown() {
	o := &c.own
	for t := range o.timers {
		c.stopTimer(fsm.Timer(t))
	}
	c.disarmPing()
	c.disarmCloseTimeout()
	if o.dialCancel != nil {
		o.dialCancel()
	}
	if o.refreshStop != nil {
		o.refreshStop()
	}
	if o.link != nil {
		o.link.ws.NetConn().Close()
	}
}

// finish runs last, on the owner goroutine, when nothing is in flight: it
// drops what is left to send, fails pending requests, waits for every other
// goroutine, closes the outbox, and closes done.
func (c *Client) finish() {
	o := &c.own
	c.mu.Lock()
	c.closed = true
	c.ws = nil
	c.q.Filter(func(*outFrame) bool { return false })
	c.mu.Unlock()
	c.pending.Close(ErrClosed)
	c.wg.Wait()
	if c.ctxStop != nil {
		c.ctxStop()
	}
	if c.outbox != nil {
		c.obMu.Lock() // a put in progress completes first; later ones see closed
		if err := c.outbox.Close(); err != nil {
			c.opts.Logger.Warn("outbox close", "error", err)
		}
		c.obMu.Unlock()
	}
	var err error
	if o.lastChange != nil && o.lastChange.To == fsm.StateFailed {
		err = &FailedError{Change: *o.lastChange}
	} else if o.ctxDone {
		err = o.ctxErr
	}
	c.mu.Lock()
	c.runErr = err
	c.mu.Unlock()
	close(c.done)
}

func (c *Client) setToken(v string, exp time.Time) {
	c.own.token, c.own.tokenExpiry = v, exp
	c.tok.Store(&v)
}

func (c *Client) tokenForRedaction() string {
	if p := c.tok.Load(); p != nil {
		return *p
	}
	return ""
}
