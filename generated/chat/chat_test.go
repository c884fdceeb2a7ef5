package chat_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/generated/chat"
	"github.com/wsgen/wsgen/schema"
	"github.com/wsgen/wsgen/wire"
)

const protocolPath = "../../testdata/chat/protocol.json"

type frame struct {
	valid bool
	data  []byte
}

// loadFrames reads testdata/chat/frames.txt.
func loadFrames(tb testing.TB) []frame {
	tb.Helper()
	f, err := os.Open("../../testdata/chat/frames.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []frame
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		verdict, data, ok := strings.Cut(line, "\t")
		if !ok || (verdict != "valid" && verdict != "invalid") {
			tb.Fatalf("bad frames.txt line %q", line)
		}
		out = append(out, frame{verdict == "valid", []byte(data)})
	}
	return out
}

func loadProtocol(tb testing.TB) *schema.Protocol {
	tb.Helper()
	p, err := schema.Load(protocolPath)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestFrames(t *testing.T) {
	p := loadProtocol(t)
	for _, f := range loadFrames(t) {
		_, err := chat.Decode(f.data)
		if got := err == nil; got != f.valid {
			t.Errorf("Decode(%s) error = %v, want valid=%v", f.data, err, f.valid)
		}
		if err != nil {
			var de *chat.DecodeError
			if !errors.As(err, &de) {
				t.Errorf("Decode(%s) error %T is not a *DecodeError", f.data, err)
			}
		}
		if _, verr := p.Validate(f.data); (verr == nil) != f.valid {
			t.Errorf("Validate(%s) = %v, want valid=%v (the frames file is wrong)", f.data, verr, f.valid)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tt := range []struct {
		name, frame          string
		typ, pointer, reason string
		is                   error
	}{
		{"unknown type", `{"type":"nope"}`, "nope", "", "unknown message type", chat.ErrUnknownType},
		{"missing member", `{"type":"typing"}`, "typing", "", `missing required member "room"`, nil},
		{"pattern", `{"type":"typing","room":"A"}`, "typing", "/room", "does not match pattern", nil},
		{"minimum", `{"type":"chat","id":"e","room":"r","seq":0,"from":"a","text":"t","sent_at":"x"}`, "chat", "/seq", "less than the minimum 1", nil},
		{"nested", `{"type":"snapshot","ref":"r","room":"a","seq":1,"messages":[{"type":"chat","id":"e","room":"r","seq":1,"from":"a","text":"","sent_at":"x"}]}`, "snapshot", "/messages/0/text", "shorter than 1 character", nil},
		{"not allowed", `{"type":"typing","room":"a","x":1}`, "typing", "/x", "not allowed", nil},
		{"duplicate", `{"type":"typing","room":"a","room":"b"}`, "typing", "/room", "duplicate member", wire.ErrDuplicateKey},
		{"invalid UTF-8", "{\"type\":\"typing\",\"room\":\"a\xff\"}", "typing", "/room", "UTF-8", wire.ErrInvalidUTF8},
		{"lone surrogate", `{"type":"typing","room":"\ud800"}`, "typing", "/room", "surrogate", wire.ErrLoneSurrogate},
		{"int64 range", `{"type":"snapshot_request","ref":"r","room":"a","after_seq":1e19}`, "snapshot_request", "/after_seq", "out of range", wire.ErrRange},
		{"not integer", `{"type":"snapshot_request","ref":"r","room":"a","after_seq":1.5}`, "snapshot_request", "/after_seq", "expected integer", nil},
		{"wrong kind", `{"type":"ack","ref":"r","ok":"yes"}`, "ack", "/ok", "expected boolean, got string", nil},
		{"enum", `{"type":"presence","id":"p","user":"u","status":"busy"}`, "presence", "/status", "enum", nil},
		{"not an object", `[]`, "", "", "expected object, got array", nil},
		{"discriminator kind", `{"type":1}`, "", "/type", "expected string, got number", nil},
		{"trailing data", `{"type":"typing","room":"a"}{}`, "typing", "", "after top-level value", nil},
		{"unknown type, malformed", `{"type":"nope","x":[1,}`, "", "", "syntax error", nil},
		{"unknown type, duplicate", `{"type":"nope","x":1,"x":2}`, "", "/x", "duplicate", wire.ErrDuplicateKey},
		// Decode goes on after the discriminator route read first: a second one is a duplicate.
		{"duplicate discriminator", `{"type":"typing","type":"typing","room":"a"}`, "typing", "/type", "duplicate member", wire.ErrDuplicateKey},
		{"duplicate discriminator, other value", `{"type":"typing","room":"a","type":"chat"}`, "typing", "/type", "duplicate member", wire.ErrDuplicateKey},
		{"after the discriminator, malformed", `{"type":"typing" "room":"a"}`, "typing", "", "expected ',' or '}'", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := chat.Decode([]byte(tt.frame))
			var de *chat.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("Decode(%s) = %v, want a *DecodeError", tt.frame, err)
			}
			if de.Type != tt.typ || de.Pointer != tt.pointer || !strings.Contains(de.Reason, tt.reason) {
				t.Errorf("Decode(%s) = {Type %q, Pointer %q, Reason %q}, want {%q, %q, containing %q}", tt.frame, de.Type, de.Pointer, de.Reason, tt.typ, tt.pointer, tt.reason)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("Decode(%s) = %v, want errors.Is %v", tt.frame, err, tt.is)
			}
		})
	}
}

// TestDecodeDiscriminatorAnywhere: the discriminator first (route's read is kept), later,
// or escaped, the message decodes the same.
func TestDecodeDiscriminatorAnywhere(t *testing.T) {
	for _, frame := range []string{
		`{"type":"typing","room":"a"}`,
		`{"room":"a","type":"typing"}`,
		` { "type" : "typ\u0069ng" , "room" : "a" } `,
		`{"\u0074ype":"typing","room":"a"}`,
	} {
		m, err := chat.Decode([]byte(frame))
		if err != nil {
			t.Errorf("Decode(%s): %v", frame, err)
			continue
		}
		if x, ok := m.(*chat.Typing); !ok || x.Room != "a" {
			t.Errorf("Decode(%s) = %#v, want Typing{Room: \"a\"}", frame, m)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	for _, f := range loadFrames(t) {
		if !f.valid {
			continue
		}
		m, err := chat.Decode(f.data)
		if err != nil {
			t.Fatalf("Decode(%s): %v", f.data, err)
		}
		out, err := chat.Encode(m)
		if err != nil {
			t.Fatalf("Encode(%s): %v", f.data, err)
		}
		m2, err := chat.Decode(out)
		if err != nil {
			t.Fatalf("Decode(Encode(%s)) = %v (encoded %s)", f.data, err, out)
		}
		if diff := cmp.Diff(m, m2); diff != "" {
			t.Errorf("Decode(Encode(%s)) differs (-first +second):\n%s", f.data, diff)
		}
		again, _ := chat.Encode(m2)
		if !bytes.Equal(out, again) {
			t.Errorf("Encode is not stable: %s then %s", out, again)
		}
	}
}

func TestEncodeBytes(t *testing.T) {
	m := &chat.Ack{Ref: "r1", Ok: false, Error: ptr("a <b> & \"c\"")}
	got, err := chat.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"type":"ack","ref":"r1","ok":false,"error":"a <b> & \"c\""}` // no HTML escapes
	if string(got) != want {
		t.Errorf("Encode(%+v) = %s, want %s", m, got, want)
	}
	if _, err := chat.Encode(nil); err == nil {
		t.Error("Encode(nil) succeeded")
	}
	if _, err := chat.Encode((*chat.Ack)(nil)); err == nil {
		t.Error("Encode((*Ack)(nil)) succeeded")
	}
}

func ptr[T any](v T) *T { return &v }

func TestLogValueHidesSensitive(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	m := &chat.SendChat{Ref: "r9", Key: "k9", Room: "general", Text: "secret text"}
	log.Info("send", "msg", m)
	out := buf.String()
	for _, want := range []string{"msg.type=send_chat", "msg.ref=r9", "msg.key=k9", "msg.room=general"} {
		if !strings.Contains(out, want) {
			t.Errorf("log %q lacks %q", out, want)
		}
	}
	if strings.Contains(out, "secret") {
		t.Errorf("log %q shows the sensitive text", out)
	}
}

func TestRoles(t *testing.T) {
	c := &chat.Chat{ID: "e1", Room: "general", Seq: 7}
	if c.RoleEventID() != "e1" || c.RoleStream() != "general" || c.RoleSequence() != 7 {
		t.Errorf("Chat roles = %q %q %d", c.RoleEventID(), c.RoleStream(), c.RoleSequence())
	}
	s := &chat.SendChat{}
	s.SetRoleCorrelationID("r1")
	s.SetRoleIdempotencyKey("k1")
	if s.Ref != "r1" || s.Key != "k1" || s.RoleCorrelationID() != "r1" || s.RoleIdempotencyKey() != "k1" {
		t.Errorf("SendChat after setters = %+v", s)
	}
	req := chat.NewSnapshotRequest("general", 41)
	r, ok := req.(*chat.SnapshotRequest)
	if !ok || r.Room != "general" || r.AfterSeq != 41 || req.MessageType() != chat.SnapshotRequestType {
		t.Errorf("NewSnapshotRequest = %#v", req)
	}
	if chat.SnapshotReplyType != chat.TypeSnapshot {
		t.Errorf("SnapshotReplyType = %q", chat.SnapshotReplyType)
	}
	at, err := (&chat.Chat{SentAt: "2026-11-25T09:14:03.512Z"}).SentAtTime()
	if err != nil || !at.Equal(time.Date(2026, 11, 25, 9, 14, 3, 512e6, time.UTC)) {
		t.Errorf("SentAtTime = %v, %v", at, err)
	}
}

func TestTables(t *testing.T) {
	want := []chat.CloseCode{
		{Code: 4001, Name: "token_expired", Action: "refresh-auth"},
		{Code: 4003, Name: "forbidden", Action: "stop"},
		{Code: 4029, Name: "rate_limited", Action: "reconnect", MinDelay: 10 * time.Second},
		{Code: 4400, Name: "bad_message", Action: "stop"},
	}
	if diff := cmp.Diff(want, chat.CloseCodes()); diff != "" {
		t.Errorf("CloseCodes (-want +got):\n%s", diff)
	}
	inbound := map[string]bool{}
	for _, mi := range chat.Messages() {
		inbound[mi.Type] = mi.Inbound
		if got := mi.New().MessageType(); got != mi.Type {
			t.Errorf("Messages[%q].New().MessageType() = %q", mi.Type, got)
		}
	}
	wantIn := map[string]bool{"welcome": true, "chat": true, "presence": true, "snapshot": true, "ack": true, "error": true, "send_chat": false, "snapshot_request": false, "typing": false}
	if diff := cmp.Diff(wantIn, inbound); diff != "" {
		t.Errorf("inbound messages (-want +got):\n%s", diff)
	}
	mi, ok := chat.LookupMessage("chat")
	if !ok || mi.EventID != "id" || mi.Stream != "room" || mi.Sequence != "seq" || len(mi.Sensitive) != 1 {
		t.Errorf("LookupMessage(chat) = %+v, %v", mi, ok)
	}
	// The tables are copies: what one caller changes, the next does not see.
	mi.Sensitive[0] = "changed"
	cc := chat.CloseCodes()
	cc[0].Action = "changed"
	ms := chat.Messages()
	ms[1].Type, ms[1].Sensitive[0] = "changed", "changed"
	if again, _ := chat.LookupMessage("chat"); again.Sensitive[0] != "text" {
		t.Errorf("a caller changed LookupMessage's table: Sensitive = %q", again.Sensitive)
	}
	if chat.CloseCodes()[0].Action != "refresh-auth" || chat.Messages()[1].Type != "chat" || chat.Messages()[1].Sensitive[0] != "text" {
		t.Error("a caller changed CloseCodes() or Messages() for the next one")
	}
}

type recorder struct {
	chat.UnimplementedHandler
	got []string
}

func (r *recorder) OnChat(_ context.Context, m *chat.Chat) error {
	r.got = append(r.got, "chat "+m.Text)
	return nil
}

func (r *recorder) OnUnknown(_ context.Context, typ string, frame []byte) error {
	r.got = append(r.got, "unknown "+typ)
	return nil
}

func TestDispatch(t *testing.T) {
	r := &recorder{}
	ctx := context.Background()
	for _, f := range []string{
		`{"type":"chat","id":"e1","room":"a","seq":1,"from":"x","text":"hi","sent_at":"x"}`,
		`{"type":"ack","ref":"r","ok":true}`,
		`{"type":"future","x":1}`,
		`{"type":"typing","room":"a"}`,
	} {
		if err := chat.DispatchFrame(ctx, r, []byte(f)); err != nil {
			t.Errorf("DispatchFrame(%s) = %v", f, err)
		}
	}
	if err := chat.DispatchFrame(ctx, r, []byte(`{"type":"chat"}`)); err == nil {
		t.Error("DispatchFrame of an invalid chat succeeded")
	}
	if err := chat.Dispatch(ctx, r, nil); err == nil {
		t.Error("Dispatch(nil) succeeded")
	}
	want := []string{"chat hi", "unknown future", "unknown typing"}
	if diff := cmp.Diff(want, r.got); diff != "" {
		t.Errorf("dispatched (-want +got):\n%s", diff)
	}
}

func TestDeepNesting(t *testing.T) {
	deep := `{"type":"typing","room":"a","x":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + `}`
	if _, err := chat.Decode([]byte(deep)); err == nil {
		t.Error("Decode of a deeply nested frame succeeded")
	}
}

// TestEncodeAllocs: Encode allocates once, the result, for a small frame and for a
// 50-message snapshot with escapes (the scratch buffer is pooled).
func TestEncodeAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop buffers")
	}
	c := &chat.Chat{ID: "e1", Room: "general", Seq: 7, From: "ann", Text: "<b>\"quoted\"</b>\n\u2028 café", SentAt: "2026-01-02T03:04:05Z"}
	s := &chat.Snapshot{Ref: "q1", Room: "general", Seq: 60}
	for range 50 {
		s.Messages = append(s.Messages, *c)
	}
	for _, m := range []chat.Message{c, s} {
		want, err := chat.Encode(m)
		if err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() {
			if got, _ := chat.Encode(m); len(got) != len(want) {
				t.Fatal("length changed")
			}
		}); n > 1 {
			t.Errorf("Encode(%s) of %d bytes: %v allocations, want 1", m.MessageType(), len(want), n)
		}
	}
}
