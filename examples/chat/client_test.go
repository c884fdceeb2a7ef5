package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/conn/boltoutbox"
	"github.com/wsgen/wsgen/generated/chat"
)

// handServer is a chat server written by hand with gorilla/websocket, without
// any wsgen code: it speaks the chat protocol from its description.
type handServer struct {
	t  *testing.T
	mu sync.Mutex
	// script runs one accepted connection (n from 0) after the token check.
	script func(n int, ws *websocket.Conn, s *handServer)
	conns  int
	tokens []string   // the bearer token of each handshake
	got    [][]string // client data messages per connection
	closes []int      // close code the client sent, per connection (0: none)
	upNow  chan int   // receives n when connection n is upgraded
	wg     sync.WaitGroup
	srv    *httptest.Server
	accept func(token string) bool
}

func newHandServer(t *testing.T, accept func(token string) bool, script func(n int, ws *websocket.Conn, s *handServer)) *handServer {
	s := &handServer{t: t, script: script, accept: accept, upNow: make(chan int, 16)}
	s.srv = httptest.NewServer(s)
	t.Cleanup(func() {
		s.srv.CloseClientConnections()
		s.srv.Close()
		s.wg.Wait()
	})
	return s
}

func (s *handServer) url() string { return "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/ws" }

func (s *handServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	s.tokens = append(s.tokens, tok)
	s.mu.Unlock()
	if !s.accept(tok) {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	up := websocket.Upgrader{}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s.mu.Lock()
	n := s.conns
	s.conns++
	s.got = append(s.got, nil)
	s.closes = append(s.closes, 0)
	s.mu.Unlock()
	s.wg.Add(1)
	defer s.wg.Done()
	defer ws.Close()
	ws.SetCloseHandler(func(code int, text string) error { // record, then answer (gorilla's default answers first)
		s.mu.Lock()
		s.closes[n] = code
		s.mu.Unlock()
		s.closeWith(ws, code, "")
		return nil
	})
	s.upNow <- n
	s.script(n, ws, s)
}

// read reads one client data message of connection n, recording it; ok is
// false when the connection ended (a close frame from the client is recorded
// and answered by the close handler).
func (s *handServer) read(n int, ws *websocket.Conn) (map[string]any, bool) {
	_, data, err := ws.ReadMessage()
	if err != nil { // a close frame was recorded by the close handler
		return nil, false
	}
	s.mu.Lock()
	s.got[n] = append(s.got[n], string(data))
	s.mu.Unlock()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		s.t.Errorf("server: client sent %q: %v", data, err)
	}
	return m, true
}

func (s *handServer) send(ws *websocket.Conn, frame string) {
	if err := ws.WriteMessage(websocket.TextMessage, []byte(frame)); err != nil {
		s.t.Logf("server: write: %v", err)
	}
}

// ack answers a send_chat.
func (s *handServer) ack(ws *websocket.Conn, m map[string]any) {
	ref, _ := m["ref"].(string)
	key, _ := m["key"].(string)
	if ref == "" || key == "" {
		s.t.Errorf("server: send_chat without ref or key: %v", m)
	}
	s.send(ws, fmt.Sprintf(`{"type":"ack","ref":%q,"ok":true}`, ref))
}

func (s *handServer) closeWith(ws *websocket.Conn, code int, reason string) {
	ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
}

// waitUp waits for connection n to be upgraded.
func (s *handServer) waitUp(t *testing.T, n int) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case got := <-s.upNow:
			if got >= n {
				return
			}
		case <-timeout:
			t.Fatalf("connection %d never came", n)
		}
	}
}

const (
	handWelcome = `{"type":"welcome","session":"hand","heartbeat_ms":30000}`
	secretText  = "the launch code is 0000"
)

func handChat(seq int) string {
	return fmt.Sprintf(`{"type":"chat","id":"h%d","room":"lobby","seq":%d,"from":"bob","text":%q,"sent_at":"2026-01-02T03:04:05Z"}`, seq, seq, secretText)
}

// result is what a run of the -url mode gave.
type result struct {
	code           int
	stdout, stderr string
}

