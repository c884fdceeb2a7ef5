package conn

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/wsgen/wsgen/fsm"
	"github.com/wsgen/wsgen/wstest"
)

const waitLong = 10 * time.Second // generous: a loaded 2-core machine

// fastOptions are test options: short backoff, quick close.
func fastOptions(r *recorder) *Options {
	return &Options{
		Protocol:     testProtocol(),
		Handler:      r,
		OnNotice:     r.notice,
		OnState:      r.state,
		Backoff:      &fsm.Backoff{Base: 5 * time.Millisecond, Cap: 40 * time.Millisecond},
		CloseTimeout: 2 * time.Second,
	}
}

// start creates and starts a client, closing it when the test ends.
func start(t *testing.T, url string, opts *Options) *Client {
	t.Helper()
	c, err := New(url, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitLong)
		defer cancel()
		c.Close(ctx)
	})
	return c
}

func closeClient(t *testing.T, c *Client) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	if err := c.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

func TestReceiveDedupSequence(t *testing.T) {
	gen := func(seq int) []byte { return chatJSON("r", seq) }
	srv := wstest.NewServer(t, nil,
		wstest.Events(gen, 1, 2, 2, 3, 1, 6, 7),
		wstest.Expect(wstest.Contains(`"snapshot_request"`), waitLong).Reply(func(msg []byte) []byte {
			return []byte(`{"type":"snapshot","ref":"` + refOf(t, msg) + `","room":"r","seq":6}`)
		}),
		wstest.Events(gen, 8),
	)
	r := newRecorder()
	c := start(t, srv.URL(), fastOptions(r))
	want := []string{"chat r-1", "chat r-2", "chat r-3", "snapshot r@6", "chat r-7", "chat r-8"}
	r.waitFor(t, waitLong, "messages", func() bool { return len(r.Msgs()) >= len(want) })
	closeClient(t, c)
	if got := r.Msgs(); !slices.Equal(got, want) {
		t.Errorf("delivered %q, want %q", got, want)
	}
	var kinds []string
	for _, n := range r.Notices() {
		kinds = append(kinds, string(n.Kind)+":"+n.Reason)
	}
	wantKinds := []string{"dropped:duplicate", "dropped:duplicate", "gap:", "dropped:stale", "snapshot:"}
	if !slices.Equal(kinds, wantKinds) {
		t.Errorf("notices %q, want %q", kinds, wantKinds)
	}
}

func refOf(t *testing.T, msg []byte) string {
	m, err := testCodec{}.Decode(msg)
	if err != nil {
		t.Errorf("server got invalid %q: %v", msg, err)
		return ""
	}
	return correlationID(m)
}
