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
// and they share nothing.
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
