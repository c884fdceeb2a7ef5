package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/wsgen/wsgen/conn"
)

// config is the parsed command line of the -url mode.
type config struct {
	url      string
	tokenCmd string
	policy   conn.SendPolicy
	queue    int
	outbox   string
}

// Exit codes.
const (
	exitOK          = 0
	exitFailed      = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// run is the whole program: main only wires the process in.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("chat", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	var policy string
	fs.StringVar(&cfg.url, "url", "", "WebSocket URL of a chat server (default: run the scripted story against an in-process server)")
	fs.StringVar(&cfg.tokenCmd, "token-cmd", "", "command run through sh -c whose trimmed stdout is the bearer token, run again on every refresh (default: no token)")
	fs.StringVar(&policy, "send-policy", "reject", "what sends do while not live: reject, queue or outbox")
	fs.IntVar(&cfg.queue, "queue", 0, "bound of the send queue, in messages (default 1000)")
	fs.StringVar(&cfg.outbox, "outbox", "", "bbolt file of the durable outbox (required with -send-policy outbox)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: chat [-url URL -token-cmd CMD [-send-policy reject|queue|outbox] [-queue N] [-outbox FILE]]\n\n")
		fmt.Fprintf(fs.Output(), "Without -url: a ~10 s scripted story against an in-process test server.\n")
		fmt.Fprintf(fs.Output(), "With -url: each stdin line is a JSON chat client message; one JSON event per line on stdout.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "chat: unexpected arguments %q\n", fs.Args())
		return exitUsage
	}
	p, err := conn.ParseSendPolicy(policy)
	if err != nil {
		fmt.Fprintln(stderr, "chat:", err)
		return exitUsage
	}
	cfg.policy = p
	switch {
	case cfg.queue < 0:
		fmt.Fprintln(stderr, "chat: -queue must not be negative")
		return exitUsage
	case cfg.policy == conn.SendOutbox && cfg.outbox == "":
		fmt.Fprintln(stderr, "chat: -send-policy outbox needs -outbox FILE")
		return exitUsage
	case cfg.url != "" && !strings.HasPrefix(cfg.url, "ws://") && !strings.HasPrefix(cfg.url, "wss://"):
		fmt.Fprintf(stderr, "chat: -url %q: want a ws:// or wss:// URL\n", cfg.url)
		return exitUsage
	case cfg.url == "" && (cfg.tokenCmd != "" || cfg.outbox != "" || cfg.queue != 0 || policy != "reject"):
		fmt.Fprintln(stderr, "chat: -token-cmd, -send-policy, -queue and -outbox need -url")
		return exitUsage
	}
	out := newEmitter(stdout)
	if cfg.url == "" {
		if err := story(ctx, out, storyPace); err != nil {
			fmt.Fprintln(stderr, "chat:", err)
			if ctx.Err() != nil {
				return exitInterrupted
			}
			return exitFailed
		}
		return exitOK
	}
	return client(ctx, cfg, stdin, out, stderr)
}

// storyPace is the length of the story's pauses; tests shorten it.
var storyPace = time.Second
