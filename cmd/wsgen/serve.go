package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gorilla/websocket"
	"github.com/wsgen/wsgen/internal/jsonptr"
	"github.com/wsgen/wsgen/schema"
	"github.com/wsgen/wsgen/wstest"
)

const serveUsage = `Usage: wsgen serve -schema FILE -scenario FILE [-addr 127.0.0.1:8080] [-origin URL,...]

Serves a scripted WebSocket scenario to any client (a browser page, a mobile app, a
client in another language) on ws://ADDR/. Every message the scenario sends is
validated against the schema before the server starts: a bad scenario is refused with
its location (FILE:/connections/0/steps/3/send: reason, or FILE:LINE:COLUMN for
invalid JSON). Every message a client sends, and every message sent, is logged with
its validation verdict: its type and correlation id, never its content. Ctrl-C stops
the server cleanly: open connections get a close frame 1001 "server stopped".

Which script a connection runs:
  ws://ADDR/PATH        the n-th connection to PATH (from 0) runs connections[n], past
                        the end the last entry again; each path counts on its own, so
                        a new path (ws://ADDR/run2) runs the scenario from its start
                        again without restarting the server (up to 1000 paths are
                        remembered; then every path starts again)
  ws://ADDR/PATH?conn=N runs connections[N], every time

Limits:
  - The server listens on 127.0.0.1 unless -addr says otherwise, and fails at once
    when the port is in use.
  - Origin: a browser page may connect only from the same origin or from a page on
    localhost, 127.0.0.1 or [::1] (any port, http or https); other pages (any web
    site open in the developer's browser) are refused with 403, unless -origin lists
    them. Clients that send no Origin (not browsers) are always accepted.
  - A client message larger than -read-limit closes the connection with 1009
    (message too big), before the message is read.
  - Messages are logged, not kept: memory does not grow with the traffic. Client
    messages waiting for an "expect" step are held up to 16 MiB (or -read-limit, if
    larger), the oldest dropped first.

No token is checked: any client the Origin check lets through may connect.
`

// inboxBytes bounds the client messages a connection holds for its expect steps.
const inboxBytes = 16 << 20

// maxPaths bounds the per-path connection counters.
const maxPaths = 1000

// runServe is the "wsgen serve" command.
func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", serveUsage, stderr, "\nScenario format\n\n"+wstest.ScenarioFormat+"\n")
	schemaPath := fs.String("schema", "", "protocol description (JSON Schema) `FILE`")
	scenarioPath := fs.String("scenario", "", "scenario `FILE` (JSON, format below)")
	addr := fs.String("addr", "127.0.0.1:8080", "`host:port` to listen on")
	origins := fs.String("origin", "", "comma-separated `origins` allowed besides the same origin and localhost pages\n(scheme://host[:port], \"null\" for file:// pages, \"*\" for any)")
	readLimit := fs.Int64("read-limit", 1<<20, "largest client message in `bytes`; a larger one closes with 1009")
	if code, ok := parseFlags(fs, args, stdout); !ok {
		return code
	}
	if *schemaPath == "" || *scenarioPath == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "wsgen serve: -schema and -scenario are required, and no arguments")
		fmt.Fprintln(stderr, `run "wsgen serve -h" for the flags and the scenario format`)
		return 2
	}
	if *readLimit <= 0 {
		fmt.Fprintln(stderr, "wsgen serve: -read-limit must be positive")
		return 2
	}
	var allowed []string
	if *origins != "" {
		allowed = strings.Split(*origins, ",")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, serveConfig{Schema: *schemaPath, Scenario: *scenarioPath, Addr: *addr, Origins: allowed, ReadLimit: *readLimit}, stdout, stderr)
}

// serveConfig holds the inputs of serve.
type serveConfig struct {
	Schema, Scenario, Addr string
	// Origins are allowed besides the defaults (see originPolicy).
	Origins []string
	// ReadLimit is the largest client message; 0 means 1 MiB.
	ReadLimit int64
	// Ready, when set, is called with the server's URL once it listens (for tests,
	// which listen on port 0).
	Ready func(url string)
}

