package wstest

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/gorilla/websocket"
)

type msg struct {
	Type int
	Data string
}

func frames(fs []Frame) []msg {
	out := []msg{}
	for _, f := range fs {
		out = append(out, msg{f.Type, string(f.Data)})
	}
	return out
}

func event(seq int) []byte { return fmt.Appendf(nil, `{"type":"chat","id":"e%d","seq":%d}`, seq, seq) }

// TestSendSteps runs each sending step against a gorilla client and checks what the
// client read and what the server recorded as sent.
func TestSendSteps(t *testing.T) {
	const text, bin = websocket.TextMessage, websocket.BinaryMessage
	long := string(make([]byte, 70000)) // needs the 8-byte length form
	for _, tt := range []struct {
		name  string
		steps []Step
		want  []msg
	}{
		{"text", []Step{Send(`{"type":"welcome"}`)}, []msg{{text, `{"type":"welcome"}`}}},
		{"invalid JSON", []Step{SendRaw([]byte(`{"type":`))}, []msg{{text, `{"type":`}}},
		{"invalid UTF-8 in a text frame", []Step{SendRaw([]byte{'a', 0xff, 0xfe})}, []msg{{text, "a\xff\xfe"}}},
		{"binary", []Step{SendBinary([]byte{0, 1, 2})}, []msg{{bin, "\x00\x01\x02"}}},
		{"ordered events", []Step{Events(event, Seq(1, 3)...)}, []msg{{text, string(event(1))}, {text, string(event(2))}, {text, string(event(3))}}},
		{"replayed event", []Step{Events(event, 1, 2, 2, 3)}, []msg{{text, string(event(1))}, {text, string(event(2))}, {text, string(event(2))}, {text, string(event(3))}}},
		{"gap", []Step{Events(event, 1, 2, 5)}, []msg{{text, string(event(1))}, {text, string(event(2))}, {text, string(event(5))}}},
		{"fragments reassembled", []Step{Fragments("hello world", time.Millisecond, 3, 4)}, []msg{{text, "hello world"}}},
		{"binary fragments", []Step{FragmentsOf(bin, []byte("abcdef"), 0, 1, 1)}, []msg{{bin, "abcdef"}}},
		{"drip", []Step{Drip("slow", 2, time.Millisecond)}, []msg{{text, "slow"}}},
		{"drip long", []Step{Drip(long, 30000, time.Millisecond)}, []msg{{text, long}}},
		{"pause between", []Step{Send("a"), Pause(5 * time.Millisecond), Send("b")}, []msg{{text, "a"}, {text, "b"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := NewServer(t, nil, tt.steps...)
			ws := dial(t, srv.URL(), nil)
			var got []msg
			for range tt.want {
				typ, data := read(t, ws)
				got = append(got, msg{typ, data})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("client read (-want +got):\n%s", diff)
			}
			c, err := srv.WaitConn(0, wait, func(c Conn) bool { return c.Steps == len(tt.steps) })
			if err != nil {
				t.Fatalf("steps done = %d, want %d (err %v)", c.Steps, len(tt.steps), c.Err)
			}
			if diff := cmp.Diff(tt.want, frames(c.Sent)); diff != "" {
				t.Errorf("Conn.Sent (-want +got):\n%s", diff)
			}
			if c.Err != nil || c.Status != http.StatusSwitchingProtocols || c.Script != 0 {
				t.Errorf("record: Err %v, Status %d, Script %d", c.Err, c.Status, c.Script)
			}
		})
	}
}

// TestFragmentsOnTheWire checks fragmentation at the frame level with a raw client.
func TestFragmentsOnTheWire(t *testing.T) {
	for _, tt := range []struct {
		name  string
		step  Step
		want  []rawFrame
		whole string
	}{
		{"text 3+4+rest", Fragments("hello world", 5*time.Millisecond, 3, 4),
			[]rawFrame{{false, 1, "hel"}, {false, 0, "lo w"}, {true, 0, "orld"}}, "hello world"},
		{"exact sizes, no rest", Fragments("abcd", 0, 2, 2),
			[]rawFrame{{false, 1, "ab"}, {true, 0, "cd"}}, "abcd"},
		{"utf-8 split inside a rune", FragmentsOf(websocket.TextMessage, []byte("é!"), 0, 1),
			[]rawFrame{{false, 1, "\xc3"}, {true, 0, "\xa9!"}}, "é!"},
		{"binary with empty first", FragmentsOf(websocket.BinaryMessage, []byte{9, 8}, 0, 0, 1),
			[]rawFrame{{false, 2, ""}, {false, 0, "\x09"}, {true, 0, "\x08"}}, "\x09\x08"},
		{"no sizes is one frame", Fragments("one", 0), []rawFrame{{true, 1, "one"}}, "one"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := NewServer(t, nil, tt.step)
			rc := dialRaw(t, srv.Addr())
			var got []rawFrame
			for range tt.want {
				f, err := rc.readFrame()
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, f)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(rawFrame{})); diff != "" {
				t.Errorf("frames (-want +got):\n%s", diff)
			}
			c, _ := srv.WaitConn(0, wait, func(c Conn) bool { return len(c.Sent) == 1 })
			if len(c.Sent) != 1 || c.Sent[0].Text() != tt.whole {
				t.Errorf("Conn.Sent = %v, want one message %q", c.Sent, tt.whole)
			}
		})
	}
}

