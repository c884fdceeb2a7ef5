package chat_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/wsgen/wsgen/generated/chat"
)

func ExampleDecode() {
	m, err := chat.Decode([]byte(`{"type":"chat","id":"e1","room":"general","seq":1,"from":"ana","text":"hi","sent_at":"2026-11-25T20:00:00Z"}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	c := m.(*chat.Chat)
	fmt.Println(c.MessageType(), c.Room, c.Seq, c.Text)

	_, err = chat.Decode([]byte(`{"type":"chat","id":"e1","room":"General","seq":1,"from":"ana","text":"hi","sent_at":"x"}`))
	var de *chat.DecodeError
	if errors.As(err, &de) {
		fmt.Println(de.Type, de.Pointer, de.Reason)
	}
	// Output:
	// chat general 1 hi
	// chat /room string does not match pattern "^[a-z0-9][a-z0-9_-]*$"
}

func ExampleEncode() {
	b, err := chat.Encode(&chat.SendChat{Ref: "r1", Key: "k1", Room: "general", Text: "hello"})
	fmt.Println(string(b), err)
	// Output:
	// {"type":"send_chat","ref":"r1","key":"k1","room":"general","text":"hello"} <nil>
}

type printer struct {
	chat.UnimplementedHandler
}

func (printer) OnChat(_ context.Context, m *chat.Chat) error {
	fmt.Printf("%s in %s: %s\n", m.From, m.Room, m.Text)
	return nil
}

func (printer) OnUnknown(_ context.Context, typ string, _ []byte) error {
	fmt.Println("ignored", typ)
	return nil
}

func ExampleDispatch() {
	ctx := context.Background()
	for _, frame := range []string{
		`{"type":"chat","id":"e1","room":"general","seq":1,"from":"ana","text":"hi","sent_at":"2026-11-25T20:00:00Z"}`,
		`{"type":"presence","id":"p1","user":"bo","status":"online"}`,
		`{"type":"reaction","emoji":"+1"}`,
	} {
		if err := chat.DispatchFrame(ctx, printer{}, []byte(frame)); err != nil {
			fmt.Println(err)
		}
	}
	// Output:
	// ana in general: hi
	// ignored reaction
}
