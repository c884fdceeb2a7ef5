package conn

import (
	"context"
	"sync"
)

// reply is what a waiting request receives: its reply or an error.
type reply struct {
	msg Message
	err error
}

// waiter is one request waiting for the reply with its correlation id.
type waiter struct {
	id      string
	durable bool // backed by the outbox: survives a lost connection
	written bool // its frame went to a socket (guarded by pending.mu)
	ch      chan reply
}

// pending maps correlation ids to waiting requests. Each waiter is bounded
// by its caller's context (Wait removes it when the context ends); a lost
// connection fails the waiters that are not durable; Close fails them all.
// Safe for concurrent use.
type pending struct {
	mu     sync.Mutex
	m      map[string]*waiter
	closed error
}

func newPending() *pending { return &pending{} }

// Add registers a waiter for id. It fails with ErrDuplicateRequest if one is
// already waiting for id, and with the close error after Close.
func (p *pending) Add(id string, durable bool) (*waiter, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed != nil {
		return nil, p.closed
	}
	if _, ok := p.m[id]; ok {
		return nil, ErrDuplicateRequest
	}
	w := &waiter{id: id, durable: durable, ch: make(chan reply, 1)}
	if p.m == nil {
		p.m = make(map[string]*waiter)
	}
	p.m[id] = w
	return w, nil
}

// Resolve hands msg to the waiter for id and reports whether there was one.
func (p *pending) Resolve(id string, msg Message) bool {
	p.mu.Lock()
	w, ok := p.m[id]
	if ok {
		delete(p.m, id)
	}
	p.mu.Unlock()
	if ok {
		w.ch <- reply{msg: msg}
	}
	return ok
}

// Has reports whether a request waits for id.
func (p *pending) Has(id string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.m[id]
	return ok
}

// SetWritten marks whether the request's frame was handed to a socket: a
// lost connection fails the written requests that are not durable.
func (p *pending) SetWritten(id string, written bool) {
	p.mu.Lock()
	if w, ok := p.m[id]; ok {
		w.written = written
	}
	p.mu.Unlock()
}

// Remove drops w (its caller gave up), unless it was already resolved.
func (p *pending) Remove(w *waiter) {
	p.mu.Lock()
	if p.m[w.id] == w {
		delete(p.m, w.id)
	}
	p.mu.Unlock()
}

// Fail fails, with err, every waiter whose id fail accepts (nil: all that
// are not durable) and returns how many it failed.
func (p *pending) Fail(err error, fail func(*waiter) bool) int {
	if fail == nil {
		fail = func(w *waiter) bool { return !w.durable }
	}
	p.mu.Lock()
	var failed []*waiter
	for id, w := range p.m {
		if fail(w) {
			delete(p.m, id)
			failed = append(failed, w)
		}
	}
	p.mu.Unlock()
	for _, w := range failed {
		w.ch <- reply{err: err}
	}
	return len(failed)
}

// Close fails every waiter with err, and every later Add too.
func (p *pending) Close(err error) {
	p.mu.Lock()
	p.closed = err
	p.mu.Unlock()
	p.Fail(err, func(*waiter) bool { return true })
}

// Len returns the number of waiting requests.
func (p *pending) Len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.m)
}

// Wait blocks until w's reply, a failure, or the end of ctx (which removes
// w and returns the context's error).
func (p *pending) Wait(ctx context.Context, w *waiter) (Message, error) {
	select {
	case r := <-w.ch:
		return r.msg, r.err
	case <-ctx.Done():
		p.Remove(w)
		// A reply may have won the race; prefer it.
		select {
		case r := <-w.ch:
			return r.msg, r.err
		default:
		}
		return nil, context.Cause(ctx)
	}
}
