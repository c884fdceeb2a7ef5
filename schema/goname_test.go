package schema_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/schema"
)

// protocolWith is a protocol with the messages and shared types given as $defs members
// (JSON text), messages listed in the root oneOf.
func protocolWith(messages []string, defs string) []byte {
	var oneOf []string
	for _, m := range messages {
		oneOf = append(oneOf, `{"$ref":"#/$defs/`+m+`"}`)
	}
	return []byte(`{"$schema":"https://json-schema.org/draft/2020-12/schema","x-wsgen":{"package":"p"},
"oneOf":[` + strings.Join(oneOf, ",") + `],"$defs":{` + defs + `}}`)
}

func TestGoNameOverride(t *testing.T) {
	src := protocolWith([]string{"message"}, `
"message":{"type":"object","x-wsgen":{"goName":"ChatMessage","direction":"server"},"required":["type","text","decode"],
  "properties":{"type":{"const":"message"},"text":{"type":"string"},
    "decode":{"type":"string","x-wsgen":{"goName":"DecodeHint"}},
    "extra":{"$ref":"#/$defs/handler","x-wsgen":{"goName":"Via"}},
    "userId":{"type":"object","x-wsgen":{"goName":"Owner"},"properties":{"n":{"type":"integer"}}}}},
"handler":{"type":"string","enum":["a","b"],"x-wsgen":{"goName":"HandlerKind"}}`)
	p, err := schema.Parse("p.json", src)
	if err != nil {
		t.Fatal(err)
	}
	m := p.Messages[0]
	if m.GoName != "ChatMessage" || m.ConstName != "TypeChatMessage" || m.Type.GoName != "ChatMessage" {
		t.Errorf("message GoName, ConstName, Type.GoName = %s, %s, %s; want ChatMessage, TypeChatMessage, ChatMessage", m.GoName, m.ConstName, m.Type.GoName)
	}
	var got []string
	for _, f := range m.Type.Properties {
		got = append(got, f.GoName)
	}
	if want := "Type Text DecodeHint Via Owner"; strings.Join(got, " ") != want {
		t.Errorf("field Go names = %v, want %s", got, want)
	}
	var types []string
	for _, ty := range p.Types {
		types = append(types, ty.GoName)
	}
	if want := "HandlerKind ChatMessageOwner"; strings.Join(types, " ") != want {
		t.Errorf("type Go names = %v, want %s", types, want)
	}
	if ev := p.Types[0].EnumValues; len(ev) != 2 || ev[0].GoName != "HandlerKindA" {
		t.Errorf("enum constants = %v, want HandlerKindA, HandlerKindB", ev)
	}
}

func TestGoNameRefusals(t *testing.T) {
	msg := func(props, extra string) string {
		return `"a":{"type":"object","required":["type"]` + extra + `,"properties":{"type":{"const":"a"}` + props + `}}`
	}
	for _, tt := range []struct {
		name     string
		messages []string
		defs     string
		ptr      string
		reason   string
	}{
		{"reserved message name", []string{"message"}, `"message":{"type":"object","required":["type"],"properties":{"type":{"const":"m"}}}`,
			"#/$defs/message", `Go name "Message" is reserved: every generated package declares it (choose another with x-wsgen goName)`},
		{"reserved goName", []string{"a"}, msg("", `,"x-wsgen":{"goName":"Decode"}`),
			"#/$defs/a", `Go name "Decode" is reserved: every generated package declares it (choose another with x-wsgen goName)`},
		{"two types", []string{"a"}, msg("", "") + `,"b":{"type":"string","enum":["x"],"x-wsgen":{"goName":"A"}}`,
			"#/$defs/b", `Go name "A" is already taken by #/$defs/a (choose another with x-wsgen goName)`},
		{"field collision", []string{"a"}, msg(`,"user_id":{"type":"string"},"userId":{"type":"string"}`, ""),
			"#/$defs/a/properties/userId", `Go field name "UserID" is already taken by #/$defs/a/properties/user_id (choose another with x-wsgen goName)`},
		{"field goName collision", []string{"a"}, msg(`,"x":{"type":"string"},"y":{"type":"string","x-wsgen":{"goName":"X"}}`, ""),
			"#/$defs/a/properties/y", `Go field name "X" is already taken by #/$defs/a/properties/x (choose another with x-wsgen goName)`},
		{"reserved field", []string{"a"}, msg(`,"message_type":{"type":"string"}`, ""),
			"#/$defs/a/properties/message_type", `Go field name "MessageType" is reserved: every generated message has a method or field of that name (choose another with x-wsgen goName)`},
		{"reserved field with sensitive members", []string{"a"}, msg(`,"format":{"type":"string"},"pin":{"type":"string"}`, `,"x-wsgen":{"sensitive":["pin"]}`),
			"#/$defs/a/properties/format", `Go name "Format" is reserved in an object with sensitive members: its String, GoString and Format methods hide them (choose another with x-wsgen goName)`},
		{"LogValue in an object holding a nested sensitive member", []string{"a"}, msg(`,"params":{"type":"object","properties":{"log_value":{"type":"string"},"sig":{"type":"string"}}}`, `,"x-wsgen":{"sensitive":["/params/sig"]}`),
			"#/$defs/a/properties/params/properties/log_value", `Go name "LogValue" is reserved in an object holding sensitive members: its LogValue method logs them redacted (choose another with x-wsgen goName)`},
		{"lower-case goName", []string{"a"}, msg(`,"x":{"type":"string","x-wsgen":{"goName":"x"}}`, ""),
			"#/$defs/a/properties/x/x-wsgen/goName", `goName must be an exported Go identifier (an upper-case letter, then letters, digits or underscores), not "x"`},
		{"goName not an identifier", []string{"a"}, msg("", `,"x-wsgen":{"goName":"A-B"}`),
			"#/$defs/a/x-wsgen/goName", `goName must be an exported Go identifier (an upper-case letter, then letters, digits or underscores), not "A-B"`},
		{"goName not a string", []string{"a"}, msg("", "") + `,"b":{"type":"string","x-wsgen":{"goName":7}}`,
			"#/$defs/b/x-wsgen/goName", `goName must be an exported Go identifier (an upper-case letter, then letters, digits or underscores), not 7`},
		{"other key on a property", []string{"a"}, msg(`,"x":{"type":"string","x-wsgen":{"sensitive":true}}`, ""),
			"#/$defs/a/properties/x/x-wsgen/sensitive", `unknown x-wsgen key "sensitive" (known on $defs types and properties: decimal, goName)`},
		{"x-wsgen on a nested schema", []string{"a"}, msg(`,"x":{"type":"array","items":{"type":"string","x-wsgen":{"goName":"X"}}}`, ""),
			"#/$defs/a/properties/x/items/x-wsgen", `x-wsgen is allowed only at the root, on messages, on $defs entries and on properties`},
		{"unusable name", []string{"a"}, msg(`,"日本":{"type":"string"}`, ""),
			"#/$defs/a/properties/日本", `property name "日本" cannot be turned into a Go name (choose one with x-wsgen goName)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := schema.Parse("p.json", protocolWith(tt.messages, tt.defs))
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
