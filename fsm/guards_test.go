package fsm

import (
	"testing"
	"time"
)

func ev(e Event) Input { return Input{Event: e} }

var (
	start    = ev(EventStart)
	dialed   = ev(EventDialed)
	dialFail = ev(EventDialFailed)
	http401  = Input{Event: EventDialFailed, HTTPStatus: 401}
	http403  = Input{Event: EventDialFailed, HTTPStatus: 403}
	dropped  = ev(EventDropped)
	refreshd = ev(EventTokenRefreshed)
	retryT   = ev(EventRetryTimer)
	healthyT = ev(EventHealthyTimer)
	offlineT = ev(EventOfflineTimer)
	netDown  = ev(EventNetworkDown)
	netUp    = ev(EventNetworkUp)
	closeReq = ev(EventCloseRequested)
	closedEv = ev(EventClosed)
)

func serverClosed(code int, reason string) Input {
	return Input{Event: EventServerClosed, Code: code, Reason: reason}
}

// guardCases exercise the guarded rows of the table and the payloads that
// pick them. Together with everyPair they hit every row (TestEveryRowHit).
var guardCases = []struct {
	name  string
	path  []Input
	in    Input
	want  string
	guard Guard
}{
	{"403 fails", []Input{start}, http403, "failed: -offline stop", GuardFatal},
	{"401 refreshes", []Input{start}, http401, "refreshing: refresh", GuardAuth},
	{"401 after a refresh backs off", []Input{start, http401, refreshd}, http401, "retrying: +retry 1s", GuardAuthAgain},
	{"retry owes a token", []Input{start, http401, refreshd, http401}, retryT, "refreshing: refresh", GuardToken},
	{"dial fails in an outage", []Input{start, offlineT, netUp}, dialFail, "offline: +retry 30s", GuardOutage},
	{"network up with a dial in flight", []Input{start, offlineT}, netUp, "connecting", GuardPending},
	{"503 with Retry-After", []Input{start}, Input{Event: EventDialFailed, HTTPStatus: 503, RetryAfter: 7 * time.Second}, "retrying: +retry 7s", GuardNone},
	{"Retry-After clamped to MaxRetryAfter", []Input{start}, Input{Event: EventDialFailed, HTTPStatus: 429, RetryAfter: time.Hour}, "retrying: +retry 5m0s", GuardNone},
	{"Retry-After ignored on a 500", []Input{start}, Input{Event: EventDialFailed, HTTPStatus: 500, RetryAfter: time.Hour}, "retrying: +retry 1s", GuardNone},
	{"404 retries", []Input{start}, Input{Event: EventDialFailed, HTTPStatus: 404}, "retrying: +retry 1s", GuardNone},

	{"1013 waits longer", []Input{start, dialed}, serverClosed(1013, ""), "retrying: -healthy +retry 5s +offline 2m0s", GuardNone},
	{"private code retries", []Input{start, dialed}, serverClosed(4123, ""), "retrying: -healthy +retry 1s +offline 2m0s", GuardNone},
	{"1006 reported retries", []Input{start, dialed}, serverClosed(1006, ""), "retrying: -healthy +retry 1s +offline 2m0s", GuardNone},
	{"1008 fails", []Input{start, dialed}, serverClosed(1008, "policy"), "failed: -healthy stop", GuardFatal},
	{"1002 fails", []Input{start, dialed}, serverClosed(1002, ""), "failed: -healthy stop", GuardFatal},
	{"3003 fails", []Input{start, dialed}, serverClosed(3003, ""), "failed: -healthy stop", GuardFatal},
	{"1000 completes", []Input{start, dialed}, serverClosed(1000, "bye"), "closed: -healthy stop", GuardComplete},
	{"3000 refreshes", []Input{start, dialed}, serverClosed(3000, ""), "refreshing: -healthy +offline 2m0s refresh", GuardAuth},
	{"3000 after a refresh backs off", []Input{start, http401, refreshd, dialed}, serverClosed(3000, ""), "retrying: -healthy +retry 1s +offline 2m0s", GuardAuthAgain},
	{"auth rejected permanently", []Input{start, dialed}, Input{Event: EventAuthRejected, Permanent: true}, "failed: -healthy close 1000 stop", GuardFatal},
	{"auth rejected after a refresh", []Input{start, http401, refreshd, dialed}, ev(EventAuthRejected), "retrying: -healthy +retry 1s +offline 2m0s close 1000", GuardAuthAgain},
	{"close with a code", []Input{start, dialed}, Input{Event: EventCloseRequested, Code: 4000, Reason: "bye\x00"}, "closing: -healthy close 4000", GuardNone},
	{"close with an unsendable code", []Input{start, dialed}, Input{Event: EventCloseRequested, Code: 1006}, "closing: -healthy close 1000", GuardNone},
	{"healthy resets", []Input{start, dialFail, retryT, dialed}, healthyT, "live", GuardNone},

	{"refresh fails permanently", []Input{start, http401}, Input{Event: EventRefreshFailed, Permanent: true}, "failed: -offline stop", GuardFatal},
	{"refreshed in an outage dials", []Input{start, offlineT, http401}, refreshd, "offline: dial", GuardOutage},
	{"refresh fails in an outage", []Input{start, offlineT, http401}, ev(EventRefreshFailed), "offline: +retry 30s", GuardOutage},

	{"offline dial succeeds", []Input{start, netDown}, dialed, "live: +healthy 10s", GuardNone},
	{"offline dial fails", []Input{start, netDown}, dialFail, "offline: +retry 30s", GuardNone},
	{"offline 403", []Input{start, netDown}, http403, "failed: stop", GuardFatal},
	{"offline 401", []Input{start, offlineT}, http401, "refreshing: refresh", GuardAuth},
	{"offline 401 after a refresh", []Input{start, http401, refreshd, netDown}, http401, "offline: +retry 30s", GuardAuthAgain},
	{"offline retry owes a token", []Input{start, http401, refreshd, netDown, http401}, retryT, "refreshing: +offline 2m0s refresh", GuardToken},
	{"offline refreshed, network down", []Input{start, http401, netDown}, refreshd, "offline: +retry 30s", GuardNone},
	{"offline refresh fails", []Input{start, http401, netDown}, ev(EventRefreshFailed), "offline: +retry 30s", GuardNone},
	{"offline refresh fails permanently", []Input{start, http401, netDown}, Input{Event: EventRefreshFailed, Permanent: true}, "failed: stop", GuardFatal},
	{"network up with a refresh in flight", []Input{start, http401, netDown}, netUp, "refreshing: +offline 2m0s", GuardToken},
	{"close with a dial in flight", []Input{start, netDown}, closeReq, "closing: cancel-dial", GuardPending},

	{"closing: a late dial succeeds", []Input{start, closeReq}, dialed, "closing: close 1000", GuardNone},
	{"closing: the dial fails", []Input{start, closeReq}, dialFail, "closed: stop", GuardNone},
	{"closing: dial fails, old socket open", []Input{start, dialed, netDown, netUp, closeReq}, dialFail, "closing", GuardPending},
	{"closing: old socket drops, dial pending", []Input{start, dialed, netDown, netUp, closeReq}, dropped, "closing", GuardPending},
	{"closing: old socket server-closed, dial pending", []Input{start, dialed, netDown, netUp, closeReq}, serverClosed(1001, ""), "closing", GuardPending},
	{"closing: old socket closed, dial pending", []Input{start, dialed, netDown, netUp, closeReq}, closedEv, "closing", GuardPending},
	{"closing: last socket ends", []Input{start, dialed, netDown, netUp, closeReq, dialFail}, dropped, "closed: stop", GuardNone},

	{"stale socket end is absorbed", []Input{start, dialed, netDown, netUp}, dropped, "connecting", GuardNone},
	{"second start is absorbed", []Input{start}, start, "connecting", GuardNone},
}

