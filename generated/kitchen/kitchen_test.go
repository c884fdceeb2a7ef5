package kitchen_test

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/generated/kitchen"
	"github.com/wsgen/wsgen/schema"
	"github.com/wsgen/wsgen/wire"
)

type frame struct {
	valid bool
	data  []byte
}

func loadFrames(tb testing.TB) []frame {
	tb.Helper()
	f, err := os.Open("../../testdata/kitchen/frames.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []frame
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		verdict, data, _ := strings.Cut(line, "\t")
		out = append(out, frame{verdict == "valid", []byte(data)})
	}
	return out
}

func loadProtocol(tb testing.TB) *schema.Protocol {
	tb.Helper()
	p, err := schema.Load("../../testdata/kitchen/protocol.json")
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestFrames(t *testing.T) {
	p := loadProtocol(t)
	for _, f := range loadFrames(t) {
		m, err := kitchen.Decode(f.data)
		if got := err == nil; got != f.valid {
			t.Errorf("Decode(%s) error = %v, want valid=%v", f.data, err, f.valid)
		}
		if _, verr := p.Validate(f.data); (verr == nil) != f.valid {
			t.Errorf("Validate(%s) = %v, want valid=%v (the frames file is wrong)", f.data, verr, f.valid)
		}
		if err != nil {
			continue
		}
		out, err := kitchen.Encode(m)
		if err != nil {
			t.Fatalf("Encode(Decode(%s)) = %v", f.data, err)
		}
		if _, err := p.Validate(out); err != nil {
			t.Errorf("Encode(Decode(%s)) = %s, invalid: %v", f.data, out, err)
		}
		m2, err := kitchen.Decode(out)
		if err != nil {
			t.Fatalf("Decode(%s) = %v", out, err)
		}
		if diff := cmp.Diff(m, m2); diff != "" {
			t.Errorf("round trip of %s (-before +after):\n%s", f.data, diff)
		}
	}
}

func TestRepresentations(t *testing.T) {
	m, err := kitchen.Decode([]byte(`{"kind":"order","order_id":"o1","idem":"k","card":null,"qty":2,"price":0.07,"note":null,"payload":[1, 2],"shape":{"w":1,"z":"zz"}}`))
	if err != nil {
		t.Fatal(err)
	}
	o := m.(*kitchen.Order)
	if !o.Card.Null {
		t.Errorf("Card = %+v, want null", o.Card)
	}
	if o.Note == nil || !o.Note.Null {
		t.Errorf("Note = %+v, want present and null", o.Note)
	}
	if o.Discount != nil || o.Ratio != nil || o.Address != nil {
		t.Errorf("absent members decoded as present: %+v", o)
	}
	if string(o.Payload) != `[1, 2]` {
		t.Errorf("Payload = %s, want the raw bytes", o.Payload)
	}
	if o.Shape == nil || o.Shape.W != 1 || o.Shape.Extra["z"] != "zz" {
		t.Errorf("Shape = %+v", o.Shape)
	}
	out, _ := kitchen.Encode(o)
	want := `{"kind":"order","order_id":"o1","idem":"k","card":null,"note":null,"qty":2,"price":0.07,"payload":[1, 2],"shape":{"w":1,"z":"zz"}}`
	if string(out) != want {
		t.Errorf("Encode = %s\nwant     %s", out, want)
	}
	ev, err := kitchen.Decode([]byte(`{"kind":"event","id":"e","z":[1],"topic":"t","n":1,"y":{}}`))
	if err != nil {
		t.Fatal(err)
	}
	out, _ = kitchen.Encode(ev)
	if want := `{"kind":"event","id":"e","topic":"t","n":1,"z":[1],"y":{}}`; string(out) != want {
		t.Errorf("Encode(event with unknown members) = %s, want %s", out, want)
	}
	if _, err := kitchen.Encode(&kitchen.Event{Extra: []kitchen.Member{{Name: "bad", Value: []byte("{")}}}); err == nil {
		t.Error("Encode with an invalid raw member succeeded")
	}
}

var hugeExponent = regexp.MustCompile(`[0-9][eE][+-]?[0-9]{4,}`)

func FuzzDecode(f *testing.F) {
	for _, fr := range loadFrames(f) {
		f.Add(fr.data)
	}
	p := loadProtocol(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := kitchen.Decode(data)
		if hugeExponent.Match(data) {
			return
		}
		_, verr := p.Validate(data)
		extra := errors.Is(err, wire.ErrRange) || !wire.Valid(data)
		switch {
		case err == nil && verr != nil:
			t.Fatalf("Decode(%q) accepted a frame the validator refuses: %v", data, verr)
		case err != nil && verr == nil && !extra:
			t.Fatalf("Decode(%q) = %v, but the validator accepts the frame", data, err)
		}
		if err != nil {
			return
		}
		out, err := kitchen.Encode(m)
		if err != nil {
			t.Fatalf("Encode(Decode(%q)) = %v", data, err)
		}
		if _, err := p.Validate(out); err != nil {
			t.Fatalf("Encode(Decode(%q)) = %s, invalid: %v", data, out, err)
		}
		m2, err := kitchen.Decode(out)
		if err != nil {
			t.Fatalf("Decode(%s) = %v", out, err)
		}
		if diff := cmp.Diff(m, m2); diff != "" {
			t.Fatalf("round trip of %q (-before +after):\n%s", data, diff)
		}
		if again, _ := kitchen.Encode(m2); !bytes.Equal(again, out) {
			t.Fatalf("Encode not stable for %q: %s then %s", data, out, again)
		}
	})
}
