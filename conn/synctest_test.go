package conn

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wsgen/wsgen/fsm"
)

// pipeServer serves WebSocket handshakes over net.Pipe, so that a Client
// can run inside a testing/synctest bubble with virtual time (no real
// socket may live in a bubble).
type pipeServer struct {
	answerPings bool
	wg          sync.WaitGroup
	mu          sync.Mutex
	conns       []*websocket.Conn
}

// dial is a Dialer.NetDialContext.
func (s *pipeServer) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	cli, srv := net.Pipe()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.serve(srv)
	}()
	return cli, nil
}

func (s *pipeServer) serve(nc net.Conn) {
	br := bufio.NewReader(nc)
	req, err := http.ReadRequest(br)
	if err != nil {
		nc.Close()
		return
	}
	up := websocket.Upgrader{}
	ws, err := up.Upgrade(&hijacker{nc: nc, br: br}, req, nil)
	if err != nil {
		nc.Close()
		return
	}
	if !s.answerPings {
		ws.SetPingHandler(func(string) error { return nil })
	}
	s.mu.Lock()
	s.conns = append(s.conns, ws)
	s.mu.Unlock()
	for {
		if _, _, err := ws.ReadMessage(); err != nil {
			ws.Close()
			return
		}
	}
}

func (s *pipeServer) closeAll() {
	s.mu.Lock()
	for _, ws := range s.conns {
		ws.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// hijacker is the minimal http.ResponseWriter gorilla's Upgrade needs.
type hijacker struct {
	nc net.Conn
	br *bufio.Reader
	h  http.Header
}

func (h *hijacker) Header() http.Header {
	if h.h == nil {
		h.h = http.Header{}
	}
	return h.h
}
func (h *hijacker) Write(b []byte) (int, error) { return h.nc.Write(b) }
func (h *hijacker) WriteHeader(int)             {}
func (h *hijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return h.nc, bufio.NewReadWriter(h.br, bufio.NewWriter(h.nc)), nil
}

// TestHeartbeatVirtualTime: a server that never answers pings is declared
// lost exactly (PingInterval+PongTimeout)·17/16 after its last frame; a server that
// answers stays live. Virtual time: the assertions are exact.
func TestHeartbeatVirtualTime(t *testing.T) {
	for _, tt := range []struct {
		name     string
		answer   bool
		wantLoss bool
	}{
		{"pongs missing", false, true},
		{"pongs answered", true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv := &pipeServer{answerPings: tt.answer}
				var mu sync.Mutex
				var changes []StateChange
				c, err := New("ws://pipe.test/", &Options{
					Protocol:     testProtocol(),
					Dialer:       &websocket.Dialer{NetDialContext: srv.dial},
					PingInterval: 5 * time.Second,
					PongTimeout:  2 * time.Second,
					Backoff:      &fsm.Backoff{Base: time.Second, Cap: time.Second, Jitter: fsm.JitterNone},
					OnState: func(sc StateChange) {
						mu.Lock()
						changes = append(changes, sc)
						mu.Unlock()
					},
				})
				if err != nil {
					t.Fatal(err)
				}
				if err := c.Start(t.Context()); err != nil {
					t.Fatal(err)
				}
				synctest.Wait()
				liveAt := time.Now()
				if st, _ := c.State(); st != fsm.StateLive {
					t.Fatalf("state %s, want live", st)
				}
				time.Sleep(6 * time.Second) // one ping, answered or not
				synctest.Wait()
				st, _ := c.State()
				if st != fsm.StateLive {
					t.Fatalf("state %s after one ping, want live", st)
				}
				time.Sleep(30 * time.Second)
				synctest.Wait()
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				if err := c.Close(ctx); err != nil {
					t.Fatal(err)
				}
				srv.closeAll()
				mu.Lock()
				defer mu.Unlock()
				var lost *StateChange
				for i := range changes {
					if changes[i].From == fsm.StateLive && changes[i].To == fsm.StateRetrying {
						lost = &changes[i]
						break
					}
				}
				if (lost != nil) != tt.wantLoss {
					t.Fatalf("loss = %v, want %v", lost != nil, tt.wantLoss)
				}
				if lost != nil {
					if got, want := lost.At.Sub(liveAt), 7*time.Second+7*time.Second/16; got != want {
						t.Errorf("lost after %v, want exactly %v (PingInterval+PongTimeout, plus 1/16 slack)", got, want)
					}
					if lost.CloseCode != 1006 {
						t.Errorf("close code %d, want 1006", lost.CloseCode)
					}
				}
			})
		})
	}
}

// TestRetryTimingVirtualTime: every retry dials exactly RetryIn after the
// change that scheduled it (virtual time), and the delays follow the
// configured backoff (no jitter): 1 s, 2 s, 4 s, 4 s.
func TestRetryTimingVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var dials []time.Time
		refuse := func(ctx context.Context, _, _ string) (net.Conn, error) {
			mu.Lock()
			dials = append(dials, time.Now())
			mu.Unlock()
			return nil, errors.New("connection refused")
		}
		var changes []StateChange
		c, err := New("ws://pipe.test/", &Options{
			Protocol: testProtocol(),
			Dialer:   &websocket.Dialer{NetDialContext: refuse},
			Backoff:  &fsm.Backoff{Base: time.Second, Factor: 2, Cap: 4 * time.Second, Jitter: fsm.JitterNone},
			OnState: func(sc StateChange) {
				mu.Lock()
				changes = append(changes, sc)
				mu.Unlock()
			},
			OfflineAfter: -1,
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		time.Sleep(12 * time.Second)
		synctest.Wait()
		if err := c.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		defer mu.Unlock()
		var delays []time.Duration
		for _, sc := range changes {
			if sc.To == fsm.StateRetrying {
				delays = append(delays, sc.RetryIn)
			}
		}
		want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second}
		if len(delays) < len(want) || !slices.Equal(delays[:len(want)], want) {
			t.Fatalf("retry delays %v, want %v first", delays, want)
		}
		for i := 1; i < len(dials) && i <= len(want); i++ {
			if got := dials[i].Sub(dials[i-1]); got != want[i-1] {
				t.Errorf("dial %d came %v after the previous one, want %v", i, got, want[i-1])
			}
		}
	})
}
