package fixedarrays_test

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/generated/fixedarrays"
	"github.com/wsgen/wsgen/schema"
	"github.com/wsgen/wsgen/wire"
)

var seeds = []string{
	`{"type":"m","n":[1,2]}`,
	`{"type":"m","n":null,"sum":["a","b"],"map":{"x":["a","b"]},"c":[1,2],"e":[2],"raw":[1,{}],"ni":[null,"x"],"nest":[["a","b"],["c","d"]],"tup":[[1,"x"]],"obj":[{"a":1},{"a":2}],"dec":[1.0,2.50],"many":[[true,false],null]}`,
	`{"type":"m","n":[1,2],"sum":"zz","e":[1.0],"c":[1,2.0]}`,
	`{"type":"m","n":[1,2],"obj":[{"a":1},{"a":1.0}]}`,
	`{"type":"m","n":[1,2],"dec":[1,1.0]}`,
	`{"type":"m","n":[1],"nest":[["a","b"]]}`,
	`{"type":"m","n":[1,2,3]}`,
	`{"type":"m","n":[1,2],"many":[[true],[true,false,true]]}`,
}

// FuzzDecode: Decode accepts exactly what the JSON Schema validator accepts (except the
// documented refusals); what it accepts, Encode writes back valid, stable, and decoding
// to the same value.
func FuzzDecode(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	data, err := os.ReadFile("../../testdata/fixedarrays/protocol.json")
	if err != nil {
		f.Fatal(err)
	}
	p, err := schema.Parse("protocol.json", data)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := fixedarrays.Decode(data)
		_, verr := p.Validate(data)
		extra := errors.Is(err, wire.ErrRange) || errors.Is(err, wire.ErrInexact) || !wire.Valid(data)
		switch {
		case err == nil && verr != nil:
			t.Fatalf("Decode(%q) accepted a frame the validator refuses: %v", data, verr)
		case err != nil && verr == nil && !extra:
			t.Fatalf("Decode(%q) = %v, but the validator accepts the frame", data, err)
		}
		if err != nil {
			return
		}
		out, err := fixedarrays.Encode(m)
		if err != nil {
			t.Fatalf("Encode(Decode(%q)) = %v", data, err)
		}
		if _, err := p.Validate(out); err != nil {
			t.Fatalf("Encode(Decode(%q)) = %s, invalid: %v", data, out, err)
		}
		m2, err := fixedarrays.Decode(out)
		if err != nil {
			t.Fatalf("Decode(%s) = %v", out, err)
		}
		if diff := cmp.Diff(m, m2); diff != "" {
			t.Fatalf("round trip of %q (-before +after):\n%s", data, diff)
		}
		if again, _ := fixedarrays.Encode(m2); !bytes.Equal(again, out) {
			t.Fatalf("Encode not stable for %q: %s then %s", data, out, again)
		}
	})
}
