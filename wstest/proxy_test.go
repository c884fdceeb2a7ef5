package wstest

import (
	"bytes"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func newProxy(t *testing.T, target string) *Proxy {
	t.Helper()
	p, err := NewProxy(target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// reader reads messages on a goroutine so a test can wait for one with a timeout
// without breaking the connection (a gorilla read timeout is permanent).
func reader(ws *websocket.Conn) <-chan string {
	ch := make(chan string, 16)
	go func() {
		defer close(ch)
		ws.SetReadDeadline(time.Time{})
		for {
			_, d, err := ws.ReadMessage()
			if err != nil {
				return
			}
			ch <- string(d)
		}
	}()
	return ch
}

func recv(t *testing.T, ch <-chan string) string {
	t.Helper()
	select {
	case m, ok := <-ch:
		if !ok {
			t.Fatal("connection ended")
		}
		return m
	case <-time.After(wait):
		t.Fatal("no message")
	}
	return ""
}

// quiet asserts that nothing arrives for d: a fault is holding traffic.
func quiet(t *testing.T, ch <-chan string, d time.Duration) {
	t.Helper()
	select {
	case m := <-ch:
		t.Fatalf("received %q through a blackhole", m)
	case <-time.After(d):
	}
}

func TestProxyForwards(t *testing.T) {
	srv := NewServer(t, nil, Echo())
	p := newProxy(t, srv.Addr())
	if p.Target() != srv.Addr() || p.URL() != "ws://"+p.Addr()+"/" {
		t.Errorf("Target %s URL %s", p.Target(), p.URL())
	}
	ws := dial(t, p.URL(), nil)
	ws.WriteMessage(websocket.TextMessage, []byte("hello"))
	if _, d := read(t, ws); d != "hello" {
		t.Fatalf("echo = %q", d)
	}
	st := p.Stats()
	if st.Accepted != 1 || st.Active != 1 || st.Up == 0 || st.Down == 0 {
		t.Errorf("Stats = %+v", st)
	}
}

func TestProxyCut(t *testing.T) {
	srv := NewServer(t, nil, Echo())
	p := newProxy(t, srv.Addr())
	ws := dial(t, p.URL(), nil)
	ws.WriteMessage(websocket.TextMessage, []byte("a"))
	read(t, ws)
	p.Cut()
	if err := readErr(ws); !websocket.IsCloseError(err, websocket.CloseAbnormalClosure) {
		t.Errorf("client error after Cut = %v, want 1006", err)
	}
	// The server side was cut too, without a close frame.
	if c := waitDone(t, srv, 0); c.CloseReceived != nil {
		t.Errorf("server got a close frame %+v through a cut", c.CloseReceived)
	}
	// New connections go through.
	ws2 := dial(t, p.URL(), nil)
	ws2.WriteMessage(websocket.TextMessage, []byte("b"))
	if _, d := read(t, ws2); d != "b" {
		t.Errorf("echo after Cut = %q", d)
	}
	if st := p.Stats(); st.Cut != 1 || st.Accepted != 2 {
		t.Errorf("Stats = %+v", st)
	}
}

func TestProxyBlackhole(t *testing.T) {
	srv := NewServer(t, nil, Echo())
	p := newProxy(t, srv.Addr())
	ws := dial(t, p.URL(), nil)
	msgs := reader(ws)

	p.Blackhole(true)
	ws.WriteMessage(websocket.TextMessage, []byte("held"))
	quiet(t, msgs, 200*time.Millisecond)
	if n := len(srv.Conns()[0].Received); n != 0 {
		t.Errorf("server received %d messages through a blackhole", n)
	}
	// A new dial is accepted and stalls: the handshake times out, the server sees nothing.
	d := websocket.Dialer{HandshakeTimeout: 200 * time.Millisecond}
	if _, _, err := d.Dial(p.URL(), nil); err == nil {
		t.Error("handshake through a blackhole succeeded")
	} else if ne := net.Error(nil); !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("handshake error = %v, want a timeout", err)
	}
	if n := len(srv.Conns()); n != 1 {
		t.Errorf("server saw %d handshakes, want 1", n)
	}

	p.Blackhole(false)
	if m := recv(t, msgs); m != "held" {
		t.Errorf("after the blackhole: %q", m)
	}
}

func TestProxyLatency(t *testing.T) {
	const d = 100 * time.Millisecond
	srv := NewServer(t, nil, Echo())
	p := newProxy(t, srv.Addr())
	ws := dial(t, p.URL(), nil)
	p.Latency(d)
	start := time.Now()
	ws.WriteMessage(websocket.TextMessage, []byte("x"))
	read(t, ws)
	if rtt := time.Since(start); rtt < 2*d {
		t.Errorf("round trip with %v latency each way took %v, want at least %v", d, rtt, 2*d)
	}
	p.Latency(0)
	ws.WriteMessage(websocket.TextMessage, []byte("y"))
	if _, m := read(t, ws); m != "y" {
		t.Errorf("after removing latency: %q", m)
	}
}

func TestProxyThrottle(t *testing.T) {
	const rate, size = 20000, 10000 // bytes/s, bytes each way
	srv := NewServer(t, nil, Echo())
	p := newProxy(t, srv.Addr())
	ws := dial(t, p.URL(), nil)
	p.Throttle(rate)
	payload := bytes.Repeat([]byte("z"), size)
	start := time.Now()
	ws.WriteMessage(websocket.BinaryMessage, payload)
	_, got := read(t, ws)
	// Each direction needs size/rate = 0.5 s less its first 50 ms burst.
	if el := time.Since(start); el < 2*(size*time.Second/rate-50*time.Millisecond) {
		t.Errorf("%d bytes each way at %d B/s took %v", size, rate, el)
	}
	if got != string(payload) {
		t.Error("throttled payload corrupted")
	}
	p.Throttle(0)
	ws.WriteMessage(websocket.TextMessage, []byte("fast"))
	if _, m := read(t, ws); m != "fast" {
		t.Errorf("after removing the throttle: %q", m)
	}
}

func TestProxyRefuse(t *testing.T) {
	srv := NewServer(t, nil, Echo())
	p := newProxy(t, srv.Addr())
	live := dial(t, p.URL(), nil)
	p.Refuse(true)
	d := websocket.Dialer{HandshakeTimeout: wait}
	if _, _, err := d.Dial(p.URL(), nil); err == nil {
		t.Fatal("dial through Refuse succeeded")
	}
	// Existing connections go on.
	live.WriteMessage(websocket.TextMessage, []byte("still"))
	if _, m := read(t, live); m != "still" {
		t.Errorf("live connection during Refuse: %q", m)
	}
	p.Refuse(false)
	dial(t, p.URL(), nil)
	if st := p.Stats(); st.Refused != 1 || st.Accepted != 3 || st.Active != 2 {
		t.Errorf("Stats = %+v", st)
	}
	if n := len(srv.Conns()); n != 2 {
		t.Errorf("server saw %d handshakes, want 2", n)
	}
}

// TestProxyCloseWhileBusy: Close with a blackholed dial pending and a throttled
// transfer in flight returns, leaving no goroutine (goleak in TestMain).
func TestProxyCloseWhileBusy(t *testing.T) {
	srv := NewServer(t, nil, Echo())
	p, err := NewProxy(srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	ws := dial(t, p.URL(), nil)
	p.Throttle(100)
	ws.WriteMessage(websocket.BinaryMessage, make([]byte, 5000))
	p.Blackhole(true)
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	p.Close()
	p.Close()
	if _, err := net.Dial("tcp", p.Addr()); err == nil {
		t.Error("dial after Close succeeded")
	}
}

// TestProxyTargetDown: while the server is stopped the proxy accepts and hangs up; once
// the server listens again on its address, dials through the proxy succeed.
func TestProxyTargetDown(t *testing.T) {
	srv := NewServer(t, nil, Send("up"))
	p := newProxy(t, srv.Addr())
	srv.Stop()
	d := websocket.Dialer{HandshakeTimeout: wait}
	if _, _, err := d.Dial(p.URL(), nil); err == nil {
		t.Fatal("dial through the proxy to a stopped server succeeded")
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	ws := dial(t, p.URL(), nil)
	if _, m := read(t, ws); m != "up" {
		t.Errorf("read %q", m)
	}
}
