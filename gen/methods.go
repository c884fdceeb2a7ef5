package gen

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/wsgen/wsgen/internal/jsonptr"
	"github.com/wsgen/wsgen/schema"
)

func pointerToken(name string) string { return jsonptr.Escape(name) }

// checkFunc returns the name of the function checking a raw value of t, queuing it.
func (g *generator) checkFunc(t *schema.Type) string {
	if name, ok := g.checks[t]; ok {
		return name
	}
	name := fmt.Sprintf("check%d", len(g.checks))
	g.checks[t] = name
	g.checkQueue = append(g.checkQueue, t)
	return name
}

func (g *generator) codecFile(f *jen.File) {
	p := g.p
	g.decodeEntry(f)
	g.encodeEntry(f)
	for _, m := range p.Messages {
		if m.IsArray() {
			// An array message is its tuple: positions, then the rest (Items).
			g.tupleDecode(f, m.Type)
			g.tupleEncode(f, m.Type)
			continue
		}
		g.structDecode(f, m.Type, m)
		g.structEncode(f, m.Type, m)
	}
	for _, t := range p.Types {
		switch {
		case t.Repr == schema.ReprStruct:
			g.structDecode(f, t, nil)
			g.structEncode(f, t, nil)
		case t.Repr == schema.ReprMap:
			g.mapDecode(f, t)
			g.mapEncode(f, t)
		case t.Repr == schema.ReprArray:
			g.arrayDecode(f, t, t.GoName)
			g.arrayEncode(f, t, t.GoName)
		case t.Repr == schema.ReprUnion:
			g.unionCodec(f, t)
		case t.Repr == schema.ReprSum:
			g.sumCodec(f, t)
		case t.Repr == schema.ReprTuple:
			g.tupleDecode(f, t)
			g.tupleEncode(f, t)
		case t.Repr == schema.ReprRaw:
			if t.ObjectName != "" {
				g.structDecodeNamed(f, t, nil, t.ObjectName)
			}
			if t.ArrayName != "" {
				g.arrayDecode(f, t, t.ArrayName)
			}
		}
	}
	g.validateMethods(f)
	for i := 0; i < len(g.checkQueue); i++ {
		g.rawCheck(f, g.checkQueue[i])
	}
	if len(g.litOrd) > 0 {
		f.Line()
		f.Comment("Number literals of the schema, compared exactly with wire.Compare and wire.MultipleOf.")
		f.Var().DefsFunc(func(gr *jen.Group) {
			for _, l := range g.litOrd {
				gr.Id(g.lits[l]).Op("=").Add(wirePkg("Number")).Call(jen.Lit(l))
			}
		})
	}
	if g.needMembers {
		f.Line()
		f.Comment("scratchMembers collects the unknown members of each open object being decoded.")
		f.Var().Id("scratchMembers").Add(wirePkg("Scratch")).Types(jen.Id("Member"))
	}
	if g.needRawID {
		f.Line()
		f.Comment("rawID returns an id kept as raw JSON (a string or an integer) as text: a string as is,")
		f.Comment("an integer in decimal, \"\" for null or absent.")
		f.Func().Id("rawID").Params(jen.Id("raw").Qual("encoding/json", "RawMessage")).String().Block(
			jen.If(jen.Len(jen.Id("raw")).Op("==").Lit(0).Op("||").Id("raw").Index(jen.Lit(0)).Op("==").LitByte('n')).Block(jen.Return(jen.Lit(""))),
			jen.If(jen.Id("raw").Index(jen.Lit(0)).Op("==").LitByte('"')).Block(
				jen.Var().Id("s").String(),
				jen.If(jen.Qual("encoding/json", "Unmarshal").Call(jen.Id("raw"), jen.Op("&").Id("s")).Op("!=").Nil()).Block(jen.Return(jen.Lit(""))),
				jen.Return(jen.Id("s"))),
			jen.If(jen.List(jen.Id("v"), jen.Err()).Op(":=").Add(wirePkg("Number")).Call(jen.Id("raw")).Dot("Int64").Call(), jen.Err().Op("==").Nil()).Block(
				jen.Return(jen.Qual("strconv", "FormatInt").Call(jen.Id("v"), jen.Lit(10)))),
			jen.Return(jen.String().Call(jen.Id("raw"))),
		)
	}
	var regexps []string
	for _, pt := range g.patOrd {
		if sp, ok := compileSimple(pt); ok {
			emitSimplePattern(f, g.pats[pt], g.patSrc[pt], sp)
		} else if d, ok := compileDFA(pt); ok {
			emitDFAPattern(f, g.pats[pt], g.patSrc[pt], d)
		} else {
			regexps = append(regexps, pt)
			continue
		}
		if g.scans[pt] {
			d, _ := compileDFA(pt)
			emitDFAScan(f, scanName(g.pats[pt]), g.patSrc[pt], d)
		}
	}
	if len(regexps) > 0 {
		f.Line()
		f.Comment("Patterns of the schema (RE2 syntax, unanchored as in JSON Schema).")
		f.Var().DefsFunc(func(gr *jen.Group) {
			for _, pt := range regexps {
				if src := g.patSrc[pt]; src != pt {
					gr.Comment(g.pats[pt] + " is the ECMA-262 pattern " + strconv.Quote(src) + ".")
				}
				gr.Id(g.pats[pt]).Op("=").Qual("regexp", "MustCompile").Call(jen.Lit(pt))
			}
		})
	}
}

