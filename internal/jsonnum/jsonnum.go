// Package jsonnum holds the one canonical JSON number formatter of this module, shared by
// package schema (enum and const values of a protocol file) and the codec runtime (values
// read from a frame), so that both sides compare numbers by the same key.
package jsonnum

import (
	"bytes"
	"math/big"
	"strconv"
)

// AppendCanonical appends the canonical form of a valid JSON number literal, in which
// equal values give equal bytes: an optional "-", the significant digits without leading
// or trailing zeros, "e" and the decimal exponent; zero is "0" ("1", "1.0" and "10e-1" →
// "1e0"; "0.07" → "7e-2"; "-0" → "0"). A literal whose exponent does not parse is
// appended unchanged.
func AppendCanonical(dst, lit []byte) []byte {
	orig := lit
	neg := len(lit) > 0 && lit[0] == '-'
	if neg {
		lit = lit[1:]
	}
	mant, expLit := lit, []byte("0")
	if i := bytes.IndexAny(lit, "eE"); i >= 0 {
		mant, expLit = lit[:i], bytes.TrimPrefix(lit[i+1:], []byte("+"))
	}
	intPart, frac := mant, []byte(nil)
	if i := bytes.IndexByte(mant, '.'); i >= 0 {
		intPart, frac = mant[:i], mant[i+1:]
	}
	// The significant digits, without leading zeros (intPart then frac, never copied
	// when one of them is empty after trimming).
	intPart = bytes.TrimLeft(intPart, "0")
	var digits []byte
	if len(intPart) == 0 {
		digits = bytes.TrimLeft(frac, "0")
	} else {
		digits = append(append(make([]byte, 0, len(intPart)+len(frac)), intPart...), frac...)
	}
	if len(digits) == 0 {
		return append(dst, '0')
	}
	exp, ok := new(big.Int).SetString(string(expLit), 10)
	if !ok {
		return append(dst, orig...)
	}
	exp.Sub(exp, big.NewInt(int64(len(frac))))
	trimmed := bytes.TrimRight(digits, "0")
	exp.Add(exp, big.NewInt(int64(len(digits)-len(trimmed))))
	if neg {
		dst = append(dst, '-')
	}
	dst = append(append(dst, trimmed...), 'e')
	return exp.Append(dst, 10)
}

// MaxExp bounds the decimal exponent of the numbers a protocol description may hold and
// of the frame values the reference validator reads: both end in math/big, whose
// big.Rat.SetString expands 1e999999 into a million-digit integer (0.4 s, 3.7 MB) and
// refuses larger exponents (its callers then misread the value). 1e±1000 costs
// microseconds and holds every float64.
const MaxExp = 1000

// InRange reports whether the valid JSON number literal lit is zero or has its first
// significant digit at a power of ten within ±limit (1e5 and 100000 are at 5, 0.07 at
// -2), and its written exponent is within ±(limit + len(lit)) (so 0e999999 is out of
// range too). It reads lit once, allocates nothing and never expands the exponent, so
// it can guard a parse whose cost grows with the exponent.
func InRange(lit []byte, limit int64) bool {
	n := int64(len(lit))
	if len(lit) > 0 && lit[0] == '-' {
		lit = lit[1:]
	}
	digits := func(i int) int {
		for i < len(lit) && lit[i] >= '0' && lit[i] <= '9' {
			i++
		}
		return i
	}
	i := 0
	for i < len(lit) && lit[i] == '0' {
		i++
	}
	intStart := i
	i = digits(i)
	zero := false
	var pos int64 // power of ten of the first significant digit, before the exponent
	if i > intStart {
		pos = int64(i - intStart - 1)
		if i < len(lit) && lit[i] == '.' {
			i = digits(i + 1)
		}
	} else if i < len(lit) && lit[i] == '.' {
		i++
		z := i
		for i < len(lit) && lit[i] == '0' {
			i++
		}
		zero = i == len(lit) || lit[i] < '0' || lit[i] > '9'
		pos = -int64(i - z + 1)
		i = digits(i)
	} else {
		zero = true
	}
	var exp int64
	if i < len(lit) && (lit[i] == 'e' || lit[i] == 'E') {
		i++
		neg := false
		if i < len(lit) && (lit[i] == '+' || lit[i] == '-') {
			neg = lit[i] == '-'
			i++
		}
		for ; i < len(lit); i++ {
			if exp > limit+n {
				return false // stop before int64 overflows
			}
			exp = exp*10 + int64(lit[i]-'0')
		}
		if neg {
			exp = -exp
		}
	}
	if exp > limit+n || exp < -(limit+n) {
		return false
	}
	return zero || -limit <= pos+exp && pos+exp <= limit
}

// IsInteger reports whether the valid JSON number literal lit has an integer value
// ("1.0", "1e3" and "1e1000000000" have; "0.5" and "1e-1000000000" have not), whatever
// its exponent, without expanding it.
func IsInteger(lit []byte) bool {
	c := AppendCanonical(nil, lit)
	if len(c) == 1 && c[0] == '0' {
		return true
	}
	i := bytes.LastIndexByte(c, 'e')
	return i >= 0 && i+1 < len(c) && c[i+1] != '-'
}

// Int64 returns the value of the valid JSON number literal lit when it is an integer
// int64 holds, without expanding its exponent.
func Int64(lit []byte) (int64, bool) {
	c := AppendCanonical(nil, lit)
	if len(c) == 1 && c[0] == '0' {
		return 0, true
	}
	i := bytes.LastIndexByte(c, 'e')
	if i < 0 || i+1 >= len(c) || c[i+1] == '-' || i+1 < len(c)-3 {
		return 0, false // fractional, or an exponent of 4 digits or more
	}
	exp := 0
	for _, d := range c[i+1:] {
		exp = exp*10 + int(d-'0')
	}
	digits := c[:i]
	if len(digits)-1+exp > 19 { // the sign takes one byte of digits
		return 0, false
	}
	s := append(append([]byte(nil), digits...), bytes.Repeat([]byte("0"), exp)...)
	v, err := strconv.ParseInt(string(s), 10, 64)
	if err != nil {
		return 0, false
	}
	return v, true
}
