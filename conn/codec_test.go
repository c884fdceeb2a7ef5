package conn

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wsgen/wsgen/fsm"
)

// A tiny hand-written chat-like codec for this package's tests (the
// integration tests also run against the generated chat package).

type tChat struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	Room string `json:"room"`
	Seq  int64  `json:"seq"`
	Text string `json:"text"` // sensitive
}

func (m *tChat) MessageType() string { return "chat" }
func (m *tChat) RoleEventID() string { return m.ID }
func (m *tChat) RoleStream() string  { return m.Room }
func (m *tChat) RoleSequence() int64 { return m.Seq }
func (m *tChat) LogValue() slog.Value {
	return slog.GroupValue(slog.String("type", "chat"), slog.String("id", m.ID), slog.String("room", m.Room), slog.Int64("seq", m.Seq))
}

type tAck struct {
	Type string `json:"type"`
	Ref  string `json:"ref"`
	OK   bool   `json:"ok"`
}

func (m *tAck) MessageType() string       { return "ack" }
func (m *tAck) RoleCorrelationID() string { return m.Ref }

type tSend struct {
	Type string `json:"type"`
	Ref  string `json:"ref"`
	Key  string `json:"key"`
	Room string `json:"room"`
	Text string `json:"text"` // sensitive
}

func (m *tSend) MessageType() string            { return "send_chat" }
func (m *tSend) RoleCorrelationID() string      { return m.Ref }
func (m *tSend) SetRoleCorrelationID(s string)  { m.Ref = s }
func (m *tSend) RoleIdempotencyKey() string     { return m.Key }
func (m *tSend) SetRoleIdempotencyKey(s string) { m.Key = s }
func (m *tSend) LogValue() slog.Value {
	return slog.GroupValue(slog.String("type", "send_chat"), slog.String("ref", m.Ref), slog.String("key", m.Key))
}

type tSnapReq struct {
	Type     string `json:"type"`
	Ref      string `json:"ref"`
	Room     string `json:"room"`
	AfterSeq int64  `json:"after_seq"`
}

func (m *tSnapReq) MessageType() string           { return "snapshot_request" }
func (m *tSnapReq) RoleCorrelationID() string     { return m.Ref }
func (m *tSnapReq) SetRoleCorrelationID(s string) { m.Ref = s }

type tSnap struct {
	Type   string  `json:"type"`
	Ref    string  `json:"ref"`
	Room   string  `json:"room"`
	Seq    int64   `json:"seq"`
	Events []tChat `json:"events,omitempty"`
}

func (m *tSnap) FilterEvents(keep func(eventID string) bool) {
	m.Events = slices.DeleteFunc(m.Events, func(e tChat) bool { return !keep(e.ID) })
}

func (m *tSnap) MessageType() string       { return "snapshot" }
func (m *tSnap) RoleCorrelationID() string { return m.Ref }
func (m *tSnap) RoleStream() string        { return m.Room }
func (m *tSnap) RoleSequence() int64       { return m.Seq }

type tTyping struct {
	Type string `json:"type"`
	Room string `json:"room"`
}

func (m *tTyping) MessageType() string { return "typing" }

// A JSON heartbeat of the server and its answer, echoing ts.
type tPing struct {
	Type string `json:"type"`
	TS   int64  `json:"ts"`
}

func (m *tPing) MessageType() string { return "ping" }

type tPong struct {
	Type string `json:"type"`
	TS   int64  `json:"ts"`
}

func (m *tPong) MessageType() string { return "pong" }

// answerPing is the Heartbeat.Answer of the test protocol's JSON ping.
func answerPing(m Message) Message {
	if p, ok := m.(*tPing); ok {
		return &tPong{TS: p.TS}
	}
	return nil
}

type testCodec struct{}

func (testCodec) Decode(data []byte) (Message, error) {
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, err
	}
	var m Message
	switch head.Type {
	case "chat":
		m = &tChat{}
	case "ack":
		m = &tAck{}
	case "send_chat":
		m = &tSend{}
	case "snapshot_request":
		m = &tSnapReq{}
	case "snapshot":
		m = &tSnap{}
	case "typing":
		m = &tTyping{}
	case "ping":
		m = &tPing{}
	case "pong":
		m = &tPong{}
	case "chained":
		m = &tChained{}
	case "range":
		m = &tRange{}
	case "socket_seq":
		m = &tSocketSeq{}
	default:
		return nil, fmt.Errorf("unknown type %q", head.Type)
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(m); err != nil {
		return nil, err
	}
	return m, nil
}

