package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"go.uber.org/goleak"
)

// countWriter counts the log bytes and lines without keeping them.
type countWriter struct{ n, lines atomic.Int64 }

func (w *countWriter) Write(p []byte) (int, error) {
	w.n.Add(int64(len(p)))
	w.lines.Add(int64(strings.Count(string(p), "\n")))
	return len(p), nil
}

// startServe runs serve with cfg (Addr defaults to 127.0.0.1:0) and returns its URL and
// a function that stops it (as Ctrl-C does) and returns its exit code.
func startServe(t *testing.T, cfg serveConfig, stdout, stderr io.Writer) (string, func() int) {
	t.Helper()
	if cfg.Schema == "" {
		cfg.Schema = chatSchema
	}
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	urls := make(chan string, 1)
	cfg.Ready = func(u string) { urls <- u }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- serve(ctx, cfg, stdout, stderr) }()
	select {
	case u := <-urls:
		stopped := false
		stop := func() int {
			if stopped {
				return 0
			}
			stopped = true
			cancel()
			return <-done
		}
		t.Cleanup(func() { stop() })
		return u, stop
	case code := <-done:
		cancel()
		t.Fatalf("serve = %d before listening", code)
		return "", nil
	}
}

// heapAfterGC is the live heap after two collections.
func heapAfterGC() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestServeMemoryBounded: 200,000 client frames of 1 KiB and 200,000 pings on one
// connection whose script has ended leave serve's heap where it was: nothing is kept
// (before: every frame and ping was recorded and queued for a step that never came).
func TestServeMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 200 MB over loopback (-short)")
	}
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	var log countWriter
	u, stop := startServe(t, serveConfig{Scenario: writeScenario(t, welcome)}, &log, io.Discard)
	ws, _, err := websocket.DefaultDialer.Dial(u, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	ws.SetReadDeadline(time.Now().Add(time.Minute))
	if _, _, err := ws.ReadMessage(); err != nil {
		t.Fatal(err)
	}
	pongs := make(chan struct{}, 1)
	ws.SetPongHandler(func(string) error {
		select {
		case pongs <- struct{}{}:
		default:
		}
		return nil
	})
	go func() { // the reader, which answers nothing but handles the pongs
		for {
			if _, _, err := ws.ReadMessage(); err != nil {
				return
			}
		}
	}()
	before := heapAfterGC()
	frames := 200_000
	if n := os.Getenv("WSGEN_SERVE_FRAMES"); n != "" {
		frames, _ = strconv.Atoi(n)
	}
	payload := []byte(strings.Repeat("x", 1024)) // not JSON: the log line says so cheaply
	start := time.Now()
	for i := range frames {
		if err := ws.WriteMessage(websocket.TextMessage, payload); err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if err := ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(10*time.Second)); err != nil {
			t.Fatalf("ping %d: %v", i, err)
		}
	}
	// Every frame is read once its log line is written: wait for the 200,000 lines.
	deadline := time.Now().Add(2 * time.Minute)
	for log.lines.Load() < int64(frames)+2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := log.lines.Load(); n < int64(frames)+2 {
		t.Fatalf("only %d log lines after %v", n, time.Since(start))
	}
	after := heapAfterGC()
	grown := int64(after) - int64(before)
	t.Logf("%d frames of %d bytes and %d pings in %v: heap %d -> %d bytes (%+.1f MiB)", frames, len(payload), frames, time.Since(start).Round(time.Millisecond), before, after, float64(grown)/(1<<20))
	if grown > 16<<20 {
		t.Errorf("serve's heap grew by %.1f MiB over %d frames, want < 16 MiB", float64(grown)/(1<<20), frames)
	}
	ws.Close()
	if code := stop(); code != 0 {
		t.Errorf("serve = %d", code)
	}
}

// rawUpgrade opens a TCP connection to the ws:// URL u and completes the handshake by
// hand, so that the test can write frames gorilla would never write.
func rawUpgrade(t *testing.T, u string) (net.Conn, *bufio.Reader) {
	t.Helper()
	host := strings.TrimSuffix(strings.TrimPrefix(u, "ws://"), "/")
	c, err := net.DialTimeout("tcp", host, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(30 * time.Second))
	fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", host)
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("handshake: %v %v", resp, err)
	}
	return c, br
}

