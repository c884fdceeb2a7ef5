package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"go.uber.org/goleak"
)

const chatSchema = "../../testdata/chat/protocol.json"

// syncBuffer is a bytes.Buffer safe for the server's concurrent log lines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func writeScenario(t *testing.T, steps string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "scenario.json")
	if err := os.WriteFile(path, []byte(`{"connections":[{"steps":[`+steps+`]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const welcome = `{"send":{"type":"welcome","session":"s","heartbeat_ms":15000}}`

func TestServeRefusesBadScenario(t *testing.T) {
	for _, tt := range []struct {
		name, steps string
		want        []string // each must appear in stderr, after "scenario.json:"
	}{
		{"missing property", welcome + `,{"send":{"type":"welcome","session":"s"}}`,
			[]string{"/connections/0/steps/1/send: #: missing properties: 'heartbeat_ms'"}},
		{"value out of range", `{"send":{"type":"welcome","session":"s","heartbeat_ms":5}}`,
			[]string{"/connections/0/steps/0/send: #/heartbeat_ms: must be >= 1000"}},
		{"client message", `{"send":{"type":"typing","room":"lobby"}}`,
			[]string{"/connections/0/steps/0/send: typing is a client message"}},
		{"unknown type", `{"send":{"type":"nope"}}`,
			[]string{`/connections/0/steps/0/send: unknown message type "nope"`}},
		{"no type", `{"send":[1]}`,
			[]string{`/connections/0/steps/0/send: no string "type" member`}},
		{"bad event, every error listed", `{"events":{"type":"chat","id":"m{{seq}}","room":"lobby","seq":"{{seq}}","from":"a","text":"t","sent_at":"x"},"seqs":[0,1,-1]},{"drip":{"type":"ack"}}`,
			[]string{"/connections/0/steps/0/events (seq 0): #/seq: must be >= 1", "/connections/0/steps/0/events (seq -1)", "/connections/0/steps/1/drip: #: missing properties: 'ref', 'ok'"}},
		{"bad reply", `{"expect":{"type":"send_chat"},"reply":{"type":"ack","ref":"","ok":true}}`,
			[]string{"/connections/0/steps/0/reply: #/ref: length must be >= 1"}},
		{"unknown action", `{"sendd":1}`, []string{`/connections/0/steps/0/sendd: unknown action "sendd" (actions: answerPings,`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := writeScenario(t, tt.steps)
			var stdout, stderr syncBuffer
			code := serve(context.Background(), serveConfig{Schema: chatSchema, Scenario: path, Addr: "127.0.0.1:0",
				Ready: func(string) { t.Error("server started with a bad scenario") }}, &stdout, &stderr)
			if code != 1 {
				t.Errorf("serve = %d, want 1", code)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr.String(), path+":"+w) {
					t.Errorf("stderr lacks %q:\n%s", path+":"+w, stderr.String())
				}
			}
		})
	}
}

func TestChatScenarioIsValid(t *testing.T) {
	if _, sc, err := loadScenario(chatSchema, "../../testdata/scenarios/chat.json"); err != nil {
		t.Fatal(err)
	} else if len(sc.Messages()) < 10 {
		t.Errorf("only %d messages", len(sc.Messages()))
	}
}

// TestServeLogsVerdicts runs serve, drives it with a client, and stops it through its
// context as Ctrl-C would.
func TestServeLogsVerdicts(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	path := writeScenario(t, welcome+`,
		{"expect":{"type":"send_chat"},"timeoutMs":10000,"reply":{"type":"ack","ref":"x","ok":true},"copy":["ref"]},
		{"expect":{"ref":"c1"},"timeoutMs":10000},
		{"close":4001,"reason":"token expired"}`)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	urls := make(chan string, 1)
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() {
		done <- serve(ctx, serveConfig{Schema: chatSchema, Scenario: path, Addr: "127.0.0.1:0", Ready: func(u string) { urls <- u }}, &stdout, &stderr)
	}()
	var url string
	select {
	case url = <-urls:
	case code := <-done:
		t.Fatalf("serve = %d before listening: %s", code, stderr.String())
	}
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	ws, _, err := d.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, m, err := ws.ReadMessage(); err != nil || !bytes.Contains(m, []byte("welcome")) {
		t.Fatalf("first message %s, %v", m, err)
	}
	ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"send_chat","ref":"c0"}`))
	ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"send_chat","ref":"c1","key":"k","room":"lobby","text":"secret words"}`))
	if _, m, err := ws.ReadMessage(); err != nil || string(m) != `{"type":"ack","ref":"c0","ok":true}` {
		t.Fatalf("reply %s, %v", m, err)
	}
	if _, _, err := ws.ReadMessage(); !websocket.IsCloseError(err, 4001) {
		t.Fatalf("end %v", err)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve = %d after cancel, want 0; stderr %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		"conn 0 sent text welcome (",
		`conn 0 recv text send_chat ref="c0" (31 bytes): INVALID: #: missing properties: 'key', 'room', 'text'`,
		`conn 0 recv text send_chat ref="c1" (`,
		`conn 0 sent text ack ref="c0" (35 bytes): valid`,
		`conn 0: ended: close 4001 "token expired" sent`,
		"stopped after 1 connections",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "secret words") {
		t.Error("the log shows message content")
	}
	if !strings.Contains(out, `ref="c1" (78 bytes): valid`) {
		t.Errorf("valid send_chat not logged as valid:\n%s", out)
	}
}

func TestRunServeFlags(t *testing.T) {
	for _, tt := range []struct {
		name     string
		args     []string
		code     int
		out, err string
	}{
		{"help", []string{"-h"}, 0, "Scenario format", ""},
		{"missing scenario", []string{"-schema", chatSchema}, 2, "", "-schema and -scenario are required"},
		{"unknown flag", []string{"-x"}, 2, "", "flag provided but not defined"},
		{"extra argument", []string{"-schema", "a", "-scenario", "b", "c"}, 2, "", "no arguments"},
		{"missing schema file", []string{"-schema", "nope.json", "-scenario", "b.json", "-addr", "127.0.0.1:0"}, 1, "", "nope.json"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr syncBuffer
			if code := runServe(tt.args, &stdout, &stderr); code != tt.code {
				t.Errorf("runServe(%q) = %d, want %d; stderr %s", tt.args, code, tt.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.out) || !strings.Contains(stderr.String(), tt.err) {
				t.Errorf("stdout %q\nstderr %q\nwant %q and %q", stdout.String(), stderr.String(), tt.out, tt.err)
			}
		})
	}
}

// TestServeShutdownClosesClients: Ctrl-C (the context) sends open connections 1001.
func TestServeShutdownClosesClients(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	path := writeScenario(t, welcome)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	urls := make(chan string, 1)
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() {
		done <- serve(ctx, serveConfig{Schema: chatSchema, Scenario: path, Addr: "127.0.0.1:0", Ready: func(u string) { urls <- u }}, &stdout, &stderr)
	}()
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	ws, _, err := d.Dial(<-urls, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	ws.ReadMessage()
	errc := make(chan error, 1)
	go func() { _, _, err := ws.ReadMessage(); errc <- err }()
	cancel()
	if err := <-errc; !websocket.IsCloseError(err, websocket.CloseGoingAway) {
		t.Errorf("client saw %v, want close 1001", err)
	}
	if code := <-done; code != 0 {
		t.Errorf("serve = %d", code)
	}
}
