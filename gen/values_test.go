package gen_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/schema"
)

// TestExactNumbers runs the generated code of testdata/values on frames at both ends of
// float64's range and with more digits than it keeps: float64 members refuse what they
// cannot give back (ErrInexact, with the pointer), decimal members keep every literal and
// Encode writes it back byte for byte. Every verdict is compared with the JSON Schema
// validator's; the only documented difference is the inexact refusal.

// valuesDriver decodes each frame with the generated code of testdata/values, encodes it
// back and prints one line per frame: "ok <encoded> <extras>" or "refused inexact=<bool>:
// <error>".
func valuesDriver(frames []string) string {
	data, _ := json.Marshal(frames)
	return `package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"conformance/conf"
	"github.com/wsgen/wsgen/wire"
)

func main() {
	var frames []string
	if err := json.Unmarshal([]byte(` + "`" + string(data) + "`" + `), &frames); err != nil {
		panic(err)
	}
	for _, f := range frames {
		m, err := conf.Decode([]byte(f))
		if err != nil {
			fmt.Printf("refused inexact=%v: %v\n", errors.Is(err, wire.ErrInexact), err)
			continue
		}
		b, err := conf.Encode(m)
		if err != nil {
			fmt.Println("encode:", err)
			continue
		}
		line := "ok " + string(b)
		switch m := m.(type) {
		case *conf.Ticker:
			d, err := m.BidDecimal()
			line += fmt.Sprintf(" bid=%v err=%v", d, err)
			if m.Ask != nil {
				d, err := m.AskDecimal()
				line += fmt.Sprintf(" ask=%v err=%v", d, err)
			}
		case *conf.Trade:
			r, _ := m.Price.Rat()
			line += " price=" + r.RatString()
		case *conf.Book:
			for _, l := range m.Bids {
				p, _ := l.PriceDecimal()
				line += fmt.Sprintf(" bid{%s %s %v}", l.Price, l.Qty, p)
			}
		case *conf.Frame:
			line += fmt.Sprintf(" topic=%s event=%s joinref-null=%v", m.Msg.Topic, m.Msg.Event, m.Msg.JoinRef.Null)
		}
		fmt.Println(line)
	}
}
`
}

// checkFrames runs frames through the generated code, compares each line with want and
// each verdict with the JSON Schema validator's: they agree except for the documented
// refusals of numbers float64 cannot hold.
func checkFrames(t *testing.T, frames, want []string) {
	t.Helper()
	proto, err := os.ReadFile("../testdata/values/protocol.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := schema.Parse("protocol.json", proto)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSpace(runGenerated(t, proto, valuesDriver(frames))), "\n")
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("frame %s:\n got %s\nwant %s", frames[i], got[i], want[i])
		}
		_, verr := p.Validate([]byte(frames[i]))
		accepted := strings.HasPrefix(got[i], "ok ")
		inexact := strings.HasPrefix(got[i], "refused inexact=true") || strings.Contains(got[i], "out of range")
		if (verr == nil) != accepted && !(inexact && verr == nil) {
			t.Errorf("frame %s: Decode %s, validator error %v", frames[i], got[i], verr)
		}
	}
}

