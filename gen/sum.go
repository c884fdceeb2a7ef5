package gen

import (
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/wsgen/wsgen/schema"
)

// isIface reports whether values of t are a Go interface (a tagged union or a sum), nil
// when absent.
func isIface(t *schema.Type) bool { return t.Repr == schema.ReprUnion || t.Repr == schema.ReprSum }

// sumPtr reports whether a sum branch's Go type is a pointer (*T for struct types).
func sumPtr(bt *schema.Type) bool {
	return bt.Repr == schema.ReprStruct || bt.Repr == schema.ReprTuple
}

func sumScalar(bt *schema.Type) bool {
	switch bt.Repr {
	case schema.ReprString, schema.ReprInt, schema.ReprFloat, schema.ReprBool:
		return true
	}
	return false
}

// peekKinds are the wire kinds that start a value of a branch.
func peekKinds(bt *schema.Type) []jen.Code {
	var out []jen.Code
	for _, e := range []struct {
		k    schema.Kinds
		name string
	}{{schema.Bool, "KindBool"}, {schema.Number, "KindNumber"}, {schema.String, "KindString"}, {schema.Array, "KindArray"}, {schema.Object, "KindObject"}} {
		if bt.Kinds&e.k != 0 {
			out = append(out, wirePkg(e.name))
		}
	}
	return out
}

// sumDecl declares a sum: the interface, a wrapper type per scalar branch without a Go
// name, and the marker method on each branch type.
func (g *generator) sumDecl(f *jen.File, t *schema.Type, doc func(name, what string)) {
	var names []string
	for i, bt := range t.Variants {
		n := t.VariantNames[i]
		if sumPtr(bt) {
			n = "*" + n
		}
		names = append(names, n)
	}
	doc(t.GoName, "a value of one of several kinds ("+t.Kinds.String()+"), each its own Go type, told apart by the kind of the value")
	f.Comment("It is implemented by " + strings.Join(names, ", ") + ": build one by converting a value")
	f.Comment("(" + names[0] + "(…)) or taking a struct's address.")
	f.Type().Id(t.GoName).Interface(jen.Id("is" + t.GoName).Params())
	for i, bt := range t.Variants {
		name := t.VariantNames[i]
		if sumScalar(bt) && bt.GoName == "" {
			f.Line()
			f.Comment(name + " is the " + bt.Kinds.String() + " branch of " + t.GoName + ".")
			f.Type().Id(name).Add(g.baseType(bt))
		}
		f.Line()
		recv := jen.Id(name)
		if sumPtr(bt) {
			recv = jen.Op("*").Id(name)
		}
		f.Func().Params(recv).Id("is" + t.GoName).Params().Block()
	}
}

// sumCodec emits decodeT (by the kind of the next value) and appendT for a sum T.
func (g *generator) sumCodec(f *jen.File, t *schema.Type) {
	f.Line()
	f.Comment("decode" + t.GoName + " decodes the next value as the branch of its kind.")
	f.Func().Id("decode"+t.GoName).Params(jen.Id("d").Op("*").Add(wirePkg("Decoder"))).Params(jen.Id(t.GoName), jen.Error()).BlockFunc(func(gr *jen.Group) {
		gr.Switch(jen.Id("d").Dot("Peek").Call()).BlockFunc(func(sw *jen.Group) {
			for i, bt := range t.Variants {
				name := t.VariantNames[i]
				sw.Case(peekKinds(bt)...).BlockFunc(func(c *jen.Group) {
					c.Var().Id("x").Add(g.baseType(bt))
					g.decodeBase(c, bt, id("x"), func(e jen.Code) jen.Code { return jen.Return(jen.Nil(), e) }, false)
					switch {
					case sumPtr(bt):
						c.Return(jen.Op("&").Id("x"), jen.Nil())
					case sumScalar(bt):
						c.Return(jen.Id(name).Call(jen.Id("x")), jen.Nil())
					default:
						c.Return(jen.Id("x"), jen.Nil())
					}
				})
			}
		})
		gr.Return(jen.Nil(), wirePkg("KindErr").Call(jen.Id("d"), jen.Lit(t.Kinds.String())))
	})
	f.Line()
	f.Func().Id("append"+t.GoName).Params(jen.Id("b").Index().Byte(), jen.Id("v").Id(t.GoName)).Params(jen.Index().Byte(), jen.Error()).BlockFunc(func(gr *jen.Group) {
		defer g.errDecl(gr)()
		ret := func(e jen.Code) jen.Code { return jen.Return(jen.Id("b"), e) }
		gr.Switch(jen.Id("v").Op(":=").Id("v").Assert(jen.Type())).BlockFunc(func(sw *jen.Group) {
			for i, bt := range t.Variants {
				name := t.VariantNames[i]
				switch {
				case sumPtr(bt):
					sw.Case(jen.Op("*").Id(name)).Block(
						jen.If(jen.Id("v").Op("!=").Nil()).Block(jen.Return(jen.Id("v").Dot("appendWire").Call(jen.Id("b")))))
				case sumScalar(bt):
					sw.Case(jen.Id(name)).BlockFunc(func(c *jen.Group) {
						val := func() *jen.Statement { return g.baseType(bt).Call(jen.Id("v")) }
						if bt.GoName != "" {
							val = func() *jen.Statement { return jen.Id("v") }
						}
						g.appendBase(c, bt, val, ret)
						c.Return(jen.Id("b"), jen.Nil())
					})
				default:
					sw.Case(jen.Id(name)).Block(jen.Return(jen.Id("v").Dot("appendWire").Call(jen.Id("b"))))
				}
			}
		})
		gr.Return(jen.Id("b"), wirePkg("Invalid").Call(jen.Lit("missing or nil "+t.GoName+" value")))
	})
}
