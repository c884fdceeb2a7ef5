package nestedroles_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/fsm"
	"github.com/wsgen/wsgen/generated/nestedroles"
	"github.com/wsgen/wsgen/wstest"
	"go.uber.org/goleak"
)

// The nested roles reach conn through the generated role methods.
var (
	_ conn.Correlated        = (*nestedroles.Place)(nil)
	_ conn.CorrelationSetter = (*nestedroles.Place)(nil)
	_ conn.Idempotent        = (*nestedroles.Place)(nil)
	_ conn.Correlated        = (*nestedroles.Placed)(nil)
	_ conn.EventIDer         = (*nestedroles.Trade)(nil)
)

// recorder is a Handler that records the trades and unmatched replies it is given.
type recorder struct {
	nestedroles.UnimplementedHandler
	mu  sync.Mutex
	got []string
}

func (r *recorder) add(s string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, s)
	return nil
}

func (r *recorder) OnTrade(_ context.Context, m *nestedroles.Trade) error {
	return r.add(fmt.Sprintf("trade %s %s#%d %s", m.Data.ID, m.Data.Symbol, m.Data.Seq, m.Data.Price))
}

func (r *recorder) OnPlaced(_ context.Context, m *nestedroles.Placed) error {
	return r.add("placed " + m.Result.ID)
}

func (r *recorder) wait(t *testing.T, want []string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r.mu.Lock()
		got := slices.Clone(r.got)
		r.mu.Unlock()
		if len(got) >= len(want) || time.Now().After(deadline) {
			if !slices.Equal(got, want) {
				t.Fatalf("delivered %q, want %q", got, want)
			}
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func dial(t *testing.T, srv *wstest.Server, h nestedroles.Handler) *nestedroles.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := nestedroles.DialClient(ctx, srv.URL(), h, &conn.Options{
		Backoff: &fsm.Backoff{Base: 10 * time.Millisecond, Cap: 50 * time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c.Close(ctx)
	})
	return c
}

// TestRequestReplyNestedID: conn fills the correlation id at /params/id (and the
// idempotency key at /params/key) of the typed client's request, and matches the reply,
// whose id is at /result/id, to it by that id, over a real socket: a reply carrying
// another id first does not answer the request.
func TestRequestReplyNestedID(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) })
	var mu sync.Mutex
	var id, key string
	srv := wstest.NewServer(t, nil,
		wstest.Expect(wstest.Contains(`"place"`), 10*time.Second).Reply(func(req []byte) []byte {
			var m struct{ Params struct{ ID, Key string } }
			if err := json.Unmarshal(req, &m); err != nil {
				t.Errorf("request %s: %v", req, err)
			}
			mu.Lock()
			id, key = m.Params.ID, m.Params.Key
			mu.Unlock()
			return fmt.Appendf(nil, `{"method":"placed","result":{"id":"not-%s","order":"stale"}}`, m.Params.ID)
		}),
		wstest.Events(func(int) []byte {
			mu.Lock()
			defer mu.Unlock()
			return fmt.Appendf(nil, `{"method":"placed","result":{"id":%q,"order":"o-1"}}`, id)
		}, 1),
	)
	r := &recorder{}
	c := dial(t, srv, r)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req := &nestedroles.Place{Params: nestedroles.PlaceParams{Symbol: "BTC", Signature: "deadbeef00"}}
	reply, err := c.Place(ctx, req)
	if err != nil {
		t.Fatalf("Place: %v", err)
	}
	mu.Lock()
	sentID, sentKey := id, key
	mu.Unlock()
	if sentID == "" || req.RoleCorrelationID() != sentID || req.Params.ID != sentID {
		t.Errorf("the server received params.id %q; the request's id is %q", sentID, req.Params.ID)
	}
	if sentKey == "" || req.RoleIdempotencyKey() != sentKey {
		t.Errorf("the server received params.key %q; the request's key is %q", sentKey, req.RoleIdempotencyKey())
	}
	if reply.Result.ID != sentID || reply.Result.Order != "o-1" || reply.RoleCorrelationID() != sentID {
		t.Errorf("Place = %+v, want the reply with result.id %q (order o-1)", reply.Result, sentID)
	}
	// The stale reply matched no request: it went to the handler.
	r.wait(t, []string{"placed not-" + sentID})
}