func TestExactNumbers(t *testing.T) {
	frames := []string{
		`{"type":"trade","price":0.12345678901234567,"qty":1.50,"rate":0.5}`,
		`{"type":"trade","price":1e-400,"qty":0,"rate":1,"fee":null,"tick":0.07,"limits":[1e400,0.1]}`,
		`{"type":"trade","price":1,"qty":1,"rate":1e-400}`,
		`{"type":"trade","price":1,"qty":1,"rate":-1e-400}`,
		`{"type":"trade","price":1,"qty":1,"rate":4.9e-324}`,
		`{"type":"trade","price":1,"qty":1,"rate":5e-324}`,
		`{"type":"trade","price":1,"qty":1,"rate":0.12345678901234567}`,
		`{"type":"trade","price":1,"qty":1,"rate":9007199254740993}`,
		`{"type":"trade","price":1,"qty":1,"rate":1.7976931348623157e308}`,
		`{"type":"trade","price":1,"qty":1,"rate":1e400}`,
		`{"type":"trade","price":1,"qty":1,"rate":1,"limits":[0.1,-0.0000001]}`,
		`{"type":"trade","price":0,"qty":1,"rate":1}`,
		`{"type":"trade","price":1,"qty":1,"rate":1,"tick":0.005}`,
		`{"type":"trade","price":"1","qty":1,"rate":1}`,
		`{"type":"ticker","bid":"0.0123","ask":"4.5000","last":null}`,
		`{"type":"ticker","bid":"12345678901234567890.123456789"}`,
		`{"type":"ticker","bid":"1e5"}`,
		`{"type":"ticker","bid":"0.1","ask":"abc"}`,
	}
	want := []string{
		`ok {"type":"trade","price":0.12345678901234567,"qty":1.50,"rate":0.5} price=12345678901234567/100000000000000000`,
		`ok {"type":"trade","price":1e-400,"qty":0,"fee":null,"rate":1,"tick":0.07,"limits":[1e400,0.1]} price=1/1` + strings.Repeat("0", 400),
		`refused inexact=true: conf: decode "trade" at /rate: number 1e-400 is not held exactly by float64 (it would become 0)`,
		`refused inexact=true: conf: decode "trade" at /rate: number -1e-400 is not held exactly by float64 (it would become -0)`,
		`refused inexact=true: conf: decode "trade" at /rate: number 4.9e-324 is not held exactly by float64 (it would become 5e-324)`,
		`ok {"type":"trade","price":1,"qty":1,"rate":5e-324} price=1`,
		`refused inexact=true: conf: decode "trade" at /rate: number 0.12345678901234567 is not held exactly by float64 (it would become 0.12345678901234566)`,
		`refused inexact=true: conf: decode "trade" at /rate: number 9007199254740993 is not held exactly by float64 (it would become 9007199254740992)`,
		`ok {"type":"trade","price":1,"qty":1,"rate":1.7976931348623157e+308} price=1`,
		`refused inexact=false: conf: decode "trade" at /rate: number out of range for float64`,
		`refused inexact=false: conf: decode "trade" at /limits/1: less than the minimum 0`,
		`refused inexact=false: conf: decode "trade" at /price: not greater than the exclusive minimum 0`,
		`refused inexact=false: conf: decode "trade" at /tick: not a multiple of 0.01`,
		`refused inexact=false: conf: decode "trade" at /price: expected number, got string`,
		`ok {"type":"ticker","bid":"0.0123","ask":"4.5000","last":null} bid=0.0123 err=<nil> ask=4.5000 err=<nil>`,
		`ok {"type":"ticker","bid":"12345678901234567890.123456789"} bid=12345678901234567890.123456789 err=<nil>`,
		`refused inexact=false: conf: decode "ticker" at /bid: string does not match pattern "^-?[0-9]+(\\.[0-9]+)?$"`,
		`ok {"type":"ticker","bid":"0.1","ask":"abc"} bid=0.1 err=<nil> ask=0 err=wire: syntax error at offset 0: invalid decimal literal "abc"`,
	}
	checkFrames(t, frames, want)
}