// serve validates the scenario, then serves it until ctx is done. It returns the exit
// code.
func serve(ctx context.Context, cfg serveConfig, stdout, stderr io.Writer) int {
	proto, sc, err := loadScenario(cfg.Schema, cfg.Scenario)
	if err != nil {
		fmt.Fprintf(stderr, "wsgen serve: %v\n", err)
		return 1
	}
	origin, err := originPolicy(cfg.Origins)
	if err != nil {
		fmt.Fprintf(stderr, "wsgen serve: -origin: %v\n", err)
		return 2
	}
	if cfg.ReadLimit <= 0 {
		cfg.ReadLimit = 1 << 20
	}
	log := &serveLog{w: stdout, proto: proto}
	routes := &router{sc: sc, counts: map[string]int{}}
	srv, err := wstest.Listen(&wstest.Options{
		Addr:        cfg.Addr,
		Route:       routes.route,
		CheckOrigin: func(r *http.Request) bool { return origin(r, log) },
		Fallback: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			servePage(w, r, cfg.Scenario, len(sc.Connections), sample(proto))
		}),
		ReadLimit:    cfg.ReadLimit,
		Record:       wstest.RecordLimit{Off: true},
		InboxBytes:   max(inboxBytes, cfg.ReadLimit),
		CloseTimeout: 2 * time.Second,
		OnReceive:    func(conn int, f wstest.Frame) { log.message(conn, "recv", f) },
		OnSend:       func(conn int, f wstest.Frame) { log.message(conn, "sent", f) },
		Logf:         log.printf,
	})
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			err = fmt.Errorf("%s is in use (another wsgen serve?): choose another -addr (%w)", cfg.Addr, err)
		}
		fmt.Fprintf(stderr, "wsgen serve: %v\n", err)
		return 1
	}
	url := srv.URL()
	log.printf("wsgen serve: %s on %s: %d scripted connections, %d messages valid; read limit %d bytes; Ctrl-C stops",
		cfg.Scenario, url, len(sc.Connections), len(sc.Messages()), cfg.ReadLimit)
	if cfg.Ready != nil {
		cfg.Ready(url)
	}
	<-ctx.Done()
	srv.Shutdown(websocket.CloseGoingAway, "server stopped")
	log.printf("wsgen serve: stopped after %d connections", len(srv.Conns()))
	return 0
}

// servePage answers a plain HTTP request with a page saying what runs here: a browser
// opened on it has a console of the same origin, from which a WebSocket may connect.
func servePage(w http.ResponseWriter, r *http.Request, scenario string, conns int, sample string) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "wsgen serve: GET only", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'")
	fmt.Fprintf(w, `<!doctype html><title>wsgen serve</title><h1>wsgen serve</h1>
<p>Scenario %s (%d scripted connections). Open the browser console here and connect:</p>
<pre>ws = new WebSocket("ws://" + location.host + "/");
ws.onopen = () => ws.send(JSON.stringify(%s)); // complete it: a message of your protocol
ws.onmessage = e => console.log(e.data);
ws.onclose = e => console.log("closed", e.code, e.reason);</pre>
<p>A new path (ws://HOST/run2) runs the scenario from its first connection again; ?conn=N runs connection N.</p>
`, html.EscapeString(scenario), conns, html.EscapeString(sample))
}

// sample is a JavaScript object literal naming the first message a client sends.
func sample(p *schema.Protocol) string {
	for _, m := range p.Messages {
		if !m.Direction.Inbound() || m.Direction == schema.DirBoth {
			return "{" + strconv.Quote(p.Discriminator) + ": " + strconv.Quote(m.Wire) + "}"
		}
	}
	return "{}"
}

// router chooses each connection's script: ?conn=N, else the next of its path.
type router struct {
	sc     *wstest.Scenario
	mu     sync.Mutex
	counts map[string]int // connections so far, per path
}

