package gen

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"

	"github.com/dave/jennifer/jen"
	"github.com/wsgen/wsgen/internal/jsonstr"
	"github.com/wsgen/wsgen/schema"
)

type lval func() *jen.Statement

func id(name string) lval { return func() *jen.Statement { return jen.Id(name) } }

func field(recv, name string) lval {
	return func() *jen.Statement { return jen.Id(recv).Dot(name) }
}

func (l lval) dot(name string) lval { return func() *jen.Statement { return l().Dot(name) } }

// retFn builds a return statement from an error expression.
type retFn func(err jen.Code) jen.Code

func errReturn(wrap func(jen.Code) jen.Code) retFn {
	return func(e jen.Code) jen.Code { return jen.Return(wrap(e)) }
}

func plain(e jen.Code) jen.Code { return e }

func atToken(token string) func(jen.Code) jen.Code {
	return func(e jen.Code) jen.Code { return wirePkg("At").Call(e, jen.Lit(token)) }
}

func atIndex(i jen.Code) func(jen.Code) jen.Code {
	return func(e jen.Code) jen.Code { return wirePkg("AtIndex").Call(e, i) }
}

func schemaErr(format string, args ...any) jen.Code {
	return wirePkg("Invalid").Call(jen.Lit(fmt.Sprintf(format, args...)))
}

func peekNot(kind string) *jen.Statement {
	return jen.Id("d").Dot("Peek").Call().Op("!=").Add(wirePkg(kind))
}

func ifErr(ret retFn, e jen.Code) *jen.Statement {
	return jen.If(jen.Err().Op("!=").Nil()).Block(ret(e))
}

// jsonString is s as wire.AppendString writes it.
func jsonString(s string) string { return jsonstr.Quote(s) }

// decodeSlot reads the next value, of schema t, into dst (of slotType(t)).
func (g *generator) decodeSlot(gr *jen.Group, t *schema.Type, dst lval, ret retFn) {
	if t.Nullable() {
		gr.If(jen.Id("d").Dot("Peek").Call().Op("==").Add(wirePkg("KindNull"))).Block(
			jen.If(jen.Err().Op(":=").Id("d").Dot("ReadNull").Call(), jen.Err().Op("!=").Nil()).Block(ret(jen.Err())),
			dst().Dot("Null").Op("=").True(),
		).Else().BlockFunc(func(gr *jen.Group) {
			g.decodeBase(gr, t, dst.dot("Value"), ret, false)
		})
		return
	}
	g.decodeBase(gr, t, dst, ret, false)
}

// kindName is the JSON Schema name of the non-null kind a typed repr accepts.
func kindName(t *schema.Type) string {
	return (t.Kinds &^ schema.Null).String()
}

