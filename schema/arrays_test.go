package schema_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/schema"
)

// TestArrayRoutes: array messages are routed among themselves by the positions at which
// they differ and by their length; object messages keep their own slots.
func TestArrayRoutes(t *testing.T) {
	for _, tt := range []struct {
		name, xwsgen, defs string
		routes             []string // MessageInfo.Route of each message, in order
		names              []string // type names
	}{
		{"single array needs no discriminator", "", `"levels": {"type": "array", "items": {"type": "string"}}`,
			[]string{"array"}, []string{"levels"}},
		{"phoenix event at /3", "", `"join": {"type": "array", "prefixItems": [{"type": ["string", "null"]}, {"type": "string"}, {"type": "string"}, {"const": "phx_join"}, {"type": "object"}], "items": false, "minItems": 5},
			"reply": {"type": "array", "prefixItems": [{"type": ["string", "null"]}, {"type": "string"}, {"type": "string"}, {"const": "phx_reply"}, {"type": "object"}], "items": false, "minItems": 5}`,
			[]string{`array /3="phx_join" (5 items)`, `array /3="phx_reply" (5 items)`}, []string{"phx_join", "phx_reply"}},
		{"kraken channel at /2 beside objects", "", `"ticker": {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "object"}, {"const": "ticker"}, {"type": "string"}], "items": false, "minItems": 4},
			"spread": {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "array"}, {"const": "spread"}, {"type": "string"}], "items": false, "minItems": 4},
			"heartbeat": {"type": "object", "properties": {"event": {"const": "heartbeat"}}, "required": ["event"]}`,
			[]string{`array /2="ticker" (4 items)`, `array /2="spread" (4 items)`, `event="heartbeat"`}, []string{"ticker", "spread", "heartbeat"}},
		{"length and kind", "", `"pair": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2},
			"triple": {"type": "array", "items": {"type": "string"}, "minItems": 3},
			"numbers": {"type": "array", "prefixItems": [{"type": "number"}], "minItems": 1}`,
			[]string{"array (2 items)", "array (at least 3 items)", "array (at least 1 item)"}, []string{"pair", "triple", "numbers"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := schema.Parse("p.json", []byte(proto(t, tt.xwsgen, tt.defs)))
			if err != nil {
				t.Fatal(err)
			}
			for i, m := range p.Messages {
				if got := p.Describe(m); got != tt.routes[i] {
					t.Errorf("Describe(%s) = %q, want %q", m.Name, got, tt.routes[i])
				}
				if m.Wire != tt.names[i] {
					t.Errorf("%s: type name %q, want %q", m.Name, m.Wire, tt.names[i])
				}
			}
		})
	}
}

