package main

import (
	"context"

	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/fsm"
	"github.com/wsgen/wsgen/generated/chat"
)

// protocol wires the generated chat package into the runtime: codec,
// snapshot request and reply, reply types and close codes. (A generated
// typed client will provide this; the example builds it by hand.)
func protocol() *conn.Protocol {
	var rules []fsm.CloseRule
	for _, cc := range chat.CloseCodes {
		a, err := fsm.ParseCloseAction(cc.Action)
		if err != nil {
			continue
		}
		rules = append(rules, fsm.CloseRule{Code: cc.Code, Name: cc.Name, Action: a, MinDelay: cc.MinDelay})
	}
	var replies []string
	for _, mi := range chat.Messages {
		if mi.Inbound && mi.CorrelationID != "" {
			replies = append(replies, mi.Type)
		}
	}
	return &conn.Protocol{
		Codec: conn.CodecOf(chat.Decode, chat.Encode),
		SnapshotRequest: func(room string, after int64) conn.Message {
			return chat.NewSnapshotRequest(room, after)
		},
		SnapshotReplyType: chat.SnapshotReplyType,
		ReplyTypes:        replies,
		CloseRules:        rules,
	}
}

// printer is the Handler: every delivered message becomes a line; an ack
// nobody waits for (an outbox entry replayed by an earlier run) too.
func printer(out *emitter, seen func(conn.Message)) conn.Handler {
	return conn.HandlerFunc(func(_ context.Context, m conn.Message) error {
		if a, ok := m.(*chat.Ack); ok {
			out.reply(a.Ref, a, nil)
		} else {
			out.message(m)
		}
		if seen != nil {
			seen(m)
		}
		return nil
	})
}
