package chat_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/generated/chat"
)

// lobby is a typed handler: it embeds UnimplementedHandler and handles chat messages.
type lobby struct{ chat.UnimplementedHandler }

func (lobby) OnChat(_ context.Context, m *chat.Chat) error {
	fmt.Println(m.Room, m.Seq, m.From) // once each, in order, across reconnects
	return nil
}

// ExampleDialClient connects the typed chat client (this example needs a server, so it
// is compiled, not run).
func ExampleDialClient() {
	ctx := context.Background()
	c, err := chat.DialClient(ctx, "wss://chat.example/ws", lobby{}, &conn.Options{
		Token: conn.TokenFunc(func(ctx context.Context) (string, time.Time, error) {
			return "token from your identity provider", time.Now().Add(time.Hour), nil
		}),
		SendPolicy: conn.SendQueue,
		OnState:    func(sc conn.StateChange) { log.Println(sc.From, "->", sc.To, sc.Reason) },
	})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close(ctx) // 1001 going away

	ack, err := c.SendChat(ctx, &chat.SendChat{Room: "lobby", Text: "hello"}) // ref and key filled in
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("acknowledged:", ack.Ok)
	if err := c.Typing(ctx, &chat.Typing{Room: "lobby"}); err != nil { // no reply declared
		log.Print(err)
	}
}
