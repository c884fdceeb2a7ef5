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
	"github.com/wsgen/wsgen/generated/chat"
)

// ackWait bounds the wait for pending acks after stdin ends.
const ackWait = 5 * time.Second

// client is the -url mode.
func client(ctx context.Context, cfg config, stdin io.Reader, out *emitter, stderr io.Writer) int {
	opts := &conn.Options{
		Protocol:      protocol(),
		Handler:       printer(out, nil),
		OnNotice:      out.notice,
		OnState:       out.state,
		SendPolicy:    cfg.policy,
		QueueMessages: cfg.queue,
		OutboxPath:    cfg.outbox,
	}
	if cfg.tokenCmd != "" {
		opts.Token = conn.TokenFunc(func(ctx context.Context) (string, time.Time, error) {
			b, err := exec.CommandContext(ctx, "sh", "-c", cfg.tokenCmd).Output()
			if err != nil {
				return "", time.Time{}, fmt.Errorf("token command: %w", err)
			}
			return strings.TrimSpace(string(b)), time.Time{}, nil
		})
	}
	c, err := conn.New(cfg.url, opts)
	if err != nil {
		fmt.Fprintln(stderr, "chat:", err)
		return 2
	}
	if err := c.Start(context.WithoutCancel(ctx)); err != nil {
		fmt.Fprintln(stderr, "chat:", err)
		return 1
	}

	lines, quit := make(chan string), make(chan struct{})
	defer close(quit)
	go func() { // ends at EOF or when client returns (a blocked read of a live stdin dies with the process)
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
	}()

	var pending sync.WaitGroup
	closeAndExit := func(code int) int {
		cctx, cancel := context.WithTimeout(context.Background(), ackWait)
		defer cancel()
		c.Close(cctx)
		pending.Wait() // the close failed whatever was still waiting
		if errors.As(c.Err(), new(*conn.FailedError)) {
			return 1
		}
		return code
	}
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				waitPending(&pending, ackWait)
				return closeAndExit(0)
			}
			if strings.TrimSpace(line) == "" {
				continue
			}
			send(ctx, c, line, out, &pending)
		case <-c.Done():
			pending.Wait()
			if c.Err() != nil {
				fmt.Fprintln(stderr, "chat:", c.Err())
				return 1
			}
			return 0
		case <-ctx.Done():
			return closeAndExit(0)
		}
	}
}

func waitPending(wg *sync.WaitGroup, d time.Duration) {
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
}

// send sends one stdin line: a request (waiting for its ack on a goroutine)
// when the message has a correlation id, else a plain send.
func send(ctx context.Context, c *conn.Client, line string, out *emitter, pending *sync.WaitGroup) {
	m, ref, err := prepare([]byte(line))
	if err != nil {
		out.emit(sendErrorLine{"send_error", ref, err.Error()})
		return
	}
	if ref == "" {
		if err := c.Send(ctx, m); err != nil {
			out.emit(sendErrorLine{"send_error", "", err.Error()})
		}
		return
	}
	call, err := c.Begin(ctx, m) // in stdin order; the ack is awaited apart
	if err != nil {
		out.emit(sendErrorLine{"send_error", ref, err.Error()})
		return
	}
	pending.Add(1)
	go func() {
		defer pending.Done()
		reply, err := call.Wait(ctx)
		out.reply(ref, reply, err)
	}()
}

// prepare decodes a client message, filling in its correlation id ("ref")
// and idempotency key ("key") when absent.
func prepare(line []byte) (conn.Message, string, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		return nil, "", fmt.Errorf("not a JSON object: %v", err)
	}
	var typ string
	json.Unmarshal(obj["type"], &typ)
	mi, ok := chat.LookupMessage(typ)
	if !ok {
		return nil, "", fmt.Errorf("unknown message type %q", typ)
	}
	if mi.Direction == "server" {
		return nil, "", fmt.Errorf("%q is a server message", typ)
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
	if err != nil {
		return nil, "", err
	}
	ref := ""
	if x, ok := m.(conn.Correlated); ok {
		ref = x.RoleCorrelationID()
	}
	return m, ref, nil
}
