package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// event is one parsed output line.
type event map[string]any

// shapes lists the members of each event kind, exactly.
var shapes = map[string][]string{
	"state":      {"attempt", "close_code", "close_reason", "event", "from", "reason", "retry_in_ms", "to"},
	"message":    {"event", "id", "room", "seq", "type"},
	"dropped":    {"event", "id", "reason", "type"},
	"gap":        {"event", "expected", "got", "room"},
	"snapshot":   {"event", "room", "seq"},
	"invalid":    {"error", "event"},
	"ack":        {"event", "ok", "ref"},
	"send_error": {"error", "event", "ref"},
}

// parse parses the JSON lines of out and checks each against its shape.
func parse(t *testing.T, out string) []event {
	t.Helper()
	var evs []event
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("output line %q is not a JSON object: %v", sc.Text(), err)
		}
		kind, _ := e["event"].(string)
		want, ok := shapes[kind]
		if !ok {
			t.Fatalf("output line %q has no known event kind", sc.Text())
		}
		if got := slices.Sorted(maps.Keys(e)); !slices.Equal(got, want) {
			t.Errorf("%s line %q has members %q, want %q", kind, sc.Text(), got, want)
		}
		evs = append(evs, e)
	}
	return evs
}

// matches reports whether e has every member of want (numbers as float64).
func (e event) matches(want event) bool {
	for k, v := range want {
		if e[k] != v {
			return false
		}
	}
	return true
}

// inOrder checks that milestones appear in evs in this order (other lines may
// come in between) and reports the first one missing. conn runs OnState,
// OnNotice and the Handler in one ordered queue, so state lines and the lines
// of delivered messages and notices can share a list where the conn doc
// guarantees their order: a socket's change into live before its messages,
// the change ending the socket (retrying, refreshing, closed, failed) after
// them; but not a change into closing against messages of the close
// handshake. Ack lines of awaited requests are printed by the sending
// goroutine, outside that queue.
func inOrder(t *testing.T, evs []event, milestones []event, out string) {
	t.Helper()
	i := 0
	for _, e := range evs {
		if i < len(milestones) && e.matches(milestones[i]) {
			i++
		}
	}
	if i < len(milestones) {
		t.Errorf("milestone %d %v missing (or out of order) after %v; output:\n%s", i, milestones[i], milestones[:i], out)
	}
}

// count returns how many events match want.
func count(evs []event, want event) int {
	n := 0
	for _, e := range evs {
		if e.matches(want) {
			n++
		}
	}
	return n
}

// noSecrets fails when any of secrets appears in the texts.
func noSecrets(t *testing.T, secrets []string, texts ...string) {
	t.Helper()
	for _, s := range secrets {
		for _, text := range texts {
			if strings.Contains(text, s) {
				t.Errorf("%q appears in the output:\n%s", s, text)
			}
		}
	}
}

