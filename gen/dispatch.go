package gen

import (
	"github.com/dave/jennifer/jen"
	"github.com/wsgen/wsgen/schema"
)

func (g *generator) dispatchFile(f *jen.File) {
	p := g.p
	ctx := jen.Qual("context", "Context")
	var inbound []*schema.Message
	for _, m := range p.Messages {
		if m.Direction.Inbound() {
			inbound = append(inbound, m)
		}
	}
	f.Comment("Handler receives the messages a client receives (direction server or both), one method")
	f.Comment("per message. Embed UnimplementedHandler to implement only some of them.")
	f.Type().Id("Handler").InterfaceFunc(func(gr *jen.Group) {
		for _, m := range inbound {
			gr.Comment("On" + m.GoName + " handles " + article(quote(m.Wire)) + " message.")
			gr.Id("On"+m.GoName).Params(ctx.Clone(), jen.Op("*").Id(m.GoName)).Error()
		}
		gr.Comment("OnUnknown handles a frame whose type names no inbound message: an unknown type (from")
		gr.Comment("DispatchFrame) or an outbound-only message received (frame is then re-encoded).")
		gr.Id("OnUnknown").Params(jen.Id("ctx").Add(ctx.Clone()), jen.Id("typ").String(), jen.Id("frame").Index().Byte()).Error()
	})
	f.Line()
	f.Comment("UnimplementedHandler implements Handler with methods that ignore the message and")
	f.Comment("return nil. Embed it so that new messages in the protocol do not break a handler.")
	f.Type().Id("UnimplementedHandler").Struct()
	for _, m := range inbound {
		f.Line()
		f.Comment("On" + m.GoName + " returns nil.")
		f.Func().Params(jen.Id("UnimplementedHandler")).Id("On"+m.GoName).Params(ctx.Clone(), jen.Op("*").Id(m.GoName)).Error().Block(jen.Return(jen.Nil()))
	}
	f.Line()
	f.Comment("OnUnknown returns nil.")
	f.Func().Params(jen.Id("UnimplementedHandler")).Id("OnUnknown").Params(ctx.Clone(), jen.String(), jen.Index().Byte()).Error().Block(jen.Return(jen.Nil()))

	f.Line()
	f.Comment("Dispatch calls the method of h for m's type and returns its error. A message that is")
	f.Comment("not inbound goes to OnUnknown with its encoding. A nil message is an error.")
	f.Func().Id("Dispatch").Params(jen.Id("ctx").Add(ctx.Clone()), jen.Id("h").Id("Handler"), jen.Id("m").Id("Message")).Error().BlockFunc(func(gr *jen.Group) {
		gr.Switch(jen.Id("m").Op(":=").Id("m").Assert(jen.Type())).BlockFunc(func(sw *jen.Group) {
			for _, m := range inbound {
				sw.Case(jen.Op("*").Id(m.GoName)).Block(
					jen.If(jen.Id("m").Op("==").Nil()).Block(jen.Break()),
					jen.Return(jen.Id("h").Dot("On"+m.GoName).Call(jen.Id("ctx"), jen.Id("m"))))
			}
			sw.Case(jen.Nil()).Block(jen.Return(jen.Qual("errors", "New").Call(jen.Lit(g.o.Package + ": dispatch of a nil message"))))
			sw.Default().Block(
				jen.List(jen.Id("frame"), jen.Err()).Op(":=").Id("Encode").Call(jen.Id("m")),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
				jen.Return(jen.Id("h").Dot("OnUnknown").Call(jen.Id("ctx"), jen.Id("m").Dot("MessageType").Call(), jen.Id("frame"))))
		})
		// A typed nil pointer breaks out of its case. With no inbound message there is no
		// such case: every case returns, and a return here would be unreachable (go vet).
		if len(inbound) > 0 {
			gr.Return(jen.Qual("errors", "New").Call(jen.Lit(g.o.Package + ": dispatch of a nil message")))
		}
	})
	f.Line()
	f.Comment("DispatchFrame decodes frame and dispatches it to h. A frame of an unknown type goes to")
	f.Comment("h.OnUnknown; any other decode error is returned (a *DecodeError) without calling h.")
	f.Func().Id("DispatchFrame").Params(jen.Id("ctx").Add(ctx.Clone()), jen.Id("h").Id("Handler"), jen.Id("frame").Index().Byte()).Error().Block(
		jen.List(jen.Id("m"), jen.Err()).Op(":=").Id("Decode").Call(jen.Id("frame")),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Var().Id("de").Op("*").Id("DecodeError"),
			jen.If(jen.Qual("errors", "Is").Call(jen.Err(), jen.Id("ErrUnknownType")).Op("&&").Qual("errors", "As").Call(jen.Err(), jen.Op("&").Id("de"))).Block(
				jen.Return(jen.Id("h").Dot("OnUnknown").Call(jen.Id("ctx"), jen.Id("de").Dot("Type"), jen.Id("frame")))),
			jen.Return(jen.Err())),
		jen.Return(jen.Id("Dispatch").Call(jen.Id("ctx"), jen.Id("h"), jen.Id("m"))),
	)
}
