package hyperliquid_test

import (
	"testing"

	"github.com/wsgen/wsgen/internal/routetest"
)

// TestCrossCheck compares the document's message payload and every schema of its
// components with testdata/hyperliquid/protocol.json, member by member; the differences
// are the adaptations of testdata/hyperliquid/README.md.
func TestCrossCheck(t *testing.T) {
	p := routetest.Load(t, "../../testdata/hyperliquid/protocol.json")
	notReq := "the document requires nothing; the client always sends it"
	n := routetest.CrossCheck(t, "hyperliquid_ws_asyncapi.yaml", p, []routetest.Pair{
		{Component: "subscriptionPayload", Pointer: "/$defs/subscribe", Differences: map[string]string{"method": notReq, "subscription": notReq}},
		{Component: "PostRequest", Pointer: "/$defs/post", Differences: map[string]string{"method": notReq, "id": notReq, "request": notReq}},
		{Component: "RequestPayload", Pointer: "/$defs/post/properties/request", Differences: map[string]string{"type": notReq, "payload": notReq}},
		{Component: "PostResponse", Pointer: "/$defs/post_response", Differences: map[string]string{"channel": "required: it names the message", "data": "required: the response"}},
		{Component: "postData", Pointer: "/$defs/post_response/properties/data", Differences: map[string]string{"id": "required: it matches the request", "response": "required"}},
		{Component: "ResponsePayload", Pointer: "/$defs/post_response/properties/data/properties/response", Differences: map[string]string{
			"type": "required; the document's $reF (sic) leaves it untyped", "payload": "required; an error's payload is a string"}},
		{Component: "WsTrade", Pointer: "/$defs/WsTrade", Differences: map[string]string{"users": "sent by Hyperliquid (buyer and seller), not in the document"}},
		{Component: "WsBook", Pointer: "/$defs/WsBook"},
		{Component: "WsLevel", Pointer: "/$defs/WsLevel"},
		{Component: "Notification", Pointer: "/$defs/WsNotification"},
		{Component: "AllMids", Pointer: "/$defs/all_mids/properties/data", Differences: map[string]string{"mids": "an object of coin to mid price (string), not a string"}},
		{Component: "Candle", Pointer: "/$defs/WsCandle", Differences: map[string]string{
			"o": "Hyperliquid sends prices as strings: number or string", "c": "as o", "h": "as o", "l": "as o", "v": "as o"}},
		{Component: "WsOrder", Pointer: "/$defs/WsOrder"},
		{Component: "WsBasicOrder", Pointer: "/$defs/WsBasicOrder"},
		{Component: "WsUserFill", Pointer: "/$defs/WsUserFill"},
		{Component: "WsUserFunding", Pointer: "/$defs/WsUserFunding"},
		{Component: "WsLiquidation", Pointer: "/$defs/WsLiquidation"},
		{Component: "WsNonUserCancel", Pointer: "/$defs/WsNonUserCancel"},
		{Component: "WsUserNonFundingLedgerUpdate", Pointer: "/$defs/WsUserNonFundingLedgerUpdate"},
		{Component: "WsDeposit", Pointer: "/$defs/WsDeposit"},
		{Component: "WsWithdraw", Pointer: "/$defs/WsWithdraw"},
		{Component: "WsInternalTransfer", Pointer: "/$defs/WsInternalTransfer"},
		{Component: "WsSubAccountTransfer", Pointer: "/$defs/WsSubAccountTransfer"},
		{Component: "WsLedgerLiquidation", Pointer: "/$defs/WsLedgerLiquidation"},
		{Component: "WsVaultDelta", Pointer: "/$defs/WsVaultCreate"},
		{Component: "WsVaultDelta", Pointer: "/$defs/WsVaultDeposit"},
		{Component: "WsVaultDelta", Pointer: "/$defs/WsVaultDistribution"},
		{Component: "WsVaultWithdrawal", Pointer: "/$defs/WsVaultWithdrawal"},
		{Component: "WsVaultLeaderCommission", Pointer: "/$defs/WsVaultLeaderCommission"},
		{Component: "AllMidsSubscription", Pointer: "/$defs/AllMidsSubscription"},
		{Component: "NotificationSubscription", Pointer: "/$defs/NotificationSubscription"},
		{Component: "WebData2Subscription", Pointer: "/$defs/WebData2Subscription"},
		{Component: "CandleSubscription", Pointer: "/$defs/CandleSubscription"},
		{Component: "L2BookSubscription", Pointer: "/$defs/L2BookSubscription", Differences: map[string]string{
			"nSigFigs": "optional aggregation Hyperliquid documents for l2Book", "mantissa": "as nSigFigs"}},
		{Component: "TradesSubscription", Pointer: "/$defs/TradesSubscription"},
		{Component: "OrderUpdatesSubscription", Pointer: "/$defs/OrderUpdatesSubscription"},
		{Component: "UserEventsSubscription", Pointer: "/$defs/UserEventsSubscription"},
		{Component: "UserFillsSubscription", Pointer: "/$defs/UserFillsSubscription"},
		{Component: "UserFundingsSubscription", Pointer: "/$defs/UserFundingsSubscription"},
	})
	t.Logf("%d members compared", n)
}
