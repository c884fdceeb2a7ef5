package arrays_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"testing"

	"github.com/wsgen/wsgen/generated/arrays"
	"github.com/wsgen/wsgen/internal/routetest"
)

func decodeType(b []byte) (string, error) {
	m, err := arrays.Decode(b)
	if err != nil {
		return "", err
	}
	return m.MessageType(), nil
}

// frames reads testdata/arrays/frames.txt: valid and invalid frames of both kinds.
func frames(tb testing.TB) [][]byte {
	tb.Helper()
	f, err := os.Open("../../testdata/arrays/frames.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out [][]byte
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
			out = append(out, append([]byte(nil), line...))
		}
	}
	return out
}

// TestDecodeCases: array frames are routed by the event at /3 (Phoenix), the channel
// name at /2 (Kraken) or their length and kinds, objects by "event"; a refusal is a
// *DecodeError at the exact pointer, never a panic.
func TestDecodeCases(t *testing.T) {
	for _, tt := range []struct {
		name, frame string
		typ         string // the message decoded; "" for a refusal
		pointer     string // the refusal's pointer ("": the frame; a wrong length is refused at the array)
		unknown     bool   // the refusal wraps ErrUnknownType
		reason      string // the refusal's reason, when checked
	}{
		{"phoenix join", `["1","7","room:lobby","phx_join",{"token":"t"}]`, "phx_join", "", false, ""},
		{"phoenix reply", `[null,"7","room:lobby","phx_reply",{"status":"ok","response":{}}]`, "phx_reply", "", false, ""},
		{"phoenix broadcast", `[null,null,"room:lobby","new_msg",{"body":"hi"}]`, "new_msg", "", false, ""},
		{"kraken ticker", `[42,{"a":["1.5","2"],"b":["1.4","3"]},"ticker","XBT/USD"]`, "ticker", "", false, ""},
		{"kraken book with rest", `[42,{"as":[]},"book-25","XBT/USD","a","b"]`, "book", "", false, ""},
		{"array of items", `[{"id":1,"price":"1.5"},{"id":2,"price":"2"}]`, "trades", "", false, ""},
		{"object beside arrays", `{"event":"systemStatus","status":"online"}`, "systemStatus", "", false, ""},
		{"whitespace before the array", " \n[42,{},\"book-10\",\"XBT/USD\"]", "book", "", false, ""},

		{"phoenix too short", `["1","7","room:lobby","phx_join"]`, "", "", false, "fewer than 5 items"},
		{"phoenix too short, unknown", `[1,"7","room:lobby","phx_join"]`, "", "", true, `no message matches (4 items, /0=1, /1="7", /2="room:lobby", /3="phx_join")`},
		{"phoenix too long", `["1","7","room:lobby","phx_join",{},1]`, "", "", false, "more than 5 items"},
		{"ticker too long", `[42,{"a":["1","2"],"b":["1","3"]},"ticker","XBT/USD","x"]`, "", "", false, "more than 4 items"},
		{"book too long", `[42,{},"book-10","XBT/USD","a","b","c"]`, "", "", false, "more than 6 items"},
		{"book rest of the wrong kind", `[42,{},"book-10","XBT/USD",5]`, "", "/4", false, ""},
		{"wrong kind at a position", `[42,{"a":["1.5","2"],"b":"x"},"ticker","XBT/USD"]`, "", "/1/b", false, ""},
		{"pattern at a nested position", `[42,{"a":["1.5","2"],"b":["x","3"]},"ticker","XBT/USD"]`, "", "/1/b/0", false, ""},
		{"minimum at a position", `[-1,{"a":["1","2"],"b":["1","3"]},"ticker","XBT/USD"]`, "", "/0", false, ""},
		{"wrong kind in an item", `[{"id":"1","price":"1.5"}]`, "", "/0/id", false, ""},
		{"unknown event at /3", `["1","7","room:lobby","phx_leave",{}]`, "", "", true, `no message matches (5 items, /0="1", /1="7", /2="room:lobby", /3="phx_leave", /4={})`},
		{"unknown event at /3, one candidate left", `[null,null,"room:lobby","phx_leave",{}]`, "", "/3", false, `discriminator is not "new_msg"`},
		{"unknown channel at /2", `[42,{},"spread","XBT/USD"]`, "", "", true, `no message matches (4 items, /0=42, /1={}, /2="spread", /3="XBT/USD")`},
		{"enum refused at /4", `["1","1","room:lobby","phx_reply",{"status":"maybe","response":{}}]`, "", "/4/status", false, ""},
		{"empty array", `[]`, "", "", true, ""},
		{"array of a scalar", `[1]`, "", "", true, ""},
		{"unknown object", `{"event":"other"}`, "", "", true, `no message matches (event="other")`},
		{"object that is an array's items", `{"0":42,"1":{},"2":"ticker","3":"XBT/USD"}`, "", "", true, ""},
		{"scalar frame", `"phx_join"`, "", "", false, ""},
		{"unterminated array", `[42,{},"book-10"`, "", "", false, ""},
		{"duplicate member in a skipped item", `[1,{"a":1,"a":2},"ticker","x"]`, "", "/1/a", false, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, err := arrays.Decode([]byte(tt.frame))
			if tt.typ != "" {
				if err != nil {
					t.Fatalf("Decode(%s) = %v, want a %q", tt.frame, err, tt.typ)
				}
				if m.MessageType() != tt.typ {
					t.Fatalf("Decode(%s) = %q, want %q", tt.frame, m.MessageType(), tt.typ)
				}
				out, err := arrays.Encode(m)
				if err != nil {
					t.Fatalf("Encode(Decode(%s)) = %v", tt.frame, err)
				}
				if got := string(out); got != string(bytes.TrimSpace([]byte(tt.frame))) {
					t.Errorf("Encode(Decode(%s)) = %s, want the frame back", tt.frame, got)
				}
				return
			}
			var de *arrays.DecodeError
			if err == nil || !errors.As(err, &de) {
				t.Fatalf("Decode(%s) = %v, %v; want a *DecodeError", tt.frame, m, err)
			}
			if errors.Is(err, arrays.ErrUnknownType) != tt.unknown {
				t.Errorf("Decode(%s) = %v; wraps ErrUnknownType: %v, want %v", tt.frame, err, !tt.unknown, tt.unknown)
			}
			if tt.pointer != "" && de.Pointer != tt.pointer {
				t.Errorf("Decode(%s) = %v; pointer %q, want %q", tt.frame, err, de.Pointer, tt.pointer)
			}
			if tt.reason != "" && de.Reason != tt.reason {
				t.Errorf("Decode(%s) = %v; reason %q, want %q", tt.frame, err, de.Reason, tt.reason)
			}
		})
	}
}

