package conn

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wsgen/wsgen/fsm"
	"github.com/wsgen/wsgen/wstest"
)

// TestReadLimitReports1009: an inbound message over Options.ReadLimit ends
// the socket with the client's own 1009 close: the state change out of live
// carries 1009 (not a transport loss, 1006), and the server receives the
// 1009 close frame every time (the close frame goes out and the TCP
// connection is half-closed and drained before it is torn down, so no RST
// overtakes it).
func TestReadLimitReports1009(t *testing.T) {
	const rounds = 4
	big := fmt.Sprintf(`{"type":"chat","id":"big","room":"r","seq":1,"text":"%s"}`, strings.Repeat("x", 256<<10))
	scripts := make([]wstest.Script, rounds)
	for i := range scripts {
		scripts[i] = wstest.Script{wstest.Send(big)}
	}
	srv := wstest.NewServer(t, &wstest.Options{Scripts: scripts})
	r := newRecorder()
	opts := fastOptions(r)
	opts.ReadLimit = 1024
	start(t, srv.URL(), opts)
	r.waitFor(t, waitLong, "four oversize rounds", func() bool { return countOf(r.Transitions(), "live>retrying") >= rounds })
	for _, s := range r.States() {
		if s.From == fsm.StateLive && s.To == fsm.StateRetrying && s.CloseCode != websocket.CloseMessageTooBig {
			t.Errorf("live>retrying after an oversize message reports close %d (%s), want 1009", s.CloseCode, s.Reason)
		}
	}
	for i := range rounds {
		c, err := srv.WaitDone(i, waitLong)
		if err != nil {
			t.Fatal(err)
		}
		if c.CloseReceived == nil || c.CloseReceived.Code != websocket.CloseMessageTooBig {
			t.Errorf("connection %d: server received close %+v (dropped %v), want 1009", i, c.CloseReceived, c.Dropped)
		}
	}
	if len(r.Msgs()) != 0 {
		t.Errorf("oversized message delivered: %q", r.Msgs())
	}
}

// TestSnapshotEventsDeduplicated: a snapshot whose events overlap events
// already delivered (the server ignored after_seq) delivers only the new
// ones: exactly-once does not depend on the server honouring after_seq.
func TestSnapshotEventsDeduplicated(t *testing.T) {
	gen := func(seq int) []byte { return chatJSON("r", seq) }
	srv := wstest.NewServer(t, nil,
		wstest.Events(gen, 1, 2, 3, 6),
		wstest.Expect(wstest.Contains(`"snapshot_request"`), waitLong).Reply(func(msg []byte) []byte {
			var evs []string
			for s := 1; s <= 5; s++ { // everything, not after after_seq=3
				evs = append(evs, string(chatJSON("r", s)))
			}
			return []byte(`{"type":"snapshot","ref":"` + refOf(t, msg) + `","room":"r","seq":5,"events":[` + strings.Join(evs, ",") + `]}`)
		}),
		wstest.Events(gen, 7),
	)
	r := newRecorder()
	c := start(t, srv.URL(), fastOptions(r))
	want := []string{"chat r-1", "chat r-2", "chat r-3", "snapshot r@5 [r-4 r-5]", "chat r-6", "chat r-7"}
	r.waitFor(t, waitLong, "messages", func() bool { return len(r.Msgs()) >= len(want) })
	closeClient(t, c)
	if got := r.Msgs(); !slices.Equal(got, want) {
		t.Errorf("delivered %q, want %q", got, want)
	}
}

// TestLostRequestOutcome: under SendReject a request whose frame went out
// before its socket died fails with ErrOutcomeUnknown (retry only with the
// same idempotency key); one whose frame never left fails with ErrNotSent.
// Both still match ErrConnectionLost.
func TestLostRequestOutcome(t *testing.T) {
	t.Run("sent", func(t *testing.T) {
		srv := wstest.NewServer(t, &wstest.Options{Scripts: []wstest.Script{{wstest.Expect(wstest.Contains("send_chat"), waitLong), wstest.Drop()}}})
		c := start(t, srv.URL(), fastOptions(newRecorder()))
		ctx, cancel := context.WithTimeout(context.Background(), waitLong)
		defer cancel()
		if _, err := c.Wait(ctx, fsm.StateLive); err != nil {
			t.Fatal(err)
		}
		_, err := c.Request(ctx, &tSend{Room: "r", Text: "x"})
		var le *LostError
		if !errors.Is(err, ErrOutcomeUnknown) || errors.Is(err, ErrNotSent) || !errors.Is(err, ErrConnectionLost) || !errors.As(err, &le) || !le.Sent {
			t.Fatalf("Request error = %v, want a *LostError matching ErrOutcomeUnknown and ErrConnectionLost, not ErrNotSent", err)
		}
	})
	t.Run("not sent", func(t *testing.T) {
		// The server stops reading; the client's send buffer is tiny, so
		// the writer blocks on one frame while the rest wait in the queue.
		srv := wstest.NewServer(t, &wstest.Options{Scripts: []wstest.Script{{wstest.Stall(time.Second), wstest.Drop()}}})
		opts := fastOptions(newRecorder())
		opts.Dialer = &websocket.Dialer{NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			nc, err := (&net.Dialer{}).DialContext(ctx, network, addr)
			if tc, ok := nc.(*net.TCPConn); ok {
				tc.SetWriteBuffer(4096)
			}
			return nc, err
		}}
		c := start(t, srv.URL(), opts)
		ctx, cancel := context.WithTimeout(context.Background(), waitLong)
		defer cancel()
		if _, err := c.Wait(ctx, fsm.StateLive); err != nil {
			t.Fatal(err)
		}
		text := strings.Repeat("y", 60<<10)
		var calls []*Call
		for range 16 {
			call, err := c.Begin(ctx, &tSend{Room: "r", Text: text})
			if err != nil {
				break // the queue is full
			}
			calls = append(calls, call)
		}
		var unknown, notSent int
		for i, call := range calls {
			_, err := call.Wait(ctx)
			switch {
			case errors.Is(err, ErrOutcomeUnknown) && !errors.Is(err, ErrNotSent):
				unknown++
			case errors.Is(err, ErrNotSent) && !errors.Is(err, ErrOutcomeUnknown):
				notSent++
			default:
				t.Errorf("request %d: error %v, want ErrOutcomeUnknown or ErrNotSent", i, err)
			}
			if !errors.Is(err, ErrConnectionLost) {
				t.Errorf("request %d: error %v does not match ErrConnectionLost", i, err)
			}
		}
		if notSent == 0 || unknown == 0 {
			t.Errorf("%d requests: %d outcome unknown, %d not sent; want some of each", len(calls), unknown, notSent)
		}
	})
}
