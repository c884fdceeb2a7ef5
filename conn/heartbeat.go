package conn

import (
	"bytes"
	"errors"
	"time"

	"github.com/gorilla/websocket"
)

// Heartbeats: the owner sends a WebSocket ping every Options.PingInterval
// (armPing, sendPing); any frame from the server, a pong or data, proves the
// socket alive by moving its read deadline (watchPongs, extendDeadline on
// the reader). When no frame arrives within PingInterval+PongTimeout the
// read fails with a timeout, which ends the socket as a transport loss.
//
// Application heartbeats (Protocol.Heartbeat) run besides: the reader
// answers the server's literal ping and swallows literal pings and pongs
// before decoding (heartbeatFrame), and answers the server's JSON pings
// right after decoding, before the inbox and the pipeline (jsonPing); the
// owner sends the client's own every Heartbeat.Interval while live
// (armBeat, sendBeat). All go through the write queue ahead of its limits,
// at most one of each kind waiting; answers to the server go first.

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

// Heartbeat describes a protocol's application heartbeats: frames that keep
// a connection alive and are not messages of the protocol (literal text such
// as "ping" and "pong"), or a JSON message the client sends on a timer. They
// run besides WebSocket pings (Options.PingInterval), which every server
// answers; many exchange and chat servers also expect their own.
type Heartbeat struct {
	// Ping and Pong are literal frames, compared byte for byte with each
	// inbound frame before it is decoded: "ping" and "pong", say. A frame
	// equal to Ping is the server asking: the client answers with Pong
	// (when set) ahead of queued messages; at most one answer waits to be
	// written, so a flood of pings queues nothing more. A frame equal to
	// Pong answers the client's Ping. Neither is decoded, delivered or
	// reported as invalid; like every frame, each proves the socket alive.
	Ping, Pong []byte
	// Message builds the heartbeat message the client sends every Interval
	// (a JSON heartbeat such as {"method":"ping"}, encoded by the codec);
	// nil: the client sends Ping as a text frame.
	Message func() Message
	// Interval is the time between the client's heartbeats while live,
	// counted from the connect and then from each heartbeat; 0: the client
	// sends none and only answers the server's Ping.
	Interval time.Duration
	// Answer recognises the server's JSON heartbeats (pings that are
	// messages of the protocol, such as {"ping": 1492420473027}): called on
	// the reader with each decoded inbound message, it returns the message
	// that answers it ({"pong": 1492420473027}), or nil when m is no ping.
	// A ping is answered and never delivered to the Handler: it skips
	// de-duplication, sequencing and reply matching, and waits for no room
	// in the inbox, so a slow Handler never delays an answer. The answer is
	// encoded by the codec and written ahead of queued messages (within
	// Options.WriteTimeout of the write in progress, else the socket is
	// lost). At most one answer waits to be written: a ping that arrives
	// while one waits replaces it with its own answer, so a flood of pings
	// queues one frame, and the server's latest ping is the one answered.
	// Like every frame, a ping proves the socket alive. nil: no JSON pings.
	Answer func(m Message) Message
}

// beatKind says which heartbeat an outFrame is (0: none).
type beatKind uint8

const (
	beatPong   beatKind = 1 + iota // the answer to the server's Ping
	beatOwn                        // the client's own heartbeat (Message or Ping)
	beatAnswer                     // the answer to a JSON ping (Answer)

	beatKinds = iota + 1 // the size of an array indexed by beatKind
)

func (h *Heartbeat) check() error {
	switch {
	case h.Interval < 0:
		return errors.New("conn: Protocol.Heartbeat.Interval is negative")
	case h.Interval > 0 && h.Message == nil && len(h.Ping) == 0:
		return errors.New("conn: Protocol.Heartbeat.Interval needs Message or Ping")
	case len(h.Ping) > 0 && bytes.Equal(h.Ping, h.Pong):
		return errors.New("conn: Protocol.Heartbeat.Ping and Pong are the same frame")
	}
	return nil
}

// heartbeatFrame reports whether data is a literal heartbeat frame, and
// answers the server's Ping. It runs on the reader goroutine.
func (c *Client) heartbeatFrame(gen uint64, data []byte) bool {
	h := &c.opts.Protocol.Heartbeat
	if len(h.Ping) > 0 && bytes.Equal(data, h.Ping) {
		if len(h.Pong) > 0 {
			c.queueBeat(gen, outFrame{data: h.Pong, typ: "pong", internal: true, beat: beatPong})
		}
		return true
	}
	return len(h.Pong) > 0 && bytes.Equal(data, h.Pong)
}

// jsonPing reports whether msg is a JSON ping of the server (Answer), and
// queues its answer on socket gen. It runs on the reader goroutine.
func (c *Client) jsonPing(gen uint64, msg Message) bool {
	answer := c.opts.Protocol.Heartbeat.Answer
	if answer == nil {
		return false
	}
	a := answer(msg)
	if a == nil {
		return false
	}
	data, err := c.codec.Encode(a)
	if err != nil {
		c.opts.Logger.Error("heartbeat answer encode", "type", a.MessageType(), "error", err)
		return true
	}
	c.queueBeat(gen, outFrame{data: data, typ: a.MessageType(), internal: true, beat: beatAnswer})
	return true
}

// queueBeat queues a heartbeat frame ahead of the queue's limits unless one
// of its kind is already waiting (a JSON answer then takes the waiting one's
// place), or socket gen is not the live one. Answers to the server go ahead of queued
// frames; the client's own heartbeat goes after them.
func (c *Client) queueBeat(gen uint64, f outFrame) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ws == nil || c.gen != gen {
		return
	}
	if c.beatQueued[f.beat] {
		if f.beat == beatAnswer {
			c.q.Replace(func(g *outFrame) bool { return g.beat == beatAnswer }, f)
		}
		return
	}
	c.beatQueued[f.beat] = true
	if f.beat == beatOwn {
		c.q.PushForce(f)
	} else {
		c.q.PushFront(f)
	}
	c.startWriterLocked()
}

// armBeat schedules the client's next heartbeat. Owner goroutine.
func (c *Client) armBeat() {
	o := &c.own
	iv := c.opts.Protocol.Heartbeat.Interval
	if iv <= 0 {
		return
	}
	c.disarmBeat()
	seq := o.beatSeq
	o.beat = time.AfterFunc(iv, func() { c.post(event{kind: evBeat, seq: seq}) })
}

func (c *Client) disarmBeat() {
	o := &c.own
	if o.beat != nil {
		o.beat.Stop()
		o.beat = nil
	}
	o.beatSeq++
}

// sendBeat queues the client's heartbeat and schedules the next. Owner
// goroutine.
func (c *Client) sendBeat() {
	o := &c.own
	if o.link == nil || o.link.closing {
		return
	}
	h := &c.opts.Protocol.Heartbeat
	f := outFrame{data: h.Ping, typ: "ping", internal: true, beat: beatOwn}
	if h.Message != nil {
		m := h.Message()
		data, err := c.codec.Encode(m)
		if err != nil {
			c.opts.Logger.Error("heartbeat encode", "error", err)
			return
		}
		f.data, f.typ = data, m.MessageType()
	}
	c.queueBeat(o.link.gen, f)
	c.armBeat()
}
