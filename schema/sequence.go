package schema

import "slices"

// SequenceKind says how a message's sequence advances within its stream (x-wsgen
// "sequence"; see docs/schema.md, "Sequence kinds").
type SequenceKind string

const (
	// SeqIncrement: each event is the previous one's sequence + 1 ("sequence":
	// "seq", or {"kind": "increment", "seq": "seq"}).
	SeqIncrement SequenceKind = "increment"
	// SeqChained: the event carries the previous event's sequence
	// ({"kind": "chained", "seq": "u", "prev": "pu"}).
	SeqChained SequenceKind = "chained"
	// SeqRange: the event covers the update ids first..last
	// ({"kind": "range", "first": "U", "last": "u"}).
	SeqRange SequenceKind = "range"
	// SeqSocket: +1 within a connection, restarting on every connection
	// ({"kind": "socket", "seq": "socket_sequence"}).
	SeqSocket SequenceKind = "socket"
)

// sequenceMembers lists the members each kind of the object form takes (besides
// "kind"), the one read by RoleSequence first.
var sequenceMembers = map[SequenceKind][]string{
	SeqIncrement: {"seq"},
	SeqChained:   {"seq", "prev"},
	SeqRange:     {"last", "first"},
	SeqSocket:    {"seq"},
}

// sequenceRole reads x-wsgen "sequence" (ptr is the x-wsgen object's pointer): a
// member name (+1), or an object naming the kind and its members. field resolves a
// member name at a key below x-wsgen.
func (b *builder) sequenceRole(m *Message, v *node, ptr string, field func(key string, v *node) *Field) {
	fp := ptr + "/" + RoleSequence
	intField := func(key string, v *node) *Field {
		f := field(key, v)
		if f == nil {
			return nil
		}
		if f.Type.Repr != ReprInt || f.Type.Kinds.Has(Null) || f.Type.GoName != "" {
			b.errorf(ptr+"/"+key, "the sequence field %q must be a plain (non-null, non-enum) integer", f.Name)
			return nil
		}
		return f
	}
	if v.kind != 'o' {
		if f := intField(RoleSequence, v); f != nil {
			m.Sequence, m.SequenceKind = f, SeqIncrement
		}
		return
	}
	kn := v.get("kind")
	kind := SequenceKind(str(kn))
	want, ok := sequenceMembers[kind]
	if kn == nil || kn.kind != 's' || !ok {
		b.errorf(fp+"/kind", "sequence kind must be \"increment\", \"chained\", \"range\" or \"socket\"")
		return
	}
	fields := map[string]*Field{}
	bad := false
	for _, e := range v.members {
		if e.name == "kind" {
			continue
		}
		if !slices.Contains(want, e.name) {
			b.errorf(fp+"/"+escapePointer(e.name), "a %s sequence takes %s, not %q", kind, quoteList(want), e.name)
			bad = true
			continue
		}
		f := intField(RoleSequence+"/"+escapePointer(e.name), e.value)
		if f == nil {
			bad = true
			continue
		}
		fields[e.name] = f
	}
	for _, k := range want {
		if _, ok := fields[k]; !ok && v.get(k) == nil {
			b.errorf(fp, "a %s sequence needs %q (%s)", kind, k, sequenceMemberWords[k])
			bad = true
		}
	}
	if bad {
		return
	}
	if len(want) == 2 {
		a, z := fields[want[0]], fields[want[1]]
		if a == z {
			b.errorf(fp+"/"+want[1], "%s and %s name the same member %q: an event would cover nothing", want[0], want[1], a.Name)
			return
		}
		if !z.Required {
			b.errorf(fp+"/"+want[1], "the %s member %q must be required: an event without it cannot be placed in its stream", want[1], z.Name)
			return
		}
		m.SequencePrev, m.SequenceFirst = fields["prev"], fields["first"]
	}
	m.Sequence, m.SequenceKind = fields[want[0]], kind
}

var sequenceMemberWords = map[string]string{
	"seq":   "the member holding the event's sequence",
	"prev":  "the member holding the previous event's sequence",
	"first": "the member holding the first update id the event covers",
	"last":  "the member holding the last update id the event covers",
}

func quoteList(list []string) string {
	s := ""
	for i, x := range list {
		if i > 0 {
			s += " and "
		}
		s += "\"" + x + "\""
	}
	return s
}

// sequenceChecks refuses sequence kinds the runtime cannot apply: a snapshot
// request or reply whose sequence is not a plain member (a snapshot covers its
// stream up to one sequence), and two messages of different kinds whose stream
// roles name the same member (their events may share a stream, whose sequence
// advances by one rule).
func (b *builder) sequenceChecks() {
	byStream := map[string]*Message{}
	for _, m := range b.p.Messages {
		if m.Sequence == nil {
			continue
		}
		if (m.SnapshotRequest || m.SnapshotReply) && m.SequenceKind != SeqIncrement {
			b.errorf(m.Pointer+"/x-wsgen/sequence", "a snapshot's sequence is the point it covers its stream up to: name one member (\"sequence\": %q), not a %s sequence", m.RoleMember(RoleSequence), m.SequenceKind)
			continue
		}
		if m.SnapshotRequest || m.SnapshotReply || m.Stream == nil || !m.Direction.Inbound() {
			continue
		}
		key := m.RoleMember(RoleStream)
		if o, ok := byStream[key]; ok && o.SequenceKind != m.SequenceKind {
			b.errorf(m.Pointer+"/x-wsgen/sequence", "sequence kind %q on the stream member %q, which %s orders by kind %q: events of one stream advance by one rule (give them different stream members, or one kind)", m.SequenceKind, key, o.Name, o.SequenceKind)
			continue
		}
		if _, ok := byStream[key]; !ok {
			byStream[key] = m
		}
	}
}