func TestFragmentsSizesTooLarge(t *testing.T) {
	srv := NewServer(t, nil, Fragments("abc", 0, 2, 5))
	dial(t, srv.URL(), nil)
	c, _ := srv.WaitConn(0, wait, func(c Conn) bool { return c.Err != nil })
	var se *StepError
	if !errors.As(c.Err, &se) || se.Step != 0 {
		t.Fatalf("Err = %v, want a *StepError for step 0", c.Err)
	}
}

// TestDripOnTheWire reads a dripped frame with a raw client: one frame, FIN set, and it
// cannot arrive faster than its pauses allow (a lower bound only; never an upper one).
func TestDripOnTheWire(t *testing.T) {
	const interval = 20 * time.Millisecond
	srv := NewServer(t, nil, Drip("0123456789", 3, interval))
	start := time.Now()
	rc := dialRaw(t, srv.Addr())
	f, err := rc.readFrame()
	if err != nil {
		t.Fatal(err)
	}
	if want := (rawFrame{true, 1, "0123456789"}); f != want {
		t.Errorf("frame = %+v, want %+v", f, want)
	}
	// 12 wire bytes in chunks of 3: 4 writes, 3 pauses.
	if el := time.Since(start); el < 3*interval {
		t.Errorf("dripped frame arrived after %v, want at least %v", el, 3*interval)
	}
}

func TestPingEveryRecordsPongs(t *testing.T) {
	srv := NewServer(t, nil,
		PingEvery(10*time.Millisecond),
		Pause(60*time.Millisecond),
		StopPinging(),
		Send("stopped"),
		Pause(60*time.Millisecond),
		Send("done"),
	)
	ws := dial(t, srv.URL(), nil)
	// gorilla answers pings while ReadMessage runs.
	if _, d := read(t, ws); d != "stopped" {
		t.Fatalf("read %q, want stopped", d)
	}
	if _, d := read(t, ws); d != "done" {
		t.Fatalf("read %q, want done", d)
	}
	c, err := srv.WaitConn(0, wait, func(c Conn) bool { return len(c.Pongs) == len(c.PingsSent) && c.Steps == 6 })
	if err != nil {
		t.Fatalf("pongs %d for %d pings", len(c.Pongs), len(c.PingsSent))
	}
	if len(c.PingsSent) == 0 {
		t.Fatal("no pings sent")
	}
	for i, p := range c.PingsSent {
		if want := strconv.Itoa(i + 1); p.Data != want || c.Pongs[i].Data != want {
			t.Errorf("ping %d = %q, pong %q, want %q", i, p.Data, c.Pongs[i].Data, want)
		}
		if !p.At.Before(c.Sent[0].At) {
			t.Errorf("ping %d at %v after StopPinging (stopped marker at %v)", i, p.At, c.Sent[0].At)
		}
	}
}

