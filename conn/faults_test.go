package conn

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wsgen/wsgen/fsm"
	"github.com/wsgen/wsgen/wstest"
)

// issuerSource is a TokenSource over a wstest issuer, counting calls.
type issuerSource struct {
	iss *wstest.TokenIssuer
	ttl time.Duration
	mu  sync.Mutex
	n   int
}

func (s *issuerSource) Token(context.Context) (string, time.Time, error) {
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
	tok := s.iss.Issue(s.ttl)
	exp, _ := s.iss.Expiry(tok)
	return tok, exp, nil
}

func (s *issuerSource) calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

func TestTokenRefreshOnExpiry(t *testing.T) {
	iss := wstest.NewTokenIssuer(nil)
	srv := wstest.NewServer(t, &wstest.Options{Tokens: iss, ExpireCode: 4001})
	src := &issuerSource{iss: iss, ttl: 300 * time.Millisecond}
	r := newRecorder()
	opts := fastOptions(r)
	opts.Token = src
	start(t, srv.URL(), opts)
	r.waitFor(t, waitLong, "a refresh and a new live socket", func() bool {
		return slices.Contains(r.Transitions(), "refreshing>connecting") && countOf(r.Transitions(), "connecting>live") >= 2
	})
	conns := srv.Conns()
	if len(conns) < 2 || conns[0].Token == "" || conns[0].Token == conns[1].Token {
		t.Fatalf("tokens presented %q, %q: want two different tokens", conns[0].Token, conns[1].Token)
	}
	if conns[0].Header.Get("Authorization") != "Bearer "+conns[0].Token {
		t.Errorf("Authorization header %q", conns[0].Header.Get("Authorization"))
	}
	var sawCode bool
	for _, s := range r.States() {
		if s.From == fsm.StateLive && s.To == fsm.StateRefreshing && s.CloseCode == 4001 {
			sawCode = true
		}
	}
	if !sawCode {
		t.Errorf("no live>refreshing change with close 4001: %q", r.Transitions())
	}
}

func countOf(ss []string, s string) int {
	n := 0
	for _, x := range ss {
		if x == s {
			n++
		}
	}
	return n
}

// TestTokenRefreshLoopGuard: the server answers 401 to every token, also the
// refreshed one. The client refreshes once per rejection and backs off in
// between; it never refreshes twice in a row without a retry delay.
func TestTokenRefreshLoopGuard(t *testing.T) {
	srv := wstest.NewServer(t, nil, wstest.Reject(401))
	src := &issuerSource{iss: wstest.NewTokenIssuer(nil), ttl: time.Hour}
	r := newRecorder()
	opts := fastOptions(r)
	opts.Token = src
	start(t, srv.URL(), opts)
	r.waitFor(t, waitLong, "three rejections", func() bool { return len(srv.Conns()) >= 3 })
	tr := r.Transitions()
	if !slices.Equal(tr[:4], []string{"idle>connecting", "connecting>refreshing", "refreshing>connecting", "connecting>retrying"}) {
		t.Errorf("transitions %q: want a refresh, then a back-off after the refreshed token is rejected", tr)
	}
	for i := 1; i < len(tr); i++ {
		if tr[i] == "connecting>refreshing" && tr[i-1] == "refreshing>connecting" && i >= 3 {
			t.Errorf("refresh loop without back-off at %d: %q", i, tr)
		}
	}
	for _, s := range r.States() {
		if s.To == fsm.StateRetrying && s.RetryIn <= 0 {
			t.Errorf("retrying without a delay: %+v", s.Change)
		}
	}
}

