package schema

// Value settings: the x-wsgen keys that choose how a value is held in Go, allowed on
// $defs types and properties beside goName (see docs/values.md).
var valueSettingKeys = map[string]bool{"decimal": true}

// rootDecimal reads the root x-wsgen "decimal": true makes every number member a
// wire.Decimal by default.
func (b *builder) rootDecimal(v *node, ptr string) {
	if v.kind != 'b' {
		b.errorf(ptr, "decimal must be true or false")
		return
	}
	b.p.Decimal = v.boolean
}

// valueSettings applies the value settings of the schema n (at ptr) to its type t.
func (b *builder) valueSettings(n *node, t *Type, ptr string) {
	b.requiredSets(n, t, ptr)
	b.presenceRules(n, t, ptr)
	if t.Repr == ReprFloat {
		t.Decimal = b.p.Decimal
	}
	x := n.get("x-wsgen")
	if x == nil || x.kind != 'o' {
		return
	}
	v := x.get("decimal")
	if v == nil {
		return
	}
	vp := ptr + "/x-wsgen/decimal"
	if v.kind != 'b' {
		b.errorf(vp, "decimal must be true or false")
		return
	}
	switch t.Repr {
	case ReprFloat:
		t.Decimal = v.boolean
	case ReprString:
		if v.boolean && (len(t.Enum) > 0 || t.Const != nil) {
			b.errorf(vp, "decimal applies to a string of decimal numbers, not to an enum or const")
			return
		}
		t.Decimal = v.boolean
	default:
		b.errorf(vp, "decimal applies to a number (held as wire.Decimal) or a string of numbers (given a decimal accessor), not to %s", t.Kinds)
	}
}
