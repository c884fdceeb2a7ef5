package conn

import (
	"sync"
	"sync/atomic"
	"time"
)

// serial is the one way this package runs work off the caller's goroutine.
//
// The goroutine-ownership rule: each piece of mutable state that is not
// guarded by a mutex (the owner's fsm.Machine and timers, the socket being
// written, the Handler's calls) belongs to one serial, and only that serial's
// drain function touches it. A producer records the work (under its own
// lock: an event queue, the send queue, the inbox) and calls kick. kick
// starts a goroutine running drain when none runs, so at most one goroutine
// runs drain at a time, and none runs while there is nothing to do: an idle
// Client holds no goroutine for its owner, its writer or its deliveries.
//
// drain takes whatever work it finds and returns when there is none left.
// A kick that comes while drain runs makes it run once more before the
// goroutine ends, so work recorded before a kick is always drained, and
// drained in the order the producers recorded it.
//
// With linger > 0 the goroutine waits that long for a kick before it ends
// (blocked on a channel, never spinning): on a busy stream the next piece
// of work usually comes sooner, and starting a goroutine per frame costs
// more than the frame (BenchmarkReceive: 5–10 µs per frame with a linger,
// 27 µs without).
type serial struct {
	state  atomic.Uint32
	drain  func()
	wg     *sync.WaitGroup // counts the goroutine; nil: not counted
	linger time.Duration
	wake   chan struct{} // with linger: a kick's signal, buffered 1
	timer  *time.Timer   // with linger: used by the goroutine only
	start  func()        // nil, or run first on each new goroutine
}

const (
	serialIdle    = iota // no goroutine
	serialRunning        // a goroutine runs drain
	serialAgain          // it runs drain, and must run it once more
)

// kick makes sure drain runs after this call. It never blocks.
func (s *serial) kick() {
	for {
		switch s.state.Load() {
		case serialIdle:
			if s.state.CompareAndSwap(serialIdle, serialRunning) {
				if s.wg != nil {
					s.wg.Add(1)
				}
				go s.loop()
				return
			}
		case serialRunning:
			if s.state.CompareAndSwap(serialRunning, serialAgain) {
				if s.wake != nil {
					select {
					case s.wake <- struct{}{}:
					default:
					}
				}
				return
			}
		default: // serialAgain: drain runs again anyway
			return
		}
	}
}

func (s *serial) loop() {
	if s.wg != nil {
		defer s.wg.Done()
	}
	if s.start != nil {
		s.start()
	}
	for {
		s.drain()
		if s.state.CompareAndSwap(serialAgain, serialRunning) {
			continue // kicked while draining
		}
		if s.linger > 0 && s.waitKick() {
			s.state.CompareAndSwap(serialAgain, serialRunning)
			continue
		}
		if s.state.CompareAndSwap(serialRunning, serialIdle) {
			return
		}
		s.state.Store(serialRunning) // was serialAgain
	}
}

// waitKick waits at most linger for a kick and reports whether one came (or
// a stale signal of an earlier kick: then drain finds nothing, harmlessly).
func (s *serial) waitKick() bool {
	if s.timer == nil {
		s.timer = time.NewTimer(s.linger)
	} else {
		s.timer.Reset(s.linger)
	}
	select {
	case <-s.wake:
		s.timer.Stop()
		return true
	case <-s.timer.C:
		return false
	}
}

// running reports whether a goroutine runs (or is about to run) drain.
func (s *serial) running() bool { return s.state.Load() != serialIdle }
