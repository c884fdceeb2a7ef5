package conn_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/conn/boltoutbox"
	"github.com/wsgen/wsgen/fsm"
	"github.com/wsgen/wsgen/wstest"
)

// TestSoak is the reliability soak (issue 17, RELIABILITY.md). It runs only
// when WSGEN_SOAK is set: "short" (about a minute, run by .ci/run) or any
// other value for the full run (faults >= 1000, kills >= 20).
//
// Part one: many clients, each with its own bbolt outbox and its own wstest
// fault proxy, send idempotent commands (SendOutbox) to one wstest server
// while receiving a sequenced event stream with replays and gaps, under
// faults chosen at random from a printed seed (WSGEN_SOAK_SEED replays
// one): TCP destroy (proxy cut, server drop and reset), close codes 1001,
// 1011, 1012, 1013, 4001 and 4029, oversize frames, stalls (server stall,
// proxy blackhole), 503 outages, restarts that lose the server's in-memory
// state (sessions and the messages they had not answered), replayed and
// gapped events, snapshots that ignore after_seq, invalid frames.
//
// Part two: a child process (this test binary, TestSoakChild) sends
// commands through a bbolt outbox and is killed with SIGKILL mid-send, then
// restarted on the same file, again and again; a last Client drains the
// file.
//
// It judges from the server's ledger (commands applied, by idempotency
// key) and the clients' deliveries, never from timing.
func TestSoak(t *testing.T) {
	mode := os.Getenv("WSGEN_SOAK")
	if mode == "" {
		t.Skip("soak: set WSGEN_SOAK=short (about a minute) or WSGEN_SOAK=1 (full) to run")
	}
	cfg := soakConfig{clients: 6, faultPhase: 30 * time.Second, kills: 8, faultEvery: 60 * time.Millisecond}
	if mode != "short" {
		cfg = soakConfig{clients: 16, faultPhase: 180 * time.Second, kills: 24, faultEvery: 30 * time.Millisecond}
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("WSGEN_SOAK_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	fmt.Printf("soak: seed=%d mode=%s (replay with WSGEN_SOAK_SEED=%d)\n", seed, mode, seed)

	runtime.GC()
	runtime.GC()
	var ms0 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	g0 := runtime.NumGoroutine()

	res := runSoak(t, cfg, seed)

	// Everything is closed and the state dropped: what remains is growth.
	leaked := 0
	for deadline := time.Now().Add(15 * time.Second); ; {
		leaked = max(0, runtime.NumGoroutine()-g0)
		if leaked == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	runtime.GC()
	runtime.GC()
	var ms1 runtime.MemStats
	runtime.ReadMemStats(&ms1)
	heapKiB := (int64(ms1.HeapAlloc) - int64(ms0.HeapAlloc)) / 1024

	line := fmt.Sprintf("soak: clients=%d faults=%d kills=%d sent=%d applied_once=%d lost=%d applied_twice=%d delivered_twice=%d unrecovered_gaps=%d leaked_goroutines=%d heap_growth_kib=%d",
		res.clients, res.faults, res.kills, res.sent, res.appliedOnce, res.lost, res.appliedTwice, res.deliveredTwice, res.gaps, leaked, heapKiB)
	fmt.Println(line)
	fmt.Printf("soak: fault kinds %v\n", res.kinds)
	if res.lost != 0 || res.appliedTwice != 0 || res.deliveredTwice != 0 || res.gaps != 0 || leaked != 0 {
		t.Errorf("soak failed (seed %d): %s", seed, line)
	}
	if res.appliedOnce != res.sent {
		t.Errorf("applied once %d of %d sent", res.appliedOnce, res.sent)
	}
	if mode != "short" {
		if res.faults < 1000 || res.kills < 20 {
			t.Errorf("full soak injected %d faults and %d kills, want >= 1000 and >= 20", res.faults, res.kills)
		}
		if heapKiB > 1024 {
			t.Errorf("heap grew %d KiB over the run, want <= 1024", heapKiB)
		}
	}
}

type soakConfig struct {
	clients    int
	faultPhase time.Duration
	kills      int
	faultEvery time.Duration
}

type soakResult struct {
	clients, faults, kills, sent, appliedOnce, lost, appliedTwice, deliveredTwice, gaps int
	kinds                                                                               map[string]int
}

// The soak protocol: commands with an idempotency key and a correlation
// id, acks, sequenced events per room with an event id, snapshot requests
// and snapshots that carry the events they cover.

type sCmd struct {
	Type string `json:"type"`
	Ref  string `json:"ref"`
	Key  string `json:"key"`
	Room string `json:"room"`
	Cmd  string `json:"cmd"`
}

func (m *sCmd) MessageType() string            { return "cmd" }
func (m *sCmd) RoleCorrelationID() string      { return m.Ref }
func (m *sCmd) SetRoleCorrelationID(s string)  { m.Ref = s }
func (m *sCmd) RoleIdempotencyKey() string     { return m.Key }
func (m *sCmd) SetRoleIdempotencyKey(s string) { m.Key = s }

type sAck struct {
	Type string `json:"type"`
	Ref  string `json:"ref"`
}

func (m *sAck) MessageType() string       { return "ack" }
func (m *sAck) RoleCorrelationID() string { return m.Ref }

type sEvent struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	Room string `json:"room"`
	Seq  int64  `json:"seq"`
	Pad  string `json:"pad,omitempty"`
}

func (m *sEvent) MessageType() string { return "event" }
func (m *sEvent) RoleEventID() string { return m.ID }
func (m *sEvent) RoleStream() string  { return m.Room }
func (m *sEvent) RoleSequence() int64 { return m.Seq }

type sSnapReq struct {
	Type  string `json:"type"`
	Ref   string `json:"ref"`
	Room  string `json:"room"`
	After int64  `json:"after_seq"`
}

func (m *sSnapReq) MessageType() string           { return "snapshot_request" }
func (m *sSnapReq) RoleCorrelationID() string     { return m.Ref }
func (m *sSnapReq) SetRoleCorrelationID(s string) { m.Ref = s }

type sSnap struct {
	Type   string   `json:"type"`
	Ref    string   `json:"ref"`
	Room   string   `json:"room"`
	Seq    int64    `json:"seq"`
	Events []sEvent `json:"events"`
}

func (m *sSnap) MessageType() string       { return "snapshot" }
func (m *sSnap) RoleCorrelationID() string { return m.Ref }
func (m *sSnap) RoleStream() string        { return m.Room }
func (m *sSnap) RoleSequence() int64       { return m.Seq }
func (m *sSnap) FilterEvents(keep func(string) bool) {
	m.Events = slices.DeleteFunc(m.Events, func(e sEvent) bool { return !keep(e.ID) })
}

type soakCodec struct{}

func (soakCodec) Decode(data []byte) (conn.Message, error) {
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, err
	}
	var m conn.Message
	switch head.Type {
	case "cmd":
		m = &sCmd{}
	case "ack":
		m = &sAck{}
	case "event":
		m = &sEvent{}
	case "snapshot_request":
		m = &sSnapReq{}
	case "snapshot":
		m = &sSnap{}
	default:
		return nil, fmt.Errorf("unknown type %q", head.Type)
	}
	if err := json.Unmarshal(data, m); err != nil {
		return nil, err
	}
	return m, nil
}

func (soakCodec) Encode(m conn.Message) ([]byte, error) {
	switch m := m.(type) {
	case *sCmd:
		m.Type = "cmd"
	case *sSnapReq:
		m.Type = "snapshot_request"
	default:
		return nil, errors.New("soak: cannot encode " + m.MessageType())
	}
	return json.Marshal(m)
}

func soakProtocol() *conn.Protocol {
	return &conn.Protocol{
		Codec:             soakCodec{},
		SnapshotRequest:   func(room string, after int64) conn.Message { return &sSnapReq{Room: room, After: after} },
		SnapshotReplyType: "snapshot",
		ReplyTypes:        []string{"ack", "snapshot"},
		CloseRules: []fsm.CloseRule{
			{Code: 4001, Name: "token expired", Action: fsm.CloseRefreshAuth},
			{Code: 4029, Name: "slow down", Action: fsm.CloseReconnect, MinDelay: 50 * time.Millisecond},
		},
	}
}

func soakOptions(h conn.Handler, ob conn.Outbox) *conn.Options {
	return &conn.Options{
		Protocol:         soakProtocol(),
		Handler:          h,
		Token:            conn.TokenFunc(func(context.Context) (string, time.Time, error) { return "soak-token", time.Now().Add(time.Hour), nil }),
		SendPolicy:       conn.SendOutbox,
		Outbox:           ob,
		Backoff:          &fsm.Backoff{Base: 10 * time.Millisecond, Cap: 200 * time.Millisecond},
		HandshakeTimeout: 3 * time.Second,
		PingInterval:     500 * time.Millisecond,
		PongTimeout:      1500 * time.Millisecond,
		CloseTimeout:     2 * time.Second,
		ReadLimit:        256 << 10,
	}
}

// ledger is the server's durable state: what was applied, by idempotency
// key, and each room's published events. It survives the server's
// restarts; sessions do not.
type ledger struct {
	mu        sync.Mutex
	byKey     map[string]string   // idempotency key -> command
	applied   map[string][]string // command -> keys under which it was applied
	published map[string]int64    // room -> last published seq
}

func newLedger() *ledger {
	return &ledger{byKey: map[string]string{}, applied: map[string][]string{}, published: map[string]int64{}}
}

func eventOf(room string, seq int64) sEvent {
	return sEvent{Type: "event", ID: room + "-" + strconv.FormatInt(seq, 10), Room: room, Seq: seq}
}

func eventJSON(room string, seq int64) []byte {
	b, _ := json.Marshal(eventOf(room, seq))
	return b
}

// serve answers one client message: a command is applied once per key and
// acked every time; a snapshot request is answered from the event log,
// ignoring after_seq half of the time (overlap up to 20 events).
func (l *ledger) serve(rng func(int) int, msg []byte) []byte {
	var head struct {
		Type  string `json:"type"`
		Ref   string `json:"ref"`
		Key   string `json:"key"`
		Room  string `json:"room"`
		Cmd   string `json:"cmd"`
		After int64  `json:"after_seq"`
	}
	if json.Unmarshal(msg, &head) != nil {
		return nil
	}
	switch head.Type {
	case "cmd":
		l.mu.Lock()
		if _, ok := l.byKey[head.Key]; !ok {
			l.byKey[head.Key] = head.Cmd
			l.applied[head.Cmd] = append(l.applied[head.Cmd], head.Key)
		}
		l.mu.Unlock()
		b, _ := json.Marshal(sAck{Type: "ack", Ref: head.Ref})
		return b
	case "snapshot_request":
		l.mu.Lock()
		top := l.published[head.Room]
		l.mu.Unlock()
		from := head.After
		if rng(2) == 0 {
			from = max(0, head.After-20) // a server that ignores after_seq
		}
		snap := sSnap{Type: "snapshot", Ref: head.Ref, Room: head.Room, Seq: max(top, head.After)}
		for s := from + 1; s <= top; s++ {
			snap.Events = append(snap.Events, eventOf(head.Room, s))
		}
		b, _ := json.Marshal(snap)
		return b
	}
	return nil
}

// delivery records what one client's Handler received.
type delivery struct {
	mu    sync.Mutex
	seen  map[string]int // event id -> deliveries
	seqs  map[int64]bool
	twice int
}

func newDelivery() *delivery { return &delivery{seen: map[string]int{}, seqs: map[int64]bool{}} }

func (d *delivery) add(e sEvent) {
	d.seen[e.ID]++
	if d.seen[e.ID] == 2 {
		d.twice++
	}
	d.seqs[e.Seq] = true
}

func (d *delivery) HandleMessage(_ context.Context, m conn.Message) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch m := m.(type) {
	case *sEvent:
		d.add(*m)
	case *sSnap:
		for _, e := range m.Events {
			d.add(e)
		}
	}
	return nil
}

