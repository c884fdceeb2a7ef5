package gen

import (
	"github.com/dave/jennifer/jen"
	"github.com/wsgen/wsgen/schema"
)

// appendSlot appends the value val (of slotType(t)) to b.
func (g *generator) appendSlot(gr *jen.Group, t *schema.Type, val lval, ret retFn) {
	if t.Nullable() {
		gr.If(val().Dot("Null")).Block(
			jen.Id("b").Op("=").Append(jen.Id("b"), jen.Lit("null").Op("...")),
		).Else().BlockFunc(func(gr *jen.Group) {
			g.appendBase(gr, t, val.dot("Value"), ret)
		})
		return
	}
	g.appendBase(gr, t, val, ret)
}

// stringValue is the string value of val, of string schema t (a named string type
// converted).
func stringValue(t *schema.Type, val lval) *jen.Statement {
	if t.GoName != "" {
		return jen.String().Call(val())
	}
	return val()
}

// opensQuote reports whether every value of t is written as a JSON string whose opening
// quote a struct's encoder may write with the member name ("name":").
func opensQuote(t *schema.Type) bool { return t.Repr == schema.ReprString && !t.Nullable() }

func (g *generator) appendBase(gr *jen.Group, t *schema.Type, val lval, ret retFn) {
	b := jen.Id("b")
	switch t.Repr {
	case schema.ReprString:
		g.appendCheckedString(gr, t, stringValue(t, val), ret, false)
	case schema.ReprInt:
		v := val()
		if t.GoName != "" {
			v = jen.Int64().Call(v)
		}
		g.checkIntValue(gr, t, val(), ret)
		gr.Add(b.Clone()).Op("=").Add(wirePkg("AppendInt")).Call(jen.Id("b"), v)
	case schema.ReprBool:
		g.checkBoolValue(gr, t, val(), ret)
		gr.Add(b.Clone()).Op("=").Add(wirePkg("AppendBool")).Call(jen.Id("b"), val())
	case schema.ReprFloat:
		if numberChecked(t) {
			// The decoder checks the literal exactly: so do the checks on the one written.
			gr.BlockFunc(func(c *jen.Group) {
				c.Id("start").Op(":=").Len(jen.Id("b"))
				g.appendNumber(c, t, val, ret)
				g.checkNumberWritten(c, t, ret)
			})
			return
		}
		g.appendNumber(gr, t, val, ret)
	case schema.ReprUnion, schema.ReprSum:
		g.appendChecked(gr, jen.Id("append"+t.GoName).Call(jen.Id("b"), val()), ret)
	case schema.ReprArray, schema.ReprMap, schema.ReprStruct, schema.ReprTuple:
		if t.Const != nil || t.Enum != nil {
			// Enum and const of a whole value: on its canonical form, as the decoder.
			gr.BlockFunc(func(c *jen.Group) {
				c.Id("start").Op(":=").Len(jen.Id("b"))
				g.appendChecked(c, val().Dot("appendWire").Call(jen.Id("b")), ret)
				g.canonicalCheck(c, t, jen.Id("b").Index(jen.Id("start"), jen.Empty()), ret)
			})
			return
		}
		g.appendChecked(gr, val().Dot("appendWire").Call(jen.Id("b")), ret)
	default:
		g.appendChecked(gr, wirePkg("AppendRaw").Call(jen.Id("b"), val()), ret)
		g.checkRawValue(gr, t, val(), ret)
	}
}

// appendNumber appends a float64 (refusing NaN and infinities) or a wire.Decimal.
func (g *generator) appendNumber(gr *jen.Group, t *schema.Type, val lval, ret retFn) {
	if t.Decimal {
		gr.Id("b").Op("=").Add(wirePkg("AppendDecimal")).Call(jen.Id("b"), val())
		return
	}
	g.appendChecked(gr, wirePkg("AppendFinite").Call(jen.Id("b"), val()), ret)
}

