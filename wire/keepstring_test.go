package wire

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// keepAll reads the strings of a JSON array with ReadStringBytes and keeps each one.
func keepAll(t *testing.T, d *Decoder) []string {
	t.Helper()
	var out []string
	if err := d.ArrayStart(); err != nil {
		t.Fatal(err)
	}
	for {
		more, err := d.NextElem()
		if err != nil {
			t.Fatal(err)
		}
		if !more {
			break
		}
		s, err := d.ReadStringBytes()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, d.KeepString(s))
	}
	return out
}

func TestKeepString(t *testing.T) {
	long := strings.Repeat("x", ArenaChunk+10)
	var many []string
	for i := range 3000 {
		many = append(many, "s"+strconv.Itoa(i)+`\"q`)
	}
	for _, tt := range []struct {
		name string
		doc  string
		want []string
	}{
		{"plain", `["ab","","cd"]`, []string{"ab", "", "cd"}},
		{"escapes next to plain", `["a\"b","cd","\u00e9\ud83d\ude00","e\\f","gh"]`, []string{`a"b`, "cd", "é😀", `e\f`, "gh"}},
		{"longer than a block", `["a","` + long + `","b\n","c"]`, []string{"a", long, "b\n", "c"}},
		{"many blocks", `["` + strings.Join(many, `","`) + `"]`, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want
			if want == nil {
				for _, s := range many {
					want = append(want, strings.ReplaceAll(s, `\"`, `"`))
				}
			}
			data := []byte(tt.doc)
			got := keepAll(t, NewDecoder(data))
			for i := range data {
				data[i] = '#' // the kept strings do not alias the input
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("KeepString of %q = %q, want %q", clipTest(tt.doc), clipTest(strings.Join(got, "|")), clipTest(strings.Join(want, "|")))
			}
		})
	}
}

