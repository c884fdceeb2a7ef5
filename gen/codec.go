package gen

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"

	"github.com/dave/jennifer/jen"
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

// jsonString is s as encoding/json writes it (HTML-escaped, like wire.AppendString).
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// decodeSlot reads the next value, of schema t, into dst (of slotType(t)).
func (g *generator) decodeSlot(gr *jen.Group, t *schema.Type, dst lval, ret retFn) {
	if t.Nullable() {
		gr.If(jen.Id("d").Dot("Peek").Call().Op("==").Add(wirePkg("KindNull"))).Block(
			jen.If(jen.Err().Op(":=").Id("d").Dot("ReadNull").Call(), jen.Err().Op("!=").Nil()).Block(ret(wirePkg("Wrap").Call(jen.Err()))),
			dst().Dot("Null").Op("=").True(),
		).Else().BlockFunc(func(gr *jen.Group) {
			g.decodeBase(gr, t, dst.dot("Value"), ret)
		})
		return
	}
	g.decodeBase(gr, t, dst, ret)
}

// kindName is the JSON Schema name of the non-null kind a typed repr accepts.
func kindName(t *schema.Type) string {
	return (t.Kinds &^ schema.Null).String()
}

func (g *generator) decodeBase(gr *jen.Group, t *schema.Type, dst lval, ret retFn) {
	switch t.Repr {
	case schema.ReprString:
		gr.If(peekNot("KindString")).Block(ret(wirePkg("KindErr").Call(jen.Id("d"), jen.Lit(kindName(t)))))
		gr.List(jen.Id("s"), jen.Err()).Op(":=").Id("d").Dot("ReadString").Call()
		gr.Add(ifErr(ret, wirePkg("Wrap").Call(jen.Err())))
		g.stringChecks(gr, t, jen.Id("s"), "RuneCountInString", "MatchString", ret)
		if t.GoName != "" {
			gr.Add(dst()).Op("=").Id(t.GoName).Call(jen.Id("s"))
		} else {
			gr.Add(dst()).Op("=").Id("s")
		}
	case schema.ReprInt:
		gr.If(peekNot("KindNumber")).Block(ret(wirePkg("KindErr").Call(jen.Id("d"), jen.Lit(kindName(t)))))
		gr.List(jen.Id("n"), jen.Err()).Op(":=").Id("d").Dot("ReadNumber").Call()
		gr.Add(ifErr(ret, wirePkg("Wrap").Call(jen.Err())))
		gr.List(jen.Id("v"), jen.Err()).Op(":=").Id("n").Dot("Int64").Call()
		gr.If(jen.Err().Op("!=").Nil()).Block(
			jen.If(jen.Qual("errors", "Is").Call(jen.Err(), wirePkg("ErrNotInteger"))).Block(
				ret(wirePkg("Invalid").Call(jen.Lit("expected integer, got ").Op("+").String().Call(jen.Id("n"))))),
			ret(wirePkg("RangeErr").Call(jen.Err(), jen.Lit("int64"))),
		)
		g.intChecks(gr, t, ret)
		if t.GoName != "" {
			gr.Add(dst()).Op("=").Id(t.GoName).Call(jen.Id("v"))
		} else {
			gr.Add(dst()).Op("=").Id("v")
		}
	case schema.ReprFloat:
		gr.If(peekNot("KindNumber")).Block(ret(wirePkg("KindErr").Call(jen.Id("d"), jen.Lit(kindName(t)))))
		gr.List(jen.Id("n"), jen.Err()).Op(":=").Id("d").Dot("ReadNumber").Call()
		gr.Add(ifErr(ret, wirePkg("Wrap").Call(jen.Err())))
		g.numberChecks(gr, t, ret)
		gr.List(jen.Id("v"), jen.Err()).Op(":=").Id("n").Dot("Float64").Call()
		gr.Add(ifErr(ret, wirePkg("RangeErr").Call(jen.Err(), jen.Lit("float64"))))
		gr.Add(dst()).Op("=").Id("v")
	case schema.ReprBool:
		gr.If(peekNot("KindBool")).Block(ret(wirePkg("KindErr").Call(jen.Id("d"), jen.Lit("boolean"))))
		gr.List(jen.Id("v"), jen.Err()).Op(":=").Id("d").Dot("ReadBool").Call()
		gr.Add(ifErr(ret, wirePkg("Wrap").Call(jen.Err())))
		g.boolChecks(gr, t, ret)
		gr.Add(dst()).Op("=").Id("v")
	case schema.ReprArray, schema.ReprMap, schema.ReprStruct:
		if t.Const == nil && t.Enum == nil {
			gr.If(jen.Err().Op(":=").Add(dst()).Dot("decodeWire").Call(jen.Id("d")), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
			return
		}
		gr.Id("d").Dot("Peek").Call()
		gr.Id("start").Op(":=").Id("d").Dot("Offset").Call()
		gr.If(jen.Err().Op(":=").Add(dst()).Dot("decodeWire").Call(jen.Id("d")), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
		g.canonicalCheck(gr, t, jen.Id("d").Dot("Since").Call(jen.Id("start")), ret)
	case schema.ReprUnion:
		gr.List(jen.Id("v"), jen.Err()).Op(":=").Id("decode" + t.GoName).Call(jen.Id("d"))
		gr.Add(ifErr(ret, jen.Err()))
		gr.Add(dst()).Op("=").Id("v")
	default: // raw
		if t.Kinds == schema.Any && !hasConstraints(t) {
			gr.List(jen.Id("raw"), jen.Err()).Op(":=").Id("d").Dot("ReadRaw").Call()
			gr.Add(ifErr(ret, wirePkg("Wrap").Call(jen.Err())))
		} else {
			gr.List(jen.Id("raw"), jen.Err()).Op(":=").Id(g.checkFunc(t)).Call(jen.Id("d"))
			gr.Add(ifErr(ret, jen.Err()))
		}
		gr.Add(dst()).Op("=").Append(jen.Qual("encoding/json", "RawMessage").Call(jen.Nil()), jen.Id("raw").Op("..."))
	}
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

// stringChecks emits length, pattern, enum and const checks on s (string or []byte).
func (g *generator) stringChecks(gr *jen.Group, t *schema.Type, s *jen.Statement, count, match string, ret retFn) {
	if t.MaxLength != nil {
		m := *t.MaxLength
		gr.If(jen.Len(s.Clone()).Op(">").Lit(int(m)).Op("&&").Qual("unicode/utf8", count).Call(s.Clone()).Op(">").Lit(int(m))).Block(
			ret(schemaErr("string longer than %s", plural(m, "character"))))
	}
	if t.MinLength != nil && *t.MinLength > 0 {
		m := *t.MinLength
		cond := jen.Qual("unicode/utf8", count).Call(s.Clone()).Op("<").Lit(int(m))
		if m < 1<<40 {
			cond = jen.Len(s.Clone()).Op("<").Lit(int(4 * m)).Op("&&").Add(cond)
		}
		gr.If(cond).Block(ret(schemaErr("string shorter than %s", plural(m, "character"))))
	}
	if t.Pattern != "" {
		var call *jen.Statement
		if _, ok := g.patSrc[t.PatternRE2]; !ok {
			g.patSrc[t.PatternRE2] = t.Pattern
		}
		if _, ok := compileSimple(t.PatternRE2); ok {
			call = g.pattern(t.PatternRE2).Call(s.Clone())
		} else {
			call = g.pattern(t.PatternRE2).Dot(match).Call(s.Clone())
		}
		gr.If(jen.Op("!").Add(call)).Block(
			ret(schemaErr("string does not match pattern %s", strconv.Quote(t.Pattern))))
	}
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

// intChecks checks v (int64) and n (wire.Number).
func (g *generator) intChecks(gr *jen.Group, t *schema.Type, ret retFn) {
	for _, b := range bounds(t) {
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
