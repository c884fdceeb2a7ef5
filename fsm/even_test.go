package fsm

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestEvenDropKeepsRun: with JitterEven, a socket that ends before its
// healthy period does not restart the run. Its next dial falls exactly
// where it would have if the dial that opened the socket had failed (a
// twin machine with the same random source checks it); if that instant has
// passed, or the socket was healthy, a new run begins.
func TestEvenDropKeepsRun(t *testing.T) {
	for _, tt := range []struct {
		name    string
		failed  int           // failed dials before the one that opens the socket
		lived   time.Duration // how long the socket lived
		healthy bool          // the healthy timer fired before the drop
		check   func(got, twin time.Duration) bool
		want    string
	}{
		{"at the cap, dropped after 3 s", 9, 3 * time.Second, false,
			func(got, twin time.Duration) bool { return got+3*time.Second == twin }, "twin - 3s"},
		{"below the cap, dropped at once", 2, 0, false,
			func(got, twin time.Duration) bool { return got == twin }, "twin"},
		{"at the cap, the run's next dial already passed", 9, 40 * time.Second, false,
			func(got, _ time.Duration) bool { return got >= 0 && got <= 35*time.Second }, "a new run's first capped delay, [0, 35s]"},
		{"healthy: the counter resets", 9, 50 * time.Second, true,
			func(got, _ time.Duration) bool { return got >= 0 && got < time.Second }, "a new run from attempt 1, [0, 1s)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var now time.Time
			newM := func() *Machine {
				now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
				return New(&Options{HealthyAfter: 45 * time.Second, OfflineAfter: -1,
					Rand: rand.New(rand.NewPCG(11, 12)), Now: func() time.Time { return now }})
			}
			step := func(m *Machine, e Event) Decision {
				d, err := m.Handle(Input{Event: e})
				if err != nil {
					t.Fatalf("%s: %v", e, err)
				}
				return d
			}
			path := func(m *Machine) {
				step(m, EventStart)
				for range tt.failed {
					d := step(m, EventDialFailed)
					now = now.Add(d.RetryIn)
					step(m, EventRetryTimer)
				}
			}
			twin := newM()
			path(twin)
			want := step(twin, EventDialFailed).RetryIn

			m := newM()
			path(m)
			step(m, EventDialed)
			now = now.Add(tt.lived)
			if tt.healthy {
				step(m, EventHealthyTimer)
			}
			got := step(m, EventDropped).RetryIn
			if !tt.check(got, want) {
				t.Errorf("retry in %v after a socket that lived %v (twin: %v), want %s", got, tt.lived, want, tt.want)
			}
		})
	}
}
