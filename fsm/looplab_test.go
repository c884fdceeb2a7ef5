package fsm

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	lfsm "github.com/looplab/fsm"
)

// looplab/fsm is the reference engine of the tests: the transition table,
// converted to looplab events (one per row, named eventKey(event, guard)),
// runs in an independent implementation of "from this state, this event
// goes to that state, leaving and entering states on the way". Every
// transition the Machine makes in the property test is replayed on it
// (looplabAgrees), and TestLooplabAgrees replays every row.

// eventKey is the looplab/fsm event name of an (event, guard) pair.
func eventKey(e Event, g Guard) string {
	if g == GuardNone {
		return string(e)
	}
	return string(e) + "/" + strings.ReplaceAll(string(g), " ", "_")
}

func looplabEvents() lfsm.Events {
	evs := make(lfsm.Events, 0, len(transitions))
	for _, t := range transitions {
		evs = append(evs, lfsm.EventDesc{Name: eventKey(t.Event, t.Guard), Src: []string{string(t.From)}, Dst: string(t.To)})
	}
	return evs
}

// oracle is one looplab engine and what its callbacks saw during one event.
type oracle struct {
	mu            sync.Mutex
	f             *lfsm.FSM
	left, entered string
}

var theOracle = func() *oracle {
	o := &oracle{}
	o.f = lfsm.NewFSM(string(StateIdle), looplabEvents(), lfsm.Callbacks{
		"leave_state": func(_ context.Context, e *lfsm.Event) { o.left = e.Src },
		"enter_state": func(_ context.Context, e *lfsm.Event) { o.entered = e.Dst },
	})
	return o
}()

// looplabAgrees replays the row the Machine applied from state from on
// looplab and compares: the state reached, whether states were left and
// entered (a self-loop does neither), and the healthy timer, which the
// Machine starts on entering live and stops on leaving it.
func looplabAgrees(from State, row Transition, d Decision, healthyArmed bool) string {
	o := theOracle
	o.mu.Lock()
	defer o.mu.Unlock()
	o.f.SetState(string(from))
	o.left, o.entered = "", ""
	err := o.f.Event(context.Background(), eventKey(row.Event, row.Guard))
	var nt lfsm.NoTransitionError
	switch {
	case err != nil && !errors.As(err, &nt):
		return fmt.Sprintf("looplab refused %s: %v", eventKey(row.Event, row.Guard), err)
	case State(o.f.Current()) != d.To:
		return fmt.Sprintf("machine went to %s, looplab to %s", d.To, o.f.Current())
	case (err == nil) != (row.From != row.To):
		return fmt.Sprintf("self-loop disagreement: looplab err %v for %s -> %s", err, row.From, row.To)
	}
	started := false
	for _, op := range d.Timers {
		if op.Timer == TimerHealthy {
			started = !op.Stop
		}
	}
	if o.entered == string(StateLive) && !(started && healthyArmed) {
		return "looplab entered live, the machine did not start the healthy timer"
	}
	if o.left == string(StateLive) && healthyArmed {
		return "looplab left live, the machine's healthy timer still runs"
	}
	return ""
}

// TestLooplabAgrees replays every row of the table on looplab.
func TestLooplabAgrees(t *testing.T) {
	for _, r := range transitions {
		d := Decision{To: r.To}
		armed := false
		if r.From != r.To && r.To == StateLive {
			d.Timers, armed = []TimerOp{{Timer: TimerHealthy, After: 10}}, true
		}
		if msg := looplabAgrees(r.From, r, d, armed); msg != "" {
			t.Errorf("row %+v: %s", r, msg)
		}
	}
}
