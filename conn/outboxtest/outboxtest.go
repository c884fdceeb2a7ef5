// Package outboxtest is a conformance suite for implementations of
// [conn.Outbox]: it checks the contract documented there (identity by
// idempotency key, ordering, bounds, copies, concurrency and, for a store
// that can be reopened, durability). Run it from a test of the store:
//
//	func TestConformance(t *testing.T) {
//		outboxtest.Run(t, outboxtest.Store{
//			New: func(t *testing.T, max int) conn.Outbox { ... a new, empty store ... },
//			Reopen: func(t *testing.T, o conn.Outbox) conn.Outbox { ... close o, open it again ... },
//		})
//	}
//
// conn's in-memory store and boltoutbox run it.
package outboxtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/wsgen/wsgen/conn"
)

// Store says how to make the stores under test.
type Store struct {
	// New returns a new, empty store bounded to max entries (0: the
	// store's default, at least 100). Required. The suite closes nothing:
	// register cleanups with t.
	New func(t *testing.T, max int) conn.Outbox
	// Reopen closes o and returns the same store opened again, as a new
	// process would. nil: the store does not outlive its value, and the
	// durability tests are skipped.
	Reopen func(t *testing.T, o conn.Outbox) conn.Outbox
}

// Entry returns the entry the suite stores under key.
func Entry(key string) conn.OutboxEntry {
	return conn.OutboxEntry{Key: key, Ref: "ref-" + key, Type: "send_chat", Frame: []byte(`{"key":"` + key + `"}`)}
}

type op struct {
	put, remove string
	removeMany  []string
	reopen      bool
	wantOK      bool
	wantErr     error
}

