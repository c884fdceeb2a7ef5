package jsonrpc_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/wsgen/wsgen/generated/jsonrpc"
	"github.com/wsgen/wsgen/internal/routetest"
)

// frames are JSON-RPC 2.0 frames as Ethereum nodes exchange them.
var frames = []struct{ typ, frame string }{
	{"eth_subscribe", `{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["newHeads"]}`},
	{"eth_subscribe", `{"id":"k3","method":"eth_subscribe","params":["logs",{"address":"0x8320fe7702b96808f7bbc0d4a888ed1468216cfd"}],"jsonrpc":"2.0"}`},
	{"eth_unsubscribe", `{"jsonrpc":"2.0","id":2,"method":"eth_unsubscribe","params":["0x9cef478923ff08bf67fde6c64013158d"]}`},
	{"eth_blockNumber", `{"jsonrpc":"2.0","method":"eth_blockNumber","params":[],"id":83}`},
	{"eth_getBalance", `{"jsonrpc":"2.0","method":"eth_getBalance","params":["0x407d73d8a49eeb85d32cf465507dd71d507100c1","latest"],"id":1}`},
	{"eth_subscription", `{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"0x9ce59a13059e417087c02d3236a0b1cc","result":{"number":"0x1b4","hash":"0xdc0818cf78f21a8e70579cb46a43643f78291264dda342ae31049421c82d21ae"}}}`},
	{"result", `{"jsonrpc":"2.0","id":1,"result":"0x9cef478923ff08bf67fde6c64013158d"}`},
	{"result", `{"id":"k3","jsonrpc":"2.0","result":true}`},
	{"result", `{"jsonrpc":"2.0","id":83,"result":"0x4b7"}`},
	{"error", `{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"invalid argument 0: hex string has length 3, want 32"}}`},
	{"error", `{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}`},
}

func decodeType(b []byte) (string, error) {
	m, err := jsonrpc.Decode(b)
	if err != nil {
		return "", err
	}
	return m.MessageType(), nil
}

func TestDecodeRealFrames(t *testing.T) {
	for _, tt := range frames {
		m, err := jsonrpc.Decode([]byte(tt.frame))
		if err != nil {
			t.Errorf("Decode(%s) = %v", tt.frame, err)
			continue
		}
		if got := m.MessageType(); got != tt.typ {
			t.Errorf("Decode(%s).MessageType() = %q, want %q", tt.frame, got, tt.typ)
		}
		out, err := jsonrpc.Encode(m)
		if err != nil {
			t.Errorf("Encode(Decode(%s)) = %v", tt.frame, err)
		} else if typ, err := decodeType(out); err != nil || typ != tt.typ {
			t.Errorf("Decode(Encode(Decode(%s))) = %q, %v", tt.frame, typ, err)
		}
	}
}

// TestCorrelationIDs: integer and string ids read back as the text a request carries, so
// the runtime matches a reply to its request by id alone; a null id matches nothing.
func TestCorrelationIDs(t *testing.T) {
	for _, tt := range []struct{ frame, id string }{
		{frames[6].frame, "1"},
		{frames[7].frame, "k3"},
		{`{"jsonrpc":"2.0","id":1.0,"result":0}`, "1"},
		{frames[10].frame, ""},
	} {
		m, err := jsonrpc.Decode([]byte(tt.frame))
		if err != nil {
			t.Fatal(err)
		}
		if got := m.(interface{ RoleCorrelationID() string }).RoleCorrelationID(); got != tt.id {
			t.Errorf("RoleCorrelationID of %s = %q, want %q", tt.frame, got, tt.id)
		}
	}
	req := &jsonrpc.EthBlockNumber{}
	req.SetRoleCorrelationID("r7")
	out, err := jsonrpc.Encode(req)
	if err != nil || string(out) != `{"jsonrpc":"2.0","method":"eth_blockNumber","id":"r7"}` {
		t.Errorf("Encode(request with id r7) = %s, %v", out, err)
	}
	if req.RoleCorrelationID() != "r7" {
		t.Errorf("RoleCorrelationID() = %q after SetRoleCorrelationID(\"r7\")", req.RoleCorrelationID())
	}
}

