package gen

import (
	"strconv"

	"github.com/dave/jennifer/jen"
	"github.com/wsgen/wsgen/schema"
)

// The encoders check, while appending, every constraint the decoders check, so that
// Encode refuses (with the decoder's reason, at the same JSON pointer) any value Decode
// would refuse, and Validate is the encoder run into a scratch buffer that is then
// discarded. The checks are emitted by the same functions as the decoders' (stringChecks,
// intChecks, numberChecks, boolChecks, canonicalCheck, requiredSetChecks, the raw check
// functions), on the Go value (strings, integers, booleans) or on the bytes just written
// (numbers compared exactly as literals, enum and const of composite values, uniqueItems).

// appendCheckedString emits the append of a string value s of schema t that checks, in
// the same pass, valid UTF-8 and the length (wireimpl.AppendCheckedString), then the
// pattern, enum and const checks on s.
//
// When every string the pattern matches is plain ASCII (plainOnly), a string that
// matches needs no escaping and is valid UTF-8 of as many code points as bytes: it is
// checked by CheckString and copied as it is, without the escaping pass. A string that
// does not match takes the general path, so its refusal (UTF-8, length, then pattern)
// is the decoder's.
//
// opened: the caller wrote the opening quote with the member name before it
// (wireimpl.AppendCheckedRest), one append less per string member.
func (g *generator) appendCheckedString(gr *jen.Group, t *schema.Type, s *jen.Statement, ret retFn, opened bool) {
	appendFunc, open := "AppendCheckedString", jen.Append(jen.Id("b"), jen.LitRune('"'))
	if opened {
		appendFunc, open = "AppendCheckedRest", jen.Id("b")
	}
	appendChecked := func(gr *jen.Group) {
		g.appendChecked(gr, wirePkg(appendFunc).Call(jen.Id("b"), s.Clone(), lengthBound(t.MinLength, 0), lengthBound(t.MaxLength, -1)), ret)
	}
	patternErr := ret(schemaErr("string does not match pattern %s", strconv.Quote(t.Pattern)))
	switch {
	case t.Pattern != "" && matcherFunc(t.PatternRE2) && plainOnly(t.PatternRE2):
		gr.If(g.patternMatch(t, s, "MatchString")).BlockFunc(func(gr *jen.Group) {
			// ASCII: the length in code points is len; CheckString gives the reason.
			var out []jen.Code
			if t.MinLength != nil && *t.MinLength > 0 {
				out = append(out, jen.Len(s.Clone()).Op("<").Lit(int(*t.MinLength)))
			}
			if t.MaxLength != nil {
				out = append(out, jen.Len(s.Clone()).Op(">").Lit(int(*t.MaxLength)))
			}
			if len(out) > 0 {
				gr.If(joinConds("||", out)).Block(ret(wirePkg("CheckString").Call(s.Clone(), lengthBound(t.MinLength, 0), lengthBound(t.MaxLength, -1))))
			}
			gr.Id("b").Op("=").Append(jen.Append(open, s.Clone().Op("...")), jen.LitRune('"'))
		}).Else().BlockFunc(func(gr *jen.Group) {
			appendChecked(gr)
			gr.Add(patternErr)
		})
	case t.Pattern != "":
		appendChecked(gr)
		gr.If(jen.Op("!").Add(g.patternMatch(t, s, "MatchString"))).Block(patternErr)
	default:
		appendChecked(gr)
	}
	g.stringValueChecks(gr, t, s, "MatchString", ret)
}

// intChecked reports whether an integer of schema t has constraints beyond its type.
func intChecked(t *schema.Type) bool {
	return len(bounds(t)) > 0 || t.MultipleOf != "" || t.Enum != nil || t.Const != nil
}

// checkIntValue emits, in a block, the checks of an integer value val of schema t (the
// bounds, multipleOf, enum and const the decoder checks, in its order), on v, and on its
// decimal literal n for a bound or multipleOf int64 cannot hold.
func (g *generator) checkIntValue(gr *jen.Group, t *schema.Type, val jen.Code, ret retFn) {
	if !intChecked(t) {
		return
	}
	bs := bounds(t)
	needN, needV := false, false
	for _, b := range bs {
		if _, ok := int64Of(b.lit); ok {
			needV = true
		} else {
			needN = true
		}
	}
	if t.MultipleOf != "" {
		if m, ok := int64Of(t.MultipleOf); !ok || m <= 0 {
			needN = true
		} else if m != 1 {
			needV = true
		}
	}
	if _, _, ok := numericSet(t); ok {
		needV = true
	}
	gr.BlockFunc(func(c *jen.Group) {
		v := jen.Int64().Call(val)
		if needN {
			c.Var().Id("nb").Index(jen.Lit(24)).Byte()
			c.Id("n").Op(":=").Add(wirePkg("Number")).Call(jen.Qual("strconv", "AppendInt").Call(jen.Id("nb").Index(jen.Empty(), jen.Lit(0)), v.Clone(), jen.Lit(10)))
		}
		if needV {
			c.Id("v").Op(":=").Add(v)
		}
		g.intChecks(c, t, bs, ret)
	})
}

