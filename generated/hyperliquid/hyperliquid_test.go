package hyperliquid_test

import (
	"testing"

	"github.com/wsgen/wsgen/generated/hyperliquid"
	"github.com/wsgen/wsgen/internal/routetest"
)

// frames are real Hyperliquid frames: the document's examples completed from Hyperliquid's
// published WebSocket documentation (subscriptions, post requests, the channels'
// data formats).
var frames = []struct{ typ, frame string }{
	{"subscribe", `{"method":"subscribe","subscription":{"type":"trades","coin":"SOL"}}`},
	{"subscribe", `{"method":"subscribe","subscription":{"type":"l2Book","coin":"ETH","nSigFigs":5,"mantissa":null}}`},
	{"subscribe", `{"method":"subscribe","subscription":{"type":"candle","coin":"BTC","interval":"1m"}}`},
	{"subscribe", `{"method":"subscribe","subscription":{"type":"userNonFundingLedgerUpdates","user":"0x0000000000000000000000000000000000000000"}}`},
	{"unsubscribe", `{"method":"unsubscribe","subscription":{"type":"allMids"}}`},
	{"ping", `{"method":"ping"}`},
	{"post", `{"method":"post","id":123,"request":{"type":"info","payload":{"type":"l2Book","coin":"ETH","nSigFigs":5,"mantissa":null}}}`},
	{"subscriptionResponse", `{"channel":"subscriptionResponse","data":{"method":"subscribe","subscription":{"type":"trades","coin":"SOL"}}}`},
	{"pong", `{"channel":"pong"}`},
	{"error", `{"channel":"error","data":"Invalid subscription {\"type\":\"tradez\",\"coin\":\"SOL\"}"}`},
	{"post_response", `{"channel":"post","data":{"id":123,"response":{"type":"info","payload":{"type":"l2Book","data":{"coin":"ETH","time":1724956638809,"levels":[[{"px":"2531.6","sz":"10.5","n":3}],[{"px":"2531.7","sz":"1.2","n":1}]]}}}}}`},
	{"post_response", `{"channel":"post","data":{"id":124,"response":{"type":"error","payload":"Invalid nonce"}}}`},
	{"allMids", `{"channel":"allMids","data":{"mids":{"BTC":"59000.5","ETH":"2531.65","@1":"0.0021"}}}`},
	{"notification", `{"channel":"notification","data":{"notification":"Order filled"}}`},
	{"webData2", `{"channel":"webData2","data":{"clearinghouseState":{"marginSummary":{"accountValue":"0.0"}},"serverTime":1724956638809}}`},
	{"candle", `{"channel":"candle","data":{"t":1724956620000,"T":1724956679999,"s":"BTC","i":"1m","o":"59000.0","c":"59010.0","h":"59020.0","l":"58990.0","v":"12.5","n":42}}`},
	{"l2Book", `{"channel":"l2Book","data":{"coin":"ETH","time":1724956638809,"levels":[[{"px":"2531.6","sz":"10.5","n":3},{"px":"2531.5","sz":"4.0","n":2}],[{"px":"2531.7","sz":"1.2","n":1}]]}}`},
	{"trades", `{"channel":"trades","data":[{"coin":"SOL","side":"B","px":"142.5","sz":"1.2","hash":"0xabc","time":1724956638809,"tid":29301945012,"users":["0x1","0x2"]}]}`},
	{"orderUpdates", `{"channel":"orderUpdates","data":[{"order":{"coin":"BTC","side":"B","limitPx":"59000.0","sz":"0.01","oid":12345,"timestamp":1724956638809,"origSz":"0.02","cloid":null},"status":"open","statusTimestamp":1724956638809}]}`},
	{"user", `{"channel":"user","data":{"fills":[{"coin":"BTC","px":"59000.0","sz":"0.01","side":"B","time":1724956638809,"startPosition":"0.0","dir":"Open Long","closedPnl":"0.0","hash":"0xabc","oid":12345,"crossed":true,"fee":"0.01","tid":1}]}}`},
	{"user", `{"channel":"user","data":{"liquidation":{"lid":1,"liquidator":"0x1","liquidated_user":"0x2","liquidated_ntl_pos":"100.0","liquidated_account_value":"50.0"}}}`},
	{"userFills", `{"channel":"userFills","data":{"isSnapshot":true,"user":"0x1","fills":[]}}`},
	{"userFundings", `{"channel":"userFundings","data":{"isSnapshot":false,"user":"0x1","fundings":[{"time":1724956638809,"coin":"ETH","usdc":"-0.12","szi":"1.5","fundingRate":"0.0000125"}]}}`},
	{"userNonFundingLedgerUpdates", `{"channel":"userNonFundingLedgerUpdates","data":{"isSnapshot":false,"user":"0x1","nonFundingLedgerUpdates":[{"time":1625247600000,"hash":"0x1234abcd5678ef","delta":{"type":"deposit","usdc":1000}},{"time":1625247600001,"hash":"0x1","delta":{"type":"vaultDeposit","vault":"vault123","usdc":500}}]}}`},
}

func decodeType(b []byte) (string, error) {
	m, err := hyperliquid.Decode(b)
	if err != nil {
		return "", err
	}
	return m.MessageType(), nil
}

func TestDecodeRealFrames(t *testing.T) {
	for _, tt := range frames {
		m, err := hyperliquid.Decode([]byte(tt.frame))
		if err != nil {
			t.Errorf("Decode(%s) = %v", tt.frame, err)
			continue
		}
		if got := m.MessageType(); got != tt.typ {
			t.Errorf("Decode(%s).MessageType() = %q, want %q", tt.frame, got, tt.typ)
		}
		out, err := hyperliquid.Encode(m)
		if err != nil {
			t.Errorf("Encode(Decode(%s)) = %v", tt.frame, err)
		} else if typ, err := decodeType(out); err != nil || typ != tt.typ {
			t.Errorf("Decode(Encode(Decode(%s))) = %q, %v", tt.frame, typ, err)
		}
	}
	// The subscription is a union told apart by its "type".
	m, _ := hyperliquid.Decode([]byte(frames[0].frame))
	if s, ok := m.(*hyperliquid.Subscribe).Subscription.(*hyperliquid.TradesSubscription); !ok || s.Coin != "SOL" {
		t.Errorf("subscription decoded as %#v", m.(*hyperliquid.Subscribe).Subscription)
	}
}

func TestDiffRouting(t *testing.T) {
	p := routetest.Load(t, "../../testdata/hyperliquid/protocol.json")
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
	p := routetest.Load(f, "../../testdata/hyperliquid/protocol.json")
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
