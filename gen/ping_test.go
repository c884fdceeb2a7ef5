package gen_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/gen"
	"github.com/wsgen/wsgen/schema"
)

const pingDriver = `package main

import (
	"fmt"

	"pingcheck/oponly"
	"pingcheck/pings"
)

func main() {
	answer := pings.Protocol().Heartbeat.Answer
	for _, frame := range []string{
		` + "`" + `{"ping":1492420473027}` + "`" + `,
		` + "`" + `{"op":"ping"}` + "`" + `,
		` + "`" + `{"event":"ping","ts":5,"id":"a","note":"n"}` + "`" + `,
		` + "`" + `{"event":"ping","ts":-1,"id":7}` + "`" + `,
		` + "`" + `{"ch":"trade","price":"1.5"}` + "`" + `,
	} {
		m, err := pings.Decode([]byte(frame))
		if err != nil {
			fmt.Println(frame, "error", err)
			continue
		}
		a := answer(m)
		if a == nil {
			fmt.Println(frame, "-> none")
			continue
		}
		data, err := pings.Encode(a.(pings.Message))
		fmt.Println(frame, "->", string(data), err)
	}
	m, _ := oponly.Decode([]byte(` + "`" + `{"op":"ping"}` + "`" + `))
	data, err := oponly.Encode(oponly.Protocol().Heartbeat.Answer(m).(oponly.Message))
	fmt.Println("oponly ->", string(data), err)
}
`

// TestPingAnswers runs the generated Heartbeat.Answer of gen/testdata/pings (HTX's
// shape-routed ping, a ping with no echo, echoed integer, raw and optional members) and
// of a protocol whose only ping echoes nothing: each ping's answer encodes to the exact
// frame the server expects; any other message has no answer.
func TestPingAnswers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module with the go command")
	}
	m := newTempModule(t, "", "pingcheck")
	p, err := schema.Load("testdata/pings/protocol.json")
	if err != nil {
		t.Fatal(err)
	}
	out, err := gen.Generate(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	m.writePackage("pings", out)
	p, err = schema.Parse("oponly.json", []byte(`{"x-wsgen": {"package": "oponly"},
  "oneOf": [{"$ref": "#/$defs/ping"}, {"$ref": "#/$defs/pong"}],
  "$defs": {
    "ping": {"type": "object", "x-wsgen": {"direction": "server", "heartbeat": {"answer": "pong"}}, "properties": {"op": {"const": "ping"}}, "required": ["op"]},
    "pong": {"type": "object", "x-wsgen": {"direction": "client"}, "properties": {"op": {"const": "pong"}}, "required": ["op"]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if out, err = gen.Generate(p, nil); err != nil {
		t.Fatal(err)
	}
	m.writePackage("oponly", out)
	m.write("main.go", []byte(pingDriver))
	got := string(m.goCmd("run", "."))
	want := `{"ping":1492420473027} -> {"pong":1492420473027} <nil>
{"op":"ping"} -> {"op":"pong"} <nil>
{"event":"ping","ts":5,"id":"a","note":"n"} -> {"event":"pong","ts":5,"id":"a","note":"n"} <nil>
{"event":"ping","ts":-1,"id":7} -> {"event":"pong","ts":-1,"id":7} <nil>
{"ch":"trade","price":"1.5"} -> none
oponly -> {"op":"pong"} <nil>
`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
}