func (testCodec) Encode(m Message) ([]byte, error) {
	switch m := m.(type) {
	case *tChat:
		m.Type = "chat"
	case *tAck:
		m.Type = "ack"
	case *tSend:
		m.Type = "send_chat"
	case *tSnapReq:
		m.Type = "snapshot_request"
	case *tSnap:
		m.Type = "snapshot"
	case *tTyping:
		m.Type = "typing"
	case *tPong:
		m.Type = "pong"
	default:
		return nil, errors.New("unknown message")
	}
	return json.Marshal(m)
}

func testProtocol() *Protocol {
	return &Protocol{
		Codec:             testCodec{},
		SnapshotRequest:   func(room string, after int64) Message { return &tSnapReq{Room: room, AfterSeq: after} },
		SnapshotReplyType: "snapshot",
		ReplyTypes:        []string{"ack", "snapshot"},
		CloseRules: []fsm.CloseRule{
			{Code: 4001, Name: "token expired", Action: fsm.CloseRefreshAuth},
			{Code: 4003, Name: "banned", Action: fsm.CloseStop},
			{Code: 4029, Name: "slow down", Action: fsm.CloseReconnect, MinDelay: 50 * time.Millisecond},
		},
	}
}

func chatJSON(room string, seq int) []byte {
	return fmt.Appendf(nil, `{"type":"chat","id":"%s-%d","room":"%s","seq":%d,"text":"secret text %d"}`, room, seq, room, seq, seq)
}

// recorder collects what a Client delivers.
type recorder struct {
	mu      sync.Mutex
	msgs    []string
	notices []Notice
	states  []StateChange
	changed chan struct{}
}

func newRecorder() *recorder { return &recorder{changed: make(chan struct{}, 1)} }

func (r *recorder) poke() {
	select {
	case r.changed <- struct{}{}:
	default:
	}
}

func (r *recorder) HandleMessage(_ context.Context, m Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := m.MessageType()
	switch m := m.(type) {
	case *tChat:
		s = fmt.Sprintf("chat %s", m.ID)
	case *tSnap:
		s = fmt.Sprintf("snapshot %s@%d", m.Room, m.Seq)
		if len(m.Events) > 0 {
			var ids []string
			for _, e := range m.Events {
				ids = append(ids, e.ID)
			}
			s += " [" + strings.Join(ids, " ") + "]"
		}
	case *tAck:
		s = fmt.Sprintf("ack %s", m.Ref)
	case *tChained:
		s = fmt.Sprintf("chained %s", m.ID)
	case *tRange:
		s = fmt.Sprintf("range %s", m.ID)
	case *tSocketSeq:
		s = fmt.Sprintf("socket_seq %s", m.ID)
	}
	r.msgs = append(r.msgs, s)
	r.poke()
	return nil
}

func (r *recorder) notice(n Notice) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notices = append(r.notices, n)
	r.poke()
}

func (r *recorder) state(sc StateChange) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.states = append(r.states, sc)
	r.poke()
}

func (r *recorder) Msgs() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.msgs...)
}

func (r *recorder) Notices() []Notice {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Notice(nil), r.notices...)
}

// Transitions returns "from>to" for every state change seen.
func (r *recorder) Transitions() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, s := range r.states {
		out = append(out, string(s.From)+">"+string(s.To))
	}
	return out
}

func (r *recorder) States() []StateChange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]StateChange(nil), r.states...)
}

// waitFor polls cond until it holds or timeout passes (real sockets: no
// synctest here); it fails the test with what was last seen.
func (r *recorder) waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-r.changed:
		case <-tick.C:
		case <-deadline.C:
			t.Fatalf("timed out waiting for %s; msgs %q, transitions %q, notices %+v", what, r.Msgs(), r.Transitions(), r.Notices())
		}
	}
}

// Sequence kinds (seqkinds.go): chat events whose sequence is chained,
// a range, or restarts on every socket.

type tChained struct {
	tChat
	Prev int64 `json:"prev"`
}

func (m *tChained) MessageType() string     { return "chained" }
func (m *tChained) RoleSequencePrev() int64 { return m.Prev }

type tRange struct {
	tChat
	First int64 `json:"first"`
}

func (m *tRange) MessageType() string      { return "range" }
func (m *tRange) RoleSequenceFirst() int64 { return m.First }

type tSocketSeq struct{ tChat }

func (m *tSocketSeq) MessageType() string    { return "socket_seq" }
func (m *tSocketSeq) RoleSequencePerSocket() {}
