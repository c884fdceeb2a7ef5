package conn_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/conn/boltoutbox"
	"github.com/wsgen/wsgen/generated/chat"
	"github.com/wsgen/wsgen/wstest"
)

// receiveServer starts a wstest server that, once the client sends its
// first message, sends n chat events of one room in order.
func receiveServer(b *testing.B, n int) *wstest.Server {
	frames := make([][]byte, n+1)
	for i := 1; i <= n; i++ {
		frames[i] = chatEvent("lobby", i)
	}
	return wstest.NewServer(b, nil,
		wstest.Expect(nil, time.Minute),
		wstest.Events(func(seq int) []byte { return frames[seq] }, wstest.Seq(1, n)...),
	)
}

const goFrame = `{"type":"typing","room":"go"}`

// BenchmarkReceive measures inbound throughput over loopback from the same
// wstest server: raw is a plain gorilla ReadMessage loop; wsgen runs every
// frame through the Client: decode (generated chat codec), de-duplication,
// sequencing and dispatch to a chat.Handler.
func BenchmarkReceive(b *testing.B) {
	b.Run("wsgen", func(b *testing.B) {
		srv := receiveServer(b, b.N)
		var got atomic.Int64
		done := make(chan struct{})
		h := &countHandler{n: &got, want: int64(b.N), done: done}
		opts := &conn.Options{Protocol: chatProtocol(b), Handler: h}
		ctx := context.Background()
		c, err := conn.Dial(ctx, srv.URL(), opts)
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close(ctx)
		b.SetBytes(int64(len(chatEvent("lobby", b.N/2+1))))
		b.ResetTimer()
		if err := c.Send(ctx, &chat.Typing{Room: "go"}); err != nil {
			b.Fatal(err)
		}
		<-done
		b.StopTimer()
	})
	b.Run("outbox_acks", benchOutboxAcks)
	b.Run("raw", func(b *testing.B) {
		srv := receiveServer(b, b.N)
		ws, _, err := websocket.DefaultDialer.Dial(srv.URL(), nil)
		if err != nil {
			b.Fatal(err)
		}
		defer ws.Close()
		b.SetBytes(int64(len(chatEvent("lobby", b.N/2+1))))
		b.ResetTimer()
		if err := ws.WriteMessage(websocket.TextMessage, []byte(goFrame)); err != nil {
			b.Fatal(err)
		}
		for range b.N {
			if _, _, err := ws.ReadMessage(); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
	})
}

type countHandler struct {
	chat.UnimplementedHandler
	n    *atomic.Int64
	want int64
	done chan struct{}
}

func (h *countHandler) OnChat(context.Context, *chat.Chat) error {
	if h.n.Add(1) == h.want {
		close(h.done)
	}
	return nil
}

func (h *countHandler) HandleMessage(ctx context.Context, m conn.Message) error {
	return chat.Dispatch(ctx, h, m.(chat.Message))
}

const idleClients = 1000

// BenchmarkIdleConn opens 1,000 live idle clients and reports the memory
// each holds (live heap plus goroutine stacks, after garbage collection) as
// bytes/conn, and the goroutines each holds. The server runs in a child
// process so that only the clients are counted. Run it with -benchtime 1x.
func BenchmarkIdleConn(b *testing.B) {
	url, stop := serverProcess(b)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	proto := chatProtocol(b) // one protocol for all clients, as an application has
	open := func() []*conn.Client {
		clients := make([]*conn.Client, 0, idleClients)
		for range idleClients {
			c, err := conn.Dial(ctx, url, &conn.Options{Protocol: proto})
			if err != nil {
				b.Fatal(err)
			}
			clients = append(clients, c)
		}
		return clients
	}
	// Warm up once, unmeasured: the runtime's one-time growth for 1,000
	// sockets and goroutines (its goroutine table, poll descriptors) is not
	// a cost of each connection.
	for _, c := range open() {
		c.Close(ctx)
	}
	b.ResetTimer()
	var perConn float64
	for range b.N {
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		g0 := runtime.NumGoroutine()
		clients := open()
		for range 4 { // stacks shrink by half per GC while mostly unused
			runtime.GC()
		}
		runtime.ReadMemStats(&m1)
		g1 := runtime.NumGoroutine()
		if p := os.Getenv("WSGEN_IDLE_PROFILE"); p != "" {
			f, _ := os.Create(p)
			pprof.WriteHeapProfile(f)
			f.Close()
		}
		used := int64(m1.HeapAlloc+m1.StackInuse) - int64(m0.HeapAlloc+m0.StackInuse)
		perConn = float64(used) / idleClients
		b.ReportMetric(float64(g1-g0)/idleClients, "goroutines/conn")
		b.ReportMetric(float64(int64(m1.StackInuse)-int64(m0.StackInuse))/idleClients, "stack-bytes/conn")
		for _, c := range clients {
			c.Close(ctx)
		}
		runtime.KeepAlive(clients)
	}
	b.ReportMetric(perConn, "bytes/conn")
}

// serverProcess runs TestIdleServerProcess in a child process and returns
// its URL and a function that stops it.
func serverProcess(b *testing.B) (string, func()) {
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestIdleServerProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), "WSGEN_IDLE_SERVER=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	var url string
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "URL "); ok {
			url = u
			break
		}
	}
	if url == "" {
		cmd.Process.Kill()
		cmd.Wait()
		b.Fatal("server process printed no URL")
	}
	go io.Copy(io.Discard, stdout)
	return url, func() {
		stdin.Close()
		cmd.Wait()
	}
}

