package wire

import (
	"errors"
	"math/big"
	"strconv"
)

// Number is a JSON number literal as written, such as 3, -0.5 or 1e400.
// [Decoder.ReadNumber] returns Numbers checked against the JSON grammar; a
// Number built by conversion (Number("1.5")) is checked by every method, and
// an invalid one is refused with a [*SyntaxError] (or, from Compare, sorts
// before every valid number).
//
// Its methods and the functions [Compare], [Equal] and [MultipleOf] work on
// the exact decimal value, whatever the size or exponent: 1.0 is an integer,
// 1 equals 1.0 and 10e-1, 0.07 is a multiple of 0.01. They do not allocate
// except on rare slow paths (exponents beyond ±10^15, a MultipleOf divisor of
// more than 18 significant digits), which use math/big. Their time is linear
// in the literal's length, except that slow path.
//
// Generated code keeps schema constants in package-level variables
// (var max = wire.Number("4000")) so that comparing does not convert.
type Number []byte

// decimal is a parsed Number: the value is ±0.d₁d₂…dₙ × 10^E where d are the
// significant digits ip‖fp[lo:hi] and E = exp + len(ip) - lo.
type decimal struct {
	neg    bool
	ip, fp []byte // integer and fraction digits as written
	lo, hi int    // significant digits of ip‖fp (no leading or trailing zeros); lo == hi for zero
	exp    int64  // the literal exponent, if !bigExp
	bigExp bool   // the literal exponent has more than 15 digits
	expLit []byte // the literal exponent with its sign, for the big path
}

const maxSmallExp = 1e15

func (x *decimal) at(i int) byte {
	if i < len(x.ip) {
		return x.ip[i]
	}
	return x.fp[i-len(x.ip)]
}

func (x *decimal) zero() bool { return x.lo == x.hi }
func (x *decimal) n() int     { return x.hi - x.lo }

// sign returns -1, 0 or +1.
func (x *decimal) sign() int {
	switch {
	case x.zero():
		return 0
	case x.neg:
		return -1
	}
	return 1
}

// adjExp returns E (value = 0.digits × 10^E) when !bigExp.
func (x *decimal) adjExp() int64 { return x.exp + int64(len(x.ip)-x.lo) }

// intExp returns P (value = digits × 10^P) when !bigExp.
func (x *decimal) intExp() int64 { return x.exp + int64(len(x.ip)-x.hi) }

// bigExpPlus returns the literal exponent plus adj as a big.Int.
func (x *decimal) bigExpPlus(adj int) *big.Int {
	e := new(big.Int)
	if x.bigExp {
		lit := x.expLit
		if len(lit) > 0 && lit[0] == '+' {
			lit = lit[1:]
		}
		e.SetString(string(lit), 10)
	} else {
		e.SetInt64(x.exp)
	}
	return e.Add(e, big.NewInt(int64(adj)))
}

var errNumberSyntax = &SyntaxError{Reason: "invalid number literal"}

// parse checks the literal against the JSON grammar and splits it.
func (n Number) parse() (x decimal, ok bool) {
	i := 0
	if i < len(n) && n[i] == '-' {
		x.neg = true
		i++
	}
	s := i
	if i < len(n) && n[i] == '0' {
		i++
	} else {
		for i < len(n) && isDigit(n[i]) {
			i++
		}
	}
	if i == s {
		return x, false
	}
	x.ip = n[s:i]
	if i < len(n) && n[i] == '.' {
		i++
		s = i
		for i < len(n) && isDigit(n[i]) {
			i++
		}
		if i == s {
			return x, false
		}
		x.fp = n[s:i]
	}
	if i < len(n) && (n[i] == 'e' || n[i] == 'E') {
		i++
		x.expLit = n[i:]
		neg := false
		if i < len(n) && (n[i] == '+' || n[i] == '-') {
			neg = n[i] == '-'
			i++
		}
		s = i
		for i < len(n) && n[i] == '0' {
			i++
		}
		for i < len(n) && isDigit(n[i]) {
			if x.exp >= maxSmallExp {
				x.bigExp = true
			} else {
				x.exp = x.exp*10 + int64(n[i]-'0')
			}
			i++
		}
		if i == s {
			return x, false
		}
		if neg {
			x.exp = -x.exp
		}
	}
	if i != len(n) {
		return x, false
	}
	total := len(x.ip) + len(x.fp)
	for x.lo < total && x.at(x.lo) == '0' {
		x.lo++
	}
	x.hi = total
	for x.hi > x.lo && x.at(x.hi-1) == '0' {
		x.hi--
	}
	return x, true
}