func (g *generator) decodeEntry(f *jen.File) {
	p := g.p
	f.Comment("Decode decodes one frame into its message, checking it against the protocol's schema:")
	f.Comment("it accepts exactly the frames the schema accepts, except that it also refuses duplicate")
	f.Comment("member names, invalid UTF-8, escaped lone surrogates and numbers the Go field cannot")
	f.Comment("hold. The message is found by its route (MessageInfo.Route) in one pass over the frame's")
	f.Comment("top-level members. Every error is a *DecodeError; a frame that no message's route")
	f.Comment("matches wraps ErrUnknownType, one that several match (with no precedence to decide)")
	f.Comment("ErrAmbiguousType. The message does not alias data.")
	f.Func().Id("Decode").Params(jen.Id("data").Index().Byte()).Params(jen.Id("Message"), jen.Error()).BlockFunc(func(gr *jen.Group) {
		gr.Id("d").Op(":=").Id("decoders").Dot("Get").Call().Assert(jen.Op("*").Add(wirePkg("Decoder")))
		gr.Defer().Id("decoders").Dot("Put").Call(jen.Id("d"))
		gr.Id("d").Dot("Reset").Call(jen.Id("data"))
		resume := g.anyResumable()
		if resume {
			gr.Id("first").Op(":=").Lit(-1)
			gr.List(jen.Id("n"), jen.Id("cand"), jen.Err()).Op(":=").Id("route").Call(jen.Id("d"), jen.Op("&").Id("first"))
		} else {
			gr.List(jen.Id("n"), jen.Id("cand"), jen.Err()).Op(":=").Id("route").Call(jen.Id("d"))
		}
		gr.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Id("decodeError").Call(jen.Id("data"), jen.Lit(""), jen.Err())))
		if !resume {
			gr.Id("d").Dot("Reset").Call(jen.Id("data"))
		}
		gr.Var().Id("m").Id("Message")
		gr.Switch(jen.Id("n")).BlockFunc(func(sw *jen.Group) {
			for i, m := range p.Messages {
				// Concrete calls, not through the interface.
				sw.Case(jen.Lit(i)).BlockFunc(func(c *jen.Group) {
					c.Id("x").Op(":=").New(jen.Id(m.GoName))
					whole := func(c *jen.Group) {
						if resume {
							c.Id("d").Dot("Reset").Call(jen.Id("data"))
						}
						c.List(jen.Id("m"), jen.Err()).Op("=").List(jen.Id("x"), jen.Id("x").Dot("decodeWire").Call(jen.Id("d")))
					}
					slot, fi := g.resumeSlot(m)
					if slot < 0 {
						whole(c)
						return
					}
					// route read the discriminator, the first member: go on after it.
					seen := make([]jen.Code, (len(m.Type.Properties)+63)/64)
					for w := range seen {
						seen[w] = jen.Lit(0)
					}
					seen[fi/64] = hexLit(uint64(1) << (fi % 64))
					c.If(jen.Id("first").Op("==").Lit(slot)).Block(
						jen.List(jen.Id("m"), jen.Err()).Op("=").List(jen.Id("x"), jen.Id("x").Dot("decodeMembers").Call(jen.Id("d"), jen.Index(jen.Lit(len(seen))).Uint64().Values(seen...))),
					).Else().BlockFunc(whole)
				})
			}
			def := []jen.Code{}
			if resume {
				def = append(def, jen.Id("d").Dot("Reset").Call(jen.Id("data")))
			}
			sw.Default().Block(append(def,
				jen.Comment("A malformed frame is reported as such, even when no message matches."),
				jen.If(jen.Err().Op(":=").Id("d").Dot("Skip").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Id("decodeError").Call(jen.Id("data"), jen.Lit(""), jen.Err()))),
				jen.If(jen.Err().Op(":=").Id("d").Dot("End").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Id("decodeError").Call(jen.Id("data"), jen.Lit(""), jen.Err()))),
				jen.Return(jen.Nil(), jen.Id("routeError").Call(jen.Id("data"), jen.Id("n"), jen.Id("cand"))))...)
		})
		gr.If(jen.Err().Op("==").Nil()).Block(jen.Err().Op("=").Id("d").Dot("End").Call())
		gr.If(jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Id("decodeError").Call(jen.Id("data"), jen.Id("m").Dot("MessageType").Call(), jen.Err())))
		gr.Return(jen.Id("m"), jen.Nil())
	})
	f.Line()
	f.Comment("decoders keeps wire.Decoders (and their scratch buffers) between frames.")
	f.Var().Id("decoders").Op("=").Qual("sync", "Pool").Values(jen.Dict{
		jen.Id("New"): jen.Func().Params().Any().Block(jen.Return(jen.New(wirePkg("Decoder")))),
	})
	g.routeFuncs(f)
}

