package wireimpl_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/wsgen/wsgen/wire"
	"github.com/wsgen/wsgen/wire/wireimpl"
)

// result formats a checked reader's value and error for comparison.
func result(v any, err error) string {
	if err != nil {
		return "error: " + wireimpl.Wrap(err).(*wireimpl.PathError).Reason
	}
	return fmt.Sprint(v)
}

func TestCheckedReaders(t *testing.T) {
	dec := func(s string) *wire.Decoder { return wire.NewDecoder([]byte(s)) }
	min1, max10 := wire.Number("-1.5"), wire.Number("1e1")
	for _, tt := range []struct {
		name string
		got  func() string
		want string
	}{
		{"string", func() string { return result(wireimpl.ReadString(dec(` "h\u00e9"`), 1, 2)) }, "hé"},
		{"string, no bounds", func() string { return result(wireimpl.ReadString(dec(`""`), 0, -1)) }, ""},
		{"string too long in code points", func() string { return result(wireimpl.ReadString(dec(`"héé"`), 0, 2)) }, "error: string longer than 2 characters"},
		{"string long in bytes, short in code points", func() string { return result(wireimpl.ReadString(dec(`"ééé"`), 0, 3)) }, "ééé"},
		{"string too short", func() string { return result(wireimpl.ReadString(dec(`"ab"`), 3, -1)) }, "error: string shorter than 3 characters"},
		// Byte lengths that do not decide minLength: 4 bytes may be 1 to 4 code points.
		{"string short in code points, long enough in bytes", func() string { return result(wireimpl.ReadString(dec(`"😀"`), 2, -1)) }, "error: string shorter than 2 characters"},
		{"string of min code points in more bytes", func() string { return result(wireimpl.ReadString(dec(`"éé"`), 2, 2)) }, "éé"},
		{"string of one code point, four bytes, min 1", func() string { return result(wireimpl.ReadString(dec(`"😀"`), 1, 1)) }, "😀"},
		{"string, one character", func() string { return result(wireimpl.ReadString(dec(`""`), 1, -1)) }, "error: string shorter than 1 character"},
		{"string, max 0", func() string { return result(wireimpl.ReadString(dec(`"a"`), 0, 0)) }, "error: string longer than 0 characters"},
		{"string of another kind", func() string { return result(wireimpl.ReadString(dec(`1`), 0, -1)) }, "error: expected string, got number"},
		{"string, invalid UTF-8", func() string { return result(wireimpl.ReadString(dec("\"\xff\""), 0, -1)) }, "error: invalid UTF-8 in string"},
		{"string bytes", func() string { return result(wireimpl.ReadStringBytes(dec(`"ab"`), 0, 1)) }, "error: string longer than 1 character"},
		{"discriminator", func() string { return result(nil, wireimpl.ReadDiscriminator(dec(`"chat"`), "chat")) }, "<nil>"},
		{"discriminator, escaped", func() string { return result(nil, wireimpl.ReadDiscriminator(dec(`"ch\u0061t"`), "chat")) }, "<nil>"},
		{"discriminator, other", func() string { return result(nil, wireimpl.ReadDiscriminator(dec(`"ack"`), "chat")) }, `error: discriminator is not "chat"`},
		{"discriminator of another kind", func() string { return result(nil, wireimpl.ReadDiscriminator(dec(`null`), "chat")) }, "error: expected string, got null"},
		{"int", func() string { return result(wireimpl.ReadInt(dec(`-42`), math.MinInt64, math.MaxInt64)) }, "-42"},
		{"int 1.0", func() string { return result(wireimpl.ReadInt(dec(`1.0`), math.MinInt64, math.MaxInt64)) }, "1"},
		{"int 1e2", func() string { return result(wireimpl.ReadInt(dec(`1e2`), math.MinInt64, math.MaxInt64)) }, "100"},
		{"int min int64", func() string {
			return result(wireimpl.ReadInt(dec(`-9223372036854775808`), math.MinInt64, math.MaxInt64))
		}, "-9223372036854775808"},
		{"int beyond int64", func() string {
			return result(wireimpl.ReadInt(dec(`9223372036854775808`), math.MinInt64, math.MaxInt64))
		}, "error: number out of range for int64"},
		{"int fraction", func() string { return result(wireimpl.ReadInt(dec(`1.5`), math.MinInt64, math.MaxInt64)) }, "error: expected integer, got 1.5"},
		{"int below minimum", func() string { return result(wireimpl.ReadInt(dec(`0`), 1, 5)) }, "error: less than the minimum 1"},
		{"int above maximum", func() string { return result(wireimpl.ReadInt(dec(`6`), 1, 5)) }, "error: greater than the maximum 5"},
		{"int of another kind", func() string { return result(wireimpl.ReadInt(dec(`"1"`), 1, 5)) }, "error: expected integer, got string"},
		{"int, bad literal", func() string { return result(wireimpl.ReadInt(dec(`01`), 0, 5)) }, "error: syntax error at offset 1: leading zero in number"},
		{"number", func() string { return result(wireimpl.ReadNumber(dec(`2.50`), "number")) }, "2.50"},
		{"number of another kind", func() string { return result(wireimpl.ReadNumber(dec(`true`), "non-integer number")) }, "error: expected non-integer number, got boolean"},
		{"float", func() string { return result(wireimpl.ReadFloat(dec(`0.5`), min1, max10)) }, "0.5"},
		{"float, no bounds", func() string { return result(wireimpl.ReadFloat(dec(`-1e300`), nil, nil)) }, "-1e+300"},
		{"float below minimum", func() string { return result(wireimpl.ReadFloat(dec(`-1.51`), min1, max10)) }, "error: less than the minimum -1.5"},
		{"float above maximum, compared exactly", func() string { return result(wireimpl.ReadFloat(dec(`10.000000000000000001`), min1, max10)) }, "error: greater than the maximum 1e1"},
		{"float beyond float64", func() string { return result(wireimpl.ReadFloat(dec(`1e400`), nil, nil)) }, "error: number out of range for float64"},
		{"float underflow to 0", func() string { return result(wireimpl.ReadFloat(dec(`1e-400`), nil, nil)) }, "error: number 1e-400 is not held exactly by float64 (it would become 0)"},
		{"float underflow to -0", func() string { return result(wireimpl.ReadFloat(dec(`-1e-400`), nil, nil)) }, "error: number -1e-400 is not held exactly by float64 (it would become -0)"},
		{"float underflow to a subnormal that prints differently", func() string { return result(wireimpl.ReadFloat(dec(`4.9e-324`), nil, nil)) }, "error: number 4.9e-324 is not held exactly by float64 (it would become 5e-324)"},
		{"float smallest subnormal", func() string { return result(wireimpl.ReadFloat(dec(`5e-324`), nil, nil)) }, "5e-324"},
		{"float smallest normal", func() string { return result(wireimpl.ReadFloat(dec(`2.2250738585072014e-308`), nil, nil)) }, "2.2250738585072014e-308"},
		{"float largest", func() string { return result(wireimpl.ReadFloat(dec(`1.7976931348623157e308`), nil, nil)) }, "1.7976931348623157e+308"},
		{"float too many digits", func() string { return result(wireimpl.ReadFloat(dec(`0.12345678901234567`), nil, nil)) }, "error: number 0.12345678901234567 is not held exactly by float64 (it would become 0.12345678901234566)"},
		{"float large integer", func() string { return result(wireimpl.ReadFloat(dec(`123456789012345678901234567890`), nil, nil)) }, "error: number 123456789012345678901234567890 is not held exactly by float64 (it would become 1.2345678901234568e+29)"},
		{"float 2^53+1", func() string { return result(wireimpl.ReadFloat(dec(`9007199254740993`), nil, nil)) }, "error: number 9007199254740993 is not held exactly by float64 (it would become 9007199254740992)"},
		{"float trailing zeros", func() string { return result(wireimpl.ReadFloat(dec(`1.00000000000000000000e0`), nil, nil)) }, "1"},
		{"float 0.1", func() string { return result(wireimpl.ReadFloat(dec(`0.1`), nil, nil)) }, "0.1"},
		{"float 17 digits that round-trip", func() string { return result(wireimpl.ReadFloat(dec(`0.30000000000000004`), nil, nil)) }, "0.30000000000000004"},
		{"bool", func() string { return result(wireimpl.ReadBool(dec(` false`))) }, "false"},
		{"bool of another kind", func() string { return result(wireimpl.ReadBool(dec(`0`))) }, "error: expected boolean, got number"},
		{"bool, bad literal", func() string { return result(wireimpl.ReadBool(dec(`tru`))) }, "error: syntax error at offset 0: unexpected 't', expected boolean"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestReadIntAgreesWithInt64: ReadInt's fast path for short literals gives Number.Int64's
// result on every kind of literal.
func TestReadIntAgreesWithInt64(t *testing.T) {
	for _, lit := range []string{"0", "-0", "7", "-7", "999999999999999999", "-999999999999999999", "1000000000000000000",
		"9223372036854775807", "-9223372036854775808", "9223372036854775808", "12345678901234567890", "1e18", "5.0", "0.5", "-1E+2"} {
		want, werr := wire.Number(lit).Int64()
		got, err := wireimpl.ReadInt(wire.NewDecoder([]byte(lit)), math.MinInt64, math.MaxInt64)
		if got != want || (err == nil) != (werr == nil) {
			t.Errorf("ReadInt(%s) = %d, %v; Number.Int64 = %d, %v", lit, got, err, want, werr)
		}
		if werr != nil && errors.Is(werr, wire.ErrRange) && !errors.Is(err, wire.ErrRange) {
			t.Errorf("ReadInt(%s) = %v, want ErrRange", lit, err)
		}
	}
}

func TestCheckedReadersAllocations(t *testing.T) {
	data := []byte(`[12,"abc",1.5,true]`)
	var d wire.Decoder
	allocs := testing.AllocsPerRun(100, func() {
		d.Reset(data)
		_ = d.ArrayStart()
		d.NextElem()
		_, _ = wireimpl.ReadInt(&d, 0, 100)
		d.NextElem()
		_, _ = wireimpl.ReadStringBytes(&d, 1, 10)
		d.NextElem()
		_, _ = wireimpl.ReadFloat(&d, nil, nil)
		d.NextElem()
		_, _ = wireimpl.ReadBool(&d)
	})
	if allocs != 0 {
		t.Errorf("checked readers allocate %v times per run, want 0", allocs)
	}
}

// TestReadStringArena: the strings of one document share one allocation, and a string
// survives the Decoder's next documents (the arena is never written again).
func TestReadStringArena(t *testing.T) {
	doc := []byte(`["alpha","b\u00e9ta","","gamma \"q\"","delta"]`)
	var d wire.Decoder
	read := func() []string {
		d.Reset(doc)
		if err := wireimpl.ExpectArray(&d); err != nil {
			t.Fatal(err)
		}
		var out []string
		for {
			more, err := d.NextElem()
			if err != nil {
				t.Fatal(err)
			}
			if !more {
				return out
			}
			s, err := wireimpl.ReadString(&d, 0, -1)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
	}
	first := read()
	want := []string{"alpha", "béta", "", `gamma "q"`, "delta"}
	for range 3 {
		read()
	}
	if fmt.Sprint(first) != fmt.Sprint(want) {
		t.Errorf("after later documents: %q, want %q", first, want)
	}
	out := make([]string, 0, 8)
	if n := testing.AllocsPerRun(100, func() {
		d.Reset(doc)
		_ = wireimpl.ExpectArray(&d)
		out = out[:0]
		for more, _ := d.NextElem(); more; more, _ = d.NextElem() {
			s, _ := wireimpl.ReadString(&d, 0, -1)
			out = append(out, s)
		}
	}); n != 1 {
		t.Errorf("%v allocations for 4 non-empty strings, want 1", n)
	}
}
