package wire

import (
	"errors"
	"math/big"
	"strconv"

	"github.com/wsgen/wsgen/internal/clip"
)

// Decimal is an exact decimal number: a JSON number literal kept exactly as written, for
// the members a protocol declares decimal (x-wsgen "decimal", see the README's protocol
// reference) and for numbers sent as strings ("0.0123") through their generated
// accessor. Nothing is rounded: 0.12345678901234567 stays 0.12345678901234567, 1e-400
// stays 1e-400, and Encode writes back the literal it decoded, byte for byte ("1.50"
// stays "1.50").
//
// The zero Decimal is 0. Decimals are values: copy them freely. Compare them with
// [Decimal.Cmp] or [Decimal.Equal], which compare the exact values (1.5 equals 1.50 and
// 15e-1); never use ==, which compares representations (a long literal is held by
// pointer). [Decimal.Rat], [Decimal.Float64] and [Decimal.String]
// convert. Build one with [ParseDecimal], [DecimalFromInt64], [DecimalFromFloat64] or
// [DecimalFromRat].
//
// A literal of at most 17 digits without exponent (every price and quantity an exchange
// sends) is held inline, without allocating; others keep the literal as a string. A
// Decimal is 16 bytes.
type Decimal struct {
	// bits holds an inline literal: decInline, decNeg, the number of digits after the
	// point (5 bits) and the digits without the point (57 bits: up to 17 digits).
	bits uint64
	lit  *string // the literal, when not held inline
}

const (
	decInline    = 1 << 63
	decNeg       = 1 << 62
	decFracShift = 57
	decCoefMask  = 1<<57 - 1
	decMaxInline = 17 // digits
)

func (x Decimal) inline() bool { return x.bits&decInline != 0 }
func (x Decimal) neg() bool    { return x.bits&decNeg != 0 }
func (x Decimal) coef() uint64 { return x.bits & decCoefMask }
func (x Decimal) frac() int    { return int(x.bits>>decFracShift) & 31 }

func inlineDecimal(coef uint64, frac int, neg bool) Decimal {
	b := decInline | uint64(frac)<<decFracShift | coef
	if neg {
		b |= decNeg
	}
	return Decimal{bits: b}
}

// maxDecimalExp bounds the exponent [Decimal.Rat] expands: beyond ±100000 it refuses with
// ErrRange rather than build a number of that many digits.
const maxDecimalExp = 100000

// ParseDecimal reads s, which must be a JSON number literal ("-0.0123", "1e-8", "100");
// anything else is refused with a [*SyntaxError].
func ParseDecimal(s string) (Decimal, error) {
	n := Number(s)
	if _, ok := n.parse(); !ok {
		return Decimal{}, &SyntaxError{Reason: "invalid decimal literal " + clip.Quote(s)}
	}
	return decimalOf(n), nil
}

// MustParseDecimal is [ParseDecimal] that panics on an invalid literal, for constants in
// programs and tests.
func MustParseDecimal(s string) Decimal {
	x, err := ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return x
}

// DecimalOf returns the Decimal of n, a literal [Decoder.ReadNumber] or [ReadNumber]
// returned (grammar-checked); the result does not alias n.
func DecimalOf(n Number) Decimal { return decimalOf(n) }

func decimalOf(n Number) Decimal {
	// Inline: -?digits(.digits)? with at most decMaxInline digits.
	i, neg := 0, len(n) > 0 && n[0] == '-'
	if neg {
		i = 1
	}
	var coef uint64
	digits, frac, point := 0, 0, false
	for ; i < len(n) && digits <= decMaxInline; i++ {
		c := n[i]
		switch {
		case c >= '0' && c <= '9':
			coef = coef*10 + uint64(c-'0')
			digits++
			if point {
				frac++
			}
		case c == '.' && !point:
			point = true
		default:
			digits = 100 // an exponent: keep the literal
		}
	}
	if digits <= decMaxInline && (!point || frac > 0) {
		return inlineDecimal(coef, frac, neg)
	}
	lit := string(n)
	return Decimal{lit: &lit}
}

// AppendDecimal appends x's literal: the bytes it was decoded or parsed from.
func AppendDecimal(dst []byte, x Decimal) []byte {
	switch {
	case x.lit != nil:
		return append(dst, *x.lit...)
	case !x.inline():
		return append(dst, '0')
	}
	if x.neg() {
		dst = append(dst, '-')
	}
	var buf [24]byte
	d := strconv.AppendUint(buf[:0], x.coef(), 10)
	f := x.frac()
	if f == 0 {
		return append(dst, d...)
	}
	// The integer part is "0" (JSON allows no other leading zero) when the digits are
	// fewer than the fraction's.
	if len(d) <= f {
		dst = append(dst, '0', '.')
		for k := len(d); k < f; k++ {
			dst = append(dst, '0')
		}
		return append(dst, d...)
	}
	dst = append(dst, d[:len(d)-f]...)
	dst = append(dst, '.')
	return append(dst, d[len(d)-f:]...)
}

// number calls fn with x's literal, formatted on the stack when x is inline.
func (x Decimal) number(fn func(Number)) {
	if x.lit != nil {
		fn(Number(*x.lit))
		return
	}
	var buf [48]byte
	fn(Number(AppendDecimal(buf[:0], x)))
}

// String returns the literal ("0" for the zero Decimal).
func (x Decimal) String() string {
	if x.lit != nil {
		return *x.lit
	}
	var buf [48]byte
	return string(AppendDecimal(buf[:0], x))
}

// Number returns the literal as a [Number].
func (x Decimal) Number() Number { return Number(x.String()) }