// appendChecked emits b, err = call, an append that can fail, and notes that the
// function needs its err (see errDecl).
func (g *generator) appendChecked(gr *jen.Group, call *jen.Statement, ret retFn) {
	gr.If(jen.List(jen.Id("b"), jen.Err()).Op("=").Add(call), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
	g.needErr = true
}

// errDecl adds to gr a statement that becomes "var err error" when the function body
// built after it calls appendChecked (call done when the body is built).
func (g *generator) errDecl(gr *jen.Group) (done func()) {
	decl := &jen.Statement{}
	gr.Add(decl)
	g.needErr = false
	return func() {
		if g.needErr {
			*decl = *jen.Var().Err().Error()
		}
	}
}

func appendLit(s string) jen.Code {
	return jen.Id("b").Op("=").Append(jen.Id("b"), jen.Lit(s).Op("..."))
}

func (g *generator) structEncode(f *jen.File, t *schema.Type, m *schema.Message) {
	f.Line()
	f.Func().Params(jen.Id("x").Op("*").Id(t.GoName)).Id("appendWire").Params(jen.Id("b").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).BlockFunc(func(gr *jen.Group) {
		defer g.errDecl(gr)()
		g.requiredSetChecks(gr, t, false, func(e jen.Code) jen.Code { return jen.Return(jen.Id("b"), e) })
		g.checkExtraRequired(gr, t, func(e jen.Code) jen.Code { return jen.Return(jen.Id("b"), e) })
		g.presenceChecks(gr, t, false, func(e jen.Code) jen.Code { return jen.Return(jen.Id("b"), e) })
		// wrote: a member was certainly written; maybe: one may have been (runtime check).
		wrote, maybe := false, false
		fixed := "{"
		for _, fd := range t.Properties {
			if fd.Discriminator && m != nil {
				if fixed != "{" {
					fixed += ","
				}
				fixed += jsonString(fd.Name) + ":" + fixedJSON(fd)
			}
		}
		// lead is the fixed literal not yet written: it goes out with the first member's
		// name when that member is required (one append for both).
		lead := ""
		if fixed != "{" {
			lead = fixed
			wrote = true
		} else {
			gr.Add(appendLit("{"))
			needN0, w, mb := false, false, false
			for _, fd := range t.Properties {
				if w {
					break
				}
				if mb {
					needN0 = true
				}
				if fd.Required {
					w = true
				} else {
					mb = true
				}
			}
			if !w && (t.Additional != nil || t.AdditionalAllowed) {
				needN0 = true
			}
			if needN0 {
				gr.Id("n0").Op(":=").Len(jen.Id("b"))
			}
		}
		for _, fd := range t.Properties {
			if fd.Discriminator && m != nil {
				continue
			}
			name := jsonString(fd.Name) + ":"
			ret := errReturn(func(e jen.Code) jen.Code { return wirePkg("At").Call(e, jen.Lit(pointerToken(fd.Name))) })
			retAB := func(e jen.Code) jen.Code {
				return jen.Return(jen.Id("b"), wirePkg("At").Call(e, jen.Lit(pointerToken(fd.Name))))
			}
			_ = ret
			if opensQuote(fd.Type) {
				name += `"`
			}
			if lead != "" && !fd.Required {
				gr.Add(appendLit(lead))
				lead = ""
			}
			body := func(c *jen.Group, val lval) {
				switch {
				case lead != "":
					c.Add(appendLit(lead + "," + name))
					lead = ""
				case wrote:
					c.Add(appendLit("," + name))
				case maybe:
					c.If(jen.Len(jen.Id("b")).Op(">").Id("n0")).Block(jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(',')))
					c.Add(appendLit(name))
				default:
					c.Add(appendLit(name))
				}
				if opensQuote(fd.Type) {
					g.appendCheckedString(c, fd.Type, stringValue(fd.Type, val), retAB, true)
					return
				}
				g.appendSlot(c, fd.Type, val, retAB)
			}
			switch {
			case fd.Required && fd.Type.Repr == schema.ReprRaw:
				body(gr, field("x", fd.GoName))
			case fd.Required:
				body(gr, field("x", fd.GoName))
			case fd.Type.Repr == schema.ReprRaw || isIface(fd.Type):
				gr.If(jen.Id("x").Dot(fd.GoName).Op("!=").Nil()).BlockFunc(func(c *jen.Group) { body(c, field("x", fd.GoName)) })
			default:
				gr.If(jen.Id("x").Dot(fd.GoName).Op("!=").Nil()).BlockFunc(func(c *jen.Group) {
					body(c, func() *jen.Statement { return jen.Parens(jen.Op("*").Id("x").Dot(fd.GoName)) })
				})
			}
			if fd.Required {
				wrote = true
			} else {
				maybe = true
			}
		}
		if lead != "" { // no member after the fixed ones
			gr.Add(appendLit(lead))
		}
		sep := func(c *jen.Group) {
			if wrote {
				c.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(','))
			} else {
				c.If(jen.Len(jen.Id("b")).Op(">").Id("n0")).Block(jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(',')))
			}
		}
		switch {
		case t.Additional != nil:
			gr.Id("sorted").Op(":=").Add(wirePkg("SortedKeys")).Call(jen.Id("x").Dot("Extra"))
			gr.Defer().Add(wirePkg("PutKeys")).Call(jen.Id("sorted"))
			gr.For(jen.List(jen.Id("_"), jen.Id("k")).Op(":=").Range().Op("*").Id("sorted")).BlockFunc(func(c *jen.Group) {
				g.checkMemberName(c, t, jen.Id("k"), func(e jen.Code) jen.Code {
					return jen.Return(jen.Id("b"), wirePkg("AtName").Call(e, jen.Id("k")))
				})
				sep(c)
				c.Id("b").Op("=").Add(wirePkg("AppendString")).Call(jen.Id("b"), jen.Id("k"))
				c.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(':'))
				c.Id("v").Op(":=").Id("x").Dot("Extra").Index(jen.Id("k"))
				g.appendSlot(c, t.Additional, id("v"), func(e jen.Code) jen.Code {
					return jen.Return(jen.Id("b"), wirePkg("AtName").Call(e, jen.Id("k")))
				})
			})
		case t.AdditionalAllowed:
			gr.For(jen.List(jen.Id("i"), jen.Id("mb")).Op(":=").Range().Id("x").Dot("Extra")).BlockFunc(func(c *jen.Group) {
				g.checkMemberName(c, t, jen.Id("mb").Dot("Name"), func(e jen.Code) jen.Code {
					return jen.Return(jen.Id("b"), wirePkg("AtName").Call(e, jen.Id("mb").Dot("Name")))
				})
				g.checkExtraUnique(c)
				sep(c)
				c.Id("b").Op("=").Add(wirePkg("AppendString")).Call(jen.Id("b"), jen.Id("mb").Dot("Name"))
				c.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(':'))
				g.appendChecked(c, wirePkg("AppendRaw").Call(jen.Id("b"), jen.Id("mb").Dot("Value")), func(e jen.Code) jen.Code {
					return jen.Return(jen.Id("b"), wirePkg("AtName").Call(e, jen.Id("mb").Dot("Name")))
				})
			})
		}
		gr.Return(jen.Append(jen.Id("b"), jen.LitRune('}')), jen.Nil())
	})
}

