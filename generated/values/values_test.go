package values_test

import (
	"bytes"
	"errors"
	"os"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/generated/values"
	"github.com/wsgen/wsgen/schema"
	"github.com/wsgen/wsgen/wire"
)

var seeds = []string{
	`[]`, `["book",{"type":"book"}]`, // top-level arrays: no message is one
	`{"type":"trade","price":0.12345678901234567,"qty":1.50,"rate":0.5}`,
	`{"type":"trade","price":1e-400,"qty":0,"rate":1,"fee":null,"tick":0.07,"limits":[1e400,0.1]}`,
	`{"type":"trade","price":1,"qty":1,"rate":4.9e-324}`,
	`{"type":"trade","price":1,"qty":1,"rate":9007199254740993}`,
	`{"type":"ticker","bid":"0.0123","ask":"4.5000","last":null,"e":"x","E":1}`,
	`{"type":"book","bids":[["0.0123","4.5"],["0.0122","100.000"]],"asks":[]}`,
	`{"type":"book","bids":[["0.0123"]],"asks":[]}`,
	`{"type":"book","bids":[],"asks":[],"checksum":[42,"crc32",true,0.5]}`,
	`{"type":"book","bids":[],"asks":[],"open":["a",1,{"x":[null]},"b"]}`,
	`{"type":"frame","msg":[null,"2","room:lobby","phx_join",{}]}`,
	`{"type":"frame","msg":["1","2","room:lobby","phx_join",{},6]}`,
	`{"type":"notice","error":{"code":7,"msg":"x"},"id":"abc","flag":"on","level":["0.5","1"]}`,
	`{"type":"notice","error":["a"],"id":7,"flag":true,"level":"x"}`,
	`{"type":"notice","error":2.5}`,
	`{"type":"status","errorMessage":"bad","lot":3}`,
	`{"type":"status","channelID":1,"channelName":"book","size":"2"}`,
	`{"type":"quote","best":["1","2"],"levels":[["1","2"]],"top":[["3","4"]],"last":[1,2,3],"flags":[true,false]}`,
	`{"type":"quote","best":["1"],"levels":[["1","2","3"]],"last":null,"flags":[true,true]}`,
}

func loadProtocol(tb testing.TB) *schema.Protocol {
	tb.Helper()
	data, err := os.ReadFile("../../testdata/values/protocol.json")
	if err != nil {
		tb.Fatal(err)
	}
	p, err := schema.Parse("protocol.json", data)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

var hugeExponent = regexp.MustCompile(`[0-9][eE][+-]?[0-9]{4,}`)

// FuzzDecode: Decode accepts exactly what the JSON Schema validator accepts (except the
// documented refusals: numbers float64 cannot hold, duplicate members, invalid UTF-8);
// what it accepts, Encode writes back valid, stable, and decoding to the same value.
func FuzzDecode(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	p := loadProtocol(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := values.Decode(data)
		if hugeExponent.Match(data) {
			return
		}
		_, verr := p.Validate(data)
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
		out, err := values.Encode(m)
		if err != nil {
			t.Fatalf("Encode(Decode(%q)) = %v", data, err)
		}
		if _, err := p.Validate(out); err != nil {
			t.Fatalf("Encode(Decode(%q)) = %s, invalid: %v", data, out, err)
		}
		m2, err := values.Decode(out)
		if err != nil {
			t.Fatalf("Decode(%s) = %v", out, err)
		}
		if diff := cmp.Diff(m, m2); diff != "" {
			t.Fatalf("round trip of %q (-before +after):\n%s", data, diff)
		}
		if again, _ := values.Encode(m2); !bytes.Equal(again, out) {
			t.Fatalf("Encode not stable for %q: %s then %s", data, out, again)
		}
	})
}

// TestDecimalsByteForByte: decimal members are written back exactly as received.
func TestDecimalsByteForByte(t *testing.T) {
	for _, in := range []string{
		`{"type":"trade","price":0.12345678901234567,"qty":1.50,"rate":0.5}`,
		`{"type":"trade","price":1e-400,"qty":0E+0,"fee":-0.000,"rate":1,"limits":[1e400,0.1]}`,
	} {
		m, err := values.Decode([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		out, err := values.Encode(m)
		if err != nil || string(out) != in {
			t.Errorf("Encode(Decode(%s)) = %s, %v", in, out, err)
		}
	}
}

// TestSumEncode: sums built in Go encode as their branch; a required sum left nil is
// refused.
func TestSumEncode(t *testing.T) {
	for _, tt := range []struct {
		m    *values.Notice
		want string
	}{
		{&values.Notice{Error: values.NoticeErrorString("boom"), ID: values.NoticeIDInt(7)}, `{"type":"notice","error":"boom","id":7}`},
		{&values.Notice{Error: &values.NoticeErrorObject{Code: 7}, Flag: values.NoticeFlagStringOff}, `{"type":"notice","error":{"code":7},"flag":"off"}`},
		{&values.Notice{Error: values.NoticeErrorArray{"a"}, Level: &values.Level{Price: "1", Qty: "2"}}, `{"type":"notice","error":["a"],"level":["1","2"]}`},
		{&values.Notice{}, `values: encode "notice" at /error: missing or nil NoticeError value`},
		{&values.Notice{Error: (*values.NoticeErrorObject)(nil)}, `values: encode "notice" at /error: missing or nil NoticeError value`},
	} {
		b, err := values.Encode(tt.m)
		got := string(b)
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("Encode(%+v) = %s, want %s", tt.m, got, tt.want)
		}
	}
}

// TestRequiredSetsEncode: Encode refuses a value missing the members of every set.
func TestRequiredSetsEncode(t *testing.T) {
	msg, price := "bad", "1"
	if b, err := values.Encode(&values.Status{ErrorMessage: &msg, Price: &price}); err != nil || string(b) != `{"type":"status","errorMessage":"bad","price":"1"}` {
		t.Errorf("Encode = %s, %v", b, err)
	}
	_, err := values.Encode(&values.Status{Price: &price})
	if err == nil || err.Error() != `values: encode "status": missing the members of one of ["errorMessage"] or ["channelID", "channelName"]` {
		t.Errorf("Encode without a set = %v", err)
	}
}
