#!/usr/bin/env python3
"""Writes testdata/hyperliquid/protocol.json, Hyperliquid's WebSocket API translated from
../shared/protocols/exchange-collection/hyperliquid_ws_asyncapi.yaml (see README.md).
Run from the module root: python3 testdata/hyperliquid/gen.py"""
import json

S = {"type": "string"}
I = {"type": "integer"}
N = {"type": "number"}
B = {"type": "boolean"}
def obj(props, required=None, **kw):
    o = {"type": "object", "properties": props}
    if required:
        o["required"] = required
    o.update(kw)
    return o
def ref(n): return {"$ref": "#/$defs/" + n}
def arr(x): return {"type": "array", "items": x}
def d(desc, o): o = dict(o); o["description"] = desc; return o

defs = {}
def sub(name, typ, extra=(), user=False, coin=False):
    props = {"type": {"const": typ}}
    req = ["type"]
    if user:
        props["user"] = d("User address", S); req.append("user")
    if coin:
        props["coin"] = S; req.append("coin")
    for k in extra:
        props[k] = S; req.append(k)
    defs[name] = obj(props, req)

# Client messages.
defs["subscribe"] = obj({"method": {"const": "subscribe"}, "subscription": ref("Subscription")}, ["method", "subscription"],
                        title="Subscribe to data feeds", additionalProperties=False, **{"x-wsgen": {"direction": "client"}})
defs["unsubscribe"] = obj({"method": {"const": "unsubscribe"}, "subscription": ref("Subscription")}, ["method", "subscription"],
                          additionalProperties=False, **{"x-wsgen": {"direction": "client"}})
defs["ping"] = obj({"method": {"const": "ping"}}, ["method"], additionalProperties=False, **{"x-wsgen": {"direction": "client", "heartbeat": True}})
defs["post"] = obj({"method": {"const": "post"},
                    "id": d("Unique identifier for the request, used to track the response.", I),
                    "request": obj({"type": {"enum": ["info", "action"]}, "payload": d("The actual payload for the request.", {"type": "object"})}, ["type", "payload"])},
                   ["method", "id", "request"], additionalProperties=False, **{"x-wsgen": {"direction": "client"}})
# Server messages, routed by channel.
def push(name, channel, data, desc=None, x=None):
    m = obj({"channel": {"const": channel}, "data": data}, ["channel", "data"], **{"x-wsgen": x or {"direction": "server"}})
    if desc:
        m["description"] = desc
    defs[name] = m
push("subscription_response", "subscriptionResponse", obj({"method": {"enum": ["subscribe", "unsubscribe"]}, "subscription": ref("Subscription")}, ["method", "subscription"]))
defs["pong"] = obj({"channel": {"const": "pong"}}, ["channel"], **{"x-wsgen": {"direction": "server", "heartbeat": True}})
push("error", "error", d("The reason, in words", S))
push("post_response", "post", x={"direction": "server", "typeName": "post_response"}, data=obj({"id": d("Unique identifier to match the request.", I),
                                   "response": obj({"type": {"enum": ["info", "action", "error"]}, "payload": {"type": ["object", "string"]}}, ["type", "payload"])}, ["id", "response"]))
push("all_mids", "allMids", obj({"mids": {"type": "object", "additionalProperties": S}}, ["mids"]))
push("notification", "notification", ref("WsNotification"))
push("web_data2", "webData2", {"type": "object"})
push("candle", "candle", ref("WsCandle"))
push("l2_book", "l2Book", ref("WsBook"))
push("trades", "trades", arr(ref("WsTrade")))
push("order_updates", "orderUpdates", arr(ref("WsOrder")))
push("user_events", "user", obj({"fills": arr(ref("WsUserFill")), "funding": ref("WsUserFunding"), "liquidation": ref("WsLiquidation"), "nonUserCancel": arr(ref("WsNonUserCancel"))}))
push("user_fills", "userFills", obj({"isSnapshot": B, "user": S, "fills": arr(ref("WsUserFill"))}, ["user", "fills"]))
push("user_fundings", "userFundings", obj({"isSnapshot": B, "user": S, "fundings": arr(ref("WsUserFunding"))}, ["user", "fundings"]))
push("user_non_funding_ledger_updates", "userNonFundingLedgerUpdates", obj({"isSnapshot": B, "user": S, "nonFundingLedgerUpdates": arr(ref("WsUserNonFundingLedgerUpdate"))}, ["user", "nonFundingLedgerUpdates"]))
messages = list(defs)

