package chat_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/fsm"
	"github.com/wsgen/wsgen/generated/chat"
	"github.com/wsgen/wsgen/wstest"
	"go.uber.org/goleak"
)

// typedRecorder is a typed chat.Handler that records what it receives.
type typedRecorder struct {
	chat.UnimplementedHandler
	mu   sync.Mutex
	got  []string
	seen chan string
}

func newTypedRecorder() *typedRecorder { return &typedRecorder{seen: make(chan string, 100)} }

func (r *typedRecorder) add(s string) {
	r.mu.Lock()
	r.got = append(r.got, s)
	r.mu.Unlock()
	r.seen <- s
}

func (r *typedRecorder) OnChat(_ context.Context, m *chat.Chat) error {
	r.add(fmt.Sprintf("chat %s %d", m.Room, m.Seq))
	return nil
}

func (r *typedRecorder) OnPresence(_ context.Context, m *chat.Presence) error {
	r.add(fmt.Sprintf("presence %s %s", m.User, m.Status))
	return nil
}

func (r *typedRecorder) OnAck(_ context.Context, m *chat.Ack) error {
	r.add("ack " + m.Ref) // only an ack nobody waited for
	return nil
}

func (r *typedRecorder) records() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.got...)
}

// waitFor waits until the handler has recorded want.
func (r *typedRecorder) waitFor(t *testing.T, want string) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case s := <-r.seen:
			if s == want {
				return
			}
		case <-timeout:
			t.Fatalf("handler never received %q; got %q", want, r.records())
		}
	}
}

func chatEvent(seq int) []byte {
	return fmt.Appendf(nil, `{"type":"chat","id":"m%d","room":"lobby","seq":%d,"from":"ann","text":"hello %d","sent_at":"2026-01-02T03:04:05Z"}`, seq, seq, seq)
}

const (
	welcome  = `{"type":"welcome","session":"s1","heartbeat_ms":30000}`
	presence = `{"type":"presence","id":"p1","user":"bob","status":"online"}`
)

// ackOf answers a send_chat with an ack carrying its ref.
func ackOf(ok bool) func([]byte) []byte {
	return func(msg []byte) []byte {
		m, err := chat.Decode(msg)
		if err != nil {
			return nil
		}
		return fmt.Appendf(nil, `{"type":"ack","ref":%q,"ok":%t}`, m.(*chat.SendChat).Ref, ok)
	}
}

