package conn

import (
	"bytes"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Delivery to the Handler: messages, notices and state changes are queued
// in the inbox in one order and delivered by one serial (deliver), so the
// Handler, OnNotice and OnState are never called concurrently and see one
// order. Messages and notices are bounded (the reader waits for space:
// back-pressure), state changes apart (the oldest is dropped, counted in
// the next one's Missed).

// inItem is a message for the Handler, a notice for OnNotice or a state
// change for OnState.
type inItem struct {
	size   int // the frame's size, for a message
	msg    Message
	notice *Notice
	state  *StateChange
}

// deliver runs on the inbox goroutine: Handler calls, notices and state
// changes, in order. After a forced close only state changes are delivered.
func (c *Client) deliver(batch []inItem) {
	for _, it := range batch {
		if it.state != nil {
			c.opts.OnState(*it.state)
			continue
		}
		if c.forced() || c.inbox.dropMsgs.Load() {
			continue
		}
		if it.notice != nil {
			c.opts.OnNotice(*it.notice)
			continue
		}
		if c.opts.Handler == nil {
			continue
		}
		if err := c.opts.Handler.HandleMessage(c.hctx, it.msg); err != nil {
			c.opts.Logger.WarnContext(c.hctx, "handler error", "msg", logValue(it.msg), "error", err.Error())
			if c.opts.OnNotice != nil {
				c.opts.OnNotice(Notice{Kind: NoticeHandlerError, Type: it.msg.MessageType(), EventID: eventID(it.msg), Err: err})
			}
		}
	}
}

func (c *Client) drop(m Message, reason string) {
	n := Notice{Kind: NoticeDropped, Type: m.MessageType(), EventID: eventID(m), Reason: reason}
	if sq, ok := m.(Sequenced); ok {
		n.Stream, n.Seq = sq.RoleStream(), sq.RoleSequence()
	}
	c.opts.Logger.Debug("dropped", "reason", reason, "msg", logValue(m))
	c.notice(n)
}

func (c *Client) notice(n Notice) {
	if c.opts.OnNotice != nil {
		c.inbox.push(inItem{notice: &n})
	}
}

// inbox runs the Handler's messages, notices and state changes in one
// order on its serial (run is the drain's work on each batch), so an idle
// Client holds no goroutine for it. wg counts the goroutine.
//
// The two kinds are bounded apart. Messages and notices count toward
// maxMsgs: the reader waits (full) rather than drop them. State changes
// count toward maxStates and never make anyone wait: beyond it the oldest
// queued change is dropped and the next queued one counts it in Missed.
type inbox struct {
	mu        sync.Mutex
	items     []inItem
	runner    serial
	onStart   func()      // runs first on each new delivery goroutine
	dropMsgs  atomic.Bool // messages and notices are dropped, not queued or delivered
	msgs      int         // messages and notices in items
	states    int         // state changes in items
	maxMsgs   int
	bytes     int // sizes of the messages in items
	maxBytes  int
	maxStates int
	spaceCh   chan struct{}        // closed when items are taken, if someone waits
	run       func(batch []inItem) // runs on the inbox goroutine
	wg        *sync.WaitGroup
}

// push queues it and kicks the serial. It never blocks and
// never drops a message or notice (the reader waits for space first).
func (q *inbox) push(it inItem) {
	q.mu.Lock()
	if it.state == nil && q.dropMsgs.Load() {
		q.mu.Unlock()
		return
	}
	if it.state != nil {
		if q.maxStates > 0 && q.states >= q.maxStates {
			q.dropOldestState(&it)
		}
		q.states++
	} else {
		q.msgs++
		q.bytes += it.size
	}
	q.items = append(q.items, it)
	if q.runner.drain == nil {
		q.runner = serial{drain: q.drain, wg: q.wg, linger: deliverLinger, wake: make(chan struct{}, 1), start: q.onStart}
	}
	q.mu.Unlock()
	q.runner.kick()
}

// dropOldestState removes the oldest queued state change and adds it (and
// what it had missed) to the Missed count of the next one, which is it when
// none is queued after. q.mu is held.
func (q *inbox) dropOldestState(it *inItem) {
	i := slices.IndexFunc(q.items, func(x inItem) bool { return x.state != nil })
	if i < 0 {
		return
	}
	carry := q.items[i].state.Missed + 1
	q.items = slices.Delete(q.items, i, i+1)
	q.states--
	next := it.state
	if j := slices.IndexFunc(q.items[i:], func(x inItem) bool { return x.state != nil }); j >= 0 {
		next = q.items[i+j].state
	}
	next.Missed += carry
}

// full reports whether maxMsgs messages and notices wait, and if so a
// channel closed when the consumer takes some.
func (q *inbox) full() (bool, <-chan struct{}) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if (q.maxMsgs == 0 || q.msgs < q.maxMsgs) && (q.maxBytes == 0 || q.bytes < q.maxBytes) {
		return false, nil
	}
	if q.spaceCh == nil {
		q.spaceCh = make(chan struct{})
	}
	return true, q.spaceCh
}

// deliverLinger is how long the delivery goroutine waits for more work
// before it ends (see serial).
const deliverLinger = 100 * time.Microsecond

// drain is the inbox serial's: it runs the queued items in batches until
// none is left.
func (q *inbox) drain() {
	for {
		q.mu.Lock()
		batch := q.items
		q.items, q.states = nil, 0
		q.mu.Unlock()
		if len(batch) == 0 {
			return
		}
		q.run(batch)
		// Messages count toward the bounds until delivered, not only while
		// queued: a slow Handler holds the reader back by what it has yet
		// to run, batch included.
		n, b := 0, 0
		for _, it := range batch {
			if it.state == nil {
				n++
				b += it.size
			}
		}
		q.mu.Lock()
		q.msgs, q.bytes = max(q.msgs-n, 0), max(q.bytes-b, 0)
		if q.spaceCh != nil {
			close(q.spaceCh)
			q.spaceCh = nil
		}
		q.mu.Unlock()
	}
}

// dropMessages discards the queued messages and notices and drops every
// later one (a Close called from a callback: nothing is delivered after it).
func (q *inbox) dropMessages() {
	q.dropMsgs.Store(true)
	q.discard()
}

// discard drops every queued message and notice (not the batch being run);
// state changes stay, so the observer still learns how the Client ended.
func (q *inbox) discard() {
	q.mu.Lock()
	q.items = slices.DeleteFunc(q.items, func(x inItem) bool { return x.state == nil })
	q.msgs, q.bytes = 0, 0
	if q.spaceCh != nil {
		close(q.spaceCh)
		q.spaceCh = nil
	}
	q.mu.Unlock()
}

// forced reports whether a Close gave up waiting: messages are discarded.
func (c *Client) forced() bool {
	select {
	case <-c.force:
		return true
	default:
		return false
	}
}

// goid returns the calling goroutine's id, from the header line
// "goroutine N [...]" of its stack trace: how Close recognises a call from
// the delivery goroutine. It costs a few microseconds, paid once per
// delivery goroutine and once per Close.
func goid() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b, _ = bytes.CutPrefix(b, []byte("goroutine "))
	var id uint64
	for _, ch := range b {
		if ch < '0' || ch > '9' {
			break
		}
		id = id*10 + uint64(ch-'0')
	}
	return id
}
