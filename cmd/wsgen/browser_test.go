package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"go.uber.org/goleak"
)

// chromium returns the path of a Chromium (or Chrome) binary: $WSGEN_CHROMIUM, else the
// first of the usual names on $PATH; "" when none.
func chromium() string {
	if p := os.Getenv("WSGEN_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserPage connects to wsgen serve three times (twice on one path, then on a new
// path, which runs the scenario from its start again), sends a request from onopen,
// and posts every message and close event it saw to /report of its own origin.
const browserPage = `<!doctype html>
<title>wsgen serve browser test</title>
<script>
const report = {conns: [], errors: []};
window.onerror = (msg) => { report.errors.push(String(msg)); };
function connect(i, path) {
  return new Promise((resolve) => {
    const c = {messages: [], close: null, error: false};
    report.conns.push(c);
    const ws = new WebSocket(WSURL + path);
    ws.onopen = () => ws.send(JSON.stringify({type: "send_chat", ref: "r" + i, key: "k" + i, room: "lobby", text: "hi"}));
    ws.onmessage = (e) => c.messages.push(e.data);
    ws.onerror = () => { c.error = true; };
    ws.onclose = (e) => { c.close = {code: e.code, reason: e.reason, clean: e.wasClean}; resolve(); };
  });
}
(async () => {
  try {
    await connect(0, "");
    await connect(1, "");
    await connect(2, "again");
  } catch (e) {
    report.errors.push(String(e));
  }
  await fetch("/report", {method: "POST", body: JSON.stringify(report)});
  document.title = "done";
})();
</script>
`

const browserScenario = `{"connections": [
  {"steps": [
    {"send": {"type": "welcome", "session": "s0", "heartbeat_ms": 15000}},
    {"expect": {"type": "send_chat"}, "reply": {"type": "ack", "ref": "x", "ok": true}, "copy": ["ref"]},
    {"close": 4001, "reason": "token expired"}]},
  {"steps": [
    {"fragments": {"type": "welcome", "session": "s1", "heartbeat_ms": 15000}, "sizes": [5, 7], "delayMs": 5},
    {"expect": {"type": "send_chat"}},
    {"close": 4029, "reason": "rate limited"}]}
]}`

type browserConn struct {
	Messages []string
	Close    struct {
		Code   int
		Reason string
		Clean  bool
	}
	Error bool
}

type browserReport struct {
	Conns  []browserConn
	Errors []string
}

// TestBrowser runs a real headless Chromium against wsgen serve (the serve code,
// in-process): a page served by this test on another loopback port (an origin the
// default Origin check allows) connects, receives the scripted frames (one sent in
// fragments) and close codes, and posts what it saw back to the test. Without Chromium
// the test skips, unless CI=true: .ci/run installs it.
func TestBrowser(t *testing.T) {
	bin := chromium()
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but no Chromium found (chromium, chromium-browser, google-chrome; or set WSGEN_CHROMIUM): .ci/run installs the Debian package chromium")
		}
		t.Skip("no Chromium on this machine (apt-get install chromium, or set WSGEN_CHROMIUM): the browser test is skipped; under CI=true it fails instead")
	}
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())

	var log syncBuffer
	wsURL, stop := startServe(t, serveConfig{Scenario: writeTemp(t, "scenario.json", browserScenario)}, &log, io.Discard)

	reports := make(chan []byte, 1)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, strings.Replace(browserPage, "WSURL", fmt.Sprintf("%q", wsURL), 1))
	})
	mux.HandleFunc("POST /report", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		select {
		case reports <- body:
		default:
		}
	})
	mux.HandleFunc("/", http.NotFound) // favicon.ico and the like
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	page := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan struct{})
	go func() { defer close(served); page.Serve(ln) }()
	defer func() { page.Close(); <-served }()

	profile := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
		"--user-data-dir="+profile, "http://"+ln.Addr().String()+"/")
	var chromeOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &chromeOut, &chromeOut
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its helpers share the group: one kill ends all
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// kill asks Chromium to quit (it then ends and reaps its helpers), and after 5 s
	// kills whatever is left of its process group.
	kill := func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		done := false
		select {
		case <-exited:
			done = true
		case <-time.After(5 * time.Second):
		}
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		if !done {
			select {
			case <-exited:
			case <-time.After(10 * time.Second):
				t.Error("Chromium did not exit 10 s after SIGKILL")
			}
		}
		waitNoProcess(t, cmd.Process.Pid, profile)
	}

	var body []byte
	select {
	case body = <-reports:
	case err := <-exited:
		t.Fatalf("Chromium exited before the page reported: %v\n%s", err, tail(chromeOut.String()))
	case <-ctx.Done():
		kill()
		t.Fatalf("no report from the page within 2 minutes; Chromium said:\n%s\nserve logged:\n%s", tail(chromeOut.String()), log.String())
	}
	kill()

	var got browserReport
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("report %s: %v", body, err)
	}
	closed := func(code int, reason string) struct {
		Code   int
		Reason string
		Clean  bool
	} {
		return struct {
			Code   int
			Reason string
			Clean  bool
		}{code, reason, true}
	}
	want := browserReport{Conns: []browserConn{
		{Messages: []string{`{"type":"welcome","session":"s0","heartbeat_ms":15000}`, `{"type":"ack","ref":"r0","ok":true}`}, Close: closed(4001, "token expired")},
		{Messages: []string{`{"type":"welcome","session":"s1","heartbeat_ms":15000}`}, Close: closed(4029, "rate limited")},
		{Messages: []string{`{"type":"welcome","session":"s0","heartbeat_ms":15000}`, `{"type":"ack","ref":"r2","ok":true}`}, Close: closed(4001, "token expired")},
	}}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("what the browser saw (-want +got):\n%s\nserve logged:\n%s", diff, log.String())
	}
	for _, line := range []string{
		`conn 0 recv text send_chat ref="r0" (`, `conn 1 recv text send_chat ref="r1" (`, `conn 2 recv text send_chat ref="r2" (`,
		`conn 0: ended: close 4001 "token expired" sent`, `conn 1: ended: close 4029 "rate limited" sent`,
	} {
		if !strings.Contains(log.String(), line) {
			t.Errorf("serve's log lacks %q:\n%s", line, log.String())
		}
	}
	if code := stop(); code != 0 {
		t.Errorf("serve = %d", code)
	}
}

// waitNoProcess waits until no process is left in Chromium's process group pgid or
// has profile on its command line (its helpers outlive the parent by a moment), and
// fails the test, killing them, if one remains after 10 s.
func waitNoProcess(t *testing.T, pgid int, profile string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var left []int
		dirs, _ := filepath.Glob("/proc/[0-9]*")
		for _, d := range dirs {
			var pid int
			if _, err := fmt.Sscan(filepath.Base(d), &pid); err != nil {
				continue
			}
			cmdline, _ := os.ReadFile(filepath.Join(d, "cmdline"))
			stat, _ := os.ReadFile(filepath.Join(d, "stat"))
			var state string
			var ppid, pgrp int
			if i := bytes.LastIndexByte(stat, ')'); i >= 0 {
				fmt.Sscan(string(stat[i+1:]), &state, &ppid, &pgrp)
			}
			if state != "Z" && (pgrp == pgid || bytes.Contains(cmdline, []byte(profile))) {
				left = append(left, pid)
			}
		}
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("Chromium processes left running: pids %v", left)
			for _, pid := range left {
				syscall.Kill(pid, syscall.SIGKILL)
			}
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// tail is the end of a long output, for failure messages.
func tail(s string) string {
	if len(s) > 4000 {
		return "…" + s[len(s)-4000:]
	}
	return s
}
