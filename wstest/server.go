package wstest

import (
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Options configure a [Server]. A nil *Options means all defaults; the server copies
// the struct and never changes the caller's value.
type Options struct {
	// Addr is the address to listen on. Default "127.0.0.1:0": loopback, an ephemeral
	// port. The port chosen at the first listen is kept by [Server.Restart].
	Addr string

	// ScriptFunc, when set, returns the script of the n-th connection (n from 0; see
	// [Conn.Script] for what counts).
	ScriptFunc func(n int) Script
	// Scripts[n] is the script of the n-th connection when ScriptFunc is nil. A
	// connection past the end of Scripts runs the steps given to [NewServer] or
	// [Listen]. Default: none.
	Scripts []Script

	// Tokens, when set, makes the handshake require a token of this issuer, sent as
	// "Authorization: Bearer TOKEN" or, for clients that cannot set headers (browsers),
	// as the query parameter access_token. A missing, unknown or expired token is
	// answered 401 and recorded with Script -1. Default nil: no check.
	Tokens *TokenIssuer
	// ExpireCode, when not 0, closes a live connection with this close code (for
	// example 4001 or 3000) when its token expires. The wait is the token's remaining
	// life on the issuer's clock at the handshake, then runs on the real clock.
	// Default 0: the connection stays.
	ExpireCode int
	// ExpireReason is the reason sent with ExpireCode. Default "token expired".
	ExpireReason string

	// Route, when set, chooses the script of each connection from its handshake request
	// (path, query) and n, the index ScriptFunc would get; it replaces ScriptFunc,
	// Scripts and the default steps. An error refuses the handshake with 404 Not Found
	// and the error's text. Default nil.
	Route func(r *http.Request, n int) (Script, error)

	// Fallback, when set, serves the requests that are not WebSocket upgrades (a page
	// for a browser, say); they get no record. Default nil: such a request is answered
	// 400 and recorded.
	Fallback http.Handler

	// CheckOrigin, when set, decides whether a handshake's Origin is allowed; a refused
	// one is answered 403 Forbidden before any script is chosen (and recorded with
	// Script -1). Default nil: any origin (the server listens on loopback).
	CheckOrigin func(r *http.Request) bool

	// Record bounds what each connection's record keeps of its data messages, pings and
	// pongs (see [RecordLimit]). Default: everything, for the life of the server.
	Record RecordLimit
	// InboxBytes bounds the client messages a connection holds for its [Expect],
	// [ReplyAll] and [Echo] steps to consume, in payload bytes: when a new message
	// would exceed it, the oldest waiting ones are dropped (and logged once). Messages
	// that arrive after the script's last step are never held. Default 0: no limit.
	InboxBytes int64

	// Subprotocols the server accepts, in order of preference. Default none.
	Subprotocols []string
	// ReadLimit is the largest client message, in bytes; a larger one closes the
	// connection with 1009. Default 0: no limit.
	ReadLimit int64

	// WriteTimeout bounds every write to a client. Default 10s.
	WriteTimeout time.Duration
	// CloseTimeout is how long a close waits for the client's close frame before the
	// TCP connection is closed anyway. Default 5s.
	CloseTimeout time.Duration

	// OnReceive, when set, is called with the connection's index and every data message
	// received from a client, on the connection's reader goroutine, before [Expect]
	// steps see it. Default nil.
	OnReceive func(conn int, f Frame)
	// OnSend, when set, is called with the connection's index and every data message
	// the server sent (a fragmented or dripped message once, whole), after it was
	// written. Default nil.
	OnSend func(conn int, f Frame)
	// Logf, when set, receives a line per connection event (handshake, refusal,
	// script error, token expiry). Pass t.Logf for a test. Default nil: silent.
	Logf func(format string, args ...any)
}

func (o *Options) withDefaults() Options {
	var c Options
	if o != nil {
		c = *o
	}
	if c.Addr == "" {
		c.Addr = "127.0.0.1:0"
	}
	if c.ExpireReason == "" {
		c.ExpireReason = "token expired"
	}
	if c.WriteTimeout <= 0 {
		c.WriteTimeout = 10 * time.Second
	}
	if c.CloseTimeout <= 0 {
		c.CloseTimeout = 5 * time.Second
	}
	c.Scripts = append([]Script(nil), c.Scripts...)
	c.Subprotocols = append([]string(nil), c.Subprotocols...)
	return c
}

// Server is a scriptable WebSocket server on loopback. Create it with [NewServer] in a
// test or [Listen] elsewhere; it is safe for concurrent use.
type Server struct {
	opts  Options
	steps Script

	life sync.Mutex // held by Start, stop and Close for their whole run: one at a time

	mu       sync.Mutex
	addr     string // fixed at the first listen
	running  bool
	closed   bool
	hs       *http.Server
	served   chan struct{} // closed when hs.Serve returns
	conns    []*Conn
	sessions map[*session]struct{}
	nScript  int
	changed  chan struct{} // closed and replaced on every record change

	active    sync.WaitGroup // ServeHTTP calls
	upgrading sync.WaitGroup // ServeHTTP calls admitted but not yet registered or refused
}

// NewServer starts a [Server] for the test t with the options (nil for defaults) and
// the default script steps, fails the test if it cannot listen, and closes the server
// when the test ends.
func NewServer(t testing.TB, opts *Options, steps ...Step) *Server {
	t.Helper()
	srv, err := Listen(opts, steps...)
	if err != nil {
		t.Fatalf("wstest: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// Listen starts a [Server] with the options (nil for defaults) and the default script
// steps, run by every connection that [Options.ScriptFunc] and [Options.Scripts] do not
// cover. It fails at once when the address is in use. Call [Server.Close] when done.
func Listen(opts *Options, steps ...Step) (*Server, error) {
	srv := &Server{
		opts:     opts.withDefaults(),
		steps:    append(Script(nil), steps...),
		sessions: make(map[*session]struct{}),
		changed:  make(chan struct{}),
	}
	srv.addr = srv.opts.Addr
	if err := srv.start(false); err != nil {
		return nil, err
	}
	return srv, nil
}

// Addr returns the host:port the server listens on.
func (srv *Server) Addr() string {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return srv.addr
}

// URL returns the server's WebSocket URL, "ws://127.0.0.1:PORT/". Any path is served.
func (srv *Server) URL() string { return "ws://" + srv.Addr() + "/" }

// Start listens again after [Server.Stop], on the same address. It retries for up to
// 5 s while the port is still in use. Start on a running server does nothing.
func (srv *Server) Start() error { return srv.start(true) }

// start listens; retry says whether to wait for a port still in use.
func (srv *Server) start(retry bool) error {
	srv.life.Lock()
	defer srv.life.Unlock()
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if srv.closed {
		return ErrClosed
	}
	if srv.running {
		return nil
	}
	ln, err := listen(srv.addr, retry)
	if err != nil {
		return fmt.Errorf("wstest: listen: %w", err)
	}
	srv.addr = ln.Addr().String()
	hs := &http.Server{ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(logWriter{srv}, "", 0)}
	// A request read by an earlier listen's connection (closed by that stop) but handed
	// to the handler after this Start must not be served as one of this listen's.
	hs.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { srv.serve(hs, w, r) })
	srv.hs = hs
	srv.served = make(chan struct{})
	srv.running = true
	served := srv.served
	go func() {
		defer close(served)
		hs.Serve(ln)
	}()
	return nil
}

func listen(addr string, retry bool) (net.Listener, error) {
	deadline := time.Now().Add(5 * time.Second)
	for {
		ln, err := net.Listen("tcp", addr)
		if err == nil || !retry || !errors.Is(err, syscall.EADDRINUSE) || time.Now().After(deadline) {
			return ln, err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Stop closes the listener and drops every connection without a close frame, as a
// crashed server would; new dials are refused until [Server.Start]. It returns when
// every connection has ended.
func (srv *Server) Stop() { srv.stop(nil) }

// Restart is [Server.Stop] then [Server.Start]: every connection is dropped and the
// server listens again on the same address.
func (srv *Server) Restart() error {
	srv.Stop()
	return srv.Start()
}

// RestartWith is [Server.Restart] but first closes every connection with code and
// reason (for example 1012 "service restart"), waiting up to [Options.CloseTimeout]
// for the clients' close frames.
func (srv *Server) RestartWith(code int, reason string) error {
	srv.stop(&Close{Code: code, Reason: reason})
	return srv.Start()
}

// Close stops the server for good. When it returns no goroutine of the server remains.
func (srv *Server) Close() error {
	srv.life.Lock()
	defer srv.life.Unlock()
	srv.stopLocked(nil)
	srv.mu.Lock()
	srv.closed = true
	srv.mu.Unlock()
	return nil
}

// Shutdown is [Server.Close] but first closes every connection with code and reason
// (for example 1001 "going away"), waiting up to [Options.CloseTimeout] for the
// clients' close frames.
func (srv *Server) Shutdown(code int, reason string) error {
	srv.stop(&Close{Code: code, Reason: reason})
	return srv.Close()
}

// stop ends the running server: no handshake is admitted after it begins, and every
// connection that upgrades gets cl (or is dropped when cl is nil), however late in its
// handshake the stop came. A handshake admitted before the stop either fails (hs.Close
// cut its connection before the 101 response went out: the client never upgraded) or
// registers its session; stop waits for those handshakes before it takes the sessions.
func (srv *Server) stop(cl *Close) {
	srv.life.Lock()
	defer srv.life.Unlock()
	srv.stopLocked(cl)
}

// stopLocked is stop with srv.life held.
func (srv *Server) stopLocked(cl *Close) {
	srv.mu.Lock()
	if !srv.running {
		srv.mu.Unlock()
		return
	}
	srv.running = false
	hs, served := srv.hs, srv.served
	srv.mu.Unlock()

	hs.Close() // the listener and connections not yet hijacked by an upgrade
	srv.upgrading.Wait()
	srv.mu.Lock()
	sessions := make([]*session, 0, len(srv.sessions))
	for s := range srv.sessions {
		sessions = append(sessions, s)
	}
	srv.mu.Unlock()
	for _, s := range sessions {
		s.stopped.Store(true)
	}
	if cl != nil {
		var wg sync.WaitGroup
		for _, s := range sessions {
			wg.Go(func() { s.closeWith(cl.Code, cl.Reason) })
		}
		wg.Wait()
	}
	for _, s := range sessions {
		s.end(true)
	}
	srv.active.Wait()
	<-served
}

// Conns returns a snapshot of the record of every handshake attempt so far, in order.
func (srv *Server) Conns() []Conn {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return srv.snapshot()
}

func (srv *Server) snapshot() []Conn {
	out := make([]Conn, len(srv.conns))
	for i, c := range srv.conns {
		out[i] = c.clone()
	}
	return out
}

// Wait waits up to timeout until cond holds for the records and returns them; on
// timeout it returns the last records and [ErrTimeout]. cond is called after every
// change of the records.
func (srv *Server) Wait(timeout time.Duration, cond func(conns []Conn) bool) ([]Conn, error) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		srv.mu.Lock()
		conns, ch := srv.snapshot(), srv.changed
		srv.mu.Unlock()
		if cond(conns) {
			return conns, nil
		}
		select {
		case <-ch:
		case <-t.C:
			return conns, ErrTimeout
		}
	}
}

// WaitConn waits up to timeout until the i-th record exists and done(c) holds for it
// (a nil done accepts any state), and returns it.
func (srv *Server) WaitConn(i int, timeout time.Duration, done func(c Conn) bool) (Conn, error) {
	conns, err := srv.Wait(timeout, func(cs []Conn) bool {
		return i < len(cs) && (done == nil || done(cs[i]))
	})
	if i < len(conns) {
		return conns[i], err
	}
	return Conn{}, err
}

// WaitDone waits up to timeout until the i-th connection has ended and returns it.
func (srv *Server) WaitDone(i int, timeout time.Duration) (Conn, error) {
	return srv.WaitConn(i, timeout, func(c Conn) bool { return c.Done })
}

// Err returns the script errors of all connections so far, joined; nil when none.
func (srv *Server) Err() error {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	var errs []error
	for _, c := range srv.conns {
		if c.Err != nil {
			errs = append(errs, fmt.Errorf("conn %d: %w", c.Index, c.Err))
		}
	}
	return errors.Join(errs...)
}

func (srv *Server) update(f func()) {
	srv.mu.Lock()
	f()
	close(srv.changed)
	srv.changed = make(chan struct{})
	srv.mu.Unlock()
}

// logWriter sends net/http's own error lines to Options.Logf (or nowhere).
type logWriter struct{ srv *Server }

func (w logWriter) Write(p []byte) (int, error) {
	w.srv.logf("wstest: %s", strings.TrimSpace(string(p)))
	return len(p), nil
}

func (srv *Server) logf(format string, args ...any) {
	if srv.opts.Logf != nil {
		srv.opts.Logf(format, args...)
	}
}

func (srv *Server) scriptFor(n int) Script {
	switch {
	case srv.opts.ScriptFunc != nil:
		return srv.opts.ScriptFunc(n)
	case n < len(srv.opts.Scripts):
		return srv.opts.Scripts[n]
	default:
		return srv.steps
	}
}

// bearer returns the token of the request: the Authorization Bearer header, else the
// access_token query parameter.
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return r.URL.Query().Get("access_token")
}

// ServeHTTP handles one handshake. It is exported only so that a Server is an
// http.Handler; tests use [Server.URL].
func (srv *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { srv.serve(nil, w, r) }

// serve handles one handshake that arrived through hs, or through any listener when hs
// is nil.
func (srv *Server) serve(hs *http.Server, w http.ResponseWriter, r *http.Request) {
	srv.mu.Lock()
	if !srv.running || hs != nil && hs != srv.hs {
		srv.mu.Unlock()
		w.Header().Set("Connection", "close")
		http.Error(w, "wstest: server stopped", http.StatusServiceUnavailable)
		return
	}
	srv.active.Add(1)
	defer srv.active.Done()
	if srv.opts.Fallback != nil && !websocket.IsWebSocketUpgrade(r) {
		srv.mu.Unlock()
		srv.opts.Fallback.ServeHTTP(w, r)
		return
	}
	// Until its session is registered (or the handshake refused or failed), this call
	// holds back a stop's snapshot of the sessions: see [Server.stop].
	srv.upgrading.Add(1)
	admitted := sync.OnceFunc(srv.upgrading.Done)
	defer admitted()
	rec := &Conn{Index: len(srv.conns), Script: -1, At: time.Now(), Path: r.RequestURI, Header: r.Header.Clone(), Token: bearer(r)}
	srv.conns = append(srv.conns, rec)
	srv.mu.Unlock()

	refuse := func(status int, header http.Header, err error) {
		for k, v := range header {
			w.Header()[k] = v
		}
		w.Header().Set("Connection", "close")
		http.Error(w, http.StatusText(status), status)
		srv.logf("wstest: conn %d: handshake refused with %d: %v", rec.Index, status, err)
		srv.update(func() {
			rec.Status, rec.Err, rec.Done, rec.End = status, err, true, time.Now()
		})
	}

	var expiry time.Time
	if srv.opts.Tokens != nil {
		at, err := srv.opts.Tokens.Check(rec.Token)
		if err != nil {
			refuse(http.StatusUnauthorized, http.Header{"Www-Authenticate": {`Bearer error="invalid_token"`}}, err)
			return
		}
		if srv.opts.ExpireCode != 0 {
			expiry = at
		}
	}
	if !websocket.IsWebSocketUpgrade(r) {
		refuse(http.StatusBadRequest, nil, errors.New("not a WebSocket upgrade"))
		return
	}
	if srv.opts.CheckOrigin != nil && !srv.opts.CheckOrigin(r) {
		refuse(http.StatusForbidden, nil, fmt.Errorf("origin %q not allowed", r.Header.Get("Origin")))
		return
	}
	srv.mu.Lock()
	n := srv.nScript
	srv.nScript++
	srv.mu.Unlock()
	var script Script
	if srv.opts.Route != nil {
		var err error
		if script, err = srv.opts.Route(r, n); err != nil {
			refuse(http.StatusNotFound, nil, err)
			return
		}
	} else {
		script = srv.scriptFor(n)
	}
	srv.update(func() { rec.Script = n })
	if len(script) > 0 {
		if rj, ok := script[0].(rejectStep); ok {
			refuse(rj.status, rj.header, fmt.Errorf("script %d rejects the handshake", n))
			return
		}
	}

	up := websocket.Upgrader{
		Subprotocols:     srv.opts.Subprotocols,
		HandshakeTimeout: 10 * time.Second,
		CheckOrigin:      func(*http.Request) bool { return true },
	}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		srv.mu.Lock()
		stopping := !srv.running
		srv.mu.Unlock()
		var he websocket.HandshakeError
		if !errors.As(err, &he) && stopping {
			// The stop closed the connection under the 101 response: the client
			// never upgraded and got no answer. Not an error, like a step cut short.
			srv.logf("wstest: conn %d: handshake cut by the server's stop: %v", rec.Index, err)
			srv.update(func() { rec.Dropped, rec.Done, rec.End = true, true, time.Now() })
			return
		}
		// Upgrade has answered the client (or could not: the connection failed).
		srv.update(func() { rec.Status, rec.Err, rec.Done, rec.End = http.StatusBadRequest, err, true, time.Now() })
		return
	}
	s := srv.newSession(rec, ws)
	srv.mu.Lock()
	// Registered even when a stop has begun: the stop waits for admitted handshakes
	// (upgrading) and then closes or drops every registered session.
	srv.sessions[s] = struct{}{}
	srv.mu.Unlock()
	admitted()
	srv.update(func() { rec.Status, rec.Subprotocol = http.StatusSwitchingProtocols, ws.Subprotocol() })
	srv.logf("wstest: conn %d: %s upgraded, script %d (%d steps)", rec.Index, rec.Path, n, len(script))

	s.run(script, expiry)

	srv.mu.Lock()
	delete(srv.sessions, s)
	srv.mu.Unlock()
}
