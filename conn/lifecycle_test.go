package conn

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wsgen/wsgen/fsm"
	"github.com/wsgen/wsgen/wstest"
)

// TestStaleGenerationDropped: a frame read from an older socket after a new
// one opened is never delivered.
func TestStaleGenerationDropped(t *testing.T) {
	r := newRecorder()
	c, err := New("ws://127.0.0.1:1/", &Options{Protocol: testProtocol(), Handler: r})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	c.inMu.Lock()
	c.inGen = 2
	c.inMu.Unlock()
	c.receiveFrame(1, chatJSON("r", 1)) // the old socket's last frame
	c.receiveFrame(2, chatJSON("r", 2))
	r.waitFor(t, waitLong, "one message", func() bool { return len(r.Msgs()) == 1 })
	if got := r.Msgs(); !slices.Equal(got, []string{"chat r-2"}) {
		t.Errorf("delivered %q, want only the current socket's frame", got)
	}
}

// TestWSSVerifiesCertificates: by default a wss:// server with an untrusted
// certificate is refused; trusting its CA through Options.Dialer works.
func TestWSSVerifiesCertificates(t *testing.T) {
	up := websocket.Upgrader{}
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		for {
			if _, _, err := ws.ReadMessage(); err != nil {
				return
			}
		}
	}))
	defer ts.Close()
	url := "wss" + strings.TrimPrefix(ts.URL, "https")

	r := newRecorder()
	c := start(t, url, fastOptions(r))
	r.waitFor(t, waitLong, "a refused dial", func() bool { return slices.Contains(r.Transitions(), "connecting>retrying") })
	var sawCert bool
	for _, s := range r.States() {
		var ue x509.UnknownAuthorityError
		if errors.As(s.Err, &ue) || s.Err != nil && strings.Contains(s.Err.Error(), "certificate") {
			sawCert = true
		}
	}
	if !sawCert {
		t.Errorf("no certificate error in the changes: %+v", r.States())
	}
	closeClient(t, c)

	opts := fastOptions(newRecorder())
	opts.Dialer = &websocket.Dialer{TLSClientConfig: ts.Client().Transport.(*http.Transport).TLSClientConfig}
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	c2, err := Dial(ctx, url, opts)
	if err != nil {
		t.Fatalf("Dial with the server's CA trusted: %v", err)
	}
	closeClient(t, c2)
}

