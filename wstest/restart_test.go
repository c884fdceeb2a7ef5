package wstest

import (
	"errors"
	"net/http"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func TestRestart(t *testing.T) {
	for _, tt := range []struct {
		name    string
		restart func(*Server) error
		code    int // close code the client sees
		dropped bool
	}{
		{"crash-like", (*Server).Restart, websocket.CloseAbnormalClosure, true},
		{"with 1012", func(s *Server) error { return s.RestartWith(websocket.CloseServiceRestart, "restarting") }, websocket.CloseServiceRestart, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := NewServer(t, nil, Send("hi"))
			addr := srv.Addr()
			ws := dial(t, srv.URL(), nil)
			read(t, ws)
			errc := make(chan error, 1)
			go func() { errc <- readErr(ws) }() // a client that reads answers the close frame
			if err := tt.restart(srv); err != nil {
				t.Fatal(err)
			}
			if err := <-errc; !websocket.IsCloseError(err, tt.code) {
				t.Errorf("client error = %v, want close %d", err, tt.code)
			}
			if srv.Addr() != addr {
				t.Errorf("address after restart = %s, want %s", srv.Addr(), addr)
			}
			ws2 := dial(t, srv.URL(), nil)
			if _, d := read(t, ws2); d != "hi" {
				t.Errorf("read %q after restart", d)
			}
			conns := srv.Conns()
			if len(conns) != 2 || !conns[0].Done || conns[0].Dropped != tt.dropped || conns[1].Script != 1 {
				t.Errorf("records %+v", conns)
			}
		})
	}
}

func TestStopStart(t *testing.T) {
	srv := NewServer(t, nil, Send("hi"))
	srv.Stop()
	d := websocket.Dialer{HandshakeTimeout: wait}
	if _, _, err := d.Dial(srv.URL(), nil); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("Dial while stopped = %v, want connection refused", err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	ws := dial(t, srv.URL(), nil)
	read(t, ws)
	srv.Close()
	if err := srv.Start(); !errors.Is(err, ErrClosed) {
		t.Errorf("Start after Close = %v, want ErrClosed", err)
	}
	srv.Close() // idempotent
}

// TestCloseEndsStalledAndScriptedConnections: Close returns with every kind of
// connection still busy, and goleak (TestMain) sees no goroutine left.
func TestCloseEndsBusyConnections(t *testing.T) {
	srv, err := Listen(&Options{Scripts: []Script{
		{Stall(0)},
		{PingEvery(wait), Expect(nil, wait)},
		{Pause(wait)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var clients []*websocket.Conn
	for range 3 {
		clients = append(clients, dial(t, srv.URL(), nil))
	}
	srv.Close()
	for i, c := range srv.Conns() {
		if !c.Done || !c.Dropped || c.Err != nil {
			t.Errorf("conn %d after Close: Done %v Dropped %v Err %v", i, c.Done, c.Dropped, c.Err)
		}
	}
	for _, ws := range clients {
		if err := readErr(ws); !websocket.IsCloseError(err, websocket.CloseAbnormalClosure) {
			t.Errorf("client error = %v, want 1006", err)
		}
	}
}

func TestShutdown(t *testing.T) {
	srv, err := Listen(nil, Send("hi"))
	if err != nil {
		t.Fatal(err)
	}
	ws := dial(t, srv.URL(), nil)
	read(t, ws)
	errc := make(chan error, 1)
	go func() { errc <- readErr(ws) }()
	srv.Shutdown(websocket.CloseGoingAway, "bye")
	if err := <-errc; !websocket.IsCloseError(err, websocket.CloseGoingAway) {
		t.Errorf("client error = %v, want 1001", err)
	}
	if c := srv.Conns()[0]; code(c.CloseSent) != 1001 || c.Dropped || !c.Done {
		t.Errorf("record %+v", c)
	}
	if err := srv.Start(); !errors.Is(err, ErrClosed) {
		t.Errorf("Start after Shutdown = %v", err)
	}
}

// TestRestartWithDuringDials: clients dial while the server restarts with 1012 again and
// again. A dial either fails (refused, or a handshake cut by the stop) or upgrades; a
// client that upgraded must see the close code of a RestartWith (or of the final
// Shutdown, the same code), never 1006, whichever stop catches its connection: before it
// is registered, while its script starts, or while it runs.
func TestRestartWithDuringDials(t *testing.T) {
	const (
		restarts = 100
		dialers  = 4
	)
	// The script writes, so that a stop's close frame can catch it mid-script.
	srv, err := Listen(&Options{CloseTimeout: wait}, Send("hi"), Pause(time.Millisecond), Send("again"))
	if err != nil {
		t.Fatal(err)
	}
	url := srv.URL()
	done := make(chan struct{})
	var (
		mu       sync.Mutex
		upgraded int
		bad      []string
		wg       sync.WaitGroup
	)
	for range dialers {
		wg.Go(func() {
			d := websocket.Dialer{HandshakeTimeout: wait}
			for {
				select {
				case <-done:
					return
				default:
				}
				ws, _, err := d.Dial(url, nil)
				if err != nil {
					continue // never upgraded
				}
				mu.Lock()
				upgraded++
				mu.Unlock()
				wg.Go(func() {
					defer ws.Close()
					ws.SetReadDeadline(time.Now().Add(wait))
					if err := readErr(ws); !websocket.IsCloseError(err, websocket.CloseServiceRestart) {
						mu.Lock()
						bad = append(bad, err.Error())
						mu.Unlock()
					}
				})
			}
		})
	}
	for range restarts {
		// Restart as soon as a handshake has reached the server: others are on the way.
		n := len(srv.Conns())
		if _, err := srv.Wait(wait, func(cs []Conn) bool { return len(cs) > n }); err != nil {
			t.Fatal(err)
		}
		if err := srv.RestartWith(websocket.CloseServiceRestart, "restart"); err != nil {
			t.Error(err)
			break
		}
	}
	close(done)
	// Dialers still in a handshake finish it before Shutdown, or are refused by it.
	srv.Shutdown(websocket.CloseServiceRestart, "restart")
	wg.Wait()
	if len(bad) > 0 {
		t.Errorf("%d of %d upgraded clients did not see close 1012: %q", len(bad), upgraded, bad)
	}
	if err := srv.Err(); err != nil {
		t.Errorf("Err() = %v, want nil: a script cut short by the server's stop is no error", err)
	}
	n101 := 0
	for _, c := range srv.Conns() {
		if !c.Done {
			t.Errorf("conn %d not done after Shutdown", c.Index)
		}
		if c.Status != http.StatusSwitchingProtocols {
			continue
		}
		n101++
		if code(c.CloseSent) != websocket.CloseServiceRestart || c.Dropped {
			t.Errorf("conn %d: CloseSent %v, Dropped %v; want close 1012, not dropped", c.Index, c.CloseSent, c.Dropped)
		}
	}
	if n101 != upgraded {
		t.Errorf("%d records with status 101, %d clients upgraded", n101, upgraded)
	}
	t.Logf("%d upgraded connections over %d restarts", upgraded, restarts)
}
