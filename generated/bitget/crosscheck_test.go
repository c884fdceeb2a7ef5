package bitget_test

import (
	"testing"

	"github.com/wsgen/wsgen/internal/routetest"
)

// TestCrossCheck compares the document's messages and component schemas with
// testdata/bitget/protocol.json, member by member; the differences are the adaptations of
// testdata/bitget/README.md.
func TestCrossCheck(t *testing.T) {
	p := routetest.Load(t, "../../testdata/bitget/protocol.json")
	caps := "Bitget sends instType and instId; the document writes InstType and InstId"
	n := routetest.CrossCheck(t, "bitget_ws_asyncapi.yaml", p, []routetest.Pair{
		{Component: "PublishedMessage", Pointer: "/$defs/subscribe", Differences: map[string]string{"op": "required: it names the request", "args": "required"}},
		{Component: "GeneralRequest", Pointer: "/$defs/Arg", Differences: map[string]string{"InstType": caps, "InstId": caps, "instType": caps, "instId": caps, "channel": "required; a string (the channel enum lists only some)"}},
		{Component: "GeneralResponse", Pointer: "/$defs/error", Differences: map[string]string{
			"InstType": "an error carries the request's arg, not its members", "InstId": "as InstType", "channel": "as InstType",
			"event": "Bitget's acknowledgements and errors are named by event", "arg": "as InstType", "op": "the failed request's op",
			"code": "required; an integer or a string", "msg": "required"}},
		{Component: "PushResponse", Pointer: "/$defs/ticker", Differences: map[string]string{
			"action": "snapshot or update", "arg": "required: its channel (and instType) name the push", "data": "required; an array of the channel's items",
			"ts": "Bitget sends an integer (milliseconds)"}},
		{Component: "LoginRequest", Pointer: "/$defs/LoginArg"},
		{Component: "DataItem", Pointer: "/$defs/DataItem"},
		{Component: "TradeData", Pointer: "/$defs/TradeData"},
		{Component: "DepthItem", Pointer: "/$defs/DepthItem"},
		{Component: "FillData", Pointer: "/$defs/FillData"},
		{Component: "FeeDetail", Pointer: "/$defs/FeeDetail"},
		{Component: "OrderData", Pointer: "/$defs/OrderData"},
		{Component: "TriggerData", Pointer: "/$defs/TriggerData"},
		{Component: "Account", Pointer: "/$defs/Account"},
		{Component: "FutureData", Pointer: "/$defs/FutureData"},
		{Component: "FuturesAccountData", Pointer: "/$defs/FuturesAccountData"},
		{Component: "FuturesPositionData", Pointer: "/$defs/FuturesPositionData"},
		{Component: "FuturesFillData", Pointer: "/$defs/FuturesFillData"},
	})
	t.Logf("%d members compared", n)
}