func TestSinglePing(t *testing.T) {
	srv := NewServer(t, nil, Ping("hb"), Send("x"))
	ws := dial(t, srv.URL(), nil)
	read(t, ws)
	c, err := srv.WaitConn(0, wait, func(c Conn) bool { return len(c.Pongs) == 1 })
	if err != nil || c.Pongs[0].Data != "hb" || c.PingsSent[0].Data != "hb" {
		t.Fatalf("pings %v pongs %v (%v)", c.PingsSent, c.Pongs, err)
	}
}

// TestIgnorePings: pings sent while ignoring get no pong; after AnswerPings they do.
func TestIgnorePings(t *testing.T) {
	srv := NewServer(t, nil,
		IgnorePings(), Send("ready"),
		Expect(Contains("answer"), wait), AnswerPings(), Send("ok"),
		Expect(Contains("more"), wait), Send("bye"),
	)
	ws := dial(t, srv.URL(), nil)
	var pongs []string
	ws.SetPongHandler(func(d string) error { pongs = append(pongs, d); return nil })
	read(t, ws) // ready: IgnorePings has run
	ws.WriteControl(websocket.PingMessage, []byte("a"), time.Now().Add(wait))
	ws.WriteMessage(websocket.TextMessage, []byte("answer"))
	read(t, ws) // ok: AnswerPings has run
	ws.WriteControl(websocket.PingMessage, []byte("b"), time.Now().Add(wait))
	ws.WriteMessage(websocket.TextMessage, []byte("more"))
	if _, d := read(t, ws); d != "bye" {
		t.Fatalf("read %q", d)
	}
	if want := []string{"b"}; !slices.Equal(pongs, want) {
		t.Errorf("client got pongs %q, want %q", pongs, want)
	}
	c := srv.Conns()[0]
	var got []string
	for _, p := range c.PingsReceived {
		got = append(got, p.Data)
	}
	if want := []string{"a", "b"}; !slices.Equal(got, want) {
		t.Errorf("PingsReceived = %q, want %q", got, want)
	}
}

func TestExpectReply(t *testing.T) {
	srv := NewServer(t, nil,
		Send(`{"type":"welcome"}`),
		Expect(Contains(`"send_chat"`), wait).Reply(func(m []byte) []byte { return []byte(`{"type":"ack"}`) }),
		Expect(Contains(`"snapshot_request"`), wait).Reply(func(m []byte) []byte { return append([]byte("snapshot for "), m...) }),
		Expect(nil, wait).Reply(func([]byte) []byte { return nil }),
		Send("end"),
	)
	ws := dial(t, srv.URL(), nil)
	read(t, ws)
	for _, m := range []string{`{"type":"typing"}`, `{"type":"send_chat"}`, `{"type":"snapshot_request"}`, `x`} {
		ws.WriteMessage(websocket.TextMessage, []byte(m))
	}
	var got []string
	for range 3 {
		_, d := read(t, ws)
		got = append(got, d)
	}
	want := []string{`{"type":"ack"}`, `snapshot for {"type":"snapshot_request"}`, "end"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("replies (-want +got):\n%s", diff)
	}
	c := waitDoneSteps(t, srv, 5)
	if want := []string{`{"type":"typing"}`, `{"type":"send_chat"}`, `{"type":"snapshot_request"}`, `x`}; !slices.Equal(Texts(c.Received), want) {
		t.Errorf("Received = %q, want %q", Texts(c.Received), want)
	}
	for i := 1; i < len(c.Received); i++ {
		if c.Received[i].At.Before(c.Received[i-1].At) || c.Received[i].At.IsZero() {
			t.Errorf("Received times out of order: %v", c.Received)
		}
	}
}