// start runs the -url mode on a goroutine, with stdin the returned pipe.
func start(args []string) (*io.PipeWriter, <-chan result) {
	r, w := io.Pipe()
	done := make(chan result, 1)
	go func() {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), args, r, &stdout, &stderr)
		r.Close()
		done <- result{code, stdout.String(), stderr.String()}
	}()
	return w, done
}

func wait(t *testing.T, done <-chan result) result {
	t.Helper()
	select {
	case res := <-done:
		return res
	case <-time.After(30 * time.Second):
		t.Fatal("the client did not exit")
		return result{}
	}
}

// TestURLMode runs the black-box client against the hand-written server: it
// sends stdin lines in order, gets acks, is closed with 4001 once (the token
// command runs again), and on stdin EOF closes with 1001 and exits 0.
func TestURLMode(t *testing.T) {
	dir := t.TempDir()
	runs := filepath.Join(dir, "runs")
	// The command appends a line per run, and prints a token naming the run.
	tokenCmd := fmt.Sprintf(`echo run >> %q; echo "  sekrit-$(wc -l < %q | tr -d ' ')  "`, runs, runs)
	srv := newHandServer(t, func(tok string) bool { return strings.HasPrefix(tok, "sekrit-") }, func(n int, ws *websocket.Conn, s *handServer) {
		s.send(ws, handWelcome)
		s.send(ws, handChat(n+1))
		for {
			m, ok := s.read(n, ws)
			if !ok {
				return
			}
			if m["type"] == "send_chat" {
				s.ack(ws, m)
				if n == 0 { // the first connection's token "expires" after one message
					s.closeWith(ws, 4001, "token expired")
					s.read(n, ws) // the client's close answer
					return
				}
			}
		}
	})
	stdin, done := start([]string{"-url", srv.url(), "-token-cmd", tokenCmd, "-send-policy", "queue", "-queue", "10"})
	io.WriteString(stdin, `{"type":"send_chat","room":"lobby","text":"`+secretText+`"}`+"\n")
	srv.waitUp(t, 1) // after the 4001 and the token refresh
	for _, line := range []string{
		`{"type":"send_chat","ref":"r2","room":"lobby","text":"second"}`,
		`{"type":"typing","room":"lobby"}`,
		`not json`,
		`{"type":"chat","id":"x","room":"lobby","seq":1,"from":"a","text":"b","sent_at":"2026-01-02T03:04:05Z"}`,
		`{"type":"send_chat","ref":"r3","room":"Not A Room","text":"x"}`,
		``,
		`{"type":"send_chat","ref":"r4","room":"lobby","text":"fourth"}`,
	} {
		io.WriteString(stdin, line+"\n")
	}
	stdin.Close()
	res := wait(t, done)
	if res.code != exitOK {
		t.Fatalf("exit %d; stderr %s; stdout\n%s", res.code, res.stderr, res.stdout)
	}
	evs := parse(t, res.stdout)
	inOrder(t, evs, []event{
		{"event": "state", "to": "live"},
		{"event": "message", "type": "welcome"},
		{"event": "message", "type": "chat", "id": "h1", "room": "lobby", "seq": 1.0},
		{"event": "state", "from": "live", "to": "refreshing", "close_code": 4001.0, "close_reason": "token expired"},
		{"event": "state", "from": "refreshing", "to": "connecting"},
		{"event": "state", "to": "live"},
		{"event": "message", "type": "welcome"},
		{"event": "message", "type": "chat", "id": "h2", "room": "lobby", "seq": 2.0},
		{"event": "state", "to": "closed"},
	}, res.stdout)
	// The change into closing may come before messages of the close
	// handshake, so it is ordered against state lines only.
	inOrder(t, evs, []event{
		{"event": "state", "from": "refreshing", "to": "connecting"},
		{"event": "state", "from": "live", "to": "closing", "close_code": 1001.0},
		{"event": "state", "from": "closing", "to": "closed"},
	}, res.stdout)
	for _, want := range []event{
		{"event": "ack", "ref": "r2", "ok": true},
		{"event": "ack", "ref": "r4", "ok": true},
		{"event": "send_error", "ref": nil, "error": "not a JSON object"},
		{"event": "send_error", "ref": nil, "error": `"chat" is not a client message`},
		{"event": "send_error", "ref": "r3"},
	} {
		if count(evs, want) != 1 {
			t.Errorf("want one line with %v; output:\n%s", want, res.stdout)
		}
	}
	if n := count(evs, event{"event": "ack"}); n != 3 {
		t.Errorf("%d acks, want 3", n)
	}
	data, err := os.ReadFile(runs)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "run\n"); n != 2 {
		t.Errorf("the token command ran %d times, want 2 (start, then the 4001 refresh)", n)
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if want := []string{"sekrit-1", "sekrit-2"}; strings.Join(srv.tokens, ",") != strings.Join(want, ",") {
		t.Errorf("server saw tokens %q, want %q (trimmed, one per run)", srv.tokens, want)
	}
	if len(srv.got) != 2 || len(srv.got[1]) != 3 {
		t.Fatalf("server received %q, want one message then three", srv.got)
	}
	for i, want := range []string{`"ref":"r2"`, `"typing"`, `"ref":"r4"`} {
		if !strings.Contains(srv.got[1][i], want) {
			t.Errorf("second connection's message %d = %s, want %s (stdin order)", i, srv.got[1][i], want)
		}
	}
	if srv.closes[1] != websocket.CloseGoingAway {
		t.Errorf("the client closed with %d, want 1001", srv.closes[1])
	}
	noSecrets(t, []string{secretText, "second", "fourth", "sekrit-"}, res.stdout, res.stderr)
}

