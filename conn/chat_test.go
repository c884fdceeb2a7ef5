package conn_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/fsm"
	"github.com/wsgen/wsgen/generated/chat"
	"github.com/wsgen/wsgen/wstest"
)

// chatProtocol wires the generated chat package into the runtime, as the
// generated typed client does.
func chatProtocol(tb testing.TB) *conn.Protocol {
	var rules []fsm.CloseRule
	for _, cc := range chat.CloseCodes() {
		a, err := fsm.ParseCloseAction(cc.Action)
		if err != nil {
			tb.Fatal(err)
		}
		rules = append(rules, fsm.CloseRule{Code: cc.Code, Name: cc.Name, Action: a, MinDelay: cc.MinDelay})
	}
	var replies []string
	for _, mi := range chat.Messages() {
		if mi.Inbound && mi.CorrelationID != "" {
			replies = append(replies, mi.Type)
		}
	}
	return &conn.Protocol{
		Codec: conn.CodecOf(chat.Decode, chat.Encode),
		SnapshotRequest: func(stream string, after int64) conn.Message {
			return chat.NewSnapshotRequest(stream, after)
		},
		SnapshotReplyType: chat.SnapshotReplyType,
		ReplyTypes:        replies,
		CloseRules:        rules,
	}
}

func chatEvent(room string, seq int) []byte {
	return fmt.Appendf(nil, `{"type":"chat","id":"%s-%d","room":"%s","seq":%d,"from":"ann","text":"secret %d","sent_at":"2026-01-02T03:04:05Z"}`, room, seq, room, seq, seq)
}

// chatHandler records what the generated dispatcher delivers.
type chatHandler struct {
	chat.UnimplementedHandler
	mu  sync.Mutex
	got []string
}

func (h *chatHandler) add(s string) {
	h.mu.Lock()
	h.got = append(h.got, s)
	h.mu.Unlock()
}

func (h *chatHandler) Got() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.got)
}

func (h *chatHandler) OnWelcome(_ context.Context, m *chat.Welcome) error {
	h.add("welcome")
	return nil
}

func (h *chatHandler) OnChat(_ context.Context, m *chat.Chat) error {
	h.add(fmt.Sprintf("chat %s#%d", m.Room, m.Seq))
	return nil
}

func (h *chatHandler) OnSnapshot(_ context.Context, m *chat.Snapshot) error {
	h.add(fmt.Sprintf("snapshot %s@%d (%d messages)", m.Room, m.Seq, len(m.Messages)))
	return nil
}

func (h *chatHandler) OnAck(_ context.Context, m *chat.Ack) error {
	h.add("ack " + m.Ref)
	return nil
}

func (h *chatHandler) HandleMessage(ctx context.Context, m conn.Message) error {
	return chat.Dispatch(ctx, h, m.(chat.Message))
}

// TestChatScenario runs the generated chat codec through the runtime
// against wstest: duplicates, a gap answered by a snapshot, an invalid
// frame, a request and its ack, a 4001 token expiry with refresh, and a
// going-away close.
func TestChatScenario(t *testing.T) {
	iss := wstest.NewTokenIssuer(nil)
	gen := func(seq int) []byte { return chatEvent("lobby", seq) }
	snapshotReply := func(msg []byte) []byte {
		m, err := chat.Decode(msg)
		if err != nil {
			t.Errorf("server: %v", err)
			return nil
		}
		req := m.(*chat.SnapshotRequest)
		return fmt.Appendf(nil, `{"type":"snapshot","ref":%q,"room":%q,"seq":4,"messages":[%s,%s]}`,
			req.Ref, req.Room, chatEvent("lobby", 3), chatEvent("lobby", 4))
	}
	ack := func(msg []byte) []byte {
		m, err := chat.Decode(msg)
		if err != nil {
			t.Errorf("server: %v", err)
			return nil
		}
		return fmt.Appendf(nil, `{"type":"ack","ref":%q,"ok":true}`, m.(*chat.SendChat).Ref)
	}
	srv := wstest.NewServer(t, &wstest.Options{Tokens: iss, Scripts: []wstest.Script{{
		wstest.Send(`{"type":"welcome","session":"s1","heartbeat_ms":30000}`),
		wstest.Events(gen, 1, 2, 2, 5),
		wstest.Expect(wstest.Contains(`"snapshot_request"`), 10*time.Second).Reply(snapshotReply),
		wstest.SendRaw([]byte(`{"type":"chat","id":"x"}`)),
		wstest.Events(gen, 6),
		wstest.Expect(wstest.Contains(`"send_chat"`), 10*time.Second).Reply(ack),
		wstest.CloseWith(4001, "token expired"),
	}}},
		wstest.Send(`{"type":"welcome","session":"s2","heartbeat_ms":30000}`),
		wstest.Events(gen, 5, 6, 7),
	)
	h := &chatHandler{}
	var mu sync.Mutex
	var notices []string
	opts := &conn.Options{
		Protocol: chatProtocol(t),
		Handler:  h,
		OnNotice: func(n conn.Notice) {
			mu.Lock()
			notices = append(notices, fmt.Sprintf("%s %s %d", n.Kind, n.Reason, n.Seq))
			mu.Unlock()
		},
		Token: conn.TokenFunc(func(context.Context) (string, time.Time, error) {
			tok := iss.Issue(time.Hour)
			exp, _ := iss.Expiry(tok)
			return tok, exp, nil
		}),
		Backoff: &fsm.Backoff{Base: 5 * time.Millisecond, Cap: 20 * time.Millisecond},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := conn.Dial(ctx, srv.URL(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	waitGot := func(n int) {
		deadline := time.Now().Add(15 * time.Second)
		for len(h.Got()) < n && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
	}
	waitGot(6) // the server's Expect steps take client messages in order
	reply, err := c.Request(ctx, &chat.SendChat{Room: "lobby", Key: "k1", Text: "hello"})
	if err != nil {
		t.Fatalf("Request: %v", err)
	}
	if a, ok := reply.(*chat.Ack); !ok || !a.Ok {
		t.Fatalf("reply %#v, want an ok ack", reply)
	}
	want := []string{"welcome", "chat lobby#1", "chat lobby#2", "snapshot lobby@4 (2 messages)", "chat lobby#5", "chat lobby#6", "welcome", "chat lobby#7"}
	waitGot(len(want))
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if got := h.Got(); !slices.Equal(got, want) {
		t.Errorf("delivered\n%q\nwant\n%q", got, want)
	}
	mu.Lock()
	defer mu.Unlock()
	wantNotices := []string{"dropped duplicate 2", "gap  5", "snapshot  4", "invalid  0", "dropped duplicate 5", "dropped duplicate 6"}
	if !slices.Equal(notices, wantNotices) {
		t.Errorf("notices\n%q\nwant\n%q", notices, wantNotices)
	}
	if g := c.Generation(); g != 2 {
		t.Errorf("Generation = %d, want 2 (one refresh)", g)
	}
	conns := srv.Conns()
	if conns[0].Token == conns[len(conns)-1].Token {
		t.Errorf("the token was not refreshed: %q", conns[0].Token)
	}
}
