package jsonrpc_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/fsm"
	"github.com/wsgen/wsgen/generated/jsonrpc"
	"github.com/wsgen/wsgen/wstest"
	"go.uber.org/goleak"
)

// echoID answers a request with the reply template, the request's id copied in (%s).
func echoID(template string) func([]byte) []byte {
	return func(req []byte) []byte {
		var m struct{ ID json.RawMessage }
		if err := json.Unmarshal(req, &m); err != nil || m.ID == nil {
			return []byte(`{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"no id"}}`)
		}
		return fmt.Appendf(nil, template, m.ID)
	}
}

// TestClientRepliesByID: JSON-RPC replies have no discriminator; the typed client's
// methods wait for the result or error whose id is the request's, over a real socket,
// with package conn unchanged: conn fills the id (a JSON string) and matches the reply
// by RoleCorrelationID.
func TestClientRepliesByID(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) })
	srv := wstest.NewServer(t, nil,
		wstest.Expect(wstest.Contains(`"eth_blockNumber"`), 10*time.Second).Reply(echoID(`{"jsonrpc":"2.0","id":%s,"result":"0x4b7"}`)),
		wstest.Expect(wstest.Contains(`"eth_getBalance"`), 10*time.Second).Reply(echoID(`{"jsonrpc":"2.0","id":%s,"error":{"code":-32602,"message":"invalid address"}}`)),
	)
	ctx := context.Background()
	c, err := jsonrpc.DialClient(ctx, srv.URL(), jsonrpc.UnimplementedHandler{}, &conn.Options{
		Backoff: &fsm.Backoff{Base: 10 * time.Millisecond, Cap: 50 * time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()

	req := &jsonrpc.EthBlockNumber{}
	reply, err := c.EthBlockNumber(rctx, req)
	if err != nil {
		t.Fatalf("EthBlockNumber: %v", err)
	}
	res, ok := reply.(*jsonrpc.Result)
	if !ok || res.RoleCorrelationID() != req.RoleCorrelationID() || req.RoleCorrelationID() == "" || string(res.Result) != `"0x4b7"` {
		t.Errorf("EthBlockNumber reply %#v to id %q: want the result with the same id", reply, req.RoleCorrelationID())
	}

	bal := &jsonrpc.EthGetBalance{Params: jsonrpc.EthGetBalanceParams{"0x0", "latest"}}
	reply, err = c.EthGetBalance(rctx, bal)
	if e, ok := reply.(*jsonrpc.Error); err != nil || !ok || e.Error.Code != -32602 || e.RoleCorrelationID() != bal.RoleCorrelationID() {
		t.Errorf("EthGetBalance = %#v, %v; want the error reply with the request's id", reply, err)
	}
}