func (rt *router) route(r *http.Request, _ int) (wstest.Script, error) {
	if q := r.URL.Query(); q.Has("conn") {
		n, err := strconv.Atoi(q.Get("conn"))
		if err != nil || n < 0 || n >= len(rt.sc.Connections) {
			return nil, fmt.Errorf("conn=%s: the scenario has connections 0..%d", q.Get("conn"), len(rt.sc.Connections)-1)
		}
		return rt.sc.Script(n), nil
	}
	rt.mu.Lock()
	if _, ok := rt.counts[r.URL.Path]; !ok && len(rt.counts) >= maxPaths {
		clear(rt.counts)
	}
	n := rt.counts[r.URL.Path]
	rt.counts[r.URL.Path] = n + 1
	rt.mu.Unlock()
	return rt.sc.Script(n), nil
}

// originPolicy returns the Origin check: no Origin (not a browser), the same origin,
// a page on localhost, 127.0.0.1, [::1] or a *.localhost name (http or https, any port),
// or one of allowed ("scheme://host[:port]", "null", or "*" for any).
func originPolicy(allowed []string) (func(r *http.Request, log *serveLog) bool, error) {
	anyOrigin := false
	extra := map[string]bool{}
	for _, a := range allowed {
		a = strings.TrimSpace(a)
		switch {
		case a == "*":
			anyOrigin = true
		case a == "null":
			extra["null"] = true
		default:
			u, err := url.Parse(a)
			if err != nil || u.Scheme == "" || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
				return nil, fmt.Errorf("%q is not an origin: want scheme://host[:port], \"null\" or \"*\"", a)
			}
			extra[strings.ToLower(u.Scheme+"://"+u.Host)] = true
		}
	}
	return func(r *http.Request, log *serveLog) bool {
		o := r.Header.Get("Origin")
		if o == "" || anyOrigin || extra[strings.ToLower(o)] {
			return true
		}
		if u, err := url.Parse(o); err == nil && u.Host != "" {
			h := strings.ToLower(u.Hostname())
			if strings.EqualFold(u.Host, r.Host) ||
				(u.Scheme == "http" || u.Scheme == "https") && (h == "localhost" || h == "127.0.0.1" || h == "::1" || strings.HasSuffix(h, ".localhost")) {
				return true
			}
		}
		if len(o) > 200 {
			o = o[:200] + "…"
		}
		log.printf("wsgen serve: refused a page from origin %q (403): start wsgen serve with -origin %s to allow it", o, o)
		return false
	}, nil
}

// loadScenario loads the schema and the scenario and validates every message the
// scenario sends. Errors name the scenario file and the JSON pointer.
func loadScenario(schemaPath, scenarioPath string) (*schema.Protocol, *wstest.Scenario, error) {
	proto, err := schema.Load(schemaPath)
	if err != nil {
		return nil, nil, err
	}
	data, err := os.ReadFile(scenarioPath)
	if err != nil {
		return nil, nil, err
	}
	sc, err := wstest.ParseScenario(data)
	if err != nil {
		var se *wstest.ScenarioError
		if errors.As(err, &se) {
			return nil, nil, fmt.Errorf("%s:%s", scenarioPath, se)
		}
		return nil, nil, fmt.Errorf("%s: %w", scenarioPath, err)
	}
	var errs []error
	for _, m := range sc.Messages() {
		typ, err := proto.Validate(m.Data)
		if err == nil {
			if msg := proto.Message(typ); msg != nil && !msg.Direction.Inbound() {
				err = fmt.Errorf("%s is a %s message: the server does not send it", typ, msg.Direction)
			}
		}
		if err != nil {
			note := ""
			if m.Note != "" {
				note = " (" + m.Note + ")"
			}
			if typ, verr := proto.Validate(m.Data); verr != nil {
				err = errors.New(explain(proto, typ, verr))
			}
			errs = append(errs, fmt.Errorf("%s:%s%s: %s", scenarioPath, m.Pointer, note, err))
		}
	}
	if len(errs) > 0 {
		return nil, nil, fmt.Errorf("scenario refused:\n%w", errors.Join(errs...))
	}
	return proto, sc, nil
}

