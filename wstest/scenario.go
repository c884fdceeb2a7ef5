package wstest

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

// ScenarioFormat documents the JSON scenario file read by [ParseScenario] and by
// "wsgen serve". It is printed by "wsgen serve -h".
const ScenarioFormat = `A scenario is a JSON object:

  {
    "description": "free text (optional)",
    "connections": [ {"description": "...", "steps": [STEP, ...]}, ... ]
  }

The n-th connection (from 0) runs connections[n]; connections past the end run the
last entry again. A step is an object with one action key and that action's options:

  {"send": MESSAGE}                      a text frame holding MESSAGE (any JSON value)
  {"sendRaw": "TEXT"}                    a text frame holding TEXT as is (invalid JSON...)
  {"sendRawHex": "7b22ff"}               a text frame holding these bytes (invalid UTF-8...)
  {"sendBinaryHex": "0001"}              a binary frame holding these bytes
  {"fragments": MESSAGE, "sizes": [3, 4], "delayMs": 10}
                                         MESSAGE as one message in frames of these sizes
                                         (the rest in a last frame), delayMs between them
  {"drip": MESSAGE, "chunk": 2, "intervalMs": 50}
                                         MESSAGE as one frame written chunk bytes at a time
  {"events": TEMPLATE, "seqs": [1, 2, 2, 5]}  or  {"events": TEMPLATE, "from": 1, "to": 10}
                                         one message per sequence number: in TEMPLATE the
                                         string "{{seq}}" becomes the number, and {{seq}}
                                         inside a longer string its digits (replays: repeat
                                         a number; gaps: skip one)
  {"pauseMs": 500}                       wait
  {"pingEveryMs": 1000}  {"stopPinging": true}  {"ping": "data"}
  {"ignorePings": true}  {"answerPings": true}
  {"expect": PATTERN, "timeoutMs": 10000, "reply": MESSAGE, "copy": ["ref"]}
                                         wait for a client message matching PATTERN (every
                                         member of a PATTERN object must match, recursively;
                                         other values must be equal; {} matches any JSON
                                         object), then send reply with the members named in
                                         copy taken from the client's message; reply and
                                         copy are optional; timeoutMs defaults to 10000
  {"echo": true}                         send every client message back, until the end
  {"close": 4001, "reason": "token expired"}
                                         a close frame, then close the TCP connection
  {"drop": true}  {"reset": true}        close TCP without a close frame (FIN / RST)
  {"stallMs": 0}                         stop reading and writing (0: until the end)
  {"reject": 503}                        refuse the handshake (the first step only)

Every MESSAGE (send, fragments, drip, reply) and every event a TEMPLATE produces is
validated against the protocol schema before the server starts; the raw sends are not,
on purpose. Unknown keys are refused.`

// Scenario is a parsed scenario file; see [ScenarioFormat]. Build it with
// [ParseScenario].
type Scenario struct {
	Description string
	Connections []ScenarioConn
}

// ScenarioConn is the script of one connection of a [Scenario].
type ScenarioConn struct {
	Description string
	Steps       []ScenarioStep
}

// ScenarioStep is one parsed step. Pointer is its JSON pointer in the file
// ("/connections/0/steps/3"); Messages lists the messages it sends, for validation.
type ScenarioStep struct {
	Pointer  string
	Action   string // the action key, "send", "expect", …
	Messages []ScenarioMessage
	Step     Step
}

// ScenarioMessage is one message a scenario sends, with the JSON pointer of the value
// it comes from ("/connections/0/steps/3/send") and a note ("seq 5") when one value
// makes several messages.
type ScenarioMessage struct {
	Pointer string
	Note    string
	Data    []byte
}

// ScenarioError reports what is wrong in a scenario file and where.
type ScenarioError struct {
	Pointer string // JSON pointer of the offending value; "" for the whole file
	Reason  string
	// Line and Column (1-based, the column in bytes) locate invalid JSON; 0 when the
	// file is JSON and Pointer says where the problem is.
	Line, Column int
}

