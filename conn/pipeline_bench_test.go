package conn

import (
	"context"
	"sync/atomic"
	"testing"
)

// BenchmarkPipeline measures the inbound pipeline without a network: decode
// (the test codec), de-duplication, sequencing and delivery to a Handler.
func BenchmarkPipeline(b *testing.B) {
	frames := make([][]byte, b.N)
	for i := range frames {
		frames[i] = chatJSON("r", i+1)
	}
	var n atomic.Int64
	done := make(chan struct{})
	c, err := New("ws://127.0.0.1:1/", &Options{
		Protocol: testProtocol(),
		Handler: HandlerFunc(func(context.Context, Message) error {
			if n.Add(1) == int64(b.N) {
				close(done)
			}
			return nil
		}),
	})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close(context.Background())
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		c.waitInbox()
		c.receiveFrame(0, frames[i])
	}
	<-done
}
