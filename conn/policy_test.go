package conn

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wsgen/wsgen/fsm"
	"github.com/wsgen/wsgen/wstest"
)

func ackFor(t *testing.T) func(msg []byte) []byte {
	return func(msg []byte) []byte {
		return []byte(`{"type":"ack","ref":"` + refOf(t, msg) + `","ok":true}`)
	}
}

// ackAll answers every send_chat with an ack, forever.
func ackAll(t *testing.T) wstest.Step {
	return wstest.Expect(wstest.Contains(`"send_chat"`), time.Hour).Reply(ackFor(t))
}

func ackSteps(t *testing.T, n int) []wstest.Step {
	var s []wstest.Step
	for range n {
		s = append(s, ackAll(t))
	}
	return s
}

func TestRequestAck(t *testing.T) {
	srv := wstest.NewServer(t, nil, ackSteps(t, 3)...)
	r := newRecorder()
	c := start(t, srv.URL(), fastOptions(r))
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	if _, err := c.Wait(ctx, fsm.StateLive); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		m := &tSend{Room: "r", Text: "hello"}
		reply, err := c.Request(ctx, m)
		if err != nil {
			t.Fatalf("Request %d: %v", i, err)
		}
		if m.Ref == "" || correlationID(reply) != m.Ref || reply.MessageType() != "ack" {
			t.Errorf("Request %d = %v (ref %q), want the ack of ref %q", i, reply, correlationID(reply), m.Ref)
		}
	}
	if len(r.Msgs()) != 0 {
		t.Errorf("replies reached the handler: %q", r.Msgs())
	}
}

func TestRequestBounds(t *testing.T) {
	for _, tt := range []struct {
		name    string
		steps   []wstest.Step
		timeout time.Duration
		wantErr error
	}{
		{"no reply: context ends", []wstest.Step{wstest.Expect(wstest.Contains("send_chat"), waitLong)}, 200 * time.Millisecond, context.DeadlineExceeded},
		{"connection lost before the reply", []wstest.Step{wstest.Expect(wstest.Contains("send_chat"), waitLong), wstest.Drop()}, waitLong, ErrConnectionLost},
		{"server closes before the reply", []wstest.Step{wstest.Expect(wstest.Contains("send_chat"), waitLong), wstest.CloseWith(1012, "restart")}, waitLong, ErrConnectionLost},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := wstest.NewServer(t, &wstest.Options{Scripts: []wstest.Script{tt.steps}})
			r := newRecorder()
			c := start(t, srv.URL(), fastOptions(r))
			ctx, cancel := context.WithTimeout(context.Background(), waitLong)
			defer cancel()
			if _, err := c.Wait(ctx, fsm.StateLive); err != nil {
				t.Fatal(err)
			}
			rctx, rcancel := context.WithTimeout(ctx, tt.timeout)
			defer rcancel()
			_, err := c.Request(rctx, &tSend{Room: "r", Text: "x"})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Request error = %v, want %v", err, tt.wantErr)
			}
			if c.pending.Len() != 0 {
				t.Errorf("%d requests still pending", c.pending.Len())
			}
		})
	}
}

func TestSendReject(t *testing.T) {
	srv := wstest.NewServer(t, nil)
	r := newRecorder()
	c := start(t, srv.URL(), fastOptions(r))
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	if _, err := c.Wait(ctx, fsm.StateLive); err != nil {
		t.Fatal(err)
	}
	if err := c.Send(ctx, &tTyping{Room: "r"}); err != nil {
		t.Fatalf("Send while live: %v", err)
	}
	srv.Stop()
	if _, err := c.Wait(ctx, fsm.StateRetrying, fsm.StateConnecting); err != nil {
		t.Fatal(err)
	}
	for {
		err := c.Send(ctx, &tTyping{Room: "r"})
		if errors.Is(err, ErrNotLive) {
			break
		}
		if err != nil {
			t.Fatalf("Send while not live = %v, want ErrNotLive", err)
		}
	}
	if _, err := c.Request(ctx, &tSend{Room: "r"}); !errors.Is(err, ErrNotLive) {
		t.Errorf("Request while not live = %v, want ErrNotLive", err)
	}
}

