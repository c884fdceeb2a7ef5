package conn

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/wsgen/wsgen/fsm"
	"github.com/wsgen/wsgen/wstest"
)

// Lifecycle misuse (issue 9 item 5): Close is idempotent, safe from any
// goroutine including the Client's own callbacks, and bounded by its
// context; calls after Close fail with ErrClosed. goleak (TestMain) checks
// that nothing is left running.

// within runs f and fails the test if it has not returned after d.
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not return within %v", what, d)
	}
}

func TestCloseTwiceNeverStarted(t *testing.T) {
	c, err := New("ws://127.0.0.1:1/", fastOptions(newRecorder()))
	if err != nil {
		t.Fatal(err)
	}
	within(t, waitLong, "two Closes", func() {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("second Close of a never-started Client panicked: %v", r)
			}
		}()
		if err := c.Close(context.Background()); err != nil {
			t.Errorf("first Close = %v", err)
		}
		if err := c.Close(context.Background()); err != nil {
			t.Errorf("second Close = %v", err)
		}
	})
	if err := c.Start(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("Start after Close = %v, want ErrClosed", err)
	}
}

func TestCloseTwiceStarted(t *testing.T) {
	srv := wstest.NewServer(t, nil)
	c := start(t, srv.URL(), fastOptions(newRecorder()))
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	if _, err := c.Wait(ctx, fsm.StateLive); err != nil {
		t.Fatal(err)
	}
	within(t, waitLong, "two Closes", func() {
		if err := c.Close(ctx); err != nil {
			t.Errorf("first Close = %v", err)
		}
		if err := c.Close(ctx); err != nil {
			t.Errorf("second Close = %v", err)
		}
	})
}

func TestAfterClose(t *testing.T) {
	srv := wstest.NewServer(t, nil)
	c := start(t, srv.URL(), fastOptions(newRecorder()))
	closeClient(t, c)
	ctx := context.Background()
	if err := c.Start(ctx); !errors.Is(err, ErrClosed) {
		t.Errorf("Start after Close = %v, want ErrClosed", err)
	}
	if err := c.Send(ctx, &tTyping{Room: "r"}); !errors.Is(err, ErrClosed) {
		t.Errorf("Send after Close = %v, want ErrClosed", err)
	}
	if _, err := c.Request(ctx, &tSend{Room: "r", Text: "x"}); !errors.Is(err, ErrClosed) {
		t.Errorf("Request after Close = %v, want ErrClosed", err)
	}
	c.SetNetwork(false) // ignored
	if s, _ := c.State(); s != fsm.StateClosed {
		t.Errorf("state after Close and SetNetwork = %s, want closed", s)
	}
}

// TestCloseFromCallbacks: Close called from inside the Handler, OnNotice
// or OnState returns (with a context that never ends), the Client stops, and
// no callback runs after the calling one returns but the final state
// changes.
func TestCloseFromCallbacks(t *testing.T) {
	for _, where := range []string{"Handler", "OnState", "OnNotice"} {
		t.Run(where, func(t *testing.T) {
			srv := wstest.NewServer(t, nil, wstest.Events(func(seq int) []byte { return chatJSON("r", seq) }, 1, 1, 2, 3, 4, 5))
			var c *Client
			closed := make(chan error, 1)
			var once sync.Once
			closeHere := func() {
				once.Do(func() {
					closed <- c.Close(context.Background())
				})
			}
			opts := fastOptions(newRecorder())
			var mu sync.Mutex
			var after []string // callbacks after the Close returned
			returned := false
			note := func(s string) {
				mu.Lock()
				if returned {
					after = append(after, s)
				}
				mu.Unlock()
			}
			opts.Handler = HandlerFunc(func(ctx context.Context, m Message) error {
				note("message")
				if where == "Handler" {
					closeHere()
					mu.Lock()
					returned = true
					mu.Unlock()
				}
				return nil
			})
			opts.OnNotice = func(n Notice) {
				note("notice")
				if where == "OnNotice" { // the duplicate of event 1
					closeHere()
					mu.Lock()
					returned = true
					mu.Unlock()
				}
			}
			opts.OnState = func(sc StateChange) {
				if where == "OnState" && sc.To == fsm.StateLive {
					closeHere()
					mu.Lock()
					returned = true
					mu.Unlock()
				}
			}
			var err error
			if c, err = New(srv.URL(), opts); err != nil {
				t.Fatal(err)
			}
			if err := c.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-closed:
				if err != nil {
					t.Errorf("Close from %s = %v", where, err)
				}
			case <-time.After(waitLong):
				t.Fatalf("Close from %s did not return within %v", where, waitLong)
			}
			select {
			case <-c.Done():
			case <-time.After(waitLong):
				t.Fatalf("client not done %v after Close from %s", waitLong, where)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(after) > 0 {
				t.Errorf("callbacks after Close from %s returned: %q", where, after)
			}
		})
	}
}

