// Package jsonnum holds the one canonical JSON number formatter of this module, shared by
// package schema (enum and const values of a protocol file) and the codec runtime (values
// read from a frame), so that both sides compare numbers by the same key.
package jsonnum

import (
	"bytes"
	"math/big"
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
