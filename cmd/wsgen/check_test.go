package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// protocol builds a small valid protocol whose $defs are extended (or replaced) by defs,
// a JSON fragment of $defs members, and whose root x-wsgen members are extended by root.
func protocol(defs, root string) string {
	if defs != "" {
		defs = "," + defs
	}
	if root != "" {
		root = "," + root
	}
	return `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "x-wsgen": {"package": "p"` + root + `},
  "oneOf": [{"$ref": "#/$defs/a"}, {"$ref": "#/$defs/b"}],
  "$defs": {
    "a": {"type": "object", "x-wsgen": {"direction": "server"},
          "properties": {"type": {"const": "a"}, "x": {"type": "string"}}, "required": ["type"]},
    "b": {"type": "object", "properties": {"type": {"const": "b"}}, "required": ["type"]}` + defs + `
  }
}`
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// replaceDef swaps the definition of $defs/a for def.
func replaceA(def string) string {
	p := protocol("", "")
	start := strings.Index(p, `"a": {`)
	end := strings.Index(p, `"b": {`)
	return p[:start] + `"a": ` + def + ",\n    " + p[end:]
}

func TestCheckRefusals(t *testing.T) {
	for _, tt := range []struct {
		name, schema, pointer, reason string
	}{
		{"not JSON", `{"oneOf": [}`, "1:12", "invalid JSON: invalid character '}'"},
		{"meta-schema", replaceA(`{"type": "object", "properties": {"type": {"const": "a"}, "x": {"type": 5}}, "required": ["type"]}`), "#/$defs/a/properties/x/type", "not a valid 2020-12 schema"},
		{"unsupported keyword", replaceA(`{"type": "object", "properties": {"type": {"const": "a"}, "x": {"type": "object", "patternProperties": {"^a": {}}}}, "required": ["type"]}`), "#/$defs/a/properties/x/patternProperties", `unsupported keyword "patternProperties"`},
		{"no discriminator", replaceA(`{"type": "object", "properties": {"x": {"type": "string"}}}`), "#/$defs/a", `the routes of #/$defs/a and #/$defs/b overlap: both match {"type":"b"}`},
		{"discriminator not const", replaceA(`{"type": "object", "properties": {"type": {"type": "string"}}, "required": ["type"]}`), "#/$defs/a", `the routes of #/$defs/a and #/$defs/b overlap: both match {"type":"b"}`},
		{"unsatisfiable route", replaceA(`{"type": "object", "properties": {"type": {"type": "string", "const": "a", "pattern": "^x"}}, "required": ["type"]}`), "#/$defs/a/properties/type", "unsatisfiable route"},
		{"duplicate wire name", replaceA(`{"type": "object", "properties": {"type": {"const": "b"}}, "required": ["type"]}`), "#/$defs/a", `both match {"type":"b"}`},
		{"type name collision", replaceA(`{"type": "object", "x-wsgen": {"typeName": "b"}, "properties": {"type": {"const": "a"}}, "required": ["type"]}`), "#/$defs/b", `type name "b" is already used by #/$defs/a`},
		{"Go name collision", replaceA(`{"type": "object", "properties": {"type": {"const": "a"}, "user_id": {"type": "string"}, "userId": {"type": "string"}}, "required": ["type"]}`), "#/$defs/a/properties/userId", "Go field name \"UserID\" is already taken by #/$defs/a/properties/user_id"},
		{"reserved Go name", replaceA(`{"type": "object", "properties": {"type": {"const": "a"}, "message_type": {"type": "string"}}, "required": ["type"]}`), "#/$defs/a/properties/message_type", "Go field name \"MessageType\" is reserved"},
		{"type name collision", protocol(`"A": {"type": "string", "enum": ["x"]}`, ""), "#/$defs/A", "Go name \"A\" is already taken by #/$defs/a"},
		{"unresolvable $ref", replaceA(`{"type": "object", "properties": {"type": {"const": "a"}, "x": {"$ref": "#/$defs/missing"}}, "required": ["type"]}`), "#/$defs/a/properties/x/$ref", "unresolvable $ref"},
		{"non-local $ref", replaceA(`{"type": "object", "properties": {"type": {"const": "a"}, "x": {"$ref": "#/properties/type"}}, "required": ["type"]}`), "#/$defs/a/properties/x/$ref", "unresolvable $ref"},
		{"RE2 pattern", replaceA(`{"type": "object", "properties": {"type": {"const": "a"}, "x": {"type": "string", "pattern": "^(?=a)b"}}, "required": ["type"]}`), "#/$defs/a/properties/x/pattern", "lookahead \"(?=\" is not supported"},
		{"unknown root x-wsgen key", protocol("", `"packages": "q"`), "#/x-wsgen/packages", `unknown x-wsgen key "packages"`},
		{"unknown message x-wsgen key", replaceA(`{"type": "object", "x-wsgen": {"dir": "server"}, "properties": {"type": {"const": "a"}}, "required": ["type"]}`), "#/$defs/a/x-wsgen/dir", `unknown x-wsgen key "dir"`},
		{"role names a missing field", replaceA(`{"type": "object", "x-wsgen": {"eventId": "id"}, "properties": {"type": {"const": "a"}}, "required": ["type"]}`), "#/$defs/a/x-wsgen/eventId", `names "id", which is not a property`},
		{"role of the wrong type", replaceA(`{"type": "object", "x-wsgen": {"sequence": "x"}, "properties": {"type": {"const": "a"}, "x": {"type": "string"}}, "required": ["type"]}`), "#/$defs/a/x-wsgen/sequence", "must be a plain (non-null, non-enum) integer"},
		{"bad close code", protocol("", `"closeCodes": [{"code": 1000, "name": "n", "action": "stop"}]`), "#/x-wsgen/closeCodes/0/code", "4000..4999"},
		{"bad close action", protocol("", `"closeCodes": [{"code": 4000, "name": "n", "action": "retry"}]`), "#/x-wsgen/closeCodes/0/action", `unknown action "retry"`},
		{"x-wsgen on an item", replaceA(`{"type": "object", "properties": {"type": {"const": "a"}, "x": {"type": "array", "items": {"type": "string", "x-wsgen": {}}}}, "required": ["type"]}`), "#/$defs/a/properties/x/items/x-wsgen", "allowed only at the root, on messages, on $defs entries and on properties"},
		{"nested oneOf of one kind twice", replaceA(`{"type": "object", "properties": {"type": {"const": "a"}, "x": {"oneOf": [{"type": "string"}, {"type": "string", "minLength": 2}]}}, "required": ["type"]}`), "#/$defs/a/properties/x/oneOf/1", "both accept string values"},
		{"oneOf without discriminator", replaceA(`{"type": "object", "properties": {"type": {"const": "a"}, "x": {"oneOf": [{"$ref": "#/$defs/b"}, {"$ref": "#/$defs/c"}]}}, "required": ["type"]}` + `, "c": {"type": "object", "properties": {"t": {"const": "c"}}}`), "#/$defs/a/properties/x/oneOf", "need a required member with a distinct string const"},
		{"recursive $ref", protocol(`"node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/node"}}}`, ""), "#/$defs/node/properties/next/$ref", "recursive $ref"},
		{"JSON ping answering itself", replaceA(`{"type": "object", "x-wsgen": {"direction": "server", "heartbeat": {"answer": "a"}}, "properties": {"type": {"const": "a"}}, "required": ["type"]}`), "#/$defs/a/x-wsgen/heartbeat/answer", `"a" cannot answer itself`},
		{"JSON ping echo into a discriminator", replaceA(`{"type": "object", "x-wsgen": {"direction": "server", "heartbeat": {"answer": "b", "echo": {"type": "x"}}}, "properties": {"type": {"const": "a"}, "x": {"type": "string"}}, "required": ["type", "x"]}`), "#/$defs/a/x-wsgen/heartbeat/echo/type", `"type" is a discriminator of the answer "b"`},
		{"array routes overlap", strings.Replace(protocol(`"c": {"type": "array", "prefixItems": [{"type": "integer"}, {"const": "ticker"}], "minItems": 2}, "d": {"type": "array", "prefixItems": [{"type": "number"}, {"type": "string"}], "minItems": 2}`, ""), `{"$ref": "#/$defs/b"}]`, `{"$ref": "#/$defs/b"}, {"$ref": "#/$defs/c"}, {"$ref": "#/$defs/d"}]`, 1), "#/$defs/c", `the routes of #/$defs/c and #/$defs/d overlap: both match [0,"ticker"]`},
		{"snapshot without reply", replaceA(`{"type": "object", "x-wsgen": {"direction": "client", "snapshot": "request", "stream": "x", "sequence": "n"}, "properties": {"type": {"const": "a"}, "x": {"type": "string"}, "n": {"type": "integer"}}, "required": ["type"]}`), "#/$defs", "snapshot request needs a snapshot reply"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := writeTemp(t, "protocol.json", tt.schema)
			var stdout, stderr bytes.Buffer
			code := run([]string{"check", "-schema", path}, &stdout, &stderr)
			if code != 1 {
				t.Fatalf("wsgen check = exit %d, want 1; stdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
			}
			want := path + ":" + tt.pointer + ": "
			found := false
			for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
				if strings.HasPrefix(line, want) && strings.Contains(line, tt.reason) {
					found = true
				}
			}
			if !found {
				t.Errorf("wsgen check printed:\n%s\nwant a line %q… containing %q", stdout.String(), want, tt.reason)
			}
		})
	}
}

