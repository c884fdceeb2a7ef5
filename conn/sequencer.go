package conn

import "sort"

// defaultMaxHeld is the default number of events held per stream while a
// snapshot is awaited.
const defaultMaxHeld = 1000

// seqReason says why the sequencer dropped an event.
type seqReason string

const (
	reasonStale    seqReason = "stale"    // seq already applied (or covered by a snapshot)
	reasonOverflow seqReason = "overflow" // the hold buffer of the stream is full
)

// seqGap describes a detected gap: the stream's next expected sequence and
// the one that arrived. The runtime answers it with a snapshot request for
// the events after Expected-1.
type seqGap struct {
	Stream   string
	Expected int64
	Got      int64
}

// seqResult is the outcome of offering one event (or snapshot) to the
// sequencer. Its slices are valid until the next call.
type seqResult[T any] struct {
	// Apply lists the values to apply now, in order. The offered value is
	// among them when it was applied at once.
	Apply []T
	// Dropped lists values dropped, with Reason (the offered value when it
	// was stale or overflowed; held events covered by a snapshot).
	Dropped []T
	Reason  seqReason
	// Gap is set when this offer found a new gap: request a snapshot after
	// Gap.Expected-1.
	Gap *seqGap
}

type held[T any] struct {
	seq int64
	v   T
}

type streamState[T any] struct {
	last       int64 // last applied sequence
	recovering bool  // a gap was found; a snapshot is awaited
	held       []held[T]
}

// sequencer applies sequenced events in order per stream. The first event of
// a stream it has never seen sets the baseline and is applied. An event at
// last+1 is applied; one at or below last is stale and dropped; one beyond
// last+1 opens a gap: it is held, a snapshot is requested once, and later
// events are held too (at most maxHeld per stream; more are dropped as
// overflow) until the gap fills by itself or a snapshot arrives. A snapshot
// reply at sequence S (requested or not) is applied when S >= last; the held
// events above S then apply in order and those at or below S are dropped.
// Not safe for concurrent use.
type sequencer[T any] struct {
	maxHeld int
	streams map[string]*streamState[T]
	one     [1]T // backs Apply for the common single-event result
}

func newSequencer[T any](maxHeld int) *sequencer[T] {
	if maxHeld < 1 {
		maxHeld = 1
	}
	return &sequencer[T]{maxHeld: maxHeld}
}

// Offer presents an event with sequence seq on stream.
func (s *sequencer[T]) Offer(stream string, seq int64, v T) seqResult[T] {
	st, ok := s.streams[stream]
	if !ok {
		s.add(stream, seq)
		return seqResult[T]{Apply: s.single(v)}
	}
	switch {
	case seq <= st.last:
		return seqResult[T]{Dropped: s.single(v), Reason: reasonStale}
	case seq == st.last+1:
		st.last = seq
		res := seqResult[T]{Apply: s.single(v)}
		if len(st.held) > 0 {
			s.drain(stream, st, &res)
		}
		return res
	}
	// seq > last+1: hold it.
	i := sort.Search(len(st.held), func(i int) bool { return st.held[i].seq >= seq })
	if i < len(st.held) && st.held[i].seq == seq {
		return seqResult[T]{Dropped: []T{v}, Reason: reasonStale}
	}
	if len(st.held) >= s.maxHeld {
		return seqResult[T]{Dropped: []T{v}, Reason: reasonOverflow}
	}
	st.held = append(st.held, held[T]{})
	copy(st.held[i+1:], st.held[i:])
	st.held[i] = held[T]{seq, v}
	var res seqResult[T]
	if !st.recovering {
		st.recovering = true
		res.Gap = &seqGap{Stream: stream, Expected: st.last + 1, Got: seq}
	}
	return res
}

func (s *sequencer[T]) add(stream string, last int64) {
	if s.streams == nil {
		s.streams = make(map[string]*streamState[T])
	}
	s.streams[stream] = &streamState[T]{last: last}
}

// single returns a one-element slice backed by the sequencer (no
// allocation); append to it copies.
func (s *sequencer[T]) single(v T) []T {
	s.one[0] = v
	return s.one[:1:1]
}

// Snapshot presents a snapshot reply that covers stream up to seq.
func (s *sequencer[T]) Snapshot(stream string, seq int64, v T) seqResult[T] {
	st, ok := s.streams[stream]
	if !ok {
		s.add(stream, seq)
		return seqResult[T]{Apply: s.single(v)}
	}
	if seq < st.last {
		return seqResult[T]{Dropped: []T{v}, Reason: reasonStale}
	}
	st.last = seq
	st.recovering = false
	res := seqResult[T]{Apply: []T{v}}
	n := 0
	for n < len(st.held) && st.held[n].seq <= seq {
		res.Dropped = append(res.Dropped, st.held[n].v)
		n++
	}
	if n > 0 {
		res.Reason = reasonStale
		st.held = shift(st.held, n)
	}
	s.drain(stream, st, &res)
	return res
}

// drain applies held events that follow last without a gap; if held events
// remain behind a gap, the stream is (still) recovering, and a new gap is
// reported unless a snapshot was already requested.
func (s *sequencer[T]) drain(stream string, st *streamState[T], res *seqResult[T]) {
	n := 0
	for n < len(st.held) && st.held[n].seq == st.last+1 {
		res.Apply = append(res.Apply, st.held[n].v)
		st.last = st.held[n].seq
		n++
	}
	st.held = shift(st.held, n)
	if len(st.held) == 0 {
		st.held = nil
		st.recovering = false
		return
	}
	if !st.recovering {
		st.recovering = true
		res.Gap = &seqGap{Stream: stream, Expected: st.last + 1, Got: st.held[0].seq}
	}
}

// Recovering returns the streams awaiting a snapshot, with the sequence to
// request events after, sorted by stream. The runtime requests them again
// after a reconnect, as the earlier request died with its connection.
func (s *sequencer[T]) Recovering() []seqGap {
	var out []seqGap
	for name, st := range s.streams {
		if st.recovering {
			out = append(out, seqGap{Stream: name, Expected: st.last + 1, Got: st.held[0].seq})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Stream < out[j].Stream })
	return out
}

// Last returns the last applied sequence of stream.
func (s *sequencer[T]) Last(stream string) (int64, bool) {
	st, ok := s.streams[stream]
	if !ok {
		return 0, false
	}
	return st.last, true
}

// shift removes the first n elements of h in place, zeroing the freed tail
// so held values can be collected.
func shift[T any](h []held[T], n int) []held[T] {
	if n == 0 {
		return h
	}
	rest := copy(h, h[n:])
	clear(h[rest:])
	return h[:rest]
}
