package gen

import (
	"encoding/json"
	"math/big"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/wsgen/wsgen/schema"
)

// decimalAccessors writes, for each string field declared decimal (numbers sent as
// strings, x-wsgen "decimal"), XDecimal() (wire.Decimal, error) parsing it exactly.
func (g *generator) decimalAccessors(f *jen.File, typeName string, fields []*schema.Field) {
	for _, fd := range fields {
		if fd.Discriminator || !fd.Type.Decimal || fd.Type.Repr != schema.ReprString {
			continue
		}
		f.Line()
		f.Comment(fd.GoName + "Decimal parses " + fd.GoName + " (the " + quote(fd.Name) + " member, a number sent as a string) exactly.")
		f.Comment("It refuses a string that is not a JSON number literal; nothing is rounded.")
		fv := func() *jen.Statement { return jen.Id("x").Dot(fd.GoName) }
		var val *jen.Statement
		var body []jen.Code
		switch {
		case fd.Type.Nullable() && !fd.Required:
			body = append(body, jen.If(fv().Op("==").Nil().Op("||").Add(fv()).Dot("Null")).Block(
				jen.Return(wirePkg("Decimal").Values(), jen.Qual("errors", "New").Call(jen.Lit(g.o.Package+": "+fd.Name+" is absent or null")))))
			val = fv().Dot("Value")
		case fd.Type.Nullable():
			body = append(body, jen.If(fv().Dot("Null")).Block(
				jen.Return(wirePkg("Decimal").Values(), jen.Qual("errors", "New").Call(jen.Lit(g.o.Package+": "+fd.Name+" is null")))))
			val = fv().Dot("Value")
		case !fd.Required:
			body = append(body, jen.If(fv().Op("==").Nil()).Block(
				jen.Return(wirePkg("Decimal").Values(), jen.Qual("errors", "New").Call(jen.Lit(g.o.Package+": "+fd.Name+" is absent")))))
			val = jen.Op("*").Add(fv())
		default:
			val = fv()
		}
		body = append(body, jen.Return(wirePkg("ParseDecimal").Call(val)))
		f.Func().Params(jen.Id("x").Op("*").Id(typeName)).Id(fd.GoName+"Decimal").Params().Params(wirePkg("Decimal"), jen.Error()).Block(body...)
	}
}

// requiredSetChecks emits the checks of t's oneOf/anyOf of required member sets at the
// end of a decoder (decode: presence read from the seen bits) or an encoder (presence of
// the Go fields), returning the refusal through ret.
func (g *generator) requiredSetChecks(gr *jen.Group, t *schema.Type, decode bool, ret func(jen.Code) jen.Code) {
	present := func(name string) jen.Code { return presentExpr(t, name, decode) }
	for _, c := range []struct {
		key  string
		sets [][]string
	}{{"oneOf", t.OneOfRequired}, {"anyOf", t.AnyOfRequired}} {
		if len(c.sets) == 0 {
			continue
		}
		var words []string
		for _, set := range c.sets {
			var q []string
			for _, n := range set {
				q = append(q, quote(n))
			}
			words = append(words, "["+strings.Join(q, ", ")+"]")
		}
		list := strings.Join(words, " or ")
		gr.BlockFunc(func(b *jen.Group) {
			b.Id("sets").Op(":=").Lit(0)
			for _, set := range c.sets {
				var cond *jen.Statement
				for _, n := range set {
					if cond == nil {
						cond = jen.Add(present(n))
					} else {
						cond = cond.Op("&&").Add(present(n))
					}
				}
				if cond == nil {
					cond = jen.True()
				}
				b.If(cond).Block(jen.Id("sets").Op("++"))
			}
			b.If(jen.Id("sets").Op("==").Lit(0)).Block(ret(schemaErr("missing the members of one of %s", list)))
			if c.key == "oneOf" {
				b.If(jen.Id("sets").Op(">").Lit(1)).Block(ret(schemaErr("has the members of more than one of %s (oneOf)", list)))
			}
		})
	}
}