// missing counts the seqs in 1..top never delivered.
func (d *delivery) missing(top int64) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for s := int64(1); s <= top; s++ {
		if !d.seqs[s] {
			n++
		}
	}
	return n
}

// soakFault is a scripted fault: the step, and its kind for the figures.
type soakFault struct {
	kind string
	step wstest.Step
}

func scriptFaults(big string) []soakFault {
	return []soakFault{
		{"close_1001", wstest.CloseWith(1001, "going away")},
		{"close_1011", wstest.CloseWith(1011, "internal error")},
		{"close_1012", wstest.CloseWith(1012, "service restart")},
		{"close_1013", wstest.CloseWith(1013, "try again later")},
		{"close_4001", wstest.CloseWith(4001, "token expired")},
		{"close_4029", wstest.CloseWith(4029, "slow down")},
		{"tcp_drop", wstest.Drop()},
		{"tcp_reset", wstest.Reset()},
		{"stall", wstest.Stall(3 * time.Second)},
		{"oversize", wstest.Send(big)},
		{"invalid_json", wstest.SendRaw([]byte(`{"type":"event","id":`))},
		{"invalid_utf8", wstest.SendRaw([]byte{'{', 0xff, 0xfe, '}'})},
		{"unknown_type", wstest.Send(`{"type":"nonsense"}`)},
	}
}

