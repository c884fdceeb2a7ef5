package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/conn/boltoutbox"
	"github.com/wsgen/wsgen/fsm"
	"github.com/wsgen/wsgen/generated/chat"
)

// ackWait bounds the wait for pending acks after stdin ends (tests shorten it).
var ackWait = 5 * time.Second

// tokenCmd is a TokenSource running cmd through sh -c; the trimmed standard
// output is the token. Its standard error is discarded (it could hold the
// secret); a failure reports the exit status only.
func tokenCmd(cmd string) conn.TokenSource {
	return conn.TokenFunc(func(ctx context.Context) (string, time.Time, error) {
		b, err := exec.CommandContext(ctx, "sh", "-c", cmd).Output()
		if err != nil {
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				return "", time.Time{}, fmt.Errorf("token command: %s", ee.ProcessState)
			}
			return "", time.Time{}, fmt.Errorf("token command: %w", err)
		}
		tok := strings.TrimSpace(string(b))
		if tok == "" {
			return "", time.Time{}, errors.New("token command printed nothing")
		}
		return tok, time.Time{}, nil
	})
}

// client is the -url mode: stdin lines out, events in, until stdin ends or
// the client fails.
func client(ctx context.Context, cfg config, stdin io.Reader, out *emitter, stderr io.Writer) int {
	earlier := map[string]bool{} // refs of the outbox entries of earlier runs
	opts := &conn.Options{
		OnNotice:      out.notice,
		OnState:       out.state,
		SendPolicy:    cfg.policy,
		QueueMessages: cfg.queue,
	}
	if cfg.policy == conn.SendOutbox {
		ob, err := boltoutbox.Open(cfg.outbox, nil)
		if err != nil {
			fmt.Fprintln(stderr, "chat:", err)
			return exitUsage
		}
		defer ob.Close() // every return below comes after the client's Close (or its end)
		opts.Outbox = ob
		entries, err := ob.Entries(ctx)
		if err != nil {
			fmt.Fprintln(stderr, "chat:", err)
			return exitUsage
		}
		for _, e := range entries {
			earlier[e.Ref] = true
		}
	}
	if cfg.tokenCmd != "" {
		opts.Token = tokenCmd(cfg.tokenCmd)
	}
	s := &session{out: out, outbox: cfg.policy == conn.SendOutbox, earlier: earlier, replaysDone: make(chan struct{})}
	c, err := chat.NewClient(cfg.url, &printer{out: out, seen: s.replayed}, opts)
	if err != nil {
		fmt.Fprintln(stderr, "chat:", err)
		return exitUsage
	}
	// Outbox entries left by an earlier run are replayed once connected; their
	// acks (an ack whose ref is one of theirs) are awaited at EOF like those
	// of this run's lines. Read before Start, so before this run puts any
	// entry (none under other policies).
	if len(s.earlier) == 0 {
		close(s.replaysDone)
	}
	s.c = c
	if err := c.Start(context.WithoutCancel(ctx)); err != nil {
		fmt.Fprintln(stderr, "chat:", err)
		return exitFailed
	}
	// finish closes with 1001 and picks the exit code.
	finish := func(code int) int {
		cctx, cancel := context.WithTimeout(context.Background(), ackWait)
		defer cancel()
		c.Close(cctx)
		s.pending.Wait() // the close ended whatever was still waiting
		if failed(c) {
			return exitFailed
		}
		return code
	}

	// Under reject a line sent before the first connection could only be
	// refused, so stdin is read once the client is first live; after that a
	// line sent while reconnecting gets its send_error (the policy working).
	// Under queue and outbox it is read at once: lines are queued or persisted
	// and go out on the first socket.
	if cfg.policy == conn.SendReject {
		if _, err := c.Wait(ctx, fsm.StateLive); err != nil {
			if failed(c) {
				fmt.Fprintln(stderr, "chat:", c.Err())
				return finish(exitFailed)
			}
			return finish(exitInterrupted)
		}
	}

	lines := make(chan string)
	quit := make(chan struct{})
	defer close(quit)
	var readErr error // set before lines is closed
	go func() {       // ends at EOF or when client returns (a read blocked on a live terminal ends with the process)
		defer close(lines)
		sc := bufio.NewScanner(stdin)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-quit:
				return
			}
		}
		readErr = sc.Err()
	}()

	for {
		select {
		case line, ok := <-lines:
			if !ok {
				if readErr != nil {
					fmt.Fprintln(stderr, "chat: stdin:", readErr)
				}
				if !s.waitPending(ackWait, c.Done()) {
					fmt.Fprintln(stderr, "chat: some acks did not arrive within", ackWait)
				}
				return finish(exitOK)
			}
			if strings.TrimSpace(line) != "" {
				s.send(ctx, line)
			}
		case <-c.Done():
			s.pending.Wait()
			if err := c.Err(); err != nil {
				fmt.Fprintln(stderr, "chat:", err)
				return exitFailed
			}
			return exitOK
		case <-ctx.Done():
			return finish(exitInterrupted)
		}
	}
}

