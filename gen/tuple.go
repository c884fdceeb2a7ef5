package gen

import (
	"strconv"

	"github.com/dave/jennifer/jen"
	"github.com/wsgen/wsgen/schema"
)

// tupleFields are the struct fields of a tuple: one per position, then Rest.
func (g *generator) tupleFields(t *schema.Type) []jen.Code {
	var fields []jen.Code
	for _, fd := range t.Positions {
		if fd.Discriminator {
			continue // a fixed position of a message: Encode writes it
		}
		doc := "Position " + fd.Name
		if !fd.Required {
			doc += " (optional: nil when the array is shorter)"
		}
		if d := docText(fd.Title, fd.Description); d != "" {
			doc += ": " + d
		} else {
			doc += "."
		}
		fields = append(fields, jen.Comment(doc), jen.Id(fd.GoName).Add(g.fieldType(fd)))
	}
	if t.RestAllowed {
		doc := restName(t) + " holds the values after the positions, in order."
		if len(t.Positions) == 0 {
			doc = restName(t) + " holds the array's values, in order."
		}
		fields = append(fields, jen.Comment(doc), jen.Id(restName(t)).Index().Add(g.restType(t)))
	}
	return fields
}

// restName is the Go name of a tuple's field for the values after its positions: Rest,
// or Items for an array message without prefixItems.
func restName(t *schema.Type) string {
	if t.RestName == "" {
		return "Rest"
	}
	return t.RestName
}

func (g *generator) restType(t *schema.Type) *jen.Statement {
	if t.Rest == nil {
		return jen.Qual("encoding/json", "RawMessage")
	}
	return g.slotType(t.Rest)
}

