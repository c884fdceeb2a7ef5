package clip

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestQuote(t *testing.T) {
	long := strings.Repeat("a", 1<<20)
	for _, tt := range []struct{ in, want string }{
		{"", `""`},
		{"chat", `"chat"`},
		{"a\nb", `"a\nb"`},
		{strings.Repeat("x", MaxInput), `"` + strings.Repeat("x", MaxInput) + `"`},
		{long, `"` + strings.Repeat("a", MaxInput) + `"… (1048576 bytes)`},
		// Cut before the 3-byte "€" that would straddle byte 64.
		{strings.Repeat("a", 63) + "€€", `"` + strings.Repeat("a", 63) + `"… (69 bytes)`},
		// 64 control characters quote to 256 bytes: half of them are kept.
		{strings.Repeat("\x01", 64), `"` + strings.Repeat(`\x01`, 32) + `"… (64 bytes)`},
	} {
		if got := Quote(tt.in); got != tt.want {
			t.Errorf("Quote(%.80q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"1.5", "1.5"},
		{`{"a":` + "\n" + `1}`, `{"a":\n1}`},
		{"\xff", `\xff`},
		{strings.Repeat("9", 1000), strings.Repeat("9", MaxInput) + "… (1000 bytes)"},
	} {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%.80q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPointer(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"/a/0/b~1c", "/a/0/b~1c"},
		{"/extra/" + strings.Repeat("k", 1<<20), "/extra/" + strings.Repeat("k", MaxInput) + "… (1048576 bytes)"},
		{"/extra/" + strings.Repeat("k", MaxInput) + "… (1048576 bytes)/x", "/extra/" + strings.Repeat("k", MaxInput) + "… (1048576 bytes)/x"},
		{"/a" + strings.Repeat("/0", 10000) + "/x", "/a/…(9937 more)" + strings.Repeat("/0", 63) + "/x"},
	} {
		if got := Pointer(tt.in); got != tt.want {
			t.Errorf("Pointer(%.80q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestBounded: for random strings of any bytes and length, the quoted forms stay bounded,
// are valid UTF-8 and hold no raw newline.
func TestBounded(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "\n", "\x00", "\xff", "€", "\"", "/", "~", "\u2028", "𝄞", "\\"}
	for i := 0; i < 2000; i++ {
		var b strings.Builder
		n := r.IntN(600)
		if i%100 == 0 {
			n = 100000
		}
		for j := 0; j < n; j++ {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		s := b.String()
		for name, f := range map[string]func(string) string{"Quote": Quote, "Text": Text, "Pointer": func(s string) string { return Pointer("/" + s) }} {
			got := f(s)
			if len(got) > 2*MaxPointer {
				t.Fatalf("%s of %d bytes = %d bytes: %q", name, len(s), len(got), got)
			}
			if !utf8.ValidString(got) || strings.ContainsAny(got, "\n\r\u2028") {
				t.Fatalf("%s(%q) = %q: invalid UTF-8 or a line break", name, s, got)
			}
		}
	}
}
