package values_test

import (
	"errors"
	"testing"

	"github.com/wsgen/wsgen/generated/values"
	"github.com/wsgen/wsgen/wire"
)

// TestEncodeRefusesInvalid: wire.Decimal bounds and multipleOf (on the exact literal
// written), an array of decimals, and a tuple position's pattern, refused by Encode and
// Validate at the pointer of the value at fault.
func TestEncodeRefusesInvalid(t *testing.T) {
	dec := wire.MustParseDecimal
	trade := func(f func(*values.Trade)) *values.Trade {
		m := &values.Trade{Price: dec("1.5"), Qty: dec("2"), Rate: 0.5}
		f(m)
		return m
	}
	if _, err := values.Encode(trade(func(*values.Trade) {})); err != nil {
		t.Fatalf("Encode of the valid trade = %v", err)
	}
	for _, tt := range []struct {
		name string
		m    values.Message
		ptr  string
	}{
		{"decimal exclusiveMinimum", trade(func(m *values.Trade) { m.Price = dec("0") }), "/price"},
		{"decimal minimum", trade(func(m *values.Trade) { m.Qty = dec("-0.001") }), "/qty"},
		{"decimal multipleOf", trade(func(m *values.Trade) { d := dec("0.015"); m.Tick = &d }), "/tick"},
		{"decimal array item", trade(func(m *values.Trade) { m.Limits = &values.TradeLimits{dec("1"), dec("-1")} }), "/limits/1"},
		{"tuple position pattern", &values.Book{Bids: values.BookBids{{Price: "1.0", Qty: "1"}, {Price: "x", Qty: "1"}}}, "/bids/1/0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, err := values.Encode(tt.m)
			var ee *values.EncodeError
			if !errors.As(err, &ee) || out != nil {
				t.Fatalf("Encode = %s, %v; want an *EncodeError", out, err)
			}
			if ee.Type != tt.m.MessageType() || ee.Pointer != tt.ptr {
				t.Errorf("Encode = %v (pointer %q), want Type %q Pointer %q", err, ee.Pointer, tt.m.MessageType(), tt.ptr)
			}
			if verr := tt.m.(interface{ Validate() error }).Validate(); verr == nil || verr.Error() != err.Error() {
				t.Errorf("Validate = %v, want %v", verr, err)
			}
		})
	}
}
