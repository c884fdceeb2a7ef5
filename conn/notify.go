package conn

import (
	"runtime"
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

// serial runs queued work items in order on at most one goroutine, started
// when work arrives and ending when the queue is empty, so an idle Client
// holds no goroutine for it. wg counts the goroutine.
type serial[T any] struct {
	mu      sync.Mutex
	items   []T
	running bool
	max     int // bound on queued items; 0: unbounded (callers bound it)
	missed  int
	spaceCh chan struct{}               // closed when items are taken, if someone waits
	run     func(batch []T, missed int) // missed: items dropped just before batch[0]
	wg      *sync.WaitGroup
}

// push queues v and starts the goroutine if needed. With dropOldest, a full
// queue drops its oldest item (counted by missed); otherwise push never
// drops (the caller waits for space first with waitSpace).
func (s *serial[T]) push(v T, dropOldest bool) {
	s.mu.Lock()
	if dropOldest && s.max > 0 && len(s.items) >= s.max {
		var zero T
		s.items[0] = zero
		s.items = s.items[1:]
		s.missed++
	}
	s.items = append(s.items, v)
	if !s.running {
		s.running = true
		s.wg.Add(1)
		go s.loop()
	}
	s.mu.Unlock()
}

// full reports whether the queue holds max items, and if so a channel
// closed when the consumer takes some.
func (s *serial[T]) full() (bool, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.max == 0 || len(s.items) < s.max {
		return false, nil
	}
	if s.spaceCh == nil {
		s.spaceCh = make(chan struct{})
	}
	return true, s.spaceCh
}

// lingerYields is how many times an idle serial goroutine yields, looking
// for more work, before it ends: on a busy stream the next item is usually
// there by then, which saves starting a goroutine per item.
const lingerYields = 32

func (s *serial[T]) loop() {
	defer s.wg.Done()
	idle := 0
	for {
		s.mu.Lock()
		batch, missed := s.items, s.missed
		s.items, s.missed = nil, 0
		if len(batch) == 0 {
			if idle < lingerYields {
				s.mu.Unlock()
				idle++
				runtime.Gosched()
				continue
			}
			s.running = false
			s.mu.Unlock()
			return
		}
		idle = 0
		if s.spaceCh != nil {
			close(s.spaceCh)
			s.spaceCh = nil
		}
		s.mu.Unlock()
		s.run(batch, missed)
	}
}

// discard drops every queued item (not the batch being run).
func (s *serial[T]) discard() {
	s.mu.Lock()
	s.items = nil
	if s.spaceCh != nil {
		close(s.spaceCh)
		s.spaceCh = nil
	}
	s.mu.Unlock()
}
