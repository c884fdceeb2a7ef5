package wire_test

import (
	"encoding/json"
	"errors"
	"math/big"
	"testing"

	"github.com/wsgen/wsgen/wire"
	"github.com/wsgen/wsgen/wire/wireimpl"
)

func TestDecimalRoundTripsLiterals(t *testing.T) {
	for _, lit := range []string{
		"0", "-0", "1", "-1", "1.50", "0.0123", "-0.000", "0.12345678901234567", "9999999999999999999",
		"99999999999999999999", "12345678901234567890.123", "1e-400", "-4.9E-324", "1e400", "1.0e+2",
		"123456789012345678901234567890", "0.00000000000000000001",
	} {
		x, err := wire.ParseDecimal(lit)
		if err != nil {
			t.Fatalf("ParseDecimal(%q) = %v", lit, err)
		}
		if got := x.String(); got != lit {
			t.Errorf("ParseDecimal(%q).String() = %q", lit, got)
		}
		if got := string(wire.AppendDecimal(nil, x)); got != lit {
			t.Errorf("AppendDecimal(%q) = %q", lit, got)
		}
		var d wire.Decoder
		d.Reset([]byte(" " + lit))
		y, err := wireimpl.ReadDecimal(&d, nil, nil)
		if err != nil || y.String() != x.String() {
			t.Errorf("ReadDecimal(%q) = %v, %v; want %v", lit, y, err, x)
		}
		if r, err := x.Rat(); err == nil {
			want, _ := new(big.Rat).SetString(lit)
			if r.Cmp(want) != 0 {
				t.Errorf("ParseDecimal(%q).Rat() = %v", lit, r)
			}
		} else if !errors.Is(err, wire.ErrRange) {
			t.Errorf("ParseDecimal(%q).Rat() error %v", lit, err)
		}
	}
	var zero wire.Decimal
	if zero.String() != "0" || !zero.IsZero() || !zero.Equal(wire.MustParseDecimal("0.00")) {
		t.Errorf("zero Decimal = %q", zero.String())
	}
	for _, bad := range []string{"", "01", "1.", ".5", "+1", "0x10", "NaN", "1e", "--1", " 1"} {
		if _, err := wire.ParseDecimal(bad); err == nil {
			t.Errorf("ParseDecimal(%q) accepted", bad)
		}
	}
}

func TestDecimalCompare(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"1.5", "1.50", 0}, {"1.5", "15e-1", 0}, {"-0", "0", 0}, {"0.1", "0.10000000000000001", -1},
		{"-1.5", "-1.4", -1}, {"-1.40", "-1.50", 1}, {"2", "10", -1}, {"1e400", "9.9e399", 1},
		{"0.0123", "0.0124", -1}, {"-0.01", "0.00", -1}, {"99999999999999999999", "9999999999999999999", 1},
	} {
		a, b := wire.MustParseDecimal(tt.a), wire.MustParseDecimal(tt.b)
		if got := a.Cmp(b); got != tt.want {
			t.Errorf("Cmp(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := b.Cmp(a); got != -tt.want {
			t.Errorf("Cmp(%s, %s) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
}

func TestDecimalConversions(t *testing.T) {
	for _, tt := range []struct {
		lit   string
		f     float64
		exact string // ExactFloat64's error, "" when exact
	}{
		{"0.1", 0.1, ""}, {"-2.5", -2.5, ""}, {"0.0123", 0.0123, ""},
		{"0.12345678901234567", 0.12345678901234566, "inexact"},
		{"1e-400", 0, "inexact"}, {"123456789.123456789", 123456789.12345679, "inexact"},
	} {
		x := wire.MustParseDecimal(tt.lit)
		f, err := x.Float64()
		if err != nil || f != tt.f {
			t.Errorf("Float64(%s) = %v, %v; want %v", tt.lit, f, err, tt.f)
		}
		_, err = x.ExactFloat64()
		if got := map[bool]string{true: "inexact", false: ""}[errors.Is(err, wire.ErrInexact)]; got != tt.exact {
			t.Errorf("ExactFloat64(%s) error %v, want %q", tt.lit, err, tt.exact)
		}
	}
	if _, err := wire.MustParseDecimal("1e400").Float64(); !errors.Is(err, wire.ErrRange) {
		t.Errorf("Float64(1e400) error %v, want ErrRange", err)
	}
	if d, _ := wire.DecimalFromFloat64(0.1); d.String() != "0.1" {
		t.Errorf("DecimalFromFloat64(0.1) = %s", d)
	}
	if d := wire.DecimalFromInt64(-9223372036854775808); d.String() != "-9223372036854775808" {
		t.Errorf("DecimalFromInt64(min) = %s", d)
	}
	if d, err := wire.DecimalFromRat(big.NewRat(1, 8)); err != nil || d.String() != "0.125" {
		t.Errorf("DecimalFromRat(1/8) = %s, %v", d, err)
	}
	if _, err := wire.DecimalFromRat(big.NewRat(1, 3)); !errors.Is(err, wire.ErrNotDecimal) {
		t.Errorf("DecimalFromRat(1/3) error %v", err)
	}
	if _, err := wire.MustParseDecimal("1e999999999999999999").Rat(); !errors.Is(err, wire.ErrRange) {
		t.Errorf("Rat(1e999999999999999999) error %v, want ErrRange", err)
	}
	b, _ := json.Marshal(struct{ P wire.Decimal }{wire.MustParseDecimal("1.50")})
	if string(b) != `{"P":1.50}` {
		t.Errorf("json.Marshal = %s", b)
	}
	var v struct{ P wire.Decimal }
	if err := json.Unmarshal([]byte(`{"P":0.12345678901234567}`), &v); err != nil || v.P.String() != "0.12345678901234567" {
		t.Errorf("json.Unmarshal = %v, %v", v.P, err)
	}
}

func TestReadDecimalAllocations(t *testing.T) {
	data := []byte(`0.0123`)
	var d wire.Decoder
	allocs := testing.AllocsPerRun(100, func() {
		d.Reset(data)
		if _, err := wireimpl.ReadDecimal(&d, nil, nil); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("ReadDecimal allocates %v times, want 0", allocs)
	}
}

func FuzzDecimal(f *testing.F) {
	for _, s := range []string{"0", "-0.0123", "1e-400", "99999999999999999999", "1.50"} {
		f.Add(s, "1.5")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		x, errx := wire.ParseDecimal(a)
		y, erry := wire.ParseDecimal(b)
		if errx != nil || erry != nil {
			return
		}
		if x.String() != a {
			t.Fatalf("ParseDecimal(%q).String() = %q", a, x.String())
		}
		if got, want := x.Cmp(y), wire.Compare(wire.Number(a), wire.Number(b)); got != want {
			t.Fatalf("Cmp(%s, %s) = %d, Compare = %d", a, b, got, want)
		}
	})
}