// TestCloseBoundedByContext: a Handler that ignores its context and never
// returns cannot hold Close beyond Close's context.
func TestCloseBoundedByContext(t *testing.T) {
	srv := wstest.NewServer(t, nil, wstest.Events(func(seq int) []byte { return chatJSON("r", seq) }, 1))
	release := make(chan struct{})
	entered := make(chan struct{})
	opts := fastOptions(newRecorder())
	opts.Handler = HandlerFunc(func(context.Context, Message) error {
		close(entered)
		<-release
		return nil
	})
	c := start(t, srv.URL(), opts)
	<-entered
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	var err error
	within(t, 5*time.Second, "Close with a 100 ms context and a stuck handler", func() { err = c.Close(ctx) })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Close = %v, want one wrapping context.DeadlineExceeded", err)
	}
	close(release)
	select {
	case <-c.Done():
	case <-time.After(waitLong):
		t.Fatal("client not done after the handler returned")
	}
}

// TestCloseRacingStart: Close and Start called at once, many times; each
// Client ends and leaves nothing running.
func TestCloseRacingStart(t *testing.T) {
	srv := wstest.NewServer(t, nil)
	for i := range 30 {
		c, err := New(srv.URL(), fastOptions(newRecorder()))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		wg.Add(2)
		var startErr, closeErr error
		go func() { defer wg.Done(); startErr = c.Start(context.Background()) }()
		go func() {
			defer wg.Done()
			if i%3 == 1 {
				time.Sleep(time.Duration(i) * 50 * time.Microsecond)
			}
			ctx, cancel := context.WithTimeout(context.Background(), waitLong)
			defer cancel()
			closeErr = c.Close(ctx)
		}()
		within(t, waitLong, fmt.Sprintf("run %d: Start and Close", i), wg.Wait)
		if startErr != nil && !errors.Is(startErr, ErrClosed) {
			t.Errorf("run %d: Start = %v", i, startErr)
		}
		if closeErr != nil {
			t.Errorf("run %d: Close = %v", i, closeErr)
		}
		if startErr == nil {
			select {
			case <-c.Done():
			case <-time.After(waitLong):
				t.Fatalf("run %d: started client not done after Close", i)
			}
		}
	}
}

// TestCloseRacingReconnect: the server drops every connection at once, so
// the client is always dialing, live or retrying; Close at any of those
// moments ends it.
func TestCloseRacingReconnect(t *testing.T) {
	srv := wstest.NewServer(t, nil, wstest.Drop())
	for i := range 20 {
		c := start(t, srv.URL(), fastOptions(newRecorder()))
		time.Sleep(time.Duration(i) * 700 * time.Microsecond)
		within(t, waitLong, fmt.Sprintf("run %d: Close during reconnects", i), func() { closeClient(t, c) })
		if s, _ := c.State(); s != fsm.StateClosed {
			t.Errorf("run %d: state after Close = %s, want closed", i, s)
		}
	}
}

type traceKey struct{}

// TestHandlerContext: the Handler's context carries the values of the
// context given to Start and is cancelled once Close is called.
func TestHandlerContext(t *testing.T) {
	srv := wstest.NewServer(t, nil, wstest.Events(func(seq int) []byte { return chatJSON("r", seq) }, 1))
	got := make(chan context.Context, 1)
	opts := fastOptions(newRecorder())
	opts.Handler = HandlerFunc(func(ctx context.Context, m Message) error {
		select {
		case got <- ctx:
		default:
		}
		return nil
	})
	c, err := New(srv.URL(), opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), traceKey{}, "trace-1"))
	defer cancel()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	var hctx context.Context
	select {
	case hctx = <-got:
	case <-time.After(waitLong):
		t.Fatal("no message")
	}
	if v := hctx.Value(traceKey{}); v != "trace-1" {
		t.Errorf("handler context value = %v, want trace-1", v)
	}
	if hctx.Err() != nil {
		t.Errorf("handler context done before Close: %v", hctx.Err())
	}
	closeClient(t, c)
	select {
	case <-hctx.Done():
	default:
		t.Error("handler context not cancelled after Close")
	}
}
