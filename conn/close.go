package conn

import (
	"context"
	"fmt"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wsgen/wsgen/fsm"
)

// Close and teardown. Close and Finish post evClose; the machine moves to
// closing and the owner sends our close frame (closeSocket), bounded by
// CloseTimeout. When the machine stops (closed or failed), beginTeardown
// stops every timer and abandons the dial, refresh and socket in flight;
// their outcomes still reach the owner, and once none is due the owner runs
// finish, which waits for every other goroutine and closes done. A Close
// whose context ends forces the end (forceStop): the socket is closed at
// once and queued deliveries are discarded.

// Close ends the conversation with 1001 going away: it sends the close
// frame, waits for the server's (at most Options.CloseTimeout), delivers
// the messages already received to the Handler, and returns when no
// goroutine of the Client remains, no handler runs and every timer is
// stopped. It is idempotent and may be called from any goroutine, a
// Handler, OnNotice or OnState call included (it then waits for everything
// but that call; no message is delivered after it). If ctx ends first, the
// socket is closed at once, undelivered messages are discarded and Close
// returns ctx's error while the Client finishes stopping (Done). The
// Handler's context is cancelled when Close is called. Pending requests
// fail with ErrClosed; outbox entries stay in the store.
func (c *Client) Close(ctx context.Context) error {
	return c.close(ctx, 1001, "going away")
}

// Finish ends a completed conversation with 1000 normal closure; otherwise
// it is Close.
func (c *Client) Finish(ctx context.Context) error {
	return c.close(ctx, websocket.CloseNormalClosure, "")
}

func (c *Client) close(ctx context.Context, code int, reason string) error {
	c.stopHandlers()
	c.mu.Lock()
	if !c.started {
		c.started, c.closed, c.neverRan = true, true, true
		c.mu.Unlock()
		c.evMu.Lock()
		c.finished = true // later events (SetNetwork) are dropped
		c.evMu.Unlock()
		c.pending.Close(ErrClosed)
		c.obMu.Lock() // a Put in progress completes first; later ones see closed
		c.obMu.Unlock()
		close(c.stopped)
		close(c.done)
		return nil
	}
	if c.neverRan {
		c.mu.Unlock()
		return nil
	}
	c.mu.Unlock()
	// From inside a callback (the delivery goroutine), Close cannot wait for
	// that goroutine: it waits for everything else, and no message or notice
	// is delivered after the calling callback returns (state changes are).
	inCallback := c.inCallback()
	if inCallback {
		c.inbox.dropMessages()
	}
	c.post(event{kind: evClose, code: code, reason: reason})
	wait := c.done
	if inCallback {
		wait = c.stopped
	}
	select {
	case <-wait:
		return nil
	case <-ctx.Done():
	}
	c.forceStop()
	return fmt.Errorf("conn: close not completed, the Client is still stopping (Done is closed when it has): %w", context.Cause(ctx))
}

// inCallback reports whether the calling goroutine is the delivery
// goroutine, running a Handler, OnNotice or OnState call.
func (c *Client) inCallback() bool {
	g := c.deliverG.Load()
	return g != 0 && g == goid()
}

// stopHandlers cancels the callbacks' context.
func (c *Client) stopHandlers() {
	c.hstopMu.Do(func() { close(c.hstop) })
}

// forceStop abandons the graceful close: the owner closes the socket now,
// queued messages are discarded and handlers see their context cancelled.
func (c *Client) forceStop() {
	c.forceMu.Do(func() {
		c.stopHandlers()
		close(c.force)
		c.post(event{kind: evForce})
		c.inbox.discard()
	})
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
	c.disarmBeat()
	c.opts.Logger.Info("closing", "gen", l.gen, "close_code", code, "close_reason", reason)
	msg := websocket.FormatCloseMessage(code, reason)
	if err := l.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(c.opts.WriteTimeout)); err != nil {
		l.ws.NetConn().Close()
		return
	}
	c.armCloseTimeout()
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

// beginTeardown runs when the machine stopped: it stops every timer and
// abandons the dial, refresh and socket in flight; their outcomes still
// arrive (counted by inflight) and finish runs once they all have.
func (c *Client) beginTeardown() {
	o := &c.own
	for t := range o.timers {
		c.stopTimer(fsm.Timer(t))
	}
	c.disarmPing()
	c.disarmBeat()
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
// goroutine (the outbox's removals flushed) and closes stopped; then it
// waits for the delivery goroutine (which may be a callback calling Close,
// waiting for stopped) and closes done.
func (c *Client) finish() {
	o := &c.own
	c.mu.Lock()
	c.closed = true
	c.ws = nil
	c.q.Filter(func(*outFrame) bool { return false })
	c.mu.Unlock()
	c.pending.Close(ErrClosed)
	c.stopGapTimer()
	c.wg.Wait()
	c.mu.Lock()
	ctxStop := c.ctxStop
	c.mu.Unlock()
	if ctxStop != nil {
		ctxStop()
	}
	if c.outbox != nil {
		// A Put in progress completes first; later ones see closed. After
		// Close returns the store is no longer used: its owner may close it.
		c.obMu.Lock()
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
	c.stopHandlers()
	close(c.stopped)
	c.dwg.Wait()
	close(c.done)
}

// handlerCtx is the context the Handler gets: it carries the values of the
// context given to Start, Run or Dial (trace ids, request-scoped loggers)
// and is cancelled as soon as Close or Finish is called or the Client stops
// by itself, so a handler doing long work can give up early. A tiny type
// rather than context.WithCancel: it costs an idle Client nothing.
type handlerCtx struct {
	vals context.Context
	done <-chan struct{}
}

func (handlerCtx) Deadline() (time.Time, bool) { return time.Time{}, false }
func (h handlerCtx) Done() <-chan struct{}     { return h.done }
func (h handlerCtx) Value(k any) any           { return h.vals.Value(k) }

func (h handlerCtx) Err() error {
	select {
	case <-h.done:
		return context.Canceled
	default:
		return nil
	}
}
