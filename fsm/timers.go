package fsm

import "time"

// Timers runs a Machine's three timers (retry, healthy, offline) for a
// driver's single event-loop goroutine. It starts no goroutines: select on
// [Timers.C] for each timer and Handle its [Timer.Event] when it fires.
// Because it relies on Go 1.23+ timer semantics (Stop and Reset discard a
// pending fire), a stopped timer never delivers a stale tick.
type Timers struct {
	t [3]*time.Timer
}

// NewTimers returns three stopped timers.
func NewTimers() *Timers {
	ts := &Timers{}
	for i := range ts.t {
		ts.t[i] = time.NewTimer(time.Hour)
		ts.t[i].Stop()
	}
	return ts
}

// Apply runs a Decision's timer operations in order.
func (ts *Timers) Apply(ops []TimerOp) {
	for _, op := range ops {
		if op.Stop {
			ts.t[op.Timer].Stop()
		} else {
			ts.t[op.Timer].Reset(op.After)
		}
	}
}

// C returns the channel on which timer k fires.
func (ts *Timers) C(k Timer) <-chan time.Time { return ts.t[k].C }

// Stop stops all three timers.
func (ts *Timers) Stop() {
	for _, t := range ts.t {
		t.Stop()
	}
}
