package gen

import (
	"strconv"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/schema"
)

// TestValueMaskIndexed: valueMask, which looks values, prefixes and exact patterns up in
// maps, gives the mask of every message whose condition accepts the value
// (schema.CondAccepts), for consts, enums, prefix, exact and other patterns.
func TestValueMaskIndexed(t *testing.T) {
	var refs, defs, names []string
	add := func(name, c string) {
		names = append(names, `"`+name+`"`)
		refs = append(refs, `{"$ref": "#/$defs/`+name+`"}`)
		defs = append(defs, `"`+name+`": {"type": "object", "properties": {"c": `+c+`}, "required": ["c"]}`)
	}
	for i := range 70 {
		add("v"+strconv.Itoa(i), `{"const": "v`+strconv.Itoa(i)+`"}`)
	}
	add("e", `{"enum": ["e1", "e2", 7]}`)
	add("pv", `{"type": "string", "pattern": "^p@"}`)
	add("pw", `{"type": "string", "pattern": "^p@w"}`)
	add("x", `{"type": "string", "pattern": "^x$"}`)
	add("y", `{"type": "string", "pattern": "y+z"}`)
	add("n", `{"type": ["string", "null"], "pattern": "^n"}`)
	add("i", `{"type": "boolean"}`)
	add("any", `{"type": "string", "pattern": "^"}`)
	// Every message is listed: "any" overlaps all the strings.
	doc := `{"x-wsgen": {"package": "p", "discriminator": "c", "precedence": [` + strings.Join(names, ",") + `]}, "oneOf": [` + strings.Join(refs, ",") + `], "$defs": {` + strings.Join(defs, ",") + `}}`
	p, err := schema.Parse("p.json", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	r := &router{p: p, words: (len(p.Messages) + 63) / 64}
	for _, v := range []string{`"v3"`, `"v69"`, `"e2"`, `"7"`, `7`, `7e0`, `true`, `"p@"`, `"p@wx"`, `"p"`, `"x"`, `"xx"`, `"ayyz"`, `"nope"`, `"n1"`, `""`, `3`} {
		want := r.maskOf(func(_ int, m *schema.Message) bool { return schema.CondAccepts(m.Route.Conds[0], v) })
		if got := r.valueMask(0, v); !got.full(want) {
			t.Errorf("valueMask(%s) = %x, want %x", v, got, want)
		}
	}
}
