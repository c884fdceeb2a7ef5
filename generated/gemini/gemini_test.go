package gemini_test

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/generated/gemini"
	"github.com/wsgen/wsgen/schema"
	"github.com/wsgen/wsgen/wire"
)

const (
	protocolPath = "../../testdata/gemini/protocol.json"
	asyncAPIFile = "websocket-gemini-asyncapi.yml"
)

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
func roundTrip(t *testing.T, p *schema.Protocol, frame []byte) gemini.Message {
	t.Helper()
	if _, err := p.Validate(frame); err != nil {
		t.Fatalf("Validate(%s) = %v, want valid", frame, err)
	}
	m, err := gemini.Decode(frame)
	if err != nil {
		t.Fatalf("Decode(%s) = %v", frame, err)
	}
	out, err := gemini.Encode(m)
	if err != nil {
		t.Fatalf("Encode(Decode(%s)) = %v", frame, err)
	}
	if _, err := p.Validate(out); err != nil {
		t.Errorf("Encode(Decode(%s)) = %s, invalid: %v", frame, out, err)
	}
	if !sameJSON(frame, out) {
		t.Errorf("Encode(Decode(%s)) = %s, a different value", frame, out)
	}
	m2, err := gemini.Decode(out)
	if err != nil {
		t.Fatalf("Decode(Encode(Decode(%s))) = %v", frame, err)
	}
	if diff := cmp.Diff(m, m2); diff != "" {
		t.Errorf("round trip of %s (-before +after):\n%s", frame, diff)
	}
	return m
}

func TestAsyncAPICrossCheck(t *testing.T) {
	doc := loadAsyncAPI(t, asyncAPIFile)
	// marketData's payload is a oneOf of heartbeat and update: two units, two messages.
	if n := checkAsyncAPI(t, doc, protocolPath, adaptations{}); n != 2 {
		t.Errorf("checked %d AsyncAPI messages and branches, want 2", n)
	}
	if len(gemini.Messages()) != 2 {
		t.Errorf("%d messages, want 2", len(gemini.Messages()))
	}
}

func TestAsyncAPIExamples(t *testing.T) {
	p := loadProtocol(t)
	exs, err := loadAsyncAPI(t, asyncAPIFile).examples()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"marketData/updateMessage": gemini.TypeUpdate, "marketData/heartbeatMessage": gemini.TypeHeartbeat}
	if len(exs) != len(want) {
		t.Errorf("%d examples, want %d", len(exs), len(want))
	}
	for _, ex := range exs {
		t.Run(ex.Name, func(t *testing.T) {
			m := roundTrip(t, p, ex.JSON)
			if m.MessageType() != want[ex.Name] {
				t.Errorf("Decode(%s) is a %s, want %s", ex.JSON, m.MessageType(), want[ex.Name])
			}
		})
	}
}