func (g *generator) arrayEncode(f *jen.File, t *schema.Type, name string) {
	f.Line()
	f.Func().Params(jen.Id("x").Op("*").Id(name)).Id("appendWire").Params(jen.Id("b").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).BlockFunc(func(gr *jen.Group) {
		defer g.errDecl(gr)()
		g.checkItemCount(gr, t)
		if t.UniqueItems {
			uniqueItemsVar(gr)
		}
		gr.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune('['))
		gr.For(jen.Id("i").Op(":=").Range().Op("*").Id("x")).BlockFunc(func(c *jen.Group) {
			c.If(jen.Id("i").Op(">").Lit(0)).Block(jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(',')))
			if t.UniqueItems {
				c.Id("start").Op(":=").Len(jen.Id("b"))
			}
			c.BlockFunc(func(c *jen.Group) {
				g.appendSlot(c, t.Items, func() *jen.Statement { return jen.Parens(jen.Op("*").Id("x")).Index(jen.Id("i")) }, func(e jen.Code) jen.Code {
					return jen.Return(jen.Id("b"), wirePkg("AtIndex").Call(e, jen.Id("i")))
				})
			})
			if t.UniqueItems {
				// The item as written; b's earlier bytes stay as they are when it grows.
				c.Id("items").Op("=").Append(jen.Id("items"), jen.Id("b").Index(jen.Id("start"), jen.Empty()))
			}
		})
		if t.UniqueItems {
			g.checkUnique(gr)
		}
		gr.Return(jen.Append(jen.Id("b"), jen.LitRune(']')), jen.Nil())
	})
}

