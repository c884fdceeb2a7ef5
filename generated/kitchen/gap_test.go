package kitchen_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/fsm"
	"github.com/wsgen/wsgen/generated/kitchen"
	"github.com/wsgen/wsgen/wstest"
	"go.uber.org/goleak"
)

// The kitchen protocol declares "gap": {"policy": "skip", "timeout": "2s"}: the typed
// client's Protocol carries both into conn.
func TestGapPolicyFromSchema(t *testing.T) {
	p := kitchen.Protocol()
	if p.Gap != conn.GapSkip || p.GapTimeout != 2*time.Second {
		t.Errorf("Protocol().Gap, GapTimeout = %s, %v; want skip, 2s (testdata/kitchen/protocol.json)", p.Gap, p.GapTimeout)
	}
}

type eventRecorder struct {
	kitchen.UnimplementedHandler
	mu  sync.Mutex
	got []string
	at  []time.Time
}

func (r *eventRecorder) OnEvent(_ context.Context, m *kitchen.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, fmt.Sprintf("%s %d", m.Topic, m.N))
	r.at = append(r.at, time.Now())
	return nil
}

// TestGapSkipped runs the typed client with the schema's policy against a wstest server
// that sends events 1, 3 and 4 of a topic: 3 and 4 are held until the schema's timeout
// (2 s, not conn's default 5 s) passes, then applied past the gap with a NoticeGap
// "skipped".
func TestGapSkipped(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the 2 s gap timeout; skipped with -short")
	}
	t.Cleanup(func() { goleak.VerifyNone(t) }) // registered first: runs after the server closes
	ev := func(n int) []byte {
		return fmt.Appendf(nil, `{"kind":"event","id":"e%d","topic":"t","n":%d}`, n, n)
	}
	srv := wstest.NewServer(t, nil, wstest.Events(ev, 1, 3, 4), wstest.Pause(20*time.Second))
	h := &eventRecorder{}
	skipped := make(chan time.Time, 1)
	ctx := context.Background()
	c, err := kitchen.DialClient(ctx, srv.URL(), h, &conn.Options{
		Backoff: &fsm.Backoff{Base: 10 * time.Millisecond, Cap: 50 * time.Millisecond},
		OnNotice: func(n conn.Notice) {
			if n.Kind == conn.NoticeGap && n.Reason == "skipped" {
				select {
				case skipped <- time.Now():
				default:
				}
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var at time.Time
	select {
	case at = <-skipped:
	case <-time.After(15 * time.Second):
		t.Fatal("no NoticeGap \"skipped\" within 15 s")
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		h.mu.Lock()
		got, times := append([]string(nil), h.got...), append([]time.Time(nil), h.at...)
		h.mu.Unlock()
		if len(got) >= 3 {
			if want := "[t 1 t 3 t 4]"; fmt.Sprint(got) != want {
				t.Errorf("handler got %v, want %s", got, want)
			}
			// 3 is held from its arrival (just after 1) until the timeout.
			if held := at.Sub(times[0]); held < 1500*time.Millisecond || held > 4500*time.Millisecond {
				t.Errorf("event 3 held %v after event 1, want about the schema's 2 s", held)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("handler got %v after the skip, want 3 events", got)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
