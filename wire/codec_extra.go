package wire

import (
	"bytes"
	"sort"
	"strconv"

	"github.com/wsgen/wsgen/internal/jsonnum"
	"github.com/wsgen/wsgen/internal/jsonptr"
)

// This file is added by the codec (package gen) for checks that generated code makes on
// whole JSON values: enum and const on objects, arrays or mixed-kind values, and
// uniqueItems. It is not on the hot path of typical messages.

// AppendCanonical reads the next value from d and appends its canonical JSON form to
// dst: object members sorted by name (by their unescaped bytes), strings re-encoded with
// [AppendString], numbers as [AppendCanonicalNumber], no whitespace. Two JSON values are
// equal in JSON Schema's sense (1 equals 1.0, member order does not matter) exactly when
// their canonical forms are equal. The value must be well-formed; AppendCanonical
// returns the reader's error otherwise.
func AppendCanonical(dst []byte, d *Decoder) ([]byte, error) {
	switch d.Peek() {
	case KindObject:
		if err := d.ObjectStart(); err != nil {
			return dst, err
		}
		type kv struct{ k, v []byte }
		var members []kv
		for {
			key, ok, err := d.NextKey()
			if err != nil {
				return dst, err
			}
			if !ok {
				break
			}
			k := AppendString(nil, string(key))
			v, err := AppendCanonical(nil, d)
			if err != nil {
				return dst, err
			}
			members = append(members, kv{k, v})
		}
		sort.Slice(members, func(i, j int) bool { return bytes.Compare(members[i].k, members[j].k) < 0 })
		dst = append(dst, '{')
		for i, m := range members {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(append(append(dst, m.k...), ':'), m.v...)
		}
		return append(dst, '}'), nil
	case KindArray:
		if err := d.ArrayStart(); err != nil {
			return dst, err
		}
		dst = append(dst, '[')
		for i := 0; ; i++ {
			more, err := d.NextElem()
			if err != nil {
				return dst, err
			}
			if !more {
				break
			}
			if i > 0 {
				dst = append(dst, ',')
			}
			if dst, err = AppendCanonical(dst, d); err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	case KindString:
		s, err := d.ReadStringBytes()
		if err != nil {
			return dst, err
		}
		return AppendString(dst, string(s)), nil
	case KindNumber:
		n, err := d.ReadNumber()
		if err != nil {
			return dst, err
		}
		return AppendCanonicalNumber(dst, n), nil
	case KindBool:
		v, err := d.ReadBool()
		if err != nil {
			return dst, err
		}
		return AppendBool(dst, v), nil
	default:
		if err := d.ReadNull(); err != nil {
			return dst, err
		}
		return append(dst, "null"...), nil
	}
}

// Canonical returns the canonical form of the JSON value raw (see [AppendCanonical]).
func Canonical(raw []byte) (string, error) {
	var d Decoder
	d.Reset(raw)
	b, err := AppendCanonical(nil, &d)
	if err != nil {
		return "", err
	}
	if err := d.End(); err != nil {
		return "", err
	}
	return string(b), nil
}

// AppendCanonicalNumber appends the canonical form of a valid number literal: an
// optional "-", the significant digits without leading or trailing zeros, "e" and the
// decimal exponent; zero is "0". 1, 1.0 and 10e-1 all give "1e0", 0.07 gives "7e-2".
// schema.CanonicalNumber is the same function, so schema enum values and wire values
// compare by equal keys.
func AppendCanonicalNumber(dst []byte, n Number) []byte {
	return jsonnum.AppendCanonical(dst, []byte(n))
}

// Since returns the input from offset start (an earlier [Decoder.Offset]) to the current
// position: call Peek (which skips whitespace), note Offset, read a value, then Since
// gives that value's bytes. The result aliases the input.
func (d *Decoder) Since(start int) []byte {
	if start < 0 || start > d.pos {
		return nil
	}
	return d.data[start:d.pos:d.pos]
}

// Valid reports whether raw is exactly one well-formed JSON value (with the refusals of
// [Decoder.Skip]: duplicate names, invalid UTF-8, lone surrogates), surrounding
// whitespace allowed.
func Valid(raw []byte) bool {
	var d Decoder
	d.Reset(raw)
	return d.Skip() == nil && d.End() == nil
}

// ErrorPointer reads the JSON value data holds, descending into every object and array,
// and returns the first error found — a [*SyntaxError], a [*DuplicateKeyError], or an
// [*Error] (invalid UTF-8, lone surrogate, nesting too deep) — with the JSON pointer of
// where it is: the value holding the bad string, the member whose name is repeated
// ("/a/b" for {"a":{"b":1,"b":2}}), the value nested too deep, or the innermost value
// being read when the syntax broke (member names that cannot be read give their
// object's pointer). It returns "" and nil for a valid value.
//
// Generated code calls it only on its error path, to give a refusal found inside a value
// it keeps as raw bytes the exact pointer rather than the raw value's own. It does not
// recurse on nesting.
func ErrorPointer(data []byte) (pointer string, err error) {
	type level struct {
		obj  bool
		has  bool   // tok is set: a member or element is being read
		tok  string // the current member name (escaped) or element index
		idx  int
		seen map[string]struct{}
	}
	var stack []level
	path := func(extra ...string) string {
		var b []byte
		for _, l := range stack {
			if l.has {
				b = append(append(b, '/'), l.tok...)
			}
		}
		for _, e := range extra {
			b = append(append(b, '/'), e...)
		}
		return string(b)
	}
	var d Decoder
	d.Reset(data)
	for {
		switch d.Peek() {
		case KindObject:
			if err := d.ObjectStart(); err != nil {
				return path(), err
			}
			stack = append(stack, level{obj: true})
		case KindArray:
			if err := d.ArrayStart(); err != nil {
				return path(), err
			}
			stack = append(stack, level{idx: -1})
		default:
			if err := d.Skip(); err != nil {
				return path(), err
			}
		}
		// Move to the next value to read, closing finished containers.
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.obj {
				top.has = false
				start := d.Offset()
				key, ok, err := d.NextKey()
				if err != nil {
					return path(), err
				}
				if !ok {
					stack = stack[:len(stack)-1]
					continue
				}
				if top.seen == nil {
					top.seen = map[string]struct{}{}
				}
				tok := jsonptr.Escape(string(key))
				if _, dup := top.seen[string(key)]; dup {
					return path(tok), &DuplicateKeyError{Offset: keyQuote(data, start), Key: string(key)}
				}
				top.seen[string(key)] = struct{}{}
				top.tok, top.has = tok, true
				break
			}
			top.has = false
			more, err := d.NextElem()
			if err != nil {
				return path(), err
			}
			if !more {
				stack = stack[:len(stack)-1]
				continue
			}
			top.idx++
			top.tok, top.has = strconv.Itoa(top.idx), true
			break
		}
		if len(stack) == 0 {
			if err := d.End(); err != nil {
				return "", err
			}
			return "", nil
		}
	}
}

// keyQuote returns the offset of the opening quote of the member name that starts after
// whitespace and an optional ',' at offset start.
func keyQuote(data []byte, start int) int {
	for i := start; i < len(data); i++ {
		if data[i] == '"' {
			return i
		}
	}
	return start
}
