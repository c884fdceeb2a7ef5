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
	reasonJump     seqReason = "jump"     // seq beyond the largest forward jump allowed
	reasonEvicted  seqReason = "evicted"  // held by a stream evicted for a new one
	reasonSkipped  seqReason = "skipped"  // not a drop: held events applied past a skipped gap
)

// Defaults of the sequencer's bounds.
const (
	defaultMaxStreams     = 10000
	defaultMaxStreamBytes = 4 << 20
	defaultMaxHeldBytes   = 16 << 20
	defaultMaxSeqJump     = 1 << 20
	defaultMaxStreamName  = 256
	streamOverhead        = 160 // bytes a stream's state costs beyond its name
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
	// Evicted names the streams evicted to make room for a new one.
	Evicted []string
}

type held[T any] struct {
	ev   seqEvent
	v    T
	size int
}

type streamState[T any] struct {
	name       string
	last       int64 // last applied sequence
	recovering bool  // a gap was found; a snapshot is awaited
	fresh      bool  // last was set by a snapshot: a chained event may straddle it
	perSocket  bool  // the stream's sequence restarts on every socket
	held       []held[T]
	prev, next *streamState[T] // least recently used order (s.lru)
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
//
// Bounds: at most maxStreams streams, their names and states taking at most
// maxStreamBytes, are tracked (the least recently used ones are evicted for
// a new one: res.Evicted names it, its held events are
// dropped); held events of all streams take at most maxHeldBytes; an event
// more than maxJump beyond the next expected one is dropped ("jump") and
// opens a gap, so one absurd sequence number cannot make every later event
// stale (for a range or chained event, its last sequence counts).
type sequencer[T any] struct {
	maxHeld        int
	maxStreams     int
	maxStreamBytes int
	maxHeldBytes   int
	maxJump        int64
	heldBytes      int
	nameBytes      int
	streams        map[string]*streamState[T]
	lru            streamState[T] // sentinel: lru.next is the most recently used
	one            [1]T           // backs Apply for the common single-event result
}

func newSequencer[T any](maxHeld int) *sequencer[T] {
	if maxHeld < 1 {
		maxHeld = 1
	}
	s := &sequencer[T]{maxHeld: maxHeld, maxStreams: defaultMaxStreams, maxStreamBytes: defaultMaxStreamBytes, maxHeldBytes: defaultMaxHeldBytes, maxJump: defaultMaxSeqJump}
	s.lru.prev, s.lru.next = &s.lru, &s.lru
	return s
}

// Offer presents an event with sequence seq on stream.
func (s *sequencer[T]) Offer(stream string, seq int64, v T) seqResult[T] {
	return s.OfferSized(stream, seq, v, 0)
}

// OfferSized is Offer for an event whose frame is size bytes (counted
// against maxHeldBytes while it is held).
func (s *sequencer[T]) OfferSized(stream string, seq int64, v T, size int) seqResult[T] {
	return s.OfferEvent(stream, plusOne(seq), v, size)
}

// OfferEvent presents an event of any sequence kind (seqkinds.go) on
// stream; its frame is size bytes.
func (s *sequencer[T]) OfferEvent(stream string, ev seqEvent, v T, size int) seqResult[T] {
	if !ev.valid() {
		return seqResult[T]{Dropped: s.single(v), Reason: reasonInvalid}
	}
	st, ok := s.streams[stream]
	if !ok {
		res := seqResult[T]{Apply: s.single(v)}
		s.add(stream, ev.hi, &res)
		s.streams[stream].perSocket = ev.kind == seqSocket
		return res
	}
	s.touch(st)
	verdict := st.check(ev)
	if verdict != seqStale && uint64(ev.hi)-uint64(st.last) > uint64(s.maxJump) {
		// Beyond the largest jump (hi > last here, so the difference is exact):
		// even a range or chained event that would apply cannot move last that far.
		res := seqResult[T]{Dropped: []T{v}, Reason: reasonJump}
		if !st.recovering {
			st.recovering = true
			res.Gap = &seqGap{Stream: stream, Expected: st.last + 1, Got: ev.lo}
		}
		return res
	}
	switch verdict {
	case seqStale:
		return seqResult[T]{Dropped: s.single(v), Reason: reasonStale}
	case seqApply:
		st.last, st.fresh = ev.hi, false
		res := seqResult[T]{Apply: s.single(v)}
		if len(st.held) > 0 {
			s.drain(stream, st, &res)
		}
		return res
	}
	// A gap: hold it.
	i := sort.Search(len(st.held), func(i int) bool { return st.held[i].ev.lo >= ev.lo })
	if i < len(st.held) && st.held[i].ev.lo == ev.lo {
		return seqResult[T]{Dropped: []T{v}, Reason: reasonStale}
	}
	if len(st.held) >= s.maxHeld || s.heldBytes+size > s.maxHeldBytes {
		return seqResult[T]{Dropped: []T{v}, Reason: reasonOverflow}
	}
	st.held = append(st.held, held[T]{})
	copy(st.held[i+1:], st.held[i:])
	st.held[i] = held[T]{ev, v, size}
	s.heldBytes += size
	var res seqResult[T]
	if !st.recovering {
		st.recovering = true
		res.Gap = &seqGap{Stream: stream, Expected: st.last + 1, Got: ev.lo}
	}
	return res
}

// add starts tracking stream at last, evicting the least recently used
// stream when maxStreams are tracked (reported in res).
func (s *sequencer[T]) add(stream string, last int64, res *seqResult[T]) {
	if s.streams == nil {
		s.streams = make(map[string]*streamState[T])
	}
	for (len(s.streams) >= s.maxStreams || s.nameBytes+len(stream)+streamOverhead > s.maxStreamBytes) && s.lru.prev != &s.lru {
		old := s.lru.prev
		res.Evicted = append(res.Evicted, old.name)
		for _, h := range old.held {
			res.Dropped = append(res.Dropped, h.v)
		}
		if len(old.held) > 0 {
			res.Reason = reasonEvicted
		}
		s.Forget(old.name)
	}
	st := &streamState[T]{name: stream, last: last}
	s.streams[stream] = st
	s.nameBytes += len(stream) + streamOverhead
	st.prev, st.next = &s.lru, s.lru.next
	st.prev.next, st.next.prev = st, st
}

// touch marks st as the most recently used stream.
func (s *sequencer[T]) touch(st *streamState[T]) {
	if s.lru.next == st {
		return
	}
	st.prev.next, st.next.prev = st.next, st.prev
	st.prev, st.next = &s.lru, s.lru.next
	st.prev.next, st.next.prev = st, st
}

// Forget stops tracking stream: its next event sets a new baseline.
func (s *sequencer[T]) Forget(stream string) {
	st, ok := s.streams[stream]
	if !ok {
		return
	}
	for _, h := range st.held {
		s.heldBytes -= h.size
	}
	st.prev.next, st.next.prev = st.next, st.prev
	delete(s.streams, stream)
	s.nameBytes -= len(stream) + streamOverhead
}

// Bytes returns what the sequencer's state accounts for: stream names and
// states, and held frames.
func (s *sequencer[T]) Bytes() int { return s.nameBytes + s.heldBytes }

// Skip gives up on stream's gap: its held events apply in order past the
// gap (the GapSkip policy), and the stream is no longer recovering.
func (s *sequencer[T]) Skip(stream string) seqResult[T] {
	var res seqResult[T]
	st, ok := s.streams[stream]
	if !ok || !st.recovering {
		return res
	}
	for _, h := range st.held {
		s.heldBytes -= h.size
		if h.ev.hi <= st.last {
			res.Dropped = append(res.Dropped, h.v)
			res.Reason = reasonStale
			continue
		}
		res.Apply = append(res.Apply, h.v)
		st.last = h.ev.hi
	}
	st.fresh = false
	clear(st.held)
	st.held = nil
	st.recovering = false
	return res
}

// IsRecovering reports whether stream awaits the end of a gap.
func (s *sequencer[T]) IsRecovering(stream string) bool {
	st, ok := s.streams[stream]
	return ok && st.recovering
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
		res := seqResult[T]{Apply: s.single(v)}
		s.add(stream, seq, &res)
		return res
	}
	s.touch(st)
	if seq < st.last {
		return seqResult[T]{Dropped: []T{v}, Reason: reasonStale}
	}
	st.last = seq
	st.recovering = false
	st.fresh = true
	res := seqResult[T]{Apply: []T{v}}
	n := 0
	for n < len(st.held) && st.held[n].ev.hi <= seq {
		res.Dropped = append(res.Dropped, st.held[n].v)
		s.heldBytes -= st.held[n].size
		n++
	}
	if n > 0 {
		res.Reason = reasonStale
		st.held = shift(st.held, n)
	}
	s.drain(stream, st, &res)
	return res
}

