package wireimpl_test

import (
	"strconv"
	"testing"
	"unicode/utf8"

	"github.com/wsgen/wsgen/wire"
	"github.com/wsgen/wsgen/wire/wireimpl"
)

// TestStringChecksAgree checks the string checks of both directions against a count of
// code points, on every bound from -1 to 6 around strings whose byte and code point
// lengths differ: Encode (AppendCheckedString, CheckString) refuses exactly what Decode
// (ReadString) refuses, with the same reason, and writes what AppendString writes.
func TestStringChecksAgree(t *testing.T) {
	for _, s := range []string{"", "a", "ab", "é", "éé", "abc", "ééé", "😀", "😀a", "a😀", "€€", "abcd", "ab<>&\"\n", "😀😀"} {
		n := utf8.RuneCountInString(s)
		frame := wire.AppendString(nil, s)
		for min := 0; min <= 6; min++ {
			for max := -1; max <= 6; max++ {
				want := "<nil>"
				switch {
				case max >= 0 && n > max:
					want = "error: string longer than " + characters(max)
				case n < min:
					want = "error: string shorter than " + characters(min)
				}
				b, err := wireimpl.AppendCheckedString([]byte("x"), s, min, max)
				if got := result(nil, err); got != want {
					t.Errorf("AppendCheckedString(%q, %d, %d): %s, want %s", s, min, max, got, want)
				}
				if string(b) != "x"+string(frame) {
					t.Errorf("AppendCheckedString(%q) wrote %s, want x%s", s, b, frame)
				}
				if got := result(nil, wireimpl.CheckString(s, min, max)); got != want {
					t.Errorf("CheckString(%q, %d, %d): %s, want %s", s, min, max, got, want)
				}
				v, err := wireimpl.ReadString(wire.NewDecoder(frame), min, max)
				if got := result(nil, err); got != want || err == nil && v != s {
					t.Errorf("ReadString(%s, %d, %d): %q, %s, want %s", frame, min, max, v, got, want)
				}
			}
		}
	}
}

func characters(n int) string {
	if n == 1 {
		return "1 character"
	}
	return strconv.Itoa(n) + " characters"
}