func (e *ScenarioError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Reason)
	}
	return e.Pointer + ": " + e.Reason
}

// Messages returns every message the scenario sends, in file order.
func (sc *Scenario) Messages() []ScenarioMessage {
	var out []ScenarioMessage
	for _, c := range sc.Connections {
		for _, s := range c.Steps {
			out = append(out, s.Messages...)
		}
	}
	return out
}

// Script returns the script of the n-th connection.
func (sc *Scenario) Script(n int) Script {
	if len(sc.Connections) == 0 {
		return nil
	}
	c := sc.Connections[min(n, len(sc.Connections)-1)]
	script := make(Script, len(c.Steps))
	for i, s := range c.Steps {
		script[i] = s.Step
	}
	return script
}

// ParseScenario parses a scenario file (see [ScenarioFormat]). Errors are
// [*ScenarioError] values carrying the JSON pointer of the problem.
func ParseScenario(data []byte) (*Scenario, error) {
	var raw json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, jsonError(data, err)
	}
	top, err := object(data, "")
	if err != nil {
		return nil, err
	}
	if err := onlyKeys(top, "", "description", "connections"); err != nil {
		return nil, err
	}
	sc := &Scenario{}
	if err := str(top, "", "description", &sc.Description); err != nil {
		return nil, err
	}
	var conns []json.RawMessage
	if raw, ok := top["connections"]; !ok {
		return nil, &ScenarioError{Pointer: "/connections", Reason: "missing"}
	} else if err := json.Unmarshal(raw, &conns); err != nil || len(conns) == 0 {
		return nil, &ScenarioError{Pointer: "/connections", Reason: "want a non-empty array of connections"}
	}
	for i, raw := range conns {
		ptr := fmt.Sprintf("/connections/%d", i)
		obj, err := object(raw, ptr)
		if err != nil {
			return nil, err
		}
		if err := onlyKeys(obj, ptr, "description", "steps"); err != nil {
			return nil, err
		}
		var c ScenarioConn
		if err := str(obj, ptr, "description", &c.Description); err != nil {
			return nil, err
		}
		var steps []json.RawMessage
		if err := json.Unmarshal(obj["steps"], &steps); err != nil || obj["steps"] == nil {
			return nil, &ScenarioError{Pointer: ptr + "/steps", Reason: "want an array of steps"}
		}
		for j, raw := range steps {
			st, err := parseStep(raw, fmt.Sprintf("%s/steps/%d", ptr, j), j)
			if err != nil {
				return nil, err
			}
			c.Steps = append(c.Steps, st)
		}
		sc.Connections = append(sc.Connections, c)
	}
	return sc, nil
}

// stepKeys lists each action and the option keys it accepts.
var stepKeys = map[string][]string{
	"send":          nil,
	"sendRaw":       nil,
	"sendRawHex":    nil,
	"sendBinaryHex": nil,
	"fragments":     {"sizes", "delayMs"},
	"drip":          {"chunk", "intervalMs"},
	"events":        {"seqs", "from", "to"},
	"pauseMs":       nil,
	"pingEveryMs":   nil,
	"stopPinging":   nil,
	"ping":          nil,
	"ignorePings":   nil,
	"answerPings":   nil,
	"expect":        {"timeoutMs", "reply", "copy"},
	"echo":          nil,
	"close":         {"reason"},
	"drop":          nil,
	"reset":         nil,
	"stallMs":       nil,
	"reject":        nil,
}