func waitDoneSteps(t *testing.T, srv *Server, n int) Conn {
	t.Helper()
	c, err := srv.WaitConn(0, wait, func(c Conn) bool { return c.Steps == n })
	if err != nil {
		t.Fatalf("steps = %d, want %d; Err %v", c.Steps, n, c.Err)
	}
	return c
}

func TestExpectTimeout(t *testing.T) {
	srv := NewServer(t, nil, Expect(Contains("never"), 30*time.Millisecond), Send("unreachable"))
	ws := dial(t, srv.URL(), nil)
	ws.WriteMessage(websocket.TextMessage, []byte("something"))
	c, err := srv.WaitConn(0, wait, func(c Conn) bool { return c.Err != nil })
	if err != nil {
		t.Fatal(err)
	}
	var ee *ExpectError
	if !errors.As(c.Err, &ee) || ee.Step != 0 || ee.Received != 1 || c.Steps != 0 {
		t.Fatalf("Err = %v, Steps = %d; want an *ExpectError at step 0 that skipped 1", c.Err, c.Steps)
	}
	if !errors.As(srv.Err(), &ee) {
		t.Errorf("Server.Err() = %v", srv.Err())
	}
	// The connection stays open and recorded.
	ws.WriteMessage(websocket.TextMessage, []byte("later"))
	if _, err := srv.WaitConn(0, wait, func(c Conn) bool { return len(c.Received) == 2 }); err != nil {
		t.Errorf("message after a failed Expect not recorded: %v", err)
	}
	if c.Done || len(c.Sent) != 0 {
		t.Errorf("Done %v, Sent %v: the script must stop and the connection stay", c.Done, c.Sent)
	}
}

func TestEcho(t *testing.T) {
	srv := NewServer(t, nil, Echo())
	ws := dial(t, srv.URL(), nil)
	ws.WriteMessage(websocket.TextMessage, []byte("one"))
	ws.WriteMessage(websocket.BinaryMessage, []byte{2})
	if typ, d := read(t, ws); typ != websocket.TextMessage || d != "one" {
		t.Errorf("echo 1 = %d %q", typ, d)
	}
	if typ, d := read(t, ws); typ != websocket.BinaryMessage || d != "\x02" {
		t.Errorf("echo 2 = %d %q", typ, d)
	}
	ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(1000, "bye"))
	c := waitDone(t, srv, 0)
	if c.Err != nil || c.CloseReceived == nil || c.CloseReceived.Code != 1000 || c.CloseReceived.Reason != "bye" {
		t.Errorf("Err %v, CloseReceived %+v", c.Err, c.CloseReceived)
	}
	if c.CloseSent == nil || c.CloseSent.Code != 1000 {
		t.Errorf("CloseSent = %+v, want the echoed 1000", c.CloseSent)
	}
}

func TestEndings(t *testing.T) {
	for _, tt := range []struct {
		name        string
		step        Step
		check       func(t *testing.T, err error)
		dropped     bool
		sent, recvd int // close codes; 0 = none
	}{
		{"close with code", CloseWith(4001, "token expired"), func(t *testing.T, err error) {
			var ce *websocket.CloseError
			if !errors.As(err, &ce) || ce.Code != 4001 || ce.Text != "token expired" {
				t.Errorf("client error = %v, want close 4001 token expired", err)
			}
		}, false, 4001, 4001},
		{"close 1000", CloseWith(1000, ""), func(t *testing.T, err error) {
			if !websocket.IsCloseError(err, 1000) {
				t.Errorf("client error = %v, want close 1000", err)
			}
		}, false, 1000, 1000},
		{"drop", Drop(), func(t *testing.T, err error) {
			if !websocket.IsCloseError(err, websocket.CloseAbnormalClosure) {
				t.Errorf("client error = %v, want 1006 (EOF without close frame)", err)
			}
		}, true, 0, 0},
		{"reset", Reset(), func(t *testing.T, err error) {
			if !errors.Is(err, syscall.ECONNRESET) {
				t.Errorf("client error = %v, want ECONNRESET", err)
			}
		}, true, 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := NewServer(t, nil, Send("hi"), tt.step, Send("never"))
			ws := dial(t, srv.URL(), nil)
			read(t, ws)
			tt.check(t, readErr(ws))
			c := waitDone(t, srv, 0)
			if c.Dropped != tt.dropped || code(c.CloseSent) != tt.sent || code(c.CloseReceived) != tt.recvd {
				t.Errorf("Dropped %v CloseSent %+v CloseReceived %+v, want %v %d %d", c.Dropped, c.CloseSent, c.CloseReceived, tt.dropped, tt.sent, tt.recvd)
			}
			if c.Err != nil || c.Steps != 2 || len(c.Sent) != 1 {
				t.Errorf("Err %v Steps %d Sent %d: the ending step must stop the script cleanly", c.Err, c.Steps, len(c.Sent))
			}
		})
	}
}

