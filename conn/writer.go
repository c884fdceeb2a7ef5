package conn

import (
	"time"

	"github.com/gorilla/websocket"
)

// The writer: data frames go out on one serial (c.writer, whose drain is
// writeQueued), which writes the queue to the live socket in order. It runs
// only while the socket is live and the queue holds frames. Pings and close
// frames bypass it through gorilla's concurrency-safe WriteControl.

// startWriterLocked kicks the writer if the socket is live and has frames
// to write. c.mu is held.
func (c *Client) startWriterLocked() {
	if c.ws == nil || c.ws == c.writeBad || c.q.Len() == 0 {
		return
	}
	c.writer.kick()
}

// writeQueued writes queued frames to the live socket until the queue is
// empty, no socket is live, or a write fails. A failed write closes its
// socket (the reader reports the loss) and marks it, so no later frame is
// written to it.
func (c *Client) writeQueued() {
	for {
		c.mu.Lock()
		ws := c.ws
		if ws == nil || ws == c.writeBad {
			c.mu.Unlock()
			return
		}
		f, ok := c.q.Pop()
		if !ok {
			c.mu.Unlock()
			return
		}
		if f.ref != "" {
			c.pending.SetWritten(f.ref, true)
		}
		if f.beat != 0 {
			c.beatQueued[f.beat] = false
		}
		c.mu.Unlock()
		ws.SetWriteDeadline(time.Now().Add(c.opts.WriteTimeout))
		err := ws.WriteMessage(websocket.TextMessage, f.data)
		if err == nil {
			continue
		}
		c.mu.Lock()
		if c.opts.SendPolicy == SendQueue && !f.durable() && !f.internal {
			c.q.PushFront(f)
			if f.ref != "" {
				c.pending.SetWritten(f.ref, false)
			}
		}
		c.writeBad = ws
		c.mu.Unlock()
		c.opts.Logger.Info("write failed", "type", f.typ, "ref", f.ref, "error", c.redact(err))
		ws.NetConn().Close() // the reader reports the loss
		return
	}
}