// Run runs the suite.
func Run(t *testing.T, s Store) {
	ctx := context.Background()
	for _, tt := range []struct {
		name    string
		max     int
		durable bool
		ops     []op
		want    []string
	}{
		{"insertion order", 0, false, []op{{put: "c", wantOK: true}, {put: "a", wantOK: true}, {put: "b", wantOK: true}}, []string{"c", "a", "b"}},
		{"same key keeps its first position", 0, false, []op{{put: "a", wantOK: true}, {put: "b", wantOK: true}, {put: "a"}}, []string{"a", "b"}},
		{"remove", 0, false, []op{{put: "a", wantOK: true}, {put: "b", wantOK: true}, {remove: "a"}, {remove: "a"}}, []string{"b"}},
		{"remove a batch, unknown keys ignored", 0, false, []op{{put: "a", wantOK: true}, {put: "b", wantOK: true}, {put: "c", wantOK: true}, {removeMany: []string{"c", "x", "a"}}}, []string{"b"}},
		{"removed key can be put again, at the end", 0, false, []op{{put: "a", wantOK: true}, {put: "b", wantOK: true}, {remove: "a"}, {put: "a", wantOK: true}}, []string{"b", "a"}},
		{"bounded", 2, false, []op{{put: "a", wantOK: true}, {put: "b", wantOK: true}, {put: "c", wantErr: conn.ErrOutboxFull}, {remove: "a"}, {put: "c", wantOK: true}}, []string{"b", "c"}},
		{"duplicate of a stored key at the bound is no error", 1, false, []op{{put: "a", wantOK: true}, {put: "a"}}, []string{"a"}},
		{"key required", 0, false, []op{{put: "", wantErr: conn.ErrNoIdempotencyKey}}, nil},
		{"survives reopen", 0, true, []op{{put: "a", wantOK: true}, {put: "b", wantOK: true}, {reopen: true}, {put: "c", wantOK: true}, {remove: "a"}, {reopen: true}}, []string{"b", "c"}},
		{"order kept after removals and reopen", 0, true, []op{{put: "a", wantOK: true}, {remove: "a"}, {reopen: true}, {put: "b", wantOK: true}, {put: "a", wantOK: true}}, []string{"b", "a"}},
		{"bound kept after reopen", 2, true, []op{{put: "a", wantOK: true}, {put: "b", wantOK: true}, {reopen: true}, {put: "c", wantErr: conn.ErrOutboxFull}}, []string{"a", "b"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.durable && s.Reopen == nil {
				t.Skip("the store cannot be reopened")
			}
			o := s.New(t, tt.max)
			for i, op := range tt.ops {
				var ok bool
				var err error
				switch {
				case op.reopen:
					o = s.Reopen(t, o)
					continue
				case op.remove != "":
					err = o.Remove(ctx, op.remove)
				case op.removeMany != nil:
					err = o.Remove(ctx, op.removeMany...)
				default:
					ok, err = o.Put(ctx, Entry(op.put))
				}
				if ok != op.wantOK || !errors.Is(err, op.wantErr) {
					t.Errorf("op %d %+v: got %v, %v; want %v, %v", i, op, ok, err, op.wantOK, op.wantErr)
				}
			}
			check(t, o, tt.want)
		})
	}

	t.Run("entries are copies", func(t *testing.T) {
		o := s.New(t, 0)
		e := Entry("a")
		if _, err := o.Put(ctx, e); err != nil {
			t.Fatal(err)
		}
		e.Frame[0] = 'X' // the caller's buffer, reused
		es, err := o.Entries(ctx)
		if err != nil || len(es) != 1 {
			t.Fatalf("Entries = %d entries, %v", len(es), err)
		}
		es[0].Frame[1] = 'Y'
		check(t, o, []string{"a"})
	})

	t.Run("first frame kept", func(t *testing.T) {
		o := s.New(t, 0)
		o.Put(ctx, Entry("a"))
		e := Entry("a")
		e.Frame = []byte(`{"other":1}`)
		if ok, err := o.Put(ctx, e); ok || err != nil {
			t.Fatalf("second Put of a stored key = %v, %v; want false, nil", ok, err)
		}
		check(t, o, []string{"a"})
	})

	t.Run("concurrent use", func(t *testing.T) {
		const writers, each = 4, 25
		o := s.New(t, writers*each)
		var wg sync.WaitGroup
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					key := fmt.Sprintf("w%d-%02d", w, i)
					if ok, err := o.Put(ctx, Entry(key)); !ok || err != nil {
						t.Errorf("Put(%s) = %v, %v", key, ok, err)
					}
					if i%2 == 1 {
						if err := o.Remove(ctx, key); err != nil {
							t.Errorf("Remove(%s) = %v", key, err)
						}
					}
					if _, err := o.Entries(ctx); err != nil {
						t.Errorf("Entries: %v", err)
					}
					_ = o.Len()
				}
			}()
		}
		wg.Wait()
		es, err := o.Entries(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := writers * (each - each/2); len(es) != want || o.Len() != want {
			t.Fatalf("after concurrent use: %d entries, Len %d; want %d", len(es), o.Len(), want)
		}
		// Each writer's entries keep that writer's order.
		for w := range writers {
			var got []string
			for _, e := range es {
				if e.Key[:3] == fmt.Sprintf("w%d-", w) {
					got = append(got, e.Key)
				}
			}
			if !slices.IsSorted(got) {
				t.Errorf("writer %d's entries out of order: %q", w, got)
			}
		}
	})
}

// check verifies that o holds exactly the entries Entry(key) of want, in
// order, and that Len agrees.
func check(t *testing.T, o conn.Outbox, want []string) {
	t.Helper()
	es, err := o.Entries(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Key)
		w := Entry(e.Key)
		if e.Ref != w.Ref || e.Type != w.Type || string(e.Frame) != string(w.Frame) {
			t.Errorf("entry %q = {%q %q %q}, want {%q %q %q}", e.Key, e.Ref, e.Type, e.Frame, w.Ref, w.Type, w.Frame)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("Entries keys = %q, want %q", got, want)
	}
	if o.Len() != len(want) {
		t.Errorf("Len = %d, want %d", o.Len(), len(want))
	}
}
