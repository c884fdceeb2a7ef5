package schema

import (
	"strings"
	"testing"
)

// pingDoc is a protocol with a message "a" and the given $defs entries "ping" and
// "pong" (JSON object bodies).
func pingDoc(ping, pong string) string {
	return `{"x-wsgen": {"package": "p"},
  "oneOf": [{"$ref": "#/$defs/a"}, {"$ref": "#/$defs/ping"}, {"$ref": "#/$defs/pong"}],
  "$defs": {
    "a": {"type": "object", "properties": {"op": {"const": "a"}}, "required": ["op"]},
    "ping": ` + ping + `,
    "pong": ` + pong + `,
    "level": {"type": "string", "enum": ["x", "y"]}}}`
}

// evPing is a server message {"op": "ping", …} with the given heartbeat setting,
// extra properties and required members.
func evPing(hb, props, req string) string {
	return `{"type": "object", "x-wsgen": {"direction": "server", "heartbeat": ` + hb + `},
      "properties": {"op": {"const": "ping"}` + props + `}, "required": ["op"` + req + `]}`
}

// evPong is a client message {"op": "pong", …}.
func evPong(dir, props, req string) string {
	return `{"type": "object", "x-wsgen": {"direction": "` + dir + `"},
      "properties": {"op": {"const": "pong"}` + props + `}, "required": ["op"` + req + `]}`
}

func TestPingAccepted(t *testing.T) {
	for _, tt := range []struct {
		name, ping, pong string
		echo             string // "answer<-ping, …" as the model holds it
	}{
		{"no echo (Bybit)", evPing(`{"answer": "pong"}`, ``, ``), evPong("client", ``, ``), ""},
		{"HTX: ping member echoed as pong",
			`{"type": "object", "x-wsgen": {"direction": "server", "heartbeat": {"answer": "pong", "echo": {"pong": "ping"}}},
			  "properties": {"ping": {"type": "integer"}}, "required": ["ping"], "additionalProperties": false}`,
			`{"type": "object", "x-wsgen": {"direction": "client"},
			  "properties": {"pong": {"type": "integer"}}, "required": ["pong"], "additionalProperties": false}`,
			"pong<-ping"},
		{"same-named member, pong sent both ways",
			evPing(`{"answer": "pong", "echo": {"ts": "ts"}}`, `, "ts": {"type": "integer", "minimum": 0}`, `, "ts"`),
			evPong("both", `, "ts": {"type": "integer"}`, `, "ts"`), "ts<-ts"},
		{"equal constraints", evPing(`{"answer": "pong", "echo": {"ts": "ts"}}`, `, "ts": {"type": "integer", "minimum": 0}`, `, "ts"`),
			evPong("client", `, "ts": {"type": "integer", "minimum": 0}`, `, "ts"`), "ts<-ts"},
		{"required into optional, one enum type",
			evPing(`{"answer": "pong", "echo": {"lv": "lv", "id": "id"}}`, `, "lv": {"$ref": "#/$defs/level"}, "id": {"type": "string"}`, `, "lv", "id"`),
			evPong("client", `, "lv": {"$ref": "#/$defs/level"}, "id": {"type": "string"}`, ``), "lv<-lv,id<-id"},
		{"optional into optional", evPing(`{"answer": "pong", "echo": {"n": "n"}}`, `, "n": {"type": ["number", "null"]}`, ``),
			evPong("client", `, "n": {"type": ["number", "null"]}`, ``), "n<-n"},
		{"raw id", evPing(`{"answer": "pong", "echo": {"id": "id"}}`, `, "id": {"type": ["integer", "string"]}`, `, "id"`),
			evPong("client", `, "id": {"type": ["integer", "string"]}`, `, "id"`), "id<-id"},
		{"sensitive into sensitive",
			`{"type": "object", "x-wsgen": {"direction": "server", "sensitive": ["k"], "heartbeat": {"answer": "pong", "echo": {"k": "k"}}},
			  "properties": {"op": {"const": "ping"}, "k": {"type": "string"}}, "required": ["op", "k"]}`,
			`{"type": "object", "x-wsgen": {"direction": "client", "sensitive": ["k"]},
			  "properties": {"op": {"const": "pong"}, "k": {"type": "string"}}, "required": ["op", "k"]}`, "k<-k"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("p.json", []byte(pingDoc(tt.ping, tt.pong)))
			if err != nil {
				t.Fatal(err)
			}
			var ping *Message
			for _, m := range p.Messages {
				if m.Ping != nil {
					if ping != nil {
						t.Fatalf("messages %q and %q are both pings", ping.Name, m.Name)
					}
					ping = m
				}
			}
			if ping == nil || ping.Name != "ping" || ping.Ping.Answer.Name != "pong" {
				t.Fatalf("ping %+v, want message ping answered by pong", ping)
			}
			var echo []string
			for _, e := range ping.Ping.Echo {
				echo = append(echo, e.Answer.Name+"<-"+e.Ping.Name)
			}
			if got := strings.Join(echo, ","); got != tt.echo {
				t.Errorf("echo %q, want %q", got, tt.echo)
			}
			if ping.Heartbeat {
				t.Errorf("the ping is marked Heartbeat (the client's own heartbeat message)")
			}
		})
	}
}