// readServerFrame reads one unmasked frame: its opcode and payload.
func readServerFrame(br *bufio.Reader) (byte, []byte, error) {
	var h [2]byte
	if _, err := io.ReadFull(br, h[:]); err != nil {
		return 0, nil, err
	}
	n := int(h[1] & 0x7f)
	switch n {
	case 126:
		var b [2]byte
		if _, err := io.ReadFull(br, b[:]); err != nil {
			return 0, nil, err
		}
		n = int(binary.BigEndian.Uint16(b[:]))
	case 127:
		return 0, nil, fmt.Errorf("unexpected 64-bit length")
	}
	p := make([]byte, n)
	_, err := io.ReadFull(br, p)
	return h[0] & 0x0f, p, err
}

// TestServeReadLimit: a message over -read-limit closes the connection with 1009, also
// one whose header claims 2 GB that never come: serve allocates nothing for it.
func TestServeReadLimit(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	var log syncBuffer
	u, stop := startServe(t, serveConfig{Scenario: writeScenario(t, welcome), ReadLimit: 4096}, &log, io.Discard)

	// A message at the limit passes; one byte more closes with 1009.
	ws, _, err := websocket.DefaultDialer.Dial(u, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	ws.ReadMessage()
	ws.WriteMessage(websocket.TextMessage, make([]byte, 4096))
	ws.WriteMessage(websocket.TextMessage, make([]byte, 4097))
	if _, _, err := ws.ReadMessage(); !websocket.IsCloseError(err, websocket.CloseMessageTooBig) {
		t.Errorf("after a 4097-byte message: %v, want close 1009", err)
	}

	// A frame header claiming 2 GB, then silence.
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	allocBefore := ms.TotalAlloc
	c, br := rawUpgrade(t, u)
	if op, _, err := readServerFrame(br); err != nil || op != websocket.TextMessage {
		t.Fatalf("welcome: op %d, %v", op, err)
	}
	hdr := []byte{0x81, 0x80 | 127}
	hdr = binary.BigEndian.AppendUint64(hdr, 2<<30)
	hdr = append(hdr, 1, 2, 3, 4) // mask key
	hdr = append(hdr, []byte("0123456789")...)
	if _, err := c.Write(hdr); err != nil {
		t.Fatal(err)
	}
	op, p, err := readServerFrame(br)
	if err != nil || op != websocket.CloseMessage || len(p) < 2 || binary.BigEndian.Uint16(p) != websocket.CloseMessageTooBig {
		t.Fatalf("after a 2 GB frame header: op %d payload %q, %v; want close 1009", op, p, err)
	}
	runtime.ReadMemStats(&ms)
	if alloc := ms.TotalAlloc - allocBefore; alloc > 8<<20 {
		t.Errorf("serve allocated %d bytes for a frame claiming 2 GB", alloc)
	}
	c.Close()
	ws.Close()
	if code := stop(); code != 0 {
		t.Errorf("serve = %d", code)
	}
	if !strings.Contains(log.String(), "read limit 4096 bytes") {
		t.Errorf("the start line does not state the read limit:\n%s", log.String())
	}
}

// TestServeOrigin: by default only pages of the same origin or on a loopback name may
// connect (and clients sending no Origin); -origin adds others.
func TestServeOrigin(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	scenario := writeScenario(t, welcome)
	for _, tt := range []struct {
		name    string
		origins []string
		origin  string // "SAME" is the server's own origin
		ok      bool
	}{
		{"no Origin (not a browser)", nil, "", true},
		{"same origin", nil, "SAME", true},
		{"localhost page", nil, "http://localhost:5173", true},
		{"127.0.0.1 page", nil, "http://127.0.0.1:8000", true},
		{"[::1] page", nil, "https://[::1]:3000", true},
		{"*.localhost page", nil, "http://app.localhost:8080", true},
		{"web site", nil, "https://evil.example", false},
		{"localhost as a subdomain", nil, "https://localhost.evil.example", false},
		{"file or sandboxed page", nil, "null", false},
		{"non-http scheme on localhost", nil, "chrome-extension://localhost", false},
		{"allowed by -origin", []string{"https://app.example"}, "https://app.example", true},
		{"-origin is exact", []string{"https://app.example"}, "https://app.example:8443", false},
		{"-origin null", []string{"null"}, "null", true},
		{"-origin *", []string{"*"}, "https://evil.example", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var log syncBuffer
			u, stop := startServe(t, serveConfig{Scenario: scenario, Origins: tt.origins}, &log, io.Discard)
			h := http.Header{}
			switch tt.origin {
			case "":
			case "SAME":
				h.Set("Origin", "http://"+strings.TrimSuffix(strings.TrimPrefix(u, "ws://"), "/"))
			default:
				h.Set("Origin", tt.origin)
			}
			d := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
			ws, resp, err := d.Dial(u, h)
			if tt.ok {
				if err != nil {
					t.Fatalf("Origin %q refused: %v", tt.origin, err)
				}
				ws.Close()
			} else {
				if err == nil {
					ws.Close()
					t.Fatalf("Origin %q accepted", tt.origin)
				}
				if resp == nil || resp.StatusCode != http.StatusForbidden {
					t.Fatalf("Origin %q: %v, %v; want 403", tt.origin, resp, err)
				}
				if want := "start wsgen serve with -origin " + tt.origin + " to allow it"; !strings.Contains(log.String(), want) {
					t.Errorf("log lacks %q:\n%s", want, log.String())
				}
			}
			stop()
		})
	}
	var stderr syncBuffer
	if code := serve(context.Background(), serveConfig{Schema: chatSchema, Scenario: scenario, Addr: "127.0.0.1:0", Origins: []string{"app.example"}}, io.Discard, &stderr); code != 2 || !strings.Contains(stderr.String(), `"app.example" is not an origin`) {
		t.Errorf("-origin app.example: exit %d, %s", code, stderr.String())
	}
}

