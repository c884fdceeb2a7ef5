package bitget_test

import (
	"testing"

	"github.com/wsgen/wsgen/generated/bitget"
	"github.com/wsgen/wsgen/internal/routetest"
)

// frames are real Bitget v2 frames (Bitget's published WebSocket documentation; the
// document has no examples), one or more per message.
var frames = []struct{ typ, frame string }{
	{"subscribe", `{"op":"subscribe","args":[{"instType":"SPOT","channel":"ticker","instId":"BTCUSDT"}]}`},
	{"unsubscribe", `{"op":"unsubscribe","args":[{"instType":"SPOT","channel":"candle1m","instId":"BTCUSDT"}]}`},
	{"login", `{"op":"login","args":[{"apiKey":"bg_573af5eca856acd91c230da294ce2105","passphrase":"123456","timestamp":"1538054050","sign":"8RCOqCJAhhEh4PWcZB/96QojLDqMAg4qNynIixFzS3E="}]}`},
	{"subscribe_ack", `{"event":"subscribe","arg":{"instType":"SPOT","channel":"ticker","instId":"BTCUSDT"}}`},
	{"unsubscribe_ack", `{"event":"unsubscribe","arg":{"instType":"SPOT","channel":"candle1m","instId":"BTCUSDT"}}`},
	{"login_ack", `{"event":"login","code":0,"msg":""}`},
	{"error", `{"event":"error","arg":{"instType":"SPOT","channel":"ticker","instId":"BTCUSDT1"},"code":30001,"msg":"instType:SPOT,channel:ticker,instId:BTCUSDT1 doesn't exist","op":"subscribe"}`},
	{"ticker", `{"action":"snapshot","arg":{"instType":"SPOT","channel":"ticker","instId":"ETHUSDT"},"data":[{"instId":"ETHUSDT","lastPr":"2200.10","open24h":"0.00","high24h":"0.00","low24h":"0.00","change24h":"0.000","bidPr":"1792","askPr":"2200.1","bidSz":"0.0084","askSz":"19740.8811","baseVolume":"0.0000","quoteVolume":"0.0000","openUtc":"0.00","changeUtc24h":"0","ts":"1695702438018"}],"ts":1695702438029}`},
	{"futures_ticker", `{"action":"snapshot","arg":{"instType":"USDT-FUTURES","channel":"ticker","instId":"BTCUSDT"},"data":[{"instId":"BTCUSDT","lastPr":"27000.5","bidPr":"27000","askPr":"27000.5","bidSz":"2.71","askSz":"8.76","open24h":"27000.5","high24h":"30668.5","low24h":"26999.0","change24h":"-0.00002","fundingRate":"0.000010","nextFundingTime":"1695722400000","markPrice":"27000.0","indexPrice":"25702.4","holdingAmount":"929.502","baseVolume":"368.900","quoteVolume":"10152429.961","openUtc":"27000.5","symbolType":1,"symbol":"BTCUSDT","deliveryPrice":"0","ts":"1695715383021"}],"ts":1695715383039}`},
	{"candle", `{"action":"snapshot","arg":{"instType":"SPOT","channel":"candle1m","instId":"ETHUSDT"},"data":[["1695685500000","1627.2","1627.2","1627.2","1627.2","0.0000","0.0000","0.0000"]],"ts":1695715462250}`},
	{"trade", `{"action":"snapshot","arg":{"instType":"SPOT","channel":"trade","instId":"BTCUSDT"},"data":[{"ts":"1695709835822","price":"26293.4","size":"0.0013","side":"buy","tradeId":"1000000000"}],"ts":1695709835822}`},
	{"books", `{"action":"snapshot","arg":{"instType":"SPOT","channel":"books5","instId":"BTCUSDT"},"data":[{"asks":[["26274.9","0.0009"],["26275.0","0.0500"]],"bids":[["26274.8","0.0009"]],"checksum":0,"ts":"1695710946294"}],"ts":1695710946294}`},
	{"fill", `{"action":"snapshot","arg":{"instType":"SPOT","channel":"fill","instId":"default"},"data":[{"orderId":"111","tradeId":"222","symbol":"BTCUSDT","orderType":"market","side":"buy","priceAvg":"26256.0","size":"0.0003","amount":"7.8768","tradeScope":"taker","feeDetail":[{"feeCoin":"BTC","deduction":"no","totalDeductionFee":"0","totalFee":"-0.00000018"}],"cTime":"1695797773257","uTime":"1695797773326"}],"ts":1695797773340}`},
	{"futures_fill", `{"action":"snapshot","arg":{"instType":"USDT-FUTURES","channel":"fill","instId":"default"},"data":[{"orderId":"111","tradeId":"222","symbol":"BTCUSDT","side":"buy","orderType":"market","posMode":"one_way_mode","price":"51000.5","baseVolume":"0.01","quoteVolume":"510.005","profit":"0","tradeSide":"open","tradeScope":"taker","feeDetail":[{"feeCoin":"USDT","deduction":"no","totalDeductionFee":"0","totalFee":"-0.183717"}],"cTime":"1703577336606","uTime":"1703577336606"}],"ts":1703577336700}`},
	{"orders", `{"action":"snapshot","arg":{"instType":"SPOT","channel":"orders","instId":"default"},"data":[{"instId":"BTCUSDT","orderId":"1","clientOid":"1","size":"0.0003","newSize":"0.0003","notional":"7.88","orderType":"market","force":"gtc","side":"buy","fillPrice":"26256.0","tradeId":"2","baseVolume":"0.0003","fillTime":"1695797773286","fillFee":"-0.00000018","fillFeeCoin":"BTC","tradeScope":"T","accBaseVolume":"0.0003","priceAvg":"26256.0","status":"partially_filled","cTime":"1695797773257","uTime":"1695797773326","stpMode":"cancel_taker","feeDetail":[{"feeCoin":"BTC","deduction":"no","totalDeductionFee":"0","totalFee":"-0.00000018"}],"enterPointSource":"WEB"}],"ts":1695797773337}`},
	{"orders-algo", `{"action":"snapshot","arg":{"instType":"SPOT","channel":"orders-algo","instId":"default"},"data":[{"instId":"BTCUSDT","orderId":"1","clientOid":"1","triggerPrice":"27000.000000000","triggerType":"fill_price","planType":"amount","price":"27000.000000000","size":"0.020000000","actualSize":"0.000000000","orderType":"market","side":"buy","status":"live","executePrice":"0.1","enterPointSource":"API","cTime":"1695719197612","uTime":"1695719197612","stpMode":"cancel_taker"}],"ts":1695719197733}`},
	{"account", `{"action":"snapshot","arg":{"instType":"SPOT","channel":"account","coin":"default"},"data":[{"coin":"USDT","available":"100000","frozen":"0","locked":"0","limitAvailable":"0","uTime":"1697092295506"}],"ts":1697092295515}`},
	{"futures_account", `{"action":"snapshot","arg":{"instType":"USDT-FUTURES","channel":"account","coin":"default"},"data":[{"marginCoin":"USDT","frozen":"0.00000000","available":"11490.16841069","maxOpenPosAvailable":"10940.45841069","maxTransferOut":"10940.45841069","equity":"11489.96841069","usdtEquity":"11489.968410691679"}],"ts":1695717225146}`},
	{"positions", `{"action":"snapshot","arg":{"instType":"USDT-FUTURES","channel":"positions","instId":"default"},"data":[{"posId":"1","instId":"ETHUSDT","marginCoin":"USDT","marginSize":"9.5","marginMode":"crossed","holdSide":"short","posMode":"hedge_mode","total":"0.1","available":"0.1","frozen":"0","openPriceAvg":"1900","leverage":20,"achievedProfits":"0","unrealizedPL":"0","unrealizedPLR":"0","liquidationPrice":"5788.108475905242","keepMarginRate":"0.005","marginRate":"0.004416374196","cTime":"1695649246169","breakEvenPrice":"24778.97","totalFee":"1.45","deductedFee":"0.388","uTime":"1695711602568","autoMargin":"off"}],"ts":1695717430441}`},
}