// presentExpr is a boolean expression telling whether the member name of the object t is
// present: in a decoder, from the seen bits and the kept unknown members; in an encoder,
// from the Go fields (a required field always is).
func presentExpr(t *schema.Type, name string, decode bool) jen.Code {
	for i, fd := range t.Properties {
		if fd.Name != name {
			continue
		}
		switch {
		case decode:
			return jen.Id("seen").Index(jen.Lit(i / 64)).Op("&").Add(hexLit(uint64(1) << (i % 64))).Op("!=").Lit(0)
		case fd.Required:
			return jen.True()
		default:
			return jen.Id("x").Dot(fd.GoName).Op("!=").Nil()
		}
	}
	switch {
	case t.Additional != nil:
		return jen.Func().Params().Bool().Block(jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Id("x").Dot("Extra").Index(jen.Lit(name)), jen.Return(jen.Id("ok"))).Call()
	case t.AdditionalAllowed:
		return jen.Qual("slices", "ContainsFunc").Call(jen.Id("x").Dot("Extra"), jen.Func().Params(jen.Id("m").Id("Member")).Bool().Block(jen.Return(jen.Id("m").Dot("Name").Op("==").Lit(name))))
	}
	return jen.False()
}

// presenceChecks emits the checks of t's presence rules (dependentRequired, and not and
// if/then/else of required members), after its members in a decoder and before them in an
// encoder, returning the refusal through ret. A missing member is refused at its own
// pointer; members not allowed together at the object's.
func (g *generator) presenceChecks(gr *jen.Group, t *schema.Type, decode bool, ret func(jen.Code) jen.Code) {
	// A required member is present here: Decode and Encode refuse its absence first.
	presentTerms := func(names []string) []jen.Code {
		var terms []jen.Code
		for _, n := range names {
			if !contains(t.Required, n) {
				terms = append(terms, presentExpr(t, n, decode))
			}
		}
		return terms
	}
	// cond is a rule's condition: its If members present, and its IfConst members equal
	// to their const (or absent, when neither the if nor the object requires them).
	cond := func(r schema.PresenceRule) *jen.Statement {
		terms := presentTerms(r.If)
		for _, k := range r.IfConst {
			if k.Field.Discriminator { // a message's fixed discriminator: no field, one value
				if k.Value != *k.Field.Type.Const {
					terms = append(terms, jen.False())
				}
				continue
			}
			val := jen.Id("x").Dot(k.Field.GoName)
			switch {
			case contains(t.Required, k.Field.Name):
				terms = append(terms, val.Op("==").Add(constLit(k)))
				continue
			case contains(r.If, k.Field.Name): // present, by the term before
				terms = append(terms, jen.Op("*").Add(val).Op("==").Add(constLit(k)))
				continue
			}
			terms = append(terms, jen.Parens(val.Clone().Op("==").Nil().Op("||").Op("*").Add(val).Op("==").Add(constLit(k))))
		}
		return joinConds("&&", terms)
	}
	missing := func(names []string, reason func(string) string) []jen.Code {
		var out []jen.Code
		for _, n := range names {
			if contains(t.Required, n) {
				continue
			}
			out = append(out, jen.If(jen.Op("!").Parens(presentExpr(t, n, decode))).Block(
				ret(wirePkg("At").Call(schemaErr("%s", reason(n)), jen.Lit(pointerToken(n))))))
		}
		return out
	}
	for _, r := range t.PresenceRules {
		then, els, not := presenceReasons(r, t.Required)
		thenChecks, elseChecks := missing(r.Then, then), missing(r.Else, els)
		switch {
		case r.Not != nil:
			gr.If(joinConds("&&", presentTerms(r.Not))).Block(ret(schemaErr("%s", not())))
		case len(thenChecks) == 0 && len(elseChecks) == 0:
			// Every member it requires is required anyway.
		case len(elseChecks) == 0:
			gr.If(cond(r)).Block(thenChecks...)
		case len(thenChecks) == 0:
			gr.If(jen.Op("!").Parens(cond(r))).Block(elseChecks...)
		default:
			gr.If(cond(r)).Block(thenChecks...).Else().Block(elseChecks...)
		}
	}
}

