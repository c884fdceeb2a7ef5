package wire

import (
	"math"
	"math/bits"
	"strconv"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string, escaped byte for byte as
// json.Marshal escapes it except for HTML: \" \\ \b \f \n \r \t, other
// control characters as \u00XX, U+2028 and U+2029 as \u2028 and \u2029, and
// each byte of invalid UTF-8 as \ufffd. '<', '>' and '&' stand for themselves,
// as json.Encoder writes them after SetEscapeHTML(false) and as encoding/json/v2
// writes them by default: a frame is read by a JSON parser, never pasted into a
// page, and "a < b && c" costs 5 bytes less per character and a shorter scan.
func AppendString(dst []byte, s string) []byte {
	dst, _ = AppendStringUTF8(dst, s)
	return dst
}

// AppendStringUTF8 is [AppendString] that also reports whether s is valid UTF-8 (when it
// is not, each invalid byte was written as \ufffd), for an encoder that refuses such a
// string without a second pass over it.
func AppendStringUTF8(dst []byte, s string) ([]byte, bool) {
	return AppendStringRest(append(dst, '"'), s)
}

// AppendStringRest is [AppendStringUTF8] without the opening quote, for a caller that
// wrote it with what comes before (a member name, `"name":"`): one append less.
func AppendStringRest(dst []byte, s string) ([]byte, bool) {
	l, n := len(dst), len(s)
	if cap(dst)-l <= n {
		return appendStringGrow(dst, s)
	}
	// Room for s and the closing quote: copy eight bytes at a time as they are checked,
	// so a plain string (ids, names, times, most text) is scanned and copied in one pass
	// with no call to memmove. Any byte that needs escaping (below 0x20, '"', '\\') or
	// a check (non-ASCII) sends the rest to appendStringFrom, which appends after dst.
	out := dst[l : l+n+1]
	i := 0
	for ; i+8 <= n; i += 8 {
		x := load64(s[i : i+8])
		if t := strMask(x); t != 0 {
			return appendStringFrom(dst, s, i+bits.TrailingZeros64(t)/8)
		}
		putUint64(out[i:i+8], x)
	}
	switch {
	case i == n:
	case n >= 8:
		// The last 1 to 7 bytes: the eight bytes that end s, the first ones again.
		x := load64(s[n-8 : n])
		if t := strMask(x); t != 0 {
			return appendStringFrom(dst, s, n-8+bits.TrailingZeros64(t)/8)
		}
		putUint64(out[n-8:n], x)
	case n >= 4:
		// Four to seven bytes: the first four and the last four, overlapping.
		lo, hi := load32(s[:4]), load32(s[n-4:n])
		if strMask(uint64(lo)|uint64(hi)<<32) != 0 {
			return appendStringFrom(dst, s, 0)
		}
		putUint32(out[:4], lo)
		putUint32(out[n-4:n], hi)
	default:
		for ; i < n; i++ {
			c := s[i]
			if !strPlain[c] {
				return appendStringFrom(dst, s, i)
			}
			out[i] = c
		}
	}
	out[n] = '"'
	return dst[:l+n+1], true
}

// appendStringGrow is AppendStringRest when dst has no room for s: scan, then append.
func appendStringGrow(dst []byte, s string) ([]byte, bool) {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if t := strMask(load64(s[i : i+8])); t != 0 {
			return appendStringFrom(dst, s, i+bits.TrailingZeros64(t)/8)
		}
	}
	for i < len(s) && strPlain[s[i]] {
		i++
	}
	if i == len(s) {
		return append(append(dst, s...), '"'), true
	}
	return appendStringFrom(dst, s, i)
}

// load64 returns the eight bytes of w (len(w) == 8) as a little-endian word: one bounds
// check, and the compiler combines the loads into one.
func load64(w string) uint64 {
	_ = w[7]
	return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
}

func load32(w string) uint32 {
	_ = w[3]
	return uint32(w[0]) | uint32(w[1])<<8 | uint32(w[2])<<16 | uint32(w[3])<<24
}

func putUint64(b []byte, x uint64) {
	_ = b[7]
	b[0], b[1], b[2], b[3] = byte(x), byte(x>>8), byte(x>>16), byte(x>>24)
	b[4], b[5], b[6], b[7] = byte(x>>32), byte(x>>40), byte(x>>48), byte(x>>56)
}