func decodeType(b []byte) (string, error) {
	m, err := bitget.Decode(b)
	if err != nil {
		return "", err
	}
	return m.MessageType(), nil
}

func TestDecodeRealFrames(t *testing.T) {
	for _, tt := range frames {
		m, err := bitget.Decode([]byte(tt.frame))
		if err != nil {
			t.Errorf("Decode(%s) = %v", tt.frame, err)
			continue
		}
		if got := m.MessageType(); got != tt.typ {
			t.Errorf("Decode(%s).MessageType() = %q, want %q", tt.frame, got, tt.typ)
		}
		out, err := bitget.Encode(m)
		if err != nil {
			t.Errorf("Encode(Decode(%s)) = %v", tt.frame, err)
		} else if typ, err := decodeType(out); err != nil || typ != tt.typ {
			t.Errorf("Decode(Encode(Decode(%s))) = %q, %v", tt.frame, typ, err)
		}
	}
	// One message for several wire values: the Go value says which.
	m, _ := bitget.Decode([]byte(frames[11].frame))
	if b := m.(*bitget.Books); b.Arg.Channel != bitget.BooksArgChannelBooks5 {
		t.Errorf("books channel = %q, want books5", b.Arg.Channel)
	}
}

func TestDiffRouting(t *testing.T) {
	p := routetest.Load(t, "../../testdata/bitget/protocol.json")
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
	p := routetest.Load(f, "../../testdata/bitget/protocol.json")
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