// connMeta remembers, per script index, which fault the script holds and at
// which step, so that it counts only when the script reached it.
type connMeta struct {
	kind string
	step int
}

func runSoak(t *testing.T, cfg soakConfig, seed uint64) soakResult {
	var rngMu sync.Mutex
	rnd := rand.New(rand.NewPCG(seed, seed^0x5eed))
	rng := func(n int) int {
		rngMu.Lock()
		defer rngMu.Unlock()
		return rnd.IntN(n)
	}
	led := newLedger()
	big := `{"type":"event","id":"big","room":"x","seq":1,"pad":"` + strings.Repeat("x", 300<<10) + `"}`
	faults := scriptFaults(big)
	var (
		quiesce     atomic.Bool
		outageUntil atomic.Int64
		metaMu      sync.Mutex
		meta        = map[int]connMeta{}
		outages     atomic.Int64
	)
	serve := func(msg []byte) []byte { return led.serve(rng, msg) }
	anyMsg := func([]byte) bool { return true }
	route := func(r *http.Request, n int) (wstest.Script, error) {
		room := r.URL.Query().Get("room")
		if room == "" {
			return nil, errors.New("no room")
		}
		if !quiesce.Load() && time.Now().UnixNano() < outageUntil.Load() {
			outages.Add(1)
			return wstest.Script{wstest.Reject(http.StatusServiceUnavailable)}, nil
		}
		led.mu.Lock()
		top := led.published[room]
		var seqs []int
		if quiesce.Load() || strings.HasPrefix(room, "k") {
			if top > 0 {
				seqs = []int{int(top)}
			}
		} else {
			m := 1 + rng(5)
			seqs = append(seqs, 1) // a replay (and the stream's start)
			for s := top + 1; s <= top+int64(m); s++ {
				if rng(4) == 0 && s != 1 {
					continue // a gap
				}
				seqs = append(seqs, int(s))
			}
			if top > 0 && rng(3) == 0 {
				seqs = append(seqs, 1+rng(int(top))) // a replay
			}
			led.published[room] = top + int64(m)
		}
		led.mu.Unlock()
		gen := func(seq int) []byte { return eventJSON(room, int64(seq)) }
		script := wstest.Script{wstest.Events(gen, seqs...)}
		if quiesce.Load() || strings.HasPrefix(room, "k") {
			return append(script, wstest.ReplyAll(nil, serve)), nil
		}
		for range rng(6) {
			script = append(script, wstest.Expect(anyMsg, 30*time.Second).Reply(serve))
		}
		if rng(5) > 0 {
			f := faults[rng(len(faults))]
			metaMu.Lock()
			meta[n] = connMeta{kind: f.kind, step: len(script)}
			metaMu.Unlock()
			script = append(script, f.step)
		}
		return append(script, wstest.ReplyAll(nil, serve)), nil
	}
	srv, err := wstest.Listen(&wstest.Options{Route: route, Record: wstest.RecordLimit{Off: true}, InboxBytes: 1 << 20, CloseTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	dir := t.TempDir()
	type client struct {
		room  string
		proxy *wstest.Proxy
		store *boltoutbox.Store
		c     *conn.Client
		d     *delivery
		mu    sync.Mutex
		sent  []string
	}
	clients := make([]*client, cfg.clients)
	for i := range clients {
		p, err := wstest.NewProxy(srv.Addr())
		if err != nil {
			t.Fatal(err)
		}
		st, err := boltoutbox.Open(filepath.Join(dir, fmt.Sprintf("c%d.db", i)), nil)
		if err != nil {
			t.Fatal(err)
		}
		cl := &client{room: fmt.Sprintf("c%d", i), proxy: p, store: st, d: newDelivery()}
		c, err := conn.New(p.URL()+"?room="+cl.room, soakOptions(cl.d, st))
		if err != nil {
			t.Fatal(err)
		}
		cl.c = c
		clients[i] = cl
		if err := c.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
	}

	// Senders: one command at a time per client, through the outbox.
	stop := make(chan struct{})
	var senders sync.WaitGroup
	for i, cl := range clients {
		senders.Go(func() {
			for k := 0; ; k++ {
				select {
				case <-stop:
					return
				case <-time.After(time.Duration(10+rng(40)) * time.Millisecond):
				}
				cmd := fmt.Sprintf("c%d-%d", i, k)
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				err := cl.c.Send(ctx, &sCmd{Room: cl.room, Cmd: cmd})
				cancel()
				if err == nil {
					cl.mu.Lock()
					cl.sent = append(cl.sent, cmd)
					cl.mu.Unlock()
				}
			}
		})
	}

	// External faults, at random, while the kill part runs alongside.
	kinds := map[string]int{}
	var kills int
	var killSent []string
	var killErr error
	var killWG sync.WaitGroup
	killWG.Go(func() { kills, killSent, killErr = runKills(t, srv, dir, cfg.kills, rng) })
	var blackholes sync.WaitGroup
	deadline := time.Now().Add(cfg.faultPhase)
	for time.Now().Before(deadline) {
		time.Sleep(cfg.faultEvery + time.Duration(rng(int(cfg.faultEvery))))
		cl := clients[rng(len(clients))]
		switch r := rng(100); {
		case r < 55:
			if cl.proxy.Stats().Active > 0 {
				cl.proxy.Cut()
				kinds["proxy_cut"]++
			}
		case r < 65:
			d := time.Duration(500+rng(2500)) * time.Millisecond
			cl.proxy.Blackhole(true)
			blackholes.Go(func() { // the stall ends on its own; faults go on
				time.Sleep(d)
				cl.proxy.Blackhole(false)
			})
			kinds["blackhole"]++
		case r < 72:
			if rng(2) == 0 {
				srv.Restart() // a crash: sessions and their unanswered messages are lost
				kinds["restart_crash"]++
			} else {
				srv.RestartWith(1012, "restart")
				kinds["restart_1012"]++
			}
		case r < 76:
			outageUntil.Store(time.Now().Add(time.Duration(300+rng(1500)) * time.Millisecond).UnixNano())
			kinds["outage_503"]++
		default:
			cl.proxy.Latency(time.Duration(rng(100)) * time.Millisecond)
		}
	}
	close(stop)
	blackholes.Wait()
	senders.Wait()
	killWG.Wait()
	if killErr != nil {
		t.Error(killErr)
	}

	// Quiesce: no more faults; every client reconnects to a clean server
	// that replays the stream's last event (a gap makes it ask for a
	// snapshot) and answers everything.
	quiesce.Store(true)
	outageUntil.Store(0)
	for _, cl := range clients {
		cl.proxy.Blackhole(false)
		cl.proxy.Latency(0)
		cl.proxy.Cut()
	}
	done := func(cl *client) bool {
		led.mu.Lock()
		top := led.published[cl.room]
		led.mu.Unlock()
		return cl.c.OutboxLen() == 0 && cl.d.missing(top) == 0
	}
	settle := time.Now().Add(90 * time.Second)
	for _, cl := range clients {
		for !done(cl) && time.Now().Before(settle) {
			time.Sleep(50 * time.Millisecond)
		}
	}

	res := soakResult{clients: len(clients) + 1, kills: kills, kinds: kinds}
	for _, cl := range clients {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		if err := cl.c.Close(ctx); err != nil {
			t.Errorf("%s: Close: %v", cl.room, err)
		}
		cancel()
		cl.store.Close()
		cl.proxy.Close()
		led.mu.Lock()
		top := led.published[cl.room]
		led.mu.Unlock()
		res.gaps += cl.d.missing(top)
		res.deliveredTwice += cl.d.twice
	}
	srv.Close()

	// Scripted faults count when their script reached them.
	for _, rec := range srv.Conns() {
		metaMu.Lock()
		m, ok := meta[rec.Script]
		metaMu.Unlock()
		if ok && rec.Status == http.StatusSwitchingProtocols && rec.Steps >= m.step {
			kinds[m.kind]++
		}
	}
	kinds["outage_503_refusals"] = int(outages.Load())
	for k, n := range kinds {
		if k != "outage_503_refusals" {
			res.faults += n
		}
	}

	// Judge from the ledger.
	var sent []string
	for _, cl := range clients {
		sent = append(sent, cl.sent...)
	}
	sent = append(sent, killSent...)
	res.sent = len(sent)
	led.mu.Lock()
	for _, cmd := range sent {
		switch len(led.applied[cmd]) {
		case 0:
			res.lost++
		case 1:
			res.appliedOnce++
		}
	}
	for _, keys := range led.applied {
		if len(keys) > 1 {
			res.appliedTwice++
		}
	}
	led.mu.Unlock()
	return res
}

// runKills runs the child client (TestSoakChild) on one outbox file and
// kills it with SIGKILL mid-send n times, then drains the file with a
// Client of this process. It returns the kills and the commands the child
// reported sent (Send returned nil: the command is in the file).
func runKills(t *testing.T, srv *wstest.Server, dir string, n int, rng func(int) int) (int, []string, error) {
	path := filepath.Join(dir, "kill.db")
	var sent []string
	next := 0
	kills := 0
	for kills < n {
		cmd := exec.Command(os.Args[0], "-test.run=^TestSoakChild$", "-test.v=false")
		cmd.Env = append(os.Environ(), "WSGEN_SOAK_CHILD="+path, "WSGEN_SOAK_URL="+srv.URL()+"?room=k0", "WSGEN_SOAK_FROM="+strconv.Itoa(next))
		out, err := cmd.StdoutPipe()
		if err != nil {
			return kills, sent, err
		}
		if err := cmd.Start(); err != nil {
			return kills, sent, err
		}
		lines := make(chan string)
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
		}()
		// Kill after a few sends, mid-send (the child sends back to back).
		want := 2 + rng(15)
		got := 0
		timeout := time.After(30 * time.Second)
	read:
		for got < want {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				if c, ok := strings.CutPrefix(l, "sent "); ok {
					sent = append(sent, c)
					got++
				}
			case <-timeout:
				break read
			}
		}
		cmd.Process.Signal(syscall.SIGKILL)
		for l := range lines { // what it printed before dying
			if c, ok := strings.CutPrefix(l, "sent "); ok {
				sent = append(sent, c)
			}
		}
		cmd.Wait()
		kills++
		next += 1000 // numbers of a killed child are never reused
	}
	// Drain: a Client of this process on the same file replays the rest.
	st, err := boltoutbox.Open(path, &boltoutbox.Options{LockTimeout: 10 * time.Second})
	if err != nil {
		return kills, sent, fmt.Errorf("reopen the killed child's outbox: %w", err)
	}
	defer st.Close()
	c, err := conn.New(srv.URL()+"?room=k0", soakOptions(newDelivery(), st))
	if err != nil {
		return kills, sent, err
	}
	c.Start(context.Background())
	deadline := time.Now().Add(60 * time.Second)
	for c.OutboxLen() > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := c.Close(ctx); err != nil {
		return kills, sent, err
	}
	return kills, sent, nil
}

// TestSoakChild is the child client of TestSoak's kill part: it sends
// commands through the bbolt outbox back to back and prints "sent CMD"
// after each Send that returned nil, until it is killed.
func TestSoakChild(t *testing.T) {
	path := os.Getenv("WSGEN_SOAK_CHILD")
	if path == "" {
		t.Skip("the child process of TestSoak")
	}
	from, _ := strconv.Atoi(os.Getenv("WSGEN_SOAK_FROM"))
	st, err := boltoutbox.Open(path, &boltoutbox.Options{LockTimeout: 10 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	c, err := conn.New(os.Getenv("WSGEN_SOAK_URL"), soakOptions(newDelivery(), st))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	c.Start(context.Background())
	for k := from; ; k++ {
		cmd := "k0-" + strconv.Itoa(k)
		if err := c.Send(context.Background(), &sCmd{Room: "k0", Cmd: cmd}); err == nil {
			fmt.Println("sent " + cmd)
		}
		time.Sleep(time.Millisecond)
	}
}