func parseStep(raw json.RawMessage, ptr string, index int) (ScenarioStep, error) {
	obj, err := object(raw, ptr)
	if err != nil {
		return ScenarioStep{}, err
	}
	var actions []string
	for k := range obj {
		if _, ok := stepKeys[k]; ok {
			actions = append(actions, k)
		}
	}
	sort.Strings(actions)
	switch {
	case len(actions) > 1:
		return ScenarioStep{}, &ScenarioError{Pointer: ptr, Reason: fmt.Sprintf("want exactly one action key, found %q", actions)}
	case len(actions) == 0:
		var keys []string
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if len(keys) == 0 {
			return ScenarioStep{}, &ScenarioError{Pointer: ptr, Reason: "empty step: want one action key (" + actionList() + ")"}
		}
		return ScenarioStep{}, &ScenarioError{Pointer: ptr + "/" + keys[0], Reason: fmt.Sprintf("unknown action %q (actions: %s)", keys[0], actionList())}
	}
	act := actions[0]
	if err := onlyKeys(obj, ptr, append([]string{act}, stepKeys[act]...)...); err != nil {
		return ScenarioStep{}, err
	}
	p := stepParser{obj: obj, ptr: ptr}
	st := ScenarioStep{Pointer: ptr, Action: act}
	aptr := ptr + "/" + act
	message := func() []byte {
		m := p.json(act)
		st.Messages = append(st.Messages, ScenarioMessage{Pointer: aptr, Data: m})
		return m
	}
	switch act {
	case "send":
		st.Step = Send(string(message()))
	case "sendRaw":
		st.Step = SendRaw([]byte(p.string(act)))
	case "sendRawHex":
		st.Step = SendRaw(p.hex(act))
	case "sendBinaryHex":
		st.Step = SendBinary(p.hex(act))
	case "fragments":
		m := message()
		st.Step = FragmentsOf(websocket.TextMessage, m, p.ms("delayMs"), p.ints("sizes")...)
	case "drip":
		m := message()
		st.Step = Drip(string(m), p.int("chunk", 1), p.ms("intervalMs"))
	case "events":
		tmpl := p.json(act)
		seqs := p.ints("seqs")
		if _, ok := obj["from"]; ok {
			from, to := p.int("from", 0), p.int("to", 0)
			if (to < from || to-from >= maxEvents) && p.err == nil {
				p.fail(ptr+"/to", fmt.Sprintf("want from <= to, at most %d events", maxEvents))
			} else {
				seqs = append(seqs, Seq(from, to)...)
			}
		}
		if len(seqs) == 0 && p.err == nil {
			p.fail(ptr, `want "seqs" or "from" and "to"`)
		}
		byseq := map[int][]byte{}
		for _, n := range seqs {
			if _, ok := byseq[n]; !ok {
				byseq[n] = fillSeq(tmpl, n)
				st.Messages = append(st.Messages, ScenarioMessage{Pointer: aptr, Note: "seq " + strconv.Itoa(n), Data: byseq[n]})
			}
		}
		st.Step = Events(func(n int) []byte { return byseq[n] }, seqs...)
	case "pauseMs":
		st.Step = Pause(p.ms(act))
	case "pingEveryMs":
		d := p.ms(act)
		if d <= 0 && p.err == nil {
			p.fail(aptr, "want a positive interval")
		}
		st.Step = PingEvery(d)
	case "stopPinging":
		p.true(act)
		st.Step = StopPinging()
	case "ping":
		st.Step = Ping(p.string(act))
	case "ignorePings":
		p.true(act)
		st.Step = IgnorePings()
	case "answerPings":
		p.true(act)
		st.Step = AnswerPings()
	case "expect":
		pattern := p.json(act)
		e := Expect(matchPattern(pattern), p.ms("timeoutMs"))
		if _, ok := obj["reply"]; ok {
			reply := p.json("reply")
			st.Messages = append(st.Messages, ScenarioMessage{Pointer: ptr + "/reply", Data: reply})
			var fields []string
			if _, ok := obj["copy"]; ok && p.err == nil {
				if err := json.Unmarshal(obj["copy"], &fields); err != nil {
					p.fail(ptr+"/copy", "want an array of member names")
				}
			}
			if _, _, err := orderedMembers(reply); err != nil && len(fields) > 0 && p.err == nil {
				p.fail(ptr+"/reply", `"copy" needs a reply that is a JSON object`)
			}
			e = e.Reply(func(msg []byte) []byte { return copyMembers(reply, msg, fields) })
		} else if _, ok := obj["copy"]; ok {
			p.fail(ptr+"/copy", `"copy" needs "reply"`)
		}
		st.Step = e
	case "echo":
		p.true(act)
		st.Step = Echo()
	case "close":
		c := p.int(act, 0)
		if (c < 1000 || c > 4999) && p.err == nil {
			p.fail(aptr, "want a close code in 1000..4999")
		}
		var reason string
		if err := str(obj, ptr, "reason", &reason); err != nil && p.err == nil {
			p.err = err
		}
		if len(reason) > 123 && p.err == nil {
			p.fail(ptr+"/reason", "longer than the 123 bytes a close frame holds")
		}
		st.Step = CloseWith(c, reason)
	case "drop":
		p.true(act)
		st.Step = Drop()
	case "reset":
		p.true(act)
		st.Step = Reset()
	case "stallMs":
		st.Step = Stall(p.ms(act))
	case "reject":
		s := p.int(act, 0)
		if (s < 400 || s > 599) && p.err == nil {
			p.fail(aptr, "want an HTTP status in 400..599")
		}
		if index != 0 && p.err == nil {
			p.fail(aptr, "reject must be the first step")
		}
		st.Step = Reject(s)
	}
	return st, p.err
}