// TestURLModeForbidden: a server closing with 4003 (stop) makes the client
// fail, and the program exit 1, even while stdin stays open.
func TestURLModeForbidden(t *testing.T) {
	srv := newHandServer(t, func(string) bool { return true }, func(n int, ws *websocket.Conn, s *handServer) {
		s.send(ws, handWelcome)
		s.closeWith(ws, 4003, "forbidden")
		s.read(n, ws)
	})
	stdin, done := start([]string{"-url", srv.url(), "-token-cmd", "echo tok"})
	defer stdin.Close()
	res := wait(t, done)
	if res.code != exitFailed {
		t.Fatalf("exit %d, want 1; stdout\n%s", res.code, res.stdout)
	}
	evs := parse(t, res.stdout)
	inOrder(t, evs, []event{
		{"event": "state", "to": "live"},
		{"event": "message", "type": "welcome"},
		{"event": "state", "from": "live", "to": "failed", "close_code": 4003.0, "close_reason": "forbidden"},
	}, res.stdout)
	if !strings.Contains(res.stderr, "4003") {
		t.Errorf("stderr %q does not say why", res.stderr)
	}
}

// TestURLModeTokenFails: a token command that fails keeps the client retrying
// (the command runs again), and nothing of its output leaks; SIGINT (the
// context) ends it with 130.
func TestURLModeTokenFails(t *testing.T) {
	dir := t.TempDir()
	runs := filepath.Join(dir, "runs")
	srv := newHandServer(t, func(string) bool { return true }, func(n int, ws *websocket.Conn, s *handServer) {})
	r, w := io.Pipe()
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan result, 1)
	go func() {
		var stdout, stderr bytes.Buffer
		code := run(ctx, []string{"-url", srv.url(), "-token-cmd", fmt.Sprintf(`echo run >> %q; echo sekrit-err >&2; exit 3`, runs)}, r, &stdout, &stderr)
		done <- result{code, stdout.String(), stderr.String()}
	}()
	deadline := time.Now().Add(20 * time.Second)
	for {
		data, _ := os.ReadFile(runs)
		if strings.Count(string(data), "run\n") >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the token command was not run again after failing")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	res := wait(t, done)
	if res.code != exitInterrupted {
		t.Errorf("exit %d after the interrupt, want 130; stderr %s", res.code, res.stderr)
	}
	noSecrets(t, []string{"sekrit"}, res.stdout, res.stderr)
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if srv.conns != 0 {
		t.Errorf("%d connections without a token", srv.conns)
	}
}

