package kraken_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/generated/kraken"
	"github.com/wsgen/wsgen/schema"
	"github.com/wsgen/wsgen/wire"
)

const protocolPath = "../../testdata/kraken/protocol.json"

// asyncAPIFiles are the two AsyncAPI 3.1.0 forms of the Kraken API: the same messages
// and payloads, the channels and operations arranged differently.
var asyncAPIFiles = []string{
	"kraken-websocket-request-reply-multiple-channels-asyncapi.yml",
	"kraken-websocket-request-reply-message-filter-in-reply-asyncapi.yml",
}

func loadProtocol(tb testing.TB) *schema.Protocol {
	tb.Helper()
	p, err := schema.Load(protocolPath)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// roundTrip decodes a frame the protocol accepts and checks that Encode gives a valid
// frame with the same JSON value, which decodes to an equal message.
func roundTrip(t *testing.T, p *schema.Protocol, frame []byte) kraken.Message {
	t.Helper()
	if _, err := p.Validate(frame); err != nil {
		t.Fatalf("Validate(%s) = %v, want valid", frame, err)
	}
	m, err := kraken.Decode(frame)
	if err != nil {
		t.Fatalf("Decode(%s) = %v", frame, err)
	}
	out, err := kraken.Encode(m)
	if err != nil {
		t.Fatalf("Encode(Decode(%s)) = %v", frame, err)
	}
	if _, err := p.Validate(out); err != nil {
		t.Errorf("Encode(Decode(%s)) = %s, invalid: %v", frame, out, err)
	}
	if !sameJSON(frame, out) {
		t.Errorf("Encode(Decode(%s)) = %s, a different value", frame, out)
	}
	m2, err := kraken.Decode(out)
	if err != nil {
		t.Fatalf("Decode(Encode(Decode(%s))) = %v", frame, err)
	}
	if diff := cmp.Diff(m, m2); diff != "" {
		t.Errorf("round trip of %s (-before +after):\n%s", frame, diff)
	}
	return m
}

// krakenAdaptations are the differences testdata/kraken/README.md documents: in
// subscriptionStatus, pair is one pair, status the subscription's status and the
// subscription an echo of the request, as the document's own examples (and the API)
// have them.
var krakenAdaptations = adaptations{
	Facets: map[string]map[string]*facet{
		"subscriptionStatus": {
			"/pair":    {Types: `"string"`, Constraints: []string{`pattern="[A-Z\\s]+\\/[A-Z\\s]+"`}},
			"/pair/[]": nil,
			"/status":  {Types: `"string"`, Enum: []string{`"error"`, `"subscribed"`, `"unsubscribed"`}},
			// An error status echoes the rejected request: no enums, no defaults.
			"/subscription/depth":    {Types: `"integer"`},
			"/subscription/interval": {Types: `"integer"`},
			"/subscription/name":     {Types: `"string"`},
		},
	},
}

func TestAsyncAPICrossCheck(t *testing.T) {
	for _, file := range asyncAPIFiles {
		t.Run(file, func(t *testing.T) {
			doc := loadAsyncAPI(t, file)
			// subscriptionStatus is a oneOf of two branches: nine units, eight messages.
			if n := checkAsyncAPI(t, doc, protocolPath, krakenAdaptations); n != 9 {
				t.Errorf("checked %d AsyncAPI messages and branches, want 9", n)
			}
		})
	}
	if len(kraken.Messages()) != 8 {
		t.Errorf("%d messages, want 8", len(kraken.Messages()))
	}
}

// TestCrossCheckDetects proves the cross-check can fail: each mutation of the protocol
// description is a difference from the AsyncAPI document it must report.
func TestCrossCheckDetects(t *testing.T) {
	doc := loadAsyncAPI(t, asyncAPIFiles[0])
	data, err := os.ReadFile(protocolPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, old, new string }{
		{"type changed", `"version": {"type": "string"}`, `"version": {"type": "integer"}`},
		{"member dropped", `"version": {"type": "string"}`, `"versionx": {"type": "string"}`},
		{"member added", `"errorMessage": {"type": "string"},`, `"errorMessage": {"type": "string"}, "extra": {"type": "string"},`},
		{"enum changed", `"enum": ["online", "maintenance", "cancel_only", "limit_only", "post_only"]`, `"enum": ["online", "maintenance"]`},
		{"pattern changed", `"pattern": "[A-Z\\s]+\\/[A-Z\\s]+"
      }`, `"pattern": "^[A-Z]+/[A-Z]+$"
      }`},
		{"required added", `"reqid": {"$ref": "#/$defs/reqid"}
      },
      "required": ["event"]`, `"reqid": {"$ref": "#/$defs/reqid"}
      },
      "required": ["event", "reqid"]`},
		{"direction changed", `"x-wsgen": {"direction": "client", "correlationId"`, `"x-wsgen": {"direction": "both", "correlationId"`},
		{"wire name changed", `"const": "currencyInfo"`, `"const": "currency"`},
		{"variants' required sets dropped", `,
      "oneOf": [{"required": ["errorMessage"]}, {"required": ["channelID", "channelName"]}]`, ``},
		{"variants' required sets changed", `{"required": ["channelID", "channelName"]}`, `{"required": ["channelID"]}`},
		{"additionalProperties false", `"required": ["event"]
    },
    "subscriptionStatus"`, `"required": ["event"],
      "additionalProperties": false
    },
    "subscriptionStatus"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if !bytes.Contains(data, []byte(tt.old)) {
				t.Fatalf("%s lacks %q", protocolPath, tt.old)
			}
			path := filepath.Join(t.TempDir(), "protocol.json")
			if err := os.WriteFile(path, bytes.Replace(data, []byte(tt.old), []byte(tt.new), 1), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, problems := crossCheck(t, doc, path, krakenAdaptations); len(problems) == 0 {
				t.Errorf("cross-check found no difference after %s", tt.name)
			} else {
				t.Log(problems[0])
			}
		})
	}
}

func TestAsyncAPIExamples(t *testing.T) {
	p := loadProtocol(t)
	for _, file := range asyncAPIFiles {
		t.Run(file, func(t *testing.T) {
			exs, err := loadAsyncAPI(t, file).examples()
			if err != nil {
				t.Fatal(err)
			}
			if len(exs) != 2 {
				t.Errorf("%d examples, want the 2 of subscriptionStatus", len(exs))
			}
			for _, ex := range exs {
				t.Run(ex.Name, func(t *testing.T) {
					m := roundTrip(t, p, ex.JSON)
					if m.MessageType() != kraken.TypeSubscriptionStatus {
						t.Errorf("Decode(%s) is a %s, want subscriptionStatus", ex.JSON, m.MessageType())
					}
				})
			}
		})
	}
}

func TestValidFrames(t *testing.T) {
	p := loadProtocol(t)
	for _, tt := range []struct {
		frame, typ string
	}{
		{`{"event":"ping","reqid":42}`, kraken.TypePing},
		{`{"event":"ping"}`, kraken.TypePing},
		{`{"event":"pong","reqid":42}`, kraken.TypePong},
		{`{"event":"heartbeat"}`, kraken.TypeHeartbeat},
		{`{"connectionID":8628615390848610000,"event":"systemStatus","status":"online","version":"1.0.0"}`, kraken.TypeSystemStatus},
		{`{"event":"subscribe","pair":["XBT/USD","XBT/EUR"],"subscription":{"name":"ticker"}}`, kraken.TypeSubscribe},
		{`{"event":"subscribe","reqid":7,"pair":["XBT/EUR"],"subscription":{"interval":5,"name":"ohlc"}}`, kraken.TypeSubscribe},
		{`{"event":"subscribe","subscription":{"name":"openOrders","ratecounter":true,"token":"WW91ciB0b2tlbg=="}}`, kraken.TypeSubscribe},
		{`{"event":"unsubscribe","pair":["XBT/EUR","XBT/USD"],"subscription":{"name":"ticker"}}`, kraken.TypeUnsubscribe},
		{`{"event":"unsubscribe","subscription":{"name":"book","depth":1000}}`, kraken.TypeUnsubscribe},
		{`{"channelID":0,"channelName":"ticker","event":"subscriptionStatus","pair":"XBT/EUR","status":"subscribed","subscription":{"name":"ticker","maxratecount":125}}`, kraken.TypeSubscriptionStatus},
		{`{"event":"currencyInfo","reqid":7,"data":{"XBT":{"EUR":"51234.5"}}}`, kraken.TypeDummyCurrencyInfo},
		// The pair pattern is not anchored, as written in the AsyncAPI document.
		{`{"event":"subscribe","pair":["xXBT/EURx"]}`, kraken.TypeSubscribe},
		// Members the API adds are kept and written back.
		{`{"event":"systemStatus","status":"online","version":"1.9.0","api_version":"v1","x":{"a":[1,2.50]}}`, kraken.TypeSystemStatus},
	} {
		t.Run(tt.frame, func(t *testing.T) {
			if m := roundTrip(t, p, []byte(tt.frame)); m.MessageType() != tt.typ {
				t.Errorf("Decode(%s) is a %s, want %s", tt.frame, m.MessageType(), tt.typ)
			}
		})
	}
}

func TestUnknownMembersKept(t *testing.T) {
	frame := `{"event":"systemStatus","status":"online","api_version":"v1","connectionID":1}`
	m, err := kraken.Decode([]byte(frame))
	if err != nil {
		t.Fatal(err)
	}
	s := m.(*kraken.SystemStatus)
	if len(s.Extra) != 1 || s.Extra[0].Name != "api_version" || string(s.Extra[0].Value) != `"v1"` {
		t.Errorf("Extra = %+v, want api_version", s.Extra)
	}
	out, _ := kraken.Encode(s)
	if want := `{"event":"systemStatus","connectionID":1,"status":"online","api_version":"v1"}`; string(out) != want {
		t.Errorf("Encode = %s, want %s", out, want)
	}
}

// TestSubscriptionStatusUnion: AsyncAPI's oneOf of an error variant (errorMessage
// required) and a success variant (channelID and channelName required) is one wsgen
// message with a oneOf of those required sets, so a status that is both, or neither, is
// refused as the AsyncAPI schema refuses it, by Decode and the reference validator alike.
func TestSubscriptionStatusUnion(t *testing.T) {
	p := loadProtocol(t)
	for _, tt := range []struct {
		frame string
		valid bool
	}{
		{`{"event":"subscriptionStatus","errorMessage":"Subscription depth not supported","status":"error"}`, true},
		{`{"event":"subscriptionStatus","channelID":1,"channelName":"ticker","status":"subscribed"}`, true},
		{`{"event":"subscriptionStatus","errorMessage":"x","channelID":1,"channelName":"ticker"}`, false},
		{`{"event":"subscriptionStatus","status":"subscribed"}`, false},
		{`{"event":"subscriptionStatus","channelID":1,"status":"subscribed"}`, false},
	} {
		if tt.valid {
			roundTrip(t, p, []byte(tt.frame))
			continue
		}
		_, err := kraken.Decode([]byte(tt.frame))
		var de *kraken.DecodeError
		if !errors.As(err, &de) || de.Type != "subscriptionStatus" {
			t.Errorf("Decode(%s) = %v, want a *DecodeError of subscriptionStatus", tt.frame, err)
		}
		if _, err := p.Validate([]byte(tt.frame)); err == nil {
			t.Errorf("reference validator accepts %s", tt.frame)
		}
	}
}

func TestInvalidFrames(t *testing.T) {
	p := loadProtocol(t)
	for _, tt := range []struct {
		name, frame          string
		typ, pointer, reason string
		is                   error
	}{
		{"no discriminator", `{"reqid":1}`, "", "", `missing discriminator "event"`, nil},
		{"type is not the discriminator", `{"type":"ping"}`, "", "", `missing discriminator "event"`, nil},
		{"unknown event", `{"event":"Subscribe"}`, "Subscribe", "", "unknown message type", kraken.ErrUnknownType},
		{"reqid string", `{"event":"ping","reqid":"42"}`, "ping", "/reqid", "expected integer", nil},
		{"reqid fraction", `{"event":"pong","reqid":4.2}`, "pong", "/reqid", "expected integer", nil},
		{"status enum", `{"event":"systemStatus","status":"offline"}`, "systemStatus", "/status", "enum", nil},
		{"connectionID beyond int64", `{"event":"systemStatus","connectionID":18446744073709551616}`, "systemStatus", "/connectionID", "out of range", wire.ErrRange},
		{"subscription without name", `{"event":"subscribe","subscription":{}}`, "subscribe", "/subscription", `missing required member "name"`, nil},
		{"channel name enum", `{"event":"subscribe","subscription":{"name":"candles"}}`, "subscribe", "/subscription/name", "enum", nil},
		{"depth enum", `{"event":"unsubscribe","subscription":{"name":"book","depth":20}}`, "unsubscribe", "/subscription/depth", "enum", nil},
		{"interval enum", `{"event":"subscribe","subscription":{"name":"ohlc","interval":2}}`, "subscribe", "/subscription/interval", "enum", nil},
		{"snapshot not boolean", `{"event":"subscribe","subscription":{"name":"ownTrades","snapshot":"yes"}}`, "subscribe", "/subscription/snapshot", "expected boolean", nil},
		{"pair pattern", `{"event":"subscribe","pair":["xbt/usd"]}`, "subscribe", "/pair/0", "does not match pattern", nil},
		{"pair not array", `{"event":"subscribe","pair":"XBT/USD"}`, "subscribe", "/pair", "expected array", nil},
		{"token not string", `{"event":"unsubscribe","subscription":{"name":"ticker","token":7}}`, "unsubscribe", "/subscription/token", "expected string", nil},
		{"status status enum", `{"event":"subscriptionStatus","status":"online"}`, "subscriptionStatus", "/status", "enum", nil},
		{"status pair array", `{"event":"subscriptionStatus","pair":["XBT/EUR"]}`, "subscriptionStatus", "/pair", "expected string", nil},
		{"channelID fraction", `{"event":"subscriptionStatus","channelID":1.5}`, "subscriptionStatus", "/channelID", "expected integer", nil},
		{"maxratecount string", `{"event":"subscriptionStatus","subscription":{"name":"openOrders","maxratecount":"60"}}`, "subscriptionStatus", "/subscription/maxratecount", "expected integer", nil},
		{"currency data array", `{"event":"currencyInfo","data":[]}`, "currencyInfo", "/data", "expected object", nil},
		{"duplicate member", `{"event":"pong","reqid":1,"reqid":2}`, "pong", "/reqid", "duplicate member", wire.ErrDuplicateKey},
		{"not an object", `["ping"]`, "", "", "expected object", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := kraken.Decode([]byte(tt.frame))
			var de *kraken.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("Decode(%s) = %v, want a *DecodeError", tt.frame, err)
			}
			if de.Type != tt.typ || de.Pointer != tt.pointer || !strings.Contains(de.Reason, tt.reason) {
				t.Errorf("Decode(%s) = {Type %q, Pointer %q, Reason %q}, want {%q, %q, containing %q}", tt.frame, de.Type, de.Pointer, de.Reason, tt.typ, tt.pointer, tt.reason)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("Decode(%s) = %v, want errors.Is %v", tt.frame, err, tt.is)
			}
			// The reference validator agrees, except on what only the Go types refuse.
			if _, verr := p.Validate([]byte(tt.frame)); verr == nil && tt.is != wire.ErrRange && tt.is != wire.ErrDuplicateKey {
				t.Errorf("Validate(%s) accepts a frame Decode refuses", tt.frame)
			}
		})
	}
}

func TestDirections(t *testing.T) {
	want := map[string]string{
		"ping": "client", "subscribe": "client", "unsubscribe": "client",
		"pong": "server", "heartbeat": "server", "systemStatus": "server",
		"subscriptionStatus": "server", "currencyInfo": "server",
	}
	got := map[string]string{}
	for _, mi := range kraken.Messages() {
		got[mi.Type] = mi.Direction
		if mi.Inbound != (mi.Direction != "client") {
			t.Errorf("%s: Inbound = %v with direction %s", mi.Type, mi.Inbound, mi.Direction)
		}
		if mi.Heartbeat != (mi.Type == kraken.TypeHeartbeat) {
			t.Errorf("%s: Heartbeat = %v", mi.Type, mi.Heartbeat)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("directions (-want +got):\n%s", diff)
	}
}

var hugeExponent = regexp.MustCompile(`[0-9][eE][+-]?[0-9]{4,}`)

// FuzzDecode checks Decode against the reference validator and the round trip; its
// seeds (run by go test) are the AsyncAPI examples and a few frames.
func FuzzDecode(f *testing.F) {
	if asyncAPIPresent(f) {
		exs, err := loadAsyncAPI(f, asyncAPIFiles[0]).examples()
		if err != nil {
			f.Fatal(err)
		}
		for _, ex := range exs {
			f.Add(ex.JSON)
		}
	}
	for _, s := range []string{
		`{"event":"subscribe","reqid":7,"pair":["XBT/EUR"],"subscription":{"interval":5,"name":"ohlc"}}`,
		`{"event":"currencyInfo","data":{"a":[1,{"b":null}]}}`,
		`{"event":"systemStatus","connectionID":-1e2,"x":1}`,
	} {
		f.Add([]byte(s))
	}
	p := loadProtocol(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := kraken.Decode(data)
		if hugeExponent.Match(data) {
			return
		}
		_, verr := p.Validate(data)
		extra := errors.Is(err, wire.ErrRange) || !wire.Valid(data)
		switch {
		case err == nil && verr != nil:
			t.Fatalf("Decode(%q) accepted a frame the validator refuses: %v", data, verr)
		case err != nil && verr == nil && !extra:
			t.Fatalf("Decode(%q) = %v, but the validator accepts the frame", data, err)
		}
		if err != nil {
			return
		}
		out, err := kraken.Encode(m)
		if err != nil {
			t.Fatalf("Encode(Decode(%q)) = %v", data, err)
		}
		m2, err := kraken.Decode(out)
		if err != nil {
			t.Fatalf("Decode(%s) = %v", out, err)
		}
		if diff := cmp.Diff(m, m2); diff != "" {
			t.Fatalf("round trip of %q (-before +after):\n%s", data, diff)
		}
		if again, _ := kraken.Encode(m2); !bytes.Equal(again, out) {
			t.Fatalf("Encode not stable for %q: %s then %s", data, out, again)
		}
	})
}
