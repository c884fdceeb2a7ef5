package wire

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestErrorPointer(t *testing.T) {
	deep := strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1)
	for _, tt := range []struct {
		name, in, ptr string
		want          error
	}{
		{"valid", `{"a":[1,{"b":"c"}],"d":null}`, "", nil},
		{"duplicate at the root", `{"a":1,"a":2}`, "/a", ErrDuplicateKey},
		{"duplicate nested", `{"x":1,"comment":{"a":1,"b":{},"a":2}}`, "/comment/a", ErrDuplicateKey},
		{"duplicate escaped name", `{"c":{"a":1,"\u0061":2}}`, "/c/a", ErrDuplicateKey},
		{"duplicate in an array element", `[0,{"k":[{"z":1,"z":1}]}]`, "/1/k/0/z", ErrDuplicateKey},
		{"same name in sibling objects", `[{"a":1},{"a":2},{"a":3,"a":4}]`, "/2/a", ErrDuplicateKey},
		{"pointer escapes", `{"a/b":{"m~n":{"q":1,"q":2}}}`, "/a~1b/m~0n/q", ErrDuplicateKey},
		{"invalid UTF-8 in a value", "{\"a\":{\"b\":[\"ok\",\"\xff\"]}}", "/a/b/1", ErrInvalidUTF8},
		{"invalid UTF-8 in a name", "{\"a\":{\"\xff\":1}}", "/a", ErrInvalidUTF8},
		{"lone surrogate", `{"a":"\ud800"}`, "/a", ErrLoneSurrogate},
		{"empty name", `{"":{"x":1,"x":2}}`, "//x", ErrDuplicateKey},
		{"too deep", `{"a":` + deep + `}`, "/a" + strings.Repeat("/0", MaxDepth-1), ErrTooDeep},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ptr, err := ErrorPointer([]byte(tt.in))
			if ptr != tt.ptr || !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("ErrorPointer(%.40q) = %q, %v; want %q, %v", tt.in, ptr, err, tt.ptr, tt.want)
			}
		})
	}
}

func TestErrorPointerOffsetsAgreeWithSkip(t *testing.T) {
	for _, in := range []string{
		`{"a":{"b":1, "b":2}}`, "[1,\"\xc0\"]", `{"x":[{"y":"\udc00"}]}`, `{"a":1,"b":{"a":1,"a":1}}`,
	} {
		var d Decoder
		d.Reset([]byte(in))
		skipErr := d.Skip()
		_, err := ErrorPointer([]byte(in))
		if skipErr == nil || err == nil || skipErr.Error() != err.Error() {
			t.Errorf("ErrorPointer(%q) error %v, Skip error %v: want the same error", in, err, skipErr)
		}
	}
}

func TestErrorPointerSyntax(t *testing.T) {
	for _, tt := range []struct{ in, ptr string }{
		{`{"a":[1,}`, "/a/1"},
		{`{"a":{"b":tru}}`, "/a/b"},
		{`{"a" 1}`, ""},
	} {
		ptr, err := ErrorPointer([]byte(tt.in))
		var se *SyntaxError
		if !errors.As(err, &se) || ptr != tt.ptr {
			t.Errorf("ErrorPointer(%q) = %q, %v; want %q and a *SyntaxError", tt.in, ptr, err, tt.ptr)
		}
	}
}

func TestIntID(t *testing.T) {
	for _, tt := range []struct {
		s      string
		lo, hi int64
		want   int64 // -1: any value in range other than a parse of s
	}{
		{"42", 1, 1 << 53, 42},
		{"1", 1, 10, 1},
		{"10", 1, 10, 10},
		{"11", 1, 10, -1},
		{"0", 1, 10, -1},
		{"-5", -10, -1, -5},
		{"abc", 1, 1000, -1},
		{"", 1, 1000, -1},
		{"x", 5, 5, 5},
		{"x", 7, 3, 7},
		{"9223372036854775807", -9223372036854775808, 9223372036854775807, 9223372036854775807},
	} {
		got := IntID(tt.s, tt.lo, tt.hi)
		hi := tt.hi
		if hi < tt.lo {
			hi = tt.lo
		}
		if got < tt.lo || got > hi || (tt.want >= 0 && got != tt.want) || got != IntID(tt.s, tt.lo, tt.hi) {
			t.Errorf("IntID(%q, %d, %d) = %d, want %d in range and stable", tt.s, tt.lo, tt.hi, got, tt.want)
		}
	}
	seen := map[int64]bool{}
	for i := 0; i < 1000; i++ {
		seen[IntID("id-"+strconv.Itoa(i), 1, 1<<53-1)] = true
	}
	if len(seen) != 1000 {
		t.Errorf("IntID gave %d distinct ids for 1000 distinct texts", len(seen))
	}
	if v := IntID("text", -9223372036854775808, 9223372036854775807); v == 0 {
		t.Errorf("IntID over the whole int64 range = 0, want the hash")
	}
}