func TestStory(t *testing.T) {
	defer func(p time.Duration) { storyPace = p }(storyPace)
	storyPace = 100 * time.Millisecond
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), nil, strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d; stderr %s; stdout\n%s", code, stderr.String(), stdout.String())
	}
	out := stdout.String()
	evs := parse(t, out)
	inOrder(t, evs, []event{ // the connection's life and what the handler and the pipeline saw, in one order
		{"event": "state", "from": "idle", "to": "connecting"},
		{"event": "state", "from": "connecting", "to": "live"},
		{"event": "message", "type": "welcome"},
		{"event": "message", "type": "presence", "id": "p1"},
		{"event": "message", "type": "chat", "id": "m1", "seq": 1.0},
		{"event": "message", "type": "chat", "id": "m2", "seq": 2.0},
		{"event": "dropped", "type": "chat", "id": "m2", "reason": "duplicate"},
		{"event": "gap", "room": "lobby", "expected": 3.0, "got": 5.0},
		{"event": "snapshot", "room": "lobby", "seq": 4.0},
		{"event": "message", "type": "chat", "id": "m3"},
		{"event": "message", "type": "chat", "id": "m4"},
		{"event": "message", "type": "chat", "id": "m5"},
		{"event": "message", "type": "chat", "id": "m6"},
		{"event": "state", "from": "live", "to": "refreshing", "close_code": 4001.0, "close_reason": "token expired"},
		{"event": "state", "from": "refreshing", "to": "connecting"},
		{"event": "state", "from": "connecting", "to": "live"},
		{"event": "message", "type": "welcome"},
		{"event": "dropped", "id": "m6", "reason": "duplicate"},
		{"event": "message", "type": "chat", "id": "m7"},
		{"event": "dropped", "id": "m4-resent", "reason": "stale"},
		{"event": "invalid"},
		{"event": "message", "type": "chat", "id": "m8"},
		{"event": "state", "from": "live", "to": "retrying", "close_code": 1012.0},
		{"event": "state", "from": "connecting", "to": "live"},
		{"event": "message", "type": "welcome"},
		{"event": "message", "type": "chat", "id": "m9"},
		{"event": "state", "from": "live", "to": "retrying", "close_code": 1006.0},
		{"event": "state", "from": "connecting", "to": "live"},
		{"event": "message", "type": "welcome"},
		{"event": "message", "type": "chat", "id": "m10"},
		{"event": "state", "from": "live", "to": "closing", "close_code": 1001.0}, // the story closes after printing m10
		{"event": "state", "from": "closing", "to": "closed"},
	}, out)
	inOrder(t, evs, []event{ // the story sends each request after the message it waits for
		{"event": "message", "type": "chat", "id": "m6"},
		{"event": "ack", "ok": true},
		{"event": "message", "type": "chat", "id": "m10"},
		{"event": "ack", "ok": true},
	}, out)
	var chats []string
	for _, e := range evs {
		if e.matches(event{"event": "message", "type": "chat"}) {
			chats = append(chats, e["id"].(string))
		}
	}
	if want := []string{"m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10"}; !slices.Equal(chats, want) {
		t.Errorf("chat messages %q, want %q: each once, in order", chats, want)
	}
	if n := count(evs, event{"event": "send_error"}); n != 0 {
		t.Errorf("%d send errors:\n%s", n, out)
	}
	if n := count(evs, event{"event": "ack", "ok": true}); n != 2 {
		t.Errorf("%d acks, want 2", n)
	}
	if n := count(evs, event{"event": "invalid"}); n != 1 {
		t.Errorf("%d invalid lines, want 1", n)
	}
	// The texts of the chats and of the client's messages, and the tokens
	// (wstest issues "wstest-N"), are never printed.
	noSecrets(t, []string{"lobby message number", "hello, lobby", `"bye"`, "an old one", "cut off", "wstest-"}, out, stderr.String())
}

func TestFlags(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"-h"}, exitOK, "usage: chat"},
		{[]string{"-send-policy", "drop", "-url", "ws://127.0.0.1:1/"}, exitUsage, "drop"},
		{[]string{"-send-policy", "outbox", "-url", "ws://127.0.0.1:1/"}, exitUsage, "-outbox FILE"},
		{[]string{"-queue", "-1", "-url", "ws://127.0.0.1:1/"}, exitUsage, "negative"},
		{[]string{"-token-cmd", "echo x"}, exitUsage, "need -url"},
		{[]string{"-url", "ws://127.0.0.1:1/", "extra"}, exitUsage, "unexpected arguments"},
		{[]string{"-url", "http://127.0.0.1:1/"}, exitUsage, "ws://"},
		{[]string{"-nope"}, exitUsage, "-nope"},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), tt.args, strings.NewReader(""), &stdout, &stderr); code != tt.code {
				t.Errorf("run(%q) = %d, want %d; stderr %s", tt.args, code, tt.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.err) {
				t.Errorf("run(%q) stderr %q does not mention %q", tt.args, stderr.String(), tt.err)
			}
			if stdout.Len() != 0 {
				t.Errorf("run(%q) printed events:\n%s", tt.args, stdout.String())
			}
		})
	}
}

// Example_events shows the output lines' shapes (the emitter both modes use).
func Example_events() {
	var b bytes.Buffer
	out := newEmitter(&b)
	out.emit(gapLine{"gap", "lobby", 3, 5})
	out.emit(snapshotLine{"snapshot", "lobby", 4})
	out.sendError("", fmt.Errorf("not a JSON object"))
	fmt.Print(b.String())
	// Output:
	// {"event":"gap","room":"lobby","expected":3,"got":5}
	// {"event":"snapshot","room":"lobby","seq":4}
	// {"event":"send_error","ref":null,"error":"not a JSON object"}
}