// IsInteger reports whether n is a mathematical integer: 1, 1.0, 1e2,
// 100E-2 and -0 are; 1.5 and 1e-400 are not. An invalid literal is not.
func (n Number) IsInteger() bool {
	x, ok := n.parse()
	if !ok {
		return false
	}
	return x.isInteger()
}

func (x *decimal) isInteger() bool {
	if x.zero() {
		return true
	}
	if x.bigExp {
		return x.bigExpPlus(len(x.ip)-x.hi).Sign() >= 0
	}
	return x.intExp() >= 0
}

// Int64 returns n as an int64 if n is an integer (see [Number.IsInteger]),
// exactly. It returns [ErrNotInteger] for a fraction and [ErrRange] for an
// integer beyond int64.
func (n Number) Int64() (int64, error) {
	x, ok := n.parse()
	if !ok {
		return 0, errNumberSyntax
	}
	if !x.isInteger() {
		return 0, ErrNotInteger
	}
	if x.zero() {
		return 0, nil
	}
	if x.bigExp || x.adjExp() > 19 {
		return 0, ErrRange
	}
	var u uint64 // < 10^19: cannot overflow
	for i := x.lo; i < x.hi; i++ {
		u = u*10 + uint64(x.at(i)-'0')
	}
	for p := x.intExp(); p > 0; p-- {
		u *= 10
	}
	if x.neg {
		if u > 1<<63 {
			return 0, ErrRange
		}
		return -int64(u), nil
	}
	if u > 1<<63-1 {
		return 0, ErrRange
	}
	return int64(u), nil
}

// Float64 returns the float64 nearest to n, as strconv.ParseFloat does. A
// number beyond float64's range (such as 1e400) is refused with [ErrRange],
// never turned into ±Inf. A number too small for float64 (1e-400) becomes 0,
// as any decimal fraction is rounded to the nearest float64.
func (n Number) Float64() (float64, error) {
	if _, ok := n.parse(); !ok {
		return 0, errNumberSyntax
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, ErrRange
		}
		return 0, errNumberSyntax
	}
	return f, nil
}

// ExactFloat64 returns n as a float64 only when the float64 holds n exactly enough to
// round-trip: formatting the result the shortest way ([AppendFloat]) gives back n's
// exact decimal value. 0.1, 1.0, 5e-324 and 0.30000000000000004 pass;
// 0.12345678901234567 (more significant digits than float64 keeps), 9007199254740993
// (2^53+1), 1e-400 (underflow to 0) and 4.9e-324 (underflow to the subnormal 5e-324)
// are refused with an [*InexactError] (errors.Is(err, ErrInexact)); a number beyond
// float64's range with [ErrRange]. Literals of at most 15 significant digits within the
// normal range take a fast path that does not format.
func (n Number) ExactFloat64() (float64, error) {
	x, ok := n.parse()
	if !ok {
		return 0, errNumberSyntax
	}
	f, err := n.Float64()
	if err != nil {
		return 0, err
	}
	// Any decimal of at most 15 significant digits (DBL_DIG) whose magnitude is within
	// float64's normal range round-trips.
	if x.zero() || (!x.bigExp && x.n() <= 15 && x.adjExp() > -307 && x.adjExp() <= 308) {
		return f, nil
	}
	var buf [32]byte
	back := AppendFloat(buf[:0], f)
	if Compare(Number(back), n) != 0 {
		return 0, &InexactError{Literal: string(n), Nearest: string(back)}
	}
	return f, nil
}

// String returns the literal.
func (n Number) String() string { return string(n) }

// Compare compares the exact decimal values of a and b and returns -1, 0 or
// +1. Any size and exponent works: 1e400 > 9.9e399, 1 == 1.0 == 10e-1,
// -0 == 0. An invalid literal sorts before every valid one; two invalid
// literals compare as bytes.
func Compare(a, b Number) int {
	x, okx := a.parse()
	y, oky := b.parse()
	switch {
	case !okx && !oky:
		return cmpBytes(a, b)
	case !okx:
		return -1
	case !oky:
		return 1
	}
	sx, sy := x.sign(), y.sign()
	if sx != sy {
		return cmpInt(sx, sy)
	}
	if sx == 0 {
		return 0
	}
	m := cmpMag(&x, &y)
	if sx < 0 {
		m = -m
	}
	return m
}

