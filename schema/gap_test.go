package schema_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wsgen/wsgen/schema"
)

// gapProto is a protocol whose message "ev" (direction dir) has stream and sequence
// roles, with root x-wsgen members xw; with snapshot, it also declares a snapshot
// request "req" and reply "rep".
func gapProto(dir, xw string, snapshot bool) string {
	if xw != "" {
		xw = ", " + xw
	}
	refs := `{"$ref": "#/$defs/ev"}`
	defs := `"ev": {"type": "object", "x-wsgen": {"direction": "` + dir + `", "stream": "s", "sequence": "n"}, "required": ["type", "s", "n"],
	  "properties": {"type": {"const": "ev"}, "s": {"type": "string"}, "n": {"type": "integer"}}}`
	if snapshot {
		refs += `, {"$ref": "#/$defs/req"}, {"$ref": "#/$defs/rep"}`
		defs += `, "req": {"type": "object", "x-wsgen": {"direction": "client", "snapshot": "request", "stream": "s", "sequence": "after"}, "required": ["type", "s", "after"],
	  "properties": {"type": {"const": "req"}, "s": {"type": "string"}, "after": {"type": "integer"}}},
	"rep": {"type": "object", "x-wsgen": {"direction": "server", "snapshot": "reply", "stream": "s", "sequence": "upto"}, "required": ["type", "s", "upto"],
	  "properties": {"type": {"const": "rep"}, "s": {"type": "string"}, "upto": {"type": "integer"}}}`
	}
	return `{"x-wsgen": {"package": "p"` + xw + `}, "oneOf": [` + refs + `], "$defs": {` + defs + `}}`
}

// TestGapPolicyRefused: a protocol whose inbound messages carry a sequence role must say
// how a gap is recovered, with a policy it can carry out and a sane timeout.
func TestGapPolicyRefused(t *testing.T) {
	for _, tt := range []struct {
		name, data string
		want       []string
	}{
		{"sequence without a policy", gapProto("server", "", false),
			[]string{`h.json:#/$defs/ev/x-wsgen/sequence: message ev has a sequence role but the protocol has no gap policy`, `"snapshot"`, `"skip"`, `"reconnect"`}},
		{"sequence on a both-ways message without a policy", gapProto("both", "", false),
			[]string{`#/$defs/ev/x-wsgen/sequence: message ev has a sequence role but the protocol has no gap policy`}},
		{"gap object without a policy", gapProto("server", `"gap": {"timeout": "2s"}`, false),
			[]string{`#/$defs/ev/x-wsgen/sequence: message ev has a sequence role but the protocol has no gap policy`}},
		{"snapshot policy without snapshot messages", gapProto("server", `"gap": {"policy": "snapshot"}`, false),
			[]string{`h.json:#/x-wsgen/gap/policy: gap policy snapshot needs a snapshot request and reply`}},
		{"unknown policy", gapProto("server", `"gap": {"policy": "ignore"}`, false),
			[]string{`#/x-wsgen/gap/policy: gap policy must be "snapshot", "skip" or "reconnect"`}},
		{"policy not a string", gapProto("server", `"gap": {"policy": 1}`, false),
			[]string{`#/x-wsgen/gap/policy: gap policy must be`}},
		{"gap not an object", gapProto("server", `"gap": "skip"`, false),
			[]string{`#/x-wsgen/gap: gap must be an object`}},
		{"unknown gap key", gapProto("server", `"gap": {"policy": "skip", "retries": 3}`, false),
			[]string{`#/x-wsgen/gap/retries: unknown gap key "retries" (known: policy, timeout)`}},
		{"zero timeout", gapProto("server", `"gap": {"policy": "skip", "timeout": "0s"}`, false),
			[]string{`#/x-wsgen/gap/timeout: gap timeout 0s is out of range: it must be between 10ms and 1h0m0s`}},
		{"negative timeout", gapProto("server", `"gap": {"policy": "skip", "timeout": "-5s"}`, false),
			[]string{`#/x-wsgen/gap/timeout: gap timeout -5s is out of range`}},
		{"absurd timeout", gapProto("server", `"gap": {"policy": "skip", "timeout": "2400h"}`, false),
			[]string{`#/x-wsgen/gap/timeout: gap timeout 2400h is out of range`}},
		{"timeout without a unit", gapProto("server", `"gap": {"policy": "skip", "timeout": "5"}`, false),
			[]string{`#/x-wsgen/gap/timeout: gap timeout must be a duration string such as "5s"`}},
		{"numeric timeout", gapProto("server", `"gap": {"policy": "skip", "timeout": 5000}`, false),
			[]string{`#/x-wsgen/gap/timeout: gap timeout must be a duration string`}},
		{"timeout with reconnect", gapProto("server", `"gap": {"policy": "reconnect", "timeout": "5s"}`, false),
			[]string{`#/x-wsgen/gap/timeout: gap policy reconnect reconnects at once: a timeout has no effect`}},
		{"gap without an inbound sequence role", gapProto("client", `"gap": {"policy": "skip"}`, false),
			[]string{`#/x-wsgen/gap: no message the client receives has a sequence role`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := schema.Parse("h.json", []byte(tt.data))
			if err == nil {
				t.Fatalf("Parse = nil, want an error containing %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Parse = %v, want an error containing %q", err, w)
				}
			}
		})
	}
}

func TestGapPolicy(t *testing.T) {
	for _, tt := range []struct {
		name, data string
		gap        schema.GapPolicy
		timeout    time.Duration
	}{
		{"snapshot by default", gapProto("server", "", true), schema.GapSnapshot, 0},
		{"snapshot written, with a timeout", gapProto("server", `"gap": {"policy": "snapshot", "timeout": "1.5s"}`, true), schema.GapSnapshot, 1500 * time.Millisecond},
		{"skip despite snapshot messages", gapProto("server", `"gap": {"policy": "skip"}`, true), schema.GapSkip, 0},
		{"skip with a timeout", gapProto("server", `"gap": {"policy": "skip", "timeout": "250ms"}`, false), schema.GapSkip, 250 * time.Millisecond},
		{"reconnect", gapProto("both", `"gap": {"policy": "reconnect"}`, false), schema.GapReconnect, 0},
		{"bounds included", gapProto("server", `"gap": {"policy": "skip", "timeout": "1h"}`, false), schema.GapSkip, time.Hour},
		{"sequence on a client-sent message only: no gap", gapProto("client", "", false), "", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := schema.Parse("h.json", []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if p.Gap != tt.gap || p.GapTimeout != tt.timeout {
				t.Errorf("Gap, GapTimeout = %q, %v; want %q, %v", p.Gap, p.GapTimeout, tt.gap, tt.timeout)
			}
		})
	}
}
