package gen

import (
	"strings"
	"time"

	"github.com/dave/jennifer/jen"
	"github.com/wsgen/wsgen/schema"
)

func (g *generator) protocolFile(f *jen.File) {
	p := g.p
	for _, line := range strings.Split(g.packageDoc(), "\n") {
		f.PackageComment(line)
	}
	f.Comment("MessageInfo describes one message of the protocol for a runtime: its wire name, who")
	f.Comment("sends it, and the wire names of its role members (a JSON pointer for a nested member;")
	f.Comment("empty when it has no such role).")
	f.Type().Id("MessageInfo").Struct(
		jen.Id("Type").String(),
		jen.Comment("Route says how a frame is recognised as this message (see the package doc of"),
		jen.Comment("wsgen's docs/routing.md): discriminator values, patterns, required members."),
		jen.Id("Route").String(),
		jen.Comment("Direction is \"server\" (server to client), \"client\" or \"both\"."),
		jen.Id("Direction").String(),
		jen.Comment("Inbound is true when a client receives it (direction server or both)."),
		jen.Id("Inbound").Bool(),
		jen.List(jen.Id("EventID"), jen.Id("Stream"), jen.Id("Sequence"), jen.Id("CorrelationID"), jen.Id("IdempotencyKey")).String(),
		jen.Comment("Sensitive lists the members never written to a log (names, or JSON pointers of"),
		jen.Comment("nested members)."),
		jen.Id("Sensitive").Index().String(),
		jen.List(jen.Id("SnapshotRequest"), jen.Id("SnapshotReply"), jen.Id("Heartbeat")).Bool(),
		jen.Comment("New returns a new zero message of this type."),
		jen.Id("New").Func().Params().Id("Message"),
	)
	f.Line()
	f.Comment("Messages returns every message of the protocol in schema order: a new slice on each")
	f.Comment("call, which the caller may change.")
	f.Func().Id("Messages").Params().Index().Id("MessageInfo").Block(
		jen.Id("out").Op(":=").Make(jen.Index().Id("MessageInfo"), jen.Len(jen.Id("messageInfos"))),
		jen.For(jen.List(jen.Id("i"), jen.Id("mi")).Op(":=").Range().Id("messageInfos")).Block(
			jen.Id("mi").Dot("Sensitive").Op("=").Qual("slices", "Clone").Call(jen.Id("mi").Dot("Sensitive")),
			jen.Id("out").Index(jen.Id("i")).Op("=").Id("mi")),
		jen.Return(jen.Id("out")),
	)
	f.Line()
	f.Var().Id("messageInfos").Op("=").Index().Id("MessageInfo").ValuesFunc(func(gr *jen.Group) {
		for _, m := range p.Messages {
			d := jen.Dict{
				jen.Id("Type"):      jen.Id(m.ConstName),
				jen.Id("Route"):     jen.Lit(p.Describe(m)),
				jen.Id("Direction"): jen.Lit(string(m.Direction)),
				jen.Id("Inbound"):   jen.Lit(m.Direction.Inbound()),
				jen.Id("New"):       jen.Func().Params().Id("Message").Block(jen.Return(jen.New(jen.Id(m.GoName)))),
			}
			for k, role := range map[string]string{"EventID": schema.RoleEventID, "Stream": schema.RoleStream, "Sequence": schema.RoleSequence, "CorrelationID": schema.RoleCorrelationID, "IdempotencyKey": schema.RoleIdempotencyKey} {
				if name := m.RoleMember(role); name != "" {
					d[jen.Id(k)] = jen.Lit(name)
				}
			}
			if len(m.SensitiveMembers) > 0 {
				var names []jen.Code
				for _, s := range m.SensitiveMembers {
					names = append(names, jen.Lit(s))
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
	f.Comment("LookupMessage returns the MessageInfo of the message with wire name typ (a copy, which")
	f.Comment("the caller may change).")
	f.Func().Id("LookupMessage").Params(jen.Id("typ").String()).Params(jen.Id("MessageInfo"), jen.Bool()).Block(
		jen.For(jen.List(jen.Id("_"), jen.Id("mi")).Op(":=").Range().Id("messageInfos")).Block(
			jen.If(jen.Id("mi").Dot("Type").Op("==").Id("typ")).Block(
				jen.Id("mi").Dot("Sensitive").Op("=").Qual("slices", "Clone").Call(jen.Id("mi").Dot("Sensitive")),
				jen.Return(jen.Id("mi"), jen.True()))),
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
	f.Comment("CloseCodes returns the protocol's close-code table, sorted by code: a new slice on each")
	f.Comment("call, which the caller may change.")
	f.Func().Id("CloseCodes").Params().Index().Id("CloseCode").Block(
		jen.Return(jen.Qual("slices", "Clone").Call(jen.Id("closeCodeTable"))))
	f.Line()
	f.Var().Id("closeCodeTable").Op("=").Index().Id("CloseCode").ValuesFunc(func(gr *jen.Group) {
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
		set := func(role string, v string) jen.Code {
			if roleField(req, role).Required {
				return roleVal("m", req, role).Op("=").Id(v)
			}
			return roleVal("m", req, role).Op("=").Op("&").Id(v)
		}
		f.Func().Id("NewSnapshotRequest").Params(jen.Id("stream").String(), jen.Id("afterSeq").Int64()).Id("Message").Block(
			jen.Id("m").Op(":=").New(jen.Id(req.GoName)),
			set(schema.RoleStream, "stream"),
			set(schema.RoleSequence, "afterSeq"),
			jen.Return(jen.Id("m")),
		)
	}
}

// packageDoc is the generated package's doc comment: the protocol it implements and how
// to regenerate it.
func (g *generator) packageDoc() string {
	paras := []string{
		"Package " + g.o.Package + " holds the Go code that wsgen generated from the protocol description " + g.o.Source + ".",
		docText(g.p.Title, g.p.Description),
		"The wsgen_*.go files are generated: do not edit them. After changing the schema, run \"go generate\" in this package (its //go:generate line runs \"wsgen generate\") and commit the files it rewrites.",
	}
	var out []string
	for _, p := range paras {
		if p != "" {
			out = append(out, wrap(p))
		}
	}
	return strings.Join(out, "\n\n")
}

// wrap breaks text into lines of at most 87 bytes (a long word stays whole).
func wrap(text string) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > 87 {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// article returns word preceded by "a" or "an", as it is spoken: "an ack", "a user",
// "an \"error\"" (a leading quote is skipped).
func article(word string) string {
	w := strings.ToLower(strings.TrimLeft(word, "\"'`*"))
	an := false
	switch {
	case w == "":
	case strings.HasPrefix(w, "uni") || strings.HasPrefix(w, "use") || strings.HasPrefix(w, "usu") ||
		strings.HasPrefix(w, "uti") || strings.HasPrefix(w, "eu") || strings.HasPrefix(w, "one"):
	case strings.HasPrefix(w, "hour") || strings.HasPrefix(w, "honest"):
		an = true
	case strings.ContainsRune("aeiou8", rune(w[0])):
		an = true
	case len(w) == 1 && strings.ContainsRune("fhlmnrsx", rune(w[0])):
		an = true // letters spoken with a vowel first ("an x")
	}
	if an {
		return "an " + word
	}
	return "a " + word
}
