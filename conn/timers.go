package conn

import (
	"time"

	"github.com/wsgen/wsgen/fsm"
)

// Timers: the state machine's timers (retry, healthy, offline) are
// time.AfterFunc timers that post their event to the owner. Each arming has
// a sequence number carried by its event, so an event from a timer stopped
// or re-armed meanwhile is recognised and ignored (Stop cannot recall an
// AfterFunc that has already fired). The heartbeat's timers are in
// heartbeat.go, the close handshake's in close.go.

func (c *Client) startTimer(t fsm.Timer, after time.Duration) {
	o := &c.own
	if o.timers[t] != nil {
		o.timers[t].Stop()
	}
	o.timerSeq[t]++
	seq := o.timerSeq[t]
	o.timers[t] = time.AfterFunc(after, func() { c.post(event{kind: evTimer, timer: t, seq: seq}) })
}

func (c *Client) stopTimer(t fsm.Timer) {
	o := &c.own
	if o.timers[t] != nil {
		o.timers[t].Stop()
		o.timers[t] = nil
	}
	o.timerSeq[t]++
}
