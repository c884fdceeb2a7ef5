package keywords_test

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/generated/keywords"
	"github.com/wsgen/wsgen/schema"
	"github.com/wsgen/wsgen/wire"
)

func loadProtocol(tb testing.TB) *schema.Protocol {
	tb.Helper()
	data, err := os.ReadFile("../../testdata/keywords/protocol.json")
	if err != nil {
		tb.Fatal(err)
	}
	p, err := schema.Parse("protocol.json", data)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// frames are decoded by TestFrames and seed FuzzDecode: each valid frame, and each frame
// refused with the pointer and reason of the generated check.
var frames = []struct {
	frame, ptr, reason string // ptr and reason empty: valid
}{
	// allOf: the envelope's members and the order's own, one struct.
	{`{"type":"order","id":"o1","qty":2}`, "", ""},
	{`{"type":"order","id":"o1","qty":2,"ts":5,"price":"1.5"}`, "", ""},
	{`{"type":"order","qty":2}`, "", `missing required member "id"`},
	{`{"type":"order","id":"","qty":2}`, "/id", "string shorter than 1 character"},
	{`{"type":"order","id":"o1","qty":0}`, "/qty", "less than the minimum 1"},
	{`{"type":"order","id":"o1","qty":1,"ts":-1}`, "/ts", "less than the minimum 0"},
	{`{"type":"order","id":"o1"}`, "", `missing required member "qty"`},
	// dependentRequired: price needs ts.
	{`{"type":"order","id":"o1","qty":2,"price":"1.5"}`, "/ts", `missing member "ts", required when "price" is present (dependentRequired)`},
	// if stop then price (and so ts).
	{`{"type":"order","id":"o1","qty":2,"stop":"1"}`, "/price", `missing member "price", required when "stop" is present (if/then)`},
	{`{"type":"order","id":"o1","qty":2,"stop":"1","price":"1","ts":1}`, "", ""},
	// not: stop and limit never together.
	{`{"type":"order","id":"o1","qty":2,"stop":"1","limit":"2","price":"1","ts":1}`, "", `has all of "stop", "limit", which not forbids together`},
	{`{"type":"order","id":"o1","qty":2,"limit":"2"}`, "", ""},
	// allOf of two $defs: email from contact (maxLength 64), phone needs email.
	{`{"type":"account","owner":{"name":"a"}}`, "", ""},
	{`{"type":"account","owner":{"name":"a","phone":"1"}}`, "/owner/email", `missing member "email", required when "phone" is present (dependentRequired)`},
	{`{"type":"account","owner":{"name":"a","phone":"1","email":"e"}}`, "", ""},
	{`{"type":"account","owner":{"name":"a","email":"` + string(bytes.Repeat([]byte("e"), 65)) + `"}}`, "/owner/email", "string longer than 64 characters"},
	{`{"type":"account","owner":{"email":"e"}}`, "/owner", `missing required member "name"`},
	{`{"type":"account","owner":{"name":"a","x":[1]}}`, "", ""},
	// additionalProperties false in one part, required in the other.
	{`{"type":"account","owner":{"name":"a"},"billing":{"country":"DE"}}`, "", ""},
	{`{"type":"account","owner":{"name":"a"},"billing":{}}`, "/billing", `missing required member "country"`},
	{`{"type":"account","owner":{"name":"a"},"billing":{"country":"DE","city":"B"}}`, "/billing/city", "member not allowed (additionalProperties is false)"},
	{`{"type":"account","owner":{"name":"a"},"billing":{"country":"DE","street":"S"}}`, "/billing/zip", `missing member "zip", required when "street" is present (if/then)`},
	{`{"type":"account","owner":{"name":"a"},"billing":{"country":"DE","street":"S","zip":"1"}}`, "", ""},
	// if with a const condition: kind "limit" (present) needs price; country "US" needs
	// zip; tier absent or 2 needs nothing, another tier needs billing (if/else).
	{`{"type":"order","id":"o1","qty":2,"kind":"limit"}`, "/price", `missing member "price", required when "kind" is "limit" (if/then)`},
	{`{"type":"order","id":"o1","qty":2,"kind":"market"}`, "", ""},
	{`{"type":"order","id":"o1","qty":2,"kind":"limit","price":"1","ts":1}`, "", ""},
	{`{"type":"account","owner":{"name":"a"},"billing":{"country":"US"}}`, "/billing/zip", `missing member "zip", required when "country" is "US" (if/then)`},
	{`{"type":"account","owner":{"name":"a"},"billing":{"country":"US","zip":"1"}}`, "", ""},
	{`{"type":"account","owner":{"name":"a"},"tier":1}`, "/billing", `missing member "billing", required unless "tier" is absent or 2 (if/else)`},
	{`{"type":"account","owner":{"name":"a"},"tier":2.0}`, "", ""},
	{`{"type":"account","owner":{"name":"a"},"tier":1,"billing":{"country":"DE"}}`, "", ""},
	// Presence rules on members kept in Extra, and if/else.
	{`{"type":"note","text":"t"}`, "", ""},
	{`{"type":"note","draft":true}`, "", ""},
	{`{"type":"note"}`, "/text", `missing member "text", required when "draft" is absent (if/else)`},
	{`{"type":"note","draft":false,"lang":"en"}`, "/text", `missing member "text", required when "lang" is present (dependentRequired)`},
	{`{"type":"note","text":"t","lang":"en"}`, "", ""},
	{`{"type":"note","text":"t","secret":1}`, "", `member "secret" is not allowed (not)`},
}

// TestFrames: Decode accepts exactly the frames the JSON Schema validator accepts, and
// refuses the others with a *DecodeError at the pointer of the member at fault; Encode
// writes back what it accepted, and Decode reads that back equal.
func TestFrames(t *testing.T) {
	p := loadProtocol(t)
	for _, tt := range frames {
		m, err := keywords.Decode([]byte(tt.frame))
		_, verr := p.Validate([]byte(tt.frame))
		if (err == nil) != (verr == nil) {
			t.Errorf("Decode(%s) = %v, validator: %v", tt.frame, err, verr)
		}
		if tt.reason == "" {
			if err != nil {
				t.Errorf("Decode(%s) = %v, want a message", tt.frame, err)
				continue
			}
			out, err := keywords.Encode(m)
			if err != nil {
				t.Errorf("Encode(Decode(%s)) = %v", tt.frame, err)
				continue
			}
			back, err := keywords.Decode(out)
			if err != nil {
				t.Errorf("Decode(Encode(Decode(%s))) = %v", tt.frame, err)
			} else if diff := cmp.Diff(m, back); diff != "" {
				t.Errorf("round trip of %s (-before +after):\n%s", tt.frame, diff)
			}
			continue
		}
		var de *keywords.DecodeError
		if !errors.As(err, &de) {
			t.Errorf("Decode(%s) = %v, want a *DecodeError", tt.frame, err)
			continue
		}
		if de.Pointer != tt.ptr || de.Reason != tt.reason {
			t.Errorf("Decode(%s) = pointer %q reason %q, want %q %q", tt.frame, de.Pointer, de.Reason, tt.ptr, tt.reason)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// TestEncodeRefusesInvalid: Encode and Validate refuse what Decode refuses, with the
// pointer and reason Decode gives for the frame that would have been written.
func TestEncodeRefusesInvalid(t *testing.T) {
	s := func(v string) *string { return &v }
	i := func(v int64) *int64 { return &v }
	for _, tt := range []struct {
		name        string
		m           keywords.Message
		ptr, reason string
	}{
		{"dependentRequired", &keywords.Order{ID: "o", Qty: 1, Price: s("1")}, "/ts", `missing member "ts", required when "price" is present (dependentRequired)`},
		{"if/then", &keywords.Order{ID: "o", Qty: 1, Stop: s("1")}, "/price", `missing member "price", required when "stop" is present (if/then)`},
		{"not", &keywords.Order{ID: "o", Qty: 1, Stop: s("1"), Limit: s("2"), Price: s("1"), Ts: i(1)}, "", `has all of "stop", "limit", which not forbids together`},
		{"allOf member constraint", &keywords.Order{ID: "", Qty: 1}, "/id", "string shorter than 1 character"},
		{"nested dependentRequired", &keywords.Account{Owner: keywords.AccountOwner{Name: "a", Phone: s("1")}}, "/owner/email", `missing member "email", required when "phone" is present (dependentRequired)`},
		{"nested if/then", &keywords.Account{Owner: keywords.AccountOwner{Name: "a"}, Billing: &keywords.AccountBilling{Country: "DE", Street: s("S")}}, "/billing/zip", `missing member "zip", required when "street" is present (if/then)`},
		{"if const/then", &keywords.Order{ID: "o", Qty: 1, Kind: ptr(keywords.OrderKindLimit)}, "/price", `missing member "price", required when "kind" is "limit" (if/then)`},
		{"if const/else", &keywords.Account{Owner: keywords.AccountOwner{Name: "a"}, Tier: i(3)}, "/billing", `missing member "billing", required unless "tier" is absent or 2 (if/else)`},
		{"if/else", &keywords.Note{}, "/text", `missing member "text", required when "draft" is absent (if/else)`},
		{"dependentRequired on Extra", &keywords.Note{Draft: new(bool), Extra: []keywords.Member{{Name: "lang", Value: []byte(`"en"`)}}}, "/text", `missing member "text", required when "lang" is present (dependentRequired)`},
		{"not on Extra", &keywords.Note{Text: s("t"), Extra: []keywords.Member{{Name: "secret", Value: []byte(`1`)}}}, "", `member "secret" is not allowed (not)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, err := keywords.Encode(tt.m)
			var ee *keywords.EncodeError
			if !errors.As(err, &ee) || out != nil {
				t.Fatalf("Encode = %s, %v; want an *EncodeError", out, err)
			}
			if ee.Type != tt.m.MessageType() || ee.Pointer != tt.ptr || ee.Reason != tt.reason {
				t.Errorf("Encode = %v (pointer %q reason %q), want %q %q", err, ee.Pointer, ee.Reason, tt.ptr, tt.reason)
			}
			if verr := tt.m.(interface{ Validate() error }).Validate(); verr == nil || verr.Error() != err.Error() {
				t.Errorf("Validate = %v, want %v", verr, err)
			}
		})
	}
}

// FuzzDecode: Decode accepts exactly what the JSON Schema validator accepts (except the
// documented refusals: duplicate members, invalid UTF-8, numbers int64 cannot hold); what
// it accepts, Encode writes back valid, stable, and decoding to the same value.
func FuzzDecode(f *testing.F) {
	for _, tt := range frames {
		f.Add([]byte(tt.frame))
	}
	p := loadProtocol(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := keywords.Decode(data)
		_, verr := p.Validate(data)
		if errors.Is(verr, schema.ErrNumberRange) {
			return
		}
		extra := errors.Is(err, wire.ErrRange) || errors.Is(err, wire.ErrInexact) || !wire.Valid(data)
		switch {
		case err == nil && verr != nil:
			t.Fatalf("Decode(%q) accepted a frame the validator refuses: %v", data, verr)
		case err != nil && verr == nil && !extra:
			t.Fatalf("Decode(%q) = %v, but the validator accepts the frame", data, err)
		}
		if err != nil {
			return
		}
		out, err := keywords.Encode(m)
		if err != nil {
			t.Fatalf("Encode(Decode(%q)) = %v", data, err)
		}
		if _, err := p.Validate(out); err != nil {
			t.Fatalf("Encode(Decode(%q)) = %s, invalid: %v", data, out, err)
		}
		m2, err := keywords.Decode(out)
		if err != nil {
			t.Fatalf("Decode(%s) = %v", out, err)
		}
		if diff := cmp.Diff(m, m2); diff != "" {
			t.Fatalf("round trip of %q (-before +after):\n%s", data, diff)
		}
		if again, _ := keywords.Encode(m2); !bytes.Equal(again, out) {
			t.Fatalf("Encode not stable for %q: %s then %s", data, out, again)
		}
	})
}
