package gen

import (
	"github.com/dave/jennifer/jen"
	"github.com/wsgen/wsgen/schema"
)

// sequenceKindAccessors writes what conn needs to apply a sequence that is not +1
// (conn/seqkinds.go): RoleSequencePrev for a chained sequence (conn.SequenceChained),
// RoleSequenceFirst for a range (conn.SequenceRange; RoleSequence is its last), and
// the RoleSequencePerSocket marker for a sequence that restarts on every connection
// (conn.SocketSequenced; without a stream role, RoleStream is "": one stream per
// connection).
func (g *generator) sequenceKindAccessors(f *jen.File, m *schema.Message) {
	recv := jen.Id("x").Op("*").Id(m.GoName)
	accessor := func(name, role string, words string) {
		f.Line()
		f.Comment(name + " returns " + roleGo(m, role) + " (the " + quote(m.RoleMember(role)) + " member), " + words + ".")
		f.Func().Params(recv.Clone()).Id(name).Params().Int64().Block(jen.Return(roleVal("x", m, role)))
	}
	switch m.SequenceKind {
	case schema.SeqChained:
		accessor("RoleSequencePrev", schema.RoleSequencePrev, "the sequence of the previous event in its stream")
	case schema.SeqRange:
		accessor("RoleSequenceFirst", schema.RoleSequenceFirst, "the first update id the message covers (RoleSequence is the last)")
	case schema.SeqSocket:
		if m.Stream == nil {
			f.Line()
			f.Comment("RoleStream returns \"\": the message has no stream role, so its sequence orders the whole connection.")
			f.Func().Params(recv.Clone()).Id("RoleStream").Params().String().Block(jen.Return(jen.Lit("")))
		}
		f.Line()
		f.Comment("RoleSequencePerSocket marks the message's sequence as restarting on every connection.")
		f.Func().Params(recv.Clone()).Id("RoleSequencePerSocket").Params().Block()
	}
}
