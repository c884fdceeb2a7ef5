package schema

import (
	"math/big"
	"strconv"
)

// stringEnum names a string enum: a named string type with one constant per value, named
// for the value ("side" "buy" → SideBuy, "" → SideEmpty); a value with no letter or digit
// to name it by ("\r\n", "+", "—") is named for its place in the enum (SideValue2).
func (b *builder) stringEnum(t *Type, ptr, hint string) {
	t.GoName = hint
	b.ident(hint, ptr)
	for i, v := range t.Enum {
		var s string
		_ = jsonUnquote(v, &s)
		vn := GoName(s)
		if s == "" {
			vn = "Empty"
		}
		if vn == "" {
			vn = "Value" + strconv.Itoa(i)
		}
		t.EnumValues = append(t.EnumValues, EnumValue{Value: s, GoName: hint + vn})
		b.ident(hint+vn, ptr+"/enum")
	}
	b.p.Types = append(b.p.Types, t)
}

// intEnum names an integer enum: a named int64 type with one constant per value that
// int64 holds, named for the value ("depth" 10 → Depth10, -1 → DepthMinus1).
func (b *builder) intEnum(t *Type, ptr, hint string) {
	t.GoName = hint
	b.ident(hint, ptr)
	for _, v := range t.Enum {
		r, ok := new(big.Rat).SetString(v)
		if !ok || !r.IsInt() || !r.Num().IsInt64() {
			continue // not an integer int64 holds: no value of the Go type has it
		}
		n := r.Num().Int64()
		vn := r.Num().String()
		if n < 0 {
			vn = "Minus" + vn[1:]
		}
		t.EnumValues = append(t.EnumValues, EnumValue{Value: strconv.FormatInt(n, 10), GoName: hint + vn, Int: n})
		b.ident(hint+vn, ptr+"/enum")
	}
	b.p.Types = append(b.p.Types, t)
}
