package fsm_test

import (
	"fmt"

	"github.com/wsgen/wsgen/fsm"
)

// run feeds events to m and prints each state change and what to do.
func run(m *fsm.Machine, ins ...fsm.Input) {
	for _, in := range ins {
		d, err := m.Handle(in)
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		line := fmt.Sprintf("%-15s", in.Event)
		if c := d.Change; c != nil {
			line += fmt.Sprintf(" %s -> %s (%s) attempt=%d", c.From, c.To, c.Reason, c.Attempt)
		} else {
			line += fmt.Sprintf(" stays %s attempt=%d", d.To, m.Attempt())
		}
		switch {
		case d.Dial:
			line += " => dial"
		case d.Refresh:
			line += " => refresh token"
		case d.RetryIn > 0:
			line += fmt.Sprintf(" => retry in %v", d.RetryIn)
		}
		fmt.Println(line)
	}
}

func ev(e fsm.Event) fsm.Input { return fsm.Input{Event: e} }

func newMachine() *fsm.Machine {
	return fsm.New(&fsm.Options{Backoff: &fsm.Backoff{Jitter: fsm.JitterNone}})
}

// A connection drops, one dial fails, the next succeeds.
func Example_reconnect() {
	m := newMachine()
	run(m,
		ev(fsm.EventStart),
		ev(fsm.EventDialed),
		fsm.Input{Event: fsm.EventServerClosed, Code: 1012, Reason: "restarting"},
		ev(fsm.EventRetryTimer),
		ev(fsm.EventDialFailed),
		ev(fsm.EventRetryTimer),
		ev(fsm.EventDialed),
	)
	// Output:
	// start           idle -> connecting (start) attempt=0 => dial
	// dialed          connecting -> live (connected) attempt=0
	// server_closed   live -> retrying (server closed 1012 (service restart)) attempt=1 => retry in 1s
	// retry_timer     retrying -> connecting (retry) attempt=1 => dial
	// dial_failed     connecting -> retrying (dial failed) attempt=2 => retry in 2s
	// retry_timer     retrying -> connecting (retry) attempt=2 => dial
	// dialed          connecting -> live (connected) attempt=2
}

// A 401 refreshes the token once; a rejection right after the refresh backs
// off before the next refresh instead of looping.
func Example_tokenRefresh() {
	m := newMachine()
	run(m,
		ev(fsm.EventStart),
		fsm.Input{Event: fsm.EventDialFailed, HTTPStatus: 401},
		ev(fsm.EventTokenRefreshed),
		ev(fsm.EventDialed),
		fsm.Input{Event: fsm.EventServerClosed, Code: 3000},
		ev(fsm.EventRetryTimer),
		ev(fsm.EventTokenRefreshed),
		ev(fsm.EventDialed),
		ev(fsm.EventHealthyTimer),
		fsm.Input{Event: fsm.EventServerClosed, Code: 3000},
	)
	// Output:
	// start           idle -> connecting (start) attempt=0 => dial
	// dial_failed     connecting -> refreshing (dial failed: HTTP 401) attempt=0 => refresh token
	// token_refreshed refreshing -> connecting (token refreshed) attempt=0 => dial
	// dialed          connecting -> live (connected) attempt=0
	// server_closed   live -> retrying (server closed 3000 (unauthorized); rejected again after a refresh, backing off) attempt=1 => retry in 1s
	// retry_timer     retrying -> refreshing (retry) attempt=1 => refresh token
	// token_refreshed refreshing -> connecting (token refreshed) attempt=1 => dial
	// dialed          connecting -> live (connected) attempt=1
	// healthy_timer   stays live attempt=0
	// server_closed   live -> refreshing (server closed 3000 (unauthorized)) attempt=0 => refresh token
}

// A socket that opens and drops at once keeps backing off; only a socket
// that stays live for HealthyAfter resets the attempt counter.
func Example_flapping() {
	m := newMachine()
	run(m, ev(fsm.EventStart))
	for range 3 {
		run(m, ev(fsm.EventDialed), ev(fsm.EventDropped), ev(fsm.EventRetryTimer))
	}
	run(m, ev(fsm.EventDialed), ev(fsm.EventHealthyTimer), ev(fsm.EventDropped))
	// Output:
	// start           idle -> connecting (start) attempt=0 => dial
	// dialed          connecting -> live (connected) attempt=0
	// dropped         live -> retrying (transport lost) attempt=1 => retry in 1s
	// retry_timer     retrying -> connecting (retry) attempt=1 => dial
	// dialed          connecting -> live (connected) attempt=1
	// dropped         live -> retrying (transport lost) attempt=2 => retry in 2s
	// retry_timer     retrying -> connecting (retry) attempt=2 => dial
	// dialed          connecting -> live (connected) attempt=2
	// dropped         live -> retrying (transport lost) attempt=3 => retry in 4s
	// retry_timer     retrying -> connecting (retry) attempt=3 => dial
	// dialed          connecting -> live (connected) attempt=3
	// healthy_timer   stays live attempt=0
	// dropped         live -> retrying (transport lost) attempt=1 => retry in 1s
}
