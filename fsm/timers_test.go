package fsm

import (
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// script says whether dial n (1-based) succeeds and how long its socket lives.
type script func(n int) (ok bool, lifetime time.Duration)

// runDriver is a minimal driver on Timers in synctest's virtual time: it
// dials by the script, drops each socket when its lifetime ends, and traces
// every dial and state change until end.
func runDriver(t *testing.T, opts *Options, sc script, end time.Duration, at map[time.Duration]Input) []string {
	var trace []string
	synctest.Test(t, func(t *testing.T) {
		t0 := time.Now()
		m := New(opts)
		ts := NewTimers()
		defer ts.Stop()
		stopAt := time.NewTimer(end)
		defer stopAt.Stop()
		life := time.NewTimer(time.Hour)
		life.Stop()
		var queue []Input
		dials := 0
		feed := func(in Input) {
			d, err := m.Handle(in)
			if err != nil {
				t.Fatalf("Handle(%s) in %s: %v", in.Event, m.State(), err)
			}
			now := time.Since(t0)
			if d.Change != nil {
				trace = append(trace, fmt.Sprintf("%v %s->%s attempt=%d retry=%v", now, d.Change.From, d.Change.To, d.Change.Attempt, d.RetryIn))
			}
			ts.Apply(d.Timers)
			if d.CloseSocket {
				life.Stop()
				queue = append(queue, Input{Event: EventClosed})
			}
			if d.Dial {
				dials++
				trace = append(trace, fmt.Sprintf("%v dial %d", now, dials))
				ok, lifetime := sc(dials)
				if ok {
					queue = append(queue, Input{Event: EventDialed})
					life.Reset(lifetime)
				} else {
					queue = append(queue, Input{Event: EventDialFailed})
				}
			}
		}
		// Scheduled external inputs (network reports) on their own timers.
		ext := make(chan Input, len(at))
		for d, in := range at {
			time.AfterFunc(d, func() { ext <- in })
		}
		feed(Input{Event: EventStart})
		for {
			if len(queue) > 0 {
				in := queue[0]
				queue = queue[1:]
				feed(in)
				continue
			}
			select {
			case <-ts.C(TimerRetry):
				feed(Input{Event: EventRetryTimer})
			case <-ts.C(TimerHealthy):
				feed(Input{Event: EventHealthyTimer})
				trace = append(trace, fmt.Sprintf("%v healthy attempt=%d", time.Since(t0), m.Attempt()))
			case <-ts.C(TimerOffline):
				feed(Input{Event: EventOfflineTimer})
			case <-life.C:
				feed(Input{Event: EventDropped})
			case in := <-ext:
				feed(in)
			case <-stopAt.C:
				synctest.Wait()
				return
			}
		}
	})
	return trace
}

func TestTimersSynctest(t *testing.T) {
	noJitter := func() *Options { return &Options{Backoff: &Backoff{Jitter: JitterNone}} }
	for _, tt := range []struct {
		name string
		sc   script
		end  time.Duration
		at   map[time.Duration]Input
		want []string
	}{
		{
			name: "a flapping socket keeps backing off",
			sc:   func(int) (bool, time.Duration) { return true, 2 * time.Second },
			end:  14 * time.Second,
			want: []string{
				"0s idle->connecting attempt=0 retry=0s", "0s dial 1", "0s connecting->live attempt=0 retry=0s",
				"2s live->retrying attempt=1 retry=1s", "3s retrying->connecting attempt=1 retry=0s", "3s dial 2", "3s connecting->live attempt=1 retry=0s",
				"5s live->retrying attempt=2 retry=2s", "7s retrying->connecting attempt=2 retry=0s", "7s dial 3", "7s connecting->live attempt=2 retry=0s",
				"9s live->retrying attempt=3 retry=4s", "13s retrying->connecting attempt=3 retry=0s", "13s dial 4", "13s connecting->live attempt=3 retry=0s",
			},
		},
		{
			name: "a healthy period resets the attempt counter",
			sc: func(n int) (bool, time.Duration) {
				if n == 2 {
					return true, 12 * time.Second
				}
				return true, 2 * time.Second
			},
			end: 17 * time.Second,
			want: []string{
				"0s idle->connecting attempt=0 retry=0s", "0s dial 1", "0s connecting->live attempt=0 retry=0s",
				"2s live->retrying attempt=1 retry=1s", "3s retrying->connecting attempt=1 retry=0s", "3s dial 2", "3s connecting->live attempt=1 retry=0s",
				"13s healthy attempt=0",
				"15s live->retrying attempt=1 retry=1s", "16s retrying->connecting attempt=1 retry=0s", "16s dial 3", "16s connecting->live attempt=1 retry=0s",
			},
		},
		{
			name: "an outage reports offline after 2 minutes, retries go on at the cap",
			sc:   func(int) (bool, time.Duration) { return false, 0 },
			end:  152 * time.Second,
			want: []string{
				"0s idle->connecting attempt=0 retry=0s", "0s dial 1", "0s connecting->retrying attempt=1 retry=1s",
				"1s retrying->connecting attempt=1 retry=0s", "1s dial 2", "1s connecting->retrying attempt=2 retry=2s",
				"3s retrying->connecting attempt=2 retry=0s", "3s dial 3", "3s connecting->retrying attempt=3 retry=4s",
				"7s retrying->connecting attempt=3 retry=0s", "7s dial 4", "7s connecting->retrying attempt=4 retry=8s",
				"15s retrying->connecting attempt=4 retry=0s", "15s dial 5", "15s connecting->retrying attempt=5 retry=16s",
				"31s retrying->connecting attempt=5 retry=0s", "31s dial 6", "31s connecting->retrying attempt=6 retry=30s",
				"1m1s retrying->connecting attempt=6 retry=0s", "1m1s dial 7", "1m1s connecting->retrying attempt=7 retry=30s",
				"1m31s retrying->connecting attempt=7 retry=0s", "1m31s dial 8", "1m31s connecting->retrying attempt=8 retry=30s",
				"2m0s retrying->offline attempt=8 retry=0s",
				"2m1s dial 9", "2m31s dial 10",
			},
		},
		{
			name: "network down goes offline at once, network up dials at once",
			sc: func(n int) (bool, time.Duration) {
				return n != 2, time.Hour
			},
			at: map[time.Duration]Input{
				5 * time.Second:  {Event: EventNetworkDown},
				40 * time.Second: {Event: EventNetworkUp},
			},
			end: 41 * time.Second,
			want: []string{
				"0s idle->connecting attempt=0 retry=0s", "0s dial 1", "0s connecting->live attempt=0 retry=0s",
				"5s live->offline attempt=1 retry=30s",
				"35s dial 2",
				"40s offline->connecting attempt=2 retry=0s", "40s dial 3", "40s connecting->live attempt=2 retry=0s",
			},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := runDriver(t, noJitter(), tt.sc, tt.end, tt.at)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("trace (-want +got):\n%s", diff)
			}
		})
	}
}