// decodeBase reads the next value, of schema t and not null, into dst; with addr (for an
// optional field of a scalar type without a Go name) dst is a pointer set to the address
// of the value read.
func (g *generator) decodeBase(gr *jen.Group, t *schema.Type, dst lval, ret retFn, addr bool) {
	set := func(v string) {
		switch {
		case addr:
			gr.Add(dst()).Op("=").Op("&").Id(v)
		case t.GoName != "":
			gr.Add(dst()).Op("=").Id(t.GoName).Call(jen.Id(v))
		default:
			gr.Add(dst()).Op("=").Id(v)
		}
	}
	switch t.Repr {
	case schema.ReprString:
		if t.Pattern != "" && scannable(t.PatternRE2) {
			g.decodeScanned(gr, t, ret)
			set("s")
			return
		}
		gr.List(jen.Id("s"), jen.Err()).Op(":=").Add(wirePkg("ReadString")).Call(jen.Id("d"), lengthBound(t.MinLength, 0), lengthBound(t.MaxLength, -1))
		gr.Add(ifErr(ret, jen.Err()))
		g.stringChecks(gr, t, jen.Id("s"), "MatchString", ret)
		set("s")
	case schema.ReprInt:
		g.decodeInt(gr, t, ret)
		set("v")
	case schema.ReprFloat:
		if t.Decimal {
			g.decodeDecimal(gr, t, ret)
		} else {
			g.decodeFloat(gr, t, ret)
		}
		set("v")
	case schema.ReprBool:
		gr.List(jen.Id("v"), jen.Err()).Op(":=").Add(wirePkg("ReadBool")).Call(jen.Id("d"))
		gr.Add(ifErr(ret, jen.Err()))
		g.boolChecks(gr, t, ret)
		set("v")
	case schema.ReprArray, schema.ReprMap, schema.ReprStruct, schema.ReprTuple:
		if t.Const == nil && t.Enum == nil {
			gr.If(jen.Err().Op(":=").Add(dst()).Dot("decodeWire").Call(jen.Id("d")), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
			return
		}
		gr.Id("d").Dot("Peek").Call()
		gr.Id("start").Op(":=").Id("d").Dot("Offset").Call()
		gr.If(jen.Err().Op(":=").Add(dst()).Dot("decodeWire").Call(jen.Id("d")), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
		g.canonicalCheck(gr, t, jen.Id("d").Dot("Since").Call(jen.Id("start")), ret)
	case schema.ReprUnion, schema.ReprSum:
		gr.List(jen.Id("v"), jen.Err()).Op(":=").Id("decode" + t.GoName).Call(jen.Id("d"))
		gr.Add(ifErr(ret, jen.Err()))
		gr.Add(dst()).Op("=").Id("v")
	default: // raw
		if t.Kinds == schema.Any && !hasConstraints(t) {
			gr.List(jen.Id("raw"), jen.Err()).Op(":=").Id("d").Dot("ReadRaw").Call()
		} else {
			gr.List(jen.Id("raw"), jen.Err()).Op(":=").Id(g.checkFunc(t)).Call(jen.Id("d"))
		}
		gr.Add(ifErr(ret, jen.Err()))
		gr.Add(dst()).Op("=").Append(jen.Qual("encoding/json", "RawMessage").Call(jen.Nil()), jen.Id("raw").Op("..."))
	}
}

// decodeScanned reads into s a string of schema t whose pattern is scannable: the
// pattern's scanner matches the string in the input, and a string it takes within the
// length bounds (counted in bytes: it is ASCII) is kept without a second pass; any other
// (escaped, refused, out of bounds) is read and checked the usual way, which says why it
// is refused.
func (g *generator) decodeScanned(gr *jen.Group, t *schema.Type, ret retFn) {
	match := g.patternMatch(t, jen.Id("s"), "MatchString")
	scan := g.scanner(t.PatternRE2)
	cond := jen.Id("n").Op(">=").Lit(0)
	if t.MinLength != nil && *t.MinLength > 0 {
		cond = jen.Id("n").Op(">=").Lit(int(*t.MinLength))
	}
	if t.MaxLength != nil {
		cond = cond.Op("&&").Id("n").Op("<=").Lit(int(*t.MaxLength))
	}
	gr.Var().Id("s").String()
	gr.If(jen.Id("n").Op(":=").Add(scan).Call(jen.Id("d").Dot("StringAhead").Call()), cond).Block(
		jen.Id("s").Op("=").Id("d").Dot("TakeString").Call(jen.Id("n")),
	).Else().BlockFunc(func(el *jen.Group) {
		el.Var().Err().Error()
		el.If(jen.List(jen.Id("s"), jen.Err()).Op("=").Add(wirePkg("ReadString")).Call(jen.Id("d"), lengthBound(t.MinLength, 0), lengthBound(t.MaxLength, -1)), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
		el.If(jen.Op("!").Add(match)).Block(ret(schemaErr("string does not match pattern %s", strconv.Quote(t.Pattern))))
	})
	g.stringValueChecks(gr, t, jen.Id("s"), "MatchString", ret)
}

// lengthBound is a minLength or maxLength as the argument of wireimpl.ReadString: the
// bound, or none (0 for the minimum, -1 for the maximum).
func lengthBound(b *int64, none int) jen.Code {
	if b == nil {
		return jen.Lit(none)
	}
	return jen.Lit(int(*b))
}

// decodeInt reads the next value of the integer schema t into v (int64). wireimpl.ReadInt
// checks a minimum and maximum written as plain int64 decimals (its reasons print them
// so); other bounds are checked here, in the same order (minimum, exclusiveMinimum,
// maximum, exclusiveMaximum), on v when they are int64 values and else exactly on the
// literal n.
func (g *generator) decodeInt(gr *jen.Group, t *schema.Type, ret retFn) {
	lo, hi := jen.Qual("math", "MinInt64"), jen.Qual("math", "MaxInt64")
	bs := bounds(t)
	simple := t.ExclusiveMinimum == "" && t.ExclusiveMaximum == ""
	exact := true // every bound and multipleOf is an int64
	for _, b := range bs {
		iv, ok := int64Of(b.lit)
		exact = exact && ok
		simple = simple && ok && strconv.FormatInt(iv, 10) == b.lit
	}
	if m, ok := int64Of(t.MultipleOf); t.MultipleOf != "" && (!ok || m <= 0) {
		exact = false
	}
	if !exact {
		// A bound or multipleOf int64 cannot hold: compare the literal.
		gr.List(jen.Id("n"), jen.Err()).Op(":=").Add(wirePkg("ReadNumber")).Call(jen.Id("d"), jen.Lit("integer"))
		gr.Add(ifErr(ret, jen.Err()))
		gr.List(jen.Id("v"), jen.Err()).Op(":=").Add(wirePkg("IntOf")).Call(jen.Id("n"))
		gr.Add(ifErr(ret, jen.Err()))
		g.intChecks(gr, t, bs, ret)
		return
	}
	if simple {
		for _, b := range bs {
			iv, _ := int64Of(b.lit)
			if b.op == "<" {
				lo = intLit(iv).(*jen.Statement)
			} else {
				hi = intLit(iv).(*jen.Statement)
			}
		}
		bs = nil
	}
	gr.List(jen.Id("v"), jen.Err()).Op(":=").Add(wirePkg("ReadInt")).Call(jen.Id("d"), lo, hi)
	gr.Add(ifErr(ret, jen.Err()))
	g.intChecks(gr, t, bs, ret)
}

// decodeFloat reads the next value of the number schema t into v (float64):
// wireimpl.ReadFloat when t has at most a minimum and a maximum, else the literal n checked
// here in the order of the schema's keywords, then converted.
func (g *generator) decodeFloat(gr *jen.Group, t *schema.Type, ret retFn) {
	_, _, enum := numericSet(t)
	if t.Kinds&^schema.Null == schema.Number && t.ExclusiveMinimum == "" && t.ExclusiveMaximum == "" && t.MultipleOf == "" && !enum {
		lo, hi := jen.Nil(), jen.Nil()
		if t.Minimum != "" {
			lo = g.lit(t.Minimum)
		}
		if t.Maximum != "" {
			hi = g.lit(t.Maximum)
		}
		gr.List(jen.Id("v"), jen.Err()).Op(":=").Add(wirePkg("ReadFloat")).Call(jen.Id("d"), lo, hi)
		gr.Add(ifErr(ret, jen.Err()))
		return
	}
	gr.List(jen.Id("n"), jen.Err()).Op(":=").Add(wirePkg("ReadNumber")).Call(jen.Id("d"), jen.Lit(kindName(t)))
	gr.Add(ifErr(ret, jen.Err()))
	g.numberChecks(gr, t, ret)
	gr.List(jen.Id("v"), jen.Err()).Op(":=").Add(wirePkg("FloatOf")).Call(jen.Id("n"))
	gr.Add(ifErr(ret, jen.Err()))
}

// decodeDecimal reads the next value of the number schema t into v (wire.Decimal),
// exactly: wireimpl.ReadDecimal when t has at most a minimum and a maximum, else the literal n
// checked here, then kept.
func (g *generator) decodeDecimal(gr *jen.Group, t *schema.Type, ret retFn) {
	_, _, enum := numericSet(t)
	if t.Kinds&^schema.Null == schema.Number && t.ExclusiveMinimum == "" && t.ExclusiveMaximum == "" && t.MultipleOf == "" && !enum {
		lo, hi := jen.Nil(), jen.Nil()
		if t.Minimum != "" {
			lo = g.lit(t.Minimum)
		}
		if t.Maximum != "" {
			hi = g.lit(t.Maximum)
		}
		gr.List(jen.Id("v"), jen.Err()).Op(":=").Add(wirePkg("ReadDecimal")).Call(jen.Id("d"), lo, hi)
		gr.Add(ifErr(ret, jen.Err()))
		return
	}
	gr.List(jen.Id("n"), jen.Err()).Op(":=").Add(wirePkg("ReadNumber")).Call(jen.Id("d"), jen.Lit(kindName(t)))
	gr.Add(ifErr(ret, jen.Err()))
	g.numberChecks(gr, t, ret)
	gr.Id("v").Op(":=").Add(wirePkg("DecimalOf")).Call(jen.Id("n"))
}

func hasConstraints(t *schema.Type) bool {
	return t.Const != nil || t.Enum != nil || t.MinLength != nil || t.MaxLength != nil || t.Pattern != "" ||
		t.Minimum != "" || t.Maximum != "" || t.ExclusiveMinimum != "" || t.ExclusiveMaximum != "" || t.MultipleOf != "" ||
		t.ObjectName != "" || t.ArrayName != ""
}

// canonicalCheck emits the enum/const check on a whole value's raw bytes.
func (g *generator) canonicalCheck(gr *jen.Group, t *schema.Type, raw jen.Code, ret retFn) {
	var want []jen.Code
	reason := "value is not one of the enum values"
	if t.Const != nil {
		want = append(want, jen.Lit(*t.Const))
		reason = "value is not the const " + *t.Const
	}
	if t.Enum != nil && t.Const == nil {
		for _, e := range t.Enum {
			want = append(want, jen.Lit(e))
		}
	}
	if t.Const != nil && t.Enum != nil {
		in := false
		for _, e := range t.Enum {
			in = in || e == *t.Const
		}
		if !in {
			gr.Add(ret(schemaErr("no value satisfies both const and enum")))
			return
		}
	}
	gr.List(jen.Id("ok"), jen.Err()).Op(":=").Add(wirePkg("CanonicalIn")).Call(append([]jen.Code{raw}, want...)...)
	gr.Add(ifErr(ret, jen.Err()))
	gr.If(jen.Op("!").Id("ok")).Block(ret(wirePkg("Invalid").Call(jen.Lit(reason))))
}

// stringChecks emits the pattern, enum and const checks on s (string or []byte, after
// wireimpl.ReadString or ReadStringBytes checked the lengths).
func (g *generator) stringChecks(gr *jen.Group, t *schema.Type, s *jen.Statement, match string, ret retFn) {
	if t.Pattern != "" {
		gr.If(jen.Op("!").Add(g.patternMatch(t, s, match))).Block(
			ret(schemaErr("string does not match pattern %s", strconv.Quote(t.Pattern))))
	}
	g.stringValueChecks(gr, t, s, match, ret)
}

// patternMatch is the call that tests s against the pattern of t (match names the
// method of a regexp: MatchString or Match).
func (g *generator) patternMatch(t *schema.Type, s *jen.Statement, match string) *jen.Statement {
	if _, ok := g.patSrc[t.PatternRE2]; !ok {
		g.patSrc[t.PatternRE2] = t.Pattern
	}
	if matcherFunc(t.PatternRE2) {
		return g.pattern(t.PatternRE2).Call(s.Clone())
	}
	return g.pattern(t.PatternRE2).Dot(match).Call(s.Clone())
}

// stringValueChecks emits the enum and const checks of a string s of schema t.
func (g *generator) stringValueChecks(gr *jen.Group, t *schema.Type, s *jen.Statement, match string, ret retFn) {
	var want []string
	reason := ""
	if t.Const != nil {
		want, reason = []string{*t.Const}, "string is not the const "+*t.Const
		if t.Enum != nil && !contains(t.Enum, *t.Const) {
			want = nil
		}
	} else if t.Enum != nil {
		reason = "string is not one of the enum values"
		for _, e := range t.Enum {
			if e != "" && e[0] == '"' {
				want = append(want, e)
			}
		}
	}
	if reason == "" {
		return
	}
	if len(want) == 0 {
		gr.Add(ret(schemaErr("no string satisfies the schema's enum and const")))
		return
	}
	var cases []jen.Code
	for _, w := range want {
		var v string
		_ = json.Unmarshal([]byte(w), &v)
		cases = append(cases, jen.Lit(v))
	}
	subject := s.Clone()
	if match == "Match" {
		subject = jen.String().Call(s.Clone())
	}
	gr.Switch(subject).Block(jen.Case(cases...), jen.Default().Block(ret(schemaErr("%s", reason))))
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// int64Of returns the int64 value of a canonical or literal number when it is an integer
// that int64 holds.
func int64Of(lit string) (int64, bool) {
	r, ok := new(big.Rat).SetString(lit)
	if !ok || !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}

type bound struct {
	lit, op, reason string
}

func bounds(t *schema.Type) []bound {
	var bs []bound
	if t.Minimum != "" {
		bs = append(bs, bound{t.Minimum, "<", "less than the minimum " + t.Minimum})
	}
	if t.ExclusiveMinimum != "" {
		bs = append(bs, bound{t.ExclusiveMinimum, "<=", "not greater than the exclusive minimum " + t.ExclusiveMinimum})
	}
	if t.Maximum != "" {
		bs = append(bs, bound{t.Maximum, ">", "greater than the maximum " + t.Maximum})
	}
	if t.ExclusiveMaximum != "" {
		bs = append(bs, bound{t.ExclusiveMaximum, ">=", "not less than the exclusive maximum " + t.ExclusiveMaximum})
	}
	return bs
}

// intChecks checks v (int64) against the bounds bs, multipleOf, enum and const; n
// (wire.Number) is read when a bound or multipleOf is not an int64.
func (g *generator) intChecks(gr *jen.Group, t *schema.Type, bs []bound, ret retFn) {
	for _, b := range bs {
		if iv, ok := int64Of(b.lit); ok {
			gr.If(jen.Id("v").Op(b.op).Add(intLit(iv))).Block(ret(schemaErr("%s", b.reason)))
		} else {
			gr.If(wirePkg("Compare").Call(jen.Id("n"), g.lit(b.lit)).Op(b.op).Lit(0)).Block(ret(schemaErr("%s", b.reason)))
		}
	}
	if t.MultipleOf != "" {
		if m, ok := int64Of(t.MultipleOf); ok && m > 0 {
			if m != 1 {
				gr.If(jen.Id("v").Op("%").Add(intLit(m)).Op("!=").Lit(0)).Block(ret(schemaErr("not a multiple of %s", t.MultipleOf)))
			}
		} else {
			gr.If(jen.Op("!").Add(wirePkg("MultipleOf")).Call(jen.Id("n"), g.lit(t.MultipleOf))).Block(ret(schemaErr("not a multiple of %s", t.MultipleOf)))
		}
	}
	vals, reason, ok := numericSet(t)
	if !ok {
		return
	}
	var cases []jen.Code
	for _, v := range vals {
		if iv, ok := int64Of(v); ok {
			cases = append(cases, intLit(iv))
		}
	}
	if len(cases) == 0 {
		gr.Add(ret(schemaErr("%s", reason)))
		return
	}
	gr.Switch(jen.Id("v")).Block(jen.Case(cases...), jen.Default().Block(ret(schemaErr("%s", reason))))
}

// numericSet returns the canonical numbers allowed by enum/const, when constrained.
func numericSet(t *schema.Type) (vals []string, reason string, ok bool) {
	isNum := func(c string) bool {
		_, ok := new(big.Rat).SetString(c)
		return ok && c != "" && (c[0] == '-' || (c[0] >= '0' && c[0] <= '9'))
	}
	if t.Const != nil {
		if t.Enum != nil && !contains(t.Enum, *t.Const) {
			return nil, "no number satisfies the schema's enum and const", true
		}
		if isNum(*t.Const) {
			vals = []string{*t.Const}
		}
		return vals, "number is not the const", true
	}
	if t.Enum != nil {
		for _, e := range t.Enum {
			if isNum(e) {
				vals = append(vals, e)
			}
		}
		return vals, "number is not one of the enum values", true
	}
	return nil, "", false
}

// numberChecks checks n (wire.Number) exactly.
func (g *generator) numberChecks(gr *jen.Group, t *schema.Type, ret retFn) {
	if t.Kinds&^schema.Null == schema.Frac {
		gr.If(jen.Id("n").Dot("IsInteger").Call()).Block(ret(schemaErr("expected a non-integer number")))
	}
	for _, b := range bounds(t) {
		gr.If(wirePkg("Compare").Call(jen.Id("n"), g.lit(b.lit)).Op(b.op).Lit(0)).Block(ret(schemaErr("%s", b.reason)))
	}
	if t.MultipleOf != "" {
		gr.If(jen.Op("!").Add(wirePkg("MultipleOf")).Call(jen.Id("n"), g.lit(t.MultipleOf))).Block(ret(schemaErr("not a multiple of %s", t.MultipleOf)))
	}
	vals, reason, ok := numericSet(t)
	if !ok {
		return
	}
	if len(vals) == 0 {
		gr.Add(ret(schemaErr("%s", reason)))
		return
	}
	var cond *jen.Statement
	for i, v := range vals {
		c := wirePkg("Equal").Call(jen.Id("n"), g.lit(v))
		if i == 0 {
			cond = c
		} else {
			cond = cond.Op("||").Add(c)
		}
	}
	gr.If(jen.Op("!").Parens(cond)).Block(ret(schemaErr("%s", reason)))
}

func (g *generator) boolChecks(gr *jen.Group, t *schema.Type, ret retFn) {
	var allowed []string
	reason := ""
	if t.Const != nil {
		allowed, reason = []string{*t.Const}, "boolean is not the const "+*t.Const
		if t.Enum != nil && !contains(t.Enum, *t.Const) {
			allowed = nil
		}
	} else if t.Enum != nil {
		allowed, reason = t.Enum, "boolean is not one of the enum values"
	}
	if reason == "" {
		return
	}
	okTrue, okFalse := contains(allowed, "true"), contains(allowed, "false")
	switch {
	case okTrue && okFalse:
	case okTrue:
		gr.If(jen.Op("!").Id("v")).Block(ret(schemaErr("%s", reason)))
	case okFalse:
		gr.If(jen.Id("v")).Block(ret(schemaErr("%s", reason)))
	default:
		gr.Add(ret(schemaErr("%s", reason)))
	}
}

// intLit is an untyped integer constant.
func intLit(v int64) jen.Code { return jen.Op(strconv.FormatInt(v, 10)) }

// plural writes n and the noun, in the plural unless n is 1.
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.FormatInt(n, 10) + " " + noun + "s"
}
