package conn

import (
	"context"
	"log/slog"
	"slices"
	"time"
)

// reader reads one socket until it ends, then reports the end. Frames go
// through receive on this goroutine: decode, de-duplication, sequencing,
// reply matching; the Handler runs elsewhere. Its own frame is kept small
// (the work is in helpers): an idle Client's memory is mostly this
// goroutine's stack, parked in ReadMessage, and a small frame lets the
// runtime shrink it to the minimum.
func (c *Client) reader(l *link) {
	defer c.wg.Done()
	var next int64 // unix nanoseconds after which the read deadline moves
	for {
		next = c.extendDeadline(l, next)
		_, data, err := l.ws.ReadMessage()
		if err != nil {
			c.readerDone(l, err)
			return
		}
		if !c.waitInbox() {
			c.readerDone(l, nil)
			return
		}
		c.receive(l.gen, data)
	}
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

//go:noinline
func (c *Client) readerDone(l *link, err error) {
	l.ws.NetConn().Close()
	c.post(event{kind: evSocketEnd, link: l, err: err})
}

// waitInbox blocks while the Handler's queue is full (back-pressure: the
// socket is not read meanwhile). It reports false on a forced close.
func (c *Client) waitInbox() bool {
	for {
		full, ch := c.inbox.full()
		if !full {
			return true
		}
		select {
		case <-ch:
		case <-c.force:
			return false
		}
	}
}

func (c *Client) isReply(typ string) bool {
	rt := c.opts.Protocol.ReplyTypes
	return len(rt) == 0 || slices.Contains(rt, typ)
}

func (c *Client) isSnapshot(m Message) bool {
	if s, ok := m.(Snapshotter); ok {
		return s.IsSnapshot()
	}
	t := c.opts.Protocol.SnapshotReplyType
	return t != "" && m.MessageType() == t
}

// receive runs one inbound frame of connection gen through the pipeline.
func (c *Client) receive(gen uint64, data []byte) {
	msg, err := c.codec.Decode(data)
	log := c.opts.Logger
	c.inMu.Lock()
	defer c.inMu.Unlock()
	if c.inGen != gen {
		return // a frame of an older socket: never delivered after a reconnect
	}
	if err != nil {
		ierr := &InvalidFrameError{Generation: gen, Size: len(data), Err: err}
		log.Warn("invalid frame skipped", "gen", gen, "size", len(data), "error", err.Error())
		c.notice(Notice{Kind: NoticeInvalid, Err: ierr})
		return
	}
	typ := msg.MessageType()
	snap := c.isSnapshot(msg)
	if ref := correlationID(msg); ref != "" && c.isReply(typ) {
		c.acked(ref)
		if c.pending.Resolve(ref, msg) && !snap {
			if log.Enabled(context.Background(), slog.LevelDebug) {
				log.Debug("reply", "gen", gen, "msg", logValue(msg))
			}
			return
		}
	}
	if id := eventID(msg); id != "" && c.dedup.Seen(id) {
		c.drop(msg, "duplicate")
		return
	}
	var res seqResult[Message]
	if sq, ok := msg.(Sequenced); ok {
		if snap {
			res = c.seq.Snapshot(sq.RoleStream(), sq.RoleSequence(), msg)
		} else {
			res = c.seq.Offer(sq.RoleStream(), sq.RoleSequence(), msg)
		}
	} else {
		res.Apply = []Message{msg}
	}
	for _, m := range res.Dropped {
		c.drop(m, string(res.Reason))
	}
	for _, m := range res.Apply {
		if id := eventID(m); id != "" {
			c.dedup.Add(id)
		}
		if c.isSnapshot(m) {
			sq := m.(Sequenced)
			c.notice(Notice{Kind: NoticeSnapshot, Type: m.MessageType(), Stream: sq.RoleStream(), Seq: sq.RoleSequence()})
		}
		if log.Enabled(context.Background(), slog.LevelDebug) {
			log.Debug("received", "gen", gen, "msg", logValue(m))
		}
		c.inbox.push(inItem{msg: m})
	}
	if g := res.Gap; g != nil {
		c.notice(Notice{Kind: NoticeGap, Type: typ, Stream: g.Stream, Expected: g.Expected, Seq: g.Got})
		log.Info("sequence gap", "gen", gen, "stream", g.Stream, "expected", g.Expected, "got", g.Got)
		c.requestSnapshot(g.Stream, g.Expected-1)
	}
}

func (c *Client) drop(m Message, reason string) {
	n := Notice{Kind: NoticeDropped, Type: m.MessageType(), EventID: eventID(m), Reason: reason}
	if sq, ok := m.(Sequenced); ok {
		n.Stream, n.Seq = sq.RoleStream(), sq.RoleSequence()
	}
	c.opts.Logger.Debug("dropped", "reason", reason, "msg", logValue(m))
	c.notice(n)
}

func (c *Client) notice(n Notice) {
	if c.opts.OnNotice != nil {
		c.inbox.push(inItem{notice: &n})
	}
}

// requestSnapshot asks for stream's events after afterSeq, now if live (the
// request goes ahead of the limits: one per stream at most), otherwise
// after the next connect (activate asks for every recovering stream).
func (c *Client) requestSnapshot(stream string, afterSeq int64) {
	f, ok := c.snapshotFrame(stream, afterSeq)
	if !ok {
		return
	}
	c.mu.Lock()
	if c.ws != nil {
		c.q.PushForce(f)
		c.startWriterLocked()
	}
	c.mu.Unlock()
}

func (c *Client) snapshotFrame(stream string, afterSeq int64) (outFrame, bool) {
	newReq := c.opts.Protocol.SnapshotRequest
	if newReq == nil {
		return outFrame{}, false
	}
	m := newReq(stream, afterSeq)
	if s, ok := m.(CorrelationSetter); ok && correlationID(m) == "" {
		s.SetRoleCorrelationID(newID())
	}
	data, err := c.codec.Encode(m)
	if err != nil {
		c.opts.Logger.Error("snapshot request encode", "error", err)
		return outFrame{}, false
	}
	c.opts.Logger.Info("snapshot requested", "stream", stream, "after_seq", afterSeq)
	return outFrame{data: data, typ: m.MessageType(), ref: correlationID(m), internal: true}, true
}

// acked removes the outbox entry answered by the reply with ref.
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
	if _, err := c.outbox.Remove(key); err != nil {
		c.opts.Logger.Error("outbox remove", "ref", ref, "error", err)
	}
}