// constLit is the Go literal of an if condition's const, for its field's type.
func constLit(k schema.ConstCond) jen.Code {
	switch k.Field.Type.Repr {
	case schema.ReprString:
		var s string
		_ = json.Unmarshal([]byte(k.Value), &s)
		return jen.Lit(s)
	case schema.ReprBool:
		return jen.Lit(k.Value == "true")
	}
	r, _ := new(big.Rat).SetString(k.Value)
	return intLit(r.Num().Int64())
}

// condWords says what a rule's condition is: `"a" is present`, `"kind" is "limit"`,
// joined with "and"; an IfConst member the rule does not require may also be absent.
func condWords(r schema.PresenceRule, required []string) string {
	var parts, present []string
	for _, n := range r.If {
		named := false
		for _, k := range r.IfConst {
			named = named || k.Field.Name == n
		}
		if !named { // "kind" is "limit" says it is present
			present = append(present, n)
		}
	}
	if len(present) > 0 {
		parts = append(parts, presenceWords(present, true))
	}
	for _, k := range r.IfConst {
		v := k.Value // JSON: "limit", true
		if k.Field.Type.Repr == schema.ReprInt {
			r, _ := new(big.Rat).SetString(k.Value)
			v = r.Num().String()
		}
		w := quote(k.Field.Name) + " is " + v
		if !contains(required, k.Field.Name) && !contains(r.If, k.Field.Name) {
			w = quote(k.Field.Name) + " is absent or " + v
		}
		parts = append(parts, w)
	}
	return strings.Join(parts, " and ")
}

// presenceWords says when a rule's If holds (`"a" is present`) or does not.
func presenceWords(names []string, holds bool) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quote(n)
	}
	switch {
	case len(names) == 1 && holds:
		return q[0] + " is present"
	case len(names) == 1:
		return q[0] + " is absent"
	case holds:
		return strings.Join(q, " and ") + " are present"
	}
	return "not all of " + strings.Join(q, ", ") + " are present"
}

// presenceReasons are the refusals of a presence rule, the same in Decode and Encode:
// `missing member "b", required when "a" is present (dependentRequired)`, and
// `has all of "a", "b", which not forbids together`.
func presenceReasons(r schema.PresenceRule, required []string) (then, els func(string) string, not func() string) {
	thenKw, elseKw := r.Keyword, r.Keyword
	if r.Keyword == "if" {
		thenKw, elseKw = "if/then", "if/else"
	}
	then = func(name string) string {
		switch {
		case len(r.IfConst) > 0:
			return "missing member " + quote(name) + ", required when " + condWords(r, required) + " (" + thenKw + ")"
		case len(r.If) == 0:
			return "missing member " + quote(name) + ", required by " + thenKw
		}
		return "missing member " + quote(name) + ", required when " + presenceWords(r.If, true) + " (" + thenKw + ")"
	}
	els = func(name string) string {
		if len(r.IfConst) > 0 {
			return "missing member " + quote(name) + ", required unless " + condWords(r, required) + " (" + elseKw + ")"
		}
		return "missing member " + quote(name) + ", required when " + presenceWords(r.If, false) + " (" + elseKw + ")"
	}
	not = func() string {
		q := make([]string, len(r.Not))
		for i, n := range r.Not {
			q[i] = quote(n)
		}
		if len(q) == 1 {
			return "member " + q[0] + " is not allowed (not)"
		}
		return "has all of " + strings.Join(q, ", ") + ", which not forbids together"
	}
	return then, els, not
}
