package wire

import (
	"bytes"
	"encoding/json"
	"math/big"
	"strconv"
	"testing"
	"unicode/utf8"
)

// FuzzSkip: Skip+End never panics and agrees with json.Valid except for the
// documented refusals; strings read agree with json.Unmarshal.
func FuzzSkip(f *testing.F) {
	for _, in := range corpus {
		if len(in) < 1000 {
			f.Add([]byte(in))
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		misuse(in)
		checkValid(t, in)
		if len(in) < 4096 {
			checkStrings(t, in)
		}
	})
}

// FuzzNumber: for any two grammar-valid literals with moderate exponents,
// Compare, IsInteger and MultipleOf agree with math/big.Rat; nothing panics
// on any bytes.
func FuzzNumber(f *testing.F) {
	for _, p := range [][2]string{
		{"0.07", "0.01"}, {"1e308", "1e-308"}, {"12345678901234567890", "3"}, {"1", "1.0"},
		{"-0", "0"}, {"1e400", "9.9e399"}, {"1.5", "0.5"}, {"x", "1"}, {"1e99999999999999999999", "7"},
	} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		na, nb := Number(a), Number(b)
		// Never panics, whatever the bytes.
		c := Compare(na, nb)
		mo := MultipleOf(na, nb)
		ia := na.IsInteger()
		i, ierr := na.Int64()
		f, ferr := na.Float64()
		if !grammarOK(a) || !grammarOK(b) || !smallExp(a) || !smallExp(b) {
			return
		}
		ra, rb := ratOf(t, a), ratOf(t, b)
		if want := ra.Cmp(rb); c != want {
			t.Fatalf("Compare(%s, %s) = %d, big.Rat says %d", a, b, c, want)
		}
		if ia != ra.IsInt() {
			t.Fatalf("IsInteger(%s) = %v, big.Rat says %v", a, ia, ra.IsInt())
		}
		want := rb.Sign() > 0 && new(big.Rat).Quo(ra, rb).IsInt()
		if mo != want {
			t.Fatalf("MultipleOf(%s, %s) = %v, big.Rat says %v", a, b, mo, want)
		}
		switch err := ierr; {
		case !ra.IsInt():
			if err != ErrNotInteger {
				t.Fatalf("Int64(%s) = %d, %v; want ErrNotInteger", a, i, err)
			}
		case ra.Num().IsInt64():
			if err != nil || i != ra.Num().Int64() {
				t.Fatalf("Int64(%s) = %d, %v; want %v", a, i, err, ra.Num())
			}
		case err != ErrRange:
			t.Fatalf("Int64(%s) = %d, %v; want ErrRange", a, i, err)
		}
		sf, serr := strconv.ParseFloat(a, 64)
		if (ferr == ErrRange) != (serr != nil) || (ferr == nil && f != sf) {
			t.Fatalf("Float64(%s) = %v, %v; strconv says %v, %v", a, f, ferr, sf, serr)
		}
	})
}

func grammarOK(s string) bool {
	d := NewDecoder([]byte(s))
	n, err := d.ReadNumber()
	return err == nil && len(n) == len(s)
}

// smallExp reports whether s's exponent is small enough for big.Rat to
// expand quickly.
func smallExp(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == 'e' || s[i] == 'E' {
			digits := 0
			for _, c := range s[i+1:] {
				if c >= '0' && c <= '9' && (digits > 0 || c != '0') {
					digits++
				}
			}
			return digits <= 4
		}
	}
	return len(s) < 2000
}

// FuzzAppendString: the output is valid JSON, json.Unmarshal gives back the
// input (valid UTF-8) and the bytes equal json.Marshal's without HTML escapes
// (marshalString).
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "hi", "<&>", "\u2028\u2029", "\x00\x1f\"\\", "é😀", "\xff", "\xed\xa0\x80",
		"abcdefg", "abcdefghijk", "abcdefgh\n", "0123456789abcdef\"", "wxyz", "abcd\tefgh"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := AppendString(nil, s)
		if want := marshalString(s); string(got) != string(want) {
			t.Fatalf("AppendString(%q) = %s, json.Encoder = %s", s, got, want)
		}
		// With room after a prefix (the path that copies as it scans), exactly enough
		// and more.
		for _, extra := range []int{1, 2, 64} {
			room := append(make([]byte, 0, 3+len(s)+extra), "ab:"...)
			if roomy := AppendString(room, s); string(roomy[3:]) != string(got) || string(roomy[:3]) != "ab:" {
				t.Fatalf("AppendString(cap %d, %q) = %s, want ab:%s", cap(room), s, roomy, got)
			}
		}
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("json.Unmarshal(%s) = %v", got, err)
		}
		if utf8.ValidString(s) && back != s {
			t.Fatalf("round trip of %q = %q", s, back)
		}
		d := NewDecoder(got)
		mine, err := d.ReadString()
		if err != nil || mine != back {
			t.Fatalf("ReadString(%s) = %q, %v; json.Unmarshal = %q", got, mine, err, back)
		}
	})
}

// misuse drives a Decoder over in with readers chosen by in's own bytes, in
// any order, right or wrong: nothing may panic.
func misuse(in []byte) {
	d := NewDecoder(in)
	var saved Mark
	for k := 0; k < 64; k++ {
		var op byte
		if len(in) > 0 {
			op = in[(len(in)-1-k%len(in))] + byte(k)
		}
		switch op % 20 {
		case 0:
			d.Peek()
		case 1:
			_ = d.ReadNull()
		case 2:
			_, _ = d.ReadBool()
		case 3:
			if n, err := d.ReadNumber(); err == nil {
				_, _ = n.Int64()
				_, _ = n.Float64()
			}
		case 4:
			_, _ = d.ReadString()
		case 5:
			_, _ = d.ReadStringBytes()
		case 6:
			_ = d.ObjectStart()
		case 7:
			_, _, _ = d.NextKey()
		case 8:
			_ = d.ArrayStart()
		case 9:
			_, _ = d.NextElem()
		case 10:
			_ = d.Skip()
		case 11:
			_, _ = d.ReadRaw()
		case 12:
			_ = d.End()
		case 13:
			_, _ = AppendCanonical(nil, d)
		case 14:
			_, _ = d.ReadKeptString()
		case 16:
			saved = d.Mark()
		case 17:
			d.Rewind(saved)
		case 18:
			_, _ = d.ReadSmallInt()
		case 19:
			d.KeySet().Add(in[:k%(len(in)+1)])
		case 15:
			// A caller that takes what it saw up to the next quote.
			if rest := d.StringAhead(); rest != nil {
				if n := bytes.IndexByte(rest, '"'); n >= 0 {
					_ = d.TakeString(n)
				}
			}
		}
	}
}
