package wire

import (
	"encoding/json"
	"math"
	"math/bits"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/internal/jsonstr"
)

// marshalString is s as json.Marshal writes it, except that '<', '>' and '&' are not
// escaped: jsonstr.Quote, the reference the generator writes names and enum values with.
func marshalString(s string) string { return jsonstr.Quote(s) }

func TestAppendStringMatchesMarshal(t *testing.T) {
	var all strings.Builder
	for r := rune(0); r < 0x300; r++ {
		all.WriteRune(r)
	}
	for _, s := range []string{
		"", "hello", `quote " backslash \ slash /`, "\b\f\n\r\t\x00\x01\x1f\x7f",
		"<script>&amp;</script>", "é€😀", "\u2028\u2029", "a\u2028b\u2029c",
		"bad \xff utf8 \xc3", "\xed\xa0\x80", "\ufffd", "\xf4\x90\x80\x80", all.String(),
		strings.Repeat("long plain text ", 100),
	} {
		want := marshalString(s)
		if got := AppendString(nil, s); string(got) != string(want) {
			t.Errorf("AppendString(%q) = %s, want %s", s, got, want)
		}
		if got := AppendString([]byte("x,"), s); string(got) != "x,"+string(want) {
			t.Errorf("AppendString(prefix, %q) = %s", s, got)
		}
	}
}

