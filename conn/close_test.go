package conn

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wsgen/wsgen/fsm"
	"github.com/wsgen/wsgen/wstest"
)

// TestCloseCodes: the server closes a live connection with each code of the
// close-code table; the client's first change out of live must go to the
// expected state and carry the code.
func TestCloseCodes(t *testing.T) {
	for _, tt := range []struct {
		code     int
		want     fsm.State
		minRetry time.Duration
	}{
		{1000, fsm.StateClosed, 0},
		{1001, fsm.StateRetrying, 0},
		{1002, fsm.StateFailed, 0},
		{1003, fsm.StateFailed, 0},
		{1007, fsm.StateFailed, 0},
		{1008, fsm.StateFailed, 0},
		{1009, fsm.StateFailed, 0},
		{1010, fsm.StateFailed, 0},
		{1011, fsm.StateRetrying, 0},
		{1012, fsm.StateRetrying, 0},
		{1013, fsm.StateRetrying, fsm.TryAgainDelay},
		{1014, fsm.StateRetrying, 0},
		{3000, fsm.StateRefreshing, 0},
		{3003, fsm.StateFailed, 0},
		{3008, fsm.StateRetrying, 0},
		{4001, fsm.StateRefreshing, 0},                   // protocol: refresh-auth
		{4003, fsm.StateFailed, 0},                       // protocol: stop
		{4029, fsm.StateRetrying, 50 * time.Millisecond}, // protocol: reconnect with MinDelay
		{4999, fsm.StateRetrying, 0},                     // unknown: reconnect
	} {
		t.Run(strconv.Itoa(tt.code), func(t *testing.T) {
			srv := wstest.NewServer(t, &wstest.Options{Scripts: []wstest.Script{{wstest.CloseWith(tt.code, "bye")}}})
			r := newRecorder()
			c := start(t, srv.URL(), fastOptions(r))
			var out *StateChange
			r.waitFor(t, waitLong, "a change out of live", func() bool {
				for _, s := range r.States() {
					if s.From == fsm.StateLive {
						out = &s
						return true
					}
				}
				return false
			})
			wantReason := "bye"
			if tt.code == 1014 {
				wantReason = "" // gorilla refuses 1014 and drops its reason; the code is recovered
			}
			if out.To != tt.want || out.CloseCode != tt.code || out.CloseReason != wantReason {
				t.Errorf("live -> %s (close %d %q), want %s (close %d %q)", out.To, out.CloseCode, out.CloseReason, tt.want, tt.code, wantReason)
			}
			if out.RetryIn < tt.minRetry {
				t.Errorf("RetryIn = %v, want >= %v", out.RetryIn, tt.minRetry)
			}
			if tt.want.Terminal() {
				select {
				case <-c.Done():
				case <-time.After(waitLong):
					t.Fatal("client did not stop")
				}
			}
		})
	}
}

func TestCloseSendsGoingAway(t *testing.T) {
	for _, tt := range []struct {
		name     string
		finish   bool
		wantCode int
	}{
		{"Close", false, 1001},
		{"Finish", true, 1000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := wstest.NewServer(t, nil)
			r := newRecorder()
			c := start(t, srv.URL(), fastOptions(r))
			ctx, cancel := context.WithTimeout(context.Background(), waitLong)
			defer cancel()
			if _, err := c.Wait(ctx, fsm.StateLive); err != nil {
				t.Fatal(err)
			}
			var err error
			if tt.finish {
				err = c.Finish(ctx)
			} else {
				err = c.Close(ctx)
			}
			if err != nil {
				t.Fatal(err)
			}
			conn, err := srv.WaitDone(0, waitLong)
			if err != nil {
				t.Fatal(err)
			}
			if conn.CloseReceived == nil || conn.CloseReceived.Code != tt.wantCode {
				t.Errorf("server received close %+v, want code %d", conn.CloseReceived, tt.wantCode)
			}
			if st, _ := c.State(); st != fsm.StateClosed {
				t.Errorf("state after close = %s, want closed", st)
			}
			want := []string{"idle>connecting", "connecting>live", "live>closing", "closing>closed"}
			if got := r.Transitions(); !slices.Equal(got, want) {
				t.Errorf("transitions %q, want %q", got, want)
			}
			if err := c.Send(ctx, &tTyping{}); err != ErrClosed {
				t.Errorf("Send after Close = %v, want ErrClosed", err)
			}
		})
	}
}

