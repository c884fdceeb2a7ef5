package gen

import (
	"strings"
	"time"

	"github.com/dave/jennifer/jen"
	"github.com/wsgen/wsgen/schema"
)

// ConnPath and FSMPath are the import paths of the runtime packages the typed client uses.
const (
	ConnPath = "github.com/wsgen/wsgen/conn"
	FSMPath  = "github.com/wsgen/wsgen/fsm"
)

// ClientMode says whether [Generate] emits the typed client (wsgen_client.go).
type ClientMode uint8

const (
	// ClientAuto emits the client when the protocol has at least one inbound message
	// (direction server or both).
	ClientAuto ClientMode = iota
	// ClientOmit never emits it: the package is the codec and dispatcher alone and
	// imports neither conn nor, through it, gorilla/websocket.
	ClientOmit
	// ClientAlways emits it even for a protocol the client only sends.
	ClientAlways
)

// clientMethods are the methods of the generated Client that are not message senders; a
// sender whose message has one of these names is called "Send" + name instead.
var clientMethods = map[string]bool{
	"Start": true, "Run": true, "State": true, "Wait": true, "Close": true, "Finish": true,
	"SetNetwork": true, "Done": true, "Err": true, "Conn": true,
}

// wantClient reports whether the client file is generated.
func (g *generator) wantClient() bool {
	switch g.o.Client {
	case ClientOmit:
		return false
	case ClientAlways:
		return true
	}
	for _, m := range g.p.Messages {
		if m.Direction.Inbound() {
			return true
		}
	}
	return false
}

// senderNames returns the Client method name of each outbound message: its Go name, or
// "Send" + Go name (repeated) when that is taken by a Client method or another sender.
func senderNames(msgs []*schema.Message) map[*schema.Message]string {
	taken := map[string]bool{}
	for n := range clientMethods {
		taken[n] = true
	}
	var out []*schema.Message
	for _, m := range msgs {
		if m.Direction != schema.DirServer {
			out = append(out, m)
		}
	}
	// Plain names first, so a message named "send_close" keeps SendClose and "close"
	// becomes SendSendClose rather than the other way round depending on order.
	names := map[*schema.Message]string{}
	for _, m := range out {
		if !taken[m.GoName] {
			names[m] = m.GoName
			taken[m.GoName] = true
		}
	}
	for _, m := range out {
		if _, ok := names[m]; ok {
			continue
		}
		n := "Send" + m.GoName
		for taken[n] {
			n = "Send" + n
		}
		names[m] = n
		taken[n] = true
	}
	return names
}

// gapPolicies are conn's names of the gap policies.
var gapPolicies = map[schema.GapPolicy]string{
	schema.GapSnapshot: "GapSnapshot", schema.GapSkip: "GapSkip", schema.GapReconnect: "GapReconnect",
}

func connPkg(name string) *jen.Statement { return jen.Qual(ConnPath, name) }