func code(c *Close) int {
	if c == nil {
		return 0
	}
	return c.Code
}

func TestStall(t *testing.T) {
	t.Run("until stopped", func(t *testing.T) {
		srv := NewServer(t, nil, Send("hi"), Stall(0), Send("never"))
		ws := dial(t, srv.URL(), nil)
		read(t, ws)
		if _, err := srv.WaitConn(0, wait, func(c Conn) bool { return c.Stalled }); err != nil {
			t.Fatal("the stall never began")
		}
		ponged := make(chan struct{}, 1)
		ws.SetPongHandler(func(string) error { ponged <- struct{}{}; return nil })
		ws.WriteControl(websocket.PingMessage, []byte("p"), time.Now().Add(wait))
		for i := range 3 {
			ws.WriteMessage(websocket.TextMessage, []byte(strconv.Itoa(i)))
		}
		ws.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
		_, _, err := ws.ReadMessage()
		var ne interface{ Timeout() bool }
		if !errors.As(err, &ne) || !ne.Timeout() {
			t.Fatalf("read during stall = %v, want a timeout", err)
		}
		select {
		case <-ponged:
			t.Error("stalled server answered a ping")
		default:
		}
		c := srv.Conns()[0]
		if len(c.Received) > 1 || c.Done || len(c.Sent) != 1 {
			t.Errorf("stalled server read %d messages (at most 1 allowed), Done %v, Sent %d", len(c.Received), c.Done, len(c.Sent))
		}
		srv.Stop()
		if c := waitDone(t, srv, 0); !c.Dropped || c.Err != nil || c.Stalled {
			t.Errorf("after Stop: Dropped %v Err %v Stalled %v", c.Dropped, c.Err, c.Stalled)
		}
	})
	t.Run("for a while", func(t *testing.T) {
		srv := NewServer(t, nil, Stall(50*time.Millisecond), Send("after"))
		ws := dial(t, srv.URL(), nil)
		ws.WriteMessage(websocket.TextMessage, []byte("during"))
		if _, d := read(t, ws); d != "after" {
			t.Fatalf("read %q", d)
		}
		if _, err := srv.WaitConn(0, wait, func(c Conn) bool { return len(c.Received) == 1 }); err != nil {
			t.Errorf("message sent during the stall not read after it: %v", err)
		}
	})
}

func TestRejectAndPerConnectionScripts(t *testing.T) {
	srv := NewServer(t, &Options{Scripts: []Script{
		{RejectWith(http.StatusServiceUnavailable, http.Header{"Retry-After": {"3"}})},
		{Send("second")},
	}}, Send("default"))
	d := websocket.Dialer{HandshakeTimeout: wait}
	_, resp, err := d.Dial(srv.URL(), nil)
	if !errors.Is(err, websocket.ErrBadHandshake) || resp == nil || resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "3" {
		t.Fatalf("Dial = %v, %+v; want 503 with Retry-After", err, resp)
	}
	resp.Body.Close()
	for _, want := range []string{"second", "default", "default"} {
		ws := dial(t, srv.URL(), nil)
		if _, got := read(t, ws); got != want {
			t.Errorf("read %q, want %q", got, want)
		}
		ws.Close()
	}
	conns := srv.Conns()
	var got [][2]int
	for _, c := range conns {
		got = append(got, [2]int{c.Script, c.Status})
	}
	want := [][2]int{{0, 503}, {1, 101}, {2, 101}, {3, 101}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(Script, Status) (-want +got):\n%s", diff)
	}
	if !conns[0].Done || conns[0].Err == nil {
		t.Errorf("rejected record: Done %v Err %v", conns[0].Done, conns[0].Err)
	}
}