func failed(c *chat.Client) bool {
	s, _ := c.State()
	return s == fsm.StateFailed
}

// session sends stdin lines and tracks the acks still awaited.
type session struct {
	c       *chat.Client
	out     *emitter
	pending sync.WaitGroup // this run's requests
	outbox  bool           // send_chat lines are persisted (-send-policy outbox)
	// earlier holds the refs of the outbox entries of earlier runs not yet
	// acknowledged; replaysDone is closed when it becomes empty.
	mu          sync.Mutex
	earlier     map[string]bool
	replaysDone chan struct{}
}

// replayed sees the messages nobody waits for (the printer's seen hook): an
// ack whose ref is an earlier run's entry acknowledges it; an ack of any
// other ref acknowledges nothing.
func (s *session) replayed(m chat.Message) {
	a, ok := m.(*chat.Ack)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.earlier[a.Ref] {
		delete(s.earlier, a.Ref)
		if len(s.earlier) == 0 {
			close(s.replaysDone)
		}
	}
}

// send sends one stdin line. A request (send_chat, snapshot_request) goes out
// through conn's Begin, so lines leave in stdin order while their replies are
// awaited apart; other messages through the typed sender.
func (s *session) send(ctx context.Context, line string) {
	m, ref, err := prepare([]byte(line))
	if err != nil {
		s.out.sendError(ref, err)
		return
	}
	switch m := m.(type) {
	case *chat.SendChat, *chat.SnapshotRequest:
		call, err := s.c.Conn().Begin(ctx, m)
		if err != nil {
			s.out.sendError(ref, err)
			return
		}
		s.pending.Add(1)
		go func() {
			defer s.pending.Done()
			reply, err := call.Wait(ctx)
			if err != nil {
				if _, kept := m.(*chat.SendChat); kept && s.outbox && errors.Is(err, conn.ErrClosed) {
					err = fmt.Errorf("%w; kept in the outbox for the next run", err)
				}
				s.out.sendError(ref, err)
				return
			}
			switch r := reply.(type) {
			case *chat.Ack:
				s.out.ack(r)
			default: // the snapshot answering a snapshot_request
				s.out.emit(ackLine{"ack", ref, true})
			}
		}()
	case *chat.Typing:
		if err := s.c.Typing(ctx, m); err != nil {
			s.out.sendError("", err)
		}
	}
}

// waitPending waits at most d for the awaited acks, or until stop; it reports
// whether they all came.
func (s *session) waitPending(d time.Duration, stop <-chan struct{}) bool {
	done := make(chan struct{})
	go func() { // ends at the latest when the close fails what is still waiting
		s.pending.Wait()
		close(done)
	}()
	t := time.NewTimer(d)
	defer t.Stop()
	for _, ch := range []chan struct{}{done, s.replaysDone} {
		select {
		case <-ch:
		case <-stop:
			return false
		case <-t.C:
			return false
		}
	}
	return true
}

// prepare decodes a client message, filling in its correlation id ("ref")
// and idempotency key ("key") when absent, and returns it with its ref.
func prepare(line []byte) (chat.Message, string, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		return nil, "", errors.New("not a JSON object")
	}
	var typ string
	json.Unmarshal(obj["type"], &typ)
	mi, ok := chat.LookupMessage(typ)
	switch {
	case !ok:
		return nil, "", fmt.Errorf("unknown message type %q", typ)
	case !(mi.Direction == "client" || mi.Direction == "both"):
		return nil, "", fmt.Errorf("%q is not a client message", typ)
	}
	for _, member := range []string{mi.CorrelationID, mi.IdempotencyKey} {
		if _, set := obj[member]; member != "" && !set {
			obj[member], _ = json.Marshal(rand.Text())
		}
	}
	data, err := json.Marshal(obj)
	if err != nil {
		return nil, "", err
	}
	m, err := chat.Decode(data)
	ref := ""
	if mi.CorrelationID != "" {
		json.Unmarshal(obj[mi.CorrelationID], &ref)
	}
	if err != nil {
		return nil, ref, err
	}
	return m, ref, nil
}