// TestClient runs the typed client against a wstest server on loopback: the typed
// handler receives chat and presence, SendChat returns the Ack, the server restarts
// (1012) and replays, and the same handler gets each event once on the new connection.
func TestClient(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) }) // registered first: runs after the server closes
	srv := wstest.NewServer(t, &wstest.Options{Scripts: []wstest.Script{
		{
			wstest.Send(welcome),
			wstest.Events(chatEvent, 1, 2),
			wstest.Send(presence),
			wstest.Expect(wstest.Contains(`"send_chat"`), 10*time.Second).Reply(ackOf(true)),
		},
		{ // after the restart: a replay of 2 and the presence (duplicates), then 3
			wstest.Send(welcome),
			wstest.Events(chatEvent, 2),
			wstest.Send(presence),
			wstest.Events(chatEvent, 3),
			wstest.Expect(wstest.Contains(`"send_chat"`), 10*time.Second).Reply(ackOf(false)),
		},
	}})
	h := newTypedRecorder()
	var mu sync.Mutex
	var states []fsm.State
	ctx := context.Background()
	c, err := chat.DialClient(ctx, srv.URL(), h, &conn.Options{
		Backoff: &fsm.Backoff{Base: 10 * time.Millisecond, Cap: 50 * time.Millisecond},
		OnState: func(sc conn.StateChange) {
			mu.Lock()
			states = append(states, sc.To)
			mu.Unlock()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if s, _ := c.State(); s != fsm.StateLive {
		t.Fatalf("State() after DialClient = %s, want live", s)
	}
	h.waitFor(t, "presence bob online")

	m := &chat.SendChat{Room: "lobby", Text: "hi"}
	ack, err := c.SendChat(ctx, m)
	if err != nil {
		t.Fatalf("SendChat: %v", err)
	}
	if m.Ref == "" || m.Key == "" || ack.Ref != m.Ref || !ack.Ok {
		t.Errorf("SendChat: ref %q, key %q, ack %+v; want filled ids and the ack of that ref", m.Ref, m.Key, ack)
	}
	if err := c.Typing(ctx, &chat.Typing{Room: "lobby"}); err != nil {
		t.Errorf("Typing: %v", err)
	}
	if _, err := srv.WaitConn(0, 10*time.Second, func(c wstest.Conn) bool {
		return len(c.Received) >= 2
	}); err != nil {
		t.Fatalf("the typing message never reached the server: %v", err)
	}

	gen := c.Conn().Generation()
	if err := srv.RestartWith(1012, "service restart"); err != nil {
		t.Fatal(err)
	}
	h.waitFor(t, "chat lobby 3") // frames of a new socket may arrive before it is published live
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if s, err := c.Wait(wctx, fsm.StateLive); err != nil {
		t.Fatalf("Wait(live) after the restart = %s, %v", s, err)
	}
	if g := c.Conn().Generation(); g <= gen {
		t.Errorf("Generation after the restart = %d, want > %d", g, gen)
	}
	ack, err = c.SendChat(ctx, &chat.SendChat{Room: "lobby", Text: "again"})
	if err != nil || ack.Ok {
		t.Errorf("SendChat after the restart = %+v, %v; want the server's ok=false ack", ack, err)
	}
	if err := c.Close(ctx); err != nil {
		t.Errorf("Close: %v", err)
	}
	select {
	case <-c.Done():
	default:
		t.Error("Done is not closed after Close")
	}
	if err := c.Err(); err != nil {
		t.Errorf("Err after Close = %v", err)
	}

	want := []string{"chat lobby 1", "chat lobby 2", "presence bob online", "chat lobby 3"}
	if diff := cmp.Diff(want, h.records()); diff != "" {
		t.Errorf("handler calls (-want +got):\n%s", diff)
	}
	mu.Lock()
	defer mu.Unlock()
	if n := countState(states, fsm.StateLive); n != 2 {
		t.Errorf("went live %d times, want 2 (states %v)", n, states)
	}
	if last := states[len(states)-1]; last != fsm.StateClosed {
		t.Errorf("last state = %s, want closed", last)
	}
	if _, err := c.SendChat(ctx, &chat.SendChat{Room: "lobby", Text: "late"}); !errors.Is(err, conn.ErrClosed) {
		t.Errorf("SendChat after Close = %v, want conn.ErrClosed", err)
	}
}

func countState(states []fsm.State, s fsm.State) int {
	n := 0
	for _, x := range states {
		if x == s {
			n++
		}
	}
	return n
}

// TestClientUnansweredAck: an ack whose request gave up goes to the typed handler.
func TestClientUnansweredAck(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) }) // registered first: runs after the server closes
	srv := wstest.NewServer(t, nil,
		wstest.Send(welcome),
		wstest.Expect(wstest.Contains(`"send_chat"`), 10*time.Second),
		wstest.Send(`{"type":"ack","ref":"r-late","ok":true}`),
	)
	h := newTypedRecorder()
	ctx := context.Background()
	c, err := chat.DialClient(ctx, srv.URL(), h, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	rctx, cancel := context.WithCancel(ctx)
	cancel() // the request gives up at once (after its frame is queued)
	if _, err := c.SendChat(rctx, &chat.SendChat{Ref: "r-late", Room: "lobby", Text: "x"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("SendChat with a cancelled context = %v, want context.Canceled", err)
	}
	// The frame may not have been written; send it again without waiting.
	if err := c.Conn().Send(ctx, &chat.SendChat{Ref: "r-late", Key: "k", Room: "lobby", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	h.waitFor(t, "ack r-late")
}

func TestNewClientOptions(t *testing.T) {
	opts := &conn.Options{Handler: conn.HandlerFunc(func(context.Context, conn.Message) error { return nil })}
	if _, err := chat.NewClient("ws://127.0.0.1:1/", newTypedRecorder(), opts); err == nil {
		t.Error("NewClient with both h and opts.Handler succeeded, want an error")
	}
	if opts.Protocol != nil {
		t.Error("NewClient modified the caller's options")
	}
	c, err := chat.NewClient("ws://127.0.0.1:1/", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := c.State(); s != fsm.StateIdle {
		t.Errorf("State of a new client = %s, want idle", s)
	}
	if err := c.Typing(context.Background(), &chat.Typing{Room: "lobby"}); !errors.Is(err, conn.ErrNotLive) {
		t.Errorf("Typing before Start = %v, want conn.ErrNotLive", err)
	}
	if err := c.Close(context.Background()); err != nil {
		t.Errorf("Close of a client never started = %v", err)
	}
}

func TestProtocol(t *testing.T) {
	p := chat.Protocol()
	if diff := cmp.Diff([]string{chat.TypeSnapshot, chat.TypeAck}, p.ReplyTypes); diff != "" {
		t.Errorf("ReplyTypes (-want +got):\n%s", diff)
	}
	if p.SnapshotReplyType != chat.TypeSnapshot {
		t.Errorf("SnapshotReplyType = %q", p.SnapshotReplyType)
	}
	req, ok := p.SnapshotRequest("lobby", 7).(*chat.SnapshotRequest)
	if !ok || req.Room != "lobby" || req.AfterSeq != 7 {
		t.Errorf("SnapshotRequest(lobby, 7) = %+v", req)
	}
	merged, err := fsm.MergeCloseRules(fsm.DefaultCloseRules(), p.CloseRules)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		code int
		want fsm.CloseAction
	}{{4001, fsm.CloseRefreshAuth}, {4003, fsm.CloseStop}, {4029, fsm.CloseReconnect}, {4400, fsm.CloseStop}, {1012, fsm.CloseReconnect}} {
		if got := fsm.LookupCloseRule(merged, tt.code).Action; got != tt.want {
			t.Errorf("close %d → %v, want %v", tt.code, got, tt.want)
		}
	}
	if r := fsm.LookupCloseRule(merged, 4029); r.MinDelay != 10*time.Second {
		t.Errorf("4029 MinDelay = %v, want 10s", r.MinDelay)
	}
	for _, cc := range chat.CloseCodes() {
		if len(p.CloseRules) != len(chat.CloseCodes()) {
			break
		}
		found := false
		for _, r := range p.CloseRules {
			found = found || r.Code == cc.Code && r.Name == cc.Name && r.Action.String() == cc.Action
		}
		if !found {
			t.Errorf("close code %d (%s, %s) missing from Protocol().CloseRules", cc.Code, cc.Name, cc.Action)
		}
	}
}

// TestClientRefusesInvalid: a send of a value Decode would refuse returns the
// *EncodeError (found with errors.As) and nothing reaches the server; the valid message
// sent after it is the first and only frame the server receives.
func TestClientRefusesInvalid(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) }) // registered first: runs after the server closes
	srv := wstest.NewServer(t, nil,
		wstest.Send(welcome),
		wstest.Expect(wstest.Contains(`"typing"`), 10*time.Second),
	)
	ctx := context.Background()
	c, err := chat.DialClient(ctx, srv.URL(), newTypedRecorder(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var ee *chat.EncodeError
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second) // no ack ever comes
	defer cancel()
	if _, err := c.SendChat(sctx, &chat.SendChat{Room: "Not A Room", Text: "hi"}); !errors.As(err, &ee) || ee.Type != chat.TypeSendChat || ee.Pointer != "/room" {
		t.Errorf("SendChat of an invalid room = %v, want an *EncodeError at /room", err)
	}
	if err := c.Typing(ctx, &chat.Typing{}); !errors.As(err, &ee) || ee.Type != chat.TypeTyping || ee.Pointer != "/room" {
		t.Errorf("Typing of an empty room = %v, want an *EncodeError at /room", err)
	}
	if err := c.Typing(ctx, &chat.Typing{Room: "lobby"}); err != nil {
		t.Fatalf("Typing: %v", err)
	}
	rec, err := srv.WaitConn(0, 10*time.Second, func(c wstest.Conn) bool { return len(c.Received) >= 1 })
	if err != nil {
		t.Fatal(err)
	}
	if got := wstest.Texts(rec.Received); len(got) != 1 || got[0] != `{"type":"typing","room":"lobby"}` {
		t.Errorf("server received %q, want only the valid typing", got)
	}
}
