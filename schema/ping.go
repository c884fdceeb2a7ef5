package schema

import (
	"slices"
	"strconv"
	"strings"
)

// A JSON heartbeat of the server, answered by a message of the client: the ping's
// x-wsgen "heartbeat" is {"answer": "pong", "echo": {"pong": "ping"}}.
//
//	HTX:   {"ping": 1492420473027}  → {"pong": 1492420473027}  "echo": {"pong": "ping"}
//	Bybit: {"op": "ping"}           → {"op": "pong"}           no echo
//	       {"event": "ping", "ts": 5} → {"event": "pong", "ts": 5} "echo": {"ts": "ts"}

// pingChecks resolves each message's heartbeat object into [Message.Ping] and refuses
// a ping the runtime could not answer: the ping must be received by the client and not
// be a message the client waits for (it is answered, never delivered); the answer must
// be sent by the client, be another message, and be built from the echoed members
// alone, each of the same Go type as the ping member it takes its value from, allowing
// every value the ping's allows and hiding it from logs when the ping's does.
func (b *builder) pingChecks() {
	byName := map[string]*Message{}
	replied := map[*Message]bool{}
	for _, m := range b.p.Messages {
		byName[m.Name] = m
		for _, r := range m.Replies {
			replied[r] = true
		}
	}
	for _, m := range b.p.Messages {
		if m.pingNode == nil {
			continue
		}
		n, ptr := m.pingNode, m.pingPtr
		m.pingNode = nil
		errs := len(b.errs)
		var answer, echo *node
		for _, e := range n.members {
			switch e.name {
			case "answer":
				answer = e.value
			case "echo":
				echo = e.value
			default:
				b.errorf(ptr+"/"+escapePointer(e.name), "unknown heartbeat key %q (known: answer, echo)", e.name)
			}
		}
		switch {
		case !m.Direction.Inbound():
			b.errorf(ptr, "a heartbeat object declares a ping of the server and the client's answer, but the client never receives %q (direction client); the client's own heartbeat is \"heartbeat\": true", m.Name)
		case m.Sequence != nil:
			b.errorf(ptr, "a ping is answered, never delivered: its sequence role would never be applied (remove one of them)")
		case m.SnapshotReply:
			b.errorf(ptr, "the snapshot reply cannot be a ping: a ping is answered, never delivered")
		case replied[m]:
			b.errorf(ptr, "%q is the reply to a request; a ping is answered, never delivered, so the request would never see it", m.Name)
		}
		if answer == nil || answer.kind != 's' {
			at := ptr
			if answer != nil {
				at += "/answer"
			}
			b.errorf(at, "a heartbeat object needs \"answer\": the $defs name of the message the client sends back")
			continue
		}
		a, ok := byName[answer.str]
		switch {
		case !ok && b.msgDefs[answer.str]:
			continue // a message that was refused: its own error says why
		case !ok:
			b.errorf(ptr+"/answer", "answer names %q, which is not a message (a $defs entry listed in the root oneOf)", answer.str)
			continue
		case a == m:
			b.errorf(ptr+"/answer", "%q cannot answer itself: the server would answer the answer, and so on for ever", m.Name)
			continue
		case a.Direction == DirServer:
			b.errorf(ptr+"/answer", "answer names %q, which the client never sends (direction server)", a.Name)
			continue
		case len(a.Type.Positions) > 0:
			b.errorf(ptr+"/answer", "answer names %q, a tuple: echo fills members by name, not positions", a.Name)
			continue
		}
		p := &Ping{Answer: a, Pointer: ptr}
		echoed := map[*Field]bool{}
		if echo != nil && echo.kind != 'o' {
			b.errorf(ptr+"/echo", "echo must be an object naming, for each member of the answer it fills, the member of the ping whose value it takes: {\"pong\": \"ping\"}")
			echo = nil
		}
		if echo != nil {
			for _, e := range echo.members {
				ep := ptr + "/echo/" + escapePointer(e.name)
				to := b.echoMember(a, "answer", e.name, ep)
				if e.value.kind != 's' {
					b.errorf(ep, "echo %q must name a member of the ping %q", e.name, m.Name)
					continue
				}
				from := b.echoMember(m, "ping", e.value.str, ep)
				if to == nil || from == nil {
					continue
				}
				if why := echoMismatch(to, from); why != "" {
					b.errorf(ep, "the answer's %q cannot take the ping's %q: %s", to.Name, from.Name, why)
					continue
				}
				echoed[to] = true
				p.Echo = append(p.Echo, Echo{Answer: to, Ping: from})
			}
		}
		for _, f := range a.Type.Properties {
			if f.Required && !f.Discriminator && !echoed[f] {
				b.errorf(ptr, "the answer %q requires member %q, which echo does not fill: echo it from a member of the ping, or make it optional", a.Name, f.Name)
			}
		}
		if len(a.Type.ExtraRequired) > 0 {
			b.errorf(ptr, "the answer %q requires undeclared members (%s), which echo cannot fill", a.Name, strings.Join(a.Type.ExtraRequired, ", "))
		}
		if len(b.errs) == errs {
			m.Ping = p
		}
	}
}