// TestNestedEventIDAndSequence: trades are de-duplicated by /data/id and ordered per
// /data/symbol by /data/seq, read through the nested role accessors by conn.
func TestNestedEventIDAndSequence(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) })
	frames := []string{
		`{"method":"trade","data":{"id":"t1","symbol":"BTC","seq":1,"price":"10"}}`,
		`{"method":"trade","data":{"id":"t1","symbol":"BTC","seq":1,"price":"10"}}`,
		`{"method":"trade","data":{"id":"e1","symbol":"ETH","seq":7,"price":"3"}}`,
		`{"method":"trade","data":{"id":"t3","symbol":"BTC","seq":3,"price":"12"}}`,
		`{"method":"trade","data":{"id":"t2","symbol":"BTC","seq":2,"price":"11"}}`,
		`{"method":"trade","data":{"id":"t2","symbol":"BTC","seq":2,"price":"11"}}`,
		`{"method":"trade","data":{"id":"e2","symbol":"ETH","seq":8,"price":"4"}}`,
	}
	srv := wstest.NewServer(t, nil, wstest.Events(func(i int) []byte { return []byte(frames[i]) }, wstest.Seq(0, len(frames)-1)...))
	r := &recorder{}
	dial(t, srv, r)
	r.wait(t, []string{"trade t1 BTC#1 10", "trade e1 ETH#7 3", "trade t2 BTC#2 11", "trade t3 BTC#3 12", "trade e2 ETH#8 4"})
}

// secrets are the sensitive values below; none may appear in any output.
var secrets = []string{"deadbeef00", "acct-secret-1", "acct-secret-2", "tok-secret"}

func noSecret(t *testing.T, what, s string) {
	t.Helper()
	for _, v := range secrets {
		if strings.Contains(s, v) {
			t.Errorf("%s shows the sensitive value %q: %s", what, v, s)
		}
	}
}

// TestNestedSensitiveRedacted: sensitive members inside a nested object and inside every
// element of an array of objects print as [redacted] with every verb, in the nested
// values and in the messages that hold them; LogValue holds only roles.
func TestNestedSensitiveRedacted(t *testing.T) {
	legs := nestedroles.PlaceParamsLegs{{Account: "acct-secret-1", Qty: 1}, {Account: "acct-secret-2", Qty: 2}}
	place := &nestedroles.Place{Params: nestedroles.PlaceParams{ID: "r1", Symbol: "BTC", Signature: "deadbeef00", Legs: &legs}}
	tok := "tok-secret"
	trade := &nestedroles.Trade{Data: nestedroles.TradeData{ID: "t1", Symbol: "BTC", Seq: 1, Price: "10", Owner: &nestedroles.TradeDataOwner{Name: "ann", Token: &tok}}}
	for _, v := range []any{place, *place, place.Params, &place.Params, legs, &legs, legs[0], trade, *trade, trade.Data, trade.Data.Owner} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			out := fmt.Sprintf(verb, v)
			noSecret(t, fmt.Sprintf("Sprintf(%s, %T)", verb, v), out)
		}
	}
	if s := fmt.Sprintf("%+v", place.Params); !strings.Contains(s, "Signature:[redacted]") || !strings.Contains(s, "Symbol:BTC") {
		t.Errorf("%%+v of PlaceParams = %s, want Signature:[redacted] and the other members", s)
	}
	if s := fmt.Sprintf("%v", legs); !strings.Contains(s, "{[redacted] 1 []}") {
		t.Errorf("%%v of the legs = %s, want each account [redacted]", s)
	}
	if s := fmt.Sprint(trade.Data.Owner); !strings.Contains(s, "ann") || !strings.Contains(s, "[redacted]") {
		t.Errorf("Sprint(owner) = %s, want the name and [redacted]", s)
	}
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("sent", "m", place)
	log.Info("got", "m", trade)
	noSecret(t, "the log", buf.String())
	// Every value above, pointer or not, message or nested type: the JSON handler would
	// marshal the fields of any value that is not a slog.LogValuer.
	for _, v := range []any{*place, place.Params, &place.Params, legs, &legs, legs[0], *trade, trade.Data, trade.Data.Owner} {
		var one bytes.Buffer
		slog.New(slog.NewJSONHandler(&one, nil)).Info("v", "v", v)
		noSecret(t, fmt.Sprintf("slog JSON of a %T", v), one.String())
	}
	if !strings.Contains(buf.String(), `"/params/id":"r1"`) || !strings.Contains(buf.String(), `"/data/id":"t1"`) {
		t.Errorf("log = %s, want the nested roles by pointer", buf.String())
	}
	info, ok := nestedroles.LookupMessage(nestedroles.TypePlace)
	if !ok || info.CorrelationID != "/params/id" || !slices.Equal(info.Sensitive, []string{"/params/signature", "/params/legs/*/account", "/params/hedge/*/account"}) {
		t.Errorf("LookupMessage(place) = %+v", info)
	}
}

