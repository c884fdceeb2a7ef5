package wstest

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// TestRecordLimit: each list of a record keeps the most recent entries within Entries
// and Bytes; the counts include what it dropped; Off keeps nothing.
func TestRecordLimit(t *testing.T) {
	for _, tt := range []struct {
		name                string
		lim                 RecordLimit
		wantRecv            []string
		wantPings           int
		wantEvicted         int
		wantRecvN, wantSent int
	}{
		{"no limit", RecordLimit{}, []string{"m0", "m1", "m2", "m3", "m4", "big-one-of-20-bytes!"}, 3, 0, 6, 1},
		{"entries", RecordLimit{Entries: 2}, []string{"m4", "big-one-of-20-bytes!"}, 2, 4 + 1, 6, 1},
		{"bytes", RecordLimit{Bytes: 7}, []string{"m2", "m3", "m4"}, 3, 2 + 1, 6, 1}, // the 20-byte message is not kept
		{"off", RecordLimit{Off: true}, nil, 0, 6 + 1 + 3, 6, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := NewServer(t, &Options{Record: tt.lim}, Send("hello"))
			ws := dial(t, srv.URL(), nil)
			read(t, ws)
			for i := range 5 {
				ws.WriteMessage(websocket.TextMessage, []byte(fmt.Sprintf("m%d", i)))
			}
			ws.WriteMessage(websocket.TextMessage, []byte("big-one-of-20-bytes!"))
			for range 3 {
				ws.WriteControl(websocket.PingMessage, []byte("p"), time.Now().Add(wait))
			}
			ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(1000, ""))
			readErr(ws)
			c := waitDone(t, srv, 0)
			if got := strings.Join(Texts(c.Received), ","); got != strings.Join(tt.wantRecv, ",") {
				t.Errorf("Received = %q, want %q", got, tt.wantRecv)
			}
			if len(c.PingsReceived) != tt.wantPings || c.ReceivedCount != tt.wantRecvN || c.SentCount != tt.wantSent {
				t.Errorf("%d pings, counts %d/%d; want %d, %d/%d", len(c.PingsReceived), c.ReceivedCount, c.SentCount, tt.wantPings, tt.wantRecvN, tt.wantSent)
			}
			if c.Evicted != tt.wantEvicted {
				t.Errorf("Evicted = %d, want %d", c.Evicted, tt.wantEvicted)
			}
		})
	}
}

// TestInboxBounded: messages nobody consumes are not held: past the script's end
// none, and while a step runs at most InboxBytes (the oldest dropped).
func TestInboxBounded(t *testing.T) {
	srv := NewServer(t, &Options{InboxBytes: 10, Record: RecordLimit{Off: true}},
		Send("go"),
		Expect(Contains("start"), wait).Reply(func([]byte) []byte { return []byte("ok") }),
		untilReceived(7), // "start" and the six messages below have arrived
		ReplyAll(func([]byte) bool { return true }, func(m []byte) []byte { return append([]byte("re:"), m...) }),
	)
	ws := dial(t, srv.URL(), nil)
	read(t, ws)
	ws.WriteMessage(websocket.TextMessage, []byte("start"))
	if _, m := read(t, ws); m != "ok" {
		t.Fatalf("got %q, want ok", m)
	}
	for i := range 6 { // 6 × 3 bytes while nothing consumes: the oldest three are dropped
		ws.WriteMessage(websocket.TextMessage, []byte(fmt.Sprintf("a%d.", i)))
	}
	var got []string
	for range 3 {
		_, m := read(t, ws)
		got = append(got, m)
	}
	if strings.Join(got, ",") != "re:a3.,re:a4.,re:a5." {
		t.Errorf("replies %q, want the last three messages only", got)
	}
}

// untilReceived is a step that waits until the connection has received n messages.
type untilReceived int

func (n untilReceived) String() string { return fmt.Sprintf("untilReceived(%d)", int(n)) }

func (n untilReceived) run(s *session) error {
	_, err := s.srv.WaitConn(s.rec.Index, wait, func(c Conn) bool { return c.ReceivedCount >= int(n) })
	return err
}

