package fsm

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestBackoffCeiling(t *testing.T) {
	b := DefaultBackoff()
	for _, tt := range []struct {
		attempt int
		want    time.Duration
	}{
		{0, time.Second}, {1, time.Second}, {2, 2 * time.Second}, {3, 4 * time.Second}, {5, 16 * time.Second},
		{6, 30 * time.Second}, {7, 30 * time.Second}, {1000, 30 * time.Second},
	} {
		if got := b.Ceiling(tt.attempt); got != tt.want {
			t.Errorf("Ceiling(%d) = %v, want %v", tt.attempt, got, tt.want)
		}
	}
	if got := (Backoff{}).Ceiling(3); got != 4*time.Second {
		t.Errorf("zero Backoff Ceiling(3) = %v, want defaults (4s)", got)
	}
}

func TestJitterBounds(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, j := range Jitters() {
		b := Backoff{Jitter: j}
		for first := 1; first <= 8; first++ { // runs that begin at any attempt
			for range 200 {
				var run Run
				for attempt := first; attempt <= 20; attempt++ {
					d := b.Next(&run, attempt, r)
					lo, hi := time.Duration(0), b.Ceiling(attempt)
					switch j {
					case JitterNone:
						lo = hi
					case JitterEqual:
						lo = hi / 2
					case JitterDecorrelated:
						lo, hi = time.Second, 30*time.Second
					case JitterSpread:
						if attempt >= 7 {
							lo = hi // after the first capped delay: exactly the cap
						}
					case JitterEven:
						if hi == 30*time.Second {
							hi = 35 * time.Second // cap + cap/6
							if attempt > max(first, 6) {
								lo = 25 * time.Second // a later delay at the cap
							}
						}
					}
					if d < lo || d > hi || d > b.MaxDelay() {
						t.Fatalf("%s: run from %d: Next(%d) = %v, want in [%v, %v]", j, first, attempt, d, lo, hi)
					}
				}
			}
		}
	}
}

// TestEvenFromAnyDrop: clients whose runs begin at the same instant dial,
// together, at the same rate at every later instant. Runs that begin at
// the cap (clients dropped before they were healthy) dial at the cap rate
// (one per client per cap) in every 5 s bucket from the drop on; runs
// that begin at attempt 1 have one dial per client in each window of the
// schedule run at their pace, and no bucket after the first 20 s holds
// more than 1.8 times the cap rate.
func TestEvenFromAnyDrop(t *testing.T) {
	const clients = 20000
	b := DefaultBackoff()
	for _, tt := range []struct {
		name    string
		first   int
		from    time.Duration // buckets checked from here
		lo, hi  float64       // bucket count / (clients·5 s/cap)
		horizon time.Duration
	}{
		{"at the cap", 9, 0, 0.93, 1.07, 150 * time.Second},
		{"from attempt 1", 1, 20 * time.Second, 0.5, 1.8, 150 * time.Second},
		{"from attempt 4", 4, 20 * time.Second, 0.5, 1.8, 150 * time.Second},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, uint64(tt.first)))
			var buckets [30]int
			for range clients {
				var run Run
				var at time.Duration
				for attempt := tt.first; ; attempt++ {
					at += b.Next(&run, attempt, r)
					if at >= tt.horizon {
						break
					}
					buckets[at/(5*time.Second)]++
				}
			}
			even := float64(clients) * 5 / 30
			for i, n := range buckets {
				if from := time.Duration(i) * 5 * time.Second; from < tt.from {
					continue
				}
				if x := float64(n) / even; x < tt.lo || x > tt.hi {
					t.Errorf("dials in [%ds, %ds): %d = %.2f × the cap rate, want in [%.2f, %.2f]", 5*i, 5*i+5, n, x, tt.lo, tt.hi)
				}
			}
		})
	}
}

// TestSpreadPhase: JitterSpread's first capped delay is spread over the whole cap.
func TestSpreadPhase(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	b := Backoff{Jitter: JitterSpread}
	var buckets [6]int
	for range 6000 {
		buckets[int(b.Delay(6, 0, r)/(5*time.Second))]++
	}
	for i, n := range buckets {
		if n < 850 || n > 1150 {
			t.Errorf("bucket %d (%ds..): %d of 6000, want about 1000", i, 5*i, n)
		}
	}
}

