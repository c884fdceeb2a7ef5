package schema_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/schema"
)

func TestIntegerEnum(t *testing.T) {
	p, err := schema.Parse("p.json", protocolWith([]string{"subscribe"}, `
"subscribe":{"type":"object","required":["type"],"properties":{"type":{"const":"subscribe"},
  "depth":{"type":"integer","enum":[10,25.0,-1,1e2,10]},
  "level":{"$ref":"#/$defs/level"},
  "mixed":{"enum":[1,"a"]},
  "one":{"type":"integer","const":3,"enum":[3]}}},
"level":{"type":["integer","null"],"enum":[1,2,null]}`))
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*schema.Type{}
	for _, f := range p.Messages[0].Type.Properties {
		byName[f.Name] = f.Type
	}
	depth := byName["depth"]
	if depth.GoName != "SubscribeDepth" || depth.Repr != schema.ReprInt {
		t.Errorf("depth: GoName %q, Repr %v; want SubscribeDepth, ReprInt", depth.GoName, depth.Repr)
	}
	want := []schema.EnumValue{
		{Value: "10", GoName: "SubscribeDepth10", Int: 10},
		{Value: "25", GoName: "SubscribeDepth25", Int: 25},
		{Value: "-1", GoName: "SubscribeDepthMinus1", Int: -1},
		{Value: "100", GoName: "SubscribeDepth100", Int: 100},
	}
	if diff := cmp.Diff(want, depth.EnumValues); diff != "" {
		t.Errorf("depth enum values (-want +got):\n%s", diff)
	}
	if lv := byName["level"]; lv.GoName != "Level" || !lv.Nullable() || len(lv.EnumValues) != 2 {
		t.Errorf("level: GoName %q, nullable %v, %d values; want Level, nullable, 2 values", lv.GoName, lv.Nullable(), len(lv.EnumValues))
	}
	if m := byName["mixed"]; m.GoName != "" || m.Repr != schema.ReprRaw {
		t.Errorf("mixed-kind enum: GoName %q, Repr %v; want no name, raw", m.GoName, m.Repr)
	}
	if c := byName["one"]; c.GoName != "" {
		t.Errorf("an enum with a const gets a named type %q; want none (the const decides)", c.GoName)
	}
}

func TestIntegerEnumRefusals(t *testing.T) {
	for _, tt := range []struct{ name, defs, ptr, reason string }{
		{"constant collides", `"a":{"type":"object","required":["type"],"properties":{"type":{"const":"a"},"n":{"type":"integer","enum":[1]}}},"a_n_1":{"type":"object"}`,
			"#/$defs/a/properties/n/enum", `Go name "AN1" is already taken by #/$defs/a_n_1 (choose another with x-wsgen goName)`},
		{"integer beyond int64", `"a":{"type":"object","required":["type"],"properties":{"type":{"const":"a"},"n":{"type":"integer","enum":[1,1e30]}}}`,
			"#/$defs/a/properties/n/enum/1", `integer enum value 1e30 is beyond int64: the Go field (int64) can never hold it`},
		{"fraction in an integer enum", `"a":{"type":"object","required":["type"],"properties":{"type":{"const":"a"},"n":{"type":"integer","enum":[1,0.5]}}}`,
			"#/$defs/a/properties/n/enum/1", `enum value 0.5 is not of the declared type integer: no value can have it`},
		{"enum sequence", `"a":{"type":"object","x-wsgen":{"sequence":"n"},"required":["type","n"],"properties":{"type":{"const":"a"},"n":{"type":"integer","enum":[1,2]}}}`,
			"#/$defs/a/x-wsgen/sequence", `the sequence field "n" must be a plain (non-null, non-enum) integer`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := schema.Parse("p.json", protocolWith([]string{"a"}, tt.defs))
			var es schema.Errors
			if !errors.As(err, &es) {
				t.Fatalf("Parse = %v, want Errors", err)
			}
			for _, e := range es {
				if e.Pointer == tt.ptr && e.Reason == tt.reason {
					return
				}
			}
			t.Errorf("Parse errors:\n%v\nwant p.json:%s: %s", err, tt.ptr, tt.reason)
		})
	}
}

// TestStringEnumNames: a string enum value with nothing to name it by gets a name from its
// place in the enum, so the enum keeps its check instead of being refused.
func TestStringEnumNames(t *testing.T) {
	p, err := schema.Parse("p.json", protocolWith([]string{"subscribe"}, `
"subscribe":{"type":"object","required":["type"],"properties":{"type":{"const":"subscribe"},
  "sep":{"type":"string","enum":["\r\n","\n","tab",""]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	sep := p.Messages[0].Type.Properties[1].Type
	want := []schema.EnumValue{
		{Value: "\r\n", GoName: "SubscribeSepValue0"},
		{Value: "\n", GoName: "SubscribeSepValue1"},
		{Value: "tab", GoName: "SubscribeSepTab"},
		{Value: "", GoName: "SubscribeSepEmpty"},
	}
	if diff := cmp.Diff(want, sep.EnumValues); diff != "" {
		t.Errorf("sep enum values (-want +got):\n%s", diff)
	}
}