// TestArrayRouteRefusals: overlapping array routes are refused with a frame both accept,
// as object routes are; a precedence resolves them.
func TestArrayRouteRefusals(t *testing.T) {
	for _, tt := range []struct {
		name, xwsgen, defs string
		want               []string // each a "pointer: reason" prefix; none: accepted
	}{
		{"both may be empty", "", `"a": {"type": "array", "prefixItems": [{"const": "x"}]},
			"b": {"type": "array", "items": {"type": "integer"}}`,
			[]string{`p.json:#/$defs/a: the routes of #/$defs/a and #/$defs/b overlap: both match []`}},
		{"const inside the other's kind", "", `"a": {"type": "array", "prefixItems": [{"const": "x"}], "minItems": 1},
			"b": {"type": "array", "prefixItems": [{"type": "string"}], "minItems": 1}`,
			[]string{`p.json:#/$defs/a: the routes of #/$defs/a and #/$defs/b overlap: both match ["x"]`}},
		{"same const, other position open", "", `"a": {"type": "array", "prefixItems": [{"type": "integer"}, {"const": "t"}], "items": false, "minItems": 2},
			"b": {"type": "array", "prefixItems": [{"type": "number"}, {"const": "t"}, {"type": "string"}], "minItems": 2}`,
			[]string{`p.json:#/$defs/a: the routes of #/$defs/a and #/$defs/b overlap: both match [0,"t"]`}},
		{"lengths overlap", "", `"a": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 3},
			"b": {"type": "array", "items": {"type": "string"}, "minItems": 3}`,
			[]string{`p.json:#/$defs/a: the routes of #/$defs/a and #/$defs/b overlap: both match ["x","x","x"]`}},
		{"long shared prefix", "", `"a": {"type": "array", "items": {"type": "integer"}, "minItems": 20},
			"b": {"type": "array", "prefixItems": [{"type": "integer"}], "items": {"type": "number"}, "minItems": 1}`,
			[]string{`p.json:#/$defs/a: the routes of #/$defs/a and #/$defs/b overlap: both match [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,… (20 items)]`}},
		{"patterns that extend", "", `"a": {"type": "array", "prefixItems": [{"type": "string", "pattern": "^room:"}], "minItems": 1},
			"b": {"type": "array", "prefixItems": [{"type": "string", "pattern": "^room:lobby"}], "minItems": 1}`,
			[]string{`p.json:#/$defs/a: the routes of #/$defs/a and #/$defs/b overlap: both match ["room:lobby"]`}},
		{"precedence resolves", `"precedence": ["a", "b"]`, `"a": {"type": "array", "prefixItems": [{"const": "x"}], "minItems": 1},
			"b": {"type": "array", "prefixItems": [{"type": "string"}], "minItems": 1}`, nil},
		{"lengths disjoint", "", `"a": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
			"b": {"type": "array", "items": {"type": "string"}, "minItems": 3}`, nil},
		{"kinds disjoint", "", `"a": {"type": "array", "prefixItems": [{"type": "integer"}], "minItems": 1},
			"b": {"type": "array", "prefixItems": [{"type": "string"}], "minItems": 1}`, nil},
		{"consts disjoint at /3", "", `"a": {"type": "array", "prefixItems": [true, true, true, {"const": "x"}], "minItems": 4},
			"b": {"type": "array", "prefixItems": [true, true, true, {"enum": ["y", "z"]}], "minItems": 4}`, nil},
		{"an object and an array never overlap", "", `"a": {"type": "array"},
			"b": {"type": "object"}`, nil},
		{"unsatisfiable length", "", `"a": {"type": "array", "items": {"type": "string"}, "minItems": 3, "maxItems": 2},
			"b": {"type": "object"}`,
			[]string{`p.json:#/$defs/a/minItems: unsatisfiable route: minItems 3 is more than the 2 items`}},
		{"unsatisfiable position", "", `"a": {"type": "array", "prefixItems": [{"type": "string", "const": "a", "pattern": "^b"}], "minItems": 1},
			"b": {"type": "array", "prefixItems": [{"type": "integer"}], "minItems": 1}`,
			[]string{`p.json:#/$defs/a/prefixItems/0: unsatisfiable route`}},
		{"nullable array message", "", `"a": {"type": ["array", "null"], "items": {"type": "string"}}`,
			[]string{`p.json:#/$defs/a: a message must be an object schema`}},
		{"uniqueItems", "", `"a": {"type": "array", "items": {"type": "string"}, "uniqueItems": true}`,
			[]string{`p.json:#/$defs/a/uniqueItems: uniqueItems on an array message is not supported`}},
		{"role names no position", "", `"a": {"type": "array", "x-wsgen": {"stream": "2"}, "prefixItems": [{"type": "string"}], "minItems": 1}`,
			[]string{`p.json:#/$defs/a/x-wsgen/stream: stream names "2", which is not a position of the array message`}},
		{"role by pointer to a member inside a position", "", `"a": {"type": "array", "x-wsgen": {"eventId": "/0/id"}, "prefixItems": [{"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}], "minItems": 1}`,
			[]string{`p.json:#/$defs/a/x-wsgen/eventId: eventId names "/0/id", which is not a position of the array message`}},
		{"role by pointer to a position", "", `"a": {"type": "array", "x-wsgen": {"stream": "/1"}, "prefixItems": [{"type": "integer"}, {"type": "string"}], "minItems": 2}`, nil},
		{"sensitive position", "", `"a": {"type": "array", "x-wsgen": {"sensitive": ["0"]}, "prefixItems": [{"type": "string"}], "minItems": 1}`,
			[]string{`p.json:#/$defs/a/x-wsgen/sensitive: sensitive positions of an array message are not supported`}},
		{"role of the wrong type at a position", "", `"a": {"type": "array", "x-wsgen": {"sequence": "0"}, "prefixItems": [{"type": "string"}], "minItems": 1}`,
			[]string{`p.json:#/$defs/a/x-wsgen/sequence: the sequence field "0" must be a plain (non-null, non-enum) integer`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := schema.Parse("p.json", []byte(proto(t, tt.xwsgen, tt.defs)))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Parse = %v, want no error", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Parse accepted the protocol; want %q", tt.want)
			}
			lines := strings.Split(err.Error(), "\n")
			for _, w := range tt.want {
				found := false
				for _, l := range lines {
					found = found || strings.HasPrefix(l, w)
				}
				if !found {
					t.Errorf("errors:\n%s\nwant a line starting %q", err, w)
				}
			}
		})
	}
}

func TestArrayRootTypeObject(t *testing.T) {
	src := `{"type": "object", "x-wsgen": {"package": "p"}, "oneOf": [{"$ref": "#/$defs/a"}], "$defs": {"a": {"type": "array"}}}`
	_, err := schema.Parse("p.json", []byte(src))
	if err == nil || !strings.Contains(err.Error(), `p.json:#/type: the root type "object" refuses the array message "a"`) {
		t.Fatalf("Parse = %v, want the root type refused", err)
	}
}

// TestArrayMatchDiff: on the arrays protocol's frames, the reference router and the
// reference validator agree: a frame is valid for the root oneOf exactly when Match
// picks a message whose schema accepts it, and then Validate names that message.
func TestArrayMatchDiff(t *testing.T) {
	p, err := schema.Load("../testdata/arrays/protocol.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../testdata/arrays/frames.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	valid, n := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		frame := sc.Bytes()
		if len(bytes.TrimSpace(frame)) == 0 {
			continue
		}
		n++
		var v any
		d := json.NewDecoder(bytes.NewReader(frame))
		d.UseNumber()
		if err := d.Decode(&v); err != nil {
			t.Fatalf("%s: %v", frame, err)
		}
		_, pick := p.Match(v)
		routed := pick != nil && p.ValidateMessage(pick, v) == nil
		typ, verr := p.Validate(frame)
		if routed != (verr == nil) {
			t.Errorf("%s: routed valid = %v (pick %v), Validate = %v", frame, routed, pick, verr)
		}
		if routed {
			valid++
			if typ != pick.Wire {
				t.Errorf("%s: Validate type %q, Match %q", frame, typ, pick.Wire)
			}
		}
	}
	t.Logf("%d of %d frames valid", valid, n)
	if valid < 10 || valid == n {
		t.Errorf("%d of %d frames valid: the frames should hold both kinds", valid, n)
	}
}
