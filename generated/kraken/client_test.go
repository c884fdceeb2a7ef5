package kraken_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/fsm"
	"github.com/wsgen/wsgen/generated/kraken"
	"github.com/wsgen/wsgen/wstest"
	"go.uber.org/goleak"
)

// echoReqid answers a request with the reply template, its reqid copied from the
// request (as Kraken does); %s in the template is the reqid literal.
func echoReqid(template string) func([]byte) []byte {
	return func(req []byte) []byte {
		var m struct{ Reqid json.RawMessage }
		if err := json.Unmarshal(req, &m); err != nil || m.Reqid == nil {
			return []byte(`{"event":"error-no-reqid"}`)
		}
		return fmt.Appendf(nil, template, m.Reqid)
	}
}

// TestClientIntegerCorrelation: Kraken's reqid is an integer correlation id. The typed
// client's requests leave it empty; conn fills it through SetRoleCorrelationID (an
// integer derived from conn's text id) and matches the reply through RoleCorrelationID,
// in decimal, with package conn unchanged.
func TestClientIntegerCorrelation(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) }) // registered first: runs after the server closes
	srv := wstest.NewServer(t, nil,
		wstest.Expect(wstest.Contains(`"ping"`), 10*time.Second).Reply(echoReqid(`{"event":"pong","reqid":%s}`)),
		wstest.Expect(wstest.Contains(`"subscribe"`), 10*time.Second).Reply(echoReqid(
			`{"event":"subscriptionStatus","reqid":%s,"status":"subscribed","channelID":1,"channelName":"ticker","pair":"XBT/EUR","subscription":{"name":"ticker"}}`)),
		wstest.Expect(wstest.Contains(`"ping"`), 10*time.Second).Reply(func([]byte) []byte { return []byte(`{"event":"pong","reqid":7}`) }),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := kraken.DialClient(ctx, srv.URL(), kraken.UnimplementedHandler{}, &conn.Options{
		Backoff: &fsm.Backoff{Base: 10 * time.Millisecond, Cap: 50 * time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)

	ping := &kraken.Ping{}
	pong, err := c.Ping(ctx, ping)
	if err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if ping.Reqid == nil || pong.Reqid == nil || *pong.Reqid != *ping.Reqid || *ping.Reqid < 1 || *ping.Reqid > 1<<53-1 {
		t.Errorf("ping reqid %v, pong reqid %v: want the same integer in 1..2^53-1", ping.Reqid, pong.Reqid)
	}

	sub := &kraken.Subscribe{Subscription: &kraken.SubscribeSubscription{Name: kraken.NameTicker}, Pair: &kraken.Pair{"XBT/EUR"}}
	reply, err := c.Subscribe(ctx, sub)
	if err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
	st, ok := reply.(*kraken.SubscriptionStatus)
	if !ok || st.RoleCorrelationID() != sub.RoleCorrelationID() || *sub.Reqid == *ping.Reqid {
		t.Errorf("Subscribe reply %#v for reqid %s: want the subscriptionStatus with the same reqid, a new one", reply, sub.RoleCorrelationID())
	}

	// A caller's own reqid is kept as it is.
	reqid := int64(7)
	if pong, err := c.Ping(ctx, &kraken.Ping{Reqid: &reqid}); err != nil || pong.RoleCorrelationID() != strconv.Itoa(7) {
		t.Errorf("Ping with reqid 7 = %v, %v; want the pong with reqid 7", pong, err)
	}
}

// TestPairPatternECMA: the pair pattern's \s is ECMA-262's, which includes U+00A0 and
// the other Unicode spaces; decoding and the reference validator agree with it.
func TestPairPatternECMA(t *testing.T) {
	for _, tt := range []struct {
		pair  string
		valid bool
	}{
		{"XBT/EUR", true},
		{"XBT\u00a0/EUR", true},
		{"XBT\u3000/\u2028EUR", true},
		{"XBT\u200b/EUR", false}, // zero width space: not whitespace
		{"xbt/eur", false},
	} {
		frame := fmt.Sprintf(`{"event":"subscriptionStatus","errorMessage":"x","pair":%q}`, tt.pair)
		_, err := kraken.Decode([]byte(frame))
		if (err == nil) != tt.valid {
			t.Errorf("Decode(%s) = %v, want valid=%v", frame, err, tt.valid)
		}
	}
}