// TestCloseBounded: a server that never answers our close frame (the
// proxy stalls all traffic) does not hold Close beyond CloseTimeout; a Close
// whose context ends first returns promptly with the context's error.
func TestCloseBounded(t *testing.T) {
	for _, tt := range []struct {
		name         string
		closeTimeout time.Duration
		ctxTimeout   time.Duration
		wantErr      bool
	}{
		{"close timeout", 300 * time.Millisecond, waitLong, false},
		{"context ends first", time.Hour, 200 * time.Millisecond, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := wstest.NewServer(t, nil)
			px, err := wstest.NewProxy(srv.Addr())
			if err != nil {
				t.Fatal(err)
			}
			defer px.Close()
			opts := fastOptions(newRecorder())
			opts.CloseTimeout = tt.closeTimeout
			c := start(t, px.URL(), opts)
			ctx, cancel := context.WithTimeout(context.Background(), waitLong)
			defer cancel()
			if _, err := c.Wait(ctx, fsm.StateLive); err != nil {
				t.Fatal(err)
			}
			px.Blackhole(true)
			cctx, ccancel := context.WithTimeout(ctx, tt.ctxTimeout)
			defer ccancel()
			begin := time.Now()
			err = c.Close(cctx)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Close = %v, want error %v", err, tt.wantErr)
			}
			if d := time.Since(begin); d > 5*time.Second {
				t.Errorf("Close took %v", d)
			}
			// A Close whose context ended returns at once; the forced
			// teardown (socket closed, dial cancelled) ends right after.
			select {
			case <-c.Done():
			case <-time.After(time.Second):
				t.Fatal("client not stopped 1 s after Close returned")
			}
		})
	}
}

func TestCloseBeforeStart(t *testing.T) {
	c, err := New("ws://127.0.0.1:1/", &Options{Protocol: testProtocol()})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := c.Start(context.Background()); err != ErrClosed {
		t.Errorf("Start after Close = %v, want ErrClosed", err)
	}
}

// TestIllegalCloseCodes: a close frame carrying a code no endpoint may send
// (1006, 1015, and one outside 1000–4999) is the server's protocol error,
// handled like a transport loss: the client reconnects (as after a 1006),
// whatever the code's own rule. A close frame without a code (reported as
// 1005) is legal and reconnects too.
func TestIllegalCloseCodes(t *testing.T) {
	for _, tt := range []struct {
		code      int
		wantEvent fsm.Event
		wantCode  int
	}{
		{1005, fsm.EventServerClosed, 1005}, // empty close frame: legal
		{1006, fsm.EventDropped, 1006},
		{1015, fsm.EventDropped, 1006},
		{999, fsm.EventDropped, 1006},
		{5000, fsm.EventDropped, 1006},
	} {
		t.Run(strconv.Itoa(tt.code), func(t *testing.T) {
			srv := wstest.NewServer(t, &wstest.Options{Scripts: []wstest.Script{{wstest.CloseWith(tt.code, "bye")}}})
			r := newRecorder()
			start(t, srv.URL(), fastOptions(r))
			var out *StateChange
			r.waitFor(t, waitLong, "a change out of live", func() bool {
				for _, s := range r.States() {
					if s.From == fsm.StateLive {
						out = &s
						return true
					}
				}
				return false
			})
			if out.To != fsm.StateRetrying || out.Event != tt.wantEvent || out.CloseCode != tt.wantCode {
				t.Errorf("close %d: live -> %s (event %s, close %d), want retrying (event %s, close %d)", tt.code, out.To, out.Event, out.CloseCode, tt.wantEvent, tt.wantCode)
			}
			if tt.wantEvent == fsm.EventDropped {
				var ie *IllegalCloseCodeError
				if !errors.As(out.Err, &ie) || ie.Code != tt.code {
					t.Errorf("close %d: change error %v, want an *IllegalCloseCodeError{%d}", tt.code, out.Err, tt.code)
				}
			}
		})
	}
}

// TestGorillaRefusedCode pins the one error text conn reads: the untyped
// error gorilla/websocket returns for a close code it refuses to receive.
func TestGorillaRefusedCode(t *testing.T) {
	srv := wstest.NewServer(t, &wstest.Options{Scripts: []wstest.Script{{wstest.CloseWith(1015, "")}}})
	ws, _, err := websocket.DefaultDialer.Dial(srv.URL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	_, _, err = ws.ReadMessage()
	if code, ok := gorillaRefusedCode(err); !ok || code != 1015 {
		t.Fatalf("gorillaRefusedCode(%q) = %d, %v; want 1015, true (gorilla's error text changed: update gorillaBadCode)", err, code, ok)
	}
	if code, ok := gorillaRefusedCode(errors.New("websocket: close 1000")); ok {
		t.Errorf("gorillaRefusedCode(close 1000) = %d, true; want false", code)
	}
}