func TestRouteErrors(t *testing.T) {
	for _, tt := range []struct {
		name, frame string
		reason      string
	}{
		{"unknown method", `{"jsonrpc":"2.0","id":1,"method":"eth_call","params":[]}`, `no message matches (jsonrpc="2.0", id=1, method="eth_call", result absent, error absent)`},
		{"neither result nor error", `{"jsonrpc":"2.0","id":1}`, `no message matches (jsonrpc="2.0", id=1, method absent, result absent, error absent)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := jsonrpc.Decode([]byte(tt.frame))
			var de *jsonrpc.DecodeError
			if !errors.Is(err, jsonrpc.ErrUnknownType) || !errors.As(err, &de) || de.Reason != tt.reason {
				t.Errorf("Decode(%s) = %v, want ErrUnknownType with reason %q", tt.frame, err, tt.reason)
			}
		})
	}
}

// TestBothResultAndError: a response with both members is no message (each is closed): the
// router picks the result by its first deciding member and its decoder refuses the error.
func TestBothResultAndError(t *testing.T) {
	_, err := jsonrpc.Decode([]byte(`{"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":"x"}}`))
	var de *jsonrpc.DecodeError
	if !errors.As(err, &de) || de.Pointer != "/error" {
		t.Errorf("Decode(result and error) = %v, want a refusal at /error", err)
	}
}

func TestDiffRouting(t *testing.T) {
	p := routetest.Load(t, "../../testdata/jsonrpc/protocol.json")
	var fs [][]byte
	for _, tt := range frames {
		fs = append(fs, []byte(tt.frame))
	}
	n, valid := routetest.Diff(t, p, decodeType, fs)
	t.Logf("%d frames, %d valid", n, valid)
}

func FuzzDecode(f *testing.F) {
	for _, tt := range frames {
		f.Add([]byte(tt.frame))
	}
	p := routetest.Load(f, "../../testdata/jsonrpc/protocol.json")
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

type handler struct {
	jsonrpc.UnimplementedHandler
	got []string
}

func (h *handler) OnResult(_ context.Context, m *jsonrpc.Result) error {
	h.got = append(h.got, "result "+m.RoleCorrelationID())
	return nil
}

func (h *handler) OnEthSubscription(_ context.Context, m *jsonrpc.EthSubscription) error {
	h.got = append(h.got, "notification "+m.Params.Subscription)
	return nil
}

func (h *handler) OnUnknown(_ context.Context, typ string, _ []byte) error {
	h.got = append(h.got, "unknown "+typ)
	return nil
}

// TestDispatchAndLog: shape-routed and method-routed messages dispatch and log like any
// other; a frame no route matches goes to OnUnknown.
func TestDispatchAndLog(t *testing.T) {
	h := &handler{}
	ctx := context.Background()
	for _, f := range []string{frames[6].frame, frames[5].frame, `{"jsonrpc":"2.0","method":"eth_call","id":1,"params":[]}`} {
		if err := jsonrpc.DispatchFrame(ctx, h, []byte(f)); err != nil {
			t.Errorf("DispatchFrame(%s) = %v", f, err)
		}
	}
	want := []string{"result 1", "notification 0x9ce59a13059e417087c02d3236a0b1cc", "unknown eth_call"}
	if fmt.Sprint(h.got) != fmt.Sprint(want) {
		t.Errorf("dispatched %q, want %q", h.got, want)
	}
	m, _ := jsonrpc.Decode([]byte(frames[6].frame))
	if got := m.LogValue().String(); got != "[type=result id=1]" {
		t.Errorf("LogValue = %s, want [type=result id=1]", got)
	}
	if mi, ok := jsonrpc.LookupMessage("result"); !ok || mi.Route != "has jsonrpc, id, result (and nothing else)" || mi.CorrelationID != "id" {
		t.Errorf("LookupMessage(result) = %+v, %v", mi, ok)
	}
}