func (g *generator) encodeEntry(f *jen.File) {
	p := g.p
	finish := func(b jen.Code) *jen.Statement { return wirePkg("FinishEncode").Call(jen.Id("buf"), b) }
	f.Line()
	f.Comment("Encode writes m as one JSON frame, its members in schema order (unknown members kept")
	f.Comment("from Decode last), into a new slice the caller owns. It checks every constraint Decode")
	f.Comment("checks while it writes, and refuses a value Decode would refuse with an *EncodeError")
	f.Comment("naming the message type, the JSON pointer of the value at fault and the decoder's")
	f.Comment("reason (m.Validate() gives the same error without writing); it also refuses what JSON")
	f.Comment("cannot hold (NaN, infinities, invalid UTF-8, invalid raw JSON, a missing required raw")
	f.Comment("value) and a nil message. So Decode accepts whatever Encode returns. It writes into a")
	f.Comment("pooled scratch buffer and allocates once, the result (wireimpl.FinishEncode).")
	f.Func().Id("Encode").Params(jen.Id("m").Id("Message")).Params(jen.Index().Byte(), jen.Error()).BlockFunc(func(gr *jen.Group) {
		gr.Var().Id("b").Index().Byte()
		gr.Var().Err().Error()
		gr.Id("buf").Op(":=").Add(wirePkg("EncodeBuffer")).Call()
		gr.Switch(jen.Id("m").Op(":=").Id("m").Assert(jen.Type())).BlockFunc(func(sw *jen.Group) {
			for _, m := range p.Messages {
				sw.Case(jen.Op("*").Id(m.GoName)).Block(
					jen.If(jen.Id("m").Op("!=").Nil()).Block(
						jen.List(jen.Id("b"), jen.Err()).Op("=").Id("m").Dot("appendWire").Call(jen.Op("*").Id("buf"))),
				)
			}
			sw.Default().Block(
				finish(jen.Nil()),
				jen.Return(jen.Nil(), jen.Op("&").Id("EncodeError").Values(jen.Dict{jen.Id("Reason"): jen.Lit("nil message")})))
		})
		gr.If(jen.Err().Op("!=").Nil()).Block(
			finish(jen.Nil()),
			jen.Return(jen.Nil(), jen.Id("encodeError").Call(jen.Id("m").Dot("MessageType").Call(), jen.Err())))
		gr.If(jen.Id("b").Op("==").Nil()).Block(
			jen.Comment("A nil pointer to a message; MessageType does not read it."),
			finish(jen.Nil()),
			jen.Return(jen.Nil(), jen.Op("&").Id("EncodeError").Values(jen.Dict{jen.Id("Type"): jen.Id("m").Dot("MessageType").Call(), jen.Id("Reason"): jen.Lit("nil message")})))
		gr.Return(finish(jen.Id("b")), jen.Nil())
	})
}

func (g *generator) structDecode(f *jen.File, t *schema.Type, m *schema.Message) {
	g.structDecodeNamed(f, t, m, t.GoName)
}

// resumeSlot returns the route slot of m's fixed string discriminator when Decode can go
// on decoding m after route has read that member as the frame's first (a top-level
// slot read by value, with no slot nested below it), and the index of its field; -1, -1
// otherwise. route keeps m only for the discriminator's one value, so the member needs
// no second read.
func (g *generator) resumeSlot(m *schema.Message) (slot, field int) {
	for fi, fd := range m.Type.Properties {
		if !fd.Discriminator || fd.Type.Repr != schema.ReprString || fd.Type.Const == nil {
			continue
		}
		nested := false
		for _, s := range g.p.Slots {
			nested = nested || len(s.Tokens) > 1 && s.Tokens[0] == fd.Name
		}
		for i, s := range g.p.Slots {
			if len(s.Tokens) == 1 && s.Tokens[0] == fd.Name && s.Value && !s.Position && !nested {
				return i, fi
			}
		}
	}
	return -1, -1
}

// anyResumable reports whether some message has a resumeSlot.
func (g *generator) anyResumable() bool {
	for _, m := range g.p.Messages {
		if s, _ := g.resumeSlot(m); s >= 0 {
			return true
		}
	}
	return false
}

