package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/fsm"
	"github.com/wsgen/wsgen/generated/chat"
	"github.com/wsgen/wsgen/wstest"
)

func chatEvent(seq int) []byte {
	return fmt.Appendf(nil, `{"type":"chat","id":"m%d","room":"lobby","seq":%d,"from":"ann","text":"message %d","sent_at":"2026-01-02T03:04:05Z"}`, seq, seq, seq)
}

const welcome = `{"type":"welcome","session":"story","heartbeat_ms":30000}`

// story runs the scripted demonstration against an in-process server.
// pace is the length of the pauses between its acts.
func story(ctx context.Context, out *emitter, pace time.Duration) error {
	iss := wstest.NewTokenIssuer(nil)
	ack := func(msg []byte) []byte {
		m, err := chat.Decode(msg)
		if err != nil {
			return nil
		}
		return fmt.Appendf(nil, `{"type":"ack","ref":%q,"ok":true}`, m.(*chat.SendChat).Ref)
	}
	snapshot := func(msg []byte) []byte {
		m, err := chat.Decode(msg)
		if err != nil {
			return nil
		}
		req := m.(*chat.SnapshotRequest)
		return fmt.Appendf(nil, `{"type":"snapshot","ref":%q,"room":%q,"seq":4,"messages":[%s,%s]}`,
			req.Ref, req.Room, chatEvent(3), chatEvent(4))
	}
	srv, err := wstest.Listen(&wstest.Options{Tokens: iss, ExpireCode: 4001, Scripts: []wstest.Script{
		{ // messages, a replayed duplicate, a gap and its snapshot, a request; then the token expires (4001)
			wstest.Send(welcome),
			wstest.Events(func(seq int) []byte { return chatEvent(seq) }, 1, 2),
			wstest.Pause(pace / 2),
			wstest.Events(func(seq int) []byte { return chatEvent(seq) }, 2, 5),
			wstest.Expect(wstest.Contains(`"snapshot_request"`), 10*time.Second).Reply(snapshot),
			wstest.Events(func(seq int) []byte { return chatEvent(seq) }, 6),
			wstest.Expect(wstest.Contains(`"send_chat"`), 10*time.Second).Reply(ack),
		},
		{ // after the refresh: the server replays, then sends an invalid frame; then it restarts (1012)
			wstest.Send(welcome),
			wstest.Events(func(seq int) []byte { return chatEvent(seq) }, 5, 6, 7),
			wstest.Pause(pace / 2),
			wstest.SendRaw([]byte(`{"type":"chat","id":"m8","room":"lobby"`)),
			wstest.Events(func(seq int) []byte { return chatEvent(seq) }, 8),
		},
		{ // after the restart: one message, then the TCP connection drops
			wstest.Send(welcome),
			wstest.Events(func(seq int) []byte { return chatEvent(seq) }, 9),
			wstest.Pause(pace),
			wstest.Drop(),
		},
		{ // the last connection: a message and a request; then the client closes (1001)
			wstest.Send(welcome),
			wstest.Events(func(seq int) []byte { return chatEvent(seq) }, 10),
			wstest.Expect(wstest.Contains(`"send_chat"`), 10*time.Second).Reply(ack),
		},
	}})
	if err != nil {
		return err
	}
	defer srv.Close()

	var mu sync.Mutex
	tokens := 0
	seen := make(chan int64, 64)
	opts := &conn.Options{
		Protocol: protocol(),
		Handler: printer(out, func(m conn.Message) {
			if c, ok := m.(*chat.Chat); ok {
				seen <- c.Seq
			}
		}),
		OnNotice: out.notice,
		OnState:  out.state,
		Token: conn.TokenFunc(func(context.Context) (string, time.Time, error) {
			mu.Lock()
			defer mu.Unlock()
			tokens++
			ttl := time.Hour
			if tokens == 1 {
				ttl = 3 * pace // the first token expires during the story
			}
			tok := iss.Issue(ttl)
			exp, _ := iss.Expiry(tok)
			return tok, exp, nil
		}),
		Backoff: &fsm.Backoff{Base: pace / 4, Cap: pace},
	}
	c, err := conn.New(srv.URL(), opts)
	if err != nil {
		return err
	}
	if err := c.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	fail := func(err error) error {
		cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		c.Close(cctx)
		return err
	}
	waitSeq := func(want int64) error {
		t := time.NewTimer(30 * pace)
		defer t.Stop()
		for {
			select {
			case s := <-seen:
				if s >= want {
					return nil
				}
			case <-t.C:
				return fmt.Errorf("story: message %d never arrived", want)
			case <-ctx.Done():
				return ctx.Err()
			case <-c.Done():
				return errors.New("story: the client stopped")
			}
		}
	}
	request := func(text string) {
		m := &chat.SendChat{Room: "lobby", Text: text}
		rctx, cancel := context.WithTimeout(ctx, 10*pace)
		defer cancel()
		reply, err := c.Request(rctx, m)
		out.reply(m.Ref, reply, err)
	}

	if err := waitSeq(6); err != nil {
		return fail(err)
	}
	request("hello")
	if err := waitSeq(8); err != nil { // after the 4001 refresh
		return fail(err)
	}
	time.Sleep(pace / 2)
	if err := srv.RestartWith(1012, "service restart"); err != nil {
		return fail(err)
	}
	if err := waitSeq(10); err != nil { // after the restart and the drop
		return fail(err)
	}
	request("bye")
	cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return c.Close(cctx)
}