// TestEncodePositional: a tuple message is written positionally, its fixed positions
// (the consts at /3 and /2) by Encode; Encode and Validate refuse what Decode refuses,
// at the pointer Decode would give.
func TestEncodePositional(t *testing.T) {
	join := &arrays.PhxJoin{JoinRef: "1", Ref: "7", Topic: "room:lobby"}
	out, err := arrays.Encode(join)
	if want := `["1","7","room:lobby","phx_join",{}]`; err != nil || string(out) != want {
		t.Errorf("Encode(join) = %s, %v; want %s", out, err, want)
	}
	trades := &arrays.Trades{Items: []arrays.Trade{{ID: 1, Price: "1.5"}}}
	out, err = arrays.Encode(trades)
	if want := `[{"id":1,"price":"1.5"}]`; err != nil || string(out) != want {
		t.Errorf("Encode(trades) = %s, %v; want %s", out, err, want)
	}
	for _, tt := range []struct {
		name    string
		m       arrays.Message
		pointer string
	}{
		{"topic refused by its pattern", &arrays.PhxJoin{JoinRef: "1", Ref: "7", Topic: "Lobby"}, "/2"},
		{"empty ref", &arrays.PhxJoin{JoinRef: "1", Ref: "", Topic: "room:x"}, "/1"},
		{"no trades (minItems 1)", &arrays.Trades{}, ""},
		{"book rest too long", &arrays.Book{ChannelName: arrays.BookChannelNameBook10, Rest: []string{"a", "b", "c"}}, ""},
		{"ticker channel id below its minimum", &arrays.Ticker{ChannelID: -1, Pair: "x", Data: arrays.TickerData{A: arrays.Level{Price: "1", Volume: "1"}, B: arrays.Level{Price: "1", Volume: "1"}}}, "/0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, err := arrays.Encode(tt.m)
			var ee *arrays.EncodeError
			if !errors.As(err, &ee) {
				t.Fatalf("Encode = %s, %v; want an *EncodeError", out, err)
			}
			if ee.Pointer != tt.pointer {
				t.Errorf("Encode = %v; pointer %q, want %q", err, ee.Pointer, tt.pointer)
			}
			if verr := tt.m.(interface{ Validate() error }).Validate(); verr == nil || verr.Error() != err.Error() {
				t.Errorf("Validate = %v, want %v", verr, err)
			}
		})
	}
}