func TestAppendFloatMatchesMarshal(t *testing.T) {
	for _, f := range []float64{
		0, math.Copysign(0, -1), 1, -1, 0.1, 1.5, 100, 1e6, 1e20, 1e21, 1.5e21, 123456789,
		1e-6, 9.99e-7, 1e-7, 1.23e-10, 5e-324, math.MaxFloat64, -math.MaxFloat64,
		math.SmallestNonzeroFloat64, 1 / 3.0, 2.5e-8, 12345678912345678, 0.000001234,
	} {
		want, _ := json.Marshal(f)
		if got := AppendFloat(nil, f); string(got) != string(want) {
			t.Errorf("AppendFloat(%v) = %s, want %s", f, got, want)
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if IsFinite(f) {
			t.Errorf("IsFinite(%v) = true", f)
		}
		if got := AppendFloat(nil, f); string(got) != "null" {
			t.Errorf("AppendFloat(%v) = %s, want null", f, got)
		}
	}
}

func TestAppendIntBool(t *testing.T) {
	for _, v := range []int64{0, 1, -1, math.MaxInt64, math.MinInt64, 42} {
		want, _ := json.Marshal(v)
		if got := AppendInt(nil, v); string(got) != string(want) {
			t.Errorf("AppendInt(%d) = %s, want %s", v, got, want)
		}
	}
	// Every value to 2e6, and each power of ten and its neighbours, into a buffer
	// with room and into one without.
	vals := []int64{math.MaxInt64, math.MinInt64, -1}
	for p := int64(1); p <= 1e18; p *= 10 {
		vals = append(vals, p-1, p, p+1, -p)
	}
	for v := int64(-100); v < 2e6; v++ {
		vals = append(vals, v)
	}
	room := make([]byte, 2, 32)
	for _, v := range vals {
		want := strconv.FormatInt(v, 10)
		if got := AppendInt([]byte("x"), v); string(got) != "x"+want {
			t.Fatalf("AppendInt(%d) = %s, want x%s", v, got, want)
		}
		if got := AppendInt(room, v); string(got[2:]) != want {
			t.Fatalf("AppendInt(room, %d) = %s, want %s", v, got[2:], want)
		}
	}
	if got := string(AppendBool(AppendBool(nil, true), false)); got != "truefalse" {
		t.Errorf("AppendBool = %s", got)
	}
}

func TestKeySet(t *testing.T) {
	for _, n := range []int{1, 5, 16, 17, 40} {
		var s KeySet
		for round := 0; round < 2; round++ {
			s.Reset()
			for i := 0; i < n; i++ {
				if s.Add([]byte(itoa(i))) {
					t.Fatalf("n=%d: Add(%d) = dup on first add", n, i)
				}
			}
			for i := 0; i < n; i++ {
				if !s.Add([]byte(itoa(i))) {
					t.Fatalf("n=%d: Add(%d) again = not dup", n, i)
				}
			}
			if s.Len() != n {
				t.Fatalf("n=%d: Len = %d", n, s.Len())
			}
		}
	}
	// Add copies: mutating the caller's buffer does not change the set.
	var s KeySet
	buf := []byte("a")
	s.Add(buf)
	buf[0] = 'b'
	if !s.Add([]byte("a")) || s.Add([]byte("b")) {
		t.Errorf("KeySet did not copy its keys")
	}
}

// TestMasks checks the eight-bytes-at-a-time tests: every byte that needs
// attention is flagged, and the lowest flagged lane always needs attention
// (the scanners jump to it).
func TestMasks(t *testing.T) {
	special := []byte{0, 0x1f, 0x20, 0x21, '"', '#', '\\', ']', '<', '>', '&', '=', '?', 0x7f, 0x80, 0xff, 'a', 0x5b, 0x01, 0x3c}
	check := func(x uint64) {
		for _, m := range []struct {
			name  string
			f     func(uint64) uint64
			plain func(byte) bool
		}{
			{"strMask", strMask, func(c byte) bool { return strPlain[c] }},
		} {
			got := m.f(x)
			lowest := -1
			for lane := 0; lane < 8; lane++ {
				c := byte(x >> (8 * lane))
				if !m.plain(c) {
					if got&(0x80<<(8*lane)) == 0 {
						t.Fatalf("%s(%#016x): lane %d (%#02x) not flagged", m.name, x, lane, c)
					}
					if lowest < 0 {
						lowest = lane
					}
				}
			}
			if got != 0 && bits.TrailingZeros64(got)/8 != lowest {
				t.Fatalf("%s(%#016x) = %#016x: lowest flagged lane is not the first special byte %d", m.name, x, got, lowest)
			}
			if got == 0 && lowest >= 0 {
				t.Fatalf("%s(%#016x) = 0 with special lane %d", m.name, x, lowest)
			}
		}
	}
	// Every combination of interesting bytes in two lanes, over a plain or
	// special background, and random words.
	for _, bg := range []byte{'a', 0x20, 0x7e, 0x1f, 0xff} {
		for _, a := range special {
			for _, b := range special {
				for pa := 0; pa < 8; pa++ {
					for pb := 0; pb < 8; pb++ {
						x := uint64(bg) * lsb
						x &^= 0xff << (8 * pa)
						x |= uint64(a) << (8 * pa)
						x &^= 0xff << (8 * pb)
						x |= uint64(b) << (8 * pb)
						check(x)
					}
				}
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200000; i++ {
		x := r.Uint64()
		check(x)
		check(x & 0x7f7f7f7f7f7f7f7f)
		check(x&0x3f3f3f3f3f3f3f3f | 0x2020202020202020)
	}
}

// TestAppendStringMultiByte compares AppendString with marshalString on every two-byte
// sequence and on three- and four-byte sequences around the continuation range (valid, overlong,
// surrogate, U+2028/U+2029, above U+10FFFF, truncated), inside text and at its end.
func TestAppendStringMultiByte(t *testing.T) {
	check := func(s string) {
		want := marshalString(s)
		if got := AppendString(nil, s); string(got) != string(want) {
			t.Fatalf("AppendString(%q) = %s, want %s", s, got, want)
		}
		// With room: the path that copies as it scans.
		if got := AppendString(make([]byte, 0, len(s)+8), s); string(got) != string(want) {
			t.Fatalf("AppendString(room, %q) = %s, want %s", s, got, want)
		}
	}
	for c := 0xc0; c < 0xe0; c++ {
		for c1 := range 256 {
			check(string([]byte{'a', byte(c), byte(c1)}))
			check(string([]byte{'a', byte(c), byte(c1), 'b'}))
		}
	}
	for c := 0xe0; c < 0xf0; c++ {
		for c1 := 0x70; c1 < 0xd0; c1++ {
			check(string([]byte{byte(c), byte(c1)}))
			for c2 := 0x70; c2 < 0xd0; c2++ {
				check(string([]byte{byte(c), byte(c1), byte(c2), 'x'}))
			}
		}
	}
	edges := []byte{0x7f, 0x80, 0xbf, 0xc0}
	for c := 0xf0; c < 0xf8; c++ {
		for c1 := 0x70; c1 < 0xd0; c1++ {
			check(string([]byte{byte(c), byte(c1), 0x80}))
			for _, c2 := range edges {
				for _, c3 := range edges {
					check(string([]byte{'a', byte(c), byte(c1), c2, c3}))
					check(string([]byte{byte(c), byte(c1), c2, c3, 'x'}))
				}
			}
		}
	}
}

// TestAppendStringRoom covers the lengths and positions of the path that copies as it
// scans (dst with room for s): plain strings of every length up to 40, and each with one
// byte that needs escaping or a check at every position, after a prefix that must stay.
func TestAppendStringRoom(t *testing.T) {
	const plain = "abcdefghijklmnopqrstuvwxyz0123456789ABCD"
	for n := 0; n <= len(plain); n++ {
		cases := []string{plain[:n]}
		for i := range n {
			for _, special := range []string{"\"", "\\", "\n", "\x00", "é", "\xff", "😀"} {
				cases = append(cases, plain[:i]+special+plain[i+1:n])
			}
		}
		for _, s := range cases {
			want := "pre" + string(marshalString(s))
			for _, extra := range []int{0, 1, 2, 9} {
				dst := append(make([]byte, 0, 3+len(s)+extra), "pre"...)
				if got := AppendString(dst, s); string(got) != want {
					t.Fatalf("AppendString(cap %d, %q) = %s, want %s", cap(dst), s, got, want)
				}
			}
		}
	}
}
