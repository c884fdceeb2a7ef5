package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/wsgen/wsgen/generated/chat"
	"github.com/wsgen/wsgen/wstest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// lines parses the JSON lines of out.
func lines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var ls []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("output line %q is not JSON: %v", sc.Text(), err)
		}
		if _, ok := m["event"]; !ok {
			t.Fatalf("output line %q has no event key", sc.Text())
		}
		ls = append(ls, m)
	}
	return ls
}

// has reports whether some line has every key/value of want.
func has(ls []map[string]any, want map[string]any) bool {
	for _, l := range ls {
		ok := true
		for k, v := range want {
			if l[k] != v {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func TestStory(t *testing.T) {
	defer func(p time.Duration) { storyPace = p }(storyPace)
	storyPace = 250 * time.Millisecond
	var stdout, stderr bytes.Buffer
	if code := run(nil, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d; stderr %s; stdout\n%s", code, stderr.String(), stdout.String())
	}
	ls := lines(t, stdout.String())
	var chats []string
	for _, l := range ls {
		if l["event"] == "message" && l["type"] == "chat" {
			chats = append(chats, l["id"].(string))
		}
	}
	if want := []string{"m1", "m2", "m5", "m6", "m7", "m8", "m9", "m10"}; !slices.Equal(chats, want) {
		t.Errorf("chat messages %q, want %q (each once, in order)", chats, want)
	}
	for _, want := range []map[string]any{
		{"event": "dropped", "id": "m2", "reason": "duplicate"},
		{"event": "gap", "room": "lobby", "expected": 3.0, "got": 5.0},
		{"event": "snapshot", "room": "lobby", "seq": 4.0},
		{"event": "state", "from": "live", "to": "refreshing", "close_code": 4001.0},
		{"event": "state", "from": "refreshing", "to": "connecting"},
		{"event": "invalid"},
		{"event": "state", "from": "live", "to": "retrying", "close_code": 1012.0},
		{"event": "state", "from": "live", "to": "retrying", "close_code": 1006.0},
		{"event": "ack", "ok": true},
		{"event": "state", "from": "live", "to": "closing", "close_code": 1001.0},
		{"event": "state", "from": "closing", "to": "closed"},
	} {
		if !has(ls, want) {
			t.Errorf("no line with %v in\n%s", want, stdout.String())
		}
	}
	acks := 0
	for _, l := range ls {
		if l["event"] == "ack" {
			acks++
		}
		if l["event"] == "send_error" {
			t.Errorf("send error: %v", l)
		}
	}
	if acks != 2 {
		t.Errorf("%d acks, want 2", acks)
	}
	if strings.Contains(stdout.String(), "message 1") {
		t.Error("a message text was printed")
	}
}

func TestClientMode(t *testing.T) {
	iss := wstest.NewTokenIssuer(nil)
	tok := iss.Issue(time.Hour)
	ack := func(msg []byte) []byte {
		m, err := chat.Decode(msg)
		if err != nil {
			t.Errorf("server got %q: %v", msg, err)
			return nil
		}
		return []byte(`{"type":"ack","ref":"` + m.(*chat.SendChat).Ref + `","ok":true}`)
	}
	srv := wstest.NewServer(t, &wstest.Options{Tokens: iss},
		wstest.Send(`{"type":"chat","id":"e1","room":"lobby","seq":1,"from":"bob","text":"secret","sent_at":"2026-01-02T03:04:05Z"}`),
		wstest.Expect(wstest.Contains(`"send_chat"`), 10*time.Second).Reply(ack),
	)
	stdin := strings.Join([]string{
		`{"type":"send_chat","room":"lobby","text":"hello"}`,
		`{"type":"typing","room":"lobby"}`,
		`not json`,
		`{"type":"chat","id":"x","room":"lobby","seq":1,"from":"a","text":"b","sent_at":"2026-01-02T03:04:05Z"}`,
		`{"type":"nope"}`,
	}, "\n") + "\n"
	// Give the client time to go live before stdin is read to its end.
	r, w := io.Pipe()
	go func() {
		time.Sleep(300 * time.Millisecond)
		io.WriteString(w, stdin)
		w.Close()
	}()
	var stdout, stderr bytes.Buffer
	code := run([]string{"-url", srv.URL(), "-token-cmd", "echo " + tok, "-send-policy", "queue"}, r, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d; stderr %s; stdout\n%s", code, stderr.String(), stdout.String())
	}
	ls := lines(t, stdout.String())
	for _, want := range []map[string]any{
		{"event": "message", "type": "chat", "id": "e1", "room": "lobby", "seq": 1.0},
		{"event": "ack", "ok": true},
		{"event": "state", "to": "closed"},
	} {
		if !has(ls, want) {
			t.Errorf("no line with %v in\n%s", want, stdout.String())
		}
	}
	errs := 0
	for _, l := range ls {
		if l["event"] == "send_error" {
			errs++
		}
	}
	if errs != 3 {
		t.Errorf("%d send_error lines, want 3 (not JSON, a server message, an unknown type):\n%s", errs, stdout.String())
	}
	if strings.Contains(stdout.String(), "secret") {
		t.Error("a message text was printed")
	}
	c0, err := srv.WaitDone(0, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if c0.Token != tok {
		t.Errorf("server saw token %q, want %q", c0.Token, tok)
	}
	got := wstest.Texts(c0.Received)
	if len(got) != 2 || !strings.Contains(got[0], `"key":`) || !strings.Contains(got[0], `"ref":`) || !strings.Contains(got[1], `"typing"`) {
		t.Errorf("server received %q: want send_chat with ref and key, then typing", got)
	}
	if c0.CloseReceived == nil || c0.CloseReceived.Code != 1001 {
		t.Errorf("server received close %+v, want 1001", c0.CloseReceived)
	}
}

func TestClientFails(t *testing.T) {
	srv := wstest.NewServer(t, nil, wstest.Reject(403))
	r, w := io.Pipe()
	defer w.Close()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-url", srv.URL()}, r, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1; stdout\n%s", code, stdout.String())
	}
	if !has(lines(t, stdout.String()), map[string]any{"event": "state", "to": "failed"}) {
		t.Errorf("no failed state in\n%s", stdout.String())
	}
}

func TestFlags(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"-h"}, 0},
		{[]string{"-send-policy", "drop", "-url", "ws://127.0.0.1:1/"}, 2},
		{[]string{"-send-policy", "outbox", "-url", "ws://127.0.0.1:1/"}, 2},
		{[]string{"-nope"}, 2},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(tt.args, strings.NewReader(""), &stdout, &stderr); code != tt.code {
			t.Errorf("run(%q) = %d, want %d; stderr %s", tt.args, code, tt.code, stderr.String())
		}
	}
}
