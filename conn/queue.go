package conn

// outFrame is one encoded outbound message waiting to be written.
type outFrame struct {
	data []byte
	typ  string // message type, for logs
	ref  string // correlation id, "" if none
	key  string // idempotency key when the frame is backed by the outbox

	internal bool // a request of the runtime itself (snapshot request, heartbeat)
	beat     beatKind
}

// durable reports whether the frame is backed by the outbox, which replays it
// after a reconnect (so the queue need not keep it).
func (f *outFrame) durable() bool { return f.key != "" }

// queue is a bounded FIFO of outbound frames: it refuses a frame with
// ErrQueueFull when it would hold more than maxMsgs frames or maxBytes bytes
// of frame data. It never grows beyond those limits. It is not safe for
// concurrent use; the Client guards it with its mutex.
type queue struct {
	maxMsgs  int
	maxBytes int
	items    []outFrame // ring buffer, len(items) == cap
	head     int        // index of the oldest frame
	n        int        // number of frames
	bytes    int        // total len(data)
}

func newQueue(maxMsgs, maxBytes int) *queue {
	return &queue{maxMsgs: maxMsgs, maxBytes: maxBytes}
}

// Len returns the number of frames held.
func (q *queue) Len() int { return q.n }

// Bytes returns the total size of the frames held.
func (q *queue) Bytes() int { return q.bytes }

// fits reports whether a frame of size n could be pushed now.
func (q *queue) fits(n int) error {
	if n > q.maxBytes {
		return ErrFrameTooLarge
	}
	if q.n+1 > q.maxMsgs || q.bytes+n > q.maxBytes {
		return ErrQueueFull
	}
	return nil
}

// Push appends f, or returns ErrQueueFull (ErrFrameTooLarge for a frame that
// could never fit).
func (q *queue) Push(f outFrame) error {
	if err := q.fits(len(f.data)); err != nil {
		return err
	}
	q.grow()
	q.items[(q.head+q.n)%len(q.items)] = f
	q.n++
	q.bytes += len(f.data)
	return nil
}

// PushFront puts f at the head, whatever the limits: a frame whose write
// failed (counted before), or an answer to the server's heartbeat.
func (q *queue) PushFront(f outFrame) {
	q.grow()
	q.head = (q.head - 1 + len(q.items)) % len(q.items)
	q.items[q.head] = f
	q.n++
	q.bytes += len(f.data)
}

func (q *queue) grow() {
	if q.n < len(q.items) {
		return
	}
	size := 2 * len(q.items)
	if size == 0 {
		size = 4
	}
	if size <= q.n {
		size = q.n + 1
	}
	items := make([]outFrame, size)
	for i := 0; i < q.n; i++ {
		items[i] = q.items[(q.head+i)%len(q.items)]
	}
	q.items, q.head = items, 0
}

// PushForce appends f whatever the limits (internal control messages such as
// snapshot requests, at most one per stream).
func (q *queue) PushForce(f outFrame) {
	q.grow()
	q.items[(q.head+q.n)%len(q.items)] = f
	q.n++
	q.bytes += len(f.data)
}

// Replace puts f in the place of the first frame for which match returns
// true, if any.
func (q *queue) Replace(match func(*outFrame) bool, f outFrame) {
	for i := 0; i < q.n; i++ {
		g := &q.items[(q.head+i)%len(q.items)]
		if match(g) {
			q.bytes += len(f.data) - len(g.data)
			*g = f
			return
		}
	}
}

// Pop removes and returns the oldest frame.
func (q *queue) Pop() (outFrame, bool) {
	if q.n == 0 {
		return outFrame{}, false
	}
	f := q.items[q.head]
	q.items[q.head] = outFrame{}
	q.head = (q.head + 1) % len(q.items)
	q.n--
	q.bytes -= len(f.data)
	if q.n == 0 {
		q.head = 0
		if len(q.items) > 64 {
			q.items = nil // give back a large ring once drained
		}
	}
	return f, true
}

// Filter keeps only the frames for which keep returns true, in order, and
// returns the removed ones in order.
func (q *queue) Filter(keep func(*outFrame) bool) (removed []outFrame) {
	kept := 0
	for i := 0; i < q.n; i++ {
		f := q.items[(q.head+i)%len(q.items)]
		if keep(&f) {
			q.items[(q.head+kept)%len(q.items)] = f
			kept++
		} else {
			removed = append(removed, f)
			q.bytes -= len(f.data)
		}
	}
	for i := kept; i < q.n; i++ {
		q.items[(q.head+i)%len(q.items)] = outFrame{}
	}
	q.n = kept
	return removed
}
