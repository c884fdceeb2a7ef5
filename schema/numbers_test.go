package schema_test

import (
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/schema"
)

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestHugeNumberLiteralsRefused: a number beyond 1e±1000 in a description is refused
// where it is written, before math/big expands it (1e999999 took 0.1-0.6 s and MBs per
// literal; 1e1000000000 was misread as a fraction).
func TestHugeNumberLiteralsRefused(t *testing.T) {
	for _, lit := range []string{"1e999999", "1e-999999", "1e1000000000", "-1e-999999999", "0e99999999999"} {
		for _, kw := range []string{`"type": "number", "minimum": %`, `"type": "integer", "maximum": %`, `"enum": [1, %]`, `"const": %`, `"type": "number", "multipleOf": %`} {
			prop := strings.Replace(kw, "%", lit, 1)
			doc := []byte(`{"x-wsgen": {"package": "p"}, "oneOf": [{"$ref": "#/$defs/a"}],
"$defs": {"a": {"type": "object", "properties": {"type": {"const": "a"}, "x": {` + prop + `}}, "required": ["type"]}}}`)
			var err error
			if n := allocated(func() { _, err = schema.Parse("p.json", doc) }); n > 1<<20 {
				t.Errorf("Parse with %s allocated %d bytes", prop, n)
			}
			if err == nil || !strings.Contains(err.Error(), "p.json:2:") || !strings.Contains(err.Error(), "number "+lit+" is beyond 1e±1000") {
				t.Errorf("Parse with %s: %v; want the number refused at its line", prop, err)
			}
		}
	}
	// 1e1000 and 1e-1000 are in range.
	doc := `{"x-wsgen": {"package": "p"}, "oneOf": [{"$ref": "#/$defs/a"}], "$defs": {"a": {"type": "object", "properties": {"type": {"const": "a"}, "x": {"type": "number", "minimum": -1e1000, "multipleOf": 1e-1000}}, "required": ["type"]}}}`
	if _, err := schema.Parse("p.json", []byte(doc)); err != nil {
		t.Errorf("Parse with 1e±1000: %v", err)
	}
}

// TestHugeNumberFrames: Match and Validate read a frame holding 1e1000000000 or 1e999999
// in bounded work: Match by the number's written form, Validate refusing it with
// ErrNumberRange instead of letting the reference validator expand it (0.3-0.9 s per
// number) or panic (1e1000000000).
func TestHugeNumberFrames(t *testing.T) {
	p, err := schema.Parse("p.json", []byte(proto(t, `"discriminator": "k"`,
		`"s": {"type": "object", "properties": {"k": {"const": "x"}}, "required": ["k"]},
		 "n": {"type": "object", "properties": {"k": {"type": "integer"}, "v": {"type": "number", "minimum": 0}}, "required": ["k"]}`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		frame, match string
	}{
		{`{"k": 1e1000000000}`, "n"}, {`{"k": 1e999999}`, "n"}, {`{"k": 25e-1}`, ""},
		{`{"k": 1e-999999999}`, ""}, {`{"k": 1, "v": [1e999999]}`, "n"},
	} {
		var v any
		if err := jsonUseNumber(tt.frame, &v); err != nil {
			t.Fatal(err)
		}
		var m *schema.Message
		if n := allocated(func() { _, m = p.Match(v) }); n > 64<<10 {
			t.Errorf("Match(%s) allocated %d bytes", tt.frame, n)
		}
		if got := ""; m != nil && m.Name != tt.match || m == nil && tt.match != "" {
			if m != nil {
				got = m.Name
			}
			t.Errorf("Match(%s) = %q, want %q", tt.frame, got, tt.match)
		}
		if n := allocated(func() { _, err = p.Validate([]byte(tt.frame)) }); n > 1<<20 {
			t.Errorf("Validate(%s) allocated %d bytes", tt.frame, n)
		}
		if tt.frame != `{"k": 25e-1}` && !errors.Is(err, schema.ErrNumberRange) {
			t.Errorf("Validate(%s) = %v, want ErrNumberRange", tt.frame, err)
		}
	}
	if _, err := p.Validate([]byte(`{"k": 1e300, "v": 1e-300}`)); err != nil {
		t.Errorf("Validate of numbers within 1e±1000: %v", err)
	}
}

func jsonUseNumber(s string, v any) error {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	return d.Decode(v)
}
