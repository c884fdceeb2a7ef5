package conn

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

type testMsg struct{ typ, ref string }

func (m *testMsg) MessageType() string       { return m.typ }
func (m *testMsg) RoleCorrelationID() string { return m.ref }

func TestPending(t *testing.T) {
	lost := &LostError{Code: 1006}
	for _, tt := range []struct {
		name    string
		durable bool
		act     func(p *pending)
		ctxFor  time.Duration // 0: background
		wantMsg string
		wantErr error
	}{
		{"resolved", false, func(p *pending) { p.Resolve("r1", &testMsg{"ack", "r1"}) }, 0, "ack", nil},
		{"other id does not resolve", false, func(p *pending) { p.Resolve("r2", &testMsg{"ack", "r2"}) }, time.Second, "", context.DeadlineExceeded},
		{"context ends", false, func(*pending) {}, time.Second, "", context.DeadlineExceeded},
		{"connection lost", false, func(p *pending) { p.Fail(lost, nil) }, 0, "", ErrConnectionLost},
		{"durable survives loss", true, func(p *pending) {
			p.Fail(lost, nil)
			p.Resolve("r1", &testMsg{"ack", "r1"})
		}, 0, "ack", nil},
		{"close fails durable too", true, func(p *pending) { p.Close(ErrClosed) }, 0, "", ErrClosed},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := newPending()
				w, err := p.Add("r1", tt.durable)
				if err != nil {
					t.Fatal(err)
				}
				ctx := t.Context()
				if tt.ctxFor > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, tt.ctxFor)
					defer cancel()
				}
				go tt.act(p)
				msg, err := p.Wait(ctx, w)
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("Wait error = %v, want %v", err, tt.wantErr)
				}
				if got := typeOf(msg); got != tt.wantMsg {
					t.Errorf("Wait message = %q, want %q", got, tt.wantMsg)
				}
				synctest.Wait()
				if p.Len() != 0 {
					t.Errorf("Len = %d after Wait, want 0", p.Len())
				}
			})
		})
	}
}

func typeOf(m Message) string {
	if m == nil {
		return ""
	}
	return m.MessageType()
}

func TestPendingDuplicateAndClosed(t *testing.T) {
	p := newPending()
	if _, err := p.Add("a", false); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Add("a", false); !errors.Is(err, ErrDuplicateRequest) {
		t.Errorf("second Add(a) = %v, want ErrDuplicateRequest", err)
	}
	if !p.Has("a") || p.Has("b") {
		t.Errorf("Has(a), Has(b) = %v, %v, want true, false", p.Has("a"), p.Has("b"))
	}
	p.Close(ErrClosed)
	if _, err := p.Add("b", false); !errors.Is(err, ErrClosed) {
		t.Errorf("Add after Close = %v, want ErrClosed", err)
	}
	if p.Resolve("a", &testMsg{"ack", "a"}) {
		t.Error("Resolve after Close found a waiter")
	}
}