func (g *generator) clientFile(f *jen.File) {
	p := g.p
	pkg := g.o.Package
	ctx := func() *jen.Statement { return jen.Qual("context", "Context") }

	// Reply types: every message some request declares as its reply, in schema order.
	replySet := map[*schema.Message]bool{}
	for _, m := range p.Messages {
		for _, r := range m.Replies {
			replySet[r] = true
		}
	}
	var replyTypes []jen.Code
	for _, m := range p.Messages {
		if replySet[m] {
			replyTypes = append(replyTypes, jen.Id(m.ConstName))
		}
	}
	var req *schema.Message
	for _, m := range p.Messages {
		if m.SnapshotRequest {
			req = m
		}
	}

	f.ImportName(ConnPath, "conn")
	f.ImportName(FSMPath, "fsm")
	f.Comment("Protocol returns the protocol as package conn runs it: the codec (Decode, Encode), the")
	f.Comment("snapshot request and reply, the gap policy and timeout (root x-wsgen \"gap\"), the reply")
	f.Comment("types (the messages declared as replies), the close codes (CloseCodes, merged by conn")
	f.Comment("over fsm.DefaultCloseRules), and the heartbeat when the protocol declares one. Each")
	f.Comment("call returns a new value, which the caller may change before passing it in conn.Options.")
	f.Func().Id("Protocol").Params().Op("*").Add(connPkg("Protocol")).BlockFunc(func(gr *jen.Group) {
		d := jen.Dict{
			jen.Id("Codec"): connPkg("CodecOf").Call(jen.Id("Decode"), jen.Id("Encode")),
		}
		if req != nil {
			d[jen.Id("SnapshotRequest")] = jen.Func().Params(jen.Id("stream").String(), jen.Id("afterSeq").Int64()).Add(connPkg("Message")).Block(
				jen.Return(jen.Id("NewSnapshotRequest").Call(jen.Id("stream"), jen.Id("afterSeq"))))
			d[jen.Id("SnapshotReplyType")] = jen.Id("SnapshotReplyType")
		}
		hd := jen.Dict{}
		if h := p.Heartbeat; h != nil {
			if h.Ping != "" {
				hd[jen.Id("Ping")] = jen.Index().Byte().Parens(jen.Lit(h.Ping))
			}
			if h.Pong != "" {
				hd[jen.Id("Pong")] = jen.Index().Byte().Parens(jen.Lit(h.Pong))
			}
			if h.Interval > 0 {
				hd[jen.Id("Interval")] = durationLit(h.Interval)
			}
			if h.Message != nil {
				hd[jen.Id("Message")] = jen.Func().Params().Add(connPkg("Message")).Block(jen.Return(jen.Op("&").Id(h.Message.GoName).Values()))
			}
		}
		if answer := g.pingAnswer(); answer != nil {
			hd[jen.Id("Answer")] = answer
		}
		if len(hd) > 0 {
			d[jen.Id("Heartbeat")] = connPkg("Heartbeat").Values(hd)
		}
		if gp, ok := gapPolicies[p.Gap]; ok {
			d[jen.Id("Gap")] = connPkg(gp)
			if p.GapTimeout > 0 {
				d[jen.Id("GapTimeout")] = durationLit(p.GapTimeout)
			}
		}
		if len(replyTypes) > 0 {
			d[jen.Id("ReplyTypes")] = jen.Index().String().Values(replyTypes...)
		}
		if len(p.CloseCodes) > 0 {
			d[jen.Id("CloseRules")] = jen.Index().Qual(FSMPath, "CloseRule").ValuesFunc(func(rules *jen.Group) {
				for _, c := range p.CloseCodes {
					rd := jen.Dict{jen.Id("Code"): jen.Lit(c.Code), jen.Id("Name"): jen.Lit(c.Name), jen.Id("Action"): closeAction(c.Action)}
					if c.MinDelay > 0 {
						rd[jen.Id("MinDelay")] = durationLit(c.MinDelay)
					}
					rules.Values(rd)
				}
			})
		}
		gr.Return(jen.Op("&").Add(connPkg("Protocol")).Values(d))
	})

	f.Line()
	f.Comment("Client is a typed client of the protocol over a conn.Client: one method per message the")
	f.Comment("client sends, the Handler registered once and kept across reconnects, and the")
	f.Comment("protocol's roles, snapshot recovery and close codes wired in. Create it with NewClient")
	f.Comment("or DialClient; it is safe for concurrent use.")
	f.Type().Id("Client").Struct(jen.Id("c").Op("*").Add(connPkg("Client")))

	f.Line()
	f.Comment("NewClient returns a Client for url (ws:// or wss://) that has not started; call Start or")
	f.Comment("Run. h receives every inbound message that survives de-duplication and ordering,")
	f.Comment("through Dispatch, on every connection of the Client (nil: messages are dropped; embed")
	f.Comment("UnimplementedHandler to handle only some). A reply nobody waits for goes to h too.")
	f.Comment("")
	f.Comment("opts are conn's options (nil means defaults; they are copied, never modified). When")
	f.Comment("opts.Protocol is nil it is Protocol(). The handler is h: opts.Handler must be nil.")
	f.Func().Id("NewClient").Params(jen.Id("url").String(), jen.Id("h").Id("Handler"), jen.Id("opts").Op("*").Add(connPkg("Options"))).Params(jen.Op("*").Id("Client"), jen.Error()).Block(
		jen.Var().Id("o").Add(connPkg("Options")),
		jen.If(jen.Id("opts").Op("!=").Nil()).Block(jen.Id("o").Op("=").Op("*").Id("opts")),
		jen.If(jen.Id("o").Dot("Handler").Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Qual("errors", "New").Call(jen.Lit(pkg+": NewClient: pass the handler as h, not in conn.Options.Handler")))),
		jen.If(jen.Id("o").Dot("Protocol").Op("==").Nil()).Block(jen.Id("o").Dot("Protocol").Op("=").Id("Protocol").Call()),
		jen.If(jen.Id("h").Op("!=").Nil()).Block(
			jen.Id("o").Dot("Handler").Op("=").Add(connPkg("HandlerFunc")).Call(
				jen.Func().Params(jen.Id("ctx").Add(ctx()), jen.Id("m").Add(connPkg("Message"))).Error().Block(
					jen.List(jen.Id("msg"), jen.Id("ok")).Op(":=").Id("m").Assert(jen.Id("Message")),
					jen.If(jen.Op("!").Id("ok")).Block(
						jen.Return(jen.Op("&").Add(connPkg("WrongMessageError")).Values(jen.Dict{jen.Id("Type"): jen.Id("m").Dot("MessageType").Call()}))),
					jen.Return(jen.Id("Dispatch").Call(jen.Id("ctx"), jen.Id("h"), jen.Id("msg"))),
				))),
		jen.List(jen.Id("c"), jen.Err()).Op(":=").Add(connPkg("New")).Call(jen.Id("url"), jen.Op("&").Id("o")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Op("&").Id("Client").Values(jen.Id("c")), jen.Nil()),
	)

	f.Line()
	f.Comment("DialClient is NewClient, then starts the Client and waits until it is live (see")
	f.Comment("conn.Dial): it fails if the Client ends in failed first, or when ctx ends (the Client")
	f.Comment("is then closed). ctx bounds only the wait: the Client lives until Close.")
	f.Func().Id("DialClient").Params(jen.Id("ctx").Add(ctx()), jen.Id("url").String(), jen.Id("h").Id("Handler"), jen.Id("opts").Op("*").Add(connPkg("Options"))).Params(jen.Op("*").Id("Client"), jen.Error()).Block(
		jen.List(jen.Id("c"), jen.Err()).Op(":=").Id("NewClient").Call(jen.Id("url"), jen.Id("h"), jen.Id("opts")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.If(jen.Err().Op(":=").Id("c").Dot("c").Dot("Start").Call(jen.Qual("context", "WithoutCancel").Call(jen.Id("ctx"))), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Err())),
		jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("c").Dot("c").Dot("Wait").Call(jen.Id("ctx"), jen.Qual(FSMPath, "StateLive")), jen.Err().Op("!=").Nil()).Block(
			jen.Id("c").Dot("c").Dot("Close").Call(jen.Qual("context", "WithoutCancel").Call(jen.Id("ctx"))),
			jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Id("c"), jen.Nil()),
	)

	// Passthroughs.
	pass := func(doc []string, name string, params []jen.Code, results jen.Code, call *jen.Statement) {
		f.Line()
		for _, d := range doc {
			f.Comment(d)
		}
		body := jen.Id("c").Dot("c").Dot(name).Add(call)
		if results == nil {
			f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(name).Params(params...).Block(body)
			return
		}
		f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(name).Params(params...).Add(results).Block(jen.Return(body))
	}
	f.Line()
	f.Comment("Conn returns the underlying conn.Client (Generation, Send and Request of any message).")
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id("Conn").Params().Op("*").Add(connPkg("Client")).Block(jen.Return(jen.Id("c").Dot("c")))
	pass([]string{"Start starts the Client and returns at once (conn.Client.Start); cancelling ctx is Close."},
		"Start", []jen.Code{jen.Id("ctx").Add(ctx())}, jen.Error(), jen.Call(jen.Id("ctx")))
	pass([]string{"Run runs the Client until it is closed or fails (conn.Client.Run); cancelling ctx is Close."},
		"Run", []jen.Code{jen.Id("ctx").Add(ctx())}, jen.Error(), jen.Call(jen.Id("ctx")))
	pass([]string{"State returns the current connection state and when it began."},
		"State", nil, jen.Parens(jen.List(jen.Qual(FSMPath, "State"), jen.Qual("time", "Time"))), jen.Call())
	pass([]string{"Wait blocks until the state is one of states (conn.Client.Wait)."},
		"Wait", []jen.Code{jen.Id("ctx").Add(ctx()), jen.Id("states").Op("...").Qual(FSMPath, "State")}, jen.Parens(jen.List(jen.Qual(FSMPath, "State"), jen.Error())), jen.Call(jen.Id("ctx"), jen.Id("states").Op("...")))
	pass([]string{"Close ends the conversation with 1001 going away and returns when no goroutine, handler", "call or timer of the Client remains (conn.Client.Close)."},
		"Close", []jen.Code{jen.Id("ctx").Add(ctx())}, jen.Error(), jen.Call(jen.Id("ctx")))
	pass([]string{"Finish ends a completed conversation with 1000 normal closure (conn.Client.Finish)."},
		"Finish", []jen.Code{jen.Id("ctx").Add(ctx())}, jen.Error(), jen.Call(jen.Id("ctx")))
	pass([]string{"SetNetwork reports the platform's network state (conn.Client.SetNetwork)."},
		"SetNetwork", []jen.Code{jen.Id("up").Bool()}, nil, jen.Call(jen.Id("up")))
	pass([]string{"Done returns a channel closed when the Client has stopped (closed or failed)."},
		"Done", nil, jen.Op("<-").Chan().Struct(), jen.Call())
	pass([]string{"Err returns why the Client stopped, once Done is closed (nil after Close)."},
		"Err", nil, jen.Error(), jen.Call())

	// Senders.
	names := senderNames(p.Messages)
	for _, m := range p.Messages {
		name, ok := names[m]
		if !ok {
			continue
		}
		f.Line()
		params := []jen.Code{jen.Id("ctx").Add(ctx()), jen.Id("m").Op("*").Id(m.GoName)}
		recv := jen.Id("c").Op("*").Id("Client")
		switch len(m.Replies) {
		case 0:
			para(f, name+" sends "+article(quote(m.Wire))+" message under the send policy (conn.Client.Send): it returns once the message is accepted and confirms nothing."+keyNote(m))
			f.Func().Params(recv).Id(name).Params(params...).Error().Block(
				jen.Return(jen.Id("c").Dot("c").Dot("Send").Call(jen.Id("ctx"), jen.Id("m"))))
		case 1:
			r := m.Replies[0]
			para(f, name+" sends "+article(quote(m.Wire))+" message and waits for its reply, the "+quote(r.Wire)+" with the same "+quote(m.RoleMember(schema.RoleCorrelationID))+", bounded by ctx (conn.Client.Request). An empty "+quote(m.RoleMember(schema.RoleCorrelationID))+" is filled in."+keyNote(m)+" A reply of another type is an *UnexpectedReplyError.")
			f.Func().Params(recv).Id(name).Params(params...).Params(jen.Op("*").Id(r.GoName), jen.Error()).Block(
				jen.List(jen.Id("reply"), jen.Err()).Op(":=").Id("c").Dot("c").Dot("Request").Call(jen.Id("ctx"), jen.Id("m")),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
				jen.If(jen.List(jen.Id("r"), jen.Id("ok")).Op(":=").Id("reply").Assert(jen.Op("*").Id(r.GoName)), jen.Id("ok")).Block(jen.Return(jen.Id("r"), jen.Nil())),
				jen.Return(jen.Nil(), jen.Id("unexpectedReply").Call(jen.Id(m.ConstName), jen.Id("reply"))),
			)
		default:
			var wires []string
			var cases []jen.Code
			for _, r := range m.Replies {
				wires = append(wires, quote(r.Wire))
				cases = append(cases, jen.Op("*").Id(r.GoName))
			}
			para(f, name+" sends "+article(quote(m.Wire))+" message and waits for its reply, the "+joinOr(wires)+" with the same "+quote(m.RoleMember(schema.RoleCorrelationID))+", bounded by ctx (conn.Client.Request); switch on the reply's type. An empty "+quote(m.RoleMember(schema.RoleCorrelationID))+" is filled in."+keyNote(m)+" A reply of another type is an *UnexpectedReplyError.")
			f.Func().Params(recv).Id(name).Params(params...).Params(jen.Id("Message"), jen.Error()).Block(
				jen.List(jen.Id("reply"), jen.Err()).Op(":=").Id("c").Dot("c").Dot("Request").Call(jen.Id("ctx"), jen.Id("m")),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
				jen.Switch(jen.Id("r").Op(":=").Id("reply").Assert(jen.Type())).BlockFunc(func(sw *jen.Group) {
					for _, c := range cases {
						sw.Case(c).Block(jen.Return(jen.Id("r"), jen.Nil()))
					}
				}),
				jen.Return(jen.Nil(), jen.Id("unexpectedReply").Call(jen.Id(m.ConstName), jen.Id("reply"))),
			)
		}
	}

	hasReplies := false
	for _, m := range p.Messages {
		hasReplies = hasReplies || len(m.Replies) > 0
	}
	if !hasReplies {
		return
	}
	f.Line()
	f.Comment("UnexpectedReplyError is returned by a sender when the message answering its request")
	f.Comment("(same correlation id) is not of a type the protocol declares as its reply.")
	f.Type().Id("UnexpectedReplyError").Struct(
		jen.Comment("Request and Reply are the wire names of the request and of the message received."),
		jen.List(jen.Id("Request"), jen.Id("Reply")).String(),
	)
	f.Line()
	f.Comment("Error returns the two wire names.")
	f.Func().Params(jen.Id("e").Op("*").Id("UnexpectedReplyError")).Id("Error").Params().String().Block(
		jen.Return(jen.Lit(pkg+": unexpected reply ").Op("+").Qual("strconv", "Quote").Call(jen.Id("e").Dot("Reply")).Op("+").Lit(" to ").Op("+").Qual("strconv", "Quote").Call(jen.Id("e").Dot("Request"))))
	f.Line()
	f.Func().Id("unexpectedReply").Params(jen.Id("req").String(), jen.Id("reply").Add(connPkg("Message"))).Error().Block(
		jen.Id("e").Op(":=").Op("&").Id("UnexpectedReplyError").Values(jen.Dict{jen.Id("Request"): jen.Id("req")}),
		jen.If(jen.Id("reply").Op("!=").Nil()).Block(jen.Id("e").Dot("Reply").Op("=").Id("reply").Dot("MessageType").Call()),
		jen.Return(jen.Id("e")),
	)
}