func TestPingRefused(t *testing.T) {
	ts := `, "ts": {"type": "integer"}`
	for _, tt := range []struct{ name, ping, pong, want string }{
		{"heartbeat neither bool nor object", evPing(`"pong"`, ``, ``), evPong("client", ``, ``),
			`#/$defs/ping/x-wsgen/heartbeat: heartbeat must be true or false (the client's heartbeat message), or an object {answer, echo}`},
		{"unknown key", evPing(`{"answer": "pong", "every": 5}`, ``, ``), evPong("client", ``, ``),
			`#/$defs/ping/x-wsgen/heartbeat/every: unknown heartbeat key "every" (known: answer, echo)`},
		{"no answer", evPing(`{"echo": {}}`, ``, ``), evPong("client", ``, ``),
			`#/$defs/ping/x-wsgen/heartbeat: a heartbeat object needs "answer"`},
		{"answer not a name", evPing(`{"answer": 1}`, ``, ``), evPong("client", ``, ``),
			`#/$defs/ping/x-wsgen/heartbeat/answer: a heartbeat object needs "answer"`},
		{"answer not a message", evPing(`{"answer": "level"}`, ``, ``), evPong("client", ``, ``),
			`#/$defs/ping/x-wsgen/heartbeat/answer: answer names "level", which is not a message`},
		{"answer received only", evPing(`{"answer": "pong"}`, ``, ``), evPong("server", ``, ``),
			`#/$defs/ping/x-wsgen/heartbeat/answer: answer names "pong", which the client never sends (direction server)`},
		{"ping sent only by the client",
			`{"type": "object", "x-wsgen": {"direction": "client", "heartbeat": {"answer": "pong"}}, "properties": {"op": {"const": "ping"}}, "required": ["op"]}`,
			evPong("client", ``, ``), `#/$defs/ping/x-wsgen/heartbeat: a heartbeat object declares a ping of the server and the client's answer, but the client never receives "ping" (direction client)`},
		{"answers itself",
			`{"type": "object", "x-wsgen": {"heartbeat": {"answer": "ping"}}, "properties": {"op": {"const": "ping"}}, "required": ["op"]}`,
			evPong("client", ``, ``), `#/$defs/ping/x-wsgen/heartbeat/answer: "ping" cannot answer itself`},
		{"ping with a sequence",
			`{"type": "object", "x-wsgen": {"direction": "server", "stream": "s", "sequence": "n", "heartbeat": {"answer": "pong"}}, "properties": {"op": {"const": "ping"}, "s": {"type": "string"}, "n": {"type": "integer"}}, "required": ["op", "s", "n"]}`,
			evPong("client", ``, ``), `#/$defs/ping/x-wsgen/heartbeat: a ping is answered, never delivered: its sequence role`},
		{"ping is a reply",
			`{"type": "object", "x-wsgen": {"direction": "server", "correlationId": "id", "heartbeat": {"answer": "pong"}}, "properties": {"op": {"const": "ping"}, "id": {"type": "string"}}, "required": ["op", "id"]}`,
			`{"type": "object", "x-wsgen": {"direction": "client", "correlationId": "id", "reply": "ping"}, "properties": {"op": {"const": "pong"}, "id": {"type": "string"}}, "required": ["op"]}`,
			`#/$defs/ping/x-wsgen/heartbeat: "ping" is the reply to a request; a ping is answered, never delivered`},
		{"answer needs a value", evPing(`{"answer": "pong"}`, ts, `, "ts"`), evPong("client", ts, `, "ts"`),
			`#/$defs/ping/x-wsgen/heartbeat: the answer "pong" requires member "ts", which echo does not fill`},
		{"echo not an object", evPing(`{"answer": "pong", "echo": ["ts"]}`, ts, `, "ts"`), evPong("client", ts, ``),
			`#/$defs/ping/x-wsgen/heartbeat/echo: echo must be an object`},
		{"echo into a missing member", evPing(`{"answer": "pong", "echo": {"t": "ts"}}`, ts, `, "ts"`), evPong("client", ts, ``),
			`#/$defs/ping/x-wsgen/heartbeat/echo/t: "t" is not a property of the answer "pong"`},
		{"echo from a missing member", evPing(`{"answer": "pong", "echo": {"ts": "t"}}`, ts, `, "ts"`), evPong("client", ts, ``),
			`#/$defs/ping/x-wsgen/heartbeat/echo/ts: "t" is not a property of the ping "ping"`},
		{"echo from a non-name", evPing(`{"answer": "pong", "echo": {"ts": 1}}`, ts, `, "ts"`), evPong("client", ts, ``),
			`#/$defs/ping/x-wsgen/heartbeat/echo/ts: echo "ts" must name a member of the ping "ping"`},
		{"echo into a discriminator", evPing(`{"answer": "pong", "echo": {"op": "op"}}`, ``, ``), evPong("client", ``, ``),
			`#/$defs/ping/x-wsgen/heartbeat/echo/op: "op" is a discriminator of the answer "pong": its value is the message's const, never echoed`},
		{"integer into string", evPing(`{"answer": "pong", "echo": {"ts": "ts"}}`, ts, `, "ts"`), evPong("client", `, "ts": {"type": "string"}`, `, "ts"`),
			`#/$defs/ping/x-wsgen/heartbeat/echo/ts: the answer's "ts" cannot take the ping's "ts": they have different types (integer in the ping, string in the answer)`},
		{"integer into number", evPing(`{"answer": "pong", "echo": {"ts": "ts"}}`, ts, `, "ts"`), evPong("client", `, "ts": {"type": "number"}`, `, "ts"`),
			`they have different types (integer in the ping, number in the answer)`},
		{"nullable into non-null", evPing(`{"answer": "pong", "echo": {"ts": "ts"}}`, `, "ts": {"type": ["integer", "null"]}`, `, "ts"`), evPong("client", ts, `, "ts"`),
			`they have different types (null or integer in the ping, integer in the answer)`},
		{"optional into required", evPing(`{"answer": "pong", "echo": {"ts": "ts"}}`, ts, ``), evPong("client", ts, `, "ts"`),
			`#/$defs/ping/x-wsgen/heartbeat/echo/ts: the answer's "ts" cannot take the ping's "ts": the answer requires it but the ping's is optional`},
		{"stricter answer", evPing(`{"answer": "pong", "echo": {"ts": "ts"}}`, ts, `, "ts"`), evPong("client", `, "ts": {"type": "integer", "maximum": 99}`, `, "ts"`),
			`the answer's maximum may refuse a value the ping's allows`},
		{"other pattern", evPing(`{"answer": "pong", "echo": {"id": "id"}}`, `, "id": {"type": "string", "pattern": "^a"}`, `, "id"`), evPong("client", `, "id": {"type": "string", "pattern": "^b"}`, `, "id"`),
			`the answer's pattern may refuse a value the ping's allows`},
		{"two enum types", evPing(`{"answer": "pong", "echo": {"lv": "lv"}}`, `, "lv": {"$ref": "#/$defs/level"}`, `, "lv"`), evPong("client", `, "lv": {"type": "string", "enum": ["x", "y"]}`, `, "lv"`),
			`they are different enum types; give both members one $defs type`},
		{"objects of different schemas", evPing(`{"answer": "pong", "echo": {"o": "o"}}`, `, "o": {"type": "object"}`, `, "o"`), evPong("client", `, "o": {"type": "object"}`, `, "o"`),
			`objects, arrays and unions are echoed only between members of one $defs type`},
		{"sensitive into a logged member",
			`{"type": "object", "x-wsgen": {"direction": "server", "sensitive": ["k"], "heartbeat": {"answer": "pong", "echo": {"k": "k"}}},
			  "properties": {"op": {"const": "ping"}, "k": {"type": "string"}}, "required": ["op", "k"]}`,
			evPong("client", `, "k": {"type": "string"}`, `, "k"`),
			`the ping's is sensitive and the answer's is not, so the value would be logged`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("p.json", []byte(pingDoc(tt.ping, tt.pong)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}
