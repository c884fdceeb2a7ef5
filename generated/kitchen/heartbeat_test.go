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

// recordingHandler records the messages the Handler receives.
type recordingHandler struct {
	kitchen.UnimplementedHandler
	mu   sync.Mutex
	msgs []string
}

func (h *recordingHandler) OnServerPing(ctx context.Context, m *kitchen.ServerPing) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.msgs = append(h.msgs, "server_ping")
	return nil
}

func (h *recordingHandler) OnEvent(ctx context.Context, m *kitchen.Event) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.msgs = append(h.msgs, "event "+m.ID)
	return nil
}

// The server's JSON heartbeat (server_ping, x-wsgen heartbeat {"answer": "server_pong",
// "echo": …}) is answered through the generated Protocol().Heartbeat.Answer with the
// exact server_pong echoing ts and id, and never reaches the Handler.
func TestJSONPing(t *testing.T) {
	srv := wstest.NewServer(t, nil,
		wstest.Send(`{"kind":"server_ping","ts":1492420473027,"id":"a1"}`),
		wstest.Expect(func(msg []byte) bool {
			return string(msg) == `{"kind":"server_pong","ts":1492420473027,"ping_id":"a1"}`
		}, 10*time.Second),
		wstest.Send(`{"kind":"event","id":"e1","topic":"t","n":1}`),
	)
	p := kitchen.Protocol()
	p.Heartbeat.Interval = 0 // only the answers on the wire
	h := &recordingHandler{}
	var mu sync.Mutex
	var notices []conn.Notice
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := kitchen.DialClient(ctx, srv.URL(), h, &conn.Options{
		Protocol: p,
		OnNotice: func(n conn.Notice) { mu.Lock(); notices = append(notices, n); mu.Unlock() },
	})
	if err != nil {
		t.Fatal(err)
	}
	for {
		h.mu.Lock()
		n := len(h.msgs)
		h.mu.Unlock()
		if n > 0 || ctx.Err() != nil {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}
	rec, _ := srv.WaitConn(0, time.Second, func(wstest.Conn) bool { return true })
	var sent []string
	for _, f := range rec.Received {
		sent = append(sent, f.Text())
	}
	if want := `{"kind":"server_pong","ts":1492420473027,"ping_id":"a1"}`; len(sent) != 1 || sent[0] != want {
		t.Errorf("client sent %q, want [%s]", sent, want)
	}
	if rec.Err != nil {
		t.Errorf("server script: %v", rec.Err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.msgs) != 1 || h.msgs[0] != "event e1" {
		t.Errorf("handler got %q, want only the event", h.msgs)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(notices) > 0 {
		t.Errorf("notices %+v, want none", notices)
	}
}