// numberChecked reports whether a number (float64 or wire.Decimal) of schema t has
// constraints the decoder checks on its literal.
func numberChecked(t *schema.Type) bool {
	_, _, enum := numericSet(t)
	return len(bounds(t)) > 0 || t.MultipleOf != "" || enum || t.Kinds&^schema.Null == schema.Frac
}

// checkNumberWritten emits the decoder's exact checks (numberChecks) on the number
// literal just written, b[start:].
func (g *generator) checkNumberWritten(gr *jen.Group, t *schema.Type, ret retFn) {
	gr.Id("n").Op(":=").Add(wirePkg("Number")).Call(jen.Id("b").Index(jen.Id("start"), jen.Empty()))
	g.numberChecks(gr, t, ret)
}

// checkBoolValue emits the enum and const checks of a boolean value.
func (g *generator) checkBoolValue(gr *jen.Group, t *schema.Type, val jen.Code, ret retFn) {
	if t.Enum == nil && t.Const == nil {
		return
	}
	gr.BlockFunc(func(c *jen.Group) {
		c.Id("v").Op(":=").Add(val)
		g.boolChecks(c, t, ret)
	})
}

// checkRawValue emits the check of a raw value already written (AppendRaw checked it is
// one JSON value) against its schema, by the decoder's own check function.
func (g *generator) checkRawValue(gr *jen.Group, t *schema.Type, val jen.Code, ret retFn) {
	if t.Kinds == schema.Any && !hasConstraints(t) {
		return
	}
	gr.If(jen.Err().Op(":=").Add(wirePkg("CheckRaw")).Call(val, jen.Id(g.checkFunc(t))), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
}

// checkMemberName emits the checks of the name of a member an object's Extra holds: valid
// UTF-8, and not the name of a declared member (the frame would hold it twice).
func (g *generator) checkMemberName(gr *jen.Group, t *schema.Type, name jen.Code, ret retFn) {
	gr.If(jen.Err().Op(":=").Add(wirePkg("CheckString")).Call(name, jen.Lit(0), jen.Lit(-1)), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
	var names []jen.Code
	for _, fd := range t.Properties {
		names = append(names, jen.Lit(fd.Name))
	}
	if len(names) > 0 {
		gr.Switch(name).Block(jen.Case(names...).Block(ret(schemaErr("member is declared: set its field, not Extra"))))
	}
}

// checkExtraRequired emits the checks of the required members that are not declared
// properties, which must be in Extra (the decoder's order and reasons).
func (g *generator) checkExtraRequired(gr *jen.Group, t *schema.Type, ret retFn) {
	for _, r := range t.ExtraRequired {
		switch {
		case t.Additional != nil:
			gr.If(jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Id("x").Dot("Extra").Index(jen.Lit(r)), jen.Op("!").Id("ok")).Block(
				ret(schemaErr("missing required member %s", quote(r))))
		case t.AdditionalAllowed:
			gr.If(jen.Op("!").Qual("slices", "ContainsFunc").Call(jen.Id("x").Dot("Extra"), jen.Func().Params(jen.Id("m").Id("Member")).Bool().Block(jen.Return(jen.Id("m").Dot("Name").Op("==").Lit(r))))).Block(
				ret(schemaErr("missing required member %s", quote(r))))
		default:
			gr.Add(ret(schemaErr("missing required member %s", quote(r))))
			return
		}
	}
}

// checkExtraUnique emits the refusal of two Extra members of one name (the decoder
// refuses duplicate names): a scan of the earlier members, for the few an object holds.
func (g *generator) checkExtraUnique(gr *jen.Group) {
	gr.For(jen.Id("j").Op(":=").Range().Id("i")).Block(
		jen.If(jen.Id("x").Dot("Extra").Index(jen.Id("j")).Dot("Name").Op("==").Id("mb").Dot("Name")).Block(
			jen.Return(jen.Id("b"), wirePkg("Duplicate").Call(jen.Id("mb").Dot("Name")))))
}

// validateMethods emits Validate for a message or a named struct, array, map or tuple
// type: the encoder run into a scratch buffer, its result discarded.
func (g *generator) validateMethod(f *jen.File, name string, typ jen.Code) {
	f.Line()
	if typ != nil {
		f.Comment("Validate checks x against the schema as Decode checks a frame and returns the")
		f.Comment("*EncodeError Encode would return for it, or nil: Encode writes a valid x, and")
		f.Comment("only a valid x.")
	} else {
		f.Comment("Validate checks x against its schema as Decode checks a value of it and returns an")
		f.Comment("*EncodeError (with an empty Type and a Pointer relative to x), or nil.")
	}
	f.Func().Params(jen.Id("x").Op("*").Id(name)).Id("Validate").Params().Error().BlockFunc(func(gr *jen.Group) {
		if typ != nil {
			gr.If(jen.Id("x").Op("==").Nil()).Block(jen.Return(jen.Op("&").Id("EncodeError").Values(jen.Dict{jen.Id("Type"): typ, jen.Id("Reason"): jen.Lit("nil message")})))
		} else {
			gr.If(jen.Id("x").Op("==").Nil()).Block(jen.Return(jen.Op("&").Id("EncodeError").Values(jen.Dict{jen.Id("Reason"): jen.Lit("nil " + name)})))
		}
		gr.Id("buf").Op(":=").Add(wirePkg("EncodeBuffer")).Call()
		gr.List(jen.Id("b"), jen.Err()).Op(":=").Id("x").Dot("appendWire").Call(jen.Op("*").Id("buf"))
		gr.Add(wirePkg("DiscardEncode")).Call(jen.Id("buf"), jen.Id("b"))
		typName := typ
		if typName == nil {
			typName = jen.Lit("")
		}
		gr.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("encodeError").Call(typName, jen.Err())))
		gr.Return(jen.Nil())
	})
}