func TestInboxEmptyAfterScript(t *testing.T) {
	srv := NewServer(t, nil, Send("go"))
	ws := dial(t, srv.URL(), nil)
	read(t, ws)
	for range 100 {
		ws.WriteMessage(websocket.TextMessage, []byte("x"))
	}
	if _, err := srv.WaitConn(0, wait, func(c Conn) bool { return c.ReceivedCount == 100 }); err != nil {
		t.Fatal(err)
	}
	// The script's end (right after its one step) empties the inbox and stops filling it.
	held := func() int {
		srv.mu.Lock()
		defer srv.mu.Unlock()
		n := 0
		for s := range srv.sessions {
			s.imu.Lock()
			n += len(s.inbox)
			s.imu.Unlock()
		}
		return n
	}
	deadline := time.Now().Add(wait)
	for held() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	for range 100 {
		ws.WriteMessage(websocket.TextMessage, []byte("y"))
	}
	if _, err := srv.WaitConn(0, wait, func(c Conn) bool { return c.ReceivedCount == 200 }); err != nil {
		t.Fatal(err)
	}
	if n := held(); n != 0 {
		t.Errorf("%d messages held after the script ended", n)
	}
}

// TestCheckOriginAndRoute: a refused origin gets 403 and no script; Route chooses the
// script from the request, and its error is a 404.
func TestCheckOriginAndRoute(t *testing.T) {
	srv := NewServer(t, &Options{
		CheckOrigin: func(r *http.Request) bool { return r.Header.Get("Origin") != "http://evil.example" },
		Route: func(r *http.Request, n int) (Script, error) {
			if r.URL.Path == "/missing" {
				return nil, errors.New("no such script")
			}
			return Script{Send(r.URL.Path + fmt.Sprint(n))}, nil
		},
	})
	d := websocket.Dialer{HandshakeTimeout: wait}
	_, resp, err := d.Dial(srv.URL(), http.Header{"Origin": {"http://evil.example"}})
	if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("evil origin: %v, %v", err, resp)
	}
	_, resp, err = d.Dial(srv.URL()+"missing", nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusNotFound {
		t.Fatalf("missing route: %v, %v", err, resp)
	}
	ws := dial(t, srv.URL()+"a", http.Header{"Origin": {"http://localhost:3000"}})
	if _, m := read(t, ws); m != "/a1" {
		t.Errorf("route sent %q, want /a1 (the 403 took no script number, the 404 did)", m)
	}
	cs := srv.Conns()
	if cs[0].Status != 403 || cs[0].Script != -1 || cs[1].Status != 404 {
		t.Errorf("records %+v", cs[:2])
	}
}

// TestListenBusyPort: Listen fails at once on a port in use (Start after Stop retries).
func TestListenBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	start := time.Now()
	srv, err := Listen(&Options{Addr: ln.Addr().String()})
	if err == nil {
		srv.Close()
		t.Fatal("Listen on a busy port succeeded")
	}
	if d := time.Since(start); d > time.Second || !strings.Contains(err.Error(), "address already in use") {
		t.Errorf("Listen = %v after %v, want address already in use at once", err, d)
	}
}

// TestFallback: plain HTTP requests go to Fallback and leave no record.
func TestFallback(t *testing.T) {
	srv := NewServer(t, &Options{Fallback: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "page "+r.URL.Path)
	})}, Send("hi"))
	resp, err := http.Get("http://" + srv.Addr() + "/x")
	if err != nil {
		t.Fatal(err)
	}
	body := make([]byte, 64)
	n, _ := resp.Body.Read(body)
	resp.Body.Close()
	if string(body[:n]) != "page /x" {
		t.Errorf("GET /x = %q", body[:n])
	}
	ws := dial(t, srv.URL(), nil)
	if _, m := read(t, ws); m != "hi" {
		t.Errorf("got %q", m)
	}
	if cs := srv.Conns(); len(cs) != 1 {
		t.Errorf("%d records, want the upgrade's only", len(cs))
	}
}
