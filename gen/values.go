package gen

import (
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
