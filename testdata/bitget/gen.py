#!/usr/bin/env python3
"""Writes testdata/bitget/protocol.json, Bitget's v2 WebSocket API translated from
../shared/protocols/exchange-collection/bitget_ws_asyncapi.yaml (see README.md): the data
item schemas are copied from the document's components; the messages and envelopes follow
Bitget's documented wire format. Run from the module root: python3 testdata/bitget/gen.py"""
import json
import yaml

doc = yaml.safe_load(open("../shared/protocols/exchange-collection/bitget_ws_asyncapi.yaml"))
comps = doc["components"]["schemas"]

def convert(s):
    if not isinstance(s, dict):
        return s
    out = {}
    for k, v in s.items():
        if k == "$ref":
            out["$ref"] = "#/$defs/" + v.split("/")[-1]
        elif k in ("type", "description", "required", "minItems", "maxItems", "enum"):
            out[k] = v
        elif k == "properties" and s.get("type") == "object":
            out["properties"] = {p: convert(q) for p, q in v.items()}
        elif k == "items":
            out["items"] = convert(v)
    return out

defs = {}
for name in ["DataItem", "TradeData", "DepthItem", "BidsAsks", "FillData", "FeeDetail", "OrderData", "TriggerData", "Account",
             "FutureData", "FuturesAccountData", "FuturesPositionData", "FuturesFillData", "SubscriptionData"]:
    defs[name] = convert(comps[name])
defs["LoginArg"] = convert(comps["LoginRequest"])
for n, gn in [("Account", "AccountItem"), ("TradeData", "TradeItem"), ("FillData", "FillItem"), ("FuturesFillData", "FuturesFillItem"),
              ("FuturesAccountData", "FuturesAccountItem")]:
    defs[n]["x-wsgen"] = {"goName": gn}
S = {"type": "string"}
FUT = ["USDT-FUTURES", "COIN-FUTURES", "USDC-FUTURES"]
defs["Arg"] = {"type": "object", "properties": {"instType": S, "channel": S, "instId": S}, "required": ["instType", "channel"]}

msgs = {}
def client(name, op, args, x=None):
    msgs[name] = {"type": "object", "x-wsgen": dict({"direction": "client"}, **(x or {})),
                  "properties": {"op": {"const": op}, "args": {"type": "array", "items": {"$ref": "#/$defs/" + args}, "minItems": 1}},
                  "required": ["op", "args"], "additionalProperties": False}
client("subscribe", "subscribe", "Arg")
client("unsubscribe", "unsubscribe", "Arg")
client("login", "login", "LoginArg", {"sensitive": ["args"]})
def ack(name, event, props, required):
    p = {"event": {"const": event}}
    p.update(props)
    msgs[name] = {"type": "object", "x-wsgen": {"direction": "server", "typeName": name}, "properties": p, "required": ["event"] + required}
ack("subscribe_ack", "subscribe", {"arg": {"$ref": "#/$defs/Arg"}}, ["arg"])
ack("unsubscribe_ack", "unsubscribe", {"arg": {"$ref": "#/$defs/Arg"}}, ["arg"])
ack("login_ack", "login", {"code": {"type": ["integer", "string"]}, "msg": S}, ["code"])
ack("error", "error", {"code": {"type": ["integer", "string"]}, "msg": S, "arg": {"$ref": "#/$defs/Arg"}, "op": S}, ["code", "msg"])
pushes = []
def push(name, inst, channel, item, desc):
    arg = {"type": "object", "properties": {"instType": inst, "channel": channel, "instId": S}, "required": ["instType", "channel"]}
    msgs[name] = {"type": "object", "description": desc, "x-wsgen": {"direction": "server"},
                  "properties": {"action": {"enum": ["snapshot", "update"]}, "arg": arg,
                                 "data": {"type": "array", "items": {"$ref": "#/$defs/" + item}},
                                 "ts": {"type": "integer", "description": "Push time, milliseconds"}},
                  "required": ["arg", "data"]}
    pushes.append(name)
push("ticker", {"const": "SPOT"}, {"const": "ticker"}, "DataItem", "Spot tickers.")
push("futures_ticker", {"enum": FUT}, {"const": "ticker"}, "FutureData", "Futures tickers.")
push("candle", S, {"enum": [c for c in comps["channelEnum"]["enum"] if c.startswith("candle")]}, "SubscriptionData", "Candlesticks: the channel says the interval.")
push("trade", S, {"const": "trade"}, "TradeData", "Trades.")
push("books", S, {"enum": ["books", "books1", "books5", "books15"]}, "DepthItem", "Order book depth: the channel says how many levels.")
push("fill", {"const": "SPOT"}, {"const": "fill"}, "FillData", "Spot fills.")
push("futures_fill", {"enum": FUT}, {"const": "fill"}, "FuturesFillData", "Futures fills.")
push("orders", S, {"const": "orders"}, "OrderData", "Orders.")
push("orders_algo", S, {"const": "orders-algo"}, "TriggerData", "Trigger orders.")
push("account", {"const": "SPOT"}, {"const": "account"}, "Account", "Spot account.")
push("futures_account", {"enum": FUT}, {"const": "account"}, "FuturesAccountData", "Futures account.")
push("positions", {"enum": FUT}, {"const": "positions"}, "FuturesPositionData", "Futures positions.")

out = {"$schema": "https://json-schema.org/draft/2020-12/schema",
       "title": "Bitget WebSocket API (v2)",
       "description": "Translated from ../shared/protocols/exchange-collection/bitget_ws_asyncapi.yaml by testdata/bitget/gen.py (see README.md). Requests are named by op, acknowledgements by event, pushes by their nested /arg/channel and /arg/instType.",
       "x-wsgen": {"package": "bitget", "discriminator": ["op", "event", "/arg/channel", "/arg/instType"],
                   "precedence": ["subscribe_ack", "unsubscribe_ack", "login_ack", "error"] + pushes},
       "oneOf": [{"$ref": "#/$defs/" + n} for n in msgs]}
defs.update(msgs)
out["$defs"] = {k: defs[k] for k in list(msgs) + [k for k in defs if k not in msgs]}
with open("testdata/bitget/protocol.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