// echoMember returns m's member name for an echo at ptr, or reports why it cannot be.
func (b *builder) echoMember(m *Message, role, name, ptr string) *Field {
	for _, f := range m.Type.Properties {
		if f.Name != name {
			continue
		}
		if f.Discriminator {
			b.errorf(ptr, "%q is a discriminator of the %s %q: its value is the message's const, never echoed", name, role, m.Name)
			return nil
		}
		return f
	}
	b.errorf(ptr, "%q is not a property of the %s %q", name, role, m.Name)
	return nil
}

// echoMismatch says why the answer's member to cannot take the value of the ping's
// member from ("" when it can): the value must fit to's Go field as it is, and every
// value from allows must be valid in to, or Encode would refuse the answer.
func echoMismatch(to, from *Field) string {
	if to.Required && !from.Required {
		return "the answer requires it but the ping's is optional"
	}
	if from.Sensitive && !to.Sensitive {
		return "the ping's is sensitive and the answer's is not, so the value would be logged"
	}
	tt, ft := to.Type, from.Type
	if tt == ft {
		return ""
	}
	switch tt.Repr {
	case ReprBool, ReprInt, ReprFloat, ReprString, ReprRaw:
	default:
		return "objects, arrays and unions are echoed only between members of one $defs type"
	}
	switch {
	case tt.Repr != ft.Repr || tt.Decimal != ft.Decimal || tt.Kinds != ft.Kinds:
		return "they have different types (" + ft.Kinds.String() + reprNote(ft) + " in the ping, " + tt.Kinds.String() + reprNote(tt) + " in the answer)"
	case tt.GoName != "" || ft.GoName != "":
		return "they are different enum types; give both members one $defs type"
	case tt.ObjectName != "" || tt.ArrayName != "":
		return "the answer's constrains the objects or arrays it holds; give both members one $defs type"
	}
	fc := constraints(ft)
	for i, c := range constraints(tt) {
		if c.value != "" && c.value != fc[i].value {
			return "the answer's " + c.keyword + " may refuse a value the ping's allows (give both members the same " + c.keyword + ", or none to the answer's)"
		}
	}
	return ""
}

func reprNote(t *Type) string {
	if t.Decimal {
		return ", decimal"
	}
	return ""
}

type constraint struct{ keyword, value string }

// constraints lists the value constraints of a scalar type, each as a comparable string.
func constraints(t *Type) []constraint {
	ln := func(p *int64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatInt(*p, 10)
	}
	c := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	enum := slices.Clone(t.Enum)
	slices.Sort(enum)
	return []constraint{
		{"const", c(t.Const)}, {"enum", strings.Join(enum, ",")},
		{"minLength", ln(t.MinLength)}, {"maxLength", ln(t.MaxLength)}, {"pattern", t.Pattern},
		{"minimum", t.Minimum}, {"maximum", t.Maximum}, {"exclusiveMinimum", t.ExclusiveMinimum},
		{"exclusiveMaximum", t.ExclusiveMaximum}, {"multipleOf", t.MultipleOf},
	}
}