func clipTest(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// TestKeepStringNotLast: a string that is not the one read last is copied on its own,
// and keeping it does not change the strings kept before.
func TestKeepStringNotLast(t *testing.T) {
	d := NewDecoder([]byte(`["a\"b","cd"]`))
	if err := d.ArrayStart(); err != nil {
		t.Fatal(err)
	}
	d.NextElem()
	s1, _ := d.ReadStringBytes()
	k1 := d.KeepString(s1)
	d.NextElem()
	s2, _ := d.ReadStringBytes()
	k2 := d.KeepString(s2)
	k3 := d.KeepString([]byte("zz")) // not read from d
	k4 := d.KeepString(s2[:1])       // a part of the last string
	if k1 != `a"b` || k2 != "cd" || k3 != "zz" || k4 != "c" {
		t.Errorf("kept %q %q %q %q, want %q %q %q %q", k1, k2, k3, k4, `a"b`, "cd", "zz", "c")
	}
}

// TestKeepStringAllocs: the strings of one short document share one allocation.
func TestKeepStringAllocs(t *testing.T) {
	data := []byte(`["alpha","be\"ta","gamma","delta","\u00e9psilon"]`)
	var d Decoder
	n := testing.AllocsPerRun(100, func() {
		d.Reset(data)
		d.ArrayStart()
		for {
			more, _ := d.NextElem()
			if !more {
				break
			}
			s, _ := d.ReadStringBytes()
			d.KeepString(s)
		}
	})
	if n != 1 {
		t.Errorf("keeping 5 strings of one document: %v allocations, want 1", n)
	}
}

// FuzzKeepString: the strings kept from an array of strings equal encoding/json's
// reading of it, after the input is overwritten, whatever the escapes and lengths.
func FuzzKeepString(f *testing.F) {
	f.Add([]byte(`["a\"b","cd","\u00e9\ud83d\ude00","e\\f",""]`))
	f.Add([]byte(`["` + strings.Repeat("x", ArenaChunk) + `","y\n"]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var want []string
		if json.Unmarshal(data, &want) != nil || !Valid(data) {
			return
		}
		d := NewDecoder(data)
		if d.Peek() != KindArray {
			return
		}
		d.ArrayStart()
		var got []string
		for {
			more, err := d.NextElem()
			if err != nil {
				return // not an array of strings (json.Unmarshal took null)
			}
			if !more {
				break
			}
			s, err := d.ReadStringBytes()
			if err != nil {
				return
			}
			got = append(got, d.KeepString(s))
		}
		for i := range data {
			data[i] = 0
		}
		if len(got) != len(want) {
			t.Fatalf("kept %d strings, want %d", len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("string %d = %q, want %q", i, got[i], want[i])
			}
		}
	})
}

// TestStringAheadTake: a string StringAhead sees is taken by length, mixed with strings
// read and kept the usual way; the taken strings do not alias the input, and the decoder
// goes on after the closing quote. Before a value that is not a string StringAhead is nil
// and consumes nothing.
func TestStringAheadTake(t *testing.T) {
	long := strings.Repeat("7", ArenaChunk+5)
	doc := []byte(` [ "12.5" ,"a\"b", "` + long + `",  "0.001",1]`)
	d := NewDecoder(doc)
	if err := d.ArrayStart(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := 0; ; i++ {
		more, err := d.NextElem()
		if err != nil {
			t.Fatal(err)
		}
		if !more {
			break
		}
		rest := d.StringAhead()
		switch {
		case rest == nil:
			if d.Peek() != KindNumber {
				t.Fatalf("item %d: StringAhead nil before %v", i, d.Peek())
			}
			if _, err := d.ReadNumber(); err != nil {
				t.Fatal(err)
			}
			continue
		case i == 1: // escaped: read the usual way
			s, err := d.ReadStringBytes()
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, d.KeepString(s))
			continue
		}
		n := strings.IndexByte(string(rest), '"')
		got = append(got, d.TakeString(n))
	}
	if err := d.End(); err != nil {
		t.Fatal(err)
	}
	for i := range doc {
		doc[i] = '#'
	}
	want := []string{"12.5", `a"b`, long, "0.001"}
	if len(got) != len(want) {
		t.Fatalf("got %d strings, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("string %d: got %.20q, want %.20q", i, got[i], want[i])
		}
	}
}

// TestTakeStringMisuse: a length that does not end at a quote panics (a caller's bug,
// never input's) and moves nothing.
func TestTakeStringMisuse(t *testing.T) {
	d := NewDecoder([]byte(`"abc"`))
	if d.StringAhead() == nil {
		t.Fatal("StringAhead nil before a string")
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("TakeString(2) on a string of 3 bytes did not panic")
			}
		}()
		d.TakeString(2)
	}()
	if s := d.TakeString(3); s != "abc" {
		t.Errorf("TakeString(3) = %q", s)
	}
}

// TestReadKeptString: ReadKeptString returns what ReadStringBytes and KeepString return,
// on plain, escaped, non-ASCII and empty strings, across block boundaries, and refuses
// what ReadStringBytes refuses with the same error.
func TestReadKeptString(t *testing.T) {
	long := strings.Repeat("y", ArenaChunk-3)
	var many []string
	for i := range 3000 {
		many = append(many, `"id-`+strconv.Itoa(i)+`"`, `"é`+strconv.Itoa(i)+`"`, `"q\"`+strconv.Itoa(i)+`"`, `""`)
	}
	for _, doc := range []string{
		`["ab", "", "cd" ,"a\"b","é😀","e\\f"]`,
		`["a","` + long + `","bcdefgh","` + long + `x","z"]`,
		`[` + strings.Join(many, ",") + `]`,
	} {
		want := keepAll(t, NewDecoder([]byte(doc)))
		d := NewDecoder([]byte(doc))
		if err := d.ArrayStart(); err != nil {
			t.Fatal(err)
		}
		var got []string
		for {
			more, err := d.NextElem()
			if err != nil {
				t.Fatal(err)
			}
			if !more {
				break
			}
			s, err := d.ReadKeptString()
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, s)
		}
		if len(got) != len(want) {
			t.Fatalf("%.30s: %d strings, want %d", doc, len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%.30s: string %d = %.20q, want %.20q", doc, i, got[i], want[i])
			}
		}
	}
	for _, bad := range []string{`"abc`, `"a` + "\x01" + `b"`, "\"a\xffb\"", `"\ud800"`, `12`, ``, `"a\q"`} {
		_, want := NewDecoder([]byte(bad)).ReadStringBytes()
		_, err := NewDecoder([]byte(bad)).ReadKeptString()
		if err == nil || want == nil || err.Error() != want.Error() {
			t.Errorf("ReadKeptString(%q) = %v, ReadStringBytes = %v", bad, err, want)
		}
	}
}

// TestMarkRewind: a Decoder read ahead inside an object and rewound reads the object
// again from its start, with the strings kept before it intact; a Mark out of range
// leaves the Decoder at the end of the document, not past it.
func TestMarkRewind(t *testing.T) {
	d := NewDecoder([]byte(`[{"form":"circle","r":1}]`))
	if err := d.ArrayStart(); err != nil {
		t.Fatal(err)
	}
	if more, err := d.NextElem(); !more || err != nil {
		t.Fatal(more, err)
	}
	d.Peek()
	m := d.Mark()
	if err := d.ObjectStart(); err != nil {
		t.Fatal(err)
	}
	k, _, _ := d.NextKey()
	tag, _ := d.ReadStringBytes()
	kept := d.KeepString(tag)
	if string(k) != "form" || kept != "circle" {
		t.Fatalf("read ahead %q %q", k, kept)
	}
	d.Rewind(m)
	raw, err := d.ReadRaw()
	if err != nil || string(raw) != `{"form":"circle","r":1}` {
		t.Fatalf("after Rewind: %s, %v", raw, err)
	}
	if more, err := d.NextElem(); more || err != nil {
		t.Fatal(more, err)
	}
	if err := d.End(); err != nil {
		t.Fatal(err)
	}
	if kept != "circle" {
		t.Errorf("kept string changed: %q", kept)
	}
	d.Rewind(Mark{pos: 1 << 20, depth: -3})
	if d.Offset() != len(d.data) || d.Depth() != 0 {
		t.Errorf("Rewind out of range: offset %d depth %d", d.Offset(), d.Depth())
	}
}