// TestTuples: prefixItems positions decode into named struct fields and encode in order;
// a tuple of the wrong length or with a wrong value at a position is refused with its
// pointer; optional positions and the values after them round-trip.
func TestTuples(t *testing.T) {
	frames := []string{
		`{"type":"book","bids":[["0.0123","4.5"],["0.0122","100.000"]],"asks":[]}`,
		`{"type":"book","bids":[["0.0123"]],"asks":[]}`,
		`{"type":"book","bids":[["0.0123","4.5","x"]],"asks":[]}`,
		`{"type":"book","bids":[["0.0123",4.5]],"asks":[]}`,
		`{"type":"book","bids":[["1e5","1"]],"asks":[]}`,
		`{"type":"book","bids":[],"asks":[["1","1"],["1","1"],["1","1"],["1","1"]]}`,
		`{"type":"book","bids":[],"asks":[],"checksum":[]}`,
		`{"type":"book","bids":[],"asks":[],"checksum":[42,"crc32"]}`,
		`{"type":"book","bids":[],"asks":[],"checksum":[42,"crc32",true,0.5]}`,
		`{"type":"book","bids":[],"asks":[],"checksum":[42,"crc32",true,0.5,1]}`,
		`{"type":"book","bids":[],"asks":[],"checksum":[42,"crc32",true,1e-400]}`,
		`{"type":"book","bids":[],"asks":[],"checksum":["42"]}`,
		`{"type":"book","bids":[],"asks":[],"checksum":{}}`,
		`{"type":"book","bids":[],"asks":[],"open":["a",1,{"x":[null]},"b"]}`,
		`{"type":"book","bids":[],"asks":[],"open":[]}`,
		`{"type":"frame","msg":[null,"2","room:lobby","phx_join",{}]}`,
		`{"type":"frame","msg":["1","2","room:lobby","phx_reply",{"status":"ok"}]}`,
		`{"type":"frame","msg":["1","2","","phx_join",{}]}`,
		`{"type":"frame","msg":["1","2","room:lobby","phx_join"]}`,
		`{"type":"frame","msg":["1","2","room:lobby","phx_join",{},6]}`,
		`{"type":"frame","msg":["1","2","room:lobby","phx_join",[]]}`,
	}
	want := []string{
		`ok {"type":"book","bids":[["0.0123","4.5"],["0.0122","100.000"]],"asks":[]} bid{0.0123 4.5 0.0123} bid{0.0122 100.000 0.0122}`,
		`refused inexact=false: conf: decode "book" at /bids/0: fewer than 2 items`,
		`refused inexact=false: conf: decode "book" at /bids/0: more than 2 items`,
		`refused inexact=false: conf: decode "book" at /bids/0/1: expected string, got number`,
		`refused inexact=false: conf: decode "book" at /bids/0/0: string does not match pattern "^[0-9]+(\\.[0-9]+)?$"`,
		`refused inexact=false: conf: decode "book" at /asks: more than 3 items`,
		`ok {"type":"book","bids":[],"asks":[],"checksum":[]}`,
		`ok {"type":"book","bids":[],"asks":[],"checksum":[42,"crc32"]}`,
		`ok {"type":"book","bids":[],"asks":[],"checksum":[42,"crc32",true,0.5]}`,
		`refused inexact=false: conf: decode "book" at /checksum: more than 4 items`,
		`refused inexact=true: conf: decode "book" at /checksum/3: number 1e-400 is not held exactly by float64 (it would become 0)`,
		`refused inexact=false: conf: decode "book" at /checksum/0: expected integer, got string`,
		`refused inexact=false: conf: decode "book" at /checksum: expected array, got object`,
		`ok {"type":"book","bids":[],"asks":[],"open":["a",1,{"x":[null]},"b"]}`,
		`ok {"type":"book","bids":[],"asks":[],"open":[]}`,
		`ok {"type":"frame","msg":[null,"2","room:lobby","phx_join",{}]} topic=room:lobby event=phx_join joinref-null=true`,
		`ok {"type":"frame","msg":["1","2","room:lobby","phx_reply",{"status":"ok"}]} topic=room:lobby event=phx_reply joinref-null=false`,
		`refused inexact=false: conf: decode "frame" at /msg/2: string shorter than 1 character`,
		`refused inexact=false: conf: decode "frame" at /msg: fewer than 5 items`,
		`refused inexact=false: conf: decode "frame" at /msg: more than 5 items`,
		`refused inexact=false: conf: decode "frame" at /msg/4: expected object, got array`,
	}
	checkFrames(t, frames, want)
}

