package gen_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/schema"
)

// htmlProtocol puts '<', '>' and '&' wherever the generator writes a string into code:
// a discriminator value, a member name, string and object enum values (compared on their
// canonical form), and a pattern an encoder copies through.
const htmlProtocol = `{"$schema": "https://json-schema.org/draft/2020-12/schema", "x-wsgen": {"package": "conf"},
"oneOf": [{"$ref": "#/$defs/a"}, {"$ref": "#/$defs/b"}],
"$defs": {
 "a": {"type": "object", "required": ["type", "mood"], "additionalProperties": false, "properties": {
  "type": {"const": "a<&>"},
  "mood": {"enum": ["<3", "x&y"]},
  "a<b": {"type": "string"},
  "pair": {"enum": [{"<k>": "v&", "a": 1}, ["&"]]},
  "room": {"type": "string", "pattern": "^[a-z<>&]+$"}}},
 "b": {"type": "object", "required": ["type"], "properties": {"type": {"const": "b"}}}}}`

// TestHTMLCharacters: the generator's strings (tags, names, enum canonical forms) and the
// codec's agree on '<', '>' and '&', written as themselves or as \u escapes by a peer:
// each frame gets the validator's verdict, and Encode writes the characters as
// themselves, as wire.AppendString does.
func TestHTMLCharacters(t *testing.T) {
	frames := []string{
		`{"type":"a<&>","mood":"<3","a<b":"1 < 2 && 3 > 2","pair":{"<k>":"v&","a":1},"room":"a<b&c>"}`,
		`{"type":"a\u003c\u0026\u003e","mood":"x\u0026y","a\u003cb":"\u003c","pair":{"a":1.0,"\u003ck\u003e":"v\u0026"},"room":"a\u003cb"}`,
		`{"type":"a<&>","mood":"x&y","pair":["\u0026"]}`,
		`{"type":"a<&>","mood":"<4"}`,
		`{"type":"a<&>","mood":"<3","pair":{"<k>":"v","a":1}}`,
		`{"type":"a<&>","mood":"<3","room":"a<b="}`,
		`{"type":"a<>","mood":"<3"}`,
	}
	want := []string{
		`ok {"type":"a<&>","mood":"<3","a<b":"1 < 2 && 3 > 2","pair":{"<k>":"v&","a":1},"room":"a<b&c>"}`,
		`ok {"type":"a<&>","mood":"x&y","a<b":"<","pair":{"a":1.0,"\u003ck\u003e":"v\u0026"},"room":"a<b"}`,
		`ok {"type":"a<&>","mood":"x&y","pair":["\u0026"]}`,
		`refused: conf: decode "a<&>" at /mood: string is not one of the enum values`,
		`refused: conf: decode "a<&>" at /pair: value is not one of the enum values`,
		`refused: conf: decode "a<&>" at /room: string does not match pattern "^[a-z<>&]+$"`,
		`refused: conf: decode "a<>": unknown message type "a<>"`,
	}
	data, _ := json.Marshal(frames)
	got := strings.Split(strings.TrimSpace(runGenerated(t, []byte(htmlProtocol), `package main

import (
	"encoding/json"
	"fmt"

	"conformance/conf"
)

func main() {
	var frames []string
	if err := json.Unmarshal([]byte(`+"`"+string(data)+"`"+`), &frames); err != nil {
		panic(err)
	}
	for _, f := range frames {
		m, err := conf.Decode([]byte(f))
		if err != nil {
			fmt.Println("refused:", err)
			continue
		}
		b, err := conf.Encode(m)
		if err != nil {
			fmt.Println("encode:", err)
			continue
		}
		fmt.Println("ok", string(b))
	}
}
`)), "\n")
	p, err := schema.Parse("protocol.json", []byte(htmlProtocol))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("frame %s:\n got %s\nwant %s", frames[i], got[i], want[i])
		}
		if _, verr := p.Validate([]byte(frames[i])); (verr == nil) != strings.HasPrefix(got[i], "ok ") {
			t.Errorf("frame %s: Decode %s, validator error %v", frames[i], got[i], verr)
		}
	}
}
