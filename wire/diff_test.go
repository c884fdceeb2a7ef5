package wire

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// documented reports whether err is one of wire's documented refusals of
// input that encoding/json accepts.
func documented(err error) bool {
	return errors.Is(err, ErrDuplicateKey) || errors.Is(err, ErrInvalidUTF8) || errors.Is(err, ErrLoneSurrogate)
}

// checkValid compares Skip+End with json.Valid on in.
func checkValid(t testing.TB, in []byte) {
	t.Helper()
	d := NewDecoder(in)
	err := d.Skip()
	if err == nil {
		err = d.End()
	}
	valid := json.Valid(in)
	switch {
	case err == nil && !valid:
		t.Errorf("Skip+End(%q) accepted, json.Valid refuses", in)
	case err != nil && valid && !documented(err):
		t.Errorf("Skip+End(%q) = %v, json.Valid accepts", in, err)
	case err != nil && !valid && documented(err):
		// A documented refusal of invalid JSON is fine only if the rest is
		// invalid too; nothing to check here.
	}
	if err != nil {
		var se *SyntaxError
		var de *DuplicateKeyError
		var we *Error
		if !errors.As(err, &se) && !errors.As(err, &de) && !errors.As(err, &we) {
			t.Errorf("Skip+End(%q) error %T is not a wire error type", in, err)
		}
	}
}

// checkStrings compares every string read by a streaming walk with what
// json.Unmarshal produces for the same document.
func checkStrings(t testing.TB, in []byte) {
	t.Helper()
	var want any
	if json.Unmarshal(in, &want) != nil {
		return
	}
	d := NewDecoder(in)
	got, err := decodeAny(d)
	if err == nil {
		err = d.End()
	}
	if err != nil {
		if !documented(err) {
			t.Errorf("decodeAny(%q) = %v, json.Unmarshal accepts", in, err)
		}
		return
	}
	if !equalJSON(got, want) {
		t.Errorf("decodeAny(%q) = %#v, json.Unmarshal = %#v", in, got, want)
	}
}

// decodeAny decodes like json.Unmarshal into any, with the streaming readers
// (recursively: test documents are shallow).
func decodeAny(d *Decoder) (any, error) {
	switch d.Peek() {
	case KindNull:
		return nil, d.ReadNull()
	case KindBool:
		return d.ReadBool()
	case KindNumber:
		n, err := d.ReadNumber()
		if err != nil {
			return nil, err
		}
		return n.Float64()
	case KindString:
		// Kept, as generated code keeps its strings: every string of the differential
		// corpus goes through ReadKeptString's one-scan path or its fallback.
		return d.ReadKeptString()
	case KindArray:
		if err := d.ArrayStart(); err != nil {
			return nil, err
		}
		a := []any{}
		for {
			ok, err := d.NextElem()
			if err != nil {
				return nil, err
			}
			if !ok {
				return a, nil
			}
			v, err := decodeAny(d)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
	case KindObject:
		if err := d.ObjectStart(); err != nil {
			return nil, err
		}
		m := map[string]any{}
		var seen KeySet
		for {
			k, ok, err := d.NextKey()
			if err != nil {
				return nil, err
			}
			if !ok {
				return m, nil
			}
			if seen.Add(k) {
				return nil, &DuplicateKeyError{Offset: d.Offset(), Key: string(k)}
			}
			key := string(k)
			v, err := decodeAny(d)
			if err != nil {
				return nil, err
			}
			m[key] = v
		}
	}
	return nil, d.Skip() // reports the syntax error
}

func equalJSON(a, b any) bool {
	switch a := a.(type) {
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !equalJSON(a[i], b[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, v := range a {
			if w, ok := b[k]; !ok || !equalJSON(v, w) {
				return false
			}
		}
		return true
	}
	return a == b
}

// corpus is a set of valid and invalid documents for the differential tests
// and the fuzz seeds.
var corpus = []string{
	`{"type":"chat","id":"e1","room":"r","seq":3,"from":"ann","text":"hi","sent_at":"2026-01-02T03:04:05Z"}`,
	`{"type":"snapshot","ref":"q1","room":"r","seq":0,"messages":[{"type":"chat","id":"e1","seq":1},{"type":"chat","id":"e2","seq":2}]}`,
	`null`, `true`, `false`, `0`, `-0`, `1.5e-3`, `1E400`, `""`, `"\u0000"`, `[]`, `{}`, ` [ ] `,
	`[1,2,3]`, `{"a":[{"b":null}]}`, `"\ud83d\ude00"`, `"\/\b\f\n\r\t\"\\"`, `"é😀"`,
	`[-0.0e+0, 1e-0, 123456789012345678901234567890]`,
	"\t\r\n{ \"a\" :\n1 }\n",
	// Documented refusals of valid JSON.
	`{"a":1,"a":2}`, `{"a":1,"\u0061":2}`, `[{"x":{"y":1,"y":1}}]`, "\"\xff\"", "\"\xed\xa0\x80\"",
	`"\ud800"`, `"\udc00"`, `"\ud800\ud800"`, `"\ud800x"`, `{"\ud800":1}`,
	// Invalid JSON.
	``, ` `, `{`, `}`, `[`, `]`, `[1,]`, `{"a":1,}`, `{"a"}`, `{"a":}`, `{1:1}`, `{'a':1}`,
	`01`, `-`, `1.`, `.5`, `1e`, `1e+`, `+1`, `0x1`, `NaN`, `Infinity`, `tru`, `nulll`,
	`"abc`, `"\x"`, `"\u12"`, "\"a\nb\"", "\"\x1f\"", `[1 2]`, `{"a":1 "b":2}`, `1 2`,
	`[}`, `{]`, `{"a":1]`, "\ufeff{}", `{"a":1}}`, `[[]`, `"\ud800\uzzzz"`, "[\"a\"\xff]",
	strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
	strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
	strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5000),
}

func TestDifferentialValid(t *testing.T) {
	for _, in := range corpus {
		checkValid(t, []byte(in))
		if len(in) < 1000 {
			checkStrings(t, []byte(in))
		}
	}
}

func TestDifferentialStrings(t *testing.T) {
	// Every escape of every code point of the BMP boundaries and beyond.
	for _, r := range []rune{0, 0x1f, 0x20, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xfffe, 0xffff, 0x10000, 0x10ffff} {
		raw := string(r)
		esc, _ := json.Marshal(raw)
		for _, in := range [][]byte{esc, []byte(`"` + jsonUEscape(r) + `"`)} {
			checkValid(t, in)
			checkStrings(t, in)
		}
	}
}

// jsonUEscape writes r as \uXXXX escapes (a surrogate pair above the BMP).
func jsonUEscape(r rune) string {
	const h = "0123456789abcdef"
	u := func(v rune) string {
		return `\u` + string([]byte{h[v>>12&15], h[v>>8&15], h[v>>4&15], h[v&15]})
	}
	if r >= 0x10000 {
		r -= 0x10000
		return u(0xd800+r>>10) + u(0xdc00+r&0x3ff)
	}
	return u(r)
}
