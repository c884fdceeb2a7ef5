package nestedroles_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/generated/nestedroles"
	"github.com/wsgen/wsgen/schema"
	"github.com/wsgen/wsgen/wire"
)

var seeds = []string{
	`{"method":"place","params":{"id":"r","key":"k","symbol":"B","signature":"deadbeef00","legs":[{"account":"acct-secret-1","qty":1}]}}`,
	`{"method":"place","params":{"id":"r","symbol":"B","signature":"tok-secret"}}`,
	`{"method":"place","params":{"id":"r","symbol":"B","signature":"deadbeef00","hedge":[{"account":"acct-secret-1","qty":1},{"account":"acct-secret-2","qty":2}]}}`,
	`{"method":"placed","result":{"id":"r","order":"o"}}`,
	`{"method":"trade","data":{"id":"t","symbol":"B","seq":1,"price":"1","owner":{"name":"n","token":"tok-secret"}}}`,
	`{"method":"trade","data":{"id":"t","symbol":"B","seq":1,"price":"1","owner":{"name":"n","token":"tok"}}}`,
}

// FuzzDecode: Decode accepts exactly what the JSON Schema validator accepts (except the
// documented refusals); a refusal never quotes a value of the sensitive members the seeds
// hold; what Decode accepts, Encode writes back valid and decoding to the same value, and
// the role accessors read the nested members.
func FuzzDecode(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	data, err := os.ReadFile("../../testdata/nestedroles/protocol.json")
	if err != nil {
		f.Fatal(err)
	}
	p, err := schema.Parse("protocol.json", data)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := nestedroles.Decode(data)
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
			var de *nestedroles.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("Decode(%q) = %v, want a *DecodeError", data, err)
			}
			if strings.HasSuffix(de.Pointer, "/token") || strings.HasSuffix(de.Pointer, "/account") || strings.HasSuffix(de.Pointer, "/signature") {
				for _, s := range []string{"tok-secret", "acct-secret-1", "deadbeef00"} {
					if strings.Contains(err.Error(), s) {
						t.Fatalf("Decode(%q) = %v: quotes a sensitive value", data, err)
					}
				}
			}
			return
		}
		out, err := nestedroles.Encode(m)
		if err != nil {
			t.Fatalf("Encode(Decode(%q)) = %v", data, err)
		}
		if _, err := p.Validate(out); err != nil {
			t.Fatalf("Encode(Decode(%q)) = %s, invalid: %v", data, out, err)
		}
		m2, err := nestedroles.Decode(out)
		if err != nil {
			t.Fatalf("Decode(%s) = %v", out, err)
		}
		if diff := cmp.Diff(m, m2); diff != "" {
			t.Fatalf("round trip of %q (-before +after):\n%s", data, diff)
		}
		if again, _ := nestedroles.Encode(m2); !bytes.Equal(again, out) {
			t.Fatalf("Encode not stable for %q: %s then %s", data, out, again)
		}
		switch m := m.(type) {
		case *nestedroles.Place:
			if m.RoleCorrelationID() != m.Params.ID {
				t.Fatalf("RoleCorrelationID = %q, params.id %q", m.RoleCorrelationID(), m.Params.ID)
			}
		case *nestedroles.Trade:
			if m.RoleEventID() != m.Data.ID || m.RoleStream() != m.Data.Symbol || m.RoleSequence() != m.Data.Seq {
				t.Fatalf("roles of %q: %q %q %d", data, m.RoleEventID(), m.RoleStream(), m.RoleSequence())
			}
		}
	})
}