// TestFixedArraySensitive: a Go array (hedge: exactly two legs) whose items hold sensitive
// members formats them [redacted] with every verb and logs them so, alone, through a
// pointer and in its message; Decode, Encode and Validate refuse a bad item, or a wrong
// length, at its pointer without quoting it.
func TestFixedArraySensitive(t *testing.T) {
	hedge := nestedroles.PlaceParamsHedge{{Account: "acct-secret-1", Qty: 1}, {Account: "acct-secret-2", Qty: 2}}
	var _ [2]nestedroles.PlaceParamsHedgeItem = hedge // a Go array
	place := &nestedroles.Place{Params: nestedroles.PlaceParams{ID: "r1", Symbol: "BTC", Signature: "deadbeef00", Hedge: &hedge}}
	for _, v := range []any{place, *place, place.Params, &place.Params, hedge, &hedge, hedge[1]} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			noSecret(t, fmt.Sprintf("Sprintf(%s, %T)", verb, v), fmt.Sprintf(verb, v))
		}
		var one bytes.Buffer
		slog.New(slog.NewJSONHandler(&one, nil)).Info("v", "v", v)
		noSecret(t, fmt.Sprintf("slog JSON of a %T", v), one.String())
	}
	if s := fmt.Sprintf("%v", hedge); s != "[{[redacted] 1 []} {[redacted] 2 []}]" {
		t.Errorf("%%v of the hedge = %s, want each account [redacted]", s)
	}
	frame := `{"method":"place","params":{"id":"r1","symbol":"BTC","signature":"deadbeef00","hedge":[{"account":"acct-secret-1","qty":1},{"account":"acct-secret-2","qty":2}]}}`
	m, err := nestedroles.Decode([]byte(frame))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.(*nestedroles.Place).Params.Hedge; got == nil || !cmp.Equal(*got, hedge) {
		t.Errorf("Decode(%s).Params.Hedge = %v, want %v", frame, got, hedge)
	}
	if b, err := nestedroles.Encode(m); err != nil || string(b) != frame {
		t.Errorf("Encode(Decode(%s)) = %s, %v", frame, b, err)
	}
	for _, tt := range []struct{ hedge, ptr, reason string }{
		{`[{"account":"acct-secret-1","qty":1}]`, "/params/hedge", "fewer than 2 items"},
		{`[{"account":"acct-secret-1","qty":1},{"account":"acct-secret-2","qty":2},{"account":"acct-secret-2","qty":3}]`, "/params/hedge", "more than 2 items"},
		{`[{"account":"acct-secret-1","qty":1},{"account":"acct-secret-2","qty":0}]`, "/params/hedge/1/qty", "less than the minimum 1"},
		{`[{"account":"acct-secret-1","qty":1},{"account":["acct-secret-2"],"qty":2}]`, "/params/hedge/1/account", "expected string"},
	} {
		frame := `{"method":"place","params":{"id":"r","symbol":"B","signature":"deadbeef00","hedge":` + tt.hedge + `}}`
		_, err := nestedroles.Decode([]byte(frame))
		var de *nestedroles.DecodeError
		if !errors.As(err, &de) || de.Pointer != tt.ptr || !strings.Contains(de.Reason, tt.reason) {
			t.Errorf("Decode(%s) = %v, want %q at %s", frame, err, tt.reason, tt.ptr)
		}
		noSecret(t, "Decode's error", fmt.Sprint(err))
	}
	bad := nestedroles.PlaceParamsHedge{{Account: "acct-secret-1", Qty: 1}, {Account: "acc", Qty: 2}}
	m = &nestedroles.Place{Params: nestedroles.PlaceParams{ID: "r", Symbol: "B", Signature: "deadbeef00", Hedge: &bad}}
	_, err = nestedroles.Encode(m)
	var ee *nestedroles.EncodeError
	if !errors.As(err, &ee) || ee.Pointer != "/params/hedge/1/account" {
		t.Errorf("Encode(a hedge account too short) = %v, want an *EncodeError at /params/hedge/1/account", err)
	}
	noSecret(t, "Encode's error", fmt.Sprint(err))
	if verr := m.(*nestedroles.Place).Validate(); verr == nil || err == nil || verr.Error() != err.Error() {
		t.Errorf("Validate = %v, want %v", verr, err)
	}
}

