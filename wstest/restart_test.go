package wstest

import (
	"errors"
	"syscall"
	"testing"

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