func TestSendQueue(t *testing.T) {
	srv := wstest.NewServer(t, nil)
	srv.Stop()
	r := newRecorder()
	opts := fastOptions(r)
	opts.SendPolicy = SendQueue
	opts.QueueMessages = 3
	c := start(t, srv.URL(), opts)
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	for i := range 3 {
		if err := c.Send(ctx, &tTyping{Room: string(rune('a' + i))}); err != nil {
			t.Fatalf("Send %d while not live: %v", i, err)
		}
	}
	if err := c.Send(ctx, &tTyping{Room: "d"}); !errors.Is(err, ErrQueueFull) {
		t.Fatalf("4th Send = %v, want ErrQueueFull", err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	conn, err := srv.Wait(waitLong, func(cs []wstest.Conn) bool {
		for _, c := range cs {
			if len(c.Received) >= 3 {
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, cn := range conn {
		got = append(got, wstest.Texts(cn.Received)...)
	}
	want := []string{`{"type":"typing","room":"a"}`, `{"type":"typing","room":"b"}`, `{"type":"typing","room":"c"}`}
	if !slices.Equal(got, want) {
		t.Errorf("server received %q, want %q", got, want)
	}
}

// TestOutboxReplayAcrossRestart sends while the server is down under
// SendOutbox, closes the client (the process "exits"), and starts a new
// client on the same file: the messages are replayed in order, acked, and
// removed from the file.
func TestOutboxReplayAcrossRestart(t *testing.T) {
	store := NewMemoryOutbox(0) // outlives the first Client, as a file would
	srv := wstest.NewServer(t, nil, ackSteps(t, 3)...)
	srv.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()

	r := newRecorder()
	opts := fastOptions(r)
	opts.SendPolicy = SendOutbox
	opts.Outbox = store
	c1 := start(t, srv.URL(), opts)
	var keys []string
	for i := range 3 {
		m := &tSend{Room: "r", Text: "persist me"}
		if err := c1.Send(ctx, m); err != nil {
			t.Fatalf("Send %d: %v", i, err)
		}
		keys = append(keys, m.Key)
	}
	if err := c1.Send(ctx, &tTyping{Room: "r"}); !errors.Is(err, ErrNotLive) {
		t.Errorf("Send of a message without idempotency key = %v, want ErrNotLive", err)
	}
	closeClient(t, c1)

	es, _ := store.Entries(ctx)
	if got := keysOf(es); !slices.Equal(got, keys) {
		t.Fatalf("outbox after the first process: %q, want %q", got, keys)
	}

	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	r2 := newRecorder()
	opts2 := fastOptions(r2)
	opts2.SendPolicy = SendOutbox
	opts2.Outbox = store
	c2 := start(t, srv.URL(), opts2)
	// The acks have no waiter in this process: they reach the handler.
	r2.waitFor(t, waitLong, "3 acks", func() bool { return len(r2.Msgs()) >= 3 })
	conns := srv.Conns()
	var got []string
	for _, cn := range conns {
		for _, f := range cn.Received {
			if strings.Contains(f.Text(), "send_chat") {
				m, _ := testCodec{}.Decode(f.Data)
				got = append(got, idempotencyKey(m))
			}
		}
	}
	if !slices.Equal(got, keys) {
		t.Errorf("server received keys %q, want %q in order", got, keys)
	}
	r2.waitFor(t, waitLong, "outbox empty", func() bool { return c2.OutboxLen() == 0 })
	closeClient(t, c2)
}

func TestOutboxRequestSurvivesLoss(t *testing.T) {
	srv := wstest.NewServer(t, &wstest.Options{Scripts: []wstest.Script{
		{wstest.Expect(wstest.Contains("send_chat"), waitLong), wstest.Drop()},
	}}, ackAll(t))
	r := newRecorder()
	opts := fastOptions(r)
	opts.SendPolicy = SendOutbox
	opts.Outbox = NewMemoryOutbox(0)
	c := start(t, srv.URL(), opts)
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	if _, err := c.Wait(ctx, fsm.StateLive); err != nil {
		t.Fatal(err)
	}
	m := &tSend{Room: "r", Text: "x"}
	reply, err := c.Request(ctx, m)
	if err != nil {
		t.Fatalf("Request: %v", err)
	}
	if correlationID(reply) != m.Ref {
		t.Errorf("reply ref %q, want %q", correlationID(reply), m.Ref)
	}
	if n := c.OutboxLen(); n != 0 {
		t.Errorf("outbox holds %d entries after the ack", n)
	}
	if c.Generation() < 2 {
		t.Errorf("Generation = %d, want a reconnect", c.Generation())
	}
}

// TestBeginPipelines: requests begun one after another go out in order and
// their replies are waited for afterwards.
func TestBeginPipelines(t *testing.T) {
	srv := wstest.NewServer(t, nil, ackSteps(t, 3)...)
	r := newRecorder()
	c := start(t, srv.URL(), fastOptions(r))
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	if _, err := c.Wait(ctx, fsm.StateLive); err != nil {
		t.Fatal(err)
	}
	var calls []*Call
	var refs []string
	for i := range 3 {
		call, err := c.Begin(ctx, &tSend{Room: "r", Text: "x"})
		if err != nil {
			t.Fatalf("Begin %d: %v", i, err)
		}
		calls = append(calls, call)
		refs = append(refs, call.Ref())
	}
	for i, call := range calls {
		reply, err := call.Wait(ctx)
		if err != nil || correlationID(reply) != refs[i] {
			t.Errorf("Wait %d = %v, %v; want the ack of %q", i, reply, err, refs[i])
		}
	}
	var got []string
	for _, f := range srv.Conns()[0].Received {
		m, _ := testCodec{}.Decode(f.Data)
		got = append(got, correlationID(m))
	}
	if !slices.Equal(got, refs) {
		t.Errorf("server received refs %q, want %q", got, refs)
	}
}

// TestOutboxSendWhileConnecting: a message put in the outbox while the
// client is still connecting goes out on the socket being opened — not only
// at a reconnect that a healthy session never makes — and exactly once,
// whichever of the put and the replay of the new socket comes first. The
// runs vary the moment of the send across the connect.
func TestOutboxSendWhileConnecting(t *testing.T) {
	runs := 100
	if testing.Short() {
		runs = 20
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var lost, dup []int
	for i := range runs {
		srv := wstest.NewServer(t, nil)
		c, err := New(srv.URL(), &Options{
			Protocol:     testProtocol(),
			SendPolicy:   SendOutbox,
			Outbox:       NewMemoryOutbox(0),
			CloseTimeout: 2 * time.Second,
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Start(ctx); err != nil {
			t.Fatal(err)
		}
		// Not a wait for anything: it moves the send across the connect.
		time.Sleep(time.Duration(i%20) * 100 * time.Microsecond)
		m := &tSend{Room: "r", Text: "x"}
		if _, err := c.Begin(ctx, m); err != nil {
			t.Fatalf("run %d: Begin: %v", i, err)
		}
		if _, err := c.Wait(ctx, fsm.StateLive); err != nil {
			t.Fatalf("run %d: Wait: %v", i, err)
		}
		sent := func(cn wstest.Conn) int {
			n := 0
			for _, f := range cn.Received {
				if strings.Contains(f.Text(), m.Key) {
					n++
				}
			}
			return n
		}
		if _, err := srv.WaitConn(0, time.Second, func(cn wstest.Conn) bool { return sent(cn) > 0 }); err != nil {
			lost = append(lost, i)
		}
		// Let the writer finish whatever it holds, then close: the server
		// has then received every frame written.
		for deadline := time.Now().Add(waitLong); ; runtime.Gosched() {
			c.mu.Lock()
			idle := c.q.Len() == 0 && !c.writer.running()
			c.mu.Unlock()
			if idle {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("run %d: the writer still holds frames after %v", i, waitLong)
			}
		}
		closeClient(t, c)
		cn, err := srv.WaitConn(0, waitLong, func(cn wstest.Conn) bool { return cn.Done })
		if err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		if sent(cn) > 1 {
			dup = append(dup, i)
		}
		srv.Close()
	}
	if len(lost) > 0 || len(dup) > 0 {
		t.Errorf("of %d runs, lost on the opening socket: %v; sent twice: %v", runs, lost, dup)
	}
}

// TestOutboxLen: OutboxLen counts the entries left by an earlier process
// from New on, and falls to 0 as their acknowledgements arrive; it is 0
// under the other policies.
func TestOutboxLen(t *testing.T) {
	ob := NewMemoryOutbox(0)
	for _, key := range []string{"k1", "k2"} {
		m := &tSend{Room: "r", Text: "left over", Key: key, Ref: "ref-" + key}
		data, _ := testCodec{}.Encode(m)
		if _, err := ob.Put(context.Background(), OutboxEntry{Key: key, Ref: m.Ref, Type: m.MessageType(), Frame: data}); err != nil {
			t.Fatal(err)
		}
	}

	srv := wstest.NewServer(t, nil, ackSteps(t, 3)...)
	r := newRecorder()
	opts := fastOptions(r)
	opts.SendPolicy = SendOutbox
	opts.Outbox = ob
	c, err := New(srv.URL(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if n := c.OutboxLen(); n != 2 {
		t.Errorf("OutboxLen before Start = %d, want 2", n)
	}
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, waitLong, "the acks", func() bool { return c.OutboxLen() == 0 })
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	if _, err := c.Wait(ctx, fsm.StateLive); err != nil {
		t.Fatal(err)
	}
	if err := c.Send(ctx, &tSend{Room: "r", Text: "new"}); err != nil {
		t.Fatal(err)
	}
	if n := c.OutboxLen(); n != 1 && n != 0 {
		t.Errorf("OutboxLen after a Send = %d, want 1 (or 0 once acked)", n)
	}
	r.waitFor(t, waitLong, "the ack", func() bool { return c.OutboxLen() == 0 })
	closeClient(t, c)
	if n := c.OutboxLen(); n != 0 {
		t.Errorf("OutboxLen after Close = %d, want 0", n)
	}

	for _, p := range []SendPolicy{SendReject, SendQueue} {
		opts := fastOptions(newRecorder())
		opts.SendPolicy = p
		c := start(t, srv.URL(), opts)
		if n := c.OutboxLen(); n != 0 {
			t.Errorf("OutboxLen under %s = %d, want 0", p, n)
		}
	}
}

func keysOf(es []OutboxEntry) []string {
	var ks []string
	for _, e := range es {
		ks = append(ks, e.Key)
	}
	return ks
}
