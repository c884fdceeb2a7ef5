package gen_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/gen"
	"github.com/wsgen/wsgen/schema"
)

// TestRouterManyMessages: a router over more than 64 messages (several words of
// candidates, narrowed by routeKeep or word by word) picks what Protocol.Match picks, for
// consts, enums, patterns and a compound discriminator whose second member most
// messages lack.
func TestRouterManyMessages(t *testing.T) {
	var refs, defs []string
	add := func(name, props, required string) {
		refs = append(refs, `{"$ref": "#/$defs/`+name+`"}`)
		defs = append(defs, `"`+name+`": {"type": "object", "properties": {`+props+`}, "required": [`+required+`]}`)
	}
	var frames []string
	for i := range 180 {
		add("m"+strconv.Itoa(i), `"type": {"const": "m`+strconv.Itoa(i)+`"}, "n": {"type": "integer"}`, `"type"`)
		frames = append(frames, `{"type":"m`+strconv.Itoa(i)+`","n":1}`)
	}
	for i := range 4 {
		k := strconv.Itoa(i)
		add("e"+k, `"type": {"enum": ["e`+k+`a", "e`+k+`b"]}`, `"type"`)
		add("p"+k, `"type": {"type": "string", "pattern": "^p`+k+`@"}`, `"type"`)
		add("k"+k, `"type": {"const": "k"}, "kind": {"const": "k`+k+`"}`, `"type", "kind"`)
		frames = append(frames, `{"type":"e`+k+`b"}`, `{"type":"p`+k+`@x"}`, `{"kind":"k`+k+`","type":"k"}`, `{"type":"k","kind":"k`+k+`"}`)
	}
	frames = append(frames, `{"type":"zz"}`, `{"type":"k"}`, `{"type":"k","kind":"k9"}`, `{"type":"m3","kind":"k1"}`, `{"kind":"k2"}`)
	proto := `{"x-wsgen": {"package": "conf"}, "oneOf": [` + strings.Join(refs, ",") + `], "$defs": {` + strings.Join(defs, ",") + `}}`
	p, err := schema.Parse("protocol.json", []byte(proto))
	if err != nil {
		t.Fatal(err)
	}
	out, err := gen.Generate(p, &gen.Options{Package: "conf", Client: gen.ClientOmit})
	if err != nil {
		t.Fatal(err)
	}
	codec := string(out["wsgen_codec.go"])
	if !strings.Contains(codec, "func routeKeep(") || !strings.Contains(codec, "cand[1] &= ") {
		t.Errorf("the router of %d messages lacks routeKeep or a word-by-word narrowing: the test no longer covers both", len(p.Messages))
	}
	var want []string
	for _, f := range frames {
		var v any
		d := json.NewDecoder(strings.NewReader(f))
		d.UseNumber()
		if err := d.Decode(&v); err != nil {
			t.Fatal(err)
		}
		w := "error"
		if _, m := p.Match(v); m != nil {
			w = m.Wire
		}
		want = append(want, w)
	}
	framesJSON, _ := json.Marshal(frames)
	got := runGenerated(t, []byte(proto), `package main

import (
	"encoding/json"
	"fmt"

	"conformance/conf"
)

func main() {
	var frames []string
	if err := json.Unmarshal([]byte(`+strconv.Quote(string(framesJSON))+`), &frames); err != nil {
		panic(err)
	}
	for _, f := range frames {
		m, err := conf.Decode([]byte(f))
		if err != nil {
			fmt.Println("error")
			continue
		}
		fmt.Println(m.MessageType())
	}
}
`)
	lines := strings.Split(strings.TrimSpace(got), "\n")
	if len(lines) != len(frames) {
		t.Fatalf("driver printed %d lines for %d frames:\n%s", len(lines), len(frames), got)
	}
	for i, f := range frames {
		if lines[i] != want[i] {
			t.Errorf("Decode(%s) = %s, Protocol.Match says %s", f, lines[i], want[i])
		}
	}
}
