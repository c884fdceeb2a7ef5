package conn

import (
	"errors"
	"io"
	"log/slog"
	"net"
	"slices"
	"time"

	"github.com/gorilla/websocket"
)

// Inbound: each socket has one reader goroutine (started by onDialed,
// counted in c.wg and own.inflight) that reads frames and runs them through
// receive — decode, reply matching, de-duplication, sequencing — under
// c.inMu, then queues what passes for delivery (deliver.go). It pauses while
// the inbox is full, and reports its socket's end to the owner.

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
		if c.heartbeatFrame(l.gen, data) {
			continue
		}
		if !c.inbound(l.gen, data) {
			c.readerDone(l, nil)
			return
		}
	}
}

// inbound decodes one frame of connection gen and, unless it is a JSON ping
// (answered at once), runs it through the pipeline once the inbox has room.
// It reports false on a forced close.
//
//go:noinline
func (c *Client) inbound(gen uint64, data []byte) bool {
	msg, err := c.codec.Decode(data)
	if err == nil && c.jsonPing(gen, msg) {
		return true
	}
	if !c.waitInbox() {
		return false
	}
	c.receive(gen, data, msg, err)
	return true
}

//go:noinline
func (c *Client) readerDone(l *link, err error) {
	if errors.Is(err, websocket.ErrReadLimit) {
		lingerClose(l.ws.NetConn())
	}
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

// receive runs one inbound frame of connection gen, decoded as msg or
// refused with err, through the pipeline.
func (c *Client) receive(gen uint64, data []byte, msg Message, err error) {
	log := c.opts.Logger
	c.inMu.Lock()
	defer c.inMu.Unlock()
	if c.inGen != gen {
		return // a frame of an older socket: never delivered after a reconnect
	}
	if err != nil {
		ierr := &InvalidFrameError{Generation: gen, Size: len(data), Err: err}
		log.WarnContext(c.hctx, "invalid frame skipped", "gen", gen, "size", len(data), "error", err.Error())
		c.notice(Notice{Kind: NoticeInvalid, Err: ierr})
		return
	}
	typ := msg.MessageType()
	snap := c.isSnapshot(msg)
	if ref := correlationID(msg); ref != "" && c.isReply(typ) {
		c.acked(ref)
		if c.pending.Resolve(ref, msg) && !snap {
			if log.Enabled(c.hctx, slog.LevelDebug) {
				log.DebugContext(c.hctx, "reply", "gen", gen, "msg", logValue(msg))
			}
			return
		}
	}
	id := eventID(msg)
	if len(id) > c.opts.MaxIDLength {
		c.drop(msg, "oversized id")
		return
	}
	if id != "" && c.dedup.Seen(id) {
		c.drop(msg, "duplicate")
		return
	}
	var res seqResult[Message]
	sq, sequenced := msg.(Sequenced)
	if sequenced {
		stream := sq.RoleStream()
		if len(stream) > c.opts.MaxStreamName {
			c.drop(msg, "oversized stream")
			return
		}
		if snap {
			res = c.seq.Snapshot(stream, sq.RoleSequence(), msg)
		} else {
			res = c.seq.OfferEvent(stream, seqEventOf(sq), msg, len(data))
		}
	} else {
		res.Apply = []Message{msg}
	}
	for _, name := range res.Evicted {
		c.notice(Notice{Kind: NoticeEvicted, Stream: name})
		delete(c.gaps, name)
	}
	for _, m := range res.Dropped {
		c.drop(m, string(res.Reason))
	}
	for _, m := range res.Apply {
		if id := eventID(m); id != "" {
			c.dedup.Add(id)
		}
		if c.isSnapshot(m) {
			if se, ok := m.(SnapshotEvents); ok {
				se.FilterEvents(func(id string) bool { return id == "" || c.dedup.Add(id) })
			}
			sq := m.(Sequenced)
			c.notice(Notice{Kind: NoticeSnapshot, Type: m.MessageType(), Stream: sq.RoleStream(), Seq: sq.RoleSequence()})
		}
		if log.Enabled(c.hctx, slog.LevelDebug) {
			log.DebugContext(c.hctx, "received", "gen", gen, "msg", logValue(m))
		}
		c.inbox.push(inItem{msg: m, size: len(data)})
	}
	if sequenced && len(c.gaps) > 0 {
		c.gapClosed(sq.RoleStream())
	}
	if g := res.Gap; g != nil {
		c.notice(Notice{Kind: NoticeGap, Type: typ, Stream: g.Stream, Expected: g.Expected, Seq: g.Got})
		log.InfoContext(c.hctx, "sequence gap", "gen", gen, "stream", g.Stream, "expected", g.Expected, "got", g.Got)
		c.onGap(g)
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

// closeDrainTimeout bounds lingerClose.
const closeDrainTimeout = time.Second

// lingerClose lets a close frame just written (gorilla's 1009 after an
// oversize message) reach the peer: closing a socket with unread bytes in
// its receive buffer sends a TCP RST, which can destroy the close frame in
// flight. It half-closes the connection (FIN after the close frame) and
// discards what arrives until the peer closes or closeDrainTimeout passes.
func lingerClose(nc net.Conn) {
	if tc, ok := nc.(interface{ CloseWrite() error }); ok {
		tc.CloseWrite()
	}
	nc.SetReadDeadline(time.Now().Add(closeDrainTimeout))
	io.Copy(io.Discard, nc)
}
