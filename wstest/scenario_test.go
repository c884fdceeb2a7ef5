package wstest

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gorilla/websocket"
)

func TestParseScenarioErrors(t *testing.T) {
	for _, tt := range []struct {
		name, in, ptr, reason string
	}{
		{"not an object", `[]`, "", "want a JSON object"},
		{"no connections", `{}`, "/connections", "missing"},
		{"empty connections", `{"connections":[]}`, "/connections", "non-empty"},
		{"unknown top key", `{"connections":[{"steps":[]}],"x":1}`, "/x", "unknown key"},
		{"steps missing", `{"connections":[{}]}`, "/connections/0/steps", "array of steps"},
		{"no action", `{"connections":[{"steps":[{"reason":"x"}]}]}`, "/connections/0/steps/0/reason", `unknown action "reason" (actions: answerPings, close,`},
		{"misspelt action", `{"connections":[{"steps":[{"sendd":{"type":"a"}}]}]}`, "/connections/0/steps/0/sendd", `unknown action "sendd"`},
		{"empty step", `{"connections":[{"steps":[{}]}]}`, "/connections/0/steps/0", "empty step: want one action key"},
		{"two actions", `{"connections":[{"steps":[{"send":1,"drop":true}]}]}`, "/connections/0/steps/0", "exactly one action"},
		{"option of another action", `{"connections":[{"steps":[{"send":1,"sizes":[1]}]}]}`, "/connections/0/steps/0/sizes", "unknown key"},
		{"bad hex", `{"connections":[{"steps":[{"sendRawHex":"zz"}]}]}`, "/connections/0/steps/0/sendRawHex", "hexadecimal"},
		{"negative pause", `{"connections":[{"steps":[{"pauseMs":-1}]}]}`, "/connections/0/steps/0/pauseMs", ">= 0"},
		{"close code", `{"connections":[{"steps":[{"close":99}]}]}`, "/connections/0/steps/0/close", "1000..4999"},
		{"long reason", `{"connections":[{"steps":[{"close":1000,"reason":"` + strings.Repeat("x", 124) + `"}]}]}`, "/connections/0/steps/0/reason", "123 bytes"},
		{"reject not first", `{"connections":[{"steps":[{"send":1}]},{"steps":[{"pauseMs":1},{"reject":503}]}]}`, "/connections/1/steps/1/reject", "first step"},
		{"reject status", `{"connections":[{"steps":[{"reject":200}]}]}`, "/connections/0/steps/0/reject", "400..599"},
		{"events without seqs", `{"connections":[{"steps":[{"events":{}}]}]}`, "/connections/0/steps/0", "seqs"},
		{"huge range", `{"connections":[{"steps":[{"events":{},"from":1,"to":1000000000}]}]}`, "/connections/0/steps/0/to", "at most"},
		{"reversed range", `{"connections":[{"steps":[{"events":{},"from":3,"to":1}]}]}`, "/connections/0/steps/0/to", "from <= to"},
		{"copy without reply", `{"connections":[{"steps":[{"expect":{},"copy":["ref"]}]}]}`, "/connections/0/steps/0/copy", "needs"},
		{"copy into non-object", `{"connections":[{"steps":[{"expect":{},"reply":[1],"copy":["ref"]}]}]}`, "/connections/0/steps/0/reply", "object"},
		{"flag not true", `{"connections":[{"steps":[{"echo":false}]}]}`, "/connections/0/steps/0/echo", "want true"},
		{"ping interval", `{"connections":[{"steps":[{"pingEveryMs":0}]}]}`, "/connections/0/steps/0/pingEveryMs", "positive"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseScenario([]byte(tt.in))
			var se *ScenarioError
			if !errors.As(err, &se) || se.Pointer != tt.ptr || !strings.Contains(se.Reason, tt.reason) {
				t.Errorf("ParseScenario(%s) = %v, want %s: …%s…", tt.in, err, tt.ptr, tt.reason)
			}
		})
	}
}

// TestParseScenarioInvalidJSON: invalid JSON is located by line and column (1-based,
// the column in bytes), the way an editor shows it.
func TestParseScenarioInvalidJSON(t *testing.T) {
	for _, tt := range []struct {
		name, in     string
		line, column int
		reason       string
	}{
		{"bad value", "{\n  \"connections\": [}", 2, 19, "invalid character '}'"},
		{"bad literal", "{\"connections\": [\n {\"steps\": [{\"echo\": tru}]}]}", 2, 25, "in literal true"},
		{"truncated", "{\"connections\": [\n", 2, 1, "unexpected end of file"},
		{"trailing data", "{\"connections\": []}\n\n x", 3, 2, "after top-level value"},
		{"first byte", "\xff", 1, 1, "invalid character"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseScenario([]byte(tt.in))
			var se *ScenarioError
			if !errors.As(err, &se) || se.Line != tt.line || se.Column != tt.column || !strings.Contains(se.Reason, tt.reason) {
				t.Fatalf("ParseScenario(%q) = %#v, want line %d column %d, …%s…", tt.in, err, tt.line, tt.column, tt.reason)
			}
			if want := fmt.Sprintf("%d:%d: invalid JSON: ", tt.line, tt.column); !strings.HasPrefix(se.Error(), want) {
				t.Errorf("Error() = %q, want prefix %q", se.Error(), want)
			}
		})
	}
}

