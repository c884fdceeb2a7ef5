package main

import (
	"context"
	"encoding/json"
	"io"
	"sync"

	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/generated/chat"
)

// emitter writes one JSON object per line; it is safe for concurrent use.
type emitter struct {
	mu  sync.Mutex
	enc *json.Encoder
}

func newEmitter(w io.Writer) *emitter {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &emitter{enc: enc}
}

func (e *emitter) emit(v any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.enc.Encode(v) // a broken stdout has nowhere to be reported
}

// The output lines, members in the documented order. A pointer member is null
// when it does not apply (a message without a stream, a change without a
// close frame, a line that had no ref).
type (
	stateLine struct {
		Event       string  `json:"event"`
		From        string  `json:"from"`
		To          string  `json:"to"`
		Reason      string  `json:"reason"`
		Attempt     int     `json:"attempt"`
		RetryInMs   int64   `json:"retry_in_ms"`
		CloseCode   *int    `json:"close_code"`
		CloseReason *string `json:"close_reason"`
	}
	messageLine struct {
		Event string  `json:"event"`
		Type  string  `json:"type"`
		ID    *string `json:"id"`
		Room  *string `json:"room"`
		Seq   *int64  `json:"seq"`
	}
	droppedLine struct {
		Event  string `json:"event"`
		Type   string `json:"type"`
		ID     string `json:"id"`
		Reason string `json:"reason"`
	}
	gapLine struct {
		Event    string `json:"event"`
		Room     string `json:"room"`
		Expected int64  `json:"expected"`
		Got      int64  `json:"got"`
	}
	snapshotLine struct {
		Event string `json:"event"`
		Room  string `json:"room"`
		Seq   int64  `json:"seq"`
	}
	invalidLine struct {
		Event string `json:"event"`
		Error string `json:"error"`
	}
	ackLine struct {
		Event string `json:"event"`
		Ref   string `json:"ref"`
		OK    bool   `json:"ok"`
	}
	sendErrorLine struct {
		Event string  `json:"event"`
		Ref   *string `json:"ref"`
		Error string  `json:"error"`
	}
)

// state prints a state change (conn.Options.OnState).
func (e *emitter) state(sc conn.StateChange) {
	l := stateLine{Event: "state", From: string(sc.From), To: string(sc.To), Reason: sc.Reason,
		Attempt: sc.Attempt, RetryInMs: sc.RetryIn.Milliseconds()}
	if sc.CloseCode != 0 {
		l.CloseCode, l.CloseReason = &sc.CloseCode, &sc.CloseReason
	}
	e.emit(l)
}

// message prints a delivered message's type and roles, never its text.
func (e *emitter) message(m conn.Message) {
	l := messageLine{Event: "message", Type: m.MessageType()}
	if x, ok := m.(conn.EventIDer); ok {
		id := x.RoleEventID()
		l.ID = &id
	}
	if x, ok := m.(conn.Sequenced); ok {
		room, seq := x.RoleStream(), x.RoleSequence()
		l.Room, l.Seq = &room, &seq
	}
	e.emit(l)
}

// notice prints what the inbound pipeline did besides delivering
// (conn.Options.OnNotice).
func (e *emitter) notice(n conn.Notice) {
	switch n.Kind {
	case conn.NoticeDropped:
		e.emit(droppedLine{"dropped", n.Type, n.EventID, n.Reason})
	case conn.NoticeGap:
		e.emit(gapLine{"gap", n.Stream, n.Expected, n.Seq})
	case conn.NoticeSnapshot:
		e.emit(snapshotLine{"snapshot", n.Stream, n.Seq})
	case conn.NoticeInvalid, conn.NoticeHandlerError:
		e.emit(invalidLine{"invalid", n.Err.Error()})
	}
}

func (e *emitter) ack(a *chat.Ack) { e.emit(ackLine{"ack", a.Ref, a.Ok}) }

func (e *emitter) sendError(ref string, err error) {
	l := sendErrorLine{Event: "send_error", Error: err.Error()}
	if ref != "" {
		l.Ref = &ref
	}
	e.emit(l)
}

// printer is the typed chat.Handler of both modes: every delivered message
// becomes a line (a snapshot's messages too, after the snapshot line of its
// notice), and an ack nobody waits for (it answers an outbox entry of an
// earlier run, or a request that gave up) is an ack line.
type printer struct {
	out *emitter
	// seen, when set, is called after each line, with the message.
	seen func(chat.Message)
}

func (p *printer) done(m chat.Message) error {
	if p.seen != nil {
		p.seen(m)
	}
	return nil
}

func (p *printer) OnWelcome(_ context.Context, m *chat.Welcome) error {
	p.out.message(m)
	return p.done(m)
}

func (p *printer) OnChat(_ context.Context, m *chat.Chat) error {
	p.out.message(m)
	return p.done(m)
}

func (p *printer) OnPresence(_ context.Context, m *chat.Presence) error {
	p.out.message(m)
	return p.done(m)
}

func (p *printer) OnSnapshot(_ context.Context, m *chat.Snapshot) error {
	for i := range m.Messages {
		p.out.message(&m.Messages[i])
	}
	return p.done(m)
}

func (p *printer) OnAck(_ context.Context, m *chat.Ack) error {
	p.out.ack(m)
	return p.done(m)
}

func (p *printer) OnError(_ context.Context, m *chat.Error) error {
	p.out.message(m)
	return p.done(m)
}

func (p *printer) OnUnknown(_ context.Context, typ string, _ []byte) error {
	p.out.emit(messageLine{Event: "message", Type: typ})
	return nil
}
