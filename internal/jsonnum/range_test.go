package jsonnum

import (
	"math/big"
	"runtime"
	"testing"
)

func TestInRangeIsIntegerInt64(t *testing.T) {
	for _, tt := range []struct {
		lit     string
		inRange bool // within ±1000
		integer bool
		i64     bool
		v       int64
	}{
		{"0", true, true, true, 0}, {"-0.0e999999999", false, true, true, 0}, {"0e1000", true, true, true, 0}, {"0.000", true, true, true, 0},
		{"1", true, true, true, 1}, {"-12.50e1", true, true, true, -125}, {"0.07", true, false, false, 0},
		{"1e1000", true, true, false, 0}, {"1e1001", false, true, false, 0}, {"9.99e1000", true, true, false, 0},
		{"10e1000", false, true, false, 0}, {"0.1e-999", true, false, false, 0}, {"0.01e-999", false, false, false, 0},
		{"1e-1000", true, false, false, 0}, {"1e1000000000", false, true, false, 0}, {"1e-999999999", false, false, false, 0},
		{"-1E+99999999999999999999999", false, true, false, 0}, {"5e-99999999999999999999999", false, false, false, 0},
		{"9223372036854775807", true, true, true, 9223372036854775807}, {"-9223372036854775808", true, true, true, -9223372036854775808},
		{"9223372036854775808", true, true, false, 0}, {"92233720368547758.07e2", true, true, true, 9223372036854775807},
		{"1e18", true, true, true, 1e18}, {"1e19", true, true, false, 0}, {"123456789012345678901e-5", true, false, false, 0}, {"123456789012345678900e-2", true, true, true, 1234567890123456789},
	} {
		if got := InRange([]byte(tt.lit), MaxExp); got != tt.inRange {
			t.Errorf("InRange(%s, %d) = %v, want %v", tt.lit, MaxExp, got, tt.inRange)
		}
		if got := IsInteger([]byte(tt.lit)); got != tt.integer {
			t.Errorf("IsInteger(%s) = %v, want %v", tt.lit, got, tt.integer)
		}
		if v, ok := Int64([]byte(tt.lit)); ok != tt.i64 || v != tt.v {
			t.Errorf("Int64(%s) = %d, %v, want %d, %v", tt.lit, v, ok, tt.v, tt.i64)
		}
	}
}

// TestHugeExponentBounded: the checks on 1e±1000000000 allocate a few small buffers,
// never the expanded value (math/big's SetString of 1e999999 allocates 3.7 MB).
func TestHugeExponentBounded(t *testing.T) {
	for _, lit := range []string{"1e1000000000", "1e-999999999", "-7.5e999999", "1e99999999999999999999999999"} {
		b := []byte(lit)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range 10 {
			InRange(b, MaxExp)
			IsInteger(b)
			Int64(b)
			AppendCanonical(nil, b)
		}
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > 64<<10 {
			t.Errorf("%s: 10 rounds of checks allocated %d bytes; want the work of the literal's length", lit, n)
		}
	}
}

// FuzzNumberChecks compares InRange, IsInteger and Int64 with math/big on literals whose
// exponent math/big expands cheaply.
func FuzzNumberChecks(f *testing.F) {
	for _, s := range []string{"0", "-0.5", "1e1000000000", "1e-999999999", "12.5e3", "9223372036854775807", "0.000123e7", "1E+2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, lit string) {
		if !validNumber(lit) {
			return
		}
		b := []byte(lit)
		in := InRange(b, 50)
		if !in {
			IsInteger(b) // must return, whatever the exponent
			Int64(b)
			return
		}
		r, ok := new(big.Rat).SetString(lit)
		if !ok {
			t.Fatalf("big.Rat refused %s", lit)
		}
		if got := IsInteger(b); got != r.IsInt() {
			t.Errorf("IsInteger(%s) = %v, big.Rat says %v", lit, got, r.IsInt())
		}
		v, ok := Int64(b)
		want := r.IsInt() && r.Num().IsInt64()
		if ok != want || ok && v != r.Num().Int64() {
			t.Errorf("Int64(%s) = %d, %v; big.Rat says %v (%v)", lit, v, ok, r, want)
		}
		if r.Sign() != 0 {
			abs := new(big.Rat).Abs(r)
			lo := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(50), nil))
			hi := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(51), nil))
			if abs.Cmp(lo) < 0 || abs.Cmp(hi) >= 0 {
				t.Errorf("InRange(%s, 50) = true, but |%s| is outside [1e-50, 1e51)", lit, abs.FloatString(3))
			}
		}
	})
}

// validNumber reports whether s is a JSON number literal (RFC 8259).
func validNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - j
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}
