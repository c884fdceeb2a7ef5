package conn

// defaultDedupWindow is the default number of event ids remembered.
const defaultDedupWindow = 10000

// dedup is a bounded window of recently applied event ids: Add reports
// whether an id is new and remembers it, evicting the oldest id once the
// window holds size ids. Add and Seen are O(1). The ring grows with use, so
// an idle connection pays nothing for a large window. Not safe for
// concurrent use.
type dedup struct {
	size int
	ring []string // insertion order; once full, ring[next] is the oldest
	next int
	set  map[string]struct{}
}

func newDedup(size int) *dedup {
	if size < 1 {
		size = 1
	}
	return &dedup{size: size}
}

// Seen reports whether id is in the window.
func (d *dedup) Seen(id string) bool {
	_, ok := d.set[id]
	return ok
}

// Add remembers id and reports true, or reports false if id is already in
// the window (a duplicate). Remembering an id at the limit evicts the oldest.
func (d *dedup) Add(id string) bool {
	if d.set == nil {
		d.set = make(map[string]struct{})
	}
	n := len(d.set)
	d.set[id] = struct{}{} // one map operation: insert, and see whether it grew
	if len(d.set) == n {
		return false
	}
	if len(d.ring) < d.size {
		d.ring = append(d.ring, id)
	} else {
		delete(d.set, d.ring[d.next]) // never id: it was not in the set
		d.ring[d.next] = id
		d.next++
		if d.next == d.size {
			d.next = 0
		}
	}
	return true
}

// Len returns the number of ids in the window.
func (d *dedup) Len() int { return len(d.set) }
