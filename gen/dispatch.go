package gen

import (
	"time"

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
			gr.Comment("On" + m.GoName + " handles a " + quote(m.Wire) + " message.")
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
		gr.Return(jen.Qual("errors", "New").Call(jen.Lit(g.o.Package + ": dispatch of a nil message")))
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

func (g *generator) protocolFile(f *jen.File) {
	p := g.p
	f.Comment("SchemaPath is the protocol description this package was generated from.")
	f.Const().Id("SchemaPath").Op("=").Lit(g.o.Source)
	f.Line()
	f.Comment("MessageInfo describes one message of the protocol for a runtime: its wire name, who")
	f.Comment("sends it, and the wire names of its role members (empty when it has no such role).")
	f.Type().Id("MessageInfo").Struct(
		jen.Id("Type").String(),
		jen.Comment("Direction is \"server\" (server to client), \"client\" or \"both\"."),
		jen.Id("Direction").String(),
		jen.Comment("Inbound is true when a client receives it (direction server or both)."),
		jen.Id("Inbound").Bool(),
		jen.List(jen.Id("EventID"), jen.Id("Stream"), jen.Id("Sequence"), jen.Id("CorrelationID"), jen.Id("IdempotencyKey")).String(),
		jen.Comment("Sensitive lists the members never written to a log."),
		jen.Id("Sensitive").Index().String(),
		jen.List(jen.Id("SnapshotRequest"), jen.Id("SnapshotReply"), jen.Id("Heartbeat")).Bool(),
		jen.Comment("New returns a new zero message of this type."),
		jen.Id("New").Func().Params().Id("Message"),
	)
	f.Line()
	f.Comment("Messages lists every message of the protocol in schema order.")
	f.Var().Id("Messages").Op("=").Index().Id("MessageInfo").ValuesFunc(func(gr *jen.Group) {
		for _, m := range p.Messages {
			d := jen.Dict{
				jen.Id("Type"):      jen.Id(m.ConstName),
				jen.Id("Direction"): jen.Lit(string(m.Direction)),
				jen.Id("Inbound"):   jen.Lit(m.Direction.Inbound()),
				jen.Id("New"):       jen.Func().Params().Id("Message").Block(jen.Return(jen.New(jen.Id(m.GoName)))),
			}
			for k, fd := range map[string]*schema.Field{"EventID": m.EventID, "Stream": m.Stream, "Sequence": m.Sequence, "CorrelationID": m.CorrelationID, "IdempotencyKey": m.IdempotencyKey} {
				if fd != nil {
					d[jen.Id(k)] = jen.Lit(fd.Name)
				}
			}
			if len(m.Sensitive) > 0 {
				var names []jen.Code
				for _, s := range m.Sensitive {
					names = append(names, jen.Lit(s.Name))
				}
				d[jen.Id("Sensitive")] = jen.Index().String().Values(names...)
			}
			if m.SnapshotRequest {
				d[jen.Id("SnapshotRequest")] = jen.True()
			}
			if m.SnapshotReply {
				d[jen.Id("SnapshotReply")] = jen.True()
			}
			if m.Heartbeat {
				d[jen.Id("Heartbeat")] = jen.True()
			}
			gr.Values(d)
		}
	})
	f.Line()
	f.Comment("LookupMessage returns the MessageInfo of the message with wire name typ.")
	f.Func().Id("LookupMessage").Params(jen.Id("typ").String()).Params(jen.Id("MessageInfo"), jen.Bool()).Block(
		jen.For(jen.List(jen.Id("_"), jen.Id("mi")).Op(":=").Range().Id("Messages")).Block(
			jen.If(jen.Id("mi").Dot("Type").Op("==").Id("typ")).Block(jen.Return(jen.Id("mi"), jen.True()))),
		jen.Return(jen.Id("MessageInfo").Values(), jen.False()),
	)
	f.Line()
	f.Comment("CloseCode is one application close code (4000-4999) of the protocol and what a client")
	f.Comment("does when the server closes with it.")
	f.Type().Id("CloseCode").Struct(
		jen.Id("Code").Int(),
		jen.Id("Name").String(),
		jen.Comment("Action is \"reconnect\", \"refresh-auth\" or \"stop\"."),
		jen.Id("Action").String(),
		jen.Comment("MinDelay is the least time to wait before reconnecting."),
		jen.Id("MinDelay").Qual("time", "Duration"),
	)
	f.Line()
	f.Comment("CloseCodes is the protocol's close-code table, sorted by code.")
	f.Var().Id("CloseCodes").Op("=").Index().Id("CloseCode").ValuesFunc(func(gr *jen.Group) {
		for _, c := range p.CloseCodes {
			d := jen.Dict{jen.Id("Code"): jen.Lit(c.Code), jen.Id("Name"): jen.Lit(c.Name), jen.Id("Action"): jen.Lit(c.Action)}
			if c.MinDelay > 0 {
				if c.MinDelay%time.Second == 0 {
					d[jen.Id("MinDelay")] = jen.Lit(int(c.MinDelay/time.Second)).Op("*").Qual("time", "Second")
				} else {
					d[jen.Id("MinDelay")] = jen.Lit(int(c.MinDelay/time.Millisecond)).Op("*").Qual("time", "Millisecond")
				}
			}
			gr.Values(d)
		}
	})
	var req, rep *schema.Message
	for _, m := range p.Messages {
		if m.SnapshotRequest {
			req = m
		}
		if m.SnapshotReply {
			rep = m
		}
	}
	f.Line()
	f.Comment("SnapshotRequestType and SnapshotReplyType are the wire names of the messages that")
	f.Comment("recover a stream after a sequence gap (empty when the protocol has none).")
	reqName, repName := jen.Lit(""), jen.Lit("")
	if req != nil {
		reqName, repName = jen.Id(req.ConstName), jen.Id(rep.ConstName)
	}
	f.Const().Defs(jen.Id("SnapshotRequestType").Op("=").Add(reqName), jen.Id("SnapshotReplyType").Op("=").Add(repName))
	if req != nil {
		f.Line()
		f.Comment("NewSnapshotRequest returns the " + quote(req.Wire) + " message asking for stream's events after")
		f.Comment("afterSeq. Its correlation id is set by the caller (SetRoleCorrelationID) when it has one.")
		set := func(fd *schema.Field, v string) jen.Code {
			if fd.Required {
				return jen.Id("m").Dot(fd.GoName).Op("=").Id(v)
			}
			return jen.Id("m").Dot(fd.GoName).Op("=").Op("&").Id(v)
		}
		f.Func().Id("NewSnapshotRequest").Params(jen.Id("stream").String(), jen.Id("afterSeq").Int64()).Id("Message").Block(
			jen.Id("m").Op(":=").New(jen.Id(req.GoName)),
			set(req.Stream, "stream"),
			set(req.Sequence, "afterSeq"),
			jen.Return(jen.Id("m")),
		)
	}
}