// TestURLModeOutbox: under -send-policy outbox a message the server never
// acknowledged stays in the file; the next run replays it with the same key
// and prints its ack, then exits at EOF.
func TestURLModeOutbox(t *testing.T) {
	defer func(d time.Duration) { ackWait = d }(ackWait)
	ackWait = 300 * time.Millisecond
	file := filepath.Join(t.TempDir(), "outbox.db")
	acks := false // the first run's server never acks
	var mu sync.Mutex
	srv := newHandServer(t, func(string) bool { return true }, func(n int, ws *websocket.Conn, s *handServer) {
		s.send(ws, handWelcome)
		for {
			m, ok := s.read(n, ws)
			if !ok {
				return
			}
			mu.Lock()
			ack := acks
			mu.Unlock()
			if m["type"] == "send_chat" && ack {
				s.ack(ws, m)
			}
		}
	})
	args := []string{"-url", srv.url(), "-send-policy", "outbox", "-outbox", file}

	stdin, done := start(args)
	io.WriteString(stdin, `{"type":"send_chat","ref":"o1","room":"lobby","text":"`+secretText+`"}`+"\n")
	srv.waitUp(t, 0)
	stdin.Close()
	res := wait(t, done)
	if res.code != exitOK {
		t.Fatalf("first run: exit %d; stderr %s; stdout\n%s", res.code, res.stderr, res.stdout)
	}
	if !strings.Contains(res.stderr, "did not arrive") {
		t.Errorf("first run: stderr %q does not say the ack is missing", res.stderr)
	}
	if n := count(parse(t, res.stdout), event{"event": "ack"}); n != 0 {
		t.Errorf("first run printed %d acks from a server that sends none", n)
	}

	mu.Lock()
	acks = true
	mu.Unlock()
	stdin, done = start(args)
	stdin.Close() // nothing new: only the replay
	res = wait(t, done)
	if res.code != exitOK {
		t.Fatalf("second run: exit %d; stderr %s; stdout\n%s", res.code, res.stderr, res.stdout)
	}
	if n := count(parse(t, res.stdout), event{"event": "ack", "ref": "o1", "ok": true}); n != 1 {
		t.Errorf("second run: %d acks of o1, want 1 (the replayed entry); output:\n%s", n, res.stdout)
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if len(srv.got) != 2 || len(srv.got[0]) != 1 || len(srv.got[1]) != 1 {
		t.Fatalf("server received %q, want the message once per run", srv.got)
	}
	var first, second map[string]any
	json.Unmarshal([]byte(srv.got[0][0]), &first)
	json.Unmarshal([]byte(srv.got[1][0]), &second)
	if first["key"] == nil || first["key"] != second["key"] || second["ref"] != "o1" {
		t.Errorf("replayed %v after %v: want the same ref and idempotency key", second, first)
	}
	noSecrets(t, []string{secretText}, res.stdout, res.stderr)
}

// TestURLModeOutboxUnreachable: under -send-policy outbox stdin is read at
// once, so a line read while the server cannot be reached is persisted; at EOF
// the run waits for its ack in vain and exits 0, and the next run, against a
// server that answers, replays it on its first socket and prints its ack.
func TestURLModeOutboxUnreachable(t *testing.T) {
	defer func(d time.Duration) { ackWait = d }(ackWait)
	ackWait = 300 * time.Millisecond
	file := filepath.Join(t.TempDir(), "outbox.db")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "ws://" + ln.Addr().String() + "/ws"
	ln.Close() // nothing listens there now: every dial is refused

	stdin, done := start([]string{"-url", dead, "-send-policy", "outbox", "-outbox", file})
	go func() { // a client that read stdin only once live would never take these: wait fails instead of the test hanging
		io.WriteString(stdin, `{"type":"send_chat","ref":"u1","room":"lobby","text":"`+secretText+`"}`+"\n")
		io.WriteString(stdin, `{"type":"typing","room":"lobby"}`+"\n") // no idempotency key: refused while not live
		stdin.Close()
	}()
	res := wait(t, done)
	if res.code != exitOK {
		t.Fatalf("first run: exit %d; stderr %s; stdout\n%s", res.code, res.stderr, res.stdout)
	}
	evs := parse(t, res.stdout)
	if n := count(evs, event{"event": "state", "to": "live"}); n != 0 {
		t.Fatalf("first run went live %d times against a closed port; output:\n%s", n, res.stdout)
	}
	if !strings.Contains(res.stderr, "did not arrive") {
		t.Errorf("first run: stderr %q does not say the ack is missing", res.stderr)
	}
	if n := count(evs, event{"event": "ack"}); n != 0 {
		t.Errorf("first run printed %d acks without a server", n)
	}
	if n := count(evs, event{"event": "send_error", "ref": "u1", "error": "conn: client closed; kept in the outbox for the next run"}); n != 1 {
		t.Errorf("first run: %d send_error lines for u1 saying it is kept, want 1; output:\n%s", n, res.stdout)
	}
	if n := count(evs, event{"event": "send_error", "ref": nil}); n != 1 {
		t.Errorf("first run: %d send_error lines without a ref, want 1 (the typing line, refused while not live); output:\n%s", n, res.stdout)
	}

	srv := newHandServer(t, func(string) bool { return true }, func(n int, ws *websocket.Conn, s *handServer) {
		s.send(ws, handWelcome)
		for {
			m, ok := s.read(n, ws)
			if !ok {
				return
			}
			if m["type"] == "send_chat" {
				s.ack(ws, m)
			}
		}
	})
	stdin, done = start([]string{"-url", srv.url(), "-send-policy", "outbox", "-outbox", file})
	stdin.Close() // nothing new: only the replay
	res = wait(t, done)
	if res.code != exitOK {
		t.Fatalf("second run: exit %d; stderr %s; stdout\n%s", res.code, res.stderr, res.stdout)
	}
	if strings.Contains(res.stderr, "did not arrive") {
		t.Errorf("second run: stderr %q: the replayed entry's ack was not awaited", res.stderr)
	}
	if n := count(parse(t, res.stdout), event{"event": "ack", "ref": "u1", "ok": true}); n != 1 {
		t.Errorf("second run: %d acks of u1, want 1 (the entry persisted while unreachable); output:\n%s", n, res.stdout)
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if len(srv.got) != 1 || len(srv.got[0]) != 1 || !strings.Contains(srv.got[0][0], `"ref":"u1"`) {
		t.Errorf("server received %q, want the persisted send_chat u1 once", srv.got)
	}
	noSecrets(t, []string{secretText}, res.stdout, res.stderr)
}

// TestURLModeOutboxUnknownAcks: three entries left in the outbox by an
// earlier run, and a server that answers with three acks for refs nobody
// sent and never acknowledges the entries: an ack counts only when its ref
// matches an awaited entry, so the run waits for the real acks, says they
// did not arrive, and keeps the entries.
func TestURLModeOutboxUnknownAcks(t *testing.T) {
	defer func(d time.Duration) { ackWait = d }(ackWait)
	ackWait = 500 * time.Millisecond
	file := filepath.Join(t.TempDir(), "outbox.db")
	ob, err := boltoutbox.Open(file, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{"e1", "e2", "e3"} {
		m := &chat.SendChat{Ref: ref, Key: "key-" + ref, Room: "lobby", Text: "left over"}
		data, _ := chat.Encode(m)
		if _, err := ob.Put(context.Background(), conn.OutboxEntry{Key: m.Key, Ref: ref, Type: m.MessageType(), Frame: data}); err != nil {
			t.Fatal(err)
		}
	}
	ob.Close()
	srv := newHandServer(t, func(string) bool { return true }, func(n int, ws *websocket.Conn, s *handServer) {
		s.send(ws, handWelcome)
		for _, ref := range []string{"x1", "x2", "x3"} {
			s.send(ws, `{"type":"ack","ref":"`+ref+`","ok":true}`)
		}
		for {
			if _, ok := s.read(n, ws); !ok {
				return
			}
		}
	})
	stdin, done := start([]string{"-url", srv.url(), "-send-policy", "outbox", "-outbox", file})
	stdin.Close()
	res := wait(t, done)
	if !strings.Contains(res.stderr, "did not arrive") {
		t.Errorf("exit %d, stderr %q: acks for unknown refs were counted as the entries' acks; stdout:\n%s", res.code, res.stderr, res.stdout)
	}
	srv.mu.Lock()
	got := len(srv.got) > 0 && len(srv.got[0]) == 3
	srv.mu.Unlock()
	if !got {
		t.Errorf("server received %q, want the three replayed entries", srv.got)
	}
	ob, err = boltoutbox.Open(file, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ob.Close()
	if n := ob.Len(); n != 3 {
		t.Errorf("outbox holds %d entries after the run, want the 3 unacknowledged", n)
	}
}
