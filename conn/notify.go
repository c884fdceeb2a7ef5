package conn

import (
	"runtime"
	"slices"
	"sync"

	"github.com/wsgen/wsgen/fsm"
)

// StateChange is one state change as published to Options.OnState.
type StateChange struct {
	fsm.Change
	// Generation is the connection generation current at the change (it
	// grows by one with every socket that opens).
	Generation uint64
	// Missed counts the changes dropped before this one because the
	// observer was more than Options.StateBuffer changes behind.
	Missed int
}

// NoticeKind says what a Notice reports.
type NoticeKind string

// The notice kinds.
const (
	// NoticeDropped: an inbound event was not delivered. Reason is
	// "duplicate" (its event id was already applied), "stale" (its sequence
	// was already applied or is covered by a snapshot) or "overflow" (too
	// many events held while a snapshot is awaited).
	NoticeDropped NoticeKind = "dropped"
	// NoticeGap: an event skipped sequence numbers on Stream (Expected was
	// due, Seq arrived); a snapshot after Expected-1 was requested.
	NoticeGap NoticeKind = "gap"
	// NoticeSnapshot: a snapshot reply covering Stream up to Seq was applied.
	NoticeSnapshot NoticeKind = "snapshot"
	// NoticeInvalid: a frame failed to decode and was skipped; Err is an
	// *InvalidFrameError.
	NoticeInvalid NoticeKind = "invalid"
	// NoticeHandlerError: the Handler returned Err for the message.
	NoticeHandlerError NoticeKind = "handler_error"
)

// Notice reports what the inbound pipeline did with a frame besides
// delivering it. Fields not relevant to the Kind are zero.
type Notice struct {
	Kind     NoticeKind
	Type     string // message type
	EventID  string
	Stream   string
	Seq      int64
	Expected int64
	Reason   string
	Err      error
}

// inbox runs the Handler's messages, notices and state changes in one
// order on at most one goroutine, started when work arrives and ending when
// the queue is empty, so an idle Client holds no goroutine for it. wg counts
// the goroutine.
//
// The two kinds are bounded apart. Messages and notices count toward
// maxMsgs: the reader waits (full) rather than drop them. State changes
// count toward maxStates and never make anyone wait: beyond it the oldest
// queued change is dropped and the next queued one counts it in Missed.
type inbox struct {
	mu        sync.Mutex
	items     []inItem
	running   bool
	msgs      int // messages and notices in items
	states    int // state changes in items
	maxMsgs   int
	maxStates int
	spaceCh   chan struct{}        // closed when items are taken, if someone waits
	run       func(batch []inItem) // runs on the inbox goroutine
	wg        *sync.WaitGroup
}

// push queues it and starts the goroutine if needed. It never blocks and
// never drops a message or notice (the reader waits for space first).
func (q *inbox) push(it inItem) {
	q.mu.Lock()
	if it.state != nil {
		if q.maxStates > 0 && q.states >= q.maxStates {
			q.dropOldestState(&it)
		}
		q.states++
	} else {
		q.msgs++
	}
	q.items = append(q.items, it)
	if !q.running {
		q.running = true
		q.wg.Add(1)
		go q.loop()
	}
	q.mu.Unlock()
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
	if q.maxMsgs == 0 || q.msgs < q.maxMsgs {
		return false, nil
	}
	if q.spaceCh == nil {
		q.spaceCh = make(chan struct{})
	}
	return true, q.spaceCh
}

// lingerYields is how many times an idle inbox goroutine yields, looking
// for more work, before it ends: on a busy stream the next item is usually
// there by then, which saves starting a goroutine per item.
const lingerYields = 32

func (q *inbox) loop() {
	defer q.wg.Done()
	idle := 0
	for {
		q.mu.Lock()
		batch := q.items
		q.items, q.msgs, q.states = nil, 0, 0
		if len(batch) == 0 {
			if idle < lingerYields {
				q.mu.Unlock()
				idle++
				runtime.Gosched()
				continue
			}
			q.running = false
			q.mu.Unlock()
			return
		}
		idle = 0
		if q.spaceCh != nil {
			close(q.spaceCh)
			q.spaceCh = nil
		}
		q.mu.Unlock()
		q.run(batch)
	}
}

// discard drops every queued message and notice (not the batch being run);
// state changes stay, so the observer still learns how the Client ended.
func (q *inbox) discard() {
	q.mu.Lock()
	q.items = slices.DeleteFunc(q.items, func(x inItem) bool { return x.state == nil })
	q.msgs = 0
	if q.spaceCh != nil {
		close(q.spaceCh)
		q.spaceCh = nil
	}
	q.mu.Unlock()
}