func (g *generator) structDecodeNamed(f *jen.File, t *schema.Type, m *schema.Message, name string) {
	words := (len(t.Properties) + 63) / 64
	resume := false
	if m != nil {
		s, _ := g.resumeSlot(m)
		resume = s >= 0
	}
	f.Line()
	f.Func().Params(jen.Id("x").Op("*").Id(name)).Id("decodeWire").Params(jen.Id("d").Op("*").Add(wirePkg("Decoder"))).Error().BlockFunc(func(gr *jen.Group) {
		gr.If(jen.Err().Op(":=").Add(wirePkg("ExpectObject")).Call(jen.Id("d")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		if resume {
			gr.Return(jen.Id("x").Dot("decodeMembers").Call(jen.Id("d"), jen.Index(jen.Lit(words)).Uint64().Values()))
			return
		}
		g.structMembers(gr, t, m, words, true)
	})
	if resume {
		f.Line()
		f.Comment("decodeMembers reads the members of x's object after its '{' and the members marked in")
		f.Comment("seen (Decode's route read the discriminator already).")
		f.Func().Params(jen.Id("x").Op("*").Id(name)).Id("decodeMembers").Params(jen.Id("d").Op("*").Add(wirePkg("Decoder")), jen.Id("seen").Index(jen.Lit(words)).Uint64()).Error().BlockFunc(func(gr *jen.Group) {
			g.structMembers(gr, t, m, words, false)
		})
	}
}

// structMembers emits the loop reading the members of a struct's object and the checks
// after it.
func (g *generator) structMembers(gr *jen.Group, t *schema.Type, m *schema.Message, words int, declare bool) {
	if declare && words > 0 {
		gr.Var().Id("seen").Index(jen.Lit(words)).Uint64()
	}
	keepRaw := t.AdditionalAllowed && t.Additional == nil
	if keepRaw {
		// The names of unknown members, in a set the decoder lends on the first one, and
		// the members, collected in a pooled slice and copied once into Extra at the end.
		g.needMembers = true
		gr.Var().Id("extra").Op("*").Add(wirePkg("KeySet"))
		gr.Var().Id("members").Op("*").Index().Id("Member")
	}
	// hint is the member expected next, in schema order (wire.Decoder.NextKeyHint).
	hinted := len(t.Properties) > 0
	if hinted {
		gr.Id("hint").Op(":=").Lit(keyHint(t.Properties, 0))
		if !declare {
			// Decode's route may have read the discriminator: the member after it is next.
			for i, fd := range t.Properties {
				if fd.Discriminator && m != nil {
					gr.If(jen.Id("seen").Index(jen.Lit(i / 64)).Op("&").Add(hexLit(uint64(1) << (i % 64))).Op("!=").Lit(0)).Block(
						jen.Id("hint").Op("=").Lit(keyHint(t.Properties, i+1)))
				}
			}
		}
	}
	gr.For().BlockFunc(func(loop *jen.Group) {
		if hinted {
			loop.List(jen.Id("key"), jen.Id("ok"), jen.Err()).Op(":=").Id("d").Dot("NextKeyHint").Call(jen.Id("hint"))
		} else {
			loop.List(jen.Id("key"), jen.Id("ok"), jen.Err()).Op(":=").Id("d").Dot("NextKey").Call()
		}
		loop.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		loop.If(jen.Op("!").Id("ok")).Block(jen.Break())
		loop.Switch(jen.String().Call(jen.Id("key"))).BlockFunc(func(sw *jen.Group) {
			for i, fd := range t.Properties {
				word, bit := i/64, uint64(1)<<(i%64)
				sw.Case(jen.Lit(fd.Name)).BlockFunc(func(c *jen.Group) {
					c.If(jen.Id("seen").Index(jen.Lit(word)).Op("&").Add(hexLit(bit)).Op("!=").Lit(0)).Block(jen.Return(wirePkg("Duplicate").Call(jen.Lit(fd.Name))))
					c.Id("seen").Index(jen.Lit(word)).Op("|=").Add(hexLit(bit))
					c.Id("hint").Op("=").Lit(keyHint(t.Properties, i+1))
					ret := errReturn(atToken(pointerToken(fd.Name)))
					if fd.Sensitive {
						ret = errReturn(atSensitive(pointerToken(fd.Name)))
					}
					if fd.Discriminator && m != nil {
						g.readFixed(c, fd, ret)
						return
					}
					g.decodeField(c, fd, ret)
				})
			}
			sw.Default().BlockFunc(func(c *jen.Group) {
				ret := errReturn(func(e jen.Code) jen.Code {
					return wirePkg("AtName").Call(e, jen.String().Call(jen.Id("key")))
				})
				switch {
				case t.Additional != nil:
					c.Id("name").Op(":=").String().Call(jen.Id("key"))
					c.If(jen.List(jen.Id("_"), jen.Id("dup")).Op(":=").Id("x").Dot("Extra").Index(jen.Id("name")), jen.Id("dup")).Block(jen.Return(wirePkg("Duplicate").Call(jen.Id("name"))))
					c.Var().Id("mv").Add(g.slotType(t.Additional))
					ret = errReturn(func(e jen.Code) jen.Code { return wirePkg("AtName").Call(e, jen.Id("name")) })
					c.BlockFunc(func(c *jen.Group) { g.decodeSlot(c, t.Additional, id("mv"), ret) })
					c.If(jen.Id("x").Dot("Extra").Op("==").Nil()).Block(jen.Id("x").Dot("Extra").Op("=").Make(jen.Map(jen.String()).Add(g.slotType(t.Additional))))
					c.Id("x").Dot("Extra").Index(jen.Id("name")).Op("=").Id("mv")
				case keepRaw:
					c.If(jen.Id("extra").Op("==").Nil()).Block(
						jen.Id("extra").Op("=").Id("d").Dot("KeySet").Call(),
						jen.Id("members").Op("=").Id("scratchMembers").Dot("Get").Call(),
					)
					c.If(jen.Id("extra").Dot("Add").Call(jen.Id("key"))).Block(jen.Return(wirePkg("Duplicate").Call(jen.String().Call(jen.Id("key")))))
					c.List(jen.Id("raw"), jen.Err()).Op(":=").Id("d").Dot("ReadRaw").Call()
					c.If(jen.Err().Op("!=").Nil()).Block(jen.Return(wirePkg("AtName").Call(jen.Err(), jen.String().Call(jen.Id("key")))))
					c.List(jen.Id("name"), jen.Id("value")).Op(":=").Add(wirePkg("KeepMember")).Call(jen.Id("key"), jen.Id("raw"))
					c.Op("*").Id("members").Op("=").Append(jen.Op("*").Id("members"), jen.Id("Member").Values(jen.Id("name"), jen.Id("value")))
				default:
					c.Add(ret(schemaErr("member not allowed (additionalProperties is false)")))
				}
			})
		})
	})
	if keepRaw {
		gr.If(jen.Id("members").Op("!=").Nil()).Block(
			jen.Id("x").Dot("Extra").Op("=").Append(jen.Id("x").Dot("Extra"), jen.Op("*").Id("members").Op("...")),
			jen.Id("scratchMembers").Dot("Put").Call(jen.Id("members"), jen.Op("*").Id("members")),
		)
	}
	// Required members.
	var reqIdx []int
	for i, fd := range t.Properties {
		if fd.Required {
			reqIdx = append(reqIdx, i)
		}
	}
	if len(reqIdx) > 0 {
		// Word by word, so the first missing member in schema order is named.
		masks := make([]uint64, words)
		last := make([]int, words)
		for _, i := range reqIdx {
			masks[i/64] |= 1 << (i % 64)
			last[i/64] = i
		}
		for w, mk := range masks {
			if mk == 0 {
				continue
			}
			names := []jen.Code{jen.Id("m")}
			for i := w * 64; i <= last[w]; i++ {
				names = append(names, jen.Lit(t.Properties[i].Name))
			}
			gr.If(jen.Id("m").Op(":=").Add(hexLit(mk)).Op("&^").Id("seen").Index(jen.Lit(w)), jen.Id("m").Op("!=").Lit(0)).Block(
				jen.Return(wirePkg("Missing").Call(names...)))
		}
	}
	for _, r := range t.ExtraRequired {
		switch {
		case t.Additional != nil:
			gr.If(jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Id("x").Dot("Extra").Index(jen.Lit(r)), jen.Op("!").Id("ok")).Block(
				jen.Return(schemaErr("missing required member %s", quote(r))))
		case keepRaw:
			gr.If(jen.Op("!").Qual("slices", "ContainsFunc").Call(jen.Id("x").Dot("Extra"), jen.Func().Params(jen.Id("m").Id("Member")).Bool().Block(jen.Return(jen.Id("m").Dot("Name").Op("==").Lit(r))))).Block(
				jen.Return(schemaErr("missing required member %s", quote(r))))
		default:
			gr.Return(schemaErr("missing required member %s", quote(r)))
			return
		}
	}
	g.requiredSetChecks(gr, t, true, func(e jen.Code) jen.Code { return jen.Return(e) })
	g.presenceChecks(gr, t, true, func(e jen.Code) jen.Code { return jen.Return(e) })
	gr.Return(jen.Nil())
}

// keyHint is the JSON text of the name of props[i], the member a decoder expects after
// props[i-1], for wire.Decoder.NextKeyHint: "" (no hint) past the last member and for a
// name whose JSON text has an escape (NextKeyHint compares the text as written and
// returns it unescaped only when it has none).
func keyHint(props []*schema.Field, i int) string {
	if i >= len(props) {
		return ""
	}
	if q := jsonString(props[i].Name); !strings.Contains(q, "\\") {
		return q
	}
	return ""
}

// readFixed reads a fixed discriminator: a member whose one value, a string or an integer
// const, Encode writes.
func (g *generator) readFixed(c *jen.Group, fd *schema.Field, ret retFn) {
	if fd.Type.Repr == schema.ReprString {
		var s string
		_ = json.Unmarshal([]byte(*fd.Type.Const), &s)
		c.If(jen.Err().Op(":=").Add(wirePkg("ReadDiscriminator")).Call(jen.Id("d"), jen.Lit(s)), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
		return
	}
	c.List(jen.Id("n"), jen.Err()).Op(":=").Add(wirePkg("ReadNumber")).Call(jen.Id("d"), jen.Lit("integer"))
	c.Add(ifErr(ret, jen.Err()))
	c.If(jen.Op("!").Add(wirePkg("Equal")).Call(jen.Id("n"), g.lit(*fd.Type.Const))).Block(ret(schemaErr("discriminator is not %s", fixedJSON(fd))))
}

// fixedJSON is a fixed discriminator's value as Encode writes it.
func fixedJSON(fd *schema.Field) string {
	if fd.Type.Repr == schema.ReprString {
		var s string
		_ = json.Unmarshal([]byte(*fd.Type.Const), &s)
		return jsonString(s)
	}
	v, _ := int64Of(*fd.Type.Const)
	return strconv.FormatInt(v, 10)
}

// decodeField reads one declared member into its struct field.
func (g *generator) decodeField(c *jen.Group, fd *schema.Field, ret retFn) {
	dst := field("x", fd.GoName)
	if fd.Required || fd.Type.Repr == schema.ReprRaw || isIface(fd.Type) {
		g.decodeSlot(c, fd.Type, dst, ret)
		return
	}
	switch fd.Type.Repr {
	case schema.ReprString, schema.ReprInt, schema.ReprFloat, schema.ReprBool:
		if !fd.Type.Nullable() && fd.Type.GoName == "" {
			g.decodeBase(c, fd.Type, dst, ret, true)
			return
		}
	}
	c.Var().Id("fv").Add(g.slotType(fd.Type))
	g.decodeSlot(c, fd.Type, id("fv"), ret)
	c.Add(dst()).Op("=").Op("&").Id("fv")
}

// smallArray is the largest maxItems for which a decoded array is allocated at its
// maximum capacity up front instead of grown by append.
const smallArray = 16

// isSmallArray reports whether t is an array allocated at its maximum capacity.
func isSmallArray(t *schema.Type) bool {
	return t.MaxItems != nil && *t.MaxItems > 0 && *t.MaxItems <= smallArray
}

// flatItems reports whether the items of an array of schema t are small slices of a named
// type that are decoded into one backing array for the whole outer array: two
// allocations instead of one per item. Items of a fixed length (the [price, quantity]
// levels of an order book, schema.Type.FixedLen) are Go arrays, held in the outer slice
// itself.
func flatItems(t *schema.Type) bool {
	it := t.Items
	return it != nil && it.Repr == schema.ReprArray && it.GoName != "" && !it.Nullable() &&
		it.Const == nil && it.Enum == nil && isSmallArray(it) && it.FixedLen == 0
}

// itemsFunc names the function that appends the items of a small array type to a list.
func itemsFunc(name string) string { return "decode" + name + "Items" }

func (g *generator) arrayDecode(f *jen.File, t *schema.Type, name string) {
	if t.FixedLen > 0 {
		g.fixedArrayDecode(f, t, name)
		return
	}
	small := isSmallArray(t)
	flat := !small && flatItems(t)
	scratch := "scratch" + name
	if !small {
		f.Line()
		f.Comment(scratch + " collects the items of each " + name + " being decoded.")
		f.Var().Id(scratch).Add(wirePkg("Scratch")).Types(g.slotType(t.Items))
	}
	if flat {
		f.Line()
		f.Comment(scratch + "Items collects the items of the items of each " + name + " being decoded.")
		f.Var().Id(scratch + "Items").Add(wirePkg("Scratch")).Types(g.slotType(t.Items.Items))
	}
	// loop emits the loop reading the items into list; base is the length of list before
	// them (small arrays append to a list the caller passes).
	loop := func(gr *jen.Group, base jen.Code, ret func(jen.Code) jen.Code) {
		count := jen.Len(jen.Id("list"))
		if base != nil {
			count = jen.Len(jen.Id("list")).Op("-").Add(base)
		}
		if t.UniqueItems {
			uniqueItemsVar(gr)
		}
		gr.For(jen.Id("i").Op(":=").Lit(0), jen.Empty(), jen.Id("i").Op("++")).BlockFunc(func(loop *jen.Group) {
			loop.List(jen.Id("more"), jen.Err()).Op(":=").Id("d").Dot("NextElem").Call()
			loop.If(jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
			loop.If(jen.Op("!").Id("more")).Block(jen.Break())
			if t.MaxItems != nil {
				loop.If(jen.Id("i").Op(">=").Lit(int(*t.MaxItems))).Block(ret(schemaErr("more than %s", plural(*t.MaxItems, "item"))))
			}
			if t.UniqueItems {
				loop.Id("d").Dot("Peek").Call()
				loop.Id("start").Op(":=").Id("d").Dot("Offset").Call()
			}
			if flat {
				// The item's own items go to elems; list keeps a view of them for the length.
				loop.Id("n").Op(":=").Len(jen.Id("elems"))
				loop.If(jen.List(jen.Id("elems"), jen.Err()).Op("=").Id(itemsFunc(t.Items.GoName)).Call(jen.Id("d"), jen.Id("elems")), jen.Err().Op("!=").Nil()).Block(
					ret(wirePkg("AtIndex").Call(jen.Err(), jen.Id("i"))))
				if t.UniqueItems {
					loop.Id("items").Op("=").Append(jen.Id("items"), jen.Id("d").Dot("Since").Call(jen.Id("start")))
				}
				loop.Id("list").Op("=").Append(jen.Id("list"), jen.Id("elems").Index(jen.Id("n"), jen.Len(jen.Id("elems")), jen.Len(jen.Id("elems"))))
				return
			}
			loop.Var().Id("item").Add(g.slotType(t.Items))
			loop.BlockFunc(func(c *jen.Group) {
				g.decodeSlot(c, t.Items, id("item"), func(e jen.Code) jen.Code { return ret(atIndex(jen.Id("i"))(e)) })
			})
			if t.UniqueItems {
				loop.Id("items").Op("=").Append(jen.Id("items"), jen.Id("d").Dot("Since").Call(jen.Id("start")))
			}
			loop.Id("list").Op("=").Append(jen.Id("list"), jen.Id("item"))
		})
		if t.MinItems != nil && *t.MinItems > 0 {
			gr.If(count.Op("<").Lit(int(*t.MinItems))).Block(ret(schemaErr("fewer than %s", plural(*t.MinItems, "item"))))
		}
		if t.UniqueItems {
			gr.List(jen.Id("dup"), jen.Err()).Op(":=").Add(wirePkg("Unique")).Call(jen.Id("items"))
			gr.If(jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
			gr.If(jen.Id("dup").Op(">=").Lit(0)).Block(ret(wirePkg("AtIndex").Call(schemaErr("item equals an earlier item (uniqueItems)"), jen.Id("dup"))))
		}
	}
	if small {
		// A small bounded array (a [price, quantity] pair) is allocated once; an array of
		// them decodes all their items into one backing array (see flatItems).
		f.Line()
		f.Comment(itemsFunc(name) + " reads a " + name + " and appends its items to list.")
		f.Func().Id(itemsFunc(name)).Params(jen.Id("d").Op("*").Add(wirePkg("Decoder")), jen.Id("list").Id(name)).Params(jen.Id(name), jen.Error()).BlockFunc(func(gr *jen.Group) {
			ret := func(e jen.Code) jen.Code { return jen.Return(jen.Id("list"), e) }
			gr.If(jen.Err().Op(":=").Add(wirePkg("ExpectArray")).Call(jen.Id("d")), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
			if t.MinItems != nil && *t.MinItems > 0 {
				gr.Id("base").Op(":=").Len(jen.Id("list"))
			}
			loop(gr, jen.Id("base"), ret)
			gr.Return(jen.Id("list"), jen.Nil())
		})
	}
	f.Line()
	f.Func().Params(jen.Id("x").Op("*").Id(name)).Id("decodeWire").Params(jen.Id("d").Op("*").Add(wirePkg("Decoder"))).Error().BlockFunc(func(gr *jen.Group) {
		if small {
			gr.List(jen.Id("list"), jen.Err()).Op(":=").Id(itemsFunc(name)).Call(jen.Id("d"), jen.Make(jen.Id(name), jen.Lit(0), jen.Lit(int(*t.MaxItems))))
			gr.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
			gr.Op("*").Id("x").Op("=").Id("list")
			gr.Return(jen.Nil())
			return
		}
		gr.If(jen.Err().Op(":=").Add(wirePkg("ExpectArray")).Call(jen.Id("d")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		// Other arrays collect their items in pooled scratch and are copied once.
		gr.Id("sp").Op(":=").Id(scratch).Dot("Get").Call()
		gr.Id("list").Op(":=").Parens(jen.Op("*").Id("sp")).Index(jen.Empty(), jen.Lit(0))
		if flat {
			gr.Id("ep").Op(":=").Id(scratch + "Items").Dot("Get").Call()
			gr.Id("elems").Op(":=").Parens(jen.Op("*").Id("ep")).Index(jen.Empty(), jen.Lit(0))
		}
		loop(gr, nil, func(e jen.Code) jen.Code { return jen.Return(e) })
		gr.Id("out").Op(":=").Make(jen.Id(name), jen.Len(jen.Id("list")))
		if flat {
			// One backing array for the items of all items, each item a full slice of its
			// part (appending to one reallocates it).
			gr.Id("all").Op(":=").Make(jen.Index().Add(g.slotType(t.Items.Items)), jen.Len(jen.Id("elems")))
			gr.Copy(jen.Id("all"), jen.Id("elems"))
			gr.For(jen.List(jen.Id("i"), jen.Id("item")).Op(":=").Range().Id("list")).Block(
				jen.Id("n").Op(":=").Len(jen.Id("item")),
				jen.Id("out").Index(jen.Id("i")).Op("=").Id("all").Index(jen.Empty(), jen.Id("n"), jen.Id("n")),
				jen.Id("all").Op("=").Id("all").Index(jen.Id("n"), jen.Empty()),
			)
			gr.Id(scratch+"Items").Dot("Put").Call(jen.Id("ep"), jen.Id("elems"))
		} else {
			gr.Copy(jen.Id("out"), jen.Id("list"))
		}
		gr.Id(scratch).Dot("Put").Call(jen.Id("sp"), jen.Id("list"))
		gr.Op("*").Id("x").Op("=").Id("out")
		gr.Return(jen.Nil())
	})
}

// fixedArrayDecode emits decodeWire for an array of a fixed length N (a Go array [N]T,
// schema.Type.FixedLen): the items are read into x[0] … x[N-1] directly, with the
// reasons and pointers of a slice's decoder for more or fewer than N items.
func (g *generator) fixedArrayDecode(f *jen.File, t *schema.Type, name string) {
	n := t.FixedLen
	f.Line()
	f.Func().Params(jen.Id("x").Op("*").Id(name)).Id("decodeWire").Params(jen.Id("d").Op("*").Add(wirePkg("Decoder"))).Error().BlockFunc(func(gr *jen.Group) {
		gr.If(jen.Err().Op(":=").Add(wirePkg("ExpectArray")).Call(jen.Id("d")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		if t.UniqueItems {
			gr.Var().Id("items").Index(jen.Lit(n)).Index().Byte()
		}
		gr.Id("i").Op(":=").Lit(0)
		gr.For(jen.Empty(), jen.Empty(), jen.Id("i").Op("++")).BlockFunc(func(loop *jen.Group) {
			loop.List(jen.Id("more"), jen.Err()).Op(":=").Id("d").Dot("NextElem").Call()
			loop.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
			loop.If(jen.Op("!").Id("more")).Block(jen.Break())
			loop.If(jen.Id("i").Op(">=").Lit(n)).Block(jen.Return(schemaErr("more than %s", plural(int64(n), "item"))))
			if t.UniqueItems {
				loop.Id("d").Dot("Peek").Call()
				loop.Id("start").Op(":=").Id("d").Dot("Offset").Call()
			}
			loop.BlockFunc(func(c *jen.Group) {
				g.decodeSlot(c, t.Items, func() *jen.Statement { return jen.Id("x").Index(jen.Id("i")) }, errReturn(atIndex(jen.Id("i"))))
			})
			if t.UniqueItems {
				loop.Id("items").Index(jen.Id("i")).Op("=").Id("d").Dot("Since").Call(jen.Id("start"))
			}
		})
		gr.If(jen.Id("i").Op("<").Lit(n)).Block(jen.Return(schemaErr("fewer than %s", plural(int64(n), "item"))))
		if t.UniqueItems {
			gr.List(jen.Id("dup"), jen.Err()).Op(":=").Add(wirePkg("Unique")).Call(jen.Id("items").Index(jen.Empty(), jen.Empty()))
			gr.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
			gr.If(jen.Id("dup").Op(">=").Lit(0)).Block(jen.Return(wirePkg("AtIndex").Call(schemaErr("item equals an earlier item (uniqueItems)"), jen.Id("dup"))))
		}
		gr.Return(jen.Nil())
	})
}

func (g *generator) mapDecode(f *jen.File, t *schema.Type) {
	f.Line()
	f.Func().Params(jen.Id("x").Op("*").Id(t.GoName)).Id("decodeWire").Params(jen.Id("d").Op("*").Add(wirePkg("Decoder"))).Error().BlockFunc(func(gr *jen.Group) {
		gr.If(jen.Err().Op(":=").Add(wirePkg("ExpectObject")).Call(jen.Id("d")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		gr.Id("m").Op(":=").Id(t.GoName).Values()
		gr.For().BlockFunc(func(loop *jen.Group) {
			loop.List(jen.Id("key"), jen.Id("ok"), jen.Err()).Op(":=").Id("d").Dot("NextKey").Call()
			loop.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
			loop.If(jen.Op("!").Id("ok")).Block(jen.Break())
			loop.Id("name").Op(":=").String().Call(jen.Id("key"))
			loop.If(jen.List(jen.Id("_"), jen.Id("dup")).Op(":=").Id("m").Index(jen.Id("name")), jen.Id("dup")).Block(jen.Return(wirePkg("Duplicate").Call(jen.Id("name"))))
			loop.Var().Id("mv").Add(g.slotType(t.Additional))
			loop.BlockFunc(func(c *jen.Group) {
				g.decodeSlot(c, t.Additional, id("mv"), errReturn(func(e jen.Code) jen.Code {
					return wirePkg("AtName").Call(e, jen.Id("name"))
				}))
			})
			loop.Id("m").Index(jen.Id("name")).Op("=").Id("mv")
		})
		for _, r := range t.Required {
			gr.If(jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Id("m").Index(jen.Lit(r)), jen.Op("!").Id("ok")).Block(
				jen.Return(schemaErr("missing required member %s", quote(r))))
		}
		gr.Op("*").Id("x").Op("=").Id("m")
		gr.Return(jen.Nil())
	})
}

// rawCheck emits the function checking a value kept as raw JSON.
func (g *generator) rawCheck(f *jen.File, t *schema.Type) {
	name := g.checks[t]
	f.Line()
	f.Comment(name + " checks a value of the schema at " + t.Pointer + " and returns its bytes.")
	ret := func(e jen.Code) jen.Code { return jen.Return(jen.Nil(), e) }
	want := t.Kinds.String()
	f.Func().Id(name).Params(jen.Id("d").Op("*").Add(wirePkg("Decoder"))).Params(jen.Index().Byte(), jen.Error()).BlockFunc(func(gr *jen.Group) {
		if t.Kinds == 0 {
			gr.Return(jen.Nil(), wirePkg("KindErr").Call(jen.Id("d"), jen.Lit("nothing (the schema is false)")))
			return
		}
		gr.Id("d").Dot("Peek").Call()
		gr.Id("start").Op(":=").Id("d").Dot("Offset").Call()
		gr.Switch(jen.Id("d").Dot("Peek").Call()).BlockFunc(func(sw *jen.Group) {
			if t.Kinds.Has(schema.Null) {
				sw.Case(wirePkg("KindNull")).Block(
					jen.If(jen.Err().Op(":=").Id("d").Dot("ReadNull").Call(), jen.Err().Op("!=").Nil()).Block(ret(jen.Err())))
			}
			if t.Kinds.Has(schema.Bool) {
				sw.Case(wirePkg("KindBool")).BlockFunc(func(c *jen.Group) {
					c.List(jen.Id("_"), jen.Err()).Op(":=").Id("d").Dot("ReadBool").Call()
					c.Add(ifErr(ret, jen.Err()))
				})
			}
			if t.Kinds&schema.Number != 0 {
				sw.Case(wirePkg("KindNumber")).BlockFunc(func(c *jen.Group) {
					nv := "n"
					if t.Kinds.Has(schema.Number) && len(bounds(t)) == 0 && t.MultipleOf == "" {
						nv = "_"
					}
					c.List(jen.Id(nv), jen.Err()).Op(":=").Id("d").Dot("ReadNumber").Call()
					c.Add(ifErr(ret, jen.Err()))
					if !t.Kinds.Has(schema.Frac) {
						c.If(jen.Op("!").Id("n").Dot("IsInteger").Call()).Block(ret(schemaErr("expected %s, got a non-integer number", want)))
					}
					if !t.Kinds.Has(schema.Int) {
						c.If(jen.Id("n").Dot("IsInteger").Call()).Block(ret(schemaErr("expected %s, got an integer", want)))
					}
					for _, b := range bounds(t) {
						c.If(wirePkg("Compare").Call(jen.Id("n"), g.lit(b.lit)).Op(b.op).Lit(0)).Block(ret(schemaErr("%s", b.reason)))
					}
					if t.MultipleOf != "" {
						c.If(jen.Op("!").Add(wirePkg("MultipleOf")).Call(jen.Id("n"), g.lit(t.MultipleOf))).Block(ret(schemaErr("not a multiple of %s", t.MultipleOf)))
					}
				})
			}
			if t.Kinds.Has(schema.String) {
				sw.Case(wirePkg("KindString")).BlockFunc(func(c *jen.Group) {
					sv := "s"
					if t.Pattern == "" {
						sv = "_"
					}
					c.List(jen.Id(sv), jen.Err()).Op(":=").Add(wirePkg("ReadStringBytes")).Call(jen.Id("d"), lengthBound(t.MinLength, 0), lengthBound(t.MaxLength, -1))
					c.Add(ifErr(ret, jen.Err()))
					cp := *t
					cp.Enum, cp.Const = nil, nil // checked on the whole value below
					g.stringChecks(c, &cp, jen.Id("s"), "Match", ret)
				})
			}
			if t.Kinds.Has(schema.Array) {
				sw.Case(wirePkg("KindArray")).BlockFunc(func(c *jen.Group) {
					if t.ArrayName != "" {
						c.Var().Id("v").Id(t.ArrayName)
						c.If(jen.Err().Op(":=").Id("v").Dot("decodeWire").Call(jen.Id("d")), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
					} else {
						c.If(jen.Err().Op(":=").Id("d").Dot("Skip").Call(), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
					}
				})
			}
			if t.Kinds.Has(schema.Object) {
				sw.Case(wirePkg("KindObject")).BlockFunc(func(c *jen.Group) {
					if t.ObjectName != "" {
						c.Var().Id("v").Id(t.ObjectName)
						c.If(jen.Err().Op(":=").Id("v").Dot("decodeWire").Call(jen.Id("d")), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
					} else {
						c.If(jen.Err().Op(":=").Id("d").Dot("Skip").Call(), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
					}
				})
			}
			sw.Default().Block(ret(wirePkg("KindErr").Call(jen.Id("d"), jen.Lit(want))))
		})
		gr.Id("raw").Op(":=").Id("d").Dot("Since").Call(jen.Id("start"))
		if t.Const != nil || t.Enum != nil {
			g.canonicalCheck(gr, t, jen.Id("raw"), ret)
		}
		gr.Return(jen.Id("raw"), jen.Nil())
	})
}

// hexLit is an untyped hexadecimal constant.
func hexLit(v uint64) jen.Code { return jen.Op(fmt.Sprintf("0x%x", v)) }
