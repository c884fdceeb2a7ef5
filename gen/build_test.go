package gen_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/gen"
	"github.com/wsgen/wsgen/schema"
)

// runGenerated generates the protocol into package "conf" of a temporary module
// (replace github.com/wsgen/wsgen => this repository), adds driver as its main.go
// (importing "conformance/conf"), runs it and returns its standard output.
func runGenerated(t *testing.T, protocol []byte, driver string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a temporary module; skipped with -short")
	}
	p, err := schema.Parse("protocol.json", protocol)
	if err != nil {
		t.Fatal(err)
	}
	out, err := gen.Generate(p, &gen.Options{Package: "conf", Client: gen.ClientOmit})
	if err != nil {
		t.Fatal(err)
	}
	m := newTempModule(t, "", "conformance")
	m.writePackage("conf", out)
	m.write("main.go", []byte(driver))
	return string(m.goCmd("run", "."))
}

func TestGoNames(t *testing.T) {
	proto, err := os.ReadFile("testdata/names/protocol.json")
	if err != nil {
		t.Fatal(err)
	}
	got := runGenerated(t, proto, `package main

import (
	"fmt"

	"conformance/conf"
)

func main() {
	m, err := conf.Decode([]byte(`+"`"+`{"type":"message","text":"hi","decode":"d","kind":"rich","depth":25}`+"`"+`))
	if err != nil {
		panic(err)
	}
	cm := m.(*conf.ChatMessage)
	var k conf.TextKind = *cm.Flavor
	var depth conf.ChatMessageDepth = *cm.Depth
	fmt.Println(conf.TypeChatMessage, cm.Text, cm.DecodeHint, k == conf.TextKindRich, depth == conf.ChatMessageDepth25)
	d := conf.ChatMessageDepthMinus1
	cm.Depth = &d
	b, err := conf.Encode(cm)
	fmt.Println(string(b), err)
	_, err = conf.Decode([]byte(`+"`"+`{"type":"message","text":"hi","decode":"d","depth":11}`+"`"+`))
	fmt.Println(err)
	var h conf.Handler = conf.UnimplementedHandler{}
	_ = h.OnChatMessage
	b, _ = conf.Encode(&conf.HandlerEvent{})
	fmt.Println(string(b))
}
`)
	want := `message hi d true true
{"type":"message","text":"hi","decode":"d","kind":"rich","depth":-1} <nil>
conf: decode "message" at /depth: number is not one of the enum values
{"type":"handler"}
`
	if got != want {
		t.Errorf("driver printed %q, want %q", got, want)
	}
}

// TestRawErrorPointers: a refusal found inside a value kept as raw JSON ({} members,
// mixed-kind values, kept unknown members, values skipped before the discriminator)
// points at the exact place, and its reason carries no wire prefix or offset.
func TestRawErrorPointers(t *testing.T) {
	proto := []byte(`{"$schema":"https://json-schema.org/draft/2020-12/schema","x-wsgen":{"package":"conf"},
"oneOf":[{"$ref":"#/$defs/m"}],
"$defs":{"m":{"type":"object","required":["type"],"properties":{
  "type":{"const":"m"},
  "any":{},
  "mixed":{"type":["object","string"],"properties":{"n":{"type":"integer"}}},
  "obj":{"type":"object","properties":{"k":{"type":"string"}}},
  "list":{"type":"array","items":{}}}}}}`)
	frames := []struct{ frame, want string }{
		{`{"type":"m","any":{"a":1,"a":2}}`, `/any/a: duplicate member "a"`},
		{`{"type":"m","any":[0,{"x":{"b":[],"b":[]}}]}`, `/any/1/x/b: duplicate member "b"`},
		{"{\"type\":\"m\",\"any\":{\"s\":[\"\xff\"]}}", `/any/s/0: invalid UTF-8 in string`},
		{`{"type":"m","any":{"s":"\ud800"}}`, `/any/s: lone surrogate escape in string`},
		{`{"type":"m","mixed":{"n":1,"z":{"q":1,"q":2}}}`, `/mixed/z/q: duplicate member "q"`},
		{`{"type":"m","obj":{"k":"v","extra":{"a":{"c":1,"c":1}}}}`, `/obj/extra/a/c: duplicate member "c"`},
		{`{"type":"m","kept":{"a~b":{"/":1,"/":2}}}`, `/kept/a~0b/~1: duplicate member "/"`},
		{`{"type":"m","list":[1,{"a":1,"a":1}]}`, `/list/1/a: duplicate member "a"`},
		{`{"before":{"d":1,"d":1},"type":"m"}`, `/before/d: duplicate member "d"`},
		{"{\"type\":\"m\",\"obj\":{\"k\":\"\xc0\"}}", `/obj/k: invalid UTF-8 in string`},
		{`{"type":"m","obj":{"k":"v","k":"w"}}`, `/obj/k: duplicate member "k"`},
	}
	var lits []string
	for _, f := range frames {
		lits = append(lits, strconv.Quote(f.frame))
	}
	got := runGenerated(t, proto, `package main

import (
	"errors"
	"fmt"

	"conformance/conf"
)

func main() {
	for _, f := range []string{`+strings.Join(lits, ", ")+`} {
		_, err := conf.Decode([]byte(f))
		var de *conf.DecodeError
		if !errors.As(err, &de) {
			fmt.Println("no DecodeError:", err)
			continue
		}
		fmt.Printf("%s: %s\n", de.Pointer, de.Reason)
	}
}
`)
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != len(frames) {
		t.Fatalf("driver printed %d lines for %d frames:\n%s", len(lines), len(frames), got)
	}
	for i, f := range frames {
		if lines[i] != f.want {
			t.Errorf("Decode(%q): pointer and reason %q, want %q", f.frame, lines[i], f.want)
		}
	}
}

