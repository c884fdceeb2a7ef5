package fsm

import (
	"context"
	"testing"

	lfsm "github.com/looplab/fsm"
)

// BenchmarkHandle measures one reconnect cycle: dropped, retry timer, dial
// succeeded (three Handle calls).
func BenchmarkHandle(b *testing.B) {
	m := New(&Options{Backoff: &Backoff{Jitter: JitterFull}})
	m.Handle(Input{Event: EventStart})
	m.Handle(Input{Event: EventDialed})
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range []Event{EventDropped, EventRetryTimer, EventDialed} {
			if _, err := m.Handle(Input{Event: e}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkNew measures building a machine: its bytes are a Machine's
// whole cost (it holds no engine, only its state and its copy of the
// close rules).
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		New(nil)
	}
}

// BenchmarkHandleParallel runs the reconnect cycle of BenchmarkHandle on
// many Machines at once, each goroutine of b.RunParallel cycling through
// its own 64 (run at -cpu 1,2: Machines share no lock on the event path,
// so ns/op at 2 should be about half that at 1).
func BenchmarkHandleParallel(b *testing.B) {
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		ms := make([]*Machine, 64)
		for i := range ms {
			ms[i] = New(&Options{Backoff: &Backoff{Jitter: JitterFull}})
			ms[i].Handle(Input{Event: EventStart})
			ms[i].Handle(Input{Event: EventDialed})
		}
		i := 0
		for pb.Next() {
			m := ms[i%len(ms)]
			i++
			for _, e := range []Event{EventDropped, EventRetryTimer, EventDialed} {
				if _, err := m.Handle(Input{Event: e}); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// BenchmarkLooplabEngine measures one looplab/fsm engine built from the
// table with the four callbacks the Machine once registered: what each
// Machine would add if it owned its engine instead of applying the table
// itself (see the package doc, "The machine and looplab/fsm").
func BenchmarkLooplabEngine(b *testing.B) {
	noop := func(context.Context, *lfsm.Event) {}
	b.ReportAllocs()
	for b.Loop() {
		lfsm.NewFSM(string(StateIdle), looplabEvents(), lfsm.Callbacks{
			"enter_live": noop, "leave_live": noop, "enter_closed": noop, "enter_failed": noop,
		})
	}
}