func putUint32(b []byte, x uint32) {
	_ = b[3]
	b[0], b[1], b[2], b[3] = byte(x), byte(x>>8), byte(x>>16), byte(x>>24)
}

// appendStringFrom is AppendStringUTF8 after the opening quote, for s whose bytes
// before i are plain and whose byte at i is not: escapes and multi-byte sequences, out
// of line so that the plain path stays small. Its scan repeats AppendStringRest's: the
// decoder's plainRun over a []byte view of s measured 7 % slower on Encode/snapshot.
func appendStringFrom(dst []byte, s string, i int) ([]byte, bool) {
	valid := true
	start := 0
	for i < len(s) {
		for i+8 <= len(s) {
			if t := strMask(load64(s[i : i+8])); t != 0 {
				i += bits.TrailingZeros64(t) / 8
				goto special
			}
			i += 8
		}
		for i < len(s) && strPlain[s[i]] {
			i++
		}
		if i >= len(s) {
			break
		}
	special:
		c := s[i]
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		// Valid multi-byte sequences other than U+2028 and U+2029 stand for themselves:
		// checked inline, the common case of accented text and emoji.
		if c >= 0xc2 && c < 0xe0 && i+1 < len(s) && s[i+1]&0xc0 == 0x80 {
			i += 2
			continue
		}
		if c >= 0xe0 && c < 0xf0 && i+2 < len(s) && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80 &&
			!(c == 0xe0 && s[i+1] < 0xa0) && // overlong
			!(c == 0xed && s[i+1] >= 0xa0) && // surrogate
			!(c == 0xe2 && s[i+1] == 0x80 && s[i+2]&0xfe == 0xa8) { // U+2028, U+2029
			i += 3
			continue
		}
		if c >= 0xf0 && c < 0xf5 && i+3 < len(s) && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80 &&
			s[i+3]&0xc0 == 0x80 && !(c == 0xf0 && s[i+1] < 0x90) && !(c == 0xf4 && s[i+1] >= 0x90) {
			i += 4 // not overlong, not above U+10FFFF: an emoji
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			valid = false
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += n
			continue
		}
		i += n
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"'), valid
}

// AppendInt appends v in decimal.
func AppendInt(dst []byte, v int64) []byte {
	if uint64(v) < 1e8 {
		return appendSmall(dst, uint32(v))
	}
	return strconv.AppendInt(dst, v, 10)
}

// digitPairs holds "00" to "99".
const digitPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839" +
	"404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

// appendSmall appends u < 1e8, the sequence numbers and counts of most frames, written
// in place two digits at a time: no scratch array and copy, as strconv's has, which was
// a fifth of the time of a 6-digit number.
func appendSmall(dst []byte, u uint32) []byte {
	n := 1
	for p := uint32(10); n < 8 && u >= p; p *= 10 {
		n++
	}
	l := len(dst)
	if cap(dst)-l >= n {
		dst = dst[:l+n]
	} else {
		dst = append(dst, "00000000"[:n]...)
	}
	b := dst[l : l+n]
	for u >= 100 {
		q := u / 100
		r := (u - q*100) * 2
		n -= 2
		b[n], b[n+1] = digitPairs[r], digitPairs[r+1]
		u = q
	}
	if u >= 10 {
		b[0], b[1] = digitPairs[2*u], digitPairs[2*u+1]
	} else {
		b[0] = byte('0' + u)
	}
	return dst
}

// AppendBool appends true or false.
func AppendBool(dst []byte, v bool) []byte {
	if v {
		return append(dst, "true"...)
	}
	return append(dst, "false"...)
}

// AppendFloat appends v formatted exactly as json.Marshal formats a float64:
// the shortest representation that round-trips, in plain notation for
// 1e-6 <= |v| < 1e21 and exponent notation (1e+21, 1e-7) otherwise.
//
// JSON has no NaN or infinity and json.Marshal refuses them; AppendFloat
// cannot return an error, so it appends null for them. An encoder that must
// refuse them checks first ([IsFinite]).
func AppendFloat(dst []byte, v float64) []byte {
	if !IsFinite(v) {
		return append(dst, "null"...)
	}
	abs := math.Abs(v)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, v, format, -1, 64)
	if format == 'e' {
		// 1e-07 → 1e-7, as encoding/json does.
		n := len(dst)
		if n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}

// IsFinite reports whether v is neither NaN nor ±Inf, that is whether JSON
// can represent it.
func IsFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
