package fsm

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestHintsDoNotSynchronise gives 10,000 machines the same server hint at
// the same instant and checks that each waits at least the hint and that
// together they return spread evenly over a window as long as the hint
// (at least the attempt's ceiling, at most the cap): no 1 s bucket holds
// more than 1.25 times clients/window and no two dials share an instant.
func TestHintsDoNotSynchronise(t *testing.T) {
	const clients = 10000
	rules := append(DefaultCloseRules(), CloseRule{Code: 4029, Name: "slow down", Action: CloseReconnect, MinDelay: 20 * time.Second})
	for _, tt := range []struct {
		name   string
		failed int // failed dials before the live socket (0: healthy)
		in     Input
		hint   time.Duration
		window time.Duration
	}{
		{"1013 to healthy clients", 0, Input{Event: EventServerClosed, Code: 1013}, TryAgainDelay, TryAgainDelay},
		{"app code with a 20 s minimum", 0, Input{Event: EventServerClosed, Code: 4029}, 20 * time.Second, 20 * time.Second},
		{"503 Retry-After 60 s at the cap", 8, Input{Event: EventDialFailed, HTTPStatus: 503, RetryAfter: time.Minute}, time.Minute, 30 * time.Second},
		{"429 Retry-After 2 s on the first dial", 0, Input{Event: EventDialFailed, HTTPStatus: 429, RetryAfter: 2 * time.Second}, 2 * time.Second, 2 * time.Second},
	} {
		t.Run(tt.name, func(t *testing.T) {
			at := map[time.Duration]int{}
			buckets := map[time.Duration]int{}
			for c := range clients {
				now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
				m := New(&Options{CloseRules: rules, OfflineAfter: -1, Rand: rand.New(rand.NewPCG(5, uint64(c))), Now: func() time.Time { return now }})
				must := func(in Input) Decision {
					d, err := m.Handle(in)
					if err != nil {
						t.Fatalf("%s: %v", in.Event, err)
					}
					return d
				}
				must(Input{Event: EventStart})
				for range tt.failed {
					d := must(Input{Event: EventDialFailed})
					now = now.Add(d.RetryIn)
					must(Input{Event: EventRetryTimer})
				}
				if tt.in.Event == EventServerClosed {
					must(Input{Event: EventDialed})
					if tt.failed == 0 {
						must(Input{Event: EventHealthyTimer})
					}
				}
				d := must(tt.in)
				if d.RetryIn < tt.hint {
					t.Fatalf("client %d: retry in %v, want at least the hint %v", c, d.RetryIn, tt.hint)
				}
				at[d.RetryIn]++
				buckets[(d.RetryIn-tt.hint)/time.Second]++
			}
			peak, same := 0, 0
			for _, n := range buckets {
				peak = max(peak, n)
			}
			for _, n := range at {
				same = max(same, n)
			}
			even := float64(clients) / tt.window.Seconds()
			if float64(peak) > 1.25*even || same > 1 {
				t.Errorf("peak %d per s (even over %v: %.0f), %d at one instant", peak, tt.window, even, same)
			}
		})
	}
}
