package wire

import (
	"errors"
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
