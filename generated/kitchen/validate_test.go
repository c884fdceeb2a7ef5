package kitchen_test

import (
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/wsgen/wsgen/generated/kitchen"
)

func ptr[T any](v T) *T { return &v }

// TestEncodeRefusesInvalid: one value per kind of constraint the kitchen protocol has
// that chat lacks; Encode and Validate refuse it with an *EncodeError of the message type
// at the pointer of the value at fault.
func TestEncodeRefusesInvalid(t *testing.T) {
	order := func(f func(o *kitchen.Order)) *kitchen.Order {
		o := &kitchen.Order{OrderID: "o1", Idem: "i", Card: kitchen.Nullable[string]{Null: true}, Qty: 2, Price: 1.5}
		f(o)
		return o
	}
	if _, err := kitchen.Encode(order(func(*kitchen.Order) {})); err != nil {
		t.Fatalf("Encode of the valid order = %v", err)
	}
	for _, tt := range []struct {
		name string
		m    kitchen.Message
		ptr  string
	}{
		{"integer multipleOf", order(func(o *kitchen.Order) { o.Qty = 3 }), "/qty"},
		{"integer maximum", order(func(o *kitchen.Order) { o.Qty = 1002 }), "/qty"},
		{"exclusiveMinimum", order(func(o *kitchen.Order) { o.Price = 0 }), "/price"},
		{"number multipleOf", order(func(o *kitchen.Order) { o.Price = 1.234 }), "/price"},
		{"NaN", order(func(o *kitchen.Order) { o.Price = math.NaN() }), "/price"},
		{"number minimum", order(func(o *kitchen.Order) { o.Discount = ptr(-2.0) }), "/discount"},
		{"Nullable pattern", order(func(o *kitchen.Order) { o.Card = kitchen.Nullable[string]{Value: "12"} }), "/card"},
		{"optional Nullable maxLength", order(func(o *kitchen.Order) { o.Note = &kitchen.Nullable[string]{Value: "12345678901"} }), "/note"},
		{"Nullable maximum", order(func(o *kitchen.Order) { o.Ratio = &kitchen.Nullable[float64]{Value: 2} }), "/ratio"},
		{"enum item", order(func(o *kitchen.Order) { o.Tags = &kitchen.OrderTags{"red", "purple"} }), "/tags/1"},
		{"uniqueItems", order(func(o *kitchen.Order) { o.Tags = &kitchen.OrderTags{"red", "green", "red"} }), "/tags/2"},
		{"maxItems", order(func(o *kitchen.Order) { o.Tags = &kitchen.OrderTags{"red", "green", "blue-ish", ""} }), "/tags"},
		{"minItems, nested", order(func(o *kitchen.Order) { o.Matrix = &kitchen.OrderMatrix{{{Value: 1}}, {}} }), "/matrix/1"},
		{"integer enum, map value", order(func(o *kitchen.Order) { o.Attrs = &kitchen.OrderAttrs{"a": 1, "b": 5} }), "/attrs/b"},
		{"raw enum", order(func(o *kitchen.Order) { o.Level = json.RawMessage(`2`) }), "/level"},
		{"raw invalid JSON", order(func(o *kitchen.Order) { o.Payload = json.RawMessage(`{`) }), "/payload"},
		{"raw false schema", order(func(o *kitchen.Order) { o.Never = json.RawMessage(`1`) }), "/never"},
		{"boolean const", order(func(o *kitchen.Order) { o.Flag = ptr(false) }), "/flag"},
		{"Extra named like a member", order(func(o *kitchen.Order) { o.Shape = &kitchen.OrderShape{W: 1, Extra: map[string]string{"w": "x"}} }), "/shape/w"},
		{"union branch constraint", order(func(o *kitchen.Order) { o.Figure = &kitchen.Circle{Form: "circle", R: -1} }), "/figure/r"},
		{"union discriminator const", order(func(o *kitchen.Order) { o.Figure = &kitchen.Square{Form: "circle"} }), "/figure/form"},
		{"union nil in an array", order(func(o *kitchen.Order) { o.Figures = &kitchen.OrderFigures{&kitchen.Circle{Form: "circle"}, nil} }), "/figures/1"},
		{"nested Nullable object pattern", order(func(o *kitchen.Order) {
			o.Address = &kitchen.Nullable[kitchen.Address]{Value: kitchen.Address{Street: "s", Zip: ptr("1")}}
		}), "/address/zip"},
		{"Extra raw value", order(func(o *kitchen.Order) {
			o.Address = &kitchen.Nullable[kitchen.Address]{Value: kitchen.Address{Street: "s", Extra: []kitchen.Member{{Name: "x", Value: json.RawMessage(`[1,`)}}}}
		}), "/address/x"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, err := kitchen.Encode(tt.m)
			var ee *kitchen.EncodeError
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
