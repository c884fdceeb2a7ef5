package asyncapitest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/internal/asyncapitest"
)

// asyncDoc is a small AsyncAPI 3 document: ping is received (a client message) with a
// pong reply, tick is sent, and the tick payload is a oneOf of two branches.
const asyncDoc = `asyncapi: 3.0.0
info: {title: t, version: "1"}
channels:
  root:
    messages:
      ping: {$ref: '#/components/messages/ping'}
      pong: {$ref: '#/components/messages/pong'}
      tick: {$ref: '#/components/messages/tick'}
operations:
  ping:
    action: receive
    channel: {$ref: '#/channels/root'}
    messages: [{$ref: '#/channels/root/messages/ping'}]
    reply:
      messages: [{$ref: '#/channels/root/messages/pong'}]
  tick:
    action: send
    channel: {$ref: '#/channels/root'}
    messages: [{$ref: '#/channels/root/messages/tick'}]
components:
  messages:
    ping:
      payload:
        type: object
        properties:
          type: {const: ping}
          id: {type: integer, minimum: 1}
        required: [type]
      examples:
        - name: first
          payload: {type: ping, id: 1}
    pong:
      payload:
        type: object
        properties:
          type: {const: pong}
          id: {type: integer, minimum: 1}
      examples:
        - payload: {type: pong, price: 54350.40, ok: true, none: null, list: [b, a]}
    tick:
      payload:
        type: object
        oneOf:
          - properties: {type: {const: tick}, n: {type: integer}}
          - properties: {type: {const: tick}, n: {type: integer}, last: {type: boolean}}
`

// protocol is the wsgen protocol asyncDoc describes.
const protocol = `{
  "oneOf": [{"$ref": "#/$defs/ping"}, {"$ref": "#/$defs/pong"}, {"$ref": "#/$defs/tick"}],
  "$defs": {
    "id": {"type": "integer", "minimum": 1},
    "ping": {"type": "object", "x-wsgen": {"direction": "client"},
      "properties": {"type": {"const": "ping"}, "id": {"$ref": "#/$defs/id"}}, "required": ["type"]},
    "pong": {"type": "object", "x-wsgen": {"direction": "server"},
      "properties": {"type": {"const": "pong"}, "id": {"$ref": "#/$defs/id"}}, "required": ["type"]},
    "tick": {"type": "object", "x-wsgen": {"direction": "server"},
      "properties": {"type": {"const": "tick"}, "n": {"type": "integer"}, "last": {"type": "boolean"}}, "required": ["type"]}
  }
}`

func parse(t *testing.T) *asyncapitest.Doc {
	t.Helper()
	d, err := asyncapitest.Parse("doc.yml", []byte(asyncDoc))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestParseRejects(t *testing.T) {
	for _, tt := range []struct{ name, data, want string }{
		{"asyncapi 2", "asyncapi: 2.6.0\n", `asyncapi version "2.6.0", want 3.x`},
		{"no version", "info: {}\n", `asyncapi version "", want 3.x`},
		{"not YAML", "a: [\n", "doc.yml: yaml:"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := asyncapitest.Parse("doc.yml", []byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%q) = %v, want an error containing %q", tt.data, err, tt.want)
			}
		})
	}
}

func TestExamples(t *testing.T) {
	exs, err := parse(t).Examples()
	if err != nil {
		t.Fatal(err)
	}
	want := []asyncapitest.Example{
		{Message: "ping", Name: "ping/first", JSON: []byte(`{"type":"ping","id":1}`)},
		{Message: "pong", Name: "pong/0", JSON: []byte(`{"type":"pong","price":54350.40,"ok":true,"none":null,"list":["b","a"]}`)},
	}
	if len(exs) != len(want) {
		t.Fatalf("Examples() = %d examples, want %d", len(exs), len(want))
	}
	for i, ex := range exs {
		if ex.Message != want[i].Message || ex.Name != want[i].Name || string(ex.JSON) != string(want[i].JSON) {
			t.Errorf("Examples()[%d] = {%s %s %s}, want {%s %s %s}", i, ex.Message, ex.Name, ex.JSON, want[i].Message, want[i].Name, want[i].JSON)
		}
	}
}

func TestCrossCheck(t *testing.T) {
	doc := parse(t)
	for _, tt := range []struct {
		name     string
		old, new string // an edit of protocol; "" for none
		adapt    asyncapitest.Adaptations
		problem  string // a substring of the first problem; "" for none
	}{
		{name: "same"},
		{name: "minimum changed", old: `"minimum": 1`, new: `"minimum": 0`, problem: "wsgen message ping differs"},
		{name: "direction changed", old: `"direction": "client"`, new: `"direction": "both"`, problem: `direction "both", want "client"`},
		{name: "branch member missing", old: `, "last": {"type": "boolean"}`, new: ``, problem: "wsgen message tick differs"},
		{name: "wire renamed", old: `"const": "pong"`, new: `"const": "pang"`, problem: "is in no AsyncAPI message"},
		{
			name: "adapted", old: `"minimum": 1`, new: `"minimum": 0`,
			adapt: asyncapitest.Adaptations{Facets: map[string]map[string]*asyncapitest.Facet{
				"ping": {"/id": {Types: `"integer"`, Constraints: []string{"minimum=0"}}},
				"pong": {"/id": {Types: `"integer"`, Constraints: []string{"minimum=0"}}},
			}},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := strings.Replace(protocol, tt.old, tt.new, -1)
			if tt.old != "" && p == protocol {
				t.Fatalf("protocol lacks %q", tt.old)
			}
			path := filepath.Join(t.TempDir(), "protocol.json")
			if err := os.WriteFile(path, []byte(p), 0o644); err != nil {
				t.Fatal(err)
			}
			n, problems := asyncapitest.CrossCheck(t, doc, path, tt.adapt)
			if n != 4 {
				t.Errorf("CrossCheck checked %d units, want 4 (ping, pong and two tick branches)", n)
			}
			switch {
			case tt.problem == "" && len(problems) > 0:
				t.Errorf("CrossCheck found %q, want no difference", problems)
			case tt.problem != "" && (len(problems) == 0 || !strings.Contains(problems[0], tt.problem)):
				t.Errorf("CrossCheck found %q, want a first problem containing %q", problems, tt.problem)
			}
		})
	}
}

func TestSameJSON(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{`{"a":54350.40}`, `{"a":54350.4}`, true},
		{`{"a":1,"b":[1e2]}`, `{"b":[100],"a":1.0}`, true},
		{`{"a":1}`, `{"a":1.0000000000000000001}`, false},
		{`{"a":"1"}`, `{"a":1}`, false},
		{`{"a":1}`, `{"a":1,"b":null}`, false},
		{`{`, `{`, false},
	} {
		if got := asyncapitest.SameJSON([]byte(tt.a), []byte(tt.b)); got != tt.want {
			t.Errorf("SameJSON(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func ExampleSameJSON() {
	fmt.Println(asyncapitest.SameJSON([]byte(`{"price":54350.40,"n":[1,2]}`), []byte(`{"n":[1,2.0],"price":54350.4}`)))
	fmt.Println(asyncapitest.SameJSON([]byte(`[1,2]`), []byte(`[2,1]`)))
	// Output:
	// true
	// false
}