// para writes text as a comment paragraph wrapped at 90 columns.
func para(f *jen.File, text string) {
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > 87 {
			f.Comment(line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		f.Comment(line)
	}
}

// keyNote documents the idempotency key a sender leaves to conn, if any.
func keyNote(m *schema.Message) string {
	if m.IdempotencyKey == nil {
		return ""
	}
	return " An empty " + quote(m.RoleMember(schema.RoleIdempotencyKey)) + " (idempotency key) is filled in by conn."
}

func joinOr(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	out := ""
	for i, x := range s[:len(s)-1] {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out + " or " + s[len(s)-1]
}

// closeAction is the fsm constant for a close-code action of the schema.
func closeAction(a string) *jen.Statement {
	switch a {
	case "refresh-auth":
		return jen.Qual(FSMPath, "CloseRefreshAuth")
	case "stop":
		return jen.Qual(FSMPath, "CloseStop")
	case "complete":
		return jen.Qual(FSMPath, "CloseComplete")
	}
	return jen.Qual(FSMPath, "CloseReconnect")
}

// durationLit is d as a Go expression: whole seconds, else milliseconds, else
// nanoseconds.
func durationLit(d time.Duration) *jen.Statement {
	if d%time.Second == 0 {
		return jen.Lit(int(d/time.Second)).Op("*").Qual("time", "Second")
	}
	if d%time.Millisecond != 0 {
		return jen.Qual("time", "Duration").Call(jen.Lit(int(d)))
	}
	return jen.Lit(int(d/time.Millisecond)).Op("*").Qual("time", "Millisecond")
}
