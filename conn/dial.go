package conn

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wsgen/wsgen/fsm"
)

// Dialing: each dial runs on a short-lived goroutine of its own (counted in
// c.wg and in own.inflight), so the owner is never stuck behind a slow
// handshake; its outcome comes back to the owner as evDialed or
// evDialFailed. A dial's HTTP response (status, Retry-After) travels in the
// event for the state machine.

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
			v, exp, err := c.fetchToken(ctx)
			if err != nil {
				ev.err, ev.permanent = err, errors.Is(err, ErrPermanent)
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

// maxRetryAfterHeader bounds a parsed Retry-After before it becomes a
// Duration (fsm honours at most Options.MaxRetryAfter of it).
const maxRetryAfterHeader = 24 * time.Hour

// retryAfter parses a Retry-After header: delay-seconds or an HTTP date.
func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if n <= 0 {
			return 0
		}
		return min(time.Duration(min(n, int64(maxRetryAfterHeader/time.Second)))*time.Second, maxRetryAfterHeader)
	}
	if t, err := http.ParseTime(v); err == nil {
		return min(max(time.Until(t), 0), maxRetryAfterHeader)
	}
	return 0
}

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
	for _, name := range c.seq.ForgetPerSocket() {
		delete(c.gaps, name) // its sequence restarts on this socket
	}
	c.inMu.Unlock()
	ws.SetReadLimit(c.opts.ReadLimit)
	c.watchPongs(ws)
	c.opts.Logger.Debug("socket open", "gen", l.gen)
	c.handle(fsm.Input{Event: fsm.EventDialed})
	// The reader starts after the change into live is queued for OnState,
	// so none of this socket's messages reaches the Handler before it.
	o.inflight++
	c.wg.Add(1)
	go c.reader(l)
}
