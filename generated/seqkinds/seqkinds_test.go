package seqkinds_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/generated/seqkinds"
	"github.com/wsgen/wsgen/wstest"
)

// The schema's sequence kinds reach conn through the generated role methods.
var (
	_ conn.SequenceRange   = (*seqkinds.Depth)(nil)
	_ conn.SequenceChained = (*seqkinds.Fill)(nil)
	_ conn.SocketSequenced = (*seqkinds.Tick)(nil)
)

// recorder is a Handler that records what the client delivers.
type recorder struct {
	seqkinds.UnimplementedHandler
	mu  sync.Mutex
	got []string
}

func (r *recorder) add(s string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, s)
	return nil
}

func (r *recorder) OnDepth(_ context.Context, m *seqkinds.Depth) error {
	return r.add(fmt.Sprintf("depth %d-%d", m.UUpper, m.U))
}
func (r *recorder) OnFill(_ context.Context, m *seqkinds.Fill) error {
	return r.add(fmt.Sprintf("fill %d>%d", m.Pu, m.U))
}
func (r *recorder) OnTick(_ context.Context, m *seqkinds.Tick) error {
	return r.add(fmt.Sprintf("tick %d", m.SocketSequence))
}
func (r *recorder) OnBook(_ context.Context, m *seqkinds.Book) error {
	return r.add(fmt.Sprintf("book %d", m.LastUpdateID))
}

func (r *recorder) wait(t *testing.T, want []string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r.mu.Lock()
		got := slices.Clone(r.got)
		r.mu.Unlock()
		if len(got) >= len(want) || time.Now().After(deadline) {
			if !slices.Equal(got, want) {
				t.Fatalf("delivered %q, want %q", got, want)
			}
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func dial(t *testing.T, srv *wstest.Server, r *recorder, gap conn.GapPolicy) {
	t.Helper()
	p := seqkinds.Protocol()
	p.Gap = gap
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := seqkinds.DialClient(ctx, srv.URL(), r, &conn.Options{Protocol: p})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c.Close(ctx)
	})
}

func sendAll(frames ...string) wstest.Step {
	idx := make([]int, len(frames))
	for i := range idx {
		idx[i] = i
	}
	return wstest.Events(func(i int) []byte { return []byte(frames[i]) }, idx...)
}

// book answers the snapshot request with the book at lastUpdateId.
func book(t *testing.T, s string, lastUpdateID int) wstest.Step {
	return wstest.Expect(wstest.Contains(`"resync"`), 10*time.Second).Reply(func(msg []byte) []byte {
		var req struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(msg, &req); err != nil {
			t.Errorf("resync %s: %v", msg, err)
		}
		return fmt.Appendf(nil, `{"e":"book","s":%q,"lastUpdateId":%d,"id":%q}`, s, lastUpdateID, req.ID)
	})
}

// TestRange: the order-book diff pattern. After 100..120, 150..155 is a gap; the
// book at 157 makes it stale, and 156..160 (first <= 158 <= last) is applied first.
func TestRange(t *testing.T) {
	srv := wstest.NewServer(t, nil,
		sendAll(`{"e":"depth","s":"BTC","U":100,"u":120}`, `{"e":"depth","s":"BTC","U":150,"u":155}`, `{"e":"depth","s":"BTC","U":156,"u":160}`),
		book(t, "BTC", 157),
		sendAll(`{"e":"depth","s":"BTC","U":161,"u":170}`, `{"e":"depth","s":"BTC","U":165,"u":170}`, `{"e":"depth","s":"BTC","U":171,"u":175}`),
	)
	r := &recorder{}
	dial(t, srv, r, conn.GapSnapshot)
	r.wait(t, []string{"depth 100-120", "book 157", "depth 156-160", "depth 161-170", "depth 171-175"})
}

// TestChained: fills apply while pu equals the last u; a missing link asks for the
// book, and the fill the book's update id falls in applies after it.
func TestChained(t *testing.T) {
	srv := wstest.NewServer(t, nil,
		sendAll(`{"e":"fill","pair":"ETH","pu":0,"u":10}`, `{"e":"fill","pair":"ETH","pu":10,"u":17}`, `{"e":"fill","pair":"ETH","pu":20,"u":30}`),
		book(t, "ETH", 25),
		sendAll(`{"e":"fill","pair":"ETH","pu":30,"u":40}`, `{"e":"fill","pair":"ETH","pu":17,"u":30}`),
	)
	r := &recorder{}
	dial(t, srv, r, conn.GapSnapshot)
	r.wait(t, []string{"fill 0>10", "fill 10>17", "book 25", "fill 20>30", "fill 30>40"})
}

// TestSocket: each connection's socket_sequence starts at 0 again and is applied;
// a gap within the second socket reconnects, and the third starts over.
func TestSocket(t *testing.T) {
	tick := func(n int) string { return fmt.Sprintf(`{"e":"tick","socket_sequence":%d}`, n) }
	srv := wstest.NewServer(t, &wstest.Options{Scripts: []wstest.Script{
		{sendAll(tick(0), tick(1), tick(2)), wstest.Drop()},
		{sendAll(tick(0), tick(1), tick(3))},
		{sendAll(tick(0))},
	}})
	r := &recorder{}
	dial(t, srv, r, conn.GapReconnect)
	r.wait(t, []string{"tick 0", "tick 1", "tick 2", "tick 0", "tick 1", "tick 0"})
}
