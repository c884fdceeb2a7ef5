package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os/signal"
	"syscall"
	"time"

	"github.com/wsgen/wsgen/conn"
)

// config is the parsed command line.
type config struct {
	url      string
	tokenCmd string
	policy   conn.SendPolicy
	queue    int
	outbox   string
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("chat", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	var policy string
	fs.StringVar(&cfg.url, "url", "", "WebSocket URL of a chat server (default: run the built-in story against an in-process server)")
	fs.StringVar(&cfg.tokenCmd, "token-cmd", "", "command run through sh -c whose trimmed stdout is the bearer token; run again on every refresh")
	fs.StringVar(&policy, "send-policy", "reject", "what sends do while not live: reject, queue or outbox")
	fs.IntVar(&cfg.queue, "queue", 0, "bound of the send queue in messages (default 1000)")
	fs.StringVar(&cfg.outbox, "outbox", "", "bbolt file of the outbox (with -send-policy outbox)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: chat [-url URL -token-cmd CMD [-send-policy reject|queue|outbox] [-queue N] [-outbox FILE]]\n\n")
		fmt.Fprintf(stderr, "Without -url, runs a scripted story against an in-process wstest server.\n")
		fmt.Fprintf(stderr, "With -url, sends each stdin line (a JSON client message) and prints one JSON event per line.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	p, err := conn.ParseSendPolicy(policy)
	if err != nil {
		fmt.Fprintln(stderr, "chat:", err)
		return 2
	}
	cfg.policy = p
	if cfg.policy == conn.SendOutbox && cfg.outbox == "" {
		fmt.Fprintln(stderr, "chat: -send-policy outbox needs -outbox FILE")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	out := newEmitter(stdout)
	if cfg.url == "" {
		if err := story(ctx, out, storyPace); err != nil {
			fmt.Fprintln(stderr, "chat:", err)
			return 1
		}
		return 0
	}
	return client(ctx, cfg, stdin, out, stderr)
}

// storyPace scales the pauses of the story (tests shorten it).
var storyPace = time.Second
