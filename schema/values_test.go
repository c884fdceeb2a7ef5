package schema

import (
	"strings"
	"testing"
)

// valuesDoc wraps one property schema into a one-message protocol.
func valuesDoc(prop string) string {
	return `{"$schema": "https://json-schema.org/draft/2020-12/schema", "x-wsgen": {"package": "p"},
  "oneOf": [{"$ref": "#/$defs/a"}],
  "$defs": {"a": {"type": "object", "properties": {"type": {"const": "a"}, "x": ` + prop + `}, "required": ["type"]}}}`
}

func TestValueSettingsRefused(t *testing.T) {
	for _, tt := range []struct{ prop, want string }{
		{`{"type": "integer", "x-wsgen": {"decimal": true}}`, `#/$defs/a/properties/x/x-wsgen/decimal: decimal applies to a number (held as wire.Decimal) or a string of numbers (given a decimal accessor), not to integer`},
		{`{"type": "number", "x-wsgen": {"decimal": "yes"}}`, `#/$defs/a/properties/x/x-wsgen/decimal: decimal must be true or false`},
		{`{"enum": ["1", "2"], "x-wsgen": {"decimal": true}}`, `decimal applies to a string of decimal numbers, not to an enum or const`},
		{`{"type": "number", "x-wsgen": {"precision": 8}}`, `#/$defs/a/properties/x/x-wsgen/precision: unknown x-wsgen key "precision" (known on $defs types and properties: decimal, goName)`},
		{`{"prefixItems": [{"type": "string"}]}`, `#/$defs/a/properties/x/prefixItems: prefixItems needs "type": "array"`},
		{`{"type": "array", "prefixItems": []}`, `prefixItems must be a non-empty array of schemas`},
		{`{"type": "array", "prefixItems": [{"type": "string"}], "minItems": 2, "items": false}`, `#/$defs/a/properties/x/minItems: minItems 2 is more than the 1 positions and no items may follow them: no array fits`},
		{`{"type": "array", "prefixItems": [{"type": "string"}], "uniqueItems": true}`, `uniqueItems on a tuple (prefixItems) is not supported`},
		{`{"type": "array", "prefixItems": [{"type": "string", "x-wsgen": {"goName": "A"}}, {"type": "string", "x-wsgen": {"goName": "A"}}]}`, `#/$defs/a/properties/x/prefixItems/1: Go field name "A" is already taken by #/$defs/a/properties/x/prefixItems/0`},
		{`{"type": "array", "prefixItems": [{"type": "string", "x-wsgen": {"goName": "Rest"}}]}`, `#/$defs/a/properties/x/items: Go field name "Rest" is already taken`},
		{`{"type": "array", "prefixItems": [{"type": "string", "x-wsgen": {"goName": "P", "decimal": true}}, {"type": "string", "x-wsgen": {"goName": "PDecimal"}}]}`, `Go field name "PDecimal" is already taken by #/$defs/a/properties/x/prefixItems/0 (its decimal accessor)`},
	} {
		_, err := Parse("p.json", []byte(valuesDoc(tt.prop)))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%s) = %v, want an error containing %q", tt.prop, err, tt.want)
		}
	}
}

func TestRootDecimal(t *testing.T) {
	doc := strings.Replace(valuesDoc(`{"type": "number"}`), `"package": "p"`, `"package": "p", "decimal": true`, 1)
	p, err := Parse("p.json", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if f := p.Messages[0].Type.Properties[1]; !f.Type.Decimal {
		t.Errorf("root decimal: member x is not decimal")
	}
	doc = strings.Replace(valuesDoc(`{"type": "number", "x-wsgen": {"decimal": false}}`), `"package": "p"`, `"package": "p", "decimal": true`, 1)
	if p, err = Parse("p.json", []byte(doc)); err != nil {
		t.Fatal(err)
	}
	if f := p.Messages[0].Type.Properties[1]; f.Type.Decimal {
		t.Errorf("decimal false under a decimal root: member x is decimal")
	}
}

func TestCaseNames(t *testing.T) {
	doc := `{"$schema": "https://json-schema.org/draft/2020-12/schema", "x-wsgen": {"package": "p"},
  "oneOf": [{"$ref": "#/$defs/a"}],
  "$defs": {"a": {"type": "object", "properties": {"type": {"const": "a"},
    "E": {"type": "integer"}, "e": {"type": "string"}, "s": {"type": "string"}, "S": {"type": "string"},
    "ab": {"type": "string"}, "AB": {"type": "string"}, "Ab": {"type": "string"}, "aB": {"type": "string"},
    "T": {"type": "integer"}, "q": {"type": "string"}, "Q": {"type": "string", "x-wsgen": {"goName": "QuoteQty"}}},
    "required": ["type"]}}}`
	p, err := Parse("p.json", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range p.Messages[0].Type.Properties[1:] {
		got = append(got, f.Name+"="+f.GoName)
	}
	want := "E=EUpper e=E s=S S=SUpper ab=Ab AB=AbUpper2 Ab=AbUpper aB=AB T=T q=Q Q=QuoteQty"
	if strings.Join(got, " ") != want {
		t.Errorf("Go names:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	// A collision that is not only of case is still refused.
	doc = valuesDoc(`{"type": "string"}, "a_b": {"type": "string"}, "aB": {"type": "string"}`)
	if _, err := Parse("p.json", []byte(doc)); err == nil || !strings.Contains(err.Error(), `Go field name "AB" is already taken`) {
		t.Errorf("a_b and aB: %v", err)
	}
}