// TestRoles: roles at tuple positions — the correlation id at /1 of the Phoenix join and
// reply, the stream at /3 of the ticker — read and set the position.
func TestRoles(t *testing.T) {
	m, err := arrays.Decode([]byte(`[null,"7","room:lobby","phx_reply",{"status":"ok","response":{}}]`))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.(*arrays.PhxReply).RoleCorrelationID(); got != "7" {
		t.Errorf("RoleCorrelationID() = %q, want 7", got)
	}
	join := &arrays.PhxJoin{JoinRef: "1", Topic: "room:x"}
	join.SetRoleCorrelationID("k3")
	out, err := arrays.Encode(join)
	if want := `["1","k3","room:x","phx_join",{}]`; err != nil || string(out) != want {
		t.Errorf("Encode after SetRoleCorrelationID = %s, %v; want %s", out, err, want)
	}
	tk, err := arrays.Decode([]byte(`[42,{"a":["1","2"],"b":["1","3"]},"ticker","XBT/USD"]`))
	if err != nil {
		t.Fatal(err)
	}
	if got := tk.(*arrays.Ticker).RoleStream(); got != "XBT/USD" {
		t.Errorf("RoleStream() = %q, want XBT/USD", got)
	}
}

type handler struct {
	arrays.UnimplementedHandler
	got []string
}

func (h *handler) OnTicker(_ context.Context, m *arrays.Ticker) error {
	h.got = append(h.got, "ticker "+m.Pair)
	return nil
}

func (h *handler) OnTrades(_ context.Context, m *arrays.Trades) error {
	h.got = append(h.got, "trades")
	return nil
}

func (h *handler) OnUnknown(_ context.Context, typ string, _ []byte) error {
	h.got = append(h.got, "unknown "+typ)
	return nil
}

func TestDispatch(t *testing.T) {
	h := &handler{}
	for _, f := range []string{`[42,{"a":["1","2"],"b":["1","3"]},"ticker","XBT/USD"]`, `[{"id":1,"price":"1"}]`, `[42,{},"spread","XBT/USD"]`} {
		if err := arrays.DispatchFrame(context.Background(), h, []byte(f)); err != nil {
			t.Fatalf("DispatchFrame(%s) = %v", f, err)
		}
	}
	if got := h.got; len(got) != 3 || got[0] != "ticker XBT/USD" || got[1] != "trades" || got[2] != "unknown " {
		t.Errorf("dispatched %q", got)
	}
}

// TestDiffRouting: Decode agrees with the reference router and validator on every frame
// and its variants (an item removed or added, another value or kind at each routing
// position, the array as an object).
func TestDiffRouting(t *testing.T) {
	p := routetest.Load(t, "../../testdata/arrays/protocol.json")
	n, valid := routetest.Diff(t, p, decodeType, frames(t))
	t.Logf("%d frames, %d valid", n, valid)
	if valid < 12 || n < 200 {
		t.Errorf("%d frames, %d valid: too few", n, valid)
	}
}

func FuzzDecode(f *testing.F) {
	for _, b := range frames(f) {
		f.Add(b)
	}
	p := routetest.Load(f, "../../testdata/arrays/protocol.json")
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := decodeType(b)
		want, ok := routetest.Want(p, b)
		if routetest.WireOnly(b) {
			return
		}
		if (err == nil) != ok || got != want {
			t.Errorf("Decode(%q) = %q, %v; reference says %q, %v", b, got, err, want, ok)
		}
	})
}
