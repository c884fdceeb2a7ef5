package wireimpl_test

import (
	"math/rand/v2"
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

// TestUnique holds Unique to a reference (each item's wire.Canonical against every
// earlier one's) on random arrays of a few kinds of equal-but-differently-written values,
// below and above the length where it sorts instead of comparing pairs, and checks that
// it and CanonicalIn allocate nothing once warm.
func TestUnique(t *testing.T) {
	values := []string{`1`, `1.0`, `10e-1`, `2`, `"1"`, `"\u0031"`, `null`, `true`, `[1,2]`, `[1.0,2]`,
		`{"a":1,"b":[]}`, `{"b":[],"a":1e0}`, `"a<b"`, `"a\u003cb"`, `{}`, `[]`, `"x"`, `0`, `-0`, `0.5`}
	r := rand.New(rand.NewPCG(5, 6))
	for round := range 3000 {
		n := r.IntN(40)
		if round%3 == 0 {
			n = r.IntN(6)
		}
		items := make([][]byte, n)
		for i := range items {
			// Mostly distinct values (a counter), some drawn from the equal-valued pool.
			if r.IntN(4) == 0 {
				items[i] = []byte(values[r.IntN(len(values))])
			} else {
				items[i] = []byte(strconv.Itoa(1000 + r.IntN(1000)))
			}
		}
		want := -1
	search:
		for i := 1; i < n; i++ {
			ci, _ := wire.Canonical(items[i])
			for j := range i {
				if cj, _ := wire.Canonical(items[j]); ci == cj {
					want = i
					break search
				}
			}
		}
		got, err := wireimpl.Unique(items)
		if err != nil || got != want {
			t.Fatalf("Unique(%q) = %d, %v; want %d", items, got, err, want)
		}
	}
	if raceEnabled {
		return // the race detector makes sync.Pool drop buffers
	}
	big := make([][]byte, 40)
	for i := range big {
		big[i] = []byte(`"tag ` + strconv.Itoa(i) + `"`)
	}
	for _, items := range [][][]byte{big[:5], big} {
		if n := testing.AllocsPerRun(100, func() { _, _ = wireimpl.Unique(items) }); n != 0 {
			t.Errorf("Unique of %d strings: %v allocations, want 0", len(items), n)
		}
	}
	raw := []byte(`"high"`)
	if n := testing.AllocsPerRun(100, func() { _, _ = wireimpl.CanonicalIn(raw, `1e0`, `"high"`) }); n != 0 {
		t.Errorf("CanonicalIn: %v allocations, want 0", n)
	}
}

// TestKeepMember: the kept name and value equal what was read, own their bytes, and an
// append to or a write into the value never reaches the name.
func TestKeepMember(t *testing.T) {
	key, raw := []byte("name"), []byte(`[1,2]`)
	name, value := wireimpl.KeepMember(key, raw)
	key[0], raw[0] = 'X', 'X'
	if name != "name" || string(value) != "[1,2]" {
		t.Fatalf("KeepMember = %q, %s after the input changed", name, value)
	}
	value[0] = '{'
	_ = append(value, '!')
	if name != "name" {
		t.Errorf("name became %q after writing to the value", name)
	}
	if name, value := wireimpl.KeepMember(nil, []byte("1")); name != "" || string(value) != "1" {
		t.Errorf("KeepMember(empty name) = %q, %s", name, value)
	}
}
