package schema_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/schema"
)

// seqMsg is a server message "name" with the x-wsgen sequence setting seq and
// integer members s, p, U and u (required), n (optional) and a string t.
func seqMsg(name, seq string) string {
	return `"` + name + `":{"type":"object","x-wsgen":{"direction":"server","stream":"room","sequence":` + seq + `},
  "required":["type","room","s","p","U","u"],"properties":{"type":{"const":"` + name + `"},"room":{"type":"string"},
  "s":{"type":"integer"},"p":{"type":"integer"},"U":{"type":"integer"},"u":{"type":"integer"},"n":{"type":"integer"},"t":{"type":"string"}}}`
}

// seqProtocol is protocolWith and a gap policy (a protocol with a sequence needs one).
func seqProtocol(messages []string, defs string) []byte {
	return bytes.Replace(protocolWith(messages, defs), []byte(`"package":"p"`), []byte(`"package":"p","gap":{"policy":"reconnect"}`), 1)
}

func TestSequenceKinds(t *testing.T) {
	for _, tt := range []struct {
		seq               string
		kind              schema.SequenceKind
		seqF, prev, first string
	}{
		{`"s"`, schema.SeqIncrement, "s", "", ""},
		{`{"kind":"increment","seq":"s"}`, schema.SeqIncrement, "s", "", ""},
		{`{"kind":"chained","seq":"u","prev":"p"}`, schema.SeqChained, "u", "p", ""},
		{`{"kind":"range","first":"U","last":"u"}`, schema.SeqRange, "u", "", "U"},
		{`{"kind":"socket","seq":"n"}`, schema.SeqSocket, "n", "", ""},
	} {
		t.Run(string(tt.kind)+" "+tt.seq, func(t *testing.T) {
			p, err := schema.Parse("p.json", seqProtocol([]string{"a"}, seqMsg("a", tt.seq)))
			if err != nil {
				t.Fatal(err)
			}
			m := p.Messages[0]
			name := func(f *schema.Field) string {
				if f == nil {
					return ""
				}
				return f.Name
			}
			if m.SequenceKind != tt.kind || name(m.Sequence) != tt.seqF || name(m.SequencePrev) != tt.prev || name(m.SequenceFirst) != tt.first {
				t.Errorf("kind %q seq %q prev %q first %q, want %q %q %q %q", m.SequenceKind, name(m.Sequence), name(m.SequencePrev), name(m.SequenceFirst), tt.kind, tt.seqF, tt.prev, tt.first)
			}
		})
	}
}

func TestSequenceKindRefusals(t *testing.T) {
	const ptr = "#/$defs/a/x-wsgen/sequence"
	snapReq := `"req":{"type":"object","x-wsgen":{"direction":"client","snapshot":"request","stream":"room","sequence":"after"},
  "required":["type"],"properties":{"type":{"const":"req"},"room":{"type":"string"},"after":{"type":"integer"}}}`
	for _, tt := range []struct {
		name, seq, ptr, reason string
		more                   string // another message, named b or req
	}{
		{name: "unknown kind", seq: `{"kind":"sometimes","seq":"s"}`, ptr: ptr + "/kind",
			reason: `sequence kind must be "increment", "chained", "range" or "socket"`},
		{name: "no kind", seq: `{"seq":"s"}`, ptr: ptr + "/kind",
			reason: `sequence kind must be "increment", "chained", "range" or "socket"`},
		{name: "chained without prev", seq: `{"kind":"chained","seq":"s"}`, ptr: ptr,
			reason: `a chained sequence needs "prev" (the member holding the previous event's sequence)`},
		{name: "range without first", seq: `{"kind":"range","last":"u"}`, ptr: ptr,
			reason: `a range sequence needs "first" (the member holding the first update id the event covers)`},
		{name: "range with seq", seq: `{"kind":"range","seq":"s","first":"U","last":"u"}`, ptr: ptr + "/seq",
			reason: `a range sequence takes "last" and "first", not "seq"`},
		{name: "missing member", seq: `{"kind":"chained","seq":"s","prev":"nope"}`, ptr: ptr + "/prev",
			reason: `sequence/prev names "nope", which is not a property of the message`},
		{name: "string prev", seq: `{"kind":"chained","seq":"s","prev":"t"}`, ptr: ptr + "/prev",
			reason: `the sequence field "t" must be a plain (non-null, non-enum) integer`},
		{name: "string first", seq: `{"kind":"range","first":"t","last":"u"}`, ptr: ptr + "/first",
			reason: `the sequence field "t" must be a plain (non-null, non-enum) integer`},
		{name: "prev is seq", seq: `{"kind":"chained","seq":"s","prev":"s"}`, ptr: ptr + "/prev",
			reason: `seq and prev name the same member "s": an event would cover nothing`},
		{name: "optional prev", seq: `{"kind":"chained","seq":"s","prev":"n"}`, ptr: ptr + "/prev",
			reason: `the prev member "n" must be required: an event without it cannot be placed in its stream`},
		{name: "kinds mixed on one stream", seq: `{"kind":"range","first":"U","last":"u"}`, more: seqMsg("b", `"s"`),
			ptr: "#/$defs/b/x-wsgen/sequence", reason: `sequence kind "increment" on the stream member "room", which a orders by kind "range": events of one stream advance by one rule (give them different stream members, or one kind)`},
		{name: "snapshot reply range", seq: `{"kind":"range","first":"U","last":"u"}`, more: snapReq,
			ptr: ptr, reason: `a snapshot's sequence is the point it covers its stream up to: name one member ("sequence": "u"), not a range sequence`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			defs := seqMsg("a", tt.seq)
			msgs := []string{"a"}
			if tt.more != "" {
				defs += "," + tt.more
				msgs = append(msgs, tt.more[1:strings.Index(tt.more[1:], `"`)+1])
			}
			if strings.HasPrefix(tt.name, "snapshot") {
				defs = strings.Replace(defs, `"direction":"server"`, `"direction":"server","snapshot":"reply"`, 1)
			}
			_, err := schema.Parse("p.json", seqProtocol(msgs, defs))
			var es schema.Errors
			if !errors.As(err, &es) {
				t.Fatalf("Parse = %v, want Errors", err)
			}
			for _, e := range es {
				if e.Pointer == tt.ptr && e.Reason == tt.reason {
					return
				}
			}
			t.Errorf("Parse errors:\n%v\nwant p.json:%s: %s", err, tt.ptr, tt.reason)
		})
	}
}
