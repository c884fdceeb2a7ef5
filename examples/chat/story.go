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

const welcome = `{"type":"welcome","session":"story","heartbeat_ms":30000}`

// chatEvent is chat message seq of the lobby, with event id "m<seq>".
func chatEvent(seq int) []byte {
	return fmt.Appendf(nil, `{"type":"chat","id":"m%d","room":"lobby","seq":%d,"from":"ann","text":"lobby message number %d","sent_at":"2026-01-02T03:04:05Z"}`, seq, seq, seq)
}

// storyServer is the in-process chat server of the story: one script per
// connection, the client dialing through a fault proxy.
func storyServer(pace time.Duration, iss *wstest.TokenIssuer) (*wstest.Server, error) {
	ack := func(msg []byte) []byte {
		m, err := chat.Decode(msg)
		sc, ok := m.(*chat.SendChat)
		if err != nil || !ok {
			return nil
		}
		return fmt.Appendf(nil, `{"type":"ack","ref":%q,"ok":true}`, sc.Ref)
	}
	snapshot := func(msg []byte) []byte {
		m, err := chat.Decode(msg)
		req, ok := m.(*chat.SnapshotRequest)
		if err != nil || !ok {
			return nil
		}
		return fmt.Appendf(nil, `{"type":"snapshot","ref":%q,"room":%q,"seq":4,"messages":[%s,%s]}`,
			req.Ref, req.Room, chatEvent(3), chatEvent(4))
	}
	expect := func(typ string) *wstest.ExpectStep {
		return wstest.Expect(wstest.Contains(`"type":"`+typ+`"`), 10*time.Second+20*pace)
	}
	return wstest.Listen(&wstest.Options{Tokens: iss, Scripts: []wstest.Script{
		{ // act 1: messages, a replayed duplicate, a gap and its snapshot, an ack; the token expires
			wstest.Send(welcome),
			wstest.Send(`{"type":"presence","id":"p1","user":"bob","status":"online"}`),
			wstest.Events(chatEvent, 1, 2),
			wstest.Pause(pace),
			wstest.Events(chatEvent, 2, 5), // 2 again (a replay), then 5: 3 and 4 are missing
			expect("snapshot_request").Reply(snapshot),
			wstest.Events(chatEvent, 6),
			expect("send_chat").Reply(ack),
			wstest.Pause(pace),
			wstest.CloseWith(4001, "token expired"),
		},
		{ // act 2, with a fresh token: a replay, a stale event, an invalid frame; then the server restarts (1012)
			wstest.Send(welcome),
			wstest.Events(chatEvent, 6, 7),
			wstest.Send(`{"type":"chat","id":"m4-resent","room":"lobby","seq":4,"from":"ann","text":"an old one","sent_at":"2026-01-02T03:04:05Z"}`),
			wstest.Pause(pace),
			wstest.SendRaw([]byte(`{"type":"chat","id":"m8","room":"lobby","seq":8,"text":"cut off`)),
			wstest.Pause(pace),
			wstest.Events(chatEvent, 8),
		},
		{ // act 3, after the restart: a message; then the proxy cuts the TCP connection
			wstest.Send(welcome),
			wstest.Events(chatEvent, 9),
		},
		{ // act 4: a message, the client's last request and a typing indicator; the client closes (1001)
			wstest.Send(welcome),
			wstest.Pause(pace),
			wstest.Events(chatEvent, 10),
			expect("send_chat").Reply(ack),
		},
	}})
}

// story runs the scripted demonstration: an in-process server, a fault proxy
// in front of it, and the generated typed client. pace is the length of the
// pauses between acts (a second: about ten seconds in all).
func story(ctx context.Context, out *emitter, pace time.Duration) error {
	iss := wstest.NewTokenIssuer(nil)
	srv, err := storyServer(pace, iss)
	if err != nil {
		return err
	}
	defer srv.Close()
	proxy, err := wstest.NewProxy(srv.Addr())
	if err != nil {
		return err
	}
	defer proxy.Close()

	seqs := make(chan int64, 64) // the chat sequence numbers the handler printed
	h := &printer{out: out, seen: func(m chat.Message) {
		if c, ok := m.(*chat.Chat); ok {
			seqs <- c.Seq
		}
	}}
	var mu sync.Mutex
	issued := 0
	c, err := chat.NewClient(proxy.URL(), h, &conn.Options{
		OnState:  out.state,
		OnNotice: out.notice,
		Token: conn.TokenFunc(func(context.Context) (string, time.Time, error) {
			mu.Lock()
			issued++
			mu.Unlock()
			tok := iss.Issue(time.Hour)
			exp, _ := iss.Expiry(tok)
			return tok, exp, nil
		}),
		Backoff: &fsm.Backoff{Base: pace / 5, Cap: 2 * pace},
	})
	if err != nil {
		return err
	}
	if err := c.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	// However the story ends, the client is closed: 1001 going away.
	closed := false
	defer func() {
		if !closed {
			cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			c.Close(cctx)
		}
	}()

	waitSeq := func(want int64) error {
		t := time.NewTimer(10*time.Second + 20*pace)
		defer t.Stop()
		for {
			select {
			case s := <-seqs:
				if s >= want {
					return nil
				}
			case <-t.C:
				return fmt.Errorf("story: chat message %d never arrived", want)
			case <-ctx.Done():
				return ctx.Err()
			case <-c.Done():
				return errors.New("story: the client stopped")
			}
		}
	}
	pause := func() error {
		select {
		case <-time.After(pace):
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	live := func() error {
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second+20*pace)
		defer cancel()
		_, err := c.Wait(wctx, fsm.StateLive)
		return err
	}
	say := func(text string) error {
		if err := live(); err != nil {
			return err
		}
		rctx, cancel := context.WithTimeout(ctx, 10*time.Second+20*pace)
		defer cancel()
		m := &chat.SendChat{Room: "lobby", Text: text}
		ack, err := c.SendChat(rctx, m)
		if err != nil {
			out.sendError(m.Ref, err)
			return err
		}
		out.ack(ack)
		return nil
	}

	// Act 1 ends with the server's 4001: the client refreshes its token and dials again.
	if err := waitSeq(6); err != nil {
		return err
	}
	if err := pause(); err != nil {
		return err
	}
	if err := say("hello, lobby"); err != nil {
		return err
	}
	// Act 2 ends when the server restarts with 1012.
	if err := waitSeq(8); err != nil {
		return err
	}
	if err := pause(); err != nil {
		return err
	}
	if err := srv.RestartWith(1012, "service restart"); err != nil {
		return err
	}
	// Act 3 ends with an abrupt TCP drop: no close frame (1006).
	if err := waitSeq(9); err != nil {
		return err
	}
	if err := pause(); err != nil {
		return err
	}
	proxy.Cut()
	// Act 4: a last request, a typing indicator, and a going-away close.
	if err := waitSeq(10); err != nil {
		return err
	}
	if err := say("bye"); err != nil {
		return err
	}
	if err := c.Typing(ctx, &chat.Typing{Room: "lobby"}); err != nil {
		out.sendError("", err)
	}
	if err := pause(); err != nil {
		return err
	}
	closed = true
	cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Close(cctx); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	if issued < 2 {
		return fmt.Errorf("story: the token was fetched %d times, want a refresh after 4001", issued)
	}
	return nil
}
