package wire

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func TestNumberIsIntegerInt64(t *testing.T) {
	for _, tt := range []struct {
		in    string
		isInt bool
		want  int64
		err   string
	}{
		{"0", true, 0, ""},
		{"-0", true, 0, ""},
		{"-0.0e-5", true, 0, ""},
		{"1", true, 1, ""},
		{"1.0", true, 1, ""},
		{"1.000000", true, 1, ""},
		{"1e2", true, 100, ""},
		{"1E+2", true, 100, ""},
		{"100E-2", true, 1, ""},
		{"1000e-3", true, 1, ""},
		{"12.5e1", true, 125, ""},
		{"-42", true, -42, ""},
		{"1.5", false, 0, "notint"},
		{"0.1", false, 0, "notint"},
		{"1e-1", false, 0, "notint"},
		{"1e-400", false, 0, "notint"},
		{"1.5e400", true, 0, "range"},
		{"1e-99999999999999999999", false, 0, "notint"},
		{"1e99999999999999999999", true, 0, "range"},
		{"9223372036854775807", true, math.MaxInt64, ""},
		{"9223372036854775808", true, 0, "range"},
		{"-9223372036854775808", true, math.MinInt64, ""},
		{"-9223372036854775809", true, 0, "range"},
		{"9.223372036854775807e18", true, math.MaxInt64, ""},
		{"92233720368547758070e-1", true, math.MaxInt64, ""},
		{"1e18", true, 1e18, ""},
		{"1e19", true, 0, "range"},
		{"10000000000000000000", true, 0, "range"},
		{"18446744073709551616", true, 0, "range"},
		{"1e400", true, 0, "range"},
		{"0.00000000000000000000000000001e29", true, 1, ""},
	} {
		n := Number(tt.in)
		if got := n.IsInteger(); got != tt.isInt {
			t.Errorf("Number(%q).IsInteger() = %v, want %v", tt.in, got, tt.isInt)
		}
		got, err := n.Int64()
		if errKind(err) != tt.err || got != tt.want {
			t.Errorf("Number(%q).Int64() = %d, %v; want %d, %s error", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestNumberFloat64(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want float64
		err  string
	}{
		{"0", 0, ""},
		{"-1.5", -1.5, ""},
		{"1e308", 1e308, ""},
		{"1.7976931348623157e308", math.MaxFloat64, ""},
		{"1.8e308", 0, "range"},
		{"1e400", 0, "range"},
		{"-1e400", 0, "range"},
		{"1e-400", 0, ""},
		{"4.9e-324", 5e-324, ""},
		{"123456789012345678901234567890", 1.2345678901234568e29, ""},
		{"0x10", 0, "syntax"},
		{"Inf", 0, "syntax"},
		{"1_0", 0, "syntax"},
	} {
		got, err := Number(tt.in).Float64()
		if errKind(err) != tt.err || got != tt.want {
			t.Errorf("Number(%q).Float64() = %v, %v; want %v, %s error", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestCompare(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"1", "1.0", 0},
		{"1", "10e-1", 0},
		{"1", "0.1e1", 0},
		{"0", "-0", 0},
		{"0", "0e999999999999999999999", 0},
		{"-0.0", "0.000e-5", 0},
		{"1", "2", -1},
		{"2", "10", -1},
		{"-2", "-10", 1},
		{"-1", "0", -1},
		{"0", "1e-400", -1},
		{"-1e-400", "0", -1},
		{"1e400", "9.9e399", 1},
		{"1e400", "1e400", 0},
		{"10e399", "1e400", 0},
		{"1e99999999999999999999", "1e99999999999999999998", 1},
		{"1e99999999999999999999", "10e99999999999999999998", 0},
		{"-1e99999999999999999999", "1", -1},
		{"1e-99999999999999999999", "1e-99999999999999999998", -1},
		{"0.1", "0.10000000000000001", -1},
		{"9007199254740993", "9007199254740992", 1}, // equal as float64
		{"123.456", "123.4560", 0},
		{"123.456", "123.457", -1},
		{"1.5", "15e-1", 0},
		{"0.07", "7e-2", 0},
		{"x", "1", -1},
		{"1", "01", 1},
		{"", "", 0},
	} {
		if got := Compare(Number(tt.a), Number(tt.b)); got != tt.want {
			t.Errorf("Compare(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Compare(Number(tt.b), Number(tt.a)); got != -tt.want {
			t.Errorf("Compare(%s, %s) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
		if got := Equal(Number(tt.a), Number(tt.b)); got != (tt.want == 0) {
			t.Errorf("Equal(%s, %s) = %v", tt.a, tt.b, got)
		}
	}
}

func TestMultipleOf(t *testing.T) {
	for _, tt := range []struct {
		n, m string
		want bool
	}{
		{"0.07", "0.01", true},
		{"0.3", "0.1", true},
		{"0.35", "0.1", false},
		{"7", "0.01", true},
		{"0.075", "0.01", false},
		{"1e308", "1e-308", true},
		{"1e-308", "1e308", false},
		{"12345678901234567890", "3", true},
		{"12345678901234567891", "3", false},
		{"123456789012345678901234567891", "7", false},
		{"123456789012345678901234567890", "7", true},
		{"123456789012345678901234567893", "3", true},
		{"1e400", "3", false},
		{"3e400", "3", true},
		{"3e400", "0.3", true},
		{"1e99999999999999999999", "1e-5", true},
		{"1e99999999999999999999", "2", true},
		{"1e99999999999999999999", "7", false},
		{"1e-99999999999999999999", "1", false},
		{"0", "7", true},
		{"-0", "0.5", true},
		{"-6", "3", true},
		{"-7", "3", false},
		{"10", "2.5", true},
		{"10", "4", false},
		{"1", "1.0", true},
		{"4.5", "1.5", true},
		{"4.5", "1.50", true},
		{"1", "0.3333333333333333333333", false},
		{"1", "0", false},
		{"1", "-1", false},
		{"bad", "1", false},
		{"1024", "128", true},
		{"1e3", "125", true},
		{"1e3", "625", false},
		{"1e4", "625", true},
		{"99999999999999999999999999999999999999", "33333333333333333333333333333333333333", true},
		{"2e-5", "4e-6", true},
	} {
		if got := MultipleOf(Number(tt.n), Number(tt.m)); got != tt.want {
			t.Errorf("MultipleOf(%s, %s) = %v, want %v", tt.n, tt.m, got, tt.want)
		}
	}
}

// ratOf returns the exact value of a (small-exponent) literal.
func ratOf(t interface{ Fatalf(string, ...any) }, s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("big.Rat cannot parse %q", s)
	}
	return r
}

// ratMultipleOf reports whether n/m is an integer.
func ratMultipleOf(n, m *big.Rat) bool {
	return new(big.Rat).Quo(n, m).IsInt()
}

// decimalGen draws JSON number literals with varied digits and exponents
// that big.Rat can still expand.
func decimalGen() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		var b strings.Builder
		if rapid.Bool().Draw(t, "neg") {
			b.WriteByte('-')
		}
		ip := rapid.StringMatching(`0|[1-9][0-9]{0,24}`).Draw(t, "int")
		b.WriteString(ip)
		if rapid.Bool().Draw(t, "hasFrac") {
			b.WriteByte('.')
			b.WriteString(rapid.StringMatching(`[0-9]{1,24}`).Draw(t, "frac"))
		}
		if rapid.Bool().Draw(t, "hasExp") {
			b.WriteString(rapid.SampledFrom([]string{"e", "E", "e+", "e-", "E-"}).Draw(t, "e"))
			b.WriteString(strconv.Itoa(rapid.IntRange(0, 400).Draw(t, "exp")))
		}
		return b.String()
	})
}

func TestNumberProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := decimalGen().Draw(t, "a")
		same := a
		if !strings.ContainsAny(a, ".eE") {
			same = a + ".000e-0"
		}
		b := rapid.OneOf(decimalGen(), rapid.Just(a), rapid.Just(same)).Draw(t, "b")
		ra, rb := ratOf(t, a), ratOf(t, b)
		if got, want := Compare(Number(a), Number(b)), ra.Cmp(rb); got != want {
			t.Fatalf("Compare(%s, %s) = %d, big.Rat says %d", a, b, got, want)
		}
		if got, want := Number(a).IsInteger(), ra.IsInt(); got != want {
			t.Fatalf("IsInteger(%s) = %v, big.Rat says %v", a, got, want)
		}
		if rb.Sign() > 0 {
			if got, want := MultipleOf(Number(a), Number(b)), ratMultipleOf(ra, rb); got != want {
				t.Fatalf("MultipleOf(%s, %s) = %v, big.Rat says %v", a, b, got, want)
			}
		}
		i, err := Number(a).Int64()
		switch {
		case !ra.IsInt():
			if err != ErrNotInteger {
				t.Fatalf("Int64(%s) = %d, %v; want ErrNotInteger", a, i, err)
			}
		case ra.Num().IsInt64():
			if err != nil || i != ra.Num().Int64() {
				t.Fatalf("Int64(%s) = %d, %v; want %v", a, i, err, ra.Num())
			}
		default:
			if err != ErrRange {
				t.Fatalf("Int64(%s) = %d, %v; want ErrRange", a, i, err)
			}
		}
	})
}

func TestMultipleOfProperties(t *testing.T) {
	// Products of a random multiplier and a random divisor are multiples;
	// shifting them by one unit of the last place makes them not.
	rapid.Check(t, func(t *rapid.T) {
		m := decimalGen().Draw(t, "m")
		rm := ratOf(t, m)
		if rm.Sign() <= 0 {
			rm.Neg(rm)
			if rm.Sign() == 0 {
				return
			}
			m = strings.TrimPrefix(m, "-")
		}
		k := rapid.Int64Range(-1e12, 1e12).Draw(t, "k")
		n := new(big.Rat).Mul(rm, new(big.Rat).SetInt64(k))
		lit := n.FloatString(1000)
		lit = strings.TrimRight(strings.TrimRight(lit, "0"), ".")
		if !MultipleOf(Number(lit), Number(m)) {
			t.Fatalf("MultipleOf(%s, %s) = false, want true (k=%d)", lit, m, k)
		}
	})
}

func TestMultipleOfLongDividend(t *testing.T) {
	// A 100000-digit dividend takes the linear path.
	long := "7" + strings.Repeat("0", 99999)
	for _, tt := range []struct {
		m    string
		want bool
	}{{"7", true}, {"0.7", true}, {"3", false}, {"1e99999", true}, {"1e100000", false}, {"875", true}} {
		if got := MultipleOf(Number(long), Number(tt.m)); got != tt.want {
			t.Errorf("MultipleOf(7e99999 as digits, %s) = %v, want %v", tt.m, got, tt.want)
		}
	}
}

// TestReadSmallInt holds the one-pass integer read to the general one: when it takes a
// value, ReadNumber and Int64 give the same value and end at the same offset; when it
// does not, it has consumed nothing but white space, and the literal is one it must
// leave (another kind, a fraction, an exponent, more than 18 digits, a syntax error).
func TestReadSmallInt(t *testing.T) {
	ins := []string{
		"0", "-0", "7", "-7", "184467", " \t\n184467 ", "123456789012345678", "-123456789012345678",
		"1234567890123456789", "9223372036854775807", "-9223372036854775808", "01", "-01", "00",
		"1.0", "1e2", "1E2", "-", "-a", "", " ", "a", `"1"`, "null", "1,", "1]", "1}", "12x", "-0.5",
		"1.", "1e", "99999999999999999", "999999999999999999", "0e0", "0.0",
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		b := make([]byte, 1+r.IntN(21))
		for i := range b {
			b[i] = "-0123456789.eE ,x"[r.IntN(17)]
		}
		ins = append(ins, string(b))
	}
	for _, in := range ins {
		small := NewDecoder([]byte(in))
		v, ok := small.ReadSmallInt()
		general := NewDecoder([]byte(in))
		n, err := general.ReadNumber()
		if !ok {
			trimmed := len(in) - len(strings.TrimLeft(in, " \t\n\r"))
			if small.Offset() != trimmed {
				t.Fatalf("ReadSmallInt(%q) refused at offset %d, want %d", in, small.Offset(), trimmed)
			}
			digits := strings.TrimPrefix(string(n), "-")
			if err == nil && len(digits) <= 18 && !strings.ContainsAny(digits, ".eE") {
				t.Fatalf("ReadSmallInt(%q) refused a small integer", in)
			}
			continue
		}
		want, werr := n.Int64()
		if err != nil || werr != nil || v != want || small.Offset() != general.Offset() {
			t.Fatalf("ReadSmallInt(%q) = %d at %d; ReadNumber = %s, %v at %d, Int64 = %d, %v",
				in, v, small.Offset(), n, err, general.Offset(), want, werr)
		}
	}
}
