package fsm

import "testing"

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

// BenchmarkNew measures building a machine (the looplab/fsm engine is
// shared and built once, so none of its maps are counted).
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		New(nil)
	}
}