func (g *generator) mapEncode(f *jen.File, t *schema.Type) {
	f.Line()
	f.Func().Params(jen.Id("x").Op("*").Id(t.GoName)).Id("appendWire").Params(jen.Id("b").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).BlockFunc(func(gr *jen.Group) {
		defer g.errDecl(gr)()
		for _, r := range t.Required {
			gr.If(jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Parens(jen.Op("*").Id("x")).Index(jen.Lit(r)), jen.Op("!").Id("ok")).Block(
				jen.Return(jen.Id("b"), schemaErr("missing required member %s", quote(r))))
		}
		gr.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune('{'))
		gr.Id("sorted").Op(":=").Add(wirePkg("SortedKeys")).Call(jen.Op("*").Id("x"))
		gr.Defer().Add(wirePkg("PutKeys")).Call(jen.Id("sorted"))
		gr.For(jen.List(jen.Id("i"), jen.Id("k")).Op(":=").Range().Op("*").Id("sorted")).BlockFunc(func(c *jen.Group) {
			c.If(jen.Err().Op(":=").Add(wirePkg("CheckString")).Call(jen.Id("k"), jen.Lit(0), jen.Lit(-1)), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Id("b"), wirePkg("AtName").Call(jen.Err(), jen.Id("k"))))
			c.If(jen.Id("i").Op(">").Lit(0)).Block(jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(',')))
			c.Id("b").Op("=").Add(wirePkg("AppendString")).Call(jen.Id("b"), jen.Id("k"))
			c.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(':'))
			c.Id("v").Op(":=").Parens(jen.Op("*").Id("x")).Index(jen.Id("k"))
			g.appendSlot(c, t.Additional, id("v"), func(e jen.Code) jen.Code {
				return jen.Return(jen.Id("b"), wirePkg("AtName").Call(e, jen.Id("k")))
			})
		})
		gr.Return(jen.Append(jen.Id("b"), jen.LitRune('}')), jen.Nil())
	})
}

// unionCodec emits decodeT and appendT for a union type T.
func (g *generator) unionCodec(f *jen.File, t *schema.Type) {
	f.Line()
	f.Comment("decode" + t.GoName + " reads an object and decodes it as the variant its " + quote(t.UnionProp) + " member names.")
	f.Func().Id("decode"+t.GoName).Params(jen.Id("d").Op("*").Add(wirePkg("Decoder"))).Params(jen.Id(t.GoName), jen.Error()).BlockFunc(func(gr *jen.Group) {
		gr.If(peekNot("KindObject")).Block(jen.Return(jen.Nil(), wirePkg("KindErr").Call(jen.Id("d"), jen.Lit("object"))))
		// In place: find the tag, go back to the value's start and decode the variant, its
		// strings kept with the frame's. A refused value is skipped once more from its
		// start, so that an error in its syntax or a repeated name anywhere in it comes
		// first, as when the value was read whole before its tag; nothing is decoded
		// twice, so nested unions cost a skip per level, not a decode.
		gr.Id("mark").Op(":=").Id("d").Dot("Mark").Call()
		gr.List(jen.Id("tag"), jen.Err()).Op(":=").Add(wirePkg("PeekMember")).Call(jen.Id("d"), jen.Lit(t.UnionProp))
		gr.If(jen.Err().Op("==").Nil()).BlockFunc(func(ok *jen.Group) {
			ok.Id("d").Dot("Rewind").Call(jen.Id("mark"))
			ok.Switch(jen.String().Call(jen.Id("tag"))).BlockFunc(func(sw *jen.Group) {
				for i, v := range t.Variants {
					sw.Case(jen.Lit(t.UnionWires[i])).Block(
						jen.Id("x").Op(":=").New(jen.Id(v.GoName)),
						jen.If(jen.Err().Op("=").Id("x").Dot("decodeWire").Call(jen.Id("d")), jen.Err().Op("==").Nil()).Block(jen.Return(jen.Id("x"), jen.Nil())),
					)
				}
				sw.Default().Block(jen.Err().Op("=").Add(wirePkg("At")).Call(schemaErr("%s names none of the oneOf variants", quote(t.UnionProp)), jen.Lit(pointerToken(t.UnionProp))))
			})
		})
		gr.Id("d").Dot("Rewind").Call(jen.Id("mark"))
		gr.If(jen.List(jen.Id("_"), jen.Id("serr")).Op(":=").Id("d").Dot("ReadRaw").Call(), jen.Id("serr").Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Id("serr")))
		gr.Return(jen.Nil(), jen.Err())
	})
	f.Line()
	f.Func().Id("append"+t.GoName).Params(jen.Id("b").Index().Byte(), jen.Id("v").Id(t.GoName)).Params(jen.Index().Byte(), jen.Error()).BlockFunc(func(gr *jen.Group) {
		gr.Switch(jen.Id("v").Op(":=").Id("v").Assert(jen.Type())).BlockFunc(func(sw *jen.Group) {
			for _, v := range t.Variants {
				sw.Case(jen.Op("*").Id(v.GoName)).Block(
					jen.If(jen.Id("v").Op("!=").Nil()).Block(jen.Return(jen.Id("v").Dot("appendWire").Call(jen.Id("b")))))
			}
		})
		gr.Return(jen.Id("b"), wirePkg("Invalid").Call(jen.Lit("missing or nil "+t.GoName+" value")))
	})
}