# Subscriptions: a union told apart by "type".
defs["Subscription"] = {"oneOf": [ref(n) for n in ["AllMidsSubscription", "NotificationSubscription", "WebData2Subscription", "CandleSubscription",
                                                   "L2BookSubscription", "TradesSubscription", "OrderUpdatesSubscription", "UserEventsSubscription",
                                                   "UserFillsSubscription", "UserFundingsSubscription", "UserNonFundingLedgerUpdatesSubscription"]]}
sub("AllMidsSubscription", "allMids")
sub("NotificationSubscription", "notification", user=True)
sub("WebData2Subscription", "webData2", user=True)
sub("CandleSubscription", "candle", coin=True, extra=["interval"])
sub("L2BookSubscription", "l2Book", coin=True)
sub("TradesSubscription", "trades", coin=True)
sub("OrderUpdatesSubscription", "orderUpdates", user=True)
sub("UserEventsSubscription", "userEvents", user=True)
sub("UserFillsSubscription", "userFills", user=True)
sub("UserFundingsSubscription", "userFundings", user=True)
sub("UserNonFundingLedgerUpdatesSubscription", "userNonFundingLedgerUpdates", user=True)
defs["L2BookSubscription"]["properties"].update({"nSigFigs": {"type": ["integer", "null"]}, "mantissa": {"type": ["integer", "null"]}})

defs["WsTrade"] = obj({"coin": S, "side": S, "px": S, "sz": S, "hash": S, "time": N, "tid": N, "users": arr(S)}, ["coin", "side", "px", "sz", "hash", "time", "tid"])
defs["WsBook"] = obj({"coin": S, "levels": arr(arr(ref("WsLevel"))), "time": N}, ["coin", "levels", "time"])
defs["WsLevel"] = obj({"px": S, "sz": S, "n": N}, ["px", "sz", "n"])
defs["WsNotification"] = obj({"notification": S}, ["notification"])
num_or_str = {"type": ["number", "string"]}
defs["WsCandle"] = obj({"t": N, "T": dict(N, **{"x-wsgen": {"goName": "CloseTime"}}), "s": S, "i": S, "o": num_or_str, "c": num_or_str, "h": num_or_str, "l": num_or_str, "v": num_or_str, "n": N},
                     ["t", "T", "s", "i", "o", "c", "h", "l", "v", "n"])
defs["WsOrder"] = obj({"order": ref("WsBasicOrder"), "status": {"type": "string", "enum": ["open", "filled", "canceled", "triggered", "rejected", "marginCanceled"]}, "statusTimestamp": N}, ["order", "status"])
defs["WsBasicOrder"] = obj({"coin": d("Symbol of the coin for the order", S), "side": d("The side of the order, either buy or sell", {"type": "string", "enum": ["buy", "sell", "A", "B"]}),
                            "limitPx": d("Limit price for the order", S), "sz": d("Size of the order", S), "oid": d("Unique order ID", I),
                            "timestamp": d("Timestamp of when the order was placed", I), "origSz": d("Original size of the order", S),
                            "cloid": d("Client order ID, can be undefined", {"type": ["string", "null"]})},
                           ["coin", "side", "limitPx", "sz", "oid", "timestamp", "origSz"])
