package gen

import (
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
	present := func(name string) jen.Code {
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
