package wireimpl_test

import (
	"errors"
	"math"
	"strconv"
	"testing"

	"github.com/wsgen/wsgen/wire"
	"github.com/wsgen/wsgen/wire/wireimpl"
)

func TestPathErrors(t *testing.T) {
	dec := func(s string) *wire.Decoder { return wire.NewDecoder([]byte(s)) }
	for _, tt := range []struct {
		name          string
		err           error
		pointer, want string
		is            error
	}{
		{"invalid", wireimpl.Invalid("too long"), "", "too long", nil},
		{"at", wireimpl.At(wireimpl.At(wireimpl.Invalid("r"), "b"), "a"), "/a/b", "r", nil},
		{"at index", wireimpl.AtIndex(wireimpl.Invalid("r"), 3), "/3", "r", nil},
		{"at name escapes", wireimpl.AtName(wireimpl.Invalid("r"), "a/b~c"), "/a~1b~0c", "r", nil},
		{"at wraps a wire error", wireimpl.At(&wire.Error{Offset: 4, Err: wire.ErrInvalidUTF8}, "s"), "/s", "invalid UTF-8 in string", wire.ErrInvalidUTF8},
		{"wrap duplicate", wireimpl.Wrap(&wire.DuplicateKeyError{Offset: 9, Key: "k"}), "", `duplicate member "k"`, wire.ErrDuplicateKey},
		{"wrap syntax keeps the offset", wireimpl.Wrap(&wire.SyntaxError{Offset: 2, Reason: "bad"}), "", "syntax error at offset 2: bad", nil},
		{"duplicate field", wireimpl.Duplicate("a/b"), "/a~1b", `duplicate member "a/b"`, wire.ErrDuplicateKey},
		{"range", wireimpl.RangeErr(wire.ErrRange, "int64"), "", "number out of range for int64", wire.ErrRange},
		{"kind", wireimpl.KindErr(dec(`[1]`), "object"), "", "expected object, got array", nil},
		{"kind of no value is the syntax error", wireimpl.KindErr(dec(`}`), "object"), "", "syntax error at offset 0: unexpected '}', expected value", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var pe *wireimpl.PathError
			if !errors.As(tt.err, &pe) {
				t.Fatalf("%v is not a *PathError", tt.err)
			}
			if pe.Pointer != tt.pointer || pe.Reason != tt.want {
				t.Errorf("got {%q, %q}, want {%q, %q}", pe.Pointer, pe.Reason, tt.pointer, tt.want)
			}
			if tt.is != nil && !errors.Is(tt.err, tt.is) {
				t.Errorf("errors.Is(%v, %v) = false", tt.err, tt.is)
			}
		})
	}
}

func TestLocate(t *testing.T) {
	for _, tt := range []struct{ name, data, pointer, reason string }{
		{"duplicate inside a kept value", `{"a":{"b":{"c":1,"c":2}}}`, "/a/b/c", `duplicate member "c"`},
		{"invalid UTF-8 in an array", "{\"a\":[1,\"\xff\"]}", "/a/1", "invalid UTF-8 in string"},
		{"syntax errors keep their pointer", `{"a":[1,}`, "/given", "syntax error at offset 8: unexpected '}', expected value"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := wire.NewDecoder([]byte(tt.data))
			err := d.Skip()
			if err == nil {
				t.Fatalf("Skip(%s) = nil", tt.data)
			}
			e := wireimpl.Locate([]byte(tt.data), wireimpl.At(err, "given"))
			if e.Pointer != tt.pointer || e.Reason != tt.reason {
				t.Errorf("Locate(%s) = {%q, %q}, want {%q, %q}", tt.data, e.Pointer, e.Reason, tt.pointer, tt.reason)
			}
		})
	}
}

func TestPeekMember(t *testing.T) {
	for _, tt := range []struct{ data, want, err string }{
		{`{"a":[1,{"x":2}],"type":"chat"}`, "chat", ""},
		{`{"a":1}`, "", `wireimpl: missing discriminator "type"`},
		{`{"type":1}`, "", "wireimpl: at /type: expected string, got number"},
		{`"x"`, "", "wireimpl: expected object, got string"},
	} {
		got, err := wireimpl.PeekMember(wire.NewDecoder([]byte(tt.data)), "type")
		if err != nil {
			err = wireimpl.Wrap(err)
		}
		if string(got) != tt.want || (err == nil) != (tt.err == "") || (err != nil && err.Error() != tt.err) {
			t.Errorf("PeekMember(%s) = %q, %v; want %q, %q", tt.data, got, err, tt.want, tt.err)
		}
	}
}