func TestScriptFunc(t *testing.T) {
	srv := NewServer(t, &Options{ScriptFunc: func(n int) Script { return Script{Send(fmt.Sprint("conn ", n))} }})
	for i := range 3 {
		ws := dial(t, srv.URL(), nil)
		if _, got := read(t, ws); got != fmt.Sprint("conn ", i) {
			t.Errorf("read %q on connection %d", got, i)
		}
	}
}

func TestHandshakeRecord(t *testing.T) {
	srv := NewServer(t, &Options{Subprotocols: []string{"chat.v2", "chat.v1"}}, Send("x"))
	d := websocket.Dialer{HandshakeTimeout: wait, Subprotocols: []string{"chat.v1"}}
	ws, _, err := d.Dial(srv.URL()+"rooms/7?x=1", http.Header{"X-Client": {"wstest"}})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	c, _ := srv.WaitConn(0, wait, func(c Conn) bool { return c.Status == 101 })
	if c.Path != "/rooms/7?x=1" || c.Header.Get("X-Client") != "wstest" || c.Subprotocol != "chat.v1" || ws.Subprotocol() != "chat.v1" || c.At.IsZero() {
		t.Errorf("record = %+v", c)
	}
	// A plain HTTP request is recorded as a refused attempt.
	resp, err := http.Get("http://" + srv.Addr() + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	c, _ = srv.WaitConn(1, wait, func(c Conn) bool { return c.Done })
	if resp.StatusCode != 400 || c.Status != 400 || c.Script != -1 {
		t.Errorf("plain GET: response %d, record Status %d Script %d", resp.StatusCode, c.Status, c.Script)
	}
}

func TestSnapshotsDoNotAlias(t *testing.T) {
	srv := NewServer(t, nil, Echo())
	ws := dial(t, srv.URL(), nil)
	ws.WriteMessage(websocket.TextMessage, []byte("a"))
	read(t, ws)
	before := srv.Conns()
	ws.WriteMessage(websocket.TextMessage, []byte("b"))
	read(t, ws)
	srv.WaitConn(0, wait, func(c Conn) bool { return len(c.Received) == 2 })
	if len(before[0].Received) != 1 {
		t.Errorf("an earlier snapshot changed: %v", before[0].Received)
	}
	if diff := cmp.Diff([]string{"a", "b"}, Texts(srv.Conns()[0].Received), cmpopts.EquateEmpty()); diff != "" {
		t.Error(diff)
	}
}

func TestReplyAll(t *testing.T) {
	srv := NewServer(t, nil, Send("ready"), ReplyAll(Contains("req"), func(m []byte) []byte {
		if bytes.HasSuffix(m, []byte("silent")) {
			return nil
		}
		return append([]byte("ack "), m...)
	}))
	ws := dial(t, srv.URL(), nil)
	read(t, ws)
	for _, m := range []string{"req 1", "other", "req silent", "req 2"} {
		ws.WriteMessage(websocket.TextMessage, []byte(m))
	}
	var got []string
	for range 2 {
		_, d := read(t, ws)
		got = append(got, d)
	}
	if want := []string{"ack req 1", "ack req 2"}; !slices.Equal(got, want) {
		t.Errorf("replies %q, want %q", got, want)
	}
	ws.Close()
	if c := waitDone(t, srv, 0); c.Err != nil || c.Steps != 2 || len(c.Received) != 4 {
		t.Errorf("Err %v Steps %d Received %d", c.Err, c.Steps, len(c.Received))
	}
}
