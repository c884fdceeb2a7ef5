package kitchen

import (
	"encoding/json"
	"testing"
)

// shapeFrames are kitchen orders and events that each stress one shape the generator
// emits: nested arrays, a map, an open object (declared and additional members), a
// tagged union and an array of them, members kept as raw JSON, and all of them at once.
var shapeFrames = []struct{ name, frame string }{
	{"nested_arrays", `{"kind":"order","order_id":"o-1842","idem":"k-77","card":null,"qty":2,"price":19.99,"matrix":[[1,null,3,4],[2,4,6],[5,null],[7,8,9,10,11]]}`},
	{"map", `{"kind":"order","order_id":"o-1842","idem":"k-77","card":null,"qty":2,"price":19.99,"attrs":{"alpha":1,"beta":2,"gamma":3,"delta":1,"epsilon":2,"zeta":3}}`},
	{"open_object", `{"kind":"order","order_id":"o-1842","idem":"k-77","card":null,"qty":2,"price":19.99,"shape":{"w":640,"h":480,"unit":"px","label":"viewport","anchor":"top-left"}}`},
	{"union", `{"kind":"order","order_id":"o-1842","idem":"k-77","card":null,"qty":2,"price":19.99,"figure":{"form":"circle","r":1.5},"figures":[{"form":"square","side":2},{"r":0.5,"form":"circle"},{"form":"square","side":4},{"form":"circle","r":3}]}`},
	{"raw_kept", `{"kind":"event","id":"evt-9921","topic":"orders","n":18231,"at":"2026-11-25T09:14:03Z","data":{"a":1,"b":"x","c":[1,2,3]},"trace":{"span":"a1b2c3","parent":null},"z":[1,2,3]}`},
	{"everything", `{"kind":"order","order_id":"o-1842","idem":"k-77","card":"1234","note":"gift wrap","qty":1000,"price":19.99,"discount":-1.5,"tags":["red","","blue-ish"],"matrix":[[1,null],[2]],"attrs":{"b":2,"a":1},"address":{"street":"Main","zip":"12345","geo":{"lat":1.5,"lon":-2},"floor":3},"level":"high","payload":{"any":[1,2,{"x":null}]},"flag":true,"ratio":0.25,"shape":{"w":1,"z":"zz","h":2},"figure":{"r":1.5,"form":"circle"},"figures":[{"form":"square","side":2},{"form":"circle","r":0}]}`},
}

// BenchmarkShapes decodes and encodes each shape frame with the generated codec (every
// constraint checked) against encoding/json into any and back (no types, nothing
// checked), so that no shape is left slow:
//
//	go test ./generated/kitchen -run '^$' -bench BenchmarkShapes -benchmem
func BenchmarkShapes(b *testing.B) {
	for _, sf := range shapeFrames {
		data := []byte(sf.frame)
		m, err := Decode(data)
		if err != nil {
			b.Fatalf("%s: %v", sf.name, err)
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
		b.Run(sf.name+"/Decode/wsgen", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Decode(data); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(sf.name+"/Decode/encoding_json_any", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				var v any
				if err := json.Unmarshal(data, &v); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(sf.name+"/Encode/wsgen", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Encode(m); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(sf.name+"/Encode/encoding_json_any", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := json.Marshal(v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestShapeFrames: every shape frame decodes, and encodes back to a frame that decodes
// to the same message (the benchmark measures real work, not an error path).
func TestShapeFrames(t *testing.T) {
	for _, sf := range shapeFrames {
		m, err := Decode([]byte(sf.frame))
		if err != nil {
			t.Fatalf("%s: Decode: %v", sf.name, err)
		}
		out, err := Encode(m)
		if err != nil {
			t.Fatalf("%s: Encode: %v", sf.name, err)
		}
		m2, err := Decode(out)
		if err != nil {
			t.Fatalf("%s: Decode(Encode): %v", sf.name, err)
		}
		out2, err := Encode(m2)
		if err != nil || string(out2) != string(out) {
			t.Fatalf("%s: round trip differs:\n%s\n%s", sf.name, out, out2)
		}
	}
}

// TestShapeEncodeAllocs: Encode allocates once, the result, for a map, an open object
// with additional members, nested arrays, unions, and enum and uniqueItems checks (the
// sorted map keys and the canonical forms are pooled).
func TestShapeEncodeAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop buffers")
	}
	for _, sf := range shapeFrames {
		switch sf.name {
		case "raw_kept":
			continue // a value kept raw is checked by decoding it: see BENCHMARKS.md
		}
		m, err := Decode([]byte(sf.frame))
		if err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() {
			if _, err := Encode(m); err != nil {
				t.Fatal(err)
			}
		}); n > 1 {
			t.Errorf("Encode of %s: %v allocations, want 1", sf.name, n)
		}
	}
}

// TestUnionInPlace: a union value is decoded in place (its tag found, then the variant
// read from the value's start) with its tag first or last, alone or in an array; a
// refused value gives the error of reading it whole first (these texts are what the
// decoder gave before it read unions in place).
func TestUnionInPlace(t *testing.T) {
	base := `{"kind":"order","order_id":"o1","idem":"k","card":null,"qty":2,"price":1,`
	for _, tt := range []struct{ frame, err string }{
		{`"figure":{"r":1.5,"form":"circle"},"figures":[{"form":"square","side":2},{"r":0,"form":"circle"}]}`, ""},
		{`"figure":{"form":"circle","r":"x"}}`, `kitchen: decode "order" at /figure/r: expected number, got string`},
		{`"figure":{"form":"circle","r":1,"r":2}}`, `kitchen: decode "order" at /figure/r: duplicate member "r"`},
		{`"figures":[{"form":"square","side":2},{"r":1,"r":2,"form":"circle"}]}`, `kitchen: decode "order" at /figures/1/r: duplicate member "r"`},
		{`"figure":{"r":1,"form":"triangle"}}`, `kitchen: decode "order" at /figure/form: "form" names none of the oneOf variants`},
		{`"figure":{"r":1}}`, `kitchen: decode "order" at /figure: missing discriminator "form"`},
		{`"figure":{"form":"circle","r":1,"x":{"a":1,"a":2}}}`, `kitchen: decode "order" at /figure/x/a: duplicate member "a"`},
	} {
		m, err := Decode([]byte(base + tt.frame))
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%s: %v", tt.frame, err)
		case tt.err == "":
			o := m.(*Order)
			if c, ok := o.Figure.(*Circle); !ok || c.R != 1.5 || o.Figures == nil || len(*o.Figures) != 2 {
				t.Errorf("%s: decoded %+v", tt.frame, o)
			}
		case err == nil || err.Error() != tt.err:
			t.Errorf("%s: error %v, want %s", tt.frame, err, tt.err)
		}
	}
}
