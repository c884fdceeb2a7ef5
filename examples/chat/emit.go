package main

import (
	"encoding/json"
	"errors"
	"io"
	"sync"

	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/generated/chat"
)

// emitter writes one JSON object per line; safe for concurrent use.
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
	e.enc.Encode(v)
}

// The output lines, fields in the documented order.
type (
	stateLine struct {
		Event       string `json:"event"`
		From        string `json:"from"`
		To          string `json:"to"`
		Reason      string `json:"reason"`
		Attempt     int    `json:"attempt"`
		RetryInMs   int64  `json:"retry_in_ms"`
		CloseCode   int    `json:"close_code"`
		CloseReason string `json:"close_reason"`
	}
	messageLine struct {
		Event string `json:"event"`
		Type  string `json:"type"`
		ID    string `json:"id,omitempty"`
		Room  string `json:"room,omitempty"`
		Seq   *int64 `json:"seq,omitempty"`
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
		Event string `json:"event"`
		Ref   string `json:"ref"`
		Error string `json:"error"`
	}
)

func (e *emitter) state(sc conn.StateChange) {
	e.emit(stateLine{"state", string(sc.From), string(sc.To), sc.Reason, sc.Attempt,
		sc.RetryIn.Milliseconds(), sc.CloseCode, sc.CloseReason})
}

// message prints an inbound message's type and roles, never its text.
func (e *emitter) message(m conn.Message) {
	l := messageLine{Event: "message", Type: m.MessageType()}
	if x, ok := m.(conn.EventIDer); ok {
		l.ID = x.RoleEventID()
	}
	if x, ok := m.(conn.Sequenced); ok {
		l.Room = x.RoleStream()
		seq := x.RoleSequence()
		l.Seq = &seq
	}
	e.emit(l)
}

func (e *emitter) notice(n conn.Notice) {
	switch n.Kind {
	case conn.NoticeDropped:
		e.emit(droppedLine{"dropped", n.Type, n.EventID, n.Reason})
	case conn.NoticeGap:
		e.emit(gapLine{"gap", n.Stream, n.Expected, n.Seq})
	case conn.NoticeSnapshot:
		e.emit(snapshotLine{"snapshot", n.Stream, n.Seq})
	case conn.NoticeInvalid:
		msg := n.Err.Error()
		var de *chat.DecodeError
		if errors.As(n.Err, &de) {
			msg = de.Error()
		}
		e.emit(invalidLine{"invalid", msg})
	case conn.NoticeHandlerError:
		e.emit(invalidLine{"invalid", n.Err.Error()})
	}
}

// reply prints the outcome of a request.
func (e *emitter) reply(ref string, reply conn.Message, err error) {
	if err != nil {
		e.emit(sendErrorLine{"send_error", ref, err.Error()})
		return
	}
	ok := true
	if a, isAck := reply.(*chat.Ack); isAck {
		ok = a.Ok
	}
	e.emit(ackLine{"ack", ref, ok})
}