// maxEvents bounds the events of one step, so that a typo cannot exhaust memory.
const maxEvents = 10000

// stepParser reads a step's values, keeping the first error.
type stepParser struct {
	obj map[string]json.RawMessage
	ptr string
	err error
}

func (p *stepParser) fail(ptr, reason string) {
	if p.err == nil {
		p.err = &ScenarioError{Pointer: ptr, Reason: reason}
	}
}

// actionList names every step action, sorted.
func actionList() string {
	names := make([]string, 0, len(stepKeys))
	for k := range stepKeys {
		names = append(names, k)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// jsonError turns encoding/json's refusal of a whole file into a [*ScenarioError] with
// the line and column of the offending byte.
func jsonError(data []byte, err error) error {
	off, reason := int64(len(data)), "invalid JSON: unexpected end of file"
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Error() != "unexpected end of JSON input" {
		off, reason = se.Offset-1, "invalid JSON: "+se.Error()
	}
	off = max(0, min(off, int64(len(data))))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - (bytes.LastIndexByte(data[:off], '\n') + 1) + 1
	return &ScenarioError{Reason: reason, Line: line, Column: col}
}

func (p *stepParser) json(key string) []byte {
	var buf bytes.Buffer
	if err := json.Compact(&buf, p.obj[key]); err != nil {
		p.fail(p.ptr+"/"+key, err.Error())
	}
	return buf.Bytes()
}

func (p *stepParser) string(key string) string {
	var s string
	if err := json.Unmarshal(p.obj[key], &s); err != nil {
		p.fail(p.ptr+"/"+key, "want a string")
	}
	return s
}

func (p *stepParser) hex(key string) []byte {
	b, err := hex.DecodeString(p.string(key))
	if err != nil {
		p.fail(p.ptr+"/"+key, "want hexadecimal bytes: "+err.Error())
	}
	return b
}

func (p *stepParser) int(key string, def int) int {
	raw, ok := p.obj[key]
	if !ok {
		return def
	}
	var n int
	if err := json.Unmarshal(raw, &n); err != nil {
		p.fail(p.ptr+"/"+key, "want an integer")
	}
	return n
}

func (p *stepParser) ms(key string) time.Duration {
	n := p.int(key, 0)
	if n < 0 {
		p.fail(p.ptr+"/"+key, "want milliseconds >= 0")
	}
	return time.Duration(n) * time.Millisecond
}

func (p *stepParser) ints(key string) []int {
	raw, ok := p.obj[key]
	if !ok {
		return nil
	}
	var ns []int
	if err := json.Unmarshal(raw, &ns); err != nil {
		p.fail(p.ptr+"/"+key, "want an array of integers")
	}
	return ns
}

func (p *stepParser) true(key string) {
	var b bool
	if err := json.Unmarshal(p.obj[key], &b); err != nil || !b {
		p.fail(p.ptr+"/"+key, "want true")
	}
}

func object(raw []byte, ptr string) (map[string]json.RawMessage, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		reason := "want a JSON object"
		if err != nil {
			reason += ": " + err.Error()
		}
		return nil, &ScenarioError{Pointer: ptr, Reason: reason}
	}
	return obj, nil
}

func onlyKeys(obj map[string]json.RawMessage, ptr string, keys ...string) error {
	var unknown []string
	for k := range obj {
		found := false
		for _, want := range keys {
			found = found || k == want
		}
		if !found {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return &ScenarioError{Pointer: ptr + "/" + unknown[0], Reason: fmt.Sprintf("unknown key (allowed here: %s)", strings.Join(keys, ", "))}
	}
	return nil
}

func str(obj map[string]json.RawMessage, ptr, key string, dst *string) error {
	if raw, ok := obj[key]; ok {
		if err := json.Unmarshal(raw, dst); err != nil {
			return &ScenarioError{Pointer: ptr + "/" + key, Reason: "want a string"}
		}
	}
	return nil
}

// fillSeq replaces "{{seq}}" (a whole string) by n and {{seq}} inside strings by its
// digits.
func fillSeq(tmpl []byte, n int) []byte {
	d := []byte(strconv.Itoa(n))
	out := bytes.ReplaceAll(tmpl, []byte(`"{{seq}}"`), d)
	return bytes.ReplaceAll(out, []byte(`{{seq}}`), d)
}

// matchPattern returns a predicate: msg is JSON and pattern matches it.
func matchPattern(pattern []byte) func([]byte) bool {
	want, err := decodeNumber(pattern)
	if err != nil {
		return func([]byte) bool { return false }
	}
	return func(msg []byte) bool {
		got, err := decodeNumber(msg)
		return err == nil && subset(want, got)
	}
}

func decodeNumber(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, fmt.Errorf("trailing data")
	}
	return v, nil
}

// subset reports whether got matches want: objects member by member (got may have
// more), everything else by JSON equality (numbers by value).
func subset(want, got any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok || !subset(wv, gv) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !subset(w[i], g[i]) {
				return false
			}
		}
		return true
	case json.Number:
		g, ok := got.(json.Number)
		if !ok {
			return false
		}
		a, ok1 := new(big.Rat).SetString(string(w))
		b, ok2 := new(big.Rat).SetString(string(g))
		return ok1 && ok2 && a.Cmp(b) == 0
	default:
		return want == got
	}
}

// copyMembers returns reply with the members named in fields replaced by (or, when
// missing, added from) the client message's members. Member order is kept.
func copyMembers(reply, msg []byte, fields []string) []byte {
	if len(fields) == 0 {
		return reply
	}
	var from map[string]json.RawMessage
	if json.Unmarshal(msg, &from) != nil {
		return reply
	}
	keys, vals, err := orderedMembers(reply)
	if err != nil {
		return reply
	}
	for _, f := range fields {
		v, ok := from[f]
		if !ok {
			continue
		}
		i := 0
		for i < len(keys) && keys[i] != f {
			i++
		}
		if i == len(keys) {
			keys, vals = append(keys, f), append(vals, nil)
		}
		vals[i] = v
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		json.Compact(&b, vals[i])
	}
	b.WriteByte('}')
	return b.Bytes()
}

func orderedMembers(obj []byte) ([]string, []json.RawMessage, error) {
	d := json.NewDecoder(bytes.NewReader(obj))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return nil, nil, fmt.Errorf("not an object")
	}
	var keys []string
	var vals []json.RawMessage
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return nil, nil, err
		}
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			return nil, nil, err
		}
		keys, vals = append(keys, t.(string)), append(vals, v)
	}
	return keys, vals, nil
}