// TestNestedSensitiveErrors: a refused value of a nested sensitive member is named by its
// pointer and the constraint, never quoted, by Decode, Encode and Validate.
func TestNestedSensitiveErrors(t *testing.T) {
	for _, tt := range []struct{ frame, ptr string }{
		{`{"method":"place","params":{"id":"r","symbol":"B","signature":"tok-secret"}}`, "/params/signature"},
		{`{"method":"place","params":{"id":"r","symbol":"B","signature":12345678}}`, "/params/signature"},
		{`{"method":"place","params":{"id":"r","symbol":"B","signature":"deadbeef00","legs":[{"account":"acct-secret-1","qty":1},{"account":"acct-secret-2","qty":0}]}}`, "/params/legs/1/qty"},
		{`{"method":"place","params":{"id":"r","symbol":"B","signature":"deadbeef00","legs":[{"account":{"x":"acct-secret-1"},"qty":1}]}}`, "/params/legs/0/account"},
		{`{"method":"trade","data":{"id":"t","symbol":"B","seq":1,"price":"1","owner":{"name":"n","token":"tok"}}}`, "/data/owner/token"},
		{`{"method":"trade","data":{"id":"t","symbol":"B","seq":1,"price":"1","owner":{"name":"n","token":["tok-secret"]}}}`, "/data/owner/token"},
	} {
		_, err := nestedroles.Decode([]byte(tt.frame))
		var de *nestedroles.DecodeError
		if !errors.As(err, &de) || de.Pointer != tt.ptr {
			t.Errorf("Decode(%s) = %v, want a *DecodeError at %s", tt.frame, err, tt.ptr)
			continue
		}
		noSecret(t, "Decode's error", err.Error())
	}
	tok := "tok"
	for _, tt := range []struct {
		m   nestedroles.Message
		ptr string
	}{
		{&nestedroles.Place{Params: nestedroles.PlaceParams{ID: "r", Symbol: "B", Signature: "tok-secret"}}, "/params/signature"},
		{&nestedroles.Place{Params: nestedroles.PlaceParams{ID: "r", Symbol: "B", Signature: "deadbeef00", Legs: &nestedroles.PlaceParamsLegs{{Account: "acc"}}}}, "/params/legs/0/account"},
		{&nestedroles.Trade{Data: nestedroles.TradeData{ID: "t", Symbol: "B", Seq: 1, Price: "1", Owner: &nestedroles.TradeDataOwner{Name: "n", Token: &tok}}}, "/data/owner/token"},
	} {
		_, err := nestedroles.Encode(tt.m)
		var ee *nestedroles.EncodeError
		if !errors.As(err, &ee) || ee.Pointer != tt.ptr {
			t.Errorf("Encode(%v) = %v, want an *EncodeError at %s", tt.m, err, tt.ptr)
			continue
		}
		noSecret(t, "Encode's error", err.Error())
		if verr := tt.m.(interface{ Validate() error }).Validate(); verr == nil || verr.Error() != err.Error() {
			t.Errorf("Validate = %v, want %v", verr, err)
		}
	}
}
