package gateway_test

import (
	"errors"
	"testing"

	"github.com/wsgen/wsgen/generated/gateway"
	"github.com/wsgen/wsgen/internal/routetest"
)

// frames are real gateway frames (Discord's documented examples, trimmed), one per message.
var frames = []struct{ typ, frame string }{
	{"hello", `{"op":10,"d":{"heartbeat_interval":45000},"t":null,"s":null}`},
	{"heartbeat", `{"op":1,"d":251}`},
	{"heartbeat", `{"op":1,"d":null}`},
	{"heartbeat_ack", `{"t":null,"s":null,"op":11,"d":null}`},
	{"identify", `{"op":2,"d":{"token":"my_token","intents":513,"properties":{"os":"linux","browser":"disco","device":"disco"}}}`},
	{"resume", `{"op":6,"d":{"token":"randomstring","session_id":"evenmorerandomstring","seq":1337}}`},
	{"reconnect", `{"op":7,"d":null}`},
	{"invalid_session", `{"op":9,"d":false}`},
	{"READY", `{"t":"READY","s":1,"op":0,"d":{"v":10,"user":{"id":"80351110224678912","username":"Nelly"},"session_id":"e5f6a7b8","resume_gateway_url":"wss://gateway-us-east1-b.discord.gg"}}`},
	{"MESSAGE_CREATE", `{"op":0,"t":"MESSAGE_CREATE","s":42,"d":{"id":"1","channel_id":"2","author":{"id":"3","username":"ana"},"content":"hello","timestamp":"2026-12-03T20:00:00.000000+00:00"}}`},
	{"MESSAGE_DELETE", `{"op":0,"t":"MESSAGE_DELETE","s":43,"d":{"id":"1","channel_id":"2","guild_id":"9"}}`},
	{"GUILD_CREATE", `{"op":0,"t":"GUILD_CREATE","s":2,"d":{"id":"9","name":"wsgen","member_count":12}}`},
	{"TYPING_START", `{"op":0,"t":"TYPING_START","s":44,"d":{"channel_id":"2","user_id":"3","timestamp":1764792000}}`},
	{"other_event", `{"op":0,"t":"PRESENCE_UPDATE","s":45,"d":{"user":{"id":"3"},"status":"online"}}`},
}

func TestDecodeRealFrames(t *testing.T) {
	for _, tt := range frames {
		m, err := gateway.Decode([]byte(tt.frame))
		if err != nil {
			t.Errorf("Decode(%s) = %v", tt.frame, err)
			continue
		}
		if got := m.MessageType(); got != tt.typ {
			t.Errorf("Decode(%s).MessageType() = %q, want %q", tt.frame, got, tt.typ)
		}
		out, err := gateway.Encode(m)
		if err != nil {
			t.Errorf("Encode(Decode(%s)) = %v", tt.frame, err)
			continue
		}
		if m2, err := gateway.Decode(out); err != nil || m2.MessageType() != tt.typ {
			t.Errorf("Decode(Encode(Decode(%s))) = %v, %v", tt.frame, m2, err)
		}
	}
	m, _ := gateway.Decode([]byte(frames[9].frame))
	mc := m.(*gateway.MessageCreate)
	if mc.S != 42 || mc.D.Content != "hello" || mc.D.Author.Username != "ana" {
		t.Errorf("MESSAGE_CREATE decoded as %+v", mc)
	}
	if out, _ := gateway.Encode(&gateway.Hello{D: gateway.HelloD{HeartbeatInterval: 41250}}); string(out) != `{"op":10,"d":{"heartbeat_interval":41250}}` {
		t.Errorf("Encode(Hello) = %s: want op written first from its const", out)
	}
}

func TestRouteErrors(t *testing.T) {
	for _, tt := range []struct {
		name, frame string
		sentinel    error
		reason      string
	}{
		{"unknown op", `{"op":5,"d":null}`, gateway.ErrUnknownType, `no message matches (op=5, t absent)`},
		{"op not an integer", `{"op":"0","t":"READY","s":1,"d":{}}`, gateway.ErrUnknownType, `no message matches (op="0", t="READY")`},
		{"no op", `{"t":"READY","s":1,"d":{}}`, gateway.ErrUnknownType, `no message matches (t="READY", op absent)`},
		{"dispatch without t", `{"op":0,"s":1,"d":{}}`, gateway.ErrUnknownType, `no message matches (op=0, t absent)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := gateway.Decode([]byte(tt.frame))
			var de *gateway.DecodeError
			if !errors.Is(err, tt.sentinel) || !errors.As(err, &de) || de.Reason != tt.reason {
				t.Errorf("Decode(%s) = %v, want %v with reason %q", tt.frame, err, tt.sentinel, tt.reason)
			}
		})
	}
}

func TestDiffRouting(t *testing.T) {
	p := routetest.Load(t, "../../testdata/gateway/protocol.json")
	var fs [][]byte
	for _, tt := range frames {
		fs = append(fs, []byte(tt.frame))
	}
	n, valid := routetest.Diff(t, p, func(b []byte) (string, error) {
		m, err := gateway.Decode(b)
		if err != nil {
			return "", err
		}
		return m.MessageType(), nil
	}, fs)
	t.Logf("%d frames, %d valid", n, valid)
}

func FuzzDecode(f *testing.F) {
	for _, tt := range frames {
		f.Add([]byte(tt.frame))
	}
	p := routetest.Load(f, "../../testdata/gateway/protocol.json")
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := gateway.Decode(b)
		want, ok := routetest.Want(p, b)
		if err == nil && (!ok || m.MessageType() != want) && !routetest.WireOnly(b) {
			t.Errorf("Decode(%q) = %q, reference says %q, %v", b, m.MessageType(), want, ok)
		}
		if err != nil && ok && !routetest.WireOnly(b) {
			t.Errorf("Decode(%q) = %v, reference says a %q", b, err, want)
		}
	})
}
