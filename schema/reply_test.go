package schema_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/schema"
)

// replyProtocol is a protocol whose "req" message carries the x-wsgen settings
// reqSettings; "ack" and "note" answer or not, "push" is a client message.
func replyProtocol(reqSettings string) []byte {
	return []byte(`{"oneOf": [{"$ref": "#/$defs/req"}, {"$ref": "#/$defs/ack"}, {"$ref": "#/$defs/nack"}, {"$ref": "#/$defs/note"}, {"$ref": "#/$defs/push"}],
	"x-wsgen": {"package": "p"},
	"$defs": {
		"req": {"type": "object", "x-wsgen": ` + reqSettings + `, "properties": {"type": {"const": "req"}, "ref": {"type": "string"}}, "required": ["type"]},
		"ack": {"type": "object", "x-wsgen": {"direction": "server", "correlationId": "ref"}, "properties": {"type": {"const": "ack"}, "ref": {"type": "string"}}, "required": ["type", "ref"]},
		"nack": {"type": "object", "x-wsgen": {"direction": "both", "correlationId": "ref"}, "properties": {"type": {"const": "nack"}, "ref": {"type": "string"}}, "required": ["type", "ref"]},
		"note": {"type": "object", "x-wsgen": {"direction": "server"}, "properties": {"type": {"const": "note"}}, "required": ["type"]},
		"push": {"type": "object", "x-wsgen": {"direction": "client", "correlationId": "ref"}, "properties": {"type": {"const": "push"}, "ref": {"type": "string"}}, "required": ["type"]},
		"shared": {"type": "string"}
	}}`)
}

func TestReply(t *testing.T) {
	for _, tt := range []struct {
		name, settings string
		replies        []string // the model's Replies when accepted
		errs           []string // "pointer: reason" when refused
	}{
		{name: "one", settings: `{"direction": "client", "correlationId": "ref", "reply": "ack"}`, replies: []string{"ack"}},
		{name: "list", settings: `{"direction": "both", "correlationId": "ref", "reply": ["nack", "ack"]}`, replies: []string{"nack", "ack"}},
		{name: "none", settings: `{"direction": "client", "correlationId": "ref"}`},
		{name: "missing message", settings: `{"direction": "client", "correlationId": "ref", "reply": "nope"}`,
			errs: []string{`#/$defs/req/x-wsgen/reply: reply names "nope", which is not a message (a $defs entry listed in the root oneOf)`}},
		{name: "shared type", settings: `{"direction": "client", "correlationId": "ref", "reply": ["ack", "shared"]}`,
			errs: []string{`#/$defs/req/x-wsgen/reply/1: reply names "shared", which is not a message (a $defs entry listed in the root oneOf)`}},
		{name: "not inbound", settings: `{"direction": "client", "correlationId": "ref", "reply": "push"}`,
			errs: []string{`#/$defs/req/x-wsgen/reply: reply names "push", which the client never receives (direction client)`}},
		{name: "reply without correlation id", settings: `{"direction": "client", "correlationId": "ref", "reply": "note"}`,
			errs: []string{`#/$defs/req/x-wsgen/reply: reply names "note", which has no correlationId role to say which request it answers`}},
		{name: "request without correlation id", settings: `{"direction": "client", "reply": "ack"}`,
			errs: []string{`#/$defs/req/x-wsgen/reply: a message with a reply needs a correlationId role to match the reply to it`}},
		{name: "server message", settings: `{"direction": "server", "correlationId": "ref", "reply": "ack"}`,
			errs: []string{`#/$defs/req/x-wsgen/reply: a message with a reply is sent by the client: direction must be client or both`}},
		{name: "twice", settings: `{"direction": "client", "correlationId": "ref", "reply": ["ack", "ack"]}`,
			errs: []string{`#/$defs/req/x-wsgen/reply/1: reply lists "ack" twice`}},
		{name: "not a name", settings: `{"direction": "client", "correlationId": "ref", "reply": 3}`,
			errs: []string{`#/$defs/req/x-wsgen/reply: reply must name a message or list messages (their $defs names)`}},
		{name: "empty list", settings: `{"direction": "client", "correlationId": "ref", "reply": []}`,
			errs: []string{`#/$defs/req/x-wsgen/reply: reply must name a message or list messages (their $defs names)`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := schema.Parse("p.json", replyProtocol(tt.settings))
			if tt.errs != nil {
				if err == nil {
					t.Fatalf("Parse accepted reply settings %s, want refusal %q", tt.settings, tt.errs)
				}
				var got []string
				for _, line := range strings.Split(err.Error(), "\n") {
					got = append(got, strings.TrimPrefix(line, "p.json:"))
				}
				if diff := cmp.Diff(tt.errs, got); diff != "" {
					t.Errorf("errors (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range p.Message("req").Replies {
				got = append(got, r.Name)
			}
			if diff := cmp.Diff(tt.replies, got); diff != "" {
				t.Errorf("Replies (-want +got):\n%s", diff)
			}
		})
	}
}

func TestChatReplies(t *testing.T) {
	p, err := schema.Load("../testdata/chat/protocol.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ msg, reply string }{{"send_chat", "ack"}, {"snapshot_request", "snapshot"}} {
		r := p.Message(tt.msg).Replies
		if len(r) != 1 || r[0].Name != tt.reply {
			t.Errorf("%s replies = %v, want [%s]", tt.msg, r, tt.reply)
		}
	}
	if r := p.Message("typing").Replies; len(r) != 0 {
		t.Errorf("typing replies = %v, want none", r)
	}
}