func TestParseChatScenario(t *testing.T) {
	data, err := os.ReadFile("../testdata/scenarios/chat.json")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := ParseScenario(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Connections) != 6 || len(sc.Script(0)) != 8 || len(sc.Script(99)) != 3 {
		t.Errorf("connections %d, script 0 has %d steps, script 99 has %d", len(sc.Connections), len(sc.Script(0)), len(sc.Script(99)))
	}
	msgs := sc.Messages()
	var events []string
	for _, m := range msgs {
		if m.Note != "" {
			events = append(events, m.Pointer+" "+m.Note)
		}
	}
	want := []string{
		"/connections/0/steps/2/events seq 1", "/connections/0/steps/2/events seq 2", "/connections/0/steps/2/events seq 3",
		"/connections/1/steps/1/events seq 1", "/connections/1/steps/1/events seq 2", "/connections/1/steps/1/events seq 4",
		"/connections/1/steps/3/events seq 5",
	}
	if diff := cmp.Diff(want, events); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if got := string(msgs[2].Data); got != `{"type":"chat","id":"m-1","room":"lobby","seq":1,"from":"alice","text":"message 1","sent_at":"2026-11-25T12:00:00Z"}` {
		t.Errorf("event 1 = %s", got)
	}
}

// TestScenarioRuns runs a scenario's script against a client: events, a matched
// expect with a copied member, raw bytes, a close.
func TestScenarioRuns(t *testing.T) {
	sc, err := ParseScenario([]byte(`{"connections":[{"steps":[
		{"events":{"type":"ev","id":"e{{seq}}","seq":"{{seq}}"},"seqs":[1,3,3]},
		{"expect":{"type":"req","n":1.0},"reply":{"type":"ack","ref":"x","ok":true},"copy":["ref","extra"]},
		{"sendRawHex":"61ff"},
		{"sendBinaryHex":"0001"},
		{"close":4001,"reason":"bye"}
	]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(t, &Options{ScriptFunc: sc.Script})
	ws := dial(t, srv.URL(), nil)
	ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"req","n":2,"ref":"zz"}`))             // n differs
	ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"req","n":1,"ref":"r9","extra":[1]}`)) // matches: 1 == 1.0
	var got []string
	for range 6 {
		_, d := read(t, ws)
		got = append(got, d)
	}
	want := []string{
		`{"type":"ev","id":"e1","seq":1}`, `{"type":"ev","id":"e3","seq":3}`, `{"type":"ev","id":"e3","seq":3}`,
		`{"type":"ack","ref":"r9","ok":true,"extra":[1]}`, "a\xff", "\x00\x01",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("client read (-want +got):\n%s", diff)
	}
	if err := readErr(ws); !websocket.IsCloseError(err, 4001) {
		t.Errorf("end = %v", err)
	}
}

func TestSubset(t *testing.T) {
	for _, tt := range []struct {
		pattern, msg string
		want         bool
	}{
		{`{}`, `{"a":1}`, true},
		{`{}`, `[1]`, false},
		{`{"a":1}`, `{"a":1.0,"b":2}`, true},
		{`{"a":1}`, `{"a":"1"}`, false},
		{`{"a":{"b":true}}`, `{"a":{"b":true,"c":null}}`, true},
		{`{"a":{"b":true}}`, `{"a":{"b":false}}`, false},
		{`{"a":[1,2]}`, `{"a":[1,2]}`, true},
		{`{"a":[1,2]}`, `{"a":[1,2,3]}`, false},
		{`{"a":null}`, `{}`, false},
		{`{"a":null}`, `{"a":null}`, true},
		{`"x"`, `"x"`, true},
		{`{"a":1}`, `not json`, false},
		{`{"a":0.1}`, `{"a":1e-1}`, true},
	} {
		if got := matchPattern([]byte(tt.pattern))([]byte(tt.msg)); got != tt.want {
			t.Errorf("match(%s, %s) = %v, want %v", tt.pattern, tt.msg, got, tt.want)
		}
	}
}