// deliver runs on the inbox goroutine: Handler calls, notices and state
// changes, in order. After a forced close only state changes are delivered.
func (c *Client) deliver(batch []inItem) {
	for _, it := range batch {
		if it.state != nil {
			c.opts.OnState(*it.state)
			continue
		}
		if c.hctx.Err() != nil {
			continue
		}
		if it.notice != nil {
			c.opts.OnNotice(*it.notice)
			continue
		}
		if c.opts.Handler == nil {
			continue
		}
		if err := c.opts.Handler.HandleMessage(c.hctx, it.msg); err != nil {
			c.opts.Logger.Warn("handler error", "msg", logValue(it.msg), "error", err.Error())
			if c.opts.OnNotice != nil {
				c.opts.OnNotice(Notice{Kind: NoticeHandlerError, Type: it.msg.MessageType(), EventID: eventID(it.msg), Err: err})
			}
		}
	}
}

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
		var err error
		if entries, err = c.outbox.Entries(); err != nil {
			c.opts.Logger.Error("outbox read", "error", err)
		}
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
func (c *Client) failLost(err *LostError) {
	n := c.pending.Fail(err, func(w *waiter) bool { return !w.durable && w.written })
	if n > 0 {
		c.opts.Logger.Info("pending requests failed", "count", n, "close_code", err.Code)
	}
}
