package conn

import (
	"context"
	"slices"
)

// Outbox replay and the live socket: when the machine goes live on a
// socket, activate makes it the socket the writer writes to and queues,
// ahead of anything already queued, every outbox entry (in insertion order)
// and a snapshot request for every stream still recovering. When a socket
// ends, deactivate drops what the send policy does not keep and failLost
// fails the requests whose frames went out on it. An entry leaves the
// outbox when its reply arrives (acked).

// activate makes l the live socket: accept its frames, replay the outbox
// ahead of the queue, re-request snapshots, start writing.
func (c *Client) activate(l *link) {
	c.inMu.Lock()
	c.inGen = l.gen
	recovering := c.seq.Recovering()
	c.inMu.Unlock()
	var snaps []outFrame
	for _, g := range recovering {
		if f, ok := c.snapshotFrame(g.Stream, g.Expected-1); ok {
			snaps = append(snaps, f)
		}
	}
	var entries []OutboxEntry
	if c.outbox != nil {
		// Held until the socket is live (c.ws set): a put either lands
		// before this read or sees the live socket (see sendDurable).
		c.obMu.Lock()
		defer c.obMu.Unlock()
		entries = c.replayEntries()
	}
	c.mu.Lock()
	c.ws = l.ws
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		c.q.PushFront(outFrame{data: e.Frame, typ: e.Type, ref: e.Ref, key: e.Key})
		if e.Ref != "" {
			c.setRef(e.Ref, e.Key)
		}
	}
	for _, f := range snaps {
		c.q.PushForce(f)
	}
	n := c.q.Len()
	c.startWriterLocked()
	c.mu.Unlock()
	if len(entries) > 0 || n > 0 {
		c.opts.Logger.Info("live: replaying", "gen", l.gen, "outbox", len(entries), "queued", n)
	}
}

// deactivate stops sending on l and drops what the policy does not keep.
func (c *Client) deactivate(l *link) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ws != l.ws {
		return
	}
	c.ws = nil
	c.writeBad = nil
	c.beatQueued = [beatKinds]bool{} // the queued heartbeats are removed below
	// Outbox frames are replayed from the file and snapshot requests are
	// asked again on activate; SendQueue keeps the rest.
	removed := c.q.Filter(func(f *outFrame) bool {
		return c.opts.SendPolicy == SendQueue && !f.durable() && !f.internal
	})
	for _, f := range removed {
		if f.ref != "" && !f.durable() {
			c.pending.Fail(&LostError{Code: 1006}, func(w *waiter) bool { return w.id == f.ref && !w.durable })
		}
	}
}

// failLost fails the requests whose frames went out on the lost socket.
func (c *Client) failLost(lost *LostError) {
	err := *lost
	err.Sent = true // written: the server may have applied it
	n := c.pending.Fail(&err, func(w *waiter) bool { return !w.durable && w.written })
	if n > 0 {
		c.opts.Logger.Info("pending requests failed", "count", n, "close_code", err.Code)
	}
}

// replayEntries returns the outbox's entries but those acknowledged whose
// removal is still due. It waits for a removal in progress.
func (c *Client) replayEntries() []OutboxEntry {
	c.flMu.Lock()
	defer c.flMu.Unlock()
	entries, err := c.outbox.Entries(context.Background())
	if err != nil {
		c.opts.Logger.Error("outbox read", "error", err)
		return nil
	}
	c.rmMu.Lock()
	defer c.rmMu.Unlock()
	if len(c.rmSet) > 0 {
		entries = slices.DeleteFunc(entries, func(e OutboxEntry) bool {
			_, acked := c.rmSet[e.Key]
			return acked
		})
	}
	return entries
}

// acked queues for removal the outbox entry answered by the reply with ref.
// It runs on the reader goroutine under c.inMu, so it never touches the
// store: the remover does, in batches (flushRemovals).
func (c *Client) acked(ref string) {
	if c.outbox == nil {
		return
	}
	c.mu.Lock()
	key, ok := c.refs[ref]
	delete(c.refs, ref)
	c.mu.Unlock()
	if !ok {
		return
	}
	c.rmMu.Lock()
	if _, dup := c.rmSet[key]; !dup {
		if c.rmSet == nil {
			c.rmSet = make(map[string]struct{})
		}
		c.rmSet[key] = struct{}{}
		c.rmQueue = append(c.rmQueue, key)
	}
	c.rmMu.Unlock()
	c.remover.kick()
}

// flushRemovals is the remover's drain: it removes the queued keys from the
// outbox, one Remove per batch. A failed removal is logged and forgotten:
// the entry replays after the next connect, and its idempotency key makes
// that harmless.
func (c *Client) flushRemovals() {
	for {
		c.flMu.Lock()
		c.rmMu.Lock()
		batch := c.rmQueue
		c.rmQueue = nil
		c.rmMu.Unlock()
		if len(batch) == 0 {
			c.flMu.Unlock()
			return
		}
		err := c.outbox.Remove(context.Background(), batch...)
		c.rmMu.Lock()
		for _, k := range batch {
			delete(c.rmSet, k)
		}
		c.rmMu.Unlock()
		c.flMu.Unlock()
		if err != nil {
			c.opts.Logger.Error("outbox remove", "entries", len(batch), "error", err)
		}
	}
}
