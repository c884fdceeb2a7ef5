package schema_test

import (
	"testing"

	"github.com/wsgen/wsgen/schema"
)

// TestFixedLen: an array of one items schema whose minItems and maxItems are the same N,
// 1 ≤ N ≤ 16, has FixedLen N (gen's Go array [N]T); every other array has 0 (a slice).
func TestFixedLen(t *testing.T) {
	for _, tt := range []struct {
		name, member string
		want         int
	}{
		{"two", `{"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2}`, 2},
		{"one", `{"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 1}`, 1},
		{"sixteen", `{"type": "array", "items": {"type": "boolean"}, "minItems": 16, "maxItems": 16}`, 16},
		{"seventeen", `{"type": "array", "items": {"type": "boolean"}, "minItems": 17, "maxItems": 17}`, 0},
		{"zero", `{"type": "array", "items": {"type": "string"}, "minItems": 0, "maxItems": 0}`, 0},
		{"a range", `{"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 3}`, 0},
		{"maxItems alone", `{"type": "array", "items": {"type": "string"}, "maxItems": 2}`, 0},
		{"minItems alone", `{"type": "array", "items": {"type": "string"}, "minItems": 2}`, 0},
		{"nullable", `{"type": ["array", "null"], "items": {"type": "string"}, "minItems": 2, "maxItems": 2}`, 2},
		{"unique", `{"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2, "uniqueItems": true}`, 2},
		{"items of any value", `{"type": "array", "minItems": 2, "maxItems": 2}`, 2},
		{"a $defs type", `{"$ref": "#/$defs/Level"}`, 2},
		{"a tuple", `{"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}], "minItems": 2, "maxItems": 2}`, 0},
		{"array or object", `{"type": ["array", "object"], "items": {"type": "string"}, "minItems": 2, "maxItems": 2}`, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			defs := `"m": {"type": "object", "properties": {"type": {"const": "m"}, "a": ` + tt.member + `}, "required": ["type"]},
				"Level": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2}`
			p, err := schema.Parse("p.json", []byte(proto(t, "", defs)))
			if err != nil {
				t.Fatal(err)
			}
			a := p.Messages[0].Type.Properties[1].Type
			if a.FixedLen != tt.want {
				t.Errorf("FixedLen of %s = %d, want %d", tt.member, a.FixedLen, tt.want)
			}
		})
	}
}

// TestFixedLenArrayMessage: an array message is a struct (its Items a slice), never a Go
// array, whatever its length.
func TestFixedLenArrayMessage(t *testing.T) {
	p, err := schema.Parse("p.json", []byte(proto(t, "", `"pair": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2}`)))
	if err != nil {
		t.Fatal(err)
	}
	if typ := p.Messages[0].Type; typ.Repr != schema.ReprTuple || typ.FixedLen != 0 {
		t.Errorf("array message: Repr %v, FixedLen %d; want ReprTuple and 0", typ.Repr, typ.FixedLen)
	}
}
