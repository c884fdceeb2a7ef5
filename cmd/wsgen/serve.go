package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gorilla/websocket"
	"github.com/wsgen/wsgen/schema"
	"github.com/wsgen/wsgen/wstest"
)

const serveUsage = `Usage: wsgen serve -schema FILE -scenario FILE [-addr 127.0.0.1:8080]

Serves a scripted WebSocket scenario to any client (a browser page, a mobile app, a
client in another language) on ws://ADDR/ (any path). Every message the scenario sends
is validated against the schema before the server starts: a bad scenario is refused
with its location (FILE:/connections/0/steps/3/send: reason). Every message a client
sends, and every message sent, is logged with its validation verdict: its type and
correlation id, never its content. Ctrl-C stops the server cleanly: open
connections get a close frame 1001 "server stopped".

No token is checked: any client may connect.
`

// runServe is the "wsgen serve" command.
func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", serveUsage, stderr, "\nScenario format\n\n"+wstest.ScenarioFormat+"\n")
	schemaPath := fs.String("schema", "", "protocol description (JSON Schema) `FILE`")
	scenarioPath := fs.String("scenario", "", "scenario `FILE` (JSON, format below)")
	addr := fs.String("addr", "127.0.0.1:8080", "`host:port` to listen on")
	if code, ok := parseFlags(fs, args, stdout); !ok {
		return code
	}
	if *schemaPath == "" || *scenarioPath == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "wsgen serve: -schema and -scenario are required, and no arguments")
		fmt.Fprintln(stderr, `run "wsgen serve -h" for the flags and the scenario format`)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, serveConfig{Schema: *schemaPath, Scenario: *scenarioPath, Addr: *addr}, stdout, stderr)
}

// serveConfig holds the inputs of serve.
type serveConfig struct {
	Schema, Scenario, Addr string
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
	log := &serveLog{w: stdout, proto: proto}
	srv, err := wstest.Listen(&wstest.Options{
		Addr:         cfg.Addr,
		ScriptFunc:   sc.Script,
		CloseTimeout: 2 * time.Second,
		OnReceive:    func(conn int, f wstest.Frame) { log.message(conn, "recv", f) },
		OnSend:       func(conn int, f wstest.Frame) { log.message(conn, "sent", f) },
		Logf:         log.printf,
	})
	if err != nil {
		fmt.Fprintf(stderr, "wsgen serve: %v\n", err)
		return 1
	}
	url := srv.URL()
	log.printf("wsgen serve: %s on %s: %d scripted connections, %d messages valid; Ctrl-C stops",
		cfg.Scenario, url, len(sc.Connections), len(sc.Messages()))
	if cfg.Ready != nil {
		cfg.Ready(url)
	}
	<-ctx.Done()
	srv.Shutdown(websocket.CloseGoingAway, "server stopped")
	log.printf("wsgen serve: stopped after %d connections", len(srv.Conns()))
	return 0
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
		var members map[string]json.RawMessage
		if json.Unmarshal(f.Data, &members) == nil && members[m.CorrelationID.Name] != nil {
			desc += fmt.Sprintf(" %s=%s", m.CorrelationID.Name, members[m.CorrelationID.Name])
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
