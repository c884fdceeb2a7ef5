package wire

import (
	"errors"
	"testing"
)

func TestCanonical(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`1`, `1e0`},
		{`1.0`, `1e0`},
		{` -0 `, `0`},
		{`0.07`, `7e-2`},
		{`"a<b"`, `"a<b"`},
		{`"a\u003cb\u0026"`, `"a<b&"`},
		{`"\u00e9"`, `"é"`},
		{`{"b": 1, "a": [true, null, 2.50]}`, `{"a":[true,null,25e-1],"b":1e0}`},
		{`[{"y":{},"x":[]}]`, `[{"x":[],"y":{}}]`},
		{`1e999999999999999999999`, `1e999999999999999999999`},
	} {
		got, err := Canonical([]byte(tt.in))
		if err != nil || got != tt.want {
			t.Errorf("Canonical(%s) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{`{`, `[1,]`, `1 2`, "\"\xff\""} {
		if got, err := Canonical([]byte(bad)); err == nil {
			t.Errorf("Canonical(%q) = %q, want an error", bad, got)
		}
	}
}

func TestSinceAndValid(t *testing.T) {
	var d Decoder
	d.Reset([]byte(`{"a": [1, 2] , "b": "x"}`))
	if err := d.ObjectStart(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.NextKey(); err != nil {
		t.Fatal(err)
	}
	d.Peek()
	start := d.Offset()
	if err := d.Skip(); err != nil {
		t.Fatal(err)
	}
	if got := string(d.Since(start)); got != `[1, 2]` {
		t.Errorf("Since = %q, want %q", got, `[1, 2]`)
	}
	if d.Since(-1) != nil || d.Since(1<<20) != nil {
		t.Error("Since accepted an offset outside the input")
	}
	for in, want := range map[string]bool{`{"a":1}`: true, ` [] `: true, `{"a":1,"a":2}`: false, `[`: false, `1 1`: false, "\"\xff\"": false, ``: false} {
		if got := Valid([]byte(in)); got != want {
			t.Errorf("Valid(%q) = %v, want %v", in, got, want)
		}
	}
	var dk *DuplicateKeyError
	d.Reset([]byte(`{"a":{"k":1,"k":2}}`))
	if _, err := AppendCanonical(nil, &d); err != nil && !errors.As(err, &dk) {
		t.Errorf("AppendCanonical of a duplicate: %v", err)
	}
}
