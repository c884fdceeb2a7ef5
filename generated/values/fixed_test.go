package values_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/generated/values"
)

// The quote message's arrays have a fixed length (minItems = maxItems): they are Go
// arrays (values.Pair is a [2]string), whose type holds the length.
var (
	_ [2]string = values.Pair{}
	_ [3]int64  = values.QuoteLast{}
	_ [2]bool   = values.QuoteFlags{}
)

// TestFixedArrays: exactly N items decode into the Go array; N-1 and N+1 are refused at
// the array, with the reasons of a slice's decoder; the items are checked as always; a
// decoded frame is written back byte for byte.
func TestFixedArrays(t *testing.T) {
	for _, tt := range []struct {
		name, frame      string
		pointer, reason  string // the refusal; "" to accept
		best, firstLevel values.Pair
	}{
		{name: "exactly 2", frame: `{"type":"quote","best":["1.5","2"],"levels":[["1","2"],["3.25","4"]]}`,
			best: values.Pair{"1.5", "2"}, firstLevel: values.Pair{"1", "2"}},
		{name: "every member", frame: `{"type":"quote","best":["1","2"],"levels":[["7","8"]],"top":[["1","2"],["3","4"],["5","6"]],"last":[1,2,3],"flags":[true,false]}`,
			best: values.Pair{"1", "2"}, firstLevel: values.Pair{"7", "8"}},
		{name: "null", frame: `{"type":"quote","best":["1","2"],"levels":[],"last":null}`, best: values.Pair{"1", "2"}},
		{name: "one item", frame: `{"type":"quote","best":["1"],"levels":[]}`, pointer: "/best", reason: "fewer than 2 items"},
		{name: "three items", frame: `{"type":"quote","best":["1","2","3"],"levels":[]}`, pointer: "/best", reason: "more than 2 items"},
		{name: "no items", frame: `{"type":"quote","best":[],"levels":[]}`, pointer: "/best", reason: "fewer than 2 items"},
		{name: "not an array", frame: `{"type":"quote","best":"1","levels":[]}`, pointer: "/best", reason: "expected array"},
		{name: "pattern", frame: `{"type":"quote","best":["1","x"],"levels":[]}`, pointer: "/best/1", reason: "does not match pattern"},
		{name: "maxLength", frame: `{"type":"quote","best":["123456789012345678901","2"],"levels":[]}`, pointer: "/best/0", reason: "longer than"},
		{name: "level of one item", frame: `{"type":"quote","best":["1","2"],"levels":[["1","2"],["3"]]}`, pointer: "/levels/1", reason: "fewer than 2 items"},
		{name: "level of three items", frame: `{"type":"quote","best":["1","2"],"levels":[["1","2","3"]]}`, pointer: "/levels/0", reason: "more than 2 items"},
		{name: "level item pattern", frame: `{"type":"quote","best":["1","2"],"levels":[["1","2"],["3","-4"]]}`, pointer: "/levels/1/1", reason: "does not match pattern"},
		{name: "top of four", frame: `{"type":"quote","best":["1","2"],"levels":[],"top":[["1","2"],["1","2"],["1","2"],["1","2"]]}`, pointer: "/top", reason: "more than 3 items"},
		{name: "top level of one item", frame: `{"type":"quote","best":["1","2"],"levels":[],"top":[["1"]]}`, pointer: "/top/0", reason: "fewer than 2 items"},
		{name: "last of two", frame: `{"type":"quote","best":["1","2"],"levels":[],"last":[1,2]}`, pointer: "/last", reason: "fewer than 3 items"},
		{name: "last of four", frame: `{"type":"quote","best":["1","2"],"levels":[],"last":[1,2,3,4]}`, pointer: "/last", reason: "more than 3 items"},
		{name: "last item below minimum", frame: `{"type":"quote","best":["1","2"],"levels":[],"last":[1,-2,3]}`, pointer: "/last/1", reason: "less than the minimum 0"},
		{name: "flags not unique", frame: `{"type":"quote","best":["1","2"],"levels":[],"flags":[true,true]}`, pointer: "/flags/1", reason: "uniqueItems"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, err := values.Decode([]byte(tt.frame))
			if tt.pointer != "" {
				var de *values.DecodeError
				if !errors.As(err, &de) || de.Pointer != tt.pointer || !strings.Contains(de.Reason, tt.reason) {
					t.Fatalf("Decode(%s) = %v, want pointer %s and reason %q", tt.frame, err, tt.pointer, tt.reason)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode(%s) = %v", tt.frame, err)
			}
			q := m.(*values.Quote)
			if q.Best != tt.best {
				t.Errorf("Decode(%s).Best = %q, want %q", tt.frame, q.Best, tt.best)
			}
			if len(q.Levels) > 0 && q.Levels[0] != tt.firstLevel {
				t.Errorf("Decode(%s).Levels[0] = %q, want %q", tt.frame, q.Levels[0], tt.firstLevel)
			}
			out, err := values.Encode(m)
			if err != nil || string(out) != tt.frame {
				t.Errorf("Encode(Decode(%s)) = %s, %v; want the frame", tt.frame, out, err)
			}
		})
	}
}

