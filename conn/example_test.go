package conn_test

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/conn/boltoutbox"
	"github.com/wsgen/wsgen/fsm"
	"github.com/wsgen/wsgen/generated/chat"
	"github.com/wsgen/wsgen/wstest"
)

// CodecOf adapts a generated package's Decode and Encode.
func ExampleCodecOf() {
	codec := conn.CodecOf(chat.Decode, chat.Encode)
	m, err := codec.Decode([]byte(`{"type":"ack","ref":"r1","ok":true}`))
	if err != nil {
		panic(err)
	}
	fmt.Println(m.MessageType(), m.(conn.Correlated).RoleCorrelationID())
	_, err = codec.Decode([]byte(`{"type":"ack","ok":true}`))
	fmt.Println(err != nil)
	// Output:
	// ack r1
	// true
}

// A client against an in-process wstest server: the replayed event is
// delivered once.
func ExampleClient() {
	srv, err := wstest.Listen(nil,
		wstest.Send(`{"type":"welcome","session":"s1","heartbeat_ms":30000}`),
		wstest.Send(`{"type":"chat","id":"e1","room":"lobby","seq":1,"from":"ann","text":"hi","sent_at":"2026-01-02T03:04:05Z"}`),
		wstest.Send(`{"type":"chat","id":"e1","room":"lobby","seq":1,"from":"ann","text":"hi","sent_at":"2026-01-02T03:04:05Z"}`),
		wstest.Send(`{"type":"chat","id":"e2","room":"lobby","seq":2,"from":"bob","text":"hello","sent_at":"2026-01-02T03:04:06Z"}`),
	)
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	var mu sync.Mutex
	var lines []string
	got := make(chan struct{}, 8)
	opts := &conn.Options{
		Protocol: &conn.Protocol{Codec: conn.CodecOf(chat.Decode, chat.Encode)},
		Handler: conn.HandlerFunc(func(_ context.Context, m conn.Message) error {
			line := m.MessageType()
			if c, ok := m.(*chat.Chat); ok {
				line = fmt.Sprintf("chat %s#%d from %s", c.Room, c.Seq, c.From)
			}
			mu.Lock()
			lines = append(lines, line)
			mu.Unlock()
			got <- struct{}{}
			return nil
		}),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := conn.Dial(ctx, srv.URL(), opts)
	if err != nil {
		panic(err)
	}
	for range 3 {
		<-got
	}
	if err := c.Close(ctx); err != nil {
		panic(err)
	}
	st, _ := c.State()
	mu.Lock()
	defer mu.Unlock()
	for _, l := range lines {
		fmt.Println(l)
	}
	fmt.Println("state:", st)
	// Output:
	// welcome
	// chat lobby#1 from ann
	// chat lobby#2 from bob
	// state: closed
}

// Typical use: dial with a token source, a handler, a state observer and
// the durable outbox, then send a request and wait for its ack.
func ExampleDial() {
	ctx := context.Background()
	outbox, err := boltoutbox.Open("chat-outbox.db", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer outbox.Close() // after the Client's Close (deferred below, so it runs first)
	opts := &conn.Options{
		Protocol: &conn.Protocol{
			Codec:             conn.CodecOf(chat.Decode, chat.Encode),
			SnapshotRequest:   func(room string, after int64) conn.Message { return chat.NewSnapshotRequest(room, after) },
			SnapshotReplyType: chat.SnapshotReplyType,
			ReplyTypes:        []string{chat.TypeAck, chat.TypeSnapshot},
		},
		Handler: conn.HandlerFunc(func(ctx context.Context, m conn.Message) error {
			return chat.Dispatch(ctx, chat.UnimplementedHandler{}, m.(chat.Message))
		}),
		Token: conn.TokenFunc(func(ctx context.Context) (string, time.Time, error) {
			return "token from your identity provider", time.Now().Add(time.Hour), nil
		}),
		OnState: func(sc conn.StateChange) {
			fmt.Println(sc.From, "->", sc.To, sc.Reason)
		},
		SendPolicy: conn.SendOutbox,
		Outbox:     outbox, // or conn.NewMemoryOutbox(0): survives reconnects, not restarts
		Backoff:    &fsm.Backoff{Cap: 10 * time.Second},
	}
	c, err := conn.Dial(ctx, "wss://chat.example/ws", opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close(ctx)
	reply, err := c.Request(ctx, &chat.SendChat{Room: "lobby", Text: "hi"})
	fmt.Println(reply, err)
}