func TestCheckReportsAllProblems(t *testing.T) {
	path := writeTemp(t, "protocol.json", replaceA(`{"type": "object", "x-wsgen": {"eventId": "id", "colour": 1}, "properties": {"type": {"const": "a"}, "x": {"not": {}}, "y": {"anyOf": []}}, "required": ["type"]}`))
	var stdout, stderr bytes.Buffer
	if code := run([]string{"check", "-schema", path}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if n := strings.Count(stdout.String(), "\n"); n < 3 {
		t.Errorf("wsgen check printed %d lines, want every problem:\n%s", n, stdout.String())
	}
}

func TestCheckOK(t *testing.T) {
	for _, path := range []string{"../../testdata/chat/protocol.json", "../../testdata/kitchen/protocol.json", writeTemp(t, "p.json", protocol("", ""))} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"check", "-schema", path}, &stdout, &stderr); code != 0 || stdout.String() != "ok\n" {
			t.Errorf("wsgen check -schema %s = exit %d, stdout %q, stderr %q; want 0, \"ok\"", path, code, stdout.String(), stderr.String())
		}
	}
}

func TestHelp(t *testing.T) {
	for _, cmd := range []string{"check", "generate"} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{cmd, "-h"}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "Usage: wsgen "+cmd) {
			t.Errorf("wsgen %s -h = exit %d, stdout %q", cmd, code, stdout.String())
		}
		stdout.Reset()
		if code := run([]string{cmd}, &stdout, &stderr); code != 2 {
			t.Errorf("wsgen %s without flags = exit %d, want 2", cmd, code)
		}
	}
}
