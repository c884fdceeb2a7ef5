package wire

import "unicode/utf8"

// strPlain[c] is true for bytes that stand for themselves inside a JSON
// string: printable ASCII other than '"' and '\\'.
var strPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// readStr consumes the string whose opening quote is at d.pos and returns
// its unescaped contents: a subslice of the input when it has no escape,
// otherwise the contents appended to buf (the tail of buf it returns). It
// returns buf (possibly grown) for reuse.
func (d *Decoder) readStr(buf []byte) (s, nbuf []byte, err error) {
	data := d.data
	start := d.pos + 1
	i, mark := start, start
	base := len(buf)
	escaped := false
	for {
		for i < len(data) && strPlain[data[i]] {
			i++
		}
		if i >= len(data) {
			return nil, buf, d.syntax(d.pos, "unterminated string")
		}
		switch c := data[i]; {
		case c == '"':
			d.pos = i + 1
			if !escaped {
				return data[start:i:i], buf, nil
			}
			buf = append(buf, data[mark:i]...)
			return buf[base:len(buf):len(buf)], buf, nil
		case c == '\\':
			r, n, err := d.escape(i)
			if err != nil {
				return nil, buf, err
			}
			escaped = true
			buf = append(buf, data[mark:i]...)
			buf = utf8.AppendRune(buf, r)
			i += n
			mark = i
		case c < 0x20:
			return nil, buf, d.syntax(i, "control character in string")
		default:
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n == 1 {
				return nil, buf, &Error{Offset: i, Err: ErrInvalidUTF8}
			}
			i += n
		}
	}
}

// skipStr validates the string whose opening quote is at d.pos and moves
// past it. It reports whether the string has an escape.
func (d *Decoder) skipStr() (escaped bool, err error) {
	data := d.data
	i := d.pos + 1
	for {
		for i < len(data) && strPlain[data[i]] {
			i++
		}
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
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n == 1 {
				return false, &Error{Offset: i, Err: ErrInvalidUTF8}
			}
			i += n
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