func TestForbiddenFails(t *testing.T) {
	srv := wstest.NewServer(t, nil, wstest.Reject(403))
	r := newRecorder()
	c := start(t, srv.URL(), fastOptions(r))
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	_, err := c.Wait(ctx, fsm.StateLive)
	var fe *FailedError
	if !errors.As(err, &fe) {
		t.Fatalf("Wait = %v, want a *FailedError", err)
	}
	if !errors.As(c.Err(), &fe) { // already, before Done
		t.Errorf("Err() in state failed = %v, want a *FailedError", c.Err())
	}
	<-c.Done()
	if fe2 := new(FailedError); !errors.As(c.Err(), &fe2) {
		t.Errorf("Err() = %v, want a *FailedError", c.Err())
	}
}

func TestDialFailsOnForbidden(t *testing.T) {
	srv := wstest.NewServer(t, nil, wstest.Reject(403))
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	if _, err := Dial(ctx, srv.URL(), fastOptions(newRecorder())); err == nil {
		t.Fatal("Dial to a 403 server succeeded")
	}
}

func TestRestart(t *testing.T) {
	for _, tt := range []struct {
		name    string
		restart func(*wstest.Server) error
		event   fsm.Event
	}{
		{"crash", (*wstest.Server).Restart, fsm.EventDropped},
		{"1012", func(s *wstest.Server) error { return s.RestartWith(1012, "restart") }, fsm.EventServerClosed},
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
			// wstest registers a connection for RestartWith only once its
			// record says 101; a restart before that drops it instead.
			if _, err := srv.WaitConn(0, waitLong, func(c wstest.Conn) bool { return c.Status == 101 }); err != nil {
				t.Fatal(err)
			}
			if err := tt.restart(srv); err != nil {
				t.Fatal(err)
			}
			r.waitFor(t, waitLong, "live again", func() bool { return countOf(r.Transitions(), "connecting>live") >= 2 })
			var out StateChange
			for _, s := range r.States() {
				if s.From == fsm.StateLive {
					out = s
					break
				}
			}
			if out.To != fsm.StateRetrying || out.Event != tt.event {
				c0 := srv.Conns()[0]
				t.Errorf("left live to %s on %s (%v), want retrying on %s; server record: close sent %+v, received %+v, dropped %v",
					out.To, out.Event, out.Err, tt.event, c0.CloseSent, c0.CloseReceived, c0.Dropped)
			}
			if g := c.Generation(); g != 2 {
				t.Errorf("Generation = %d, want 2", g)
			}
		})
	}
}

// TestProxyFaults: a cut TCP connection is a transport loss; a stalled one
// (blackhole) is found by the missing pongs; both recover.
func TestProxyFaults(t *testing.T) {
	for _, tt := range []struct {
		name  string
		fault func(p *wstest.Proxy)
		heal  func(p *wstest.Proxy)
	}{
		{"cut", (*wstest.Proxy).Cut, func(*wstest.Proxy) {}},
		{"stall", func(p *wstest.Proxy) { p.Blackhole(true) }, func(p *wstest.Proxy) { p.Blackhole(false) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := wstest.NewServer(t, nil)
			px, err := wstest.NewProxy(srv.Addr())
			if err != nil {
				t.Fatal(err)
			}
			defer px.Close()
			r := newRecorder()
			opts := fastOptions(r)
			opts.PingInterval = 50 * time.Millisecond
			opts.PongTimeout = 100 * time.Millisecond
			opts.HandshakeTimeout = 300 * time.Millisecond
			c := start(t, px.URL(), opts)
			ctx, cancel := context.WithTimeout(context.Background(), waitLong)
			defer cancel()
			if _, err := c.Wait(ctx, fsm.StateLive); err != nil {
				t.Fatal(err)
			}
			tt.fault(px)
			r.waitFor(t, waitLong, "the loss", func() bool { return slices.Contains(r.Transitions(), "live>retrying") })
			tt.heal(px)
			r.waitFor(t, waitLong, "live again", func() bool { return countOf(r.Transitions(), "connecting>live") >= 2 })
			for _, s := range r.States() {
				if s.From == fsm.StateLive && (s.Event != fsm.EventDropped || s.CloseCode != 1006) {
					t.Errorf("left live on %s close %d, want dropped 1006", s.Event, s.CloseCode)
				}
			}
			closeClient(t, c)
		})
	}
}