// serveLog writes one line per event, safe for concurrent use.
type serveLog struct {
	w     io.Writer
	proto *schema.Protocol
	mu    sync.Mutex
}

func (l *serveLog) printf(format string, args ...any) { l.printAt(time.Now(), format, args...) }

func (l *serveLog) printAt(at time.Time, format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "%s %s\n", at.Format("15:04:05.000"), fmt.Sprintf(format, args...))
}

// message logs a message's type, correlation id and validation verdict, never its
// content (it may hold sensitive fields).
func (l *serveLog) message(conn int, dir string, f wstest.Frame) {
	kind := "text"
	if f.Type == websocket.BinaryMessage {
		kind = "binary"
	}
	typ, err := l.proto.Validate(f.Data)
	desc := typ
	if typ == "" {
		desc = "(no type)"
	}
	if m := l.proto.Message(typ); m != nil && m.CorrelationID != nil {
		// The id's member, or the nested one its pointer names ("/params/id").
		name := m.RoleMember(schema.RoleCorrelationID)
		path := []string{name}
		if strings.HasPrefix(name, "/") {
			path = strings.Split(name[1:], "/")
			for i, tok := range path {
				path[i], _ = jsonptr.Unescape(tok)
			}
		}
		v := json.RawMessage(f.Data)
		for _, tok := range path {
			var members map[string]json.RawMessage
			if json.Unmarshal(v, &members) != nil {
				v = nil
				break
			}
			v = members[tok]
		}
		if v != nil {
			desc += fmt.Sprintf(" %s=%s", name, v)
		}
	}
	verdict := "valid"
	switch m := l.proto.Message(typ); {
	case err != nil:
		verdict = "INVALID: " + explain(l.proto, typ, err)
	case m != nil && dir == "recv" && m.Direction.Inbound() && m.Direction != schema.DirBoth:
		verdict = "valid, but a server message sent by the client"
	}
	l.printAt(f.At, "conn %d %s %s %s (%d bytes): %s", conn, dir, kind, desc, len(f.Data), verdict)
}

// explain turns Validate's error for a frame of type typ into one line that names the
// failures within that message's own schema (not those of every oneOf branch).
// It reads the validator's detailed (GoString) report; when that cannot be read, it
// falls back to the error's own first line.
func explain(proto *schema.Protocol, typ string, err error) string {
	if errors.Is(err, schema.ErrInvalidFrame) {
		return oneLine(err)
	}
	if typ == "" {
		return "no string " + strconv.Quote(proto.Discriminator) + " member naming a message"
	}
	idx := -1
	for i, m := range proto.Messages {
		if m.Wire == typ {
			idx = i
		}
	}
	if idx < 0 {
		return "unknown message type " + strconv.Quote(typ)
	}
	lines := strings.Split(fmt.Sprintf("%#v", err), "\n")
	head := fmt.Sprintf("[S#/oneOf/%d/", idx)
	var leaves []string
	for i := 0; i < len(lines); i++ {
		if !strings.Contains(lines[i], head) {
			continue
		}
		depth := indent(lines[i])
		for j := i + 1; j < len(lines) && indent(lines[j]) > depth; j++ {
			leaf := j+1 == len(lines) || indent(lines[j+1]) <= indent(lines[j])
			if m := leafRE.FindStringSubmatch(lines[j]); leaf && m != nil {
				leaves = append(leaves, m[1]+": "+m[2])
			}
		}
		break
	}
	if len(leaves) == 0 {
		return oneLine(err)
	}
	return strings.Join(leaves, "; ")
}

// leafRE reads one line of a jsonschema ValidationError's GoString:
// "[I#/room] [S#/$defs/room/pattern] does not match pattern ...".
var leafRE = regexp.MustCompile(`^\s*\[I(#[^\]]*)\] \[S[^\]]*\] (.*)$`)

func indent(s string) int { return len(s) - len(strings.TrimLeft(s, " \t")) }

// oneLine flattens a multi-line error (jsonschema's) into one line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