// Equal reports whether a and b have the same exact decimal value
// (Compare(a, b) == 0); for JSON Schema enum and const.
func Equal(a, b Number) bool { return Compare(a, b) == 0 }

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpBytes(a, b []byte) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return cmpInt(int(a[i]), int(b[i]))
		}
	}
	return cmpInt(len(a), len(b))
}

// cmpMag compares |x| and |y|, both nonzero.
func cmpMag(x, y *decimal) int {
	var c int
	if x.bigExp || y.bigExp {
		c = x.bigExpPlus(len(x.ip) - x.lo).Cmp(y.bigExpPlus(len(y.ip) - y.lo))
	} else {
		ex, ey := x.adjExp(), y.adjExp()
		switch {
		case ex < ey:
			c = -1
		case ex > ey:
			c = 1
		}
	}
	if c != 0 {
		return c
	}
	nx, ny := x.n(), y.n()
	for i := 0; i < nx && i < ny; i++ {
		if dx, dy := x.at(x.lo+i), y.at(y.lo+i); dx != dy {
			return cmpInt(int(dx), int(dy))
		}
	}
	return cmpInt(nx, ny)
}

// MultipleOf reports whether n / m is an integer, exactly, as JSON Schema's
// multipleOf means: 0.07 is a multiple of 0.01, 1e308 of 1e-308, and
// 12345678901234567891 is not a multiple of 3 (float64 division says all
// three wrongly). m must be greater than zero (JSON Schema
// requires it); otherwise, or for an invalid literal, MultipleOf returns
// false.
func MultipleOf(n, m Number) bool {
	x, okx := n.parse()
	y, oky := m.parse()
	if !okx || !oky || y.sign() <= 0 {
		return false
	}
	if x.zero() {
		return true
	}
	// n = a·10^p, m = b·10^q with a, b free of trailing zeros. n/m is an
	// integer iff k = p-q ≥ 0 (a has no factor 10, so 10^-k cannot divide
	// it) and b | a·10^k, that is b' = b/gcd(a,b) divides 10^k: b' = 2^i·5^j
	// with max(i,j) ≤ k.
	var k int64
	kBig := false
	if x.bigExp || y.bigExp {
		kb := x.bigExpPlus(len(x.ip) - x.hi)
		kb.Sub(kb, y.bigExpPlus(len(y.ip)-y.hi))
		if kb.Sign() < 0 {
			return false
		}
		if kb.IsInt64() && kb.Int64() < 1<<40 {
			k = kb.Int64()
		} else {
			kBig = true
		}
	} else {
		k = x.intExp() - y.intExp()
		if k < 0 {
			return false
		}
	}
	var i, j int64
	if y.n() <= 18 {
		// a mod b digit by digit (r·10+9 < 10^19 fits), so a may be any
		// length; gcd(a, b) = gcd(b, a mod b).
		b := y.digits64()
		var r uint64
		for p := x.lo; p < x.hi; p++ {
			r = (r*10 + uint64(x.at(p)-'0')) % b
		}
		b /= gcd(b, r)
		for b%2 == 0 {
			b /= 2
			i++
		}
		for b%5 == 0 {
			b /= 5
			j++
		}
		if b != 1 {
			return false
		}
	} else {
		a, b := x.digitsBig(), y.digitsBig()
		b.Quo(b, new(big.Int).GCD(nil, nil, a, b))
		tz := b.TrailingZeroBits()
		b.Rsh(b, tz)
		i = int64(tz)
		five, r := big.NewInt(5), new(big.Int)
		q := new(big.Int)
		for {
			q.QuoRem(b, five, r)
			if r.Sign() != 0 {
				break
			}
			b, q = q, b
			j++
		}
		if b.Cmp(big.NewInt(1)) != 0 {
			return false
		}
	}
	return kBig || max(i, j) <= k
}

func (x *decimal) digits64() uint64 {
	var u uint64
	for i := x.lo; i < x.hi; i++ {
		u = u*10 + uint64(x.at(i)-'0')
	}
	return u
}

func (x *decimal) digitsBig() *big.Int {
	buf := make([]byte, 0, x.n())
	for i := x.lo; i < x.hi; i++ {
		buf = append(buf, x.at(i))
	}
	v, _ := new(big.Int).SetString(string(buf), 10)
	return v
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