// TestIdleServerProcess is the server of BenchmarkIdleConn, run in a child
// process; it skips unless WSGEN_IDLE_SERVER is set. It serves idle
// connections until its stdin closes.
func TestIdleServerProcess(t *testing.T) {
	if os.Getenv("WSGEN_IDLE_SERVER") == "" {
		t.Skip("the child process of BenchmarkIdleConn (set WSGEN_IDLE_SERVER=1)")
	}
	srv, err := wstest.Listen(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	fmt.Printf("URL %s\n", srv.URL())
	io.Copy(io.Discard, os.Stdin)
}

// benchOutboxAcks is BenchmarkReceive/outbox_acks: the outbox
// (a bbolt file) holds b.N entries; once the client has replayed the first,
// the server sends the b.N acks at once, and the time until the Handler has
// seen them all (an ack nobody waits for goes to the Handler) is the
// reader's cost per ack, removal from the store included.
func benchOutboxAcks(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "outbox.db")
	store := openBenchOutbox(b, path)
	acks := make([][]byte, b.N+1)
	for i := 1; i <= b.N; i++ {
		ref := fmt.Sprintf("ref-%d", i)
		m := &chat.SendChat{Ref: ref, Key: fmt.Sprintf("key-%d", i), Room: "lobby", Text: "hi"}
		data, err := chat.Encode(m)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := putBench(store, conn.OutboxEntry{Key: m.Key, Ref: ref, Type: m.MessageType(), Frame: data}); err != nil {
			b.Fatal(err)
		}
		acks[i] = fmt.Appendf(nil, `{"type":"ack","ref":%q,"ok":true}`, ref)
	}
	srv := wstest.NewServer(b, nil,
		wstest.Expect(wstest.Contains("send_chat"), time.Minute),
		wstest.Events(func(seq int) []byte { return acks[seq] }, wstest.Seq(1, b.N)...),
	)
	var got atomic.Int64
	done := make(chan struct{})
	h := conn.HandlerFunc(func(ctx context.Context, m conn.Message) error {
		if _, ok := m.(*chat.Ack); ok && got.Add(1) == int64(b.N) {
			close(done)
		}
		return nil
	})
	opts := benchOutboxOptions(b, store, path)
	opts.Protocol, opts.Handler = chatProtocol(b), h
	b.SetBytes(int64(len(acks[b.N])))
	b.ResetTimer()
	c, err := conn.Dial(ctx, srv.URL(), opts)
	if err != nil {
		b.Fatal(err)
	}
	<-done
	b.StopTimer()
	c.Close(ctx)
	closeBenchOutbox(store)
}

func openBenchOutbox(b *testing.B, path string) *boltoutbox.Store {
	s, err := boltoutbox.Open(path, &boltoutbox.Options{MaxEntries: b.N + 1})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func putBench(s *boltoutbox.Store, e conn.OutboxEntry) (bool, error) {
	return s.Put(context.Background(), e)
}

func benchOutboxOptions(_ *testing.B, s *boltoutbox.Store, _ string) *conn.Options {
	return &conn.Options{SendPolicy: conn.SendOutbox, Outbox: s}
}

func closeBenchOutbox(s *boltoutbox.Store) { s.Close() }
