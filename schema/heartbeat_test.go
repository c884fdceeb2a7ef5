package schema

import (
	"strings"
	"testing"
	"time"
)

// heartbeatDoc is a protocol with the root heartbeat setting hb and a client message
// "beat" with the given extra x-wsgen, properties and required members.
func heartbeatDoc(hb, beatX, beatProps, beatRequired string) string {
	return `{"x-wsgen": {"package": "p", "heartbeat": ` + hb + `},
  "oneOf": [{"$ref": "#/$defs/a"}, {"$ref": "#/$defs/beat"}, {"$ref": "#/$defs/beat2"}],
  "$defs": {
    "a": {"type": "object", "properties": {"type": {"const": "a"}}, "required": ["type"]},
    "beat": {"type": "object", "x-wsgen": {"direction": "client"` + beatX + `},
      "properties": {"type": {"const": "beat"}` + beatProps + `}, "required": ["type"` + beatRequired + `]},
    "beat2": {"type": "object", "x-wsgen": {"direction": "server", "heartbeat": true},
      "properties": {"type": {"const": "beat2"}}, "required": ["type"]}}}`
}

func TestHeartbeatSetting(t *testing.T) {
	for _, tt := range []struct {
		name, hb, beatX, props, req string
		want                        Heartbeat
		msg                         string
	}{
		{"literals", `{"ping": "ping", "pong": "pong"}`, ``, ``, ``, Heartbeat{Ping: "ping", Pong: "pong"}, ""},
		{"literal ping on a timer", `{"ping": "PING", "intervalMs": 30000}`, ``, ``, ``, Heartbeat{Ping: "PING", Interval: 30 * time.Second}, ""},
		{"json message on a timer", `{"intervalMs": 20000}`, `, "heartbeat": true`, `, "n": {"type": "integer"}`, ``, Heartbeat{Interval: 20 * time.Second}, "beat"},
		{"json message without a timer", `{"pong": "pong"}`, `, "heartbeat": true`, ``, ``, Heartbeat{Pong: "pong"}, ""},
	} {
		p, err := Parse("p.json", []byte(heartbeatDoc(tt.hb, tt.beatX, tt.props, tt.req)))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		h := p.Heartbeat
		if h == nil || h.Ping != tt.want.Ping || h.Pong != tt.want.Pong || h.Interval != tt.want.Interval {
			t.Errorf("%s: heartbeat %+v, want %+v", tt.name, h, tt.want)
			continue
		}
		if got := ""; h.Message != nil || tt.msg != "" {
			if h.Message != nil {
				got = h.Message.Name
			}
			if got != tt.msg {
				t.Errorf("%s: heartbeat message %q, want %q", tt.name, got, tt.msg)
			}
		}
	}
}

func TestHeartbeatRefused(t *testing.T) {
	for _, tt := range []struct{ hb, beatX, props, req, want string }{
		{`"ping"`, ``, ``, ``, `#/x-wsgen/heartbeat: heartbeat must be an object {ping, pong, intervalMs}`},
		{`{"ping": "x", "every": 5}`, ``, ``, ``, `#/x-wsgen/heartbeat/every: unknown heartbeat key "every" (known: intervalMs, ping, pong)`},
		{`{"ping": ""}`, ``, ``, ``, `#/x-wsgen/heartbeat/ping: ping must be a non-empty text frame of at most 125 bytes`},
		{`{"pong": "` + strings.Repeat("x", 126) + `"}`, ``, ``, ``, `pong must be a non-empty text frame of at most 125 bytes`},
		{`{"ping": "p", "pong": "p"}`, ``, ``, ``, `#/x-wsgen/heartbeat: ping and pong are the same frame "p"`},
		{`{"ping": "p", "intervalMs": 10}`, ``, ``, ``, `#/x-wsgen/heartbeat/intervalMs: intervalMs must be an integer of milliseconds from 100 to 3600000`},
		{`{"ping": "p", "intervalMs": 1.5}`, ``, ``, ``, `intervalMs must be an integer of milliseconds`},
		{`{"intervalMs": 1000}`, ``, ``, ``, `#/x-wsgen/heartbeat/intervalMs: an interval needs something to send: a ping literal, or a message the client sends marked x-wsgen heartbeat`},
		{`{"intervalMs": 1000}`, `, "heartbeat": true`, `, "n": {"type": "integer"}`, `, "n"`, `#/$defs/beat/x-wsgen/heartbeat: the client sends "beat" every heartbeat interval, built with no values, but it requires member "n"`},
	} {
		_, err := Parse("p.json", []byte(heartbeatDoc(tt.hb, tt.beatX, tt.props, tt.req)))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("heartbeat %s: error %v, want one containing %q", tt.hb, err, tt.want)
		}
	}
}