func TestUpdateFields(t *testing.T) {
	m, err := gemini.Decode([]byte(`{"type":"update","eventId":36902233362,"timestamp":1619769673,"timestampms":1619769673527,"socket_sequence":661,"events":[{"type":"change","side":"bid","price":54350.40,"remaining":0.002,"delta":0.002,"reason":"place"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	u := m.(*gemini.Update)
	if u.EventID != 36902233362 || u.SocketSequence != 661 || u.Timestampms != 1619769673527 || len(u.Events) != 1 {
		t.Fatalf("Update = %+v", u)
	}
	e := u.Events[0]
	if *e.Type != gemini.EventsItemTypeChange || *e.Side != gemini.EventsItemSideBid || *e.Price != 54350.40 || *e.Reason != gemini.EventsItemReasonPlace || *e.Delta != 0.002 {
		t.Errorf("event = %+v", e)
	}
}

func TestValidFrames(t *testing.T) {
	p := loadProtocol(t)
	for _, tt := range []struct {
		frame, typ string
	}{
		{`{"type":"heartbeat","socket_sequence":0}`, gemini.TypeHeartbeat},
		{`{"type":"update","eventId":5375461993,"timestamp":1547760288,"timestampms":1547760288001,"socket_sequence":1,"events":[{"type":"trade","price":3674.91,"remaining":0,"delta":-0.5,"reason":"trade"}]}`, gemini.TypeUpdate},
		{`{"type":"update","eventId":5375461992,"timestamp":1547760287.5,"timestampms":1547760287500,"socket_sequence":0,"events":[]}`, gemini.TypeUpdate},
		{`{"type":"update","eventId":1,"timestamp":1,"timestampms":1,"socket_sequence":2,"events":[{"type":"auction, block_trade"},{}]}`, gemini.TypeUpdate},
		// 0.07 is a multiple of 0.01 on the decimal value as written.
		{`{"type":"update","eventId":1,"timestamp":1,"timestampms":1,"socket_sequence":3,"events":[{"type":"change","price":0.07,"side":"side","reason":"initial"}]}`, gemini.TypeUpdate},
		// The message objects keep members the API adds (only event items are closed).
		{`{"type":"heartbeat","socket_sequence":1656,"server_time":1}`, gemini.TypeHeartbeat},
	} {
		t.Run(tt.frame, func(t *testing.T) {
			if m := roundTrip(t, p, []byte(tt.frame)); m.MessageType() != tt.typ {
				t.Errorf("Decode(%s) is a %s, want %s", tt.frame, m.MessageType(), tt.typ)
			}
		})
	}
}

func TestInvalidFrames(t *testing.T) {
	p := loadProtocol(t)
	const upd = `{"type":"update","eventId":1,"timestamp":1,"timestampms":1,"socket_sequence":1,"events":`
	for _, tt := range []struct {
		name, frame          string
		typ, pointer, reason string
		is                   error
	}{
		{"no type", `{"socket_sequence":1}`, "", "", `missing discriminator "type"`, nil},
		{"unknown type", `{"type":"l2_updates"}`, "l2_updates", "", "unknown message type", gemini.ErrUnknownType},
		{"heartbeat without sequence", `{"type":"heartbeat"}`, "heartbeat", "", `missing required member "socket_sequence"`, nil},
		{"update without events", `{"type":"update","eventId":1,"timestamp":1,"timestampms":1,"socket_sequence":1}`, "update", "", `missing required member "events"`, nil},
		{"sequence fraction", `{"type":"heartbeat","socket_sequence":1.5}`, "heartbeat", "/socket_sequence", "expected integer", nil},
		{"eventId string", `{"type":"update","eventId":"1","timestamp":1,"timestampms":1,"socket_sequence":1,"events":[]}`, "update", "/eventId", "expected integer", nil},
		{"events not array", upd + `{}}`, "update", "/events", "expected array", nil},
		{"price not multiple of 0.01", upd + `[{"price":54350.401}]}`, "update", "/events/0/price", "multiple", nil},
		{"reason enum", upd + `[{"reason":"expire"}]}`, "update", "/events/0/reason", "enum", nil},
		{"event item closed", upd + `[{"type":"change"},{"tid":1}]}`, "update", "/events/1/tid", "not allowed", nil},
		{"price as string", upd + `[{"price":"54350.40"}]}`, "update", "/events/0/price", "expected number", nil},
		// Defects of the source, kept as written (README.md): Gemini sends side "ask" and
		// types such as "block_trade", which the AsyncAPI enums do not list.
		{"source defect: side ask", upd + `[{"type":"change","side":"ask"}]}`, "update", "/events/0/side", "enum", nil},
		{"source defect: block_trade", upd + `[{"type":"block_trade"}]}`, "update", "/events/0/type", "enum", nil},
		{"sequence beyond int64", `{"type":"heartbeat","socket_sequence":9223372036854775808}`, "heartbeat", "/socket_sequence", "out of range", wire.ErrRange},
		{"invalid UTF-8", "{\"type\":\"heartbeat\",\"socket_sequence\":1,\"x\":\"\xff\"}", "heartbeat", "/x", "UTF-8", wire.ErrInvalidUTF8},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := gemini.Decode([]byte(tt.frame))
			var de *gemini.DecodeError
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
			if _, verr := p.Validate([]byte(tt.frame)); verr == nil && tt.is != wire.ErrRange && tt.is != wire.ErrInvalidUTF8 {
				t.Errorf("Validate(%s) accepts a frame Decode refuses", tt.frame)
			}
		})
	}
}

func TestTables(t *testing.T) {
	for _, mi := range gemini.Messages() {
		if mi.Direction != "server" || !mi.Inbound {
			t.Errorf("%s: Direction %q, Inbound %v; want server, inbound", mi.Type, mi.Direction, mi.Inbound)
		}
		if mi.Heartbeat != (mi.Type == gemini.TypeHeartbeat) {
			t.Errorf("%s: Heartbeat = %v", mi.Type, mi.Heartbeat)
		}
		if mi.Sequence != "socket_sequence" || mi.Stream != "" || mi.EventID != "" {
			t.Errorf("%s: roles %+v, want the sequence socket_sequence only (see the package doc)", mi.Type, mi)
		}
	}
}

var hugeExponent = regexp.MustCompile(`[0-9][eE][+-]?[0-9]{4,}`)

// FuzzDecode checks Decode against the reference validator and the round trip; its
// seeds (run by go test) are the AsyncAPI examples and a few frames.
func FuzzDecode(f *testing.F) {
	if asyncAPIPresent(f) {
		exs, err := loadAsyncAPI(f, asyncAPIFile).examples()
		if err != nil {
			f.Fatal(err)
		}
		for _, ex := range exs {
			f.Add(ex.JSON)
		}
	}
	for _, s := range []string{
		`{"type":"update","eventId":1,"timestamp":1e3,"timestampms":1,"socket_sequence":1,"events":[{"price":1.10,"x":1}]}`,
		`{"type":"heartbeat","socket_sequence":-0,"a":{"b":[null]}}`,
	} {
		f.Add([]byte(s))
	}
	p := loadProtocol(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := gemini.Decode(data)
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
		out, err := gemini.Encode(m)
		if err != nil {
			t.Fatalf("Encode(Decode(%q)) = %v", data, err)
		}
		m2, err := gemini.Decode(out)
		if err != nil {
			t.Fatalf("Decode(%s) = %v", out, err)
		}
		if diff := cmp.Diff(m, m2); diff != "" {
			t.Fatalf("round trip of %q (-before +after):\n%s", data, diff)
		}
		if again, _ := gemini.Encode(m2); !bytes.Equal(again, out) {
			t.Fatalf("Encode not stable for %q: %s then %s", data, out, again)
		}
	})
}