// TestTupleEncode: Encode writes a tuple built in Go positionally and refuses a position
// set after an absent one, and too many values after the positions.
func TestTupleEncode(t *testing.T) {
	proto, err := os.ReadFile("../testdata/values/protocol.json")
	if err != nil {
		t.Fatal(err)
	}
	got := runGenerated(t, proto, `package main

import (
	"fmt"

	"conformance/conf"
)

func main() {
	algo, v := "crc32", int64(7)
	for _, m := range []*conf.Book{
		{Bids: []conf.Level{{Price: "0.0123", Qty: "4.5"}}, Asks: []conf.Level{}},
		{Bids: []conf.Level{}, Asks: []conf.Level{}, Checksum: &conf.BookChecksum{Value: &v, Algo: &algo}},
		{Bids: []conf.Level{}, Asks: []conf.Level{}, Checksum: &conf.BookChecksum{Algo: &algo}},
		{Bids: []conf.Level{}, Asks: []conf.Level{}, Checksum: &conf.BookChecksum{Value: &v, Rest: []float64{1}}},
		{Bids: []conf.Level{}, Asks: []conf.Level{}, Checksum: &conf.BookChecksum{Value: &v, Algo: &algo, P2: new(bool), Rest: []float64{1, 2}}},
	} {
		b, err := conf.Encode(m)
		fmt.Println(string(b), err)
	}
}
`)
	want := `{"type":"book","bids":[["0.0123","4.5"]],"asks":[]} <nil>
{"type":"book","bids":[],"asks":[],"checksum":[7,"crc32"]} <nil>
 conf: encode "book" at /checksum/0: a later position is set but position 0 is not
 conf: encode "book" at /checksum/1: a later position is set but position 1 is not
 conf: encode "book" at /checksum: more than 4 items
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestSums: a oneOf or anyOf of unlike kinds decodes into the branch of the value's kind,
// checked by that branch's schema, and encodes back.
func TestSums(t *testing.T) {
	frames := []string{
		`{"type":"notice","error":"boom"}`,
		`{"type":"notice","error":{"code":7,"msg":"x"}}`,
		`{"type":"notice","error":["a","b"]}`,
		`{"type":"notice","error":2.5}`,
		`{"type":"notice","error":true}`,
		`{"type":"notice","error":null}`,
		`{"type":"notice","error":""}`,
		`{"type":"notice","error":{"msg":"x"}}`,
		`{"type":"notice","error":[]}`,
		`{"type":"notice","error":-1}`,
		`{"type":"notice","error":0.12345678901234567}`,
		`{"type":"notice","error":"e","id":7}`,
		`{"type":"notice","error":"e","id":"abc"}`,
		`{"type":"notice","error":"e","id":0}`,
		`{"type":"notice","error":"e","id":"ABC"}`,
		`{"type":"notice","error":"e","id":1.5}`,
		`{"type":"notice","error":"e","flag":false}`,
		`{"type":"notice","error":"e","flag":"on"}`,
		`{"type":"notice","error":"e","flag":"maybe"}`,
		`{"type":"notice","error":"e","level":["0.5","1"]}`,
		`{"type":"notice","error":"e","level":"none"}`,
		`{"type":"notice","error":"e","level":["0.5"]}`,
	}
	want := []string{
		`ok {"type":"notice","error":"boom"}`,
		`ok {"type":"notice","error":{"code":7,"msg":"x"}}`,
		`ok {"type":"notice","error":["a","b"]}`,
		`ok {"type":"notice","error":2.5}`,
		`refused inexact=false: conf: decode "notice" at /error: expected number or string or array or object, got boolean`,
		`refused inexact=false: conf: decode "notice" at /error: expected number or string or array or object, got null`,
		`refused inexact=false: conf: decode "notice" at /error: string shorter than 1 character`,
		`refused inexact=false: conf: decode "notice" at /error: missing required member "code"`,
		`refused inexact=false: conf: decode "notice" at /error: fewer than 1 item`,
		`refused inexact=false: conf: decode "notice" at /error: less than the minimum 0`,
		`refused inexact=true: conf: decode "notice" at /error: number 0.12345678901234567 is not held exactly by float64 (it would become 0.12345678901234566)`,
		`ok {"type":"notice","error":"e","id":7}`,
		`ok {"type":"notice","error":"e","id":"abc"}`,
		`refused inexact=false: conf: decode "notice" at /id: less than the minimum 1`,
		`refused inexact=false: conf: decode "notice" at /id: string does not match pattern "^[a-z]+$"`,
		`refused inexact=false: conf: decode "notice" at /id: expected integer, got 1.5`,
		`ok {"type":"notice","error":"e","flag":false}`,
		`ok {"type":"notice","error":"e","flag":"on"}`,
		`refused inexact=false: conf: decode "notice" at /flag: string is not one of the enum values`,
		`ok {"type":"notice","error":"e","level":["0.5","1"]}`,
		`ok {"type":"notice","error":"e","level":"none"}`,
		`refused inexact=false: conf: decode "notice" at /level: fewer than 2 items`,
	}
	checkFrames(t, frames, want)
}

// TestRequiredSets: "one of these members is required" (a oneOf or anyOf of required
// sets) is checked on decode, as the validator checks it.
func TestRequiredSets(t *testing.T) {
	frames := []string{
		`{"type":"status","errorMessage":"bad","price":"1"}`,
		`{"type":"status","channelID":1,"channelName":"book","size":"2","price":"1"}`,
		`{"type":"status","channelID":1,"price":"1"}`,
		`{"type":"status","errorMessage":"bad","channelID":1,"channelName":"book","price":"1"}`,
		`{"type":"status","price":"1"}`,
		`{"type":"status","errorMessage":"bad"}`,
		`{"type":"status","errorMessage":"bad","lot":3}`,
	}
	want := []string{
		`ok {"type":"status","errorMessage":"bad","price":"1"}`,
		`ok {"type":"status","channelID":1,"channelName":"book","price":"1","size":"2"}`,
		`refused inexact=false: conf: decode "status": missing the members of one of ["errorMessage"] or ["channelID", "channelName"]`,
		`refused inexact=false: conf: decode "status": has the members of more than one of ["errorMessage"] or ["channelID", "channelName"] (oneOf)`,
		`refused inexact=false: conf: decode "status": missing the members of one of ["errorMessage"] or ["channelID", "channelName"]`,
		`refused inexact=false: conf: decode "status": missing the members of one of ["price"] or ["size"] or ["lot"]`,
		`ok {"type":"status","errorMessage":"bad","lot":3}`,
	}
	checkFrames(t, frames, want)
}
