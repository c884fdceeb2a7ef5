package mexc_test

import (
	"testing"

	"github.com/wsgen/wsgen/internal/routetest"
)

// TestCrossCheck compares every message and payload object of the AsyncAPI document with
// testdata/mexc/protocol.json, member by member; the differences are the adaptations of
// testdata/mexc/README.md.
func TestCrossCheck(t *testing.T) {
	p := routetest.Load(t, "../../testdata/mexc/protocol.json")
	n := routetest.CrossCheck(t, "mexc_ws_asyncapi.yaml", p, []routetest.Pair{
		{Component: "SubscribeRequest", Pointer: "/$defs/subscribe_request"},
		{Component: "UnsubscribeRequest", Pointer: "/$defs/unsubscribe_request"},
		{Component: "PingRequest", Pointer: "/$defs/ping_request"},
		{Component: "SubscribeResponse", Pointer: "/$defs/response"},
		{Component: "UnsubscribeResponse", Pointer: "/$defs/response"},
		{Component: "PongResponse", Pointer: "/$defs/pong_response"},
		{Component: "TradeData", Pointer: "/$defs/trade_data"},
		{Component: "TradeD", Pointer: "/$defs/trade_data/properties/d"},
		{Component: "DealInfo", Pointer: "/$defs/DealInfo"},
		{Component: "KlineData", Pointer: "/$defs/kline_data"},
		{Component: "KlineK", Pointer: "/$defs/kline_data/properties/d"},
		{Component: "KlineInfo", Pointer: "/$defs/KlineInfo"},
		{Component: "DepthData", Pointer: "/$defs/depth_data", Differences: map[string]string{
			"r": "required at the top level by the document; MEXC sends it inside d, so optional here",
		}},
		{Component: "DepthD", Pointer: "/$defs/DepthD", Differences: map[string]string{
			"bids": "the document's DepthD has asks only; the depth streams send bids too",
			"e":    "the document's e sits beside properties (an indentation slip), not inside",
			"r":    "MEXC sends the version r inside d; the document puts it at the top level (both are kept)",
		}},
		{Component: "OrderLevel", Pointer: "/$defs/OrderLevel"},
		{Component: "PartialDepthData", Pointer: "/$defs/partial_depth_data", Differences: map[string]string{"r": "as DepthData"}},
		{Component: "PartialD", Pointer: "/$defs/DepthD", Differences: map[string]string{
			"bids": "as DepthD", "r": "as DepthD",
		}},
		{Component: "BookTickerData", Pointer: "/$defs/book_ticker_data"},
		{Component: "TickersD", Pointer: "/$defs/book_ticker_data/properties/d"},
		{Component: "MiniTickerData", Pointer: "/$defs/mini_ticker_data"},
		{Component: "miniTickerD", Pointer: "/$defs/MiniTickerInfo", Differences: map[string]string{
			"s": "miniTickerD and MiniTickerInfo are one object (MiniTickerInfo's required members)", "p": "as s", "r": "as s", "tr": "as s", "h": "as s", "l": "as s",
			"v": "as s", "q": "as s", "lastRT": "as s", "MT": "as s", "NV": "as s",
		}},
		{Component: "MiniTickersData", Pointer: "/$defs/mini_tickers_data"},
		{Component: "MiniTickerInfo", Pointer: "/$defs/MiniTickerInfo", Differences: map[string]string{
			"t": "miniTickerD's data time t, one object for both",
		}},
		{Component: "AccountUpdateData", Pointer: "/$defs/account_update_data"},
		{Component: "AccountD", Pointer: "/$defs/account_update_data/properties/d"},
		{Component: "AccountDealData", Pointer: "/$defs/account_deal_data"},
		{Component: "AccountDealD", Pointer: "/$defs/account_deal_data/properties/d"},
		{Component: "AccountOrderData", Pointer: "/$defs/account_order_data"},
	})
	t.Logf("%d members compared", n)
}