// tupleDecode emits decodeWire for a tuple: the positions in order, unrolled, then the
// rest; the length is checked against minItems and maxItems.
func (g *generator) tupleDecode(f *jen.File, t *schema.Type) {
	n := len(t.Positions)
	min := 0
	if t.MinItems != nil {
		min = int(*t.MinItems)
	}
	f.Line()
	f.Func().Params(jen.Id("x").Op("*").Id(t.GoName)).Id("decodeWire").Params(jen.Id("d").Op("*").Add(wirePkg("Decoder"))).Error().BlockFunc(func(gr *jen.Group) {
		gr.If(jen.Err().Op(":=").Add(wirePkg("ExpectArray")).Call(jen.Id("d")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		gr.Op("*").Id("x").Op("=").Id(t.GoName).Values()
		short := func(i int) jen.Code {
			if i < min {
				return jen.Return(schemaErr("fewer than %s", plural(int64(min), "item")))
			}
			return jen.Return(jen.Nil())
		}
		for i, fd := range t.Positions {
			gr.List(jen.Id("more"+strconv.Itoa(i)), jen.Err()).Op(":=").Id("d").Dot("NextElem").Call()
			gr.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
			gr.If(jen.Op("!").Id("more" + strconv.Itoa(i))).Block(short(i))
			gr.BlockFunc(func(c *jen.Group) {
				if fd.Discriminator {
					g.readFixed(c, fd, errReturn(atIndex(jen.Lit(i))))
					return
				}
				g.decodeField(c, fd, errReturn(atIndex(jen.Lit(i))))
			})
		}
		if !t.RestAllowed {
			gr.List(jen.Id("more"), jen.Err()).Op(":=").Id("d").Dot("NextElem").Call()
			gr.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
			gr.If(jen.Id("more")).Block(jen.Return(schemaErr("more than %s", plural(int64(n), "item"))))
			gr.Return(jen.Nil())
			return
		}
		gr.For(jen.Id("i").Op(":=").Lit(n), jen.Empty(), jen.Id("i").Op("++")).BlockFunc(func(loop *jen.Group) {
			loop.List(jen.Id("more"), jen.Err()).Op(":=").Id("d").Dot("NextElem").Call()
			loop.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
			loop.If(jen.Op("!").Id("more")).BlockFunc(func(c *jen.Group) {
				if min > n {
					c.If(jen.Id("i").Op("<").Lit(min)).Block(jen.Return(schemaErr("fewer than %s", plural(int64(min), "item"))))
				}
				c.Return(jen.Nil())
			})
			if t.MaxItems != nil {
				loop.If(jen.Id("i").Op(">=").Lit(int(*t.MaxItems))).Block(jen.Return(schemaErr("more than %s", plural(*t.MaxItems, "item"))))
			}
			if t.Rest == nil {
				loop.List(jen.Id("raw"), jen.Err()).Op(":=").Id("d").Dot("ReadRaw").Call()
				loop.If(jen.Err().Op("!=").Nil()).Block(jen.Return(wirePkg("AtIndex").Call(jen.Err(), jen.Id("i"))))
				loop.Id("x").Dot(restName(t)).Op("=").Append(jen.Id("x").Dot(restName(t)), jen.Append(jen.Qual("encoding/json", "RawMessage").Call(jen.Nil()), jen.Id("raw").Op("...")))
				return
			}
			loop.Var().Id("item").Add(g.slotType(t.Rest))
			loop.BlockFunc(func(c *jen.Group) {
				g.decodeSlot(c, t.Rest, id("item"), errReturn(atIndex(jen.Id("i"))))
			})
			loop.Id("x").Dot(restName(t)).Op("=").Append(jen.Id("x").Dot(restName(t)), jen.Id("item"))
		})
	})
}

// tupleEncode emits appendWire for a tuple: the positions in order, stopping at the first
// absent optional one (a later one set is refused), then the rest.
func (g *generator) tupleEncode(f *jen.File, t *schema.Type) {
	n := len(t.Positions)
	min := 0
	if t.MinItems != nil {
		min = int(*t.MinItems)
	}
	f.Line()
	f.Func().Params(jen.Id("x").Op("*").Id(t.GoName)).Id("appendWire").Params(jen.Id("b").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).BlockFunc(func(gr *jen.Group) {
		defer g.errDecl(gr)()
		gr.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune('['))
		absent := func(fd *schema.Field) *jen.Statement {
			return jen.Id("x").Dot(fd.GoName).Op("==").Nil()
		}
		optional := func(fd *schema.Field) bool { return !fd.Required }
		firstOpt := -1
		for i, fd := range t.Positions {
			ret := func(e jen.Code) jen.Code {
				return jen.Return(jen.Id("b"), wirePkg("AtIndex").Call(e, jen.Lit(i)))
			}
			body := func(c *jen.Group, val lval) {
				if i > 0 {
					c.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(','))
				}
				g.appendSlot(c, fd.Type, val, ret)
			}
			if fd.Discriminator {
				if i > 0 {
					gr.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(','))
				}
				gr.Add(appendLit(fixedJSON(fd)))
				continue
			}
			if !optional(fd) {
				body(gr, field("x", fd.GoName))
				continue
			}
			if firstOpt < 0 {
				firstOpt = i
			}
			// Absent: every later position and the rest must be absent too.
			var later []jen.Code
			for _, o := range t.Positions[i+1:] {
				later = append(later, jen.Op("!").Parens(absent(o)))
			}
			cond := jen.Len(jen.Id("x").Dot(restName(t))).Op(">").Lit(0)
			if !t.RestAllowed {
				cond = nil
			}
			var any *jen.Statement
			for _, l := range later {
				if any == nil {
					any = jen.Add(l)
				} else {
					any = any.Op("||").Add(l)
				}
			}
			if cond != nil {
				if any == nil {
					any = cond
				} else {
					any = any.Op("||").Add(cond)
				}
			}
			gr.If(absent(fd)).BlockFunc(func(c *jen.Group) {
				if any != nil {
					c.If(any).Block(jen.Return(jen.Id("b"), wirePkg("AtIndex").Call(wirePkg("Invalid").Call(jen.Lit("a later position is set but position "+fd.Name+" is not")), jen.Lit(i))))
				}
				c.Return(jen.Append(jen.Id("b"), jen.LitRune(']')), jen.Nil())
			})
			val := lval(func() *jen.Statement { return jen.Parens(jen.Op("*").Id("x").Dot(fd.GoName)) })
			if fd.Type.Repr == schema.ReprRaw || isIface(fd.Type) {
				val = field("x", fd.GoName)
			}
			body(gr, val)
		}
		if t.RestAllowed {
			if min > n {
				gr.If(jen.Len(jen.Id("x").Dot(restName(t))).Op("<").Lit(min - n)).Block(jen.Return(jen.Id("b"), wirePkg("Invalid").Call(jen.Lit("fewer than "+plural(int64(min), "item")))))
			}
			if t.MaxItems != nil {
				gr.If(jen.Len(jen.Id("x").Dot(restName(t))).Op(">").Lit(int(*t.MaxItems) - n)).Block(jen.Return(jen.Id("b"), wirePkg("Invalid").Call(jen.Lit("more than "+plural(*t.MaxItems, "item")))))
			}
			gr.For(jen.List(jen.Id("j"), jen.Id("v")).Op(":=").Range().Id("x").Dot(restName(t))).BlockFunc(func(c *jen.Group) {
				if n > 0 {
					c.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(','))
				} else {
					c.If(jen.Id("j").Op(">").Lit(0)).Block(jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(',')))
				}
				ret := func(e jen.Code) jen.Code {
					return jen.Return(jen.Id("b"), wirePkg("AtIndex").Call(e, jen.Lit(n).Op("+").Id("j")))
				}
				if t.Rest == nil {
					g.appendChecked(c, wirePkg("AppendRaw").Call(jen.Id("b"), jen.Id("v")), ret)
				} else {
					g.appendSlot(c, t.Rest, id("v"), ret)
				}
			})
		} else if min > n {
			gr.Return(jen.Id("b"), wirePkg("Invalid").Call(jen.Lit("fewer than "+plural(int64(min), "item"))))
			return
		}
		gr.Return(jen.Append(jen.Id("b"), jen.LitRune(']')), jen.Nil())
	})
}
