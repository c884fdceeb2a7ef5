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
func TestExactNumbers(t *testing.T) {
	proto, err := os.ReadFile("testdata/values/protocol.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := schema.Parse("protocol.json", proto)
	if err != nil {
		t.Fatal(err)
	}
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
	data, _ := json.Marshal(frames)
	driver := `package main

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
		if tk, ok := m.(*conf.Ticker); ok {
			d, err := tk.BidDecimal()
			line += fmt.Sprintf(" bid=%v err=%v", d, err)
			if tk.Ask != nil {
				d, err := tk.AskDecimal()
				line += fmt.Sprintf(" ask=%v err=%v", d, err)
			}
		}
		if tr, ok := m.(*conf.Trade); ok {
			r, _ := tr.Price.Rat()
			line += " price=" + r.RatString()
		}
		fmt.Println(line)
	}
}
`
	got := strings.Split(strings.TrimSpace(runGenerated(t, proto, driver)), "\n")
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
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("frame %s:\n got %s\nwant %s", frames[i], got[i], want[i])
		}
		// Differential: the validator accepts the frame exactly when Decode does, except
		// the inexact refusals (the validator sees exact values).
		_, verr := p.Validate([]byte(frames[i]))
		accepted := strings.HasPrefix(got[i], "ok ")
		inexact := strings.HasPrefix(got[i], "refused inexact=true") || strings.Contains(got[i], "out of range")
		if (verr == nil) != accepted && !(inexact && verr == nil) {
			t.Errorf("frame %s: Decode %s, validator error %v", frames[i], got[i], verr)
		}
	}
}
