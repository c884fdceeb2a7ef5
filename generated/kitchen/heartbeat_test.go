package kitchen_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/generated/kitchen"
	"github.com/wsgen/wsgen/wstest"
)

// The protocol's x-wsgen heartbeat reaches the runtime: the server's literal "ping" is
// answered with "pong" and is no invalid frame, and the client sends its JSON heartbeat
// (the ping message) every interval.
func TestHeartbeat(t *testing.T) {
	srv := wstest.NewServer(t, nil,
		wstest.Send("ping"),
		wstest.Expect(func(msg []byte) bool { return string(msg) == "pong" }, 10*time.Second),
	)
	p := kitchen.Protocol()
	if string(p.Heartbeat.Ping) != "ping" || string(p.Heartbeat.Pong) != "pong" || p.Heartbeat.Interval != 15*time.Second {
		t.Fatalf("Protocol().Heartbeat = %+v, want ping/pong every 15s as the schema says", p.Heartbeat)
	}
	if m, ok := p.Heartbeat.Message().(*kitchen.Ping); !ok || m == nil {
		t.Fatalf("Protocol().Heartbeat.Message() = %T, want *kitchen.Ping", p.Heartbeat.Message())
	}
	p.Heartbeat.Interval = 30 * time.Millisecond // the test's pace
	var mu sync.Mutex
	var invalid []error
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := kitchen.DialClient(ctx, srv.URL(), kitchen.UnimplementedHandler{}, &conn.Options{
		Protocol: p,
		OnNotice: func(n conn.Notice) {
			if n.Kind == conn.NoticeInvalid {
				mu.Lock()
				invalid = append(invalid, n.Err)
				mu.Unlock()
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := srv.WaitConn(0, 10*time.Second, func(c wstest.Conn) bool {
		pongs, beats := 0, 0
		for _, f := range c.Received {
			switch f.Text() {
			case "pong":
				pongs++
			case `{"kind":"ping"}`:
				beats++
			}
		}
		return pongs == 1 && beats >= 2
	})
	if err != nil {
		t.Fatalf("%v (received %d messages)", err, len(rec.Received))
	}
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(invalid) > 0 {
		t.Errorf("invalid frames reported: %v", invalid)
	}
}
