package chat_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/generated/chat"
)

func validChat() *chat.Chat {
	return &chat.Chat{ID: "e1", Room: "general", Seq: 7, From: "ann", Text: "hi", SentAt: "2026-01-02T03:04:05Z"}
}

// TestEncodeRefusesInvalid checks that Encode (and Validate) refuse, before writing, one
// value per kind of constraint the decoder checks, with an *EncodeError naming the message
// type and the JSON pointer of the value at fault, and that Decode refuses the frame an
// unchecked encoder would have written, at the same pointer.
func TestEncodeRefusesInvalid(t *testing.T) {
	long := strings.Repeat("é", 65) // 65 code points, 130 bytes
	for _, tt := range []struct {
		name   string
		m      chat.Message
		ptr    string
		reason string
		// decodes: the frame an unchecked encoder writes (json.Marshal and the type) is
		// refused by Decode at the same pointer (not checked when json.Marshal changes
		// the value or omits nested discriminators, or Decode meets another fault first).
		decodes bool
	}{
		{"minLength", func() chat.Message { m := validChat(); m.ID = ""; return m }(), "/id", "string shorter than 1 character", true},
		{"maxLength in code points", func() chat.Message { m := validChat(); m.From = long; return m }(), "/from", "string longer than 64 characters", true},
		{"pattern", func() chat.Message { m := validChat(); m.Room = "General Room"; return m }(), "/room", "string does not match pattern", true},
		// room's pattern admits only plain ASCII, so a matching room is copied without the
		// escaping pass: its length is still checked, with the decoder's reason.
		{"maxLength of a plain-pattern string", func() chat.Message { m := validChat(); m.Room = strings.Repeat("a", 65); return m }(), "/room", "string longer than 64 characters", true},
		{"minLength before pattern", func() chat.Message { m := validChat(); m.Room = ""; return m }(), "/room", "string shorter than 1 character", true},
		{"maxLength before pattern", func() chat.Message { m := validChat(); m.Room = strings.Repeat("A", 65); return m }(), "/room", "string longer than 64 characters", true},
		{"minimum", func() chat.Message { m := validChat(); m.Seq = 0; return m }(), "/seq", "less than the minimum 1", true},
		{"integer range", &chat.Welcome{Session: "s", HeartbeatMs: 300001}, "/heartbeat_ms", "greater than the maximum 300000", true},
		{"enum, empty", &chat.Presence{ID: "p1", User: "ann"}, "/status", "string is not one of the enum values", true},
		{"enum, other", &chat.Presence{ID: "p1", User: "ann", Status: "busy"}, "/status", "string is not one of the enum values", true},
		{"invalid UTF-8", func() chat.Message { m := validChat(); m.Text = "a\xffb"; return m }(), "/text", "string is not valid UTF-8", false},
		{"maxItems", &chat.Snapshot{Ref: "q", Room: "general", Messages: make(chat.SnapshotMessages, 1001)}, "/messages", "more than 1000 items", false},
		{"nested object in an array", &chat.Snapshot{Ref: "q", Room: "general", Messages: chat.SnapshotMessages{*validChat(), *validChat(), *validChat(), {ID: "x", Room: "general", Seq: 1, From: "a", Text: ""}}}, "/messages/3/text", "string shorter than 1 character", false},
		{"nested pattern in an array", &chat.Snapshot{Ref: "q", Room: "general", Messages: chat.SnapshotMessages{*validChat(), {ID: "x", Room: "-x", Seq: 1, From: "a", Text: "t"}}}, "/messages/1/room", "string does not match pattern", false},
		{"client message", &chat.SendChat{Ref: "r", Key: "k", Room: "general"}, "/text", "string shorter than 1 character", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, err := chat.Encode(tt.m)
			var ee *chat.EncodeError
			if !errors.As(err, &ee) {
				t.Fatalf("Encode = %s, %v; want an *EncodeError", out, err)
			}
			if out != nil {
				t.Errorf("Encode returned %d bytes with its error", len(out))
			}
			if ee.Type != tt.m.MessageType() || ee.Pointer != tt.ptr || !strings.Contains(ee.Reason, tt.reason) {
				t.Errorf("Encode = %+v, want Type %q Pointer %q Reason containing %q", *ee, tt.m.MessageType(), tt.ptr, tt.reason)
			}
			v, ok := tt.m.(interface{ Validate() error })
			if !ok {
				t.Fatalf("%T has no Validate method", tt.m)
			}
			if diff := cmp.Diff(err, v.Validate()); diff != "" {
				t.Errorf("Validate differs from Encode's error (-Encode +Validate):\n%s", diff)
			}
			if !tt.decodes {
				return
			}
			frame := unchecked(t, tt.m)
			_, err = chat.Decode(frame)
			var de *chat.DecodeError
			if !errors.As(err, &de) || de.Pointer != tt.ptr || de.Reason != ee.Reason {
				t.Errorf("Decode(%s) = %v, want a refusal at %s: %s", frame, err, tt.ptr, ee.Reason)
			}
		})
	}
}

// unchecked is the frame m makes without checks: json.Marshal and the discriminator.
func unchecked(t *testing.T, m chat.Message) []byte {
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var obj map[string]any
	if err := json.Unmarshal(data, &obj); err != nil {
		t.Fatal(err)
	}
	obj["type"] = m.MessageType()
	if data, err = json.Marshal(obj); err != nil {
		t.Fatal(err)
	}
	return data
}

// TestEncodeReasonNoValue checks that the reason of a refused sensitive member does not
// quote its value.
func TestEncodeReasonNoValue(t *testing.T) {
	m := validChat()
	m.Text = strings.Repeat("secret ", 1000)
	_, err := chat.Encode(m)
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Fatalf("Encode = %v, want a refusal that does not quote the text", err)
	}
}

// TestValidFramesValidate checks that every valid frame of the testdata decodes to a
// message whose Validate is nil and whose Encode decodes to an equal message.
func TestValidFramesValidate(t *testing.T) {
	n := 0
	for _, fr := range loadFrames(t) {
		if !fr.valid {
			continue
		}
		m, err := chat.Decode(fr.data)
		if err != nil {
			t.Fatalf("Decode(%s) = %v", fr.data, err)
		}
		if err := m.(interface{ Validate() error }).Validate(); err != nil {
			t.Errorf("Validate of Decode(%s) = %v", fr.data, err)
		}
		out, err := chat.Encode(m)
		if err != nil {
			t.Fatalf("Encode(Decode(%s)) = %v", fr.data, err)
		}
		m2, err := chat.Decode(out)
		if err != nil {
			t.Fatalf("Decode(Encode(Decode(%s))) = %v", fr.data, err)
		}
		if diff := cmp.Diff(m, m2); diff != "" {
			t.Errorf("round trip of %s (-before +after):\n%s", fr.data, diff)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no valid frames")
	}
}

// TestValidateNamedType checks Validate on a named type that is not a message: the
// pointer is relative to the value and Type is empty.
func TestValidateNamedType(t *testing.T) {
	msgs := chat.SnapshotMessages{*validChat(), {ID: "x", Room: "general", Seq: 1, From: "a", Text: "t"}}
	if err := msgs.Validate(); err != nil {
		t.Fatalf("Validate = %v", err)
	}
	msgs[1].Seq = -1
	var ee *chat.EncodeError
	if err := msgs.Validate(); !errors.As(err, &ee) || ee.Type != "" || ee.Pointer != "/1/seq" {
		t.Fatalf("Validate = %v, want an *EncodeError at /1/seq", err)
	}
}