func TestParseJitter(t *testing.T) {
	for _, j := range Jitters() {
		got, err := ParseJitter(j.String())
		if err != nil || got != j {
			t.Errorf("ParseJitter(%q) = %v, %v", j.String(), got, err)
		}
	}
	if _, err := ParseJitter("random"); !errors.Is(err, ErrUnknownJitter) {
		t.Errorf("ParseJitter(random) error = %v, want ErrUnknownJitter", err)
	}
}

func TestParseCloseAction(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want CloseAction
		err  error
	}{
		{"reconnect", CloseReconnect, nil},
		{"refresh-auth", CloseRefreshAuth, nil},
		{"stop", CloseStop, nil},
		{"complete", CloseComplete, nil},
		{"Reconnect", 0, ErrUnknownCloseAction},
		{"", 0, ErrUnknownCloseAction},
	} {
		got, err := ParseCloseAction(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("ParseCloseAction(%q) = %v, %v, want %v, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestMergeCloseRules(t *testing.T) {
	base := DefaultCloseRules()
	proto := []CloseRule{
		{Code: 4001, Name: "slow down", Action: CloseReconnect, MinDelay: 20 * time.Second},
		{Code: 4000, Name: "kicked", Action: CloseStop},
	}
	merged, err := MergeCloseRules(base, proto)
	if err != nil {
		t.Fatal(err)
	}
	if len(merged) != len(base)+2 || merged[len(merged)-2].Code != 4000 || merged[len(merged)-1].Code != 4001 {
		t.Errorf("merged = %+v, want base plus 4000, 4001 in order", merged[len(merged)-3:])
	}
	if diff := cmp.Diff(DefaultCloseRules(), base); diff != "" {
		t.Errorf("base modified (-want +got):\n%s", diff)
	}
	// A later protocol rule of the same code wins.
	again, err := MergeCloseRules(merged, []CloseRule{{Code: 4000, Name: "kicked", Action: CloseReconnect}})
	if err != nil || LookupCloseRule(again, 4000).Action != CloseReconnect {
		t.Errorf("override: %v, %+v", err, LookupCloseRule(again, 4000))
	}
	for _, code := range []int{1000, 3000, 3999, 5000} {
		if _, err := MergeCloseRules(base, []CloseRule{{Code: code}}); !errors.Is(err, ErrCloseCodeRange) {
			t.Errorf("MergeCloseRules(code %d) error = %v, want ErrCloseCodeRange", code, err)
		}
	}
}

func TestLookupCloseRule(t *testing.T) {
	rules := DefaultCloseRules()
	for _, tt := range []struct {
		code int
		want CloseAction
		min  time.Duration
	}{
		{1000, CloseComplete, 0}, {1001, CloseReconnect, 0}, {1002, CloseStop, 0}, {1003, CloseStop, 0},
		{1006, CloseReconnect, 0}, {1007, CloseStop, 0}, {1008, CloseStop, 0}, {1009, CloseStop, 0},
		{1010, CloseStop, 0}, {1011, CloseReconnect, 0}, {1012, CloseReconnect, 0},
		{1013, CloseReconnect, TryAgainDelay}, {1014, CloseReconnect, 0}, {1015, CloseStop, 0},
		{3000, CloseRefreshAuth, 0}, {3003, CloseStop, 0}, {4999, CloseReconnect, 0}, {1004, CloseReconnect, 0},
	} {
		r := LookupCloseRule(rules, tt.code)
		if r.Action != tt.want || r.MinDelay != tt.min {
			t.Errorf("LookupCloseRule(%d) = %v %v, want %v %v", tt.code, r.Action, r.MinDelay, tt.want, tt.min)
		}
	}
}

func TestSafeReason(t *testing.T) {
	long := strings.Repeat("é", 100) // 200 bytes
	for _, tt := range []struct{ in, want string }{
		{"going away", "going away"},
		{"a\x00b\nc\x1b[31m", "abc[31m"},
		{"bad \xff utf8", "bad  utf8"},
		{"rtl\u202eoverride", "rtloverride"},
		{long, strings.Repeat("é", 61)}, // 122 bytes: the next rune would pass 123
		{strings.Repeat("x", 200), strings.Repeat("x", 123)},
	} {
		if got := SafeReason(tt.in); got != tt.want {
			t.Errorf("SafeReason(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNewDoesNotModifyOptions(t *testing.T) {
	o := &Options{CloseRules: []CloseRule{{Code: 4000, Action: CloseStop}}}
	before := *o
	m := New(o)
	if o.Backoff != nil || o.HealthyAfter != 0 || o.OfflineAfter != 0 || o.Rand != nil || o.Now != nil || len(o.CloseRules) != 1 {
		t.Errorf("New modified the caller's Options: %+v (was %+v)", *o, before)
	}
	o.CloseRules[0].Action = CloseReconnect // the machine keeps its own copy
	if LookupCloseRule(m.rules, 4000).Action != CloseStop {
		t.Error("machine shares the caller's CloseRules slice")
	}
	if New(nil).State() != StateIdle {
		t.Error("New(nil) not idle")
	}
}

func TestOfflineAfterDisabled(t *testing.T) {
	m := New(&Options{OfflineAfter: -1})
	d, _ := m.Handle(Input{Event: EventStart})
	if len(d.Timers) != 0 {
		t.Errorf("OfflineAfter < 0 still starts timers: %+v", d.Timers)
	}
}

func TestChangeRecord(t *testing.T) {
	at := time.Date(2026, 5, 4, 3, 2, 1, 0, time.UTC)
	secret := errors.New(`dial "wss://x/?token=SECRET": 503`)
	for _, tt := range []struct {
		name string
		path []Input
		in   Input
		want Change
	}{
		{"transport loss", []Input{start, dialed}, Input{Event: EventDropped, Err: secret},
			Change{From: StateLive, To: StateRetrying, Event: EventDropped, Reason: "transport lost", Attempt: 1, RetryIn: time.Second, CloseCode: 1006, Err: secret, At: at}},
		{"server close", []Input{start, dialed}, serverClosed(1013, "overloaded\x07 "+strings.Repeat("z", 200)),
			Change{From: StateLive, To: StateRetrying, Event: EventServerClosed, Reason: "server closed 1013 (try again later)", Attempt: 1,
				RetryIn: 5 * time.Second, CloseCode: 1013, CloseReason: ("overloaded " + strings.Repeat("z", 200))[:123], At: at}},
		{"dial error text stays out of Reason", []Input{start}, Input{Event: EventDialFailed, HTTPStatus: 503, Err: secret},
			Change{From: StateConnecting, To: StateRetrying, Event: EventDialFailed, Reason: "dial failed: HTTP 503", Attempt: 1, RetryIn: time.Second, Err: secret, At: at}},
		{"close requested", []Input{start, dialed}, Input{Event: EventCloseRequested, Code: 4000, Reason: "bye"},
			Change{From: StateLive, To: StateClosing, Event: EventCloseRequested, Reason: "close requested", CloseCode: 4000, CloseReason: "bye", At: at}},
		{"outage", []Input{start, dialFail}, offlineT,
			Change{From: StateRetrying, To: StateOffline, Event: EventOfflineTimer, Reason: "no connection for 2m0s", Attempt: 1, At: at}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := testOptions()
			o.Now = func() time.Time { return at }
			m := New(o)
			drive(t, m, tt.path...)
			d, err := m.Handle(tt.in)
			if err != nil || d.Change == nil {
				t.Fatalf("Handle = %+v, %v", d, err)
			}
			if diff := cmp.Diff(tt.want, *d.Change, cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
				t.Errorf("Change (-want +got):\n%s", diff)
			}
			if strings.Contains(d.Change.Reason, "SECRET") {
				t.Errorf("Reason leaks the error text: %q", d.Change.Reason)
			}
		})
	}
}

func TestEventErrors(t *testing.T) {
	m := New(nil)
	_, err := m.Handle(Input{Event: "bogus"})
	var ee *EventError
	if !errors.As(err, &ee) || !errors.Is(err, ErrUnknownEvent) || ee.State != StateIdle {
		t.Errorf("unknown event: %v", err)
	}
	_, err = m.Handle(Input{Event: EventDialed})
	if !errors.As(err, &ee) || !errors.Is(err, ErrInvalidEvent) || ee.Event != EventDialed {
		t.Errorf("dialed in idle: %v", err)
	}
	if want := "fsm: dialed in state idle: fsm: event not valid in this state"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}