// TestHandshakeTimeout: a server that accepts TCP but never answers the
// upgrade costs at most HandshakeTimeout per attempt.
func TestHandshakeTimeout(t *testing.T) {
	srv := wstest.NewServer(t, nil)
	px, err := wstest.NewProxy(srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer px.Close()
	px.Blackhole(true)
	r := newRecorder()
	opts := fastOptions(r)
	opts.HandshakeTimeout = 150 * time.Millisecond
	c := start(t, px.URL(), opts)
	r.waitFor(t, waitLong, "a timed-out dial", func() bool { return slices.Contains(r.Transitions(), "connecting>retrying") })
	var got StateChange
	for _, s := range r.States() {
		if s.From == fsm.StateConnecting {
			got = s
			break
		}
	}
	if !errors.Is(got.Err, context.DeadlineExceeded) && !strings.Contains(got.Err.Error(), "timeout") {
		t.Errorf("dial error %v, want a deadline", got.Err)
	}
	if d := got.At.Sub(r.States()[0].At); d > 5*time.Second {
		t.Errorf("the dial took %v", d)
	}
	px.Blackhole(false)
	r.waitFor(t, waitLong, "live after the blackhole", func() bool { return slices.Contains(r.Transitions(), "connecting>live") })
	closeClient(t, c)
}

func TestSetNetwork(t *testing.T) {
	srv := wstest.NewServer(t, nil)
	r := newRecorder()
	c := start(t, srv.URL(), fastOptions(r))
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	if _, err := c.Wait(ctx, fsm.StateLive); err != nil {
		t.Fatal(err)
	}
	c.SetNetwork(false)
	if _, err := c.Wait(ctx, fsm.StateOffline); err != nil {
		t.Fatal(err)
	}
	c0, err := srv.WaitDone(0, waitLong)
	if err != nil {
		t.Fatal(err)
	}
	if c0.CloseReceived == nil || c0.CloseReceived.Code != 1001 {
		t.Errorf("server received close %+v, want 1001", c0.CloseReceived)
	}
	c.SetNetwork(true)
	r.waitFor(t, waitLong, "live again", func() bool { return countOf(r.Transitions(), "connecting>live") >= 2 })
	if err := c.Send(ctx, &tTyping{Room: "r"}); err != nil {
		t.Errorf("Send after the network came back: %v", err)
	}
}

type badMsg struct{}

func (badMsg) MessageType() string { return "bad" }

func TestSendErrors(t *testing.T) {
	gate := make(chan struct{})
	srv := wstest.NewServer(t, nil, wstest.Expect(wstest.Contains("never"), waitLong))
	r := newRecorder()
	opts := fastOptions(r)
	opts.QueueBytes = 200
	c := start(t, srv.URL(), opts)
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	if _, err := c.Wait(ctx, fsm.StateLive); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		<-gate
		c.Request(ctx, &tSend{Ref: "same", Room: "r"}) // waits until Close
	})
	close(gate)
	r.waitFor(t, waitLong, "the first request pending", func() bool { return c.pending.Len() == 1 })
	for _, tt := range []struct {
		name string
		do   func() error
		want error
	}{
		{"request without a correlation id", func() error { _, err := c.Request(ctx, &tTyping{Room: "r"}); return err }, ErrNoCorrelationID},
		{"duplicate correlation id", func() error { _, err := c.Request(ctx, &tSend{Ref: "same", Room: "r"}); return err }, ErrDuplicateRequest},
		{"frame larger than the queue", func() error { return c.Send(ctx, &tSend{Room: "r", Text: strings.Repeat("x", 300)}) }, ErrFrameTooLarge},
		{"cancelled context", func() error { cctx, cc := context.WithCancel(ctx); cc(); return c.Send(cctx, &tTyping{}) }, context.Canceled},
	} {
		if err := tt.do(); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	if err := c.Send(ctx, badMsg{}); err == nil {
		t.Error("Send of a message the codec cannot encode succeeded")
	}
	closeClient(t, c)
	wg.Wait()
}

func TestOutboxFull(t *testing.T) {
	srv := wstest.NewServer(t, nil)
	srv.Stop()
	opts := fastOptions(newRecorder())
	opts.SendPolicy = SendOutbox
	opts.Outbox = NewMemoryOutbox(2)
	c := start(t, srv.URL(), opts)
	ctx := context.Background()
	for i, want := range []error{nil, nil, ErrOutboxFull} {
		if err := c.Send(ctx, &tSend{Room: "r"}); !errors.Is(err, want) {
			t.Errorf("Send %d = %v, want %v", i, err, want)
		}
	}
}

func TestOptionsValidation(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts *Options
	}{
		{"nil options", nil},
		{"no codec", &Options{Protocol: &Protocol{}}},
		{"outbox without a path", &Options{Protocol: testProtocol(), SendPolicy: SendOutbox}},
		{"unknown policy", &Options{Protocol: testProtocol(), SendPolicy: 9}},
		{"protocol close code out of range", &Options{Protocol: &Protocol{Codec: testCodec{}, CloseRules: []fsm.CloseRule{{Code: 1000}}}}},
	} {
		if _, err := New("ws://127.0.0.1:1/", tt.opts); err == nil {
			t.Errorf("%s: New succeeded", tt.name)
		}
	}
	for _, s := range []string{"reject", "queue", "outbox"} {
		p, err := ParseSendPolicy(s)
		if err != nil || p.String() != s {
			t.Errorf("ParseSendPolicy(%q) = %v, %v", s, p, err)
		}
	}
	if _, err := ParseSendPolicy("drop"); err == nil {
		t.Error(`ParseSendPolicy("drop") succeeded`)
	}
}

