package mexc_test

import (
	"errors"
	"testing"

	"github.com/wsgen/wsgen/generated/mexc"
	"github.com/wsgen/wsgen/internal/routetest"
)

// frames are real MEXC v3 JSON frames: the AsyncAPI document's examples, completed from
// MEXC's published spot WebSocket documentation where the document leaves members out.
var frames = []struct{ typ, frame string }{
	{"SUBSCRIPTION", `{"method":"SUBSCRIPTION","params":["spot@public.deals.v3.api@BTCUSDT"]}`},
	{"UNSUBSCRIPTION", `{"method":"UNSUBSCRIPTION","params":["spot@public.deals.v3.api@BTCUSDT","spot@public.increase.depth.v3.api@BTCUSDT"]}`},
	{"PING", `{"method":"PING"}`},
	{"response", `{"id":0,"code":0,"msg":"spot@public.deals.v3.api@BTCUSDT"}`},
	{"response", `{"id":0,"code":0,"msg":"spot@public.increase.depth.v3.api@BTCUSDT,spot@public.deals.v3.api@BTCUSDT"}`},
	{"pong", `{"id":0,"code":0,"msg":"PONG"}`},
	{"trade_data", `{"c":"spot@public.deals.v3.api@BTCUSDT","d":{"deals":[{"S":2,"p":"20233.84","t":1661927587825,"v":"0.001028"}],"e":"spot@public.deals.v3.api"},"s":"BTCUSDT","t":1661927587836}`},
	{"kline_data", `{"c":"spot@public.kline.v3.api@BTCUSDT@Min15","d":{"k":{"T":1661931900,"a":"29043.48804658","c":"20279.43","h":"20284.93","i":"Min15","l":"20277.52","o":"20284.93","t":1661931000,"v":"1.43211"},"e":"spot@public.kline.v3.api"},"s":"BTCUSDT","t":1661931016878}`},
	{"depth_data", `{"c":"spot@public.increase.depth.v3.api@BTCUSDT","d":{"asks":[{"p":"20290.89","v":"0.000000"}],"e":"spot@public.increase.depth.v3.api","r":"3407459756"},"s":"BTCUSDT","t":1661932660144}`},
	{"partial_depth_data", `{"c":"spot@public.limit.depth.v3.api@BTCUSDT@5","d":{"asks":[{"p":"20290.89","v":"0.000000"}],"bids":[{"p":"20290.88","v":"1.5"}],"e":"spot@public.limit.depth.v3.api","r":"3407459756"},"s":"BTCUSDT","t":1661932660144}`},
	{"book_ticker_data", `{"c":"spot@public.bookTicker.v3.api@BTCUSDT","d":{"A":"40.66000000","B":"31.21000000","a":"25.36520000","b":"25.35190000"},"s":"BTCUSDT","t":1661932660144}`},
	{"mini_ticker_data", `{"c":"spot@public.miniTicker.v3.api@BTCUSDT@UTC+8","d":{"s":"BTCUSDT","p":"36474.74","r":"0.0354","tr":"0.0354","h":"36549.72","l":"35101.68","v":"375173478.65","q":"10557.72895","lastRT":"-1","MT":"0","NV":"--","t":1699502456050},"t":1699502456051,"s":"BTCUSDT"}`},
	{"mini_tickers_data", `{"c":"spot@public.miniTickers.v3.api@UTC+8","d":[{"s":"BTCUSDT","p":"36474.74","r":"0.0354","tr":"0.0354","h":"36549.72","l":"35101.68","v":"375173478.65","q":"10557.72895","lastRT":"-1","MT":"0","NV":"--"}],"t":1699502456051}`},
	{"account_update_data", `{"c":"spot@private.account.v3.api","d":{"a":"USDT","c":1678185928428,"f":"302.185113007893322435","fd":"-4.990689704","l":"4.990689704","ld":"4.990689704","o":"ENTRUST_PLACE"},"t":1678185928435}`},
	{"account_deal_data", `{"c":"spot@private.deals.v3.api","d":{"p":"1.804","v":"0.31","a":"0.55924","S":1,"T":1678901086198,"t":"5bbb6ad8b4474570b155610e30d960cd","c":"","i":"2dd9655f9fa2438fa1709510d7c1afd9","m":0,"st":0,"n":"0.000248206380027431","N":"MX"},"s":"MXUSDT","t":1661938980285}`},
	{"account_order_data", `{"c":"spot@private.orders.v3.api","d":{"A":"8.0","O":1661938138000,"S":1,"V":"10","a":"8","c":"","i":"e03a5c7441e44ed899466a7140b71391","m":0,"o":1,"p":"0.8","s":1,"v":"10","ap":"0","cv":"0","ca":"0"},"s":"MXUSDT","t":1661938138193}`},
	{"account_order_data", `{"c":"spot@private.orders.v3.api","d":{"N":"USDT","O":1661938853715,"P":"0.9","S":1,"T":1,"i":"f6d82e5f41d745f59fe9d3cafffd80b5","o":100,"p":"1.01","s":"NEW","v":"6"},"s":"MXUSDT","t":1661938853727}`},
}

func decodeType(b []byte) (string, error) {
	m, err := mexc.Decode(b)
	if err != nil {
		return "", err
	}
	return m.MessageType(), nil
}

func TestDecodeRealFrames(t *testing.T) {
	for _, tt := range frames {
		m, err := mexc.Decode([]byte(tt.frame))
		if err != nil {
			t.Errorf("Decode(%s) = %v", tt.frame, err)
			continue
		}
		if got := m.MessageType(); got != tt.typ {
			t.Errorf("Decode(%s).MessageType() = %q, want %q", tt.frame, got, tt.typ)
		}
		out, err := mexc.Encode(m)
		if err != nil {
			t.Errorf("Encode(Decode(%s)) = %v", tt.frame, err)
		} else if typ, err := decodeType(out); err != nil || typ != tt.typ {
			t.Errorf("Decode(Encode(Decode(%s))) = %q, %v", tt.frame, typ, err)
		}
	}
	m, _ := mexc.Decode([]byte(frames[6].frame))
	if td := m.(*mexc.TradeData); td.C != "spot@public.deals.v3.api@BTCUSDT" || (*td.D.Deals)[0].P != "20233.84" {
		t.Errorf("trade_data decoded as %+v", td)
	}
}

func TestRouteErrors(t *testing.T) {
	for _, tt := range []struct{ name, frame, reason string }{
		{"unknown channel", `{"c":"spot@public.aggre.deals.v3.api.pb@100ms@BTCUSDT","d":{},"s":"BTCUSDT","t":1}`, `no message matches (c="spot@public.aggre.deals.v3.api.pb@100ms@BTCUSDT", method absent, msg absent, id absent, code absent)`},
		{"unknown method", `{"method":"SUBSCRIBE","params":[]}`, `no message matches (method="SUBSCRIPTION"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mexc.Decode([]byte(tt.frame))
			if !errors.Is(err, mexc.ErrUnknownType) {
				t.Errorf("Decode(%s) = %v, want ErrUnknownType", tt.frame, err)
			}
		})
	}
}

func TestDiffRouting(t *testing.T) {
	p := routetest.Load(t, "../../testdata/mexc/protocol.json")
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
	p := routetest.Load(f, "../../testdata/mexc/protocol.json")
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
