package conn

import (
	"time"

	"github.com/gorilla/websocket"
)

// Heartbeats: the owner sends a WebSocket ping every Options.PingInterval
// (armPing, sendPing); any frame from the server, a pong or data, proves the
// socket alive by moving its read deadline (watchPongs, extendDeadline on
// the reader). When no frame arrives within PingInterval+PongTimeout the
// read fails with a timeout, which ends the socket as a transport loss.

// watchPongs makes every pong on ws move its read deadline.
func (c *Client) watchPongs(ws *websocket.Conn) {
	if c.opts.PingInterval <= 0 {
		return
	}
	window := c.opts.PingInterval + c.opts.PongTimeout
	ws.SetPongHandler(func(string) error {
		return ws.SetReadDeadline(time.Now().Add(window + window/16))
	})
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

// extendDeadline moves the read deadline, but only once per 1/16 of the
// window PingInterval+PongTimeout: a runtime timer update per frame is
// measurable on a busy stream. The deadline is set to window+window/16
// from now, so a loss is declared between window and window+window/16 after
// the last frame, never earlier. It returns when to move it next.
//
//go:noinline
func (c *Client) extendDeadline(l *link, next int64) int64 {
	if c.opts.PingInterval <= 0 {
		return next
	}
	now := time.Now()
	if now.UnixNano() < next {
		return next
	}
	window := c.opts.PingInterval + c.opts.PongTimeout
	l.ws.SetReadDeadline(now.Add(window + window/16))
	return now.Add(window / 16).UnixNano()
}
