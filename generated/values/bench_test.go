package values_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/generated/values"
)

// bookFrame is an order-book snapshot of 100 levels (50 bids, 50 asks); with quote the
// prices and quantities are strings ("0.0123"), else numbers.
func bookFrame(typ string, quote bool) []byte {
	var b strings.Builder
	q := ""
	if quote {
		q = `"`
	}
	fmt.Fprintf(&b, `{"type":%q,"bids":[`, typ)
	for side := 0; side < 2; side++ {
		if side == 1 {
			b.WriteString(`],"asks":[`)
		}
		for i := 0; i < 50; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			price := 27000.5 + float64(i)*0.25
			if side == 0 {
				price = 26999.75 - float64(i)*0.25
			}
			fmt.Fprintf(&b, `[%s%.2f%s,%s%.8f%s]`, q, price, q, q, 0.01234567+float64(i)*1.5, q)
		}
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// BenchmarkDecode: the 100-level snapshot with string prices as named tuples
// (Level{Price, Qty}), against encoding/json into [][]string (which checks nothing).
func BenchmarkDecode(b *testing.B) {
	frame := bookFrame("snapshot", true)
	b.Run("wsgen", func(b *testing.B) {
		b.SetBytes(int64(len(frame)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := values.Decode(frame); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.SetBytes(int64(len(frame)))
		b.ReportAllocs()
		for b.Loop() {
			var v struct {
				Type string     `json:"type"`
				Bids [][]string `json:"bids"`
				Asks [][]string `json:"asks"`
			}
			if err := json.Unmarshal(frame, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDecodeNumbers: the same snapshot with numeric prices, decoded into float64
// members and into wire.Decimal members (the frames differ only in the type name).
func BenchmarkDecodeNumbers(b *testing.B) {
	for _, c := range []struct{ name, typ string }{{"float64", "bookf"}, {"decimal", "bookd"}} {
		frame := bookFrame(c.typ, false)
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(frame)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := values.Decode(frame); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestBookFrames: the benchmark frames decode, and strings and decimals keep their
// literals (27000.50 stays 27000.50).
func TestBookFrames(t *testing.T) {
	if _, err := values.Decode(bookFrame("bookf", false)); err != nil {
		t.Fatal(err)
	}
	for _, f := range [][]byte{bookFrame("snapshot", true), bookFrame("bookd", false)} {
		m, err := values.Decode(f)
		if err != nil {
			t.Fatal(err)
		}
		out, err := values.Encode(m)
		if err != nil || string(out) != string(f) {
			t.Errorf("Encode(Decode(%.40s…)) differs: %v", f, err)
		}
	}
}
