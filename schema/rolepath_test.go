package schema_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/schema"
)

// nestedMsg is a message "a" with a required object params {id, key, list: [{id, secret}],
// opt: {id}, nul: {id} or null} for the nested-role tests; settings is its x-wsgen.
func nestedMsg(settings string) []byte {
	return keywordsProtocol(`{"type": "object", "x-wsgen": `+settings+`, "properties": {"type": {"const": "a"},
		"params": {"type": "object", "properties": {"id": {"type": "string"}, "n": {"type": "integer"}, "name": {"type": "string"},
			"list": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}, "secret": {"type": "string"}}}},
			"opt": {"type": "object", "properties": {"id": {"type": "string"}, "secret": {"type": "string"}}},
			"nul": {"type": ["object", "null"], "properties": {"id": {"type": "string"}}}}, "required": ["id", "n", "list", "nul"]}},
		"required": ["type", "params"]}`, "")
}

// TestNestedRoles: a role may name a nested member by JSON pointer through required,
// non-nullable objects; the model records the path.
func TestNestedRoles(t *testing.T) {
	p, err := schema.Parse("p.json", nestedMsg(`{"direction": "client", "correlationId": "/params/id", "sequence": "/params/n", "stream": "/params/name", "sensitive": ["/params/list/*/secret", "/params/opt/secret"]}`))
	if err != nil {
		t.Fatal(err)
	}
	m := p.Messages[0]
	if m.CorrelationID == nil || m.CorrelationID.Name != "id" || m.RoleMember(schema.RoleCorrelationID) != "/params/id" {
		t.Fatalf("correlation id = %+v (%q)", m.CorrelationID, m.RoleMember(schema.RoleCorrelationID))
	}
	if path := m.RolePaths[schema.RoleSequence]; len(path) != 1 || path[0].Name != "params" {
		t.Errorf("sequence path = %v", path)
	}
	if len(m.Sensitive) != 2 || !m.Sensitive[0].Sensitive || m.Sensitive[0].Pointer != "/$defs/a/properties/params/properties/list/items/properties/secret" {
		t.Errorf("sensitive = %+v", m.Sensitive)
	}
	if strings.Join(m.SensitiveMembers, " ") != "/params/list/*/secret /params/opt/secret" {
		t.Errorf("SensitiveMembers = %q", m.SensitiveMembers)
	}
	if _, ok := m.RolePaths["sensitive/0"]; ok || len(m.RolePaths) != 3 {
		t.Errorf("RolePaths = %v, want the three roles only", m.RolePaths)
	}
}

// TestNestedRoleRefusals: a nested role that cannot mean one value, or that the runtime
// could not read or set in every message, is refused with the reason.
func TestNestedRoleRefusals(t *testing.T) {
	for _, tt := range []struct{ name, settings, ptr, reason string }{
		{"inside an array", `{"correlationId": "/params/list/*/id"}`, "#/$defs/a/x-wsgen/correlationId", `passes through the array "/params/list": it names no single value (which element?)`},
		{"array by index", `{"eventId": "/params/list/0/id"}`, "#/$defs/a/x-wsgen/eventId", `passes through the array "/params/list": it names no single value (which element?)`},
		{"optional object", `{"eventId": "/params/opt/id"}`, "#/$defs/a/x-wsgen/eventId", `the object "/params/opt" must be required and not nullable`},
		{"nullable object", `{"stream": "/params/nul/id"}`, "#/$defs/a/x-wsgen/stream", `the object "/params/nul" must be required and not nullable`},
		{"missing member", `{"correlationId": "/params/nope"}`, "#/$defs/a/x-wsgen/correlationId", `"nope" is not a property of "/params"`},
		{"through a string", `{"correlationId": "/params/id/x"}`, "#/$defs/a/x-wsgen/correlationId", `"/params/id" is not an object with properties`},
		{"ill-typed nested", `{"sequence": "/params/name"}`, "#/$defs/a/x-wsgen/sequence", "must be a plain (non-null, non-enum) integer"},
		{"sensitive array without *", `{"sensitive": ["/params/list/secret"]}`, "#/$defs/a/x-wsgen/sensitive/0", `name the member of every element with "*" ("/params/list/*/secret")`},
		{"sensitive inside nullable", `{"sensitive": ["/params/nul/id"]}`, "#/$defs/a/x-wsgen/sensitive/0", "cannot hide a member inside a nullable object"},
		{"sensitive role", `{"correlationId": "/params/id", "sensitive": ["/params/id"]}`, "#/$defs/a/x-wsgen", `role member "/params/id" cannot be sensitive`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := schema.Parse("p.json", nestedMsg(tt.settings))
			var es schema.Errors
			if !errors.As(err, &es) {
				t.Fatalf("Parse = %v, want schema.Errors", err)
			}
			for _, e := range es {
				if e.Pointer == tt.ptr && strings.Contains(e.Reason, tt.reason) {
					return
				}
			}
			t.Errorf("Parse errors:\n%v\nwant one at %s containing %q", err, tt.ptr, tt.reason)
		})
	}
}

// TestNestedSnapshotRequest: the snapshot request may hold its stream and sequence in a
// required object that requires nothing else; another required member there is refused.
func TestNestedSnapshotRequest(t *testing.T) {
	proto := func(args string) []byte {
		return []byte(`{"oneOf": [{"$ref": "#/$defs/resync"}, {"$ref": "#/$defs/book"}], "x-wsgen": {"package": "p", "discriminator": "op"}, "$defs": {
		"resync": {"type": "object", "x-wsgen": {"direction": "client", "snapshot": "request", "stream": "/args/pair", "sequence": "/args/from"},
			"properties": {"op": {"const": "resync"}, "args": ` + args + `}, "required": ["op", "args"]},
		"book": {"type": "object", "x-wsgen": {"direction": "server", "snapshot": "reply", "stream": "/d/pair", "sequence": "/d/last"},
			"properties": {"op": {"const": "book"}, "d": {"type": "object", "properties": {"pair": {"type": "string"}, "last": {"type": "integer"}}, "required": ["pair", "last"]}}, "required": ["op", "d"]}}}`)
	}
	if _, err := schema.Parse("p.json", proto(`{"type": "object", "properties": {"pair": {"type": "string"}, "from": {"type": "integer"}, "depth": {"type": "integer"}}, "required": ["pair", "from"]}`)); err != nil {
		t.Errorf("Parse = %v", err)
	}
	_, err := schema.Parse("p.json", proto(`{"type": "object", "properties": {"pair": {"type": "string"}, "from": {"type": "integer"}, "depth": {"type": "integer"}}, "required": ["pair", "from", "depth"]}`))
	if err == nil || !strings.Contains(err.Error(), `#/$defs/resync/properties/args/properties/depth: the snapshot request may require only`) {
		t.Errorf("Parse = %v, want the refusal of the required depth", err)
	}
}
