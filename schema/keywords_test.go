package schema_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/schema"
)

// keywordsProtocol is a protocol whose message "a" is the object schema msg (members
// "type" and whatever msg declares), with $defs defs besides.
func keywordsProtocol(msg, defs string) []byte {
	if defs != "" {
		defs = ", " + defs
	}
	return []byte(`{"oneOf": [{"$ref": "#/$defs/a"}], "x-wsgen": {"package": "p"}, "$defs": {"a": ` + msg + defs + `}}`)
}

// TestKeywordRefusals: allOf, dependentRequired, not and if/then/else that wsgen cannot
// merge or check exactly are refused at the pointer, with the reason.
func TestKeywordRefusals(t *testing.T) {
	for _, tt := range []struct {
		name, msg, defs, ptr, reason string
	}{
		{"member declared differently",
			`{"type": "object", "allOf": [{"properties": {"type": {"const": "a"}, "x": {"type": "string"}}}, {"properties": {"x": {"type": "integer"}}}], "required": ["type"]}`, "",
			"#/$defs/a/allOf/1/properties/x", `member "x" is declared differently here and at #/$defs/a/allOf/0/properties/x`},
		{"neither restricts the other",
			`{"type": "object", "allOf": [{"properties": {"type": {"const": "a"}, "x": {"type": "string", "minLength": 1}}}, {"properties": {"x": {"type": "string", "maxLength": 3}}}], "required": ["type"]}`, "",
			"#/$defs/a/allOf/1/properties/x", "identical or one adds keywords to the other"},
		{"additionalProperties false refuses another part's member",
			`{"type": "object", "allOf": [{"$ref": "#/$defs/base"}, {"properties": {"x": {"type": "string"}}}], "required": ["type"]}`,
			`"base": {"type": "object", "properties": {"type": {"const": "a"}}, "additionalProperties": false}`,
			"#/$defs/base/additionalProperties", `refuses member "x", which #/$defs/a/allOf/1/properties/x declares`},
		{"additionalProperties false refuses another part's required member",
			`{"type": "object", "properties": {"type": {"const": "a"}}, "additionalProperties": false, "allOf": [{"required": ["y"]}], "required": ["type"]}`, "",
			"#/$defs/a/additionalProperties", `refuses member "y", which another part requires: no value can ever be valid`},
		{"additionalProperties schema",
			`{"type": "object", "properties": {"type": {"const": "a"}}, "allOf": [{"additionalProperties": {"type": "string"}}], "required": ["type"]}`, "",
			"#/$defs/a/allOf/0/additionalProperties", "whose additionalProperties is a schema"},
		{"part of another type",
			`{"type": "object", "properties": {"type": {"const": "a"}, "x": {"allOf": [{"type": "string"}]}}, "required": ["type"]}`, "",
			"#/$defs/a/properties/x/allOf/0/type", "wsgen merges only object schemas in allOf; this part accepts string"},
		{"keyword it cannot merge",
			`{"type": "object", "properties": {"type": {"const": "a"}, "x": {"allOf": [{"type": "object"}, {"maxLength": 3}]}}, "required": ["type"]}`, "",
			"#/$defs/a/properties/x/allOf/1/maxLength", `wsgen cannot merge keyword "maxLength" in an allOf`},
		{"cyclic",
			`{"type": "object", "properties": {"type": {"const": "a"}, "x": {"$ref": "#/$defs/c"}}, "required": ["type"]}`,
			`"c": {"type": "object", "allOf": [{"$ref": "#/$defs/d"}]}, "d": {"allOf": [{"$ref": "#/$defs/c"}]}`,
			"#/$defs/c", "cyclic allOf"},
		{"false part",
			`{"type": "object", "properties": {"type": {"const": "a"}}, "allOf": [false], "required": ["type"]}`, "",
			"#/$defs/a/allOf/0", "an allOf part is false: no value can ever be valid"},
		{"not of a value",
			`{"type": "object", "properties": {"type": {"const": "a"}, "x": {"type": "string", "not": {"const": "x"}}}, "required": ["type"]}`, "",
			"#/$defs/a/properties/x/not", "wsgen cannot generate an exact check for this not"},
		{"not beyond required",
			`{"type": "object", "properties": {"type": {"const": "a"}, "x": {"type": "string"}}, "not": {"properties": {"x": {"const": "x"}}}, "required": ["type"]}`, "",
			"#/$defs/a/not", `wsgen cannot generate an exact check for this not; it supports only {"required": [...]}`},
		{"not of nothing",
			`{"type": "object", "properties": {"type": {"const": "a"}}, "not": {"required": []}, "required": ["type"]}`, "",
			"#/$defs/a/not", "refuses every object"},
		{"not of required members",
			`{"type": "object", "properties": {"type": {"const": "a"}, "x": {"type": "string"}}, "not": {"required": ["x"]}, "required": ["type", "x"]}`, "",
			"#/$defs/a/not", "not forbids members that are all required"},
		{"if beyond required",
			`{"type": "object", "properties": {"type": {"const": "a"}, "x": {"type": "string"}, "y": {"type": "string"}}, "if": {"properties": {"x": {"minLength": 2}}}, "then": {"required": ["y"]}, "required": ["type"]}`, "",
			"#/$defs/a/if", `wsgen cannot generate an exact check for this if: the condition on "x" is not only a const`},
		{"if const of an undeclared member",
			`{"type": "object", "properties": {"type": {"const": "a"}, "y": {"type": "string"}}, "if": {"properties": {"x": {"const": "x"}}}, "then": {"required": ["y"]}, "required": ["type"]}`, "",
			"#/$defs/a/if", `"x" is not a declared member`},
		{"if const of a nullable member",
			`{"type": "object", "properties": {"type": {"const": "a"}, "x": {"type": ["string", "null"]}, "y": {"type": "string"}}, "if": {"properties": {"x": {"const": "x"}}}, "then": {"required": ["y"]}, "required": ["type"]}`, "",
			"#/$defs/a/if", `"x" is not a plain string, integer or boolean member`},
		{"if const of another type",
			`{"type": "object", "properties": {"type": {"const": "a"}, "x": {"type": "integer"}, "y": {"type": "string"}}, "if": {"properties": {"x": {"const": "1"}}}, "then": {"required": ["y"]}, "required": ["type"]}`, "",
			"#/$defs/a/if", `the const "1" is not a value "x" can hold`},
		{"if with another keyword",
			`{"type": "object", "properties": {"type": {"const": "a"}, "y": {"type": "string"}}, "if": {"not": {"required": ["y"]}}, "then": {"required": ["y"]}, "required": ["type"]}`, "",
			"#/$defs/a/if", `wsgen cannot generate an exact check for this if: keyword "not"`},
		{"then beyond required",
			`{"type": "object", "properties": {"type": {"const": "a"}, "x": {"type": "string"}, "y": {"type": "string"}}, "if": {"required": ["x"]}, "then": {"properties": {"y": {"minLength": 2}}}, "required": ["type"]}`, "",
			"#/$defs/a/then", "wsgen cannot generate an exact check for this then"},
		{"then without if",
			`{"type": "object", "properties": {"type": {"const": "a"}}, "then": {"required": ["y"]}, "required": ["type"]}`, "",
			"#/$defs/a/then", "then without if has no effect"},
		{"dependentRequired on a string",
			`{"type": "object", "properties": {"type": {"const": "a"}, "x": {"type": "string", "dependentRequired": {"a": ["b"]}}}, "required": ["type"]}`, "",
			"#/$defs/a/properties/x/dependentRequired", "wsgen cannot generate an exact check for this dependentRequired"},
		{"dependentRequired of an undeclared member",
			`{"type": "object", "properties": {"type": {"const": "a"}, "x": {"type": "string"}}, "dependentRequired": {"x": ["y"]}, "additionalProperties": false, "required": ["type"]}`, "",
			"#/$defs/a/dependentRequired/x", `requires member "y", which is not in properties while additionalProperties is false`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := schema.Parse("p.json", keywordsProtocol(tt.msg, tt.defs))
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

// TestAllOfMerge: an allOf of object schemas is one struct type: members of every part
// (at the pointer of the declaration kept), required lists united, a member declared in
// two parts kept as the declaration that restricts the other, and each part's presence
// rules.
func TestAllOfMerge(t *testing.T) {
	p, err := schema.Parse("p.json", keywordsProtocol(
		`{"allOf": [{"$ref": "#/$defs/base"}, {"type": "object", "properties": {"type": {"const": "a"}, "name": {"type": "string", "maxLength": 8}, "age": {"type": "integer"}}, "required": ["type", "age"], "dependentRequired": {"age": ["name"]}}], "not": {"required": ["nick", "age"]}}`,
		`"base": {"type": "object", "properties": {"type": {"type": "string"}, "name": {"type": "string"}, "nick": {}}, "required": ["name"]}`))
	if err != nil {
		t.Fatal(err)
	}
	typ := p.Messages[0].Type
	var got []string
	for _, f := range typ.Properties {
		got = append(got, f.Name+"@"+f.Pointer)
	}
	want := "type@/$defs/a/allOf/1/properties/type name@/$defs/a/allOf/1/properties/name nick@/$defs/base/properties/nick age@/$defs/a/allOf/1/properties/age"
	if strings.Join(got, " ") != want {
		t.Errorf("properties = %s\nwant %s", strings.Join(got, " "), want)
	}
	if strings.Join(typ.Required, ",") != "name,type,age" {
		t.Errorf("required = %v", typ.Required)
	}
	if mx := typ.Properties[1].Type.MaxLength; mx == nil || *mx != 8 {
		t.Errorf("name's maxLength = %v, want 8 (the restricting declaration)", mx)
	}
	if len(typ.PresenceRules) != 2 || typ.PresenceRules[0].Pointer != "/$defs/a/not" || typ.PresenceRules[1].Pointer != "/$defs/a/allOf/1/dependentRequired/age" {
		t.Errorf("presence rules = %+v", typ.PresenceRules)
	}
}
