package conn

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wsgen/wsgen/fsm"
)

// The owner: every event (a dial or refresh outcome, a socket's end, a
// timer, a user command) is posted to one queue and handled by the owner, a
// serial (see serial.go): one event at a time, on at most one goroutine,
// which ends when the queue is empty. The owner alone touches c.own: the
// fsm.Machine, the timers, the socket in use, the dial and refresh in flight.

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
	evBeat
	evCloseTimeout
	evGapCheck
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

// post queues ev for the owner and kicks it.
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
	c.evMu.Unlock()
	c.ownerRun.kick()
}

// drainEvents is the owner's drain: it handles the queued events in order.
// Once the machine stopped and no outcome is due, it runs finish, once.
func (c *Client) drainEvents() {
	o := &c.own
	for {
		c.evMu.Lock()
		if c.finished {
			c.evMu.Unlock()
			return
		}
		batch := c.evq
		c.evq = nil
		if len(batch) == 0 {
			if o.stopped && o.inflight == 0 {
				c.finished = true
				c.evMu.Unlock()
				c.finish()
				return
			}
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
	case evBeat:
		if ev.seq == o.beatSeq {
			c.sendBeat()
		}
	case evGapCheck:
		if !o.stopped {
			c.checkGaps()
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
		c.armBeat()
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
