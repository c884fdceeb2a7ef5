package conn

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
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

func pingJSON(ts int) []byte { return fmt.Appendf(nil, `{"type":"ping","ts":%d}`, ts) }
func pongJSON(ts int) string { return fmt.Sprintf(`{"type":"pong","ts":%d}`, ts) }
func jsonPings(c wstest.Conn) []string {
	var out []string
	for _, f := range c.Received {
		out = append(out, f.Text())
	}
	return out
}

// The server's JSON pings are answered with JSON pongs echoing their ts,
// exactly, while the Handler is still busy with the message before them;
// no ping reaches the Handler or is reported.
func TestJSONHeartbeatServerPings(t *testing.T) {
	srv := wstest.NewServer(t, nil,
		wstest.SendRaw(chatJSON("r", 1)),
		wstest.SendRaw(pingJSON(1492420473027)),
		wstest.Expect(equals(pongJSON(1492420473027)), waitLong),
		wstest.SendRaw(pingJSON(-5)),
		wstest.Expect(equals(pongJSON(-5)), waitLong),
		wstest.SendRaw(chatJSON("r", 2)),
	)
	r := newRecorder()
	opts := fastOptions(r)
	opts.Protocol.Heartbeat = Heartbeat{Answer: answerPing}
	release := make(chan struct{})
	opts.Handler = HandlerFunc(func(ctx context.Context, m Message) error {
		if _, ok := m.(*tChat); ok && len(r.Msgs()) == 0 {
			<-release // the first chat holds the Handler until both pings are answered
		}
		return r.HandleMessage(ctx, m)
	})
	c := start(t, srv.URL(), opts)
	conn, err := srv.WaitConn(0, waitLong, func(c wstest.Conn) bool { return len(c.Received) >= 2 })
	close(release)
	if err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, waitLong, "two chats", func() bool { return len(r.Msgs()) >= 2 })
	closeClient(t, c)
	conn, _ = srv.WaitConn(0, waitLong, func(wstest.Conn) bool { return true })
	if got, want := jsonPings(conn), []string{pongJSON(1492420473027), pongJSON(-5)}; !slices.Equal(got, want) {
		t.Errorf("client sent %q, want %q", got, want)
	}
	if got := strings.Join(r.Msgs(), ","); got != "chat r-1,chat r-2" {
		t.Errorf("delivered %s, want chat r-1,chat r-2", got)
	}
	if err := conn.Err; err != nil {
		t.Errorf("server script: %v", err)
	}
	if n := r.Notices(); len(n) != 0 {
		t.Errorf("notices %+v, want none", n)
	}
}

// A flood of JSON pings queues at most one answer: the client answers in
// order, never more often than pinged, each pong echoing a ping it got, the
// last one the last ping; nothing is delivered but the chat after them.
func TestJSONHeartbeatPingFlood(t *testing.T) {
	const pings = 5000
	steps := []wstest.Step{}
	for i := range pings {
		steps = append(steps, wstest.SendRaw(pingJSON(i+1)))
	}
	steps = append(steps, wstest.SendRaw(chatJSON("r", 1)))
	srv := wstest.NewServer(t, nil, steps...)
	r := newRecorder()
	opts := fastOptions(r)
	opts.Protocol.Heartbeat = Heartbeat{Answer: answerPing}
	c := start(t, srv.URL(), opts)
	r.waitFor(t, waitLong, "the chat after the pings", func() bool { return len(r.Msgs()) >= 1 })
	conn, err := srv.WaitConn(0, waitLong, func(c wstest.Conn) bool {
		return len(c.Received) > 0 && c.Received[len(c.Received)-1].Text() == pongJSON(pings)
	})
	if err != nil {
		t.Fatal(err)
	}
	closeClient(t, c)
	got := jsonPings(conn)
	if len(got) < 1 || len(got) > pings {
		t.Fatalf("client sent %d pongs for %d pings", len(got), pings)
	}
	last := 0
	for _, f := range got {
		var ts int
		if _, err := fmt.Sscanf(f, `{"type":"pong","ts":%d}`, &ts); err != nil || f != pongJSON(ts) || ts <= last || ts > pings {
			t.Fatalf("pong %s after ts %d: want {\"type\":\"pong\",\"ts\":N} with %d < N <= %d", f, last, last, pings)
		}
		last = ts
	}
	t.Logf("%d JSON pings answered by %d pongs", pings, len(got))
	if got := strings.Join(r.Msgs(), ","); got != "chat r-1" {
		t.Errorf("delivered %s, want chat r-1", got)
	}
	if n := r.Notices(); len(n) != 0 {
		t.Errorf("notices %+v, want none", n)
	}
}

// Answers to the server go ahead of queued messages, one of each kind; a
// JSON answer waiting is replaced by a later ping's; the client's own
// heartbeat goes last; nothing is queued for a socket that is not live.
func TestHeartbeatQueue(t *testing.T) {
	c, err := New("ws://127.0.0.1:1/", fastOptions(newRecorder()))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	c.mu.Lock()
	c.ws = new(websocket.Conn)
	c.writeBad = c.ws // no writer runs: the queue stays as built
	c.gen = 7
	for i := range 3 {
		c.q.Push(outFrame{data: chatJSON("q", i), typ: "chat"})
	}
	c.mu.Unlock()
	for i := range 1000 {
		c.queueBeat(7, outFrame{data: []byte(pongJSON(i)), internal: true, beat: beatAnswer})
		c.queueBeat(7, outFrame{data: []byte("pong"), internal: true, beat: beatPong})
		c.queueBeat(7, outFrame{data: []byte("ping"), internal: true, beat: beatOwn})
	}
	c.queueBeat(6, outFrame{data: []byte(pongJSON(-1)), internal: true, beat: beatAnswer}) // an old socket's ping
	c.mu.Lock()
	var got []string
	size := 0
	for {
		f, ok := c.q.Pop()
		if !ok {
			break
		}
		got = append(got, string(f.data))
		size += len(f.data)
	}
	bytes := c.q.Bytes()
	c.ws, c.writeBad = nil, nil
	c.mu.Unlock()
	want := []string{"pong", pongJSON(999)} // each answer is put first when queued
	for i := range 3 {
		want = append(want, string(chatJSON("q", i)))
	}
	want = append(want, "ping")
	if !slices.Equal(got, want) {
		t.Errorf("queue %q, want %q", got, want)
	}
	if bytes != 0 {
		t.Errorf("queue holds %d bytes once empty (replace miscounted)", bytes)
	}
}

func TestJSONPingSkipsNonPings(t *testing.T) {
	c, err := New("ws://127.0.0.1:1/", fastOptions(newRecorder()))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	if c.jsonPing(0, &tChat{}) {
		t.Errorf("a chat was taken for a ping")
	}
}