// TestFixedArraysEncode: Encode and Validate check every item of a Go array (its length
// needs no check) and refuse a bad one at its pointer, as Decode does.
func TestFixedArraysEncode(t *testing.T) {
	last := values.Nullable[values.QuoteLast]{Value: values.QuoteLast{1, 2, 3}}
	negative := values.Nullable[values.QuoteLast]{Value: values.QuoteLast{0, 0, -1}}
	null := values.Nullable[values.QuoteLast]{Null: true}
	flags, same := values.QuoteFlags{false, true}, values.QuoteFlags{true, true}
	for _, tt := range []struct {
		name string
		m    *values.Quote
		want string // the frame, or the error
	}{
		{"levels", &values.Quote{Best: values.Pair{"1", "2.5"}, Levels: values.QuoteLevels{{"3", "4"}, {"5", "6"}}},
			`{"type":"quote","best":["1","2.5"],"levels":[["3","4"],["5","6"]]}`},
		{"optional members", &values.Quote{Best: values.Pair{"1", "2"}, Levels: values.QuoteLevels{}, Top: &values.QuoteTop{{"7", "8"}}, Last: &last, Flags: &flags},
			`{"type":"quote","best":["1","2"],"levels":[],"top":[["7","8"]],"last":[1,2,3],"flags":[false,true]}`},
		{"null", &values.Quote{Best: values.Pair{"1", "2"}, Last: &null}, `{"type":"quote","best":["1","2"],"levels":[],"last":null}`},
		{"zero pair", &values.Quote{}, `values: encode "quote" at /best/0: string does not match pattern "^[0-9]+(\\.[0-9]+)?$"`},
		{"item pattern", &values.Quote{Best: values.Pair{"1", "x"}}, `values: encode "quote" at /best/1: string does not match pattern "^[0-9]+(\\.[0-9]+)?$"`},
		{"level item pattern", &values.Quote{Best: values.Pair{"1", "2"}, Levels: values.QuoteLevels{{"1", "2"}, {"", "2"}}}, `values: encode "quote" at /levels/1/0: string does not match pattern "^[0-9]+(\\.[0-9]+)?$"`},
		{"item minimum", &values.Quote{Best: values.Pair{"1", "2"}, Last: &negative}, `values: encode "quote" at /last/2: less than the minimum 0`},
		{"not unique", &values.Quote{Best: values.Pair{"1", "2"}, Flags: &same}, `values: encode "quote" at /flags/1: item equals an earlier item (uniqueItems)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := values.Encode(tt.m)
			got := string(b)
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("Encode(%+v) = %s, want %s", tt.m, got, tt.want)
			}
			verr := tt.m.Validate()
			if (verr == nil) != (err == nil) || verr != nil && verr.Error() != err.Error() {
				t.Errorf("Validate() = %v, Encode's error %v", verr, err)
			}
			if err != nil {
				return
			}
			m, err := values.Decode(b)
			if err != nil {
				t.Fatalf("Decode(%s) = %v", b, err)
			}
			want := *tt.m
			if want.Levels == nil {
				want.Levels = values.QuoteLevels{} // written as [], decoded as empty
			}
			if diff := cmp.Diff(&want, m); diff != "" {
				t.Errorf("Decode(Encode(x)) differs (-x +decoded):\n%s", diff)
			}
		})
	}
}
