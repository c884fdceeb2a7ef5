package conn

// Defaults of the de-duplication window.
const (
	defaultDedupWindow = 10000   // ids
	defaultDedupBytes  = 1 << 20 // bytes of ids
	defaultMaxIDLength = 256     // bytes per id
)

// dedup is a bounded window of recently applied event ids: Add reports
// whether an id is new and remembers it, evicting the oldest ids while the
// window holds more than size ids or more than maxBytes bytes of ids (each
// id counted at its length plus idOverhead, the map and queue slots it
// costs). Add and Seen are O(1) amortised; the queue grows with use, so an
// idle connection pays nothing for a large window. Not safe for concurrent
// use.
type dedup struct {
	size     int
	maxBytes int
	bytes    int
	fifo     []string // insertion order from head
	head     int
	set      map[string]struct{}
}

// idOverhead approximates what one remembered id costs beyond its bytes: a
// map entry and a string header in the queue.
const idOverhead = 48

func newDedup(size int) *dedup {
	if size < 1 {
		size = 1
	}
	return &dedup{size: size, maxBytes: 1 << 62}
}

// Seen reports whether id is in the window.
func (d *dedup) Seen(id string) bool {
	_, ok := d.set[id]
	return ok
}

// Add remembers id and reports true, or reports false if id is already in
// the window (a duplicate). Remembering an id at a limit evicts the oldest.
func (d *dedup) Add(id string) bool {
	if d.set == nil {
		d.set = make(map[string]struct{})
	}
	n := len(d.set)
	d.set[id] = struct{}{} // one map operation: insert, and see whether it grew
	if len(d.set) == n {
		return false
	}
	d.fifo = append(d.fifo, id)
	d.bytes += len(id) + idOverhead
	for len(d.set) > d.size || d.bytes > d.maxBytes && len(d.set) > 1 {
		old := d.fifo[d.head]
		d.fifo[d.head] = ""
		d.head++
		delete(d.set, old) // never id: it is the newest
		d.bytes -= len(old) + idOverhead
	}
	if d.head > 64 && d.head > len(d.fifo)/2 {
		d.fifo = append(d.fifo[:0:0], d.fifo[d.head:]...)
		d.head = 0
	}
	return true
}

// Len returns the number of ids in the window.
func (d *dedup) Len() int { return len(d.set) }

// Bytes returns the bytes the window accounts for.
func (d *dedup) Bytes() int { return d.bytes }
