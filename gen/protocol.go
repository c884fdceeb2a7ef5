package gen

import (
	"time"

	"github.com/dave/jennifer/jen"
	"github.com/wsgen/wsgen/schema"
)

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
