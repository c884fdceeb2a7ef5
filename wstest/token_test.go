package wstest

import (
	"errors"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gorilla/websocket"
)

// TestTokenIssuerClock runs the issuer on synctest's fake clock: expiry without waiting.
func TestTokenIssuerClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ti := NewTokenIssuer(nil)
		issued := time.Now()
		short, long := ti.Issue(time.Second), ti.Issue(time.Hour)
		if short != "wstest-1" || long != "wstest-2" {
			t.Errorf("tokens = %q, %q", short, long)
		}
		for _, tt := range []struct {
			name  string
			after time.Duration // total since issue
			tok   string
			want  error
		}{
			{"fresh", 0, short, nil},
			{"just before expiry", time.Second - time.Nanosecond, short, nil},
			{"at expiry", time.Second, short, ErrTokenExpired},
			{"long-lived still valid", time.Second, long, nil},
			{"unknown", time.Second, "wstest-99", ErrTokenUnknown},
			{"empty", time.Second, "", ErrTokenUnknown},
		} {
			time.Sleep(time.Until(issued.Add(tt.after))) // fake time: returns at once
			if _, err := ti.Check(tt.tok); !errors.Is(err, tt.want) {
				t.Errorf("%s: Check(%q) = %v, want %v", tt.name, tt.tok, err, tt.want)
			}
		}
		ti.Revoke(long)
		if _, err := ti.Check(long); !errors.Is(err, ErrTokenUnknown) {
			t.Errorf("Check(revoked) = %v", err)
		}
	})
}

// fakeClock is a clock a test moves by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

func TestHandshakeTokens(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1e9, 0)}
	ti := NewTokenIssuer(clock.Now)
	good, old := ti.Issue(time.Minute), ti.Issue(time.Second)
	clock.Add(2 * time.Second) // old has expired
	srv := NewServer(t, &Options{Tokens: ti}, Send("welcome"))
	for _, tt := range []struct {
		name   string
		header http.Header
		query  string
		status int
		err    error
	}{
		{"valid header", http.Header{"Authorization": {"Bearer " + good}}, "", 101, nil},
		{"lower-case scheme", http.Header{"Authorization": {"bearer " + good}}, "", 101, nil},
		{"query parameter", nil, "?access_token=" + good, 101, nil},
		{"missing", nil, "", 401, ErrTokenUnknown},
		{"unknown", http.Header{"Authorization": {"Bearer nope"}}, "", 401, ErrTokenUnknown},
		{"expired", http.Header{"Authorization": {"Bearer " + old}}, "", 401, ErrTokenExpired},
		{"not bearer", http.Header{"Authorization": {"Basic " + good}}, "", 401, ErrTokenUnknown},
	} {
		t.Run(tt.name, func(t *testing.T) {
			n := len(srv.Conns())
			d := websocket.Dialer{HandshakeTimeout: wait}
			ws, resp, err := d.Dial(srv.URL()+tt.query, tt.header)
			if tt.status == 101 {
				if err != nil {
					t.Fatalf("Dial = %v", err)
				}
				defer ws.Close()
				ws.SetReadDeadline(time.Now().Add(wait))
				read(t, ws)
			} else {
				if err == nil || resp == nil || resp.StatusCode != tt.status || resp.Header.Get("WWW-Authenticate") == "" {
					t.Fatalf("Dial = %v, %v; want %d with WWW-Authenticate", err, resp, tt.status)
				}
				resp.Body.Close()
			}
			c, _ := srv.WaitConn(n, wait, func(c Conn) bool { return c.Status != 0 })
			if c.Status != tt.status || !errors.Is(c.Err, tt.err) {
				t.Errorf("record Status %d Err %v, want %d %v", c.Status, c.Err, tt.status, tt.err)
			}
			if tt.status == 401 && c.Script != -1 {
				t.Errorf("refused handshake has Script %d, want -1", c.Script)
			}
		})
	}
	// Script counts only handshakes that passed: three accepted so far.
	var scripts []int
	for _, c := range srv.Conns() {
		if c.Script >= 0 {
			scripts = append(scripts, c.Script)
		}
	}
	if len(scripts) != 3 || scripts[2] != 2 {
		t.Errorf("script indexes %v, want [0 1 2]", scripts)
	}
}

func TestTokenExpiryClosesLiveConnection(t *testing.T) {
	ti := NewTokenIssuer(nil)
	srv := NewServer(t, &Options{Tokens: ti, ExpireCode: 4001}, Send("welcome"))
	tok := ti.Issue(100 * time.Millisecond)
	ws := dial(t, srv.URL(), http.Header{"Authorization": {"Bearer " + tok}})
	read(t, ws)
	err := readErr(ws)
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != 4001 || ce.Text != "token expired" {
		t.Fatalf("client error = %v, want close 4001 token expired", err)
	}
	c := waitDone(t, srv, 0)
	if code(c.CloseSent) != 4001 || code(c.CloseReceived) != 4001 || c.Dropped {
		t.Errorf("CloseSent %+v CloseReceived %+v Dropped %v", c.CloseSent, c.CloseReceived, c.Dropped)
	}
	if exp, _ := ti.Expiry(tok); c.CloseSent.At.Before(exp) {
		t.Errorf("closed at %v, before the expiry %v", c.CloseSent.At, exp)
	}
}