func TestPermanentTokenError(t *testing.T) {
	srv := wstest.NewServer(t, nil)
	opts := fastOptions(newRecorder())
	opts.Token = TokenFunc(func(context.Context) (string, time.Time, error) {
		return "", time.Time{}, fmt.Errorf("%w: account disabled", ErrPermanent)
	})
	c, err := New(srv.URL(), opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	err = c.Run(ctx)
	var fe *FailedError
	var te *TokenError
	if !errors.As(err, &fe) || !errors.As(err, &te) || !errors.Is(err, ErrPermanent) {
		t.Fatalf("Run = %v, want a *FailedError wrapping the permanent *TokenError", err)
	}
	if n := len(srv.Conns()); n != 0 {
		t.Errorf("%d handshakes reached the server without a token", n)
	}
}

// TestCloseWhileDialing: Close during a handshake that hangs (the proxy
// stalls) returns at once, without waiting for the handshake timeout.
func TestCloseWhileDialing(t *testing.T) {
	srv := wstest.NewServer(t, nil)
	px, err := wstest.NewProxy(srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer px.Close()
	px.Blackhole(true)
	r := newRecorder()
	opts := fastOptions(r)
	opts.HandshakeTimeout = time.Hour
	c := start(t, px.URL(), opts)
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	if _, err := c.Wait(ctx, fsm.StateConnecting); err != nil {
		t.Fatal(err)
	}
	begin := time.Now()
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(begin); d > 5*time.Second {
		t.Errorf("Close took %v", d)
	}
	if got := r.Transitions(); !slices.Equal(got, []string{"idle>connecting", "connecting>closing", "closing>closed"}) {
		t.Errorf("transitions %q", got)
	}
}

// TestRunContext: cancelling Run's context closes with 1001 and Run returns
// the context's error.
func TestRunContext(t *testing.T) {
	srv := wstest.NewServer(t, nil)
	r := newRecorder()
	c, err := New(srv.URL(), fastOptions(r))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	r.waitFor(t, waitLong, "live", func() bool { return slices.Contains(r.Transitions(), "connecting>live") })
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v, want context.Canceled", err)
		}
	case <-time.After(waitLong):
		t.Fatal("Run did not return")
	}
	c0, err := srv.WaitDone(0, waitLong)
	if err != nil {
		t.Fatal(err)
	}
	if c0.CloseReceived == nil || c0.CloseReceived.Code != 1001 {
		t.Errorf("server received close %+v, want 1001", c0.CloseReceived)
	}
}

// TestCloseDuringStalledHandshake: Close once the TCP connection is up and
// the server never answers the upgrade returns at once: gorilla's handshake
// does not watch its context's cancellation, conn closes the connection.
func TestCloseDuringStalledHandshake(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted := make(chan net.Conn, 1)
	go func() {
		nc, err := ln.Accept()
		if err == nil {
			accepted <- nc // held open, never answered
		}
		close(accepted)
	}()
	opts := fastOptions(newRecorder())
	opts.HandshakeTimeout = time.Hour
	c := start(t, "ws://"+ln.Addr().String()+"/", opts)
	nc := <-accepted
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	begin := time.Now()
	if err := c.Close(ctx); err != nil {
		t.Fatalf("Close during a stalled handshake: %v (after %v)", err, time.Since(begin))
	}
	ln.Close()
	if nc != nil {
		nc.Close()
	}
}

// receiveFrame decodes data and runs it through the pipeline, as the reader
// does with a frame that is no heartbeat.
func (c *Client) receiveFrame(gen uint64, data []byte) {
	msg, err := c.codec.Decode(data)
	c.receive(gen, data, msg, err)
}
