package conn

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/wsgen/wsgen/wstest"
)

// countText counts the data messages of c equal to text.
func countText(c wstest.Conn, text string) int {
	n := 0
	for _, f := range c.Received {
		if f.Text() == text {
			n++
		}
	}
	return n
}

func equals(text string) func([]byte) bool {
	return func(msg []byte) bool { return string(msg) == text }
}

// noInvalid fails when the client reported a frame as invalid.
func noInvalid(t *testing.T, r *recorder) {
	t.Helper()
	for _, n := range r.Notices() {
		if n.Kind == NoticeInvalid {
			t.Errorf("notice %s: %v", n.Kind, n.Err)
		}
	}
}

// The server's literal "ping" is answered with "pong", neither is decoded or
// delivered, and the messages around them are.
func TestTextHeartbeatServerPings(t *testing.T) {
	srv := wstest.NewServer(t, nil,
		wstest.SendRaw(chatJSON("r", 1)),
		wstest.Send("ping"),
		wstest.Expect(equals("pong"), waitLong),
		wstest.Send("pong"), // an unsolicited pong is swallowed too
		wstest.SendRaw(chatJSON("r", 2)),
	)
	r := newRecorder()
	opts := fastOptions(r)
	opts.Protocol.Heartbeat = Heartbeat{Ping: []byte("ping"), Pong: []byte("pong")}
	c := start(t, srv.URL(), opts)
	r.waitFor(t, waitLong, "two chats", func() bool { return len(r.Msgs()) >= 2 })
	conn, err := srv.WaitConn(0, waitLong, func(c wstest.Conn) bool { return countText(c, "pong") >= 1 })
	if err != nil {
		t.Fatal(err)
	}
	closeClient(t, c)
	if got := strings.Join(r.Msgs(), ","); got != "chat r-1,chat r-2" {
		t.Errorf("delivered %s, want chat r-1,chat r-2", got)
	}
	if n := countText(conn, "pong"); n != 1 {
		t.Errorf("client sent %d pongs, want 1", n)
	}
	noInvalid(t, r)
}

// A flood of pings queues at most one unwritten answer at a time: the client
// answers, never more pongs than pings, and stays live.
func TestTextHeartbeatPingFlood(t *testing.T) {
	const pings = 2000
	steps := []wstest.Step{}
	for range pings {
		steps = append(steps, wstest.Send("ping"))
	}
	steps = append(steps, wstest.SendRaw(chatJSON("r", 1)))
	srv := wstest.NewServer(t, nil, steps...)
	r := newRecorder()
	opts := fastOptions(r)
	opts.Protocol.Heartbeat = Heartbeat{Ping: []byte("ping"), Pong: []byte("pong")}
	c := start(t, srv.URL(), opts)
	r.waitFor(t, waitLong, "the chat after the pings", func() bool { return len(r.Msgs()) >= 1 })
	conn, err := srv.WaitConn(0, waitLong, func(c wstest.Conn) bool { return countText(c, "pong") >= 1 })
	if err != nil {
		t.Fatal(err)
	}
	closeClient(t, c)
	if n := countText(conn, "pong"); n < 1 || n > pings {
		t.Errorf("client sent %d pongs for %d pings", n, pings)
	}
	t.Logf("%d pings answered by %d pongs", pings, countText(conn, "pong"))
	noInvalid(t, r)
}

// The client sends its literal ping every Interval while live; the server's
// pongs are swallowed.
func TestTextHeartbeatClientPings(t *testing.T) {
	srv := wstest.NewServer(t, nil,
		wstest.ReplyAll(equals("ping"), func([]byte) []byte { return []byte("pong") }),
	)
	r := newRecorder()
	opts := fastOptions(r)
	opts.Protocol.Heartbeat = Heartbeat{Ping: []byte("ping"), Pong: []byte("pong"), Interval: 20 * time.Millisecond}
	c := start(t, srv.URL(), opts)
	if _, err := srv.WaitConn(0, waitLong, func(c wstest.Conn) bool { return countText(c, "ping") >= 3 }); err != nil {
		t.Fatal(err)
	}
	closeClient(t, c)
	if got := r.Msgs(); len(got) != 0 {
		t.Errorf("delivered %q, want nothing (pongs are not messages)", got)
	}
	noInvalid(t, r)
}

// A JSON heartbeat message is encoded by the codec and sent every Interval.
func TestJSONHeartbeat(t *testing.T) {
	srv := wstest.NewServer(t, nil)
	r := newRecorder()
	opts := fastOptions(r)
	opts.Protocol.Heartbeat = Heartbeat{
		Message:  func() Message { return &tTyping{Room: "beat"} },
		Interval: 20 * time.Millisecond,
	}
	c := start(t, srv.URL(), opts)
	conn, err := srv.WaitConn(0, waitLong, func(c wstest.Conn) bool { return len(c.Received) >= 3 })
	if err != nil {
		t.Fatal(err)
	}
	closeClient(t, c)
	for _, f := range conn.Received[:3] {
		if !bytes.Contains(f.Data, []byte(`"typing"`)) || !bytes.Contains(f.Data, []byte(`"beat"`)) {
			t.Errorf("heartbeat frame %s, want the typing message", f.Data)
		}
	}
}

func TestHeartbeatOptionsRefused(t *testing.T) {
	for _, tt := range []struct {
		h    Heartbeat
		want string
	}{
		{Heartbeat{Interval: -1}, "negative"},
		{Heartbeat{Interval: time.Second}, "needs Message or Ping"},
		{Heartbeat{Ping: []byte("p"), Pong: []byte("p")}, "the same frame"},
	} {
		opts := fastOptions(newRecorder())
		opts.Protocol.Heartbeat = tt.h
		_, err := New("ws://127.0.0.1:1/", opts)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: error %v, want one containing %q", tt.h, err, tt.want)
		}
	}
}
