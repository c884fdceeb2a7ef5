package gemini_test

import (
	"context"
	"fmt"

	"github.com/wsgen/wsgen/generated/gemini"
)

type book struct {
	gemini.UnimplementedHandler
}

func (book) OnUpdate(_ context.Context, u *gemini.Update) error {
	for _, e := range u.Events {
		fmt.Printf("#%d %s %s %.2f remaining %g\n", u.SocketSequence, *e.Type, *e.Side, *e.Price, *e.Remaining)
	}
	return nil
}

func (book) OnHeartbeat(_ context.Context, h *gemini.Heartbeat) error {
	fmt.Printf("#%d heartbeat\n", h.SocketSequence)
	return nil
}

// The third frame has side "ask", which the AsyncAPI document's enum lacks (a defect of
// the source kept as written; see testdata/gemini/README.md).
func ExampleDispatchFrame() {
	ctx := context.Background()
	for _, frame := range []string{
		`{"type":"update","eventId":36902233362,"timestamp":1619769673,"timestampms":1619769673527,"socket_sequence":661,"events":[{"type":"change","side":"bid","price":54350.40,"remaining":0.002,"delta":0.002,"reason":"place"}]}`,
		`{"type":"heartbeat","socket_sequence":662}`,
		`{"type":"update","eventId":36902233363,"timestamp":1619769674,"timestampms":1619769674000,"socket_sequence":663,"events":[{"type":"change","side":"ask","price":54351,"remaining":1,"delta":1,"reason":"place"}]}`,
	} {
		if err := gemini.DispatchFrame(ctx, book{}, []byte(frame)); err != nil {
			fmt.Println(err)
		}
	}
	// Output:
	// #661 change bid 54350.40 remaining 0.002
	// #662 heartbeat
	// gemini: decode "update" at /events/0/side: string is not one of the enum values
}
