package wire

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
)

// keysOf reads the member names of the object in data, each with NextKeyHint(hint(i)) or
// with NextKey, skipping the values, and returns the names, the positions after each and
// the first error.
func keysOf(data []byte, hint func(i int) (string, bool)) (names []string, pos []int, err error) {
	d := NewDecoder(data)
	if err := d.ObjectStart(); err != nil {
		return nil, nil, err
	}
	for i := 0; ; i++ {
		var key []byte
		var ok bool
		if h, use := hint(i); use {
			key, ok, err = d.NextKeyHint(h)
		} else {
			key, ok, err = d.NextKey()
		}
		if err != nil || !ok {
			return names, pos, err
		}
		names = append(names, string(key))
		pos = append(pos, d.pos)
		if err := d.Skip(); err != nil {
			return names, pos, err
		}
	}
}

// TestNextKeyHint: a hint that matches the name as written is taken; one that does not
// (other name, white space, escapes, a prefix) falls back to NextKey; either way the
// names, positions and errors are NextKey's.
func TestNextKeyHint(t *testing.T) {
	for _, tc := range []struct {
		name  string
		data  string
		hints []string
	}{
		{"in order", `{"type":"chat","room":"r","seq":3}`, []string{`"type"`, `"room"`, `"seq"`, ""}},
		{"out of order", `{"room":"r","type":"chat"}`, []string{`"type"`, `"room"`, ""}},
		{"prefix", `{"room":1,"ro":2}`, []string{`"ro"`, `"room"`, ""}},
		{"longer hint", `{"ro":1}`, []string{`"room"`, ""}},
		{"space before colon", `{"room" :1}`, []string{`"room"`, ""}},
		{"space after comma", `{"a":1, "room":1}`, []string{`"a"`, `"room"`, ""}},
		{"escaped name", `{"r\u006fom":1}`, []string{`"room"`, ""}},
		{"empty name", `{"":1,"a":2}`, []string{`""`, `"a"`, ""}},
		{"hint past the end", `{"a":1}`, []string{`"a"`, `"b"`}},
		{"no colon", `{"a"1}`, []string{`"a"`}},
		{"truncated", `{"a"`, []string{`"a"`}},
		{"missing comma", `{"a":1"b":2}`, []string{`"a"`, `"b"`}},
		{"one-byte hint", `{"a":1}`, []string{`"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hinted := func(i int) (string, bool) {
				if i < len(tc.hints) {
					return tc.hints[i], true
				}
				return "", true
			}
			plain := func(int) (string, bool) { return "", false }
			gn, gp, gerr := keysOf([]byte(tc.data), hinted)
			wn, wp, werr := keysOf([]byte(tc.data), plain)
			if !slices.Equal(gn, wn) || !slices.Equal(gp, wp) || (gerr == nil) != (werr == nil) ||
				gerr != nil && gerr.Error() != werr.Error() {
				t.Fatalf("hinted: %q %v %v\nNextKey: %q %v %v", gn, gp, gerr, wn, wp, werr)
			}
		})
	}
}

// FuzzNextKeyHint: for any input and any name, NextKeyHint with the name's JSON text
// (when it has no escape) reads what NextKey reads.
func FuzzNextKeyHint(f *testing.F) {
	f.Add([]byte(`{"type":"chat","room":"r"}`), "room")
	f.Add([]byte(`{"room" : 1}`), "room")
	f.Add([]byte(`{"":1}`), "")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		q, _ := json.Marshal(name)
		if bytes.IndexByte(q, '\\') >= 0 {
			return
		}
		hinted := func(int) (string, bool) { return string(q), true }
		plain := func(int) (string, bool) { return "", false }
		gn, gp, gerr := keysOf(data, hinted)
		wn, wp, werr := keysOf(data, plain)
		if !slices.Equal(gn, wn) || !slices.Equal(gp, wp) || (gerr == nil) != (werr == nil) ||
			gerr != nil && gerr.Error() != werr.Error() {
			t.Fatalf("%q hint %s:\nhinted: %q %v %v\nNextKey: %q %v %v", data, q, gn, gp, gerr, wn, wp, werr)
		}
	})
}

// TestDecoderKeySet: the set a Decoder lends is empty, is its own for each open object
// (a nested object's set is another), is lent again without allocating, and is dropped
// rather than kept once it grew large.
func TestDecoderKeySet(t *testing.T) {
	d := NewDecoder([]byte(`{"a":{"b":{}}}`))
	if d.ObjectStart() != nil {
		t.Fatal("ObjectStart")
	}
	outer := d.KeySet()
	outer.Add([]byte("x"))
	if _, _, err := d.NextKey(); err != nil || d.ObjectStart() != nil {
		t.Fatal("inner object")
	}
	inner := d.KeySet()
	if inner == outer || inner.Len() != 0 {
		t.Fatalf("nested object's set: same %v, %d names", inner == outer, inner.Len())
	}
	if inner.Add([]byte("x")) || !outer.Add([]byte("x")) {
		t.Error("the sets of two open objects share names")
	}
	d.Reset([]byte(`{}`))
	_ = d.ObjectStart()
	if again := d.KeySet(); again != outer || again.Len() != 0 {
		t.Errorf("set lent again: same %v, %d names (want the same, empty)", again == outer, again.Len())
	}
	empty := []byte(`{}`)
	if n := testing.AllocsPerRun(100, func() {
		d.Reset(empty)
		_ = d.ObjectStart()
		s := d.KeySet()
		s.Add([]byte("name"))
		s.Add([]byte("other"))
	}); n != 0 {
		t.Errorf("lending a warm set: %v allocations, want 0", n)
	}
	big := d.KeySet()
	for i := range 300 {
		big.Add([]byte(itoa(i)))
	}
	d.Reset([]byte(`{}`))
	_ = d.ObjectStart()
	if d.KeySet() == big {
		t.Error("a set of 300 names was kept")
	}
}
