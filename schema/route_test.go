package schema_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/schema"
)

// proto builds a protocol of the given $defs (a JSON object's members) and root x-wsgen
// members; every $defs entry whose name starts with a lower-case letter is a message.
func proto(t *testing.T, xwsgen, defs string) string {
	t.Helper()
	var d map[string]json.RawMessage
	if err := json.Unmarshal([]byte("{"+defs+"}"), &d); err != nil {
		t.Fatal(err)
	}
	var refs []string
	// Keep the order written.
	dec := json.NewDecoder(strings.NewReader("{" + defs + "}"))
	dec.Token()
	for dec.More() {
		k, _ := dec.Token()
		var skip json.RawMessage
		dec.Decode(&skip)
		if name := k.(string); name[0] >= 'a' && name[0] <= 'z' {
			refs = append(refs, `{"$ref": "#/$defs/`+name+`"}`)
		}
	}
	x := `"package": "p"`
	if xwsgen != "" {
		x += ", " + xwsgen
	}
	return `{"x-wsgen": {` + x + `}, "oneOf": [` + strings.Join(refs, ", ") + `], "$defs": {` + defs + `}}`
}

func TestRoutes(t *testing.T) {
	for _, tt := range []struct {
		name, xwsgen, defs string
		routes             []string // MessageInfo.Route of each message, in order
		names              []string // type names
	}{
		{"default type", "", `"a": {"type": "object", "properties": {"type": {"const": "a"}}, "required": ["type"]},
			"b": {"type": "object", "properties": {"type": {"const": "b"}}, "required": ["type"]}`,
			[]string{`type="a"`, `type="b"`}, []string{"a", "b"}},
		{"integer and compound", "", `"hello": {"type": "object", "properties": {"op": {"const": 10}}, "required": ["op"]},
			"msg": {"type": "object", "properties": {"op": {"const": 0}, "t": {"const": "MSG"}}, "required": ["op", "t"]},
			"del": {"type": "object", "properties": {"op": {"const": 0}, "t": {"const": "DEL"}}, "required": ["op", "t"]}`,
			[]string{`op=1e1`, `op=0 t="MSG"`, `op=0 t="DEL"`}, []string{"hello", "MSG", "DEL"}},
		{"nested and enum", "", `"books": {"type": "object", "properties": {"arg": {"type": "object", "properties": {"channel": {"enum": ["books", "books5"]}}, "required": ["channel"]}}, "required": ["arg"]},
			"trade": {"type": "object", "properties": {"arg": {"type": "object", "properties": {"channel": {"const": "trade"}}, "required": ["channel"]}}, "required": ["arg"]}`,
			[]string{`/arg/channel in ["books", "books5"]`, `/arg/channel="trade"`}, []string{"books", "trade"}},
		{"patterns", `"discriminator": "c"`, `"deals": {"type": "object", "properties": {"c": {"type": "string", "pattern": "^spot@deals@"}}, "required": ["c"]},
			"depth": {"type": "object", "properties": {"c": {"type": "string", "pattern": "^spot@depth20$"}}, "required": ["c"], "additionalProperties": false}`,
			[]string{`c^="spot@deals@"`, `c="spot@depth20"`}, []string{"deals", "depth"}},
		{"suffixes", `"discriminator": "stream"`, `"d20": {"type": "object", "properties": {"stream": {"type": "string", "pattern": "@depth20$"}}, "required": ["stream"]},
			"d5": {"type": "object", "properties": {"stream": {"type": "string", "pattern": "@depth5$"}}, "required": ["stream"]}`,
			[]string{`stream$="@depth20"`, `stream$="@depth5"`}, []string{"d20", "d5"}},
		{"shape", "", `"result": {"type": "object", "properties": {"id": {"type": "integer"}, "result": true}, "required": ["id", "result"], "additionalProperties": false},
			"error": {"type": "object", "properties": {"id": {"type": ["integer", "null"]}, "error": {"type": "object"}}, "required": ["id", "error"], "additionalProperties": false}`,
			[]string{`has id, result (and nothing else)`, `has id, error (and nothing else)`}, []string{"result", "error"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := schema.Parse("p.json", []byte(proto(t, tt.xwsgen, tt.defs)))
			if err != nil {
				t.Fatal(err)
			}
			for i, m := range p.Messages {
				if got := p.Describe(m); got != tt.routes[i] {
					t.Errorf("route of %s = %q, want %q", m.Name, got, tt.routes[i])
				}
				if m.Wire != tt.names[i] {
					t.Errorf("type name of %s = %q, want %q", m.Name, m.Wire, tt.names[i])
				}
			}
		})
	}
}