// validateMethods emits Validate for every message and every named struct, array, map
// and tuple type.
func (g *generator) validateMethods(f *jen.File) {
	for _, m := range g.p.Messages {
		g.validateMethod(f, m.GoName, jen.Id(m.ConstName))
	}
	for _, t := range g.p.Types {
		switch t.Repr {
		case schema.ReprStruct, schema.ReprMap, schema.ReprArray, schema.ReprTuple:
			g.validateMethod(f, t.GoName, nil)
		}
	}
}

// checkItemCount emits the minItems and maxItems checks of an array x (a named slice),
// with the decoder's reasons; none for a Go array (schema.Type.FixedLen), whose type
// holds its length.
func (g *generator) checkItemCount(gr *jen.Group, t *schema.Type) {
	if t.FixedLen > 0 {
		return
	}
	if t.MaxItems != nil {
		gr.If(jen.Len(jen.Op("*").Id("x")).Op(">").Lit(int(*t.MaxItems))).Block(jen.Return(jen.Id("b"), schemaErr("more than %s", plural(*t.MaxItems, "item"))))
	}
	if t.MinItems != nil && *t.MinItems > 0 {
		gr.If(jen.Len(jen.Op("*").Id("x")).Op("<").Lit(int(*t.MinItems))).Block(jen.Return(jen.Id("b"), schemaErr("fewer than %s", plural(*t.MinItems, "item"))))
	}
}

// checkUnique emits the uniqueItems check on the items written (items), as the decoder's.
// uniqueItemsVar declares items, the written or read items a uniqueItems check compares,
// backed by an array on the stack: no allocation up to uniqueArray items.
func uniqueItemsVar(gr *jen.Group) {
	gr.Var().Id("itemsArr").Index(jen.Lit(uniqueArray)).Index().Byte()
	gr.Id("items").Op(":=").Id("itemsArr").Index(jen.Empty(), jen.Lit(0))
}

// uniqueArray is the length of the array uniqueItemsVar declares.
const uniqueArray = 16

func (g *generator) checkUnique(gr *jen.Group) {
	gr.List(jen.Id("dup"), jen.Err()).Op(":=").Add(wirePkg("Unique")).Call(jen.Id("items"))
	gr.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("b"), jen.Err()))
	gr.If(jen.Id("dup").Op(">=").Lit(0)).Block(jen.Return(jen.Id("b"), wirePkg("AtIndex").Call(schemaErr("item equals an earlier item (uniqueItems)"), jen.Id("dup"))))
}

// joinConds joins conditions with the operator op ("||" or "&&"); no condition is
// empty (true for "&&", false for "||").
func joinConds(op string, conds []jen.Code) *jen.Statement {
	if len(conds) == 0 {
		return jen.Lit(op == "&&")
	}
	st := jen.Add(conds[0])
	for _, c := range conds[1:] {
		st = st.Op(op).Add(c)
	}
	return st
}
