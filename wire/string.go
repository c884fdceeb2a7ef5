package wire

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// strPlain[c] is true for bytes that stand for themselves inside a JSON
// string: printable ASCII other than '"' and '\\'.
var strPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// strMask returns the high bits of the lanes (bytes, little-endian) of x
// that are below 0x20, '"', '\\' or non-ASCII; a borrow may also flag lanes
// above such a lane, never below, so the lowest flagged lane is exact.
func strMask(x uint64) uint64 {
	return ((x - 0x20*lsb) | ((x ^ '"'*lsb) - lsb) | ((x ^ '\\'*lsb) - lsb) | x) & msb
}

// plainRun returns the index of the first byte at or after i that is not
// strPlain (or len(data)). It tests eight bytes at a time: a byte below 0x20,
// '"', '\\' or with the high bit set turns on the high bit of its lane
// (borrows may flag a later lane too, never an earlier one, so the lowest flag
// is the answer). Bytewise only for the last seven bytes of data.
func plainRun(data []byte, i int) int {
	for i+8 <= len(data) {
		if t := strMask(binary.LittleEndian.Uint64(data[i:])); t != 0 {
			return i + bits.TrailingZeros64(t)/8
		}
		i += 8
	}
	for i < len(data) && strPlain[data[i]] {
		i++
	}
	return i
}

// shortEsc[c] is the byte the two-byte escape '\\' c stands for, or 0 when c does not
// make one ('u' starts a six-byte escape; the rest are errors).
var shortEsc = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// validUTF8 moves past the valid multi-byte UTF-8 sequences starting at i
// and returns the index of the first ASCII byte, the end of data, or the
// start of an invalid sequence. Two-, three- and four-byte sequences (accented
// text, punctuation, emoji) are checked inline; utf8.DecodeRune sees the rest.
func validUTF8(data []byte, i int) int {
	for i < len(data) && data[i] >= utf8.RuneSelf {
		c := data[i]
		if c >= 0xc2 && c < 0xe0 && i+1 < len(data) && data[i+1]&0xc0 == 0x80 {
			i += 2
			continue
		}
		if c >= 0xe0 && c < 0xf0 && i+2 < len(data) && data[i+1]&0xc0 == 0x80 && data[i+2]&0xc0 == 0x80 &&
			!(c == 0xe0 && data[i+1] < 0xa0) && !(c == 0xed && data[i+1] >= 0xa0) {
			i += 3 // not overlong, not a surrogate
			continue
		}
		if c >= 0xf0 && c < 0xf5 && i+3 < len(data) && data[i+1]&0xc0 == 0x80 && data[i+2]&0xc0 == 0x80 &&
			data[i+3]&0xc0 == 0x80 && !(c == 0xf0 && data[i+1] < 0x90) && !(c == 0xf4 && data[i+1] >= 0x90) {
			i += 4 // not overlong, not above U+10FFFF: an emoji
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return i
}

// readStr consumes the string whose opening quote is at d.pos and returns
// its unescaped contents: a subslice of the input when it has no escape,
// otherwise the contents appended to buf (the tail of buf it returns). It
// returns buf (possibly grown) for reuse.
func (d *Decoder) readStr(buf []byte) (s, nbuf []byte, err error) {
	return d.readStrAt(buf, d.pos+1)
}

// readStrAt is readStr when the bytes of the string before i are known to be plain.
func (d *Decoder) readStrAt(buf []byte, i int) (s, nbuf []byte, err error) {
	data := d.data
	start := d.pos + 1
	mark := start
	base := len(buf)
	escaped := false
	for {
		i = plainRun(data, i)
		if i >= len(data) {
			return nil, buf, d.syntax(d.pos, "unterminated string")
		}
		switch c := data[i]; {
		case c == '"':
			d.strStart, d.strEnd, d.strEsc = d.pos, i+1, escaped
			d.pos = i + 1
			if !escaped {
				return data[start:i:i], buf, nil
			}
			buf = append(buf, data[mark:i]...)
			return buf[base:len(buf):len(buf)], buf, nil
		case c == '\\':
			escaped = true
			buf = append(buf, data[mark:i]...)
			if i+1 < len(data) && shortEsc[data[i+1]] != 0 {
				buf = append(buf, shortEsc[data[i+1]])
				i += 2
			} else {
				r, n, err := d.escape(i)
				if err != nil {
					return nil, buf, err
				}
				buf = utf8.AppendRune(buf, r)
				i += n
			}
			mark = i
		case c < 0x20:
			return nil, buf, d.syntax(i, "control character in string")
		default:
			if i = validUTF8(data, i); i < len(data) && data[i] >= utf8.RuneSelf {
				return nil, buf, &Error{Offset: i, Err: ErrInvalidUTF8}
			}
		}
	}
}

// skipStr validates the string whose opening quote is at d.pos and moves
// past it. It reports whether the string has an escape.
func (d *Decoder) skipStr() (escaped bool, err error) {
	data := d.data
	i := d.pos + 1
	for {
		i = plainRun(data, i)
		if i >= len(data) {
			return false, d.syntax(d.pos, "unterminated string")
		}
		switch c := data[i]; {
		case c == '"':
			d.pos = i + 1
			return escaped, nil
		case c == '\\':
			_, n, err := d.escape(i)
			if err != nil {
				return false, err
			}
			escaped = true
			i += n
		case c < 0x20:
			return false, d.syntax(i, "control character in string")
		default:
			if i = validUTF8(data, i); i < len(data) && data[i] >= utf8.RuneSelf {
				return false, &Error{Offset: i, Err: ErrInvalidUTF8}
			}
		}
	}
}

// escape decodes the escape sequence whose backslash is at i, returning the
// rune and the sequence's length. A \u escape of a high surrogate must be
// followed by a \u escape of a low surrogate; the pair is one rune.
func (d *Decoder) escape(i int) (rune, int, error) {
	data := d.data
	if i+1 >= len(data) {
		return 0, 0, d.syntax(i, "unterminated escape")
	}
	switch data[i+1] {
	case '"', '\\', '/':
		return rune(data[i+1]), 2, nil
	case 'b':
		return '\b', 2, nil
	case 'f':
		return '\f', 2, nil
	case 'n':
		return '\n', 2, nil
	case 'r':
		return '\r', 2, nil
	case 't':
		return '\t', 2, nil
	case 'u':
		r, ok := hex4(data, i+2)
		if !ok {
			return 0, 0, d.syntax(i, `invalid \u escape`)
		}
		switch {
		case r < 0xd800 || r > 0xdfff:
			return r, 6, nil
		case r >= 0xdc00:
			return 0, 0, &Error{Offset: i, Err: ErrLoneSurrogate}
		}
		if i+7 < len(data) && data[i+6] == '\\' && data[i+7] == 'u' {
			r2, ok := hex4(data, i+8)
			if !ok {
				return 0, 0, d.syntax(i+6, `invalid \u escape`)
			}
			if r2 >= 0xdc00 && r2 <= 0xdfff {
				return 0x10000 + (r-0xd800)<<10 + (r2 - 0xdc00), 12, nil
			}
		}
		return 0, 0, &Error{Offset: i, Err: ErrLoneSurrogate}
	}
	return 0, 0, d.syntax(i, "invalid escape character")
}

func hex4(data []byte, i int) (rune, bool) {
	if i+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