func TestGuards(t *testing.T) {
	for _, tt := range guardCases {
		t.Run(tt.name, func(t *testing.T) {
			m := New(testOptions())
			drive(t, m, tt.path...)
			from := m.State()
			d, err := m.Handle(tt.in)
			if got := outcome(d, err); got != tt.want {
				t.Errorf("in %s, Handle(%+v) = %q, want %q", from, tt.in, got, tt.want)
			}
			if d.To != from && m.row.Guard != tt.guard {
				t.Errorf("guard = %q, want %q", m.row.Guard, tt.guard)
			}
			checkChange(t, from, tt.in, d, err)
		})
	}
}

// TestEveryRowHit proves that the pair and guard tables reach every row.
func TestEveryRowHit(t *testing.T) {
	hit := map[Transition]bool{}
	run := func(path []Input, in Input) {
		m := New(testOptions())
		for _, p := range path {
			m.Handle(p)
		}
		m.Handle(in)
		if m.row != (Transition{}) {
			hit[m.row] = true
		}
	}
	for _, p := range everyPair {
		run(setups[p.state], defaultPayload(p.event))
	}
	for _, g := range guardCases {
		run(g.path, g.in)
	}
	for _, r := range transitions {
		if !hit[r] {
			t.Errorf("row %+v never exercised", r)
		}
	}
	t.Logf("%d of %d rows exercised", len(hit), len(transitions))
}
