package fsm

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// cycle is a reconnect cycle that goes through live (enter and leave
// callbacks) and ends closed (enter_closed callback).
var cycle = []Event{
	EventStart, EventDialed, EventHealthyTimer, EventDropped, EventRetryTimer,
	EventDialFailed, EventRetryTimer, EventDialed, EventNetworkDown,
	EventClosed, EventNetworkUp, EventDialed, EventCloseRequested, EventClosed,
}

// runCycle feeds cycle to a fresh seeded machine and returns a record of
// every state, decision and error.
func runCycle(seed uint64) []string {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	m := New(&Options{Rand: rand.New(rand.NewPCG(seed, seed)), Now: func() time.Time { return at }})
	var out []string
	for _, e := range cycle {
		d, err := m.Handle(Input{Event: e})
		var c Change
		if d.Change != nil {
			c = *d.Change
			c.At = time.Time{} // wall clock
		}
		d.Change = nil
		out = append(out, fmt.Sprintf("%s %s %+v %+v %v", e, m.State(), d, c, err))
	}
	return out
}

// TestConcurrentMachines runs many machines on their own goroutines at once
// (run with -race): each must follow exactly the path it follows alone,
// although they all share one looplab/fsm engine.
func TestConcurrentMachines(t *testing.T) {
	const n = 64
	want := make([][]string, n)
	for i := range n {
		want[i] = runCycle(uint64(i))
	}
	if got := want[0][len(want[0])-1]; got[:len("closed closed")] != "closed closed" {
		t.Fatalf("cycle does not end closed: %s", got)
	}
	got := make([][]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			var last []string
			for range 20 {
				last = runCycle(uint64(i))
			}
			got[i] = last
		})
	}
	wg.Wait()
	for i := range n {
		if d := cmp.Diff(want[i], got[i]); d != "" {
			t.Errorf("machine %d differs when run concurrently (-alone +concurrent):\n%s", i, d)
		}
	}
}

// TestEngineSurvivesPanic proves that a callback panicking mid-event (a
// bug) does not leave the shared engine in transition for every other
// Machine.
func TestEngineSurvivesPanic(t *testing.T) {
	m := New(nil)
	m.Handle(Input{Event: EventStart})
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("no panic")
			}
		}()
		m.d = nil // leave_live's stopTimer then panics inside the engine
		m.armed[TimerHealthy] = true
		m.state = StateLive
		m.run(eventKey(EventDropped, GuardNone))
	}()
	if engineMu.TryLock() {
		engineMu.Unlock()
	} else {
		t.Fatal("engine mutex still held after a panic")
	}
	o := New(nil)
	for _, e := range []Event{EventStart, EventDialed, EventDropped} {
		if _, err := o.Handle(Input{Event: e}); err != nil {
			t.Fatalf("%s after a panic: %v", e, err)
		}
	}
	if o.State() != StateRetrying {
		t.Fatalf("state %s, want retrying", o.State())
	}
}