// TestIntegerRoleAccessors: an integer correlation id or event id is read by the runtime
// as a decimal string; SetRoleCorrelationID keeps a decimal id in range and hashes any
// other text into the field's range, stably.
func TestIntegerRoleAccessors(t *testing.T) {
	proto := []byte(`{"$schema":"https://json-schema.org/draft/2020-12/schema",
"oneOf":[{"$ref":"#/$defs/ping"},{"$ref":"#/$defs/pong"}],
"$defs":{
 "ping":{"type":"object","x-wsgen":{"direction":"client","correlationId":"reqid","reply":"pong"},"required":["event"],
   "properties":{"event":{"const":"ping"},"reqid":{"type":"integer","minimum":100,"maximum":999}}},
 "pong":{"type":"object","x-wsgen":{"direction":"server","correlationId":"reqid","eventId":"n"},"required":["event","reqid","n"],
   "properties":{"event":{"const":"pong"},"reqid":{"type":"integer"},"n":{"type":"integer"}}}},
"x-wsgen":{"package":"conf","discriminator":"event"}}`)
	got := runGenerated(t, proto, `package main

import (
	"fmt"
	"strconv"

	"conformance/conf"
)

func main() {
	p := &conf.Ping{}
	fmt.Printf("%q\n", p.RoleCorrelationID())
	p.SetRoleCorrelationID("123")
	b, _ := conf.Encode(p)
	fmt.Println(p.RoleCorrelationID(), string(b))
	p.SetRoleCorrelationID("QWERTYUIOPASDFGH")
	a := p.RoleCorrelationID()
	p.SetRoleCorrelationID("QWERTYUIOPASDFGH")
	n, err := strconv.Atoi(a)
	fmt.Println(err == nil && n >= 100 && n <= 999, a == p.RoleCorrelationID())
	p.SetRoleCorrelationID("5000")
	n, _ = strconv.Atoi(p.RoleCorrelationID())
	fmt.Println(n >= 100 && n <= 999)
	q := &conf.Pong{}
	q.SetRoleCorrelationID("x")
	n, _ = strconv.Atoi(q.RoleCorrelationID())
	fmt.Println(n >= 1 && n <= 1<<53-1)
	m, err := conf.Decode([]byte(`+"`"+`{"event":"pong","reqid":-7,"n":12}`+"`"+`))
	if err != nil {
		panic(err)
	}
	r := m.(*conf.Pong)
	fmt.Println(r.RoleCorrelationID(), r.RoleEventID())
	fmt.Println(r.LogValue())
}
`)
	want := `""
123 {"event":"ping","reqid":123}
true true
true
true
-7 12
[event=pong n=12 reqid=-7]
`
	if got != want {
		t.Errorf("driver printed:\n%s\nwant:\n%s", got, want)
	}
}