// drain applies held events that follow last without a gap (dropping the
// ones that became stale); if held events remain behind a gap, the stream is
// (still) recovering, and a new gap is reported unless a snapshot was
// already requested.
func (s *sequencer[T]) drain(stream string, st *streamState[T], res *seqResult[T]) {
	n := 0
held:
	for ; n < len(st.held); n++ {
		h := st.held[n]
		switch st.check(h.ev) {
		case seqApply:
			res.Apply = append(res.Apply, h.v)
			st.last, st.fresh = h.ev.hi, false
		case seqStale:
			res.Dropped = append(res.Dropped, h.v)
			res.Reason = reasonStale
		default:
			break held
		}
		s.heldBytes -= h.size
	}
	st.held = shift(st.held, n)
	if len(st.held) == 0 {
		st.held = nil
		st.recovering = false
		return
	}
	if !st.recovering {
		st.recovering = true
		res.Gap = &seqGap{Stream: stream, Expected: st.last + 1, Got: st.held[0].ev.lo}
	}
}

// Recovering returns the streams awaiting a snapshot, with the sequence to
// request events after, sorted by stream. The runtime requests them again
// after a reconnect, as the earlier request died with its connection.
func (s *sequencer[T]) Recovering() []seqGap {
	var out []seqGap
	for name, st := range s.streams {
		if st.recovering {
			g := seqGap{Stream: name, Expected: st.last + 1}
			if len(st.held) > 0 {
				g.Got = st.held[0].ev.lo
			}
			out = append(out, g)
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
