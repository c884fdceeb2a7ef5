package schema_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/schema"
	"github.com/wsgen/wsgen/wire"
)

func TestGoName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"send_chat", "SendChat"},
		{"id", "ID"},
		{"sent_at", "SentAt"},
		{"heartbeat_ms", "HeartbeatMs"},
		{"userURL", "UserURL"},
		{"HTTPServer", "HTTPServer"},
		{"snapshot-request", "SnapshotRequest"},
		{"after_seq", "AfterSeq"},
		{"4xx", "X4xx"},
		{"already", "Already"},
		{"json_api_id", "JSONAPIID"},
		{"foo\nbar", "FooBar"},
		{"日本", ""},
		{"", ""},
	} {
		if got := schema.GoName(tt.in); got != tt.want {
			t.Errorf("GoName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCanonicalNumber(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"1", "1e0"}, {"1.0", "1e0"}, {"10e-1", "1e0"}, {"100", "1e2"}, {"0.07", "7e-2"},
		{"-0", "0"}, {"0.000", "0"}, {"-2.50", "-25e-1"}, {"1E+3", "1e3"}, {"9007199254740992", "9007199254740992e0"},
	} {
		got := schema.CanonicalNumber(tt.in)
		if got != tt.want {
			t.Errorf("CanonicalNumber(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if w := string(wire.AppendCanonicalNumber(nil, wire.Number(tt.in))); w != got {
			t.Errorf("wire.AppendCanonicalNumber(%q) = %q, schema says %q: generated checks would disagree", tt.in, w, got)
		}
	}
}

func TestLoadChat(t *testing.T) {
	p, err := schema.Load("../testdata/chat/protocol.json")
	if err != nil {
		t.Fatal(err)
	}
	if p.Package != "chat" || p.Discriminator != "type" {
		t.Errorf("Package, Discriminator = %q, %q", p.Package, p.Discriminator)
	}
	var got []string
	for _, m := range p.Messages {
		got = append(got, fmt.Sprintf("%s %s %s", m.Wire, m.GoName, m.Direction))
	}
	want := []string{"welcome Welcome server", "chat Chat server", "presence Presence server", "snapshot Snapshot server",
		"ack Ack server", "error Error server", "send_chat SendChat client", "snapshot_request SnapshotRequest client", "typing Typing client"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
	c := p.Message("chat")
	if c.EventID.Name != "id" || c.Stream.Name != "room" || c.Sequence.Name != "seq" || len(c.Sensitive) != 1 || c.Sensitive[0].Name != "text" {
		t.Errorf("chat roles = %v, sensitive %v", c.Roles(), c.Sensitive)
	}
	if !p.Message("snapshot").SnapshotReply || !p.Message("snapshot_request").SnapshotRequest {
		t.Error("snapshot messages are not marked")
	}
	wantCodes := []schema.CloseCode{{4001, "token_expired", "refresh-auth", 0}, {4003, "forbidden", "stop", 0}, {4029, "rate_limited", "reconnect", 10 * time.Second}, {4400, "bad_message", "stop", 0}}
	if diff := cmp.Diff(wantCodes, p.CloseCodes); diff != "" {
		t.Errorf("close codes (-want +got):\n%s", diff)
	}
	ack := p.Message("ack")
	for _, f := range ack.Type.Properties {
		if f.Required == (f.Name == "error") {
			t.Errorf("ack.%s required = %v", f.Name, f.Required)
		}
	}
	text := c.Type.Properties[5]
	if text.Name != "text" || *text.Type.MinLength != 1 || *text.Type.MaxLength != 4000 || text.Type.Repr != schema.ReprString {
		t.Errorf("chat.text = %+v", text.Type)
	}
}

func TestValidate(t *testing.T) {
	p, err := schema.Load("../testdata/chat/protocol.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		frame, typ string
		valid      bool
	}{
		{`{"type":"typing","room":"a"}`, "typing", true},
		{`{"type":"typing","room":"A"}`, "typing", false},
		{`{"type":"typing"}`, "typing", false},
		{`{"type":"nope"}`, "nope", false},
		{`[1]`, "", false},
		{`{"type":"typing","room":"a"} {}`, "", false},
		{`{`, "", false},
	} {
		typ, err := p.Validate([]byte(tt.frame))
		if typ != tt.typ || (err == nil) != tt.valid {
			t.Errorf("Validate(%s) = %q, %v; want %q, valid=%v", tt.frame, typ, err, tt.typ, tt.valid)
		}
	}
	if _, err := p.Validate([]byte(`{`)); !errors.Is(err, schema.ErrInvalidFrame) {
		t.Errorf("Validate({) = %v, want ErrInvalidFrame", err)
	}
}

func TestErrors(t *testing.T) {
	_, err := schema.Parse("p.json", []byte(`{"oneOf": [{"$ref": "#/$defs/a"}], "$defs": {"a": {"type": "object", "properties": {"type": {"const": "a"}, "x": {"contains": {}}}, "required": ["type"]}}, "x-wsgen": {"package": "p", "bogus": 1}}`))
	var es schema.Errors
	if !errors.As(err, &es) {
		t.Fatalf("Parse error %T, want schema.Errors", err)
	}
	got := strings.Split(err.Error(), "\n")
	want := []string{
		`p.json:#/x-wsgen/bogus: unknown x-wsgen key "bogus" at the root (known: closeCodes, decimal, discriminator, gap, heartbeat, package, precedence)`,
		`p.json:#/$defs/a/properties/x/contains: unsupported keyword "contains"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

// FuzzParse checks that no description makes the loader fail internally.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"oneOf": [{"$ref": "#/$defs/a"}], "$defs": {"a": {"type": "object", "properties": {"type": {"const": "a"}}, "required": ["type"]}}, "x-wsgen": {"package": "p"}}`))
	f.Add([]byte(`{"oneOf": [{"$ref": "#/$defs/a"}], "$defs": {"a": {"type": ["object", 5], "properties": [], "required": {}, "x-wsgen": {"eventId": 3, "sensitive": "x"}}}}`))
	f.Add([]byte(`{"x-wsgen": {"closeCodes": [{"code": "x"}, 5, {"minDelayMs": -1}]}}`))
	f.Add([]byte(`{"oneOf": [{"$ref": "#/$defs/a"}], "$defs": {"a": {"type": "object", "properties": {"type": {"const": 1e1000000000}, "n": {"minimum": 1e-999999999, "multipleOf": 1e999999, "enum": [1e1000]}}, "required": ["type"]}}, "x-wsgen": {"package": "p"}}`))
	f.Add([]byte(`{"oneOf": [{"$ref": "#/$defs/a"}, {"$ref": "#/$defs/b"}], "$defs": {"a": {"type": "array", "prefixItems": [{"type": "integer"}, {"const": "t"}], "items": false, "minItems": 2}, "b": {"type": "array", "items": {"type": "string"}, "maxItems": 3}}, "x-wsgen": {"package": "p"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := schema.Parse("f.json", data)
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatalf("Parse(%q): %v", data, err)
		}
	})
}

func ExampleLoad() {
	p, err := schema.Load("../testdata/chat/protocol.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	m := p.Message("chat")
	fmt.Println(p.Package, len(p.Messages), m.GoName, m.Direction, m.Stream.Name, m.Sequence.Name)

	_, err = schema.Parse("bad.json", []byte(`{"oneOf": [{"$ref": "#/$defs/a"}, {"$ref": "#/$defs/b"}], "x-wsgen": {"package": "p"}, "$defs": {
		"a": {"type": "object", "properties": {"event": {"const": "x"}}, "required": ["event"]},
		"b": {"type": "object", "properties": {"feed": {"enum": ["y", "z"]}}, "required": ["feed"]}}}`))
	fmt.Println(err)
	// Output:
	// chat 9 Chat server room seq
	// bad.json:#/$defs/a: the routes of #/$defs/a and #/$defs/b overlap: both match {"event":"x","feed":"y"} (make them disjoint, or list both in the root x-wsgen precedence)
}