func TestRouteRefusals(t *testing.T) {
	for _, tt := range []struct {
		name, xwsgen, defs string
		want               []string // each a "pointer: reason" prefix
	}{
		{"same const", "", `"a": {"type": "object", "properties": {"type": {"const": "x"}}, "required": ["type"]},
			"b": {"type": "object", "properties": {"type": {"const": "x"}}, "required": ["type"]}`,
			[]string{`p.json:#/$defs/a: the routes of #/$defs/a and #/$defs/b overlap: both match {"type":"x"}`}},
		{"two open discriminators", "", `"a": {"type": "object", "properties": {"event": {"const": "x"}}, "required": ["event"]},
			"b": {"type": "object", "properties": {"feed": {"const": "y"}}, "required": ["feed"]}`,
			[]string{`p.json:#/$defs/a: the routes of #/$defs/a and #/$defs/b overlap: both match {"event":"x","feed":"y"}`}},
		{"prefixes that extend", `"discriminator": "c"`, `"a": {"type": "object", "properties": {"c": {"type": "string", "pattern": "^spot@"}}, "required": ["c"]},
			"b": {"type": "object", "properties": {"c": {"type": "string", "pattern": "^spot@deals"}}, "required": ["c"]}`,
			[]string{`p.json:#/$defs/a: the routes of #/$defs/a and #/$defs/b overlap: both match {"c":"spot@deals"}`}},
		{"const in pattern", `"discriminator": "c"`, `"a": {"type": "object", "properties": {"c": {"const": "spot@x"}}, "required": ["c"]},
			"b": {"type": "object", "properties": {"c": {"type": "string", "pattern": "^spot@"}}, "required": ["c"]}`,
			[]string{`p.json:#/$defs/a: the routes of #/$defs/a and #/$defs/b overlap: both match {"c":"spot@x"}`}},
		{"shapes open", "", `"a": {"type": "object", "properties": {"id": {"type": "integer"}, "result": true}, "required": ["id", "result"]},
			"b": {"type": "object", "properties": {"id": {"type": "integer"}, "error": true}, "required": ["id", "error"]}`,
			[]string{`p.json:#/$defs/a: the routes of #/$defs/a and #/$defs/b overlap: both match {"error":"x","id":0,"result":"x"}`}},
		{"prefix and suffix", `"discriminator": "c"`, `"a": {"type": "object", "properties": {"c": {"type": "string", "pattern": "^spot@"}}, "required": ["c"]},
			"b": {"type": "object", "properties": {"c": {"type": "string", "pattern": "@depth$"}}, "required": ["c"]}`,
			[]string{`p.json:#/$defs/a: the routes of #/$defs/a and #/$defs/b overlap: both match {"c":"spot@@depth"}`}},
		{"unsatisfiable", "", `"a": {"type": "object", "properties": {"type": {"type": "string", "const": "a", "pattern": "^b"}}, "required": ["type"]},
			"b": {"type": "object", "properties": {"type": {"const": "b"}}, "required": ["type"]}`,
			[]string{`p.json:#/$defs/a/properties/type: unsatisfiable route`}},
		{"precedence names a non-message", `"precedence": ["zz"]`, `"a": {"type": "object", "properties": {"type": {"const": "a"}}, "required": ["type"]}`,
			[]string{`p.json:#/x-wsgen/precedence/0: precedence names "zz", which is not a message`}},
		{"bad discriminator", `"discriminator": ["/a/b/c/d", 5]`, `"a": {"type": "object"}`,
			[]string{`p.json:#/x-wsgen/discriminator/0: discriminator "/a/b/c/d" is nested 4 levels deep`, `p.json:#/x-wsgen/discriminator/1: discriminator must be a member name`}},
		{"type name collision", "", `"a": {"type": "object", "x-wsgen": {"typeName": "b"}, "properties": {"type": {"const": "a"}}, "required": ["type"]},
			"b": {"type": "object", "properties": {"type": {"const": "b"}}, "required": ["type"]}`,
			[]string{`p.json:#/$defs/b: type name "b" is already used by #/$defs/a`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := schema.Parse("p.json", []byte(proto(t, tt.xwsgen, tt.defs)))
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

// TestPrecedenceResolves: listed messages may overlap; the first wins in Match.
func TestPrecedenceResolves(t *testing.T) {
	p, err := schema.Parse("p.json", []byte(proto(t, `"precedence": ["pong", "resp"]`,
		`"resp": {"type": "object", "properties": {"id": {"type": "integer"}, "msg": {"type": "string"}}, "required": ["id", "msg"], "additionalProperties": false},
		 "pong": {"type": "object", "properties": {"id": {"type": "integer"}, "msg": {"const": "PONG"}}, "required": ["id", "msg"], "additionalProperties": false}`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ frame, want string }{
		{`{"id": 0, "msg": "PONG"}`, "pong"},
		{`{"id": 0, "msg": "ok"}`, "resp"},
	} {
		var v any
		d := json.NewDecoder(strings.NewReader(tt.frame))
		d.UseNumber()
		d.Decode(&v)
		if _, m := p.Match(v); m == nil || m.Name != tt.want {
			t.Errorf("Match(%s) = %v, want %s", tt.frame, m, tt.want)
		}
	}
}

// TestParseConcurrent: routing's pattern cache is shared; Parse runs concurrently (-race).
func TestParseConcurrent(t *testing.T) {
	src := []byte(proto(t, `"discriminator": "c"`, `"a": {"type": "object", "properties": {"c": {"type": "string", "pattern": "^a@"}}, "required": ["c"]},
		"b": {"type": "object", "properties": {"c": {"type": "string", "pattern": "^b@"}}, "required": ["c"]}`))
	done := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func() { _, err := schema.Parse("p.json", src); done <- err }()
	}
	for i := 0; i < 4; i++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
