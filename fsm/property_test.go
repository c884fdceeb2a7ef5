package fsm

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// world is a model driver: it tracks what is really in flight and only
// reports outcomes that can happen, plus chaos events that must be refused
// or absorbed.
type world struct {
	m        *Machine
	dials    int // dials in flight
	refresh  int // refreshes in flight
	sockets  int // open sockets whose end is not reported
	asked    int // sockets the machine asked to close
	armed    [3]bool
	terminal bool
	rules    []CloseRule
	cap      time.Duration
	maxDelay time.Duration // the strategy's longest delay
}

func (w *world) handle(t *rapid.T, in Input) (Decision, error) {
	from := w.m.State()
	attempt := w.m.Attempt()
	wasArmed := w.armed
	d, err := w.m.Handle(in)
	if err == nil && w.m.row.From != "" {
		if msg := looplabAgrees(from, w.m.row, d, w.m.armed[TimerHealthy]); msg != "" {
			t.Fatalf("%s in %s: %s", in.Event, from, msg)
		}
	}
	for _, k := range []Timer{TimerRetry, TimerHealthy, TimerOffline} {
		if in.Event == k.Event() {
			w.armed[k] = false // it fired
		}
	}

	// No decision after closed or failed.
	if w.terminal {
		if !errors.Is(err, ErrTerminal) || summary(d) != "" || d.Change != nil {
			t.Fatalf("after %s, Handle(%s) = %+v, %v; want ErrTerminal and nothing to do", from, in.Event, d, err)
		}
		return d, err
	}
	if err != nil {
		if summary(d) != "" || d.Change != nil || w.m.State() != from || w.m.Attempt() != attempt {
			t.Fatalf("refused %s in %s still acted: %+v", in.Event, from, d)
		}
		return d, err
	}
	// Exactly one record per change.
	if (d.To != from) != (d.Change != nil) {
		t.Fatalf("%s -> %s on %s: Change = %+v", from, d.To, in.Event, d.Change)
	}
	// The attempt counter resets only after a healthy period.
	if a := w.m.Attempt(); a < attempt && !(in.Event == EventHealthyTimer && from == StateLive && wasArmed[TimerHealthy] && a == 0) {
		t.Fatalf("attempt went %d -> %d on %s in %s", attempt, a, in.Event, from)
	}
	// Delay never above the cap plus the protocol's minimum for this event.
	var extra time.Duration // the server's hint: a minimum
	switch {
	case in.Event == EventServerClosed:
		extra = LookupCloseRule(w.rules, in.Code).MinDelay
	case in.Event == EventDialFailed && (in.HTTPStatus == 429 || in.HTTPStatus == 503):
		extra = min(in.RetryAfter, 5*time.Minute)
	}
	for _, op := range d.Timers {
		if op.Timer == TimerRetry && !op.Stop && (op.After > w.maxDelay+extra || op.After < 0 || (d.Change != nil && op.After < extra)) {
			t.Fatalf("retry in %v on %s (cap %v, minimum %v)", op.After, in.Event, w.cap, extra)
		}
		w.armed[op.Timer] = !op.Stop
	}
	if d.CancelDial && w.dials == 0 {
		t.Fatalf("CancelDial with no dial in flight")
	}
	if d.CloseSocket {
		w.asked = min(w.asked+1, w.sockets)
	}
	if d.Refresh {
		w.refresh++
	}
	if d.Dial {
		w.dials++
	}
	// Never two dials in flight.
	if w.dials > 1 {
		t.Fatalf("two dials in flight after %s in %s", in.Event, from)
	}
	if w.refresh > 1 {
		t.Fatalf("two refreshes in flight after %s in %s", in.Event, from)
	}
	if d.Stop {
		if !d.To.Terminal() {
			t.Fatalf("Stop in %s", d.To)
		}
		w.terminal = true
		return d, nil
	}
	// Liveness: a waiting state always has something pending.
	s := w.m.State()
	pending := w.dials > 0 || w.refresh > 0 || w.armed[TimerRetry]
	switch s {
	case StateConnecting, StateRetrying, StateRefreshing, StateOffline:
		if !pending {
			t.Fatalf("stuck in %s after %s: nothing in flight, no retry timer", s, in.Event)
		}
	case StateClosing:
		if w.dials == 0 && w.sockets == 0 {
			t.Fatalf("stuck in closing after %s", in.Event)
		}
	case StateLive:
		if !w.armed[TimerHealthy] && in.Event != EventHealthyTimer && from != StateLive {
			t.Fatalf("live without the healthy timer")
		}
	}
	return d, nil
}