defs["WsUserFill"] = obj({"coin": S, "px": S, "sz": S, "side": S, "time": N, "startPosition": S, "dir": S, "closedPnl": S, "hash": S, "oid": N, "crossed": B, "fee": S, "tid": N},
                         ["coin", "px", "sz", "side", "time", "startPosition", "dir", "closedPnl", "hash", "oid", "crossed", "fee", "tid"])
defs["WsUserFunding"] = obj({"time": N, "coin": S, "usdc": S, "szi": S, "fundingRate": S}, ["time", "coin", "usdc", "szi", "fundingRate"])
defs["WsLiquidation"] = obj({"lid": N, "liquidator": S, "liquidated_user": S, "liquidated_ntl_pos": S, "liquidated_account_value": S}, ["lid", "liquidator", "liquidated_user", "liquidated_ntl_pos", "liquidated_account_value"])
defs["WsNonUserCancel"] = obj({"coin": S, "oid": N}, ["coin", "oid"])
defs["WsUserNonFundingLedgerUpdate"] = obj({"time": d("Timestamp of the ledger update", I), "hash": d("Transaction hash", S), "delta": ref("WsDelta")}, ["time", "hash", "delta"])
deltas = ["WsDeposit", "WsWithdraw", "WsInternalTransfer", "WsSubAccountTransfer", "WsLedgerLiquidation", "WsVaultCreate", "WsVaultDeposit", "WsVaultDistribution", "WsVaultWithdrawal", "WsVaultLeaderCommission"]
defs["WsDelta"] = {"oneOf": [ref(n) for n in deltas]}
defs["WsDeposit"] = obj({"type": {"const": "deposit"}, "usdc": N}, ["type", "usdc"])
defs["WsWithdraw"] = obj({"type": {"const": "withdraw"}, "usdc": N, "nonce": N, "fee": N}, ["type", "usdc", "nonce", "fee"])
defs["WsInternalTransfer"] = obj({"type": {"const": "internalTransfer"}, "usdc": N, "user": S, "destination": S, "fee": N}, ["type", "usdc", "user", "destination", "fee"])
defs["WsSubAccountTransfer"] = obj({"type": {"const": "subAccountTransfer"}, "usdc": N, "user": S, "destination": S}, ["type", "usdc", "user", "destination"])
defs["WsLedgerLiquidation"] = obj({"type": {"const": "liquidation"}, "accountValue": N, "leverageType": {"type": "string", "enum": ["Cross", "Isolated"]},
                                   "liquidatedPositions": arr(obj({"coin": S, "szi": N}, ["coin", "szi"]))}, ["type", "accountValue", "leverageType", "liquidatedPositions"])
for n, t in [("WsVaultCreate", "vaultCreate"), ("WsVaultDeposit", "vaultDeposit"), ("WsVaultDistribution", "vaultDistribution")]:
    defs[n] = obj({"type": {"const": t}, "vault": S, "usdc": N}, ["type", "vault", "usdc"])
defs["WsVaultWithdrawal"] = obj({"type": {"const": "vaultWithdraw"}, "vault": S, "user": S, "requestedUsd": N, "commission": N, "closingCost": N, "basis": N, "netWithdrawnUsd": N},
                                ["type", "vault", "user", "requestedUsd", "commission", "closingCost", "basis", "netWithdrawnUsd"])
defs["WsVaultLeaderCommission"] = obj({"type": {"const": "vaultLeaderCommission"}, "user": S, "usdc": N}, ["type", "user", "usdc"])

doc = {"$schema": "https://json-schema.org/draft/2020-12/schema",
       "title": "HyperLiquid Websocket API",
       "description": "Translated from ../shared/protocols/exchange-collection/hyperliquid_ws_asyncapi.yaml by testdata/hyperliquid/gen.py (see README.md). Client requests are named by method, server messages by channel.",
       "x-wsgen": {"package": "hyperliquid"},
       "oneOf": [ref(n) for n in messages], "$defs": defs}
with open("testdata/hyperliquid/protocol.json", "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