func TestMissedPongs(t *testing.T) {
	srv := wstest.NewServer(t, &wstest.Options{Scripts: []wstest.Script{{wstest.IgnorePings()}}})
	r := newRecorder()
	opts := fastOptions(r)
	opts.PingInterval = 50 * time.Millisecond
	opts.PongTimeout = 100 * time.Millisecond
	start(t, srv.URL(), opts)
	r.waitFor(t, waitLong, "loss and recovery", func() bool { return countOf(r.Transitions(), "connecting>live") >= 2 })
	c0, _ := srv.WaitDone(0, waitLong)
	if len(c0.PingsReceived) == 0 {
		t.Error("server saw no pings")
	}
}

func TestInvalidFrameSkipped(t *testing.T) {
	srv := wstest.NewServer(t, nil,
		wstest.Events(func(int) []byte { return chatJSON("r", 1) }, 1),
		wstest.SendRaw([]byte(`{"type":"chat","id":`)),
		wstest.SendRaw([]byte("\xff\xfe not utf-8")),
		wstest.Send(`{"type":"nope"}`),
		wstest.Events(func(int) []byte { return chatJSON("r", 2) }, 1),
	)
	r := newRecorder()
	c := start(t, srv.URL(), fastOptions(r))
	r.waitFor(t, waitLong, "both events", func() bool { return len(r.Msgs()) >= 2 })
	if got := r.Msgs(); !slices.Equal(got, []string{"chat r-1", "chat r-2"}) {
		t.Errorf("delivered %q", got)
	}
	n := 0
	for _, no := range r.Notices() {
		var ie *InvalidFrameError
		if no.Kind == NoticeInvalid && errors.As(no.Err, &ie) && ie.Size > 0 {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d invalid-frame notices, want 3: %+v", n, r.Notices())
	}
	if c.Generation() != 1 {
		t.Errorf("Generation = %d: the invalid frames cost a reconnect", c.Generation())
	}
}

func TestReadLimit(t *testing.T) {
	big := fmt.Sprintf(`{"type":"chat","id":"big","room":"r","seq":1,"text":"%s"}`, strings.Repeat("x", 2048))
	srv := wstest.NewServer(t, &wstest.Options{Scripts: []wstest.Script{{wstest.Send(big)}}})
	r := newRecorder()
	opts := fastOptions(r)
	opts.ReadLimit = 1024
	start(t, srv.URL(), opts)
	c0, err := srv.WaitDone(0, waitLong)
	if err != nil {
		t.Fatal(err)
	}
	if c0.CloseReceived == nil || c0.CloseReceived.Code != 1009 {
		t.Errorf("server received close %+v, want 1009", c0.CloseReceived)
	}
	r.waitFor(t, waitLong, "reconnect", func() bool { return countOf(r.Transitions(), "connecting>live") >= 2 })
	if len(r.Msgs()) != 0 {
		t.Errorf("oversized message delivered: %q", r.Msgs())
	}
}

// TestSlowStateObserver: an observer that blocks does not stall the
// connection; with a small StateBuffer it learns how many changes it missed.
func TestSlowStateObserver(t *testing.T) {
	srv := wstest.NewServer(t, nil, wstest.Drop())
	release := make(chan struct{})
	var mu sync.Mutex
	var seen []StateChange
	r := newRecorder()
	opts := fastOptions(r)
	opts.StateBuffer = 4
	opts.OnState = func(sc StateChange) {
		<-release
		mu.Lock()
		seen = append(seen, sc)
		mu.Unlock()
	}
	c := start(t, srv.URL(), opts)
	// The connection keeps flapping (each socket is dropped at once) while
	// the observer is blocked.
	r.waitFor(t, waitLong, "five sockets", func() bool { return c.Generation() >= 5 })
	close(release)
	closeClient(t, c)
	mu.Lock()
	defer mu.Unlock()
	missed := 0
	for _, s := range seen {
		missed += s.Missed
	}
	if missed == 0 {
		t.Errorf("observer saw %d changes and no Missed count", len(seen))
	}
	if last := seen[len(seen)-1]; last.To != fsm.StateClosed {
		t.Errorf("last change seen %s, want closed", last.To)
	}
	// Each change follows the previous one, unless it reports missed ones.
	for i := 1; i < len(seen); i++ {
		if seen[i].Missed == 0 && seen[i].From != seen[i-1].To {
			t.Errorf("change %d %s>%s follows %s>%s with Missed 0", i, seen[i].From, seen[i].To, seen[i-1].From, seen[i-1].To)
		}
	}
}

// TestExactlyOnceAcrossReconnects: every connection replays the stream from
// the start and adds five events, then the server drops it; after 20
// reconnects every event was delivered once, in order.
func TestExactlyOnceAcrossReconnects(t *testing.T) {
	const conns = 21
	gen := func(seq int) []byte { return chatJSON("r", seq) }
	srv := wstest.NewServer(t, &wstest.Options{ScriptFunc: func(n int) wstest.Script {
		if n >= conns-1 {
			return wstest.Script{wstest.Events(gen, wstest.Seq(1, 5*(n+1))...)}
		}
		return wstest.Script{wstest.Events(gen, wstest.Seq(1, 5*(n+1))...), wstest.Drop()}
	}})
	r := newRecorder()
	c := start(t, srv.URL(), fastOptions(r))
	r.waitFor(t, 3*waitLong, "all events", func() bool { return len(r.Msgs()) >= 5*conns })
	closeClient(t, c)
	var want []string
	for i := 1; i <= 5*conns; i++ {
		want = append(want, fmt.Sprintf("chat r-%d", i))
	}
	if got := r.Msgs(); !slices.Equal(got, want) {
		t.Errorf("delivered %d messages, want %d in order:\n%q", len(got), len(want), got)
	}
	if g := c.Generation(); g != conns {
		t.Errorf("Generation = %d, want %d", g, conns)
	}
}

// TestLogsHoldNoSecrets runs a full scenario — token, refresh, requests,
// events with sensitive text, invalid frames, gaps, close — with debug logs
// captured, and checks that no line holds a token or sensitive text.
func TestLogsHoldNoSecrets(t *testing.T) {
	iss := wstest.NewTokenIssuer(nil)
	gen := func(seq int) []byte { return chatJSON("r", seq) }
	srv := wstest.NewServer(t, &wstest.Options{Tokens: iss, Scripts: []wstest.Script{
		{wstest.Events(gen, 1, 2, 2, 4), ackAll(t), wstest.SendRaw([]byte(`{"type":"chat","text":"secret text raw"`)), wstest.CloseWith(4001, "token expired")},
	}}, wstest.Events(gen, 5), ackAll(t))
	src := &issuerSource{iss: iss, ttl: time.Hour}
	var buf syncBuffer
	r := newRecorder()
	opts := fastOptions(r)
	opts.Token = src
	opts.SendPolicy = SendQueue
	opts.Logger = slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := start(t, srv.URL(), opts)
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	if _, err := c.Wait(ctx, fsm.StateLive); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Request(ctx, &tSend{Room: "r", Text: "secret text sent"}); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, waitLong, "second connection", func() bool { return c.Generation() >= 2 && src.calls() >= 2 })
	if _, err := c.Request(ctx, &tSend{Room: "r", Text: "secret text sent again"}); err != nil {
		t.Fatal(err)
	}
	closeClient(t, c)
	logs := buf.String()
	for _, secret := range []string{"wstest-1", "wstest-2", "secret text", "Bearer"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q:\n%s", secret, logs)
		}
	}
	for _, want := range []string{`"msg":"state"`, `"close_code":4001`, `"type":"send_chat"`, `"ref":`, `"msg":"invalid frame skipped"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestStateOrderedWithMessages: OnState and the Handler see one order. A
// socket's change into live comes before its first message, and the change
// that ends it (retrying, closed) after its last one, even with a slow
// observer. Each socket n sends five events on room r<n> at once, then
// the first three are dropped.
func TestStateOrderedWithMessages(t *testing.T) {
	const sockets, events = 4, 5
	srv := wstest.NewServer(t, &wstest.Options{ScriptFunc: func(n int) wstest.Script {
		room := fmt.Sprintf("r%d", n)
		s := wstest.Script{wstest.Events(func(seq int) []byte { return chatJSON(room, seq) }, 1, 2, 3, 4, 5)}
		if n < sockets-1 {
			s = append(s, wstest.Drop())
		}
		return s
	}})
	var mu sync.Mutex
	var log []string
	add := func(s string) {
		mu.Lock()
		log = append(log, s)
		mu.Unlock()
	}
	opts := fastOptions(newRecorder())
	opts.OnState = func(sc StateChange) {
		if sc.To == fsm.StateLive {
			time.Sleep(time.Millisecond) // a slow observer: not a wait for anything
		}
		add(fmt.Sprintf("state %s gen %d", sc.To, sc.Generation))
	}
	opts.Handler = HandlerFunc(func(_ context.Context, m Message) error {
		add(fmt.Sprintf("msg %s", m.(*tChat).ID))
		return nil
	})
	c := start(t, srv.URL(), opts)
	r := newRecorder()
	r.waitFor(t, waitLong, "every event", func() bool {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, s := range log {
			if strings.HasPrefix(s, "msg ") {
				n++
			}
		}
		return n == sockets*events
	})
	closeClient(t, c)
	mu.Lock()
	defer mu.Unlock()
	last := "" // the last state change seen
	for _, s := range log {
		if id, ok := strings.CutPrefix(s, "msg r"); ok {
			n, _ := strconv.Atoi(strings.Split(id, "-")[0])
			if want := fmt.Sprintf("state live gen %d", n+1); last != want {
				t.Fatalf("%s delivered after %q, want right after %q; log:\n%s", s, last, want, strings.Join(log, "\n"))
			}
			continue
		}
		last = s
	}
	if !strings.HasPrefix(last, "state closed") {
		t.Errorf("last change %q, want closed", last)
	}
}

// TestRetryAfter: a 503 or 429 handshake with Retry-After holds the next
// dial back at least that long (fsm adds jitter on top); on another status
// the header is ignored.
func TestRetryAfter(t *testing.T) {
	for _, tt := range []struct {
		status int
		header string
		min    time.Duration
	}{
		{503, "1", time.Second},
		{429, "1", time.Second},
		{500, "1", 0},
	} {
		t.Run(strconv.Itoa(tt.status), func(t *testing.T) {
			srv := wstest.NewServer(t, nil, wstest.RejectWith(tt.status, http.Header{"Retry-After": {tt.header}}))
			r := newRecorder()
			start(t, srv.URL(), fastOptions(r))
			var got *StateChange
			r.waitFor(t, waitLong, "a retry", func() bool {
				for _, s := range r.States() {
					if s.To == fsm.StateRetrying {
						got = &s
						return true
					}
				}
				return false
			})
			if got.RetryIn < tt.min || (tt.min == 0 && got.RetryIn >= time.Second) {
				t.Errorf("HTTP %d, Retry-After %s: retry in %v, want at least %v (and the backoff's ms when ignored)", tt.status, tt.header, got.RetryIn, tt.min)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want time.Duration
	}{
		{"", 0}, {"0", 0}, {"-5", 0}, {"7", 7 * time.Second}, {"soon", 0},
		{"99999999999999", maxRetryAfterHeader}, // no overflow
		{"Wed, 21 Oct 2015 07:28:00 GMT", 0},    // in the past
	} {
		if got := retryAfter(tt.in); got != tt.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