func TestProperties(t *testing.T) {
	protocol := []CloseRule{
		{Code: 4001, Name: "slow down", Action: CloseReconnect, MinDelay: 20 * time.Second},
		{Code: 4002, Name: "banned", Action: CloseStop},
		{Code: 4003, Name: "token expired", Action: CloseRefreshAuth},
	}
	rules, err := MergeCloseRules(DefaultCloseRules(), protocol)
	if err != nil {
		t.Fatal(err)
	}
	codes := []int{1000, 1001, 1002, 1005, 1006, 1008, 1011, 1012, 1013, 3000, 3003, 4001, 4002, 4003, 4500, 2999}
	statuses := []int{0, 0, 0, 401, 403, 404, 429, 503}
	rapid.Check(t, func(t *rapid.T) {
		b := Backoff{Jitter: Jitter(rapid.IntRange(0, len(Jitters())-1).Draw(t, "jitter"))}
		w := &world{rules: rules, cap: DefaultBackoff().Cap, maxDelay: b.MaxDelay()}
		w.m = New(&Options{
			Backoff:    &b,
			CloseRules: rules,
			Rand:       rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 1)),
		})
		n := rapid.IntRange(1, 150).Draw(t, "steps")
		for range n {
			switch rapid.IntRange(0, 11).Draw(t, "action") {
			case 0:
				w.handle(t, Input{Event: EventStart})
			case 1: // a dial completes
				if w.dials == 0 {
					continue
				}
				in := Input{Event: EventDialed}
				if rapid.Bool().Draw(t, "dial fails") {
					in = Input{Event: EventDialFailed, HTTPStatus: rapid.SampledFrom(statuses).Draw(t, "status"),
						RetryAfter: time.Duration(rapid.IntRange(0, 7200).Draw(t, "retry-after")) * time.Second}
				}
				if _, err := w.handle(t, in); err == nil {
					w.dials--
					if in.Event == EventDialed {
						w.sockets++
					}
				} else if !w.terminal {
					t.Fatalf("dial outcome refused: %v", err)
				}
			case 2: // a refresh completes
				if w.refresh == 0 {
					continue
				}
				in := Input{Event: EventTokenRefreshed}
				if rapid.Bool().Draw(t, "refresh fails") {
					in = Input{Event: EventRefreshFailed, Permanent: rapid.IntRange(0, 4).Draw(t, "permanent") == 0}
				}
				if _, err := w.handle(t, in); err == nil {
					w.refresh--
				} else if !w.terminal {
					t.Fatalf("refresh outcome refused: %v", err)
				}
			case 3, 4: // a socket ends
				if w.sockets == 0 {
					continue
				}
				kinds := []Event{EventDropped, EventServerClosed}
				if w.asked > 0 {
					kinds = append(kinds, EventClosed)
				}
				in := Input{Event: rapid.SampledFrom(kinds).Draw(t, "end"), Code: rapid.SampledFrom(codes).Draw(t, "code"), Reason: "r"}
				if _, err := w.handle(t, in); err == nil {
					w.sockets--
					w.asked = max(0, w.asked-1)
				} else if !w.terminal && !(in.Event == EventClosed && w.m.State() == StateLive) {
					t.Fatalf("socket end refused: %v", err)
				}
			case 5:
				if w.sockets > 0 {
					w.handle(t, Input{Event: EventAuthRejected, Permanent: rapid.IntRange(0, 4).Draw(t, "permanent") == 0})
				}
			case 6, 7: // an armed timer fires
				k := Timer(rapid.IntRange(0, 2).Draw(t, "timer"))
				if !w.armed[k] {
					continue
				}
				w.handle(t, Input{Event: k.Event()})
			case 8: // a stale timer fire is absorbed
				k := Timer(rapid.IntRange(0, 2).Draw(t, "stale timer"))
				if w.armed[k] || w.terminal {
					continue
				}
				s := w.m.State()
				d, err := w.handle(t, Input{Event: k.Event()})
				if err != nil || d.To != s || summary(d) != "" {
					t.Fatalf("stale %s timer in %s: %+v, %v", k, s, d, err)
				}
			case 9:
				w.handle(t, Input{Event: rapid.SampledFrom([]Event{EventNetworkDown, EventNetworkUp}).Draw(t, "net")})
			case 10:
				if rapid.IntRange(0, 3).Draw(t, "close?") == 0 {
					w.handle(t, Input{Event: EventCloseRequested})
				}
			case 11: // chaos: an outcome with nothing in flight is refused
				var in Input
				switch {
				case w.dials == 0 && rapid.Bool().Draw(t, "chaos dial"):
					in = Input{Event: rapid.SampledFrom([]Event{EventDialed, EventDialFailed}).Draw(t, "ev")}
				case w.refresh == 0 && rapid.Bool().Draw(t, "chaos refresh"):
					in = Input{Event: rapid.SampledFrom([]Event{EventTokenRefreshed, EventRefreshFailed}).Draw(t, "ev")}
				case w.sockets == 0:
					in = Input{Event: rapid.SampledFrom([]Event{EventDropped, EventServerClosed, EventClosed, EventAuthRejected}).Draw(t, "ev")}
				default:
					continue
				}
				if _, err := w.handle(t, in); err == nil {
					t.Fatalf("%s with nothing in flight accepted in %s", in.Event, w.m.State())
				}
			}
		}
	})
}
