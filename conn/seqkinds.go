package conn

import "slices"

// Sequence kinds. A sequenced message (Sequenced) names its stream and a
// sequence; the interfaces it implements besides say how the sequence
// advances:
//
//   - +1 (Sequenced only): an event applies at last+1.
//   - chained (SequenceChained): the event carries the previous event's
//     sequence (RoleSequencePrev) and applies when it equals the last
//     applied one: sequences need not be contiguous (Binance futures
//     pu/u, Coinbase sequence/previous).
//   - range (SequenceRange): the event covers the update ids
//     RoleSequenceFirst..RoleSequence and applies when first <= last+1 <=
//     RoleSequence (Binance spot depth U/u).
//   - per socket (SocketSequenced): +1, but the sequence restarts on every
//     connection (Gemini socket_sequence), so the client forgets the
//     stream's state when a new socket goes live.
//
// The sequencer sees each event as the range lo..hi of sequences it
// covers: +1 and per socket are seq..seq, chained is prev+1..seq, range is
// first..last. An event with hi <= last is stale; one with lo = last+1
// applies; a range, or a chained event right after a snapshot (the
// snapshot's sequence may fall inside it), applies when lo <= last+1 <= hi;
// anything else is a gap, held and recovered by the protocol's gap policy.

type (
	// SequenceChained is implemented by sequenced messages that carry the
	// sequence of the stream's previous event.
	SequenceChained interface {
		Sequenced
		RoleSequencePrev() int64
	}
	// SequenceRange is implemented by sequenced messages covering a range
	// of update ids: RoleSequenceFirst to RoleSequence.
	SequenceRange interface {
		Sequenced
		RoleSequenceFirst() int64
	}
	// SocketSequenced is implemented by sequenced messages whose sequence
	// restarts on every connection.
	SocketSequenced interface {
		Sequenced
		RoleSequencePerSocket()
	}
)

// reasonInvalid drops an event whose range is empty (first > last, or prev
// >= seq): it can never apply.
const reasonInvalid seqReason = "invalid sequence"

type seqKind uint8

const (
	seqPlusOne seqKind = iota
	seqChained
	seqRange
	seqSocket
)

// seqEvent is an event's place in its stream: the sequences lo..hi it
// covers.
type seqEvent struct {
	lo, hi int64
	kind   seqKind
	bad    bool // prev >= seq, or first > last
}

func plusOne(seq int64) seqEvent { return seqEvent{lo: seq, hi: seq} }

func (e seqEvent) valid() bool { return !e.bad && e.lo <= e.hi }

// seqEventOf returns sq's place by its kind.
func seqEventOf(sq Sequenced) seqEvent {
	hi := sq.RoleSequence()
	switch m := sq.(type) {
	case SequenceRange:
		return seqEvent{lo: m.RoleSequenceFirst(), hi: hi, kind: seqRange}
	case SequenceChained:
		prev := m.RoleSequencePrev()
		if prev >= hi {
			return seqEvent{lo: hi, hi: hi, kind: seqChained, bad: true}
		}
		return seqEvent{lo: prev + 1, hi: hi, kind: seqChained}
	case SocketSequenced:
		return seqEvent{lo: hi, hi: hi, kind: seqSocket}
	}
	return plusOne(hi)
}

type seqVerdict uint8

const (
	seqGapped seqVerdict = iota
	seqApply
	seqStale
)

// check says what to do with ev given the stream's last applied sequence.
func (st *streamState[T]) check(ev seqEvent) seqVerdict {
	next := st.last + 1
	switch {
	case ev.hi <= st.last:
		return seqStale
	case ev.lo == next:
		return seqApply
	case ev.lo < next && (ev.kind == seqRange || ev.kind == seqChained && st.fresh):
		return seqApply // straddles last (always for a range; for a chain, a snapshot's)
	}
	return seqGapped
}

// ForgetPerSocket stops tracking the streams whose sequence restarts on
// every socket (a new one went live) and returns their names, sorted.
func (s *sequencer[T]) ForgetPerSocket() []string {
	var names []string
	for name, st := range s.streams {
		if st.perSocket {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		s.Forget(name)
	}
	return names
}