// TestServeRunAgain: each path counts its connections from 0, so a new path runs the
// scenario again; ?conn=N runs connections[N].
func TestServeRunAgain(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	path := writeTemp(t, "scenario.json", `{"connections":[
		{"steps":[{"send":{"type":"welcome","session":"s0","heartbeat_ms":15000}}]},
		{"steps":[{"send":{"type":"welcome","session":"s1","heartbeat_ms":15000}}]}]}`)
	u, stop := startServe(t, serveConfig{Scenario: path}, io.Discard, io.Discard)
	session := func(suffix string) string {
		t.Helper()
		d := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
		ws, resp, err := d.Dial(u+suffix, nil)
		if err != nil {
			if resp != nil {
				return fmt.Sprint(resp.StatusCode)
			}
			t.Fatal(err)
		}
		defer ws.Close()
		ws.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, m, err := ws.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		_, s, _ := strings.Cut(string(m), `"session":"`)
		return s[:2]
	}
	var got []string
	for _, suffix := range []string{"", "", "", "run2", "run2", "?conn=0", "?conn=1", "run2?conn=0", "?conn=2", "?conn=x", "run3"} {
		got = append(got, session(suffix))
	}
	if want := "s0 s1 s1 s0 s1 s0 s1 s0 404 404 s0"; strings.Join(got, " ") != want {
		t.Errorf("sessions %q, want %q", strings.Join(got, " "), want)
	}
	// A plain GET is a page saying how to connect, from its own origin.
	resp, err := http.Get("http" + strings.TrimPrefix(u, "ws"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `ws.onopen = () => ws.send(JSON.stringify({&#34;type&#34;: &#34;send_chat&#34;}))`) {
		t.Errorf("GET / = %d:\n%s", resp.StatusCode, body)
	}
	stop()
}

// TestServeBusyPort: a port in use fails at once with a clear error.
func TestServeBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var stderr syncBuffer
	start := time.Now()
	code := serve(context.Background(), serveConfig{Schema: chatSchema, Scenario: writeScenario(t, welcome), Addr: ln.Addr().String(),
		Ready: func(string) { t.Error("serve listened on a busy port") }}, io.Discard, &stderr)
	want := "wsgen serve: " + ln.Addr().String() + " is in use (another wsgen serve?): choose another -addr"
	if code != 1 || !strings.HasPrefix(stderr.String(), want) || time.Since(start) > 2*time.Second {
		t.Errorf("serve = %d after %v, stderr %q; want 1 at once, %q", code, time.Since(start), stderr.String(), want)
	}
}