// Cmp compares the exact values of x and y and returns -1, 0 or +1.
func (x Decimal) Cmp(y Decimal) int {
	if x.inline() && y.inline() && x.frac() == y.frac() {
		// Same scale: compare the signed coefficients.
		sx, sy := x.sign(), y.sign()
		switch {
		case sx != sy:
			return cmpInt(sx, sy)
		case x.coef() == y.coef():
			return 0
		case (x.coef() < y.coef()) == (sx > 0):
			return -1
		}
		return 1
	}
	var c int
	x.number(func(a Number) { y.number(func(b Number) { c = Compare(a, b) }) })
	return c
}

func (x Decimal) sign() int {
	switch {
	case x.lit != nil:
		return Compare(Number(*x.lit), Number("0"))
	case x.coef() == 0:
		return 0
	case x.neg():
		return -1
	}
	return 1
}

// Sign returns -1, 0 or +1.
func (x Decimal) Sign() int { return x.sign() }

// Equal reports whether x and y have the same exact value (1.5, 1.50 and 15e-1 do).
func (x Decimal) Equal(y Decimal) bool { return x.Cmp(y) == 0 }

// IsZero reports whether x is 0 (0, 0.00, -0 and the zero Decimal are).
func (x Decimal) IsZero() bool { return x.sign() == 0 }

// Float64 returns the float64 nearest to x, refusing a value beyond float64's range with
// ErrRange. It rounds; [Decimal.ExactFloat64] refuses what it cannot give back exactly.
func (x Decimal) Float64() (float64, error) {
	if x.inline() && x.coef() < 1<<53 && x.frac() <= 22 {
		// Exact in float64, divided by an exact power of ten: correctly rounded.
		f := float64(x.coef()) / pow10[x.frac()]
		if x.neg() {
			f = -f
		}
		return f, nil
	}
	var f float64
	var err error
	x.number(func(n Number) { f, err = n.Float64() })
	return f, err
}

var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// ExactFloat64 is [Number.ExactFloat64] of x's literal: the float64 when it gives x back
// exactly, else an [*InexactError].
func (x Decimal) ExactFloat64() (float64, error) {
	var f float64
	var err error
	x.number(func(n Number) { f, err = n.ExactFloat64() })
	return f, err
}

// Rat returns x as a *big.Rat, exactly. A literal whose exponent is beyond ±100000 is
// refused with ErrRange rather than expanded.
func (x Decimal) Rat() (*big.Rat, error) {
	var r *big.Rat
	var err error
	x.number(func(n Number) {
		d, _ := n.parse()
		if d.bigExp || d.exp > maxDecimalExp || d.exp < -maxDecimalExp {
			err = ErrRange
			return
		}
		var ok bool
		r, ok = new(big.Rat).SetString(string(n))
		if !ok {
			err = errNumberSyntax
		}
	})
	return r, err
}

// Int64 returns x as an int64 when it is an integer int64 holds ([Number.Int64]).
func (x Decimal) Int64() (int64, error) {
	var v int64
	var err error
	x.number(func(n Number) { v, err = n.Int64() })
	return v, err
}

// DecimalFromInt64 returns v as a Decimal.
func DecimalFromInt64(v int64) Decimal {
	var buf [24]byte
	return decimalOf(Number(strconv.AppendInt(buf[:0], v, 10)))
}

// DecimalFromFloat64 returns the shortest decimal that float64 f formats to (as
// json.Marshal writes it: 0.1 for 0.1). NaN and ±Inf are refused with ErrRange.
func DecimalFromFloat64(f float64) (Decimal, error) {
	if !IsFinite(f) {
		return Decimal{}, ErrRange
	}
	var buf [32]byte
	return decimalOf(Number(AppendFloat(buf[:0], f))), nil
}

// ErrNotDecimal is returned by [DecimalFromRat] for a fraction with no finite decimal
// expansion (1/3).
var ErrNotDecimal = errors.New("wire: fraction has no finite decimal expansion")

// DecimalFromRat returns r exactly as a Decimal: r's denominator must have no prime factor
// but 2 and 5 (1/8 is 0.125), else it returns ErrNotDecimal: nothing is rounded.
func DecimalFromRat(r *big.Rat) (Decimal, error) {
	den := new(big.Int).Set(r.Denom())
	var twos, fives int
	twos = int(den.TrailingZeroBits())
	den.Rsh(den, uint(twos))
	five, q, m := big.NewInt(5), new(big.Int), new(big.Int)
	for {
		q.QuoRem(den, five, m)
		if m.Sign() != 0 {
			break
		}
		den.Set(q)
		fives++
	}
	if den.Cmp(big.NewInt(1)) != 0 {
		return Decimal{}, ErrNotDecimal
	}
	return decimalOf(Number(r.FloatString(max(twos, fives)))), nil
}

// MarshalJSON writes the literal as a JSON number, so that encoding/json keeps it exactly.
func (x Decimal) MarshalJSON() ([]byte, error) { return AppendDecimal(nil, x), nil }

// UnmarshalJSON reads a JSON number literal exactly.
func (x *Decimal) UnmarshalJSON(b []byte) error {
	v, err := ParseDecimal(string(b))
	if err != nil {
		return err
	}
	*x = v
	return nil
}

// MarshalText writes the literal.
func (x Decimal) MarshalText() ([]byte, error) { return AppendDecimal(nil, x), nil }

// UnmarshalText reads a JSON number literal.
func (x *Decimal) UnmarshalText(b []byte) error { return x.UnmarshalJSON(b) }
