package conn

import (
	"sync"
	"testing"

	"github.com/wsgen/wsgen/fsm"
)

// TestInboxBounds: while the consumer is held, messages are all kept (the
// reader waits for space instead), state changes beyond maxStates drop
// the oldest, and the next delivered change counts what was dropped; the
// order of what is delivered is the order pushed.
func TestInboxBounds(t *testing.T) {
	var wg sync.WaitGroup
	hold, taken := make(chan struct{}), make(chan struct{})
	var got []inItem
	q := &inbox{maxMsgs: 100, maxStates: 2, wg: &wg}
	first := true
	q.run = func(batch []inItem) {
		if first {
			first = false
			close(taken)
			<-hold
		}
		got = append(got, batch...)
	}
	st := func(to fsm.State) inItem { return inItem{state: &StateChange{Change: fsm.Change{To: to}}} }
	msg := func() inItem { return inItem{notice: &Notice{Kind: NoticeGap}} }
	q.push(st(fsm.StateConnecting)) // taken at once: the consumer holds it
	<-taken
	for _, it := range []inItem{st(fsm.StateLive), msg(), st(fsm.StateRetrying), msg(), st(fsm.StateConnecting), st(fsm.StateLive), msg()} {
		q.push(it)
	}
	if full, _ := q.full(); full {
		t.Errorf("full with 3 of 100 messages")
	}
	close(hold)
	wg.Wait()
	var trace []string
	for _, it := range got {
		if it.state != nil {
			trace = append(trace, string(it.state.To)+"/"+string(rune('0'+it.state.Missed)))
		} else {
			trace = append(trace, "msg")
		}
	}
	want := []string{"connecting/0", "msg", "msg", "connecting/2", "live/0", "msg"}
	if len(trace) != len(want) {
		t.Fatalf("delivered %q, want %q", trace, want)
	}
	for i := range want {
		if trace[i] != want[i] {
			t.Fatalf("delivered %q, want %q", trace, want)
		}
	}
}
