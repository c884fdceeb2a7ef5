package fixedarrays_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/generated/fixedarrays"
	"github.com/wsgen/wsgen/wire"
)

// Every array of the protocol with minItems = maxItems = N is a Go array [N]T; the
// slice whose items are such arrays (many, maxItems 4) stays a slice.
var (
	_ [2]string                                     = fixedarrays.Pair{}
	_ [2]int64                                      = fixedarrays.MC{}
	_ [1]int64                                      = fixedarrays.ME{}
	_ [2]int64                                      = fixedarrays.MN{}
	_ [2]json.RawMessage                            = fixedarrays.MRaw{}
	_ [2]fixedarrays.Nullable[string]               = fixedarrays.MNi{}
	_ [2]fixedarrays.Pair                           = fixedarrays.MNest{}
	_ [1]fixedarrays.MTupItem                       = fixedarrays.MTup{}
	_ [2]fixedarrays.MObjItem                       = fixedarrays.MObj{}
	_ [2]wire.Decimal                               = fixedarrays.MDec{}
	_ [2]bool                                       = fixedarrays.MManyItem{}
	_ []fixedarrays.Nullable[fixedarrays.MManyItem] = fixedarrays.MMany{}
	_ fixedarrays.MSum                              = fixedarrays.Pair{}
)

// TestFixedArrays: each form decodes exactly N items, refuses N-1 and N+1 at the array
// and a bad item at its index, and what it accepts Encode writes back byte for byte.
func TestFixedArrays(t *testing.T) {
	for _, tt := range []struct {
		name, members   string // after "type" and "n"
		pointer, reason string // the refusal; "" to accept
	}{
		{"all", `"sum":["a","b"],"map":{"x":["a","b"]},"c":[1,2],"e":[2],"raw":[1,{}],"ni":[null,"x"],"nest":[["a","b"],["c","d"]],"tup":[[1,"x"]],"obj":[{"a":1},{"a":2}],"dec":[1.0,2.50],"many":[[true,false],null]`, "", ""},
		{"oneOf branch of one", `"sum":["a"]`, "/sum", "fewer than 2 items"},
		{"oneOf branch pattern", `"sum":["a","B"]`, "/sum/1", "does not match pattern"},
		{"map value of three", `"map":{"x":["a","b","c"]}`, "/map/x", "more than 2 items"},
		{"const", `"c":[2,1]`, "/c", "const"},
		{"const of one", `"c":[1]`, "/c", "fewer than 2 items"},
		{"enum", `"e":[3]`, "/e", "enum"},
		{"raw of three", `"raw":[1,2,3]`, "/raw", "more than 2 items"},
		{"nested of one", `"nest":[["a","b"]]`, "/nest", "fewer than 2 items"},
		{"nested item of one", `"nest":[["a","b"],["c"]]`, "/nest/1", "fewer than 2 items"},
		{"tuple item", `"tup":[[1]]`, "/tup/0", "fewer than 2 items"},
		{"objects not unique", `"obj":[{"a":1},{"a":1.0}]`, "/obj/1", "uniqueItems"},
		{"decimals not unique", `"dec":[1,1.00]`, "/dec/1", "uniqueItems"},
		{"slice item of three", `"many":[null,[true,false,true]]`, "/many/1", "more than 2 items"},
		{"slice of five", `"many":[null,null,null,null,null]`, "/many", "more than 4 items"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			frame := `{"type":"m",` + tt.members + `,"n":null}`
			if tt.name == "all" {
				frame = `{"type":"m","sum":["a","b"],"map":{"x":["a","b"]},"c":[1,2],"e":[2],"n":null,"raw":[1,{}],"ni":[null,"x"],"nest":[["a","b"],["c","d"]],"tup":[[1,"x"]],"obj":[{"a":1},{"a":2}],"dec":[1.0,2.50],"many":[[true,false],null]}`
			}
			m, err := fixedarrays.Decode([]byte(frame))
			if tt.pointer != "" {
				var de *fixedarrays.DecodeError
				if !errors.As(err, &de) || de.Pointer != tt.pointer || !strings.Contains(de.Reason, tt.reason) {
					t.Fatalf("Decode(%s) = %v, want %q at %s", frame, err, tt.reason, tt.pointer)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode(%s) = %v", frame, err)
			}
			if b, err := fixedarrays.Encode(m); err != nil || string(b) != frame {
				t.Errorf("Encode(Decode(%s)) = %s, %v", frame, b, err)
			}
		})
	}
}

// TestFixedArraysEncode: Encode checks the items of a Go array (the type holds its
// length) with the decoder's reasons: a const or an enum on the whole array, uniqueness.
func TestFixedArraysEncode(t *testing.T) {
	c, e, dup := fixedarrays.MC{2, 1}, fixedarrays.ME{3}, fixedarrays.MObj{}
	for _, tt := range []struct {
		m    *fixedarrays.M
		want string
	}{
		{&fixedarrays.M{N: fixedarrays.Nullable[fixedarrays.MN]{Value: fixedarrays.MN{1, 2}}}, `{"type":"m","n":[1,2]}`},
		{&fixedarrays.M{C: &c}, `fixedarrays: encode "m" at /c: value is not the const [1e0,2e0]`},
		{&fixedarrays.M{E: &e}, `fixedarrays: encode "m" at /e: value is not one of the enum values`},
		{&fixedarrays.M{Obj: &dup}, `fixedarrays: encode "m" at /obj/1: item equals an earlier item (uniqueItems)`},
		{&fixedarrays.M{Sum: fixedarrays.Pair{"a", ""}}, `fixedarrays: encode "m" at /sum/1: string does not match pattern "^[a-z]+$"`},
	} {
		b, err := fixedarrays.Encode(tt.m)
		got := string(b)
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("Encode(%+v) = %s, want %s", tt.m, got, tt.want)
		}
	}
}