func TestWholeValueChecks(t *testing.T) {
	ok, err := wireimpl.CanonicalIn([]byte(`{"b":1.0,"a":[]}`), `{"a":[],"b":1e0}`)
	if !ok || err != nil {
		t.Errorf("CanonicalIn = %v, %v; want true", ok, err)
	}
	dup, err := wireimpl.Unique([][]byte{[]byte(`1`), []byte(`"1"`), []byte(`10e-1`)})
	if dup != 2 || err != nil {
		t.Errorf("Unique = %d, %v; want 2", dup, err)
	}
	if dup, _ := wireimpl.Unique([][]byte{[]byte(`1`), []byte(`2`)}); dup != -1 {
		t.Errorf("Unique of distinct items = %d, want -1", dup)
	}
}

func TestCheckedAppends(t *testing.T) {
	for _, tt := range []struct {
		name string
		got  func() ([]byte, error)
		want string // "" for an error
	}{
		{"raw", func() ([]byte, error) { return wireimpl.AppendRaw([]byte("x"), []byte(`{"a":1}`)) }, `x{"a":1}`},
		{"raw missing", func() ([]byte, error) { return wireimpl.AppendRaw(nil, nil) }, ""},
		{"raw invalid", func() ([]byte, error) { return wireimpl.AppendRaw(nil, []byte(`{"a":1,"a":2}`)) }, ""},
		{"finite", func() ([]byte, error) { return wireimpl.AppendFinite(nil, 1.5) }, "1.5"},
		{"NaN", func() ([]byte, error) { return wireimpl.AppendFinite(nil, math.NaN()) }, ""},
		{"Inf", func() ([]byte, error) { return wireimpl.AppendFinite(nil, math.Inf(-1)) }, ""},
	} {
		b, err := tt.got()
		if tt.want == "" {
			var pe *wireimpl.PathError
			if !errors.As(err, &pe) {
				t.Errorf("%s: error %v, want a *PathError", tt.name, err)
			}
			continue
		}
		if err != nil || string(b) != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.name, b, err, tt.want)
		}
	}
}

func TestByteClass(t *testing.T) {
	c := wireimpl.ByteClass("a-\x00")
	for b := 0; b < 256; b++ {
		want := b == 'a' || b == '-' || b == 0
		if c[b] != want {
			t.Errorf("ByteClass(%q)[%#x] = %v, want %v", "a-\x00", b, c[b], want)
		}
	}
}

func TestMissing(t *testing.T) {
	err := wireimpl.Missing(0b10100, "type", "id", "room", "seq", "a\"b")
	if got, want := wireimpl.Wrap(err).(*wireimpl.PathError).Reason, `missing required member "room"`; got != want {
		t.Errorf("Missing = %q, want %q", got, want)
	}
}

func TestIntID(t *testing.T) {
	for _, tt := range []struct {
		s      string
		lo, hi int64
		want   int64 // -1: any value in range other than a parse of s
	}{
		{"42", 1, 1 << 53, 42},
		{"1", 1, 10, 1},
		{"10", 1, 10, 10},
		{"11", 1, 10, -1},
		{"0", 1, 10, -1},
		{"-5", -10, -1, -5},
		{"abc", 1, 1000, -1},
		{"", 1, 1000, -1},
		{"x", 5, 5, 5},
		{"x", 7, 3, 7},
		{"9223372036854775807", -9223372036854775808, 9223372036854775807, 9223372036854775807},
	} {
		got := wireimpl.IntID(tt.s, tt.lo, tt.hi)
		hi := tt.hi
		if hi < tt.lo {
			hi = tt.lo
		}
		if got < tt.lo || got > hi || (tt.want >= 0 && got != tt.want) || got != wireimpl.IntID(tt.s, tt.lo, tt.hi) {
			t.Errorf("wireimpl.IntID(%q, %d, %d) = %d, want %d in range and stable", tt.s, tt.lo, tt.hi, got, tt.want)
		}
	}
	seen := map[int64]bool{}
	for i := 0; i < 1000; i++ {
		seen[wireimpl.IntID("id-"+strconv.Itoa(i), 1, 1<<53-1)] = true
	}
	if len(seen) != 1000 {
		t.Errorf("IntID gave %d distinct ids for 1000 distinct texts", len(seen))
	}
	if v := wireimpl.IntID("text", -9223372036854775808, 9223372036854775807); v == 0 {
		t.Errorf("IntID over the whole int64 range = 0, want the hash")
	}
}
