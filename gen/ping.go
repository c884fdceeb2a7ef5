package gen

import (
	"github.com/dave/jennifer/jen"
	"github.com/wsgen/wsgen/schema"
)

// pingAnswer returns the function conn.Heartbeat.Answer for the protocol's JSON pings
// (messages with schema.Message.Ping), nil when it has none: for each ping type it
// builds the answer, its echoed members set from the ping's.
//
//	func(m conn.Message) conn.Message {
//		switch p := m.(type) {
//		case *Ping:
//			return &Pong{Pong: p.Ping}
//		}
//		return nil
//	}
func (g *generator) pingAnswer() jen.Code {
	var cases []jen.Code
	used := false // whether a case reads the ping: "switch p := m.(type)" needs it
	for _, m := range g.p.Messages {
		if m.Ping == nil {
			continue
		}
		d := jen.Dict{}
		for _, e := range m.Ping.Echo {
			v := jen.Id("p").Dot(e.Ping.GoName)
			if !e.Answer.Required && e.Ping.Required && e.Answer.Type.Repr != schema.ReprRaw && !isIface(e.Answer.Type) {
				v = jen.Op("&").Add(v) // the ping is dropped once answered: its field is the answer's
			}
			d[jen.Id(e.Answer.GoName)] = v
		}
		used = used || len(d) > 0
		cases = append(cases, jen.Case(jen.Op("*").Id(m.GoName)).Block(
			jen.Return(jen.Op("&").Id(m.Ping.Answer.GoName).Values(d))))
	}
	if len(cases) == 0 {
		return nil
	}
	sw := jen.Id("m").Assert(jen.Type())
	if used {
		sw = jen.Id("p").Op(":=").Add(sw)
	}
	return jen.Func().Params(jen.Id("m").Add(connPkg("Message"))).Add(connPkg("Message")).Block(
		jen.Switch(sw).Block(cases...),
		jen.Return(jen.Nil()),
	)
}
