package conn

import (
	"context"
	"crypto/rand"
	"log/slog"
)

// Send encodes m and hands it to the connection. It confirms nothing about
// delivery (use Request for that): it returns nil once the message is
// accepted — queued for the writer while live, or kept per the send policy
// while not live. It fails with ErrNotLive (SendReject, not live),
// ErrQueueFull (the queue is at its limits), ErrOutboxFull, ErrClosed, or
// the codec's error.
//
// A message with the idempotency-key role gets a fresh key when its key is
// empty (and its type has the setter), under every policy. Under SendOutbox
// such a message is first persisted (its correlation id is filled in too),
// and Send returns once it is in the file; it is written now if live and replayed
// after every reconnect until its reply arrives.
func (c *Client) Send(ctx context.Context, m Message) error {
	_, err := c.send(ctx, m, false)
	return err
}

// Request sends m and waits for the reply with the same correlation id
// (filled in when empty), bounded by ctx. It fails with ErrConnectionLost
// (a *LostError) if the socket its frame went out on is lost first — except
// under SendOutbox, where the message is replayed and the wait goes on —
// and with ErrClosed when the Client closes.
func (c *Client) Request(ctx context.Context, m Message) (Message, error) {
	call, err := c.Begin(ctx, m)
	if err != nil {
		return nil, err
	}
	return call.Wait(ctx)
}

// Call is a request whose reply has not been waited for yet.
type Call struct {
	c *Client
	w *waiter
}

// Begin is the first half of Request: it sends m (filling in its
// correlation id) and returns once the message is accepted, so requests
// sent one after another go out in order; Call.Wait waits for the reply.
// A Call that is never waited for is forgotten when its reply arrives, its
// socket is lost, or the Client closes.
func (c *Client) Begin(ctx context.Context, m Message) (*Call, error) {
	w, err := c.send(ctx, m, true)
	if err != nil {
		return nil, err
	}
	return &Call{c: c, w: w}, nil
}

// Ref returns the request's correlation id.
func (call *Call) Ref() string { return call.w.id }

// Wait waits for the reply, bounded by ctx, with the errors of Request.
func (call *Call) Wait(ctx context.Context) (Message, error) {
	return call.c.pending.Wait(ctx, call.w)
}

func (c *Client) send(ctx context.Context, m Message, wantReply bool) (*waiter, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	_, hasKey := m.(Idempotent)
	durable := c.outbox != nil && hasKey
	if hasKey && idempotencyKey(m) == "" {
		s, ok := m.(IdempotencySetter)
		switch {
		case ok:
			s.SetRoleIdempotencyKey(newID())
		case durable:
			return nil, ErrNoIdempotencyKey
		}
	}
	ref := correlationID(m)
	if ref == "" && (wantReply || durable) {
		if s, ok := m.(CorrelationSetter); ok {
			s.SetRoleCorrelationID(newID())
			ref = correlationID(m)
		}
	}
	if ref == "" && wantReply {
		return nil, ErrNoCorrelationID
	}
	data, err := c.codec.Encode(m)
	if err != nil {
		return nil, err
	}
	f := outFrame{data: data, typ: m.MessageType(), ref: ref}
	var w *waiter
	if wantReply {
		if w, err = c.pending.Add(ref, durable); err != nil {
			return nil, err
		}
	}
	if durable {
		f.key = idempotencyKey(m)
		err = c.sendDurable(ctx, f)
	} else {
		err = c.sendNow(f)
	}
	if err != nil {
		if w != nil {
			c.pending.Remove(w)
		}
		return nil, err
	}
	if log := c.opts.Logger; log.Enabled(ctx, slog.LevelDebug) {
		log.Debug("send", "msg", logValue(m), "durable", durable)
	}
	return w, nil
}

func (c *Client) sendNow(f outFrame) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	if c.ws == nil && c.opts.SendPolicy != SendQueue {
		return ErrNotLive
	}
	if err := c.q.Push(f); err != nil {
		return err
	}
	c.startWriterLocked()
	return nil
}

func (c *Client) sendDurable(ctx context.Context, f outFrame) error {
	// obMu orders this put against activate's replay: either the entry is
	// stored before activate reads the file (activate replays it), or the
	// new socket is already live when it is stored (it is queued here).
	// Never both, never neither.
	c.obMu.Lock()
	defer c.obMu.Unlock()
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	if closed {
		return ErrClosed
	}
	added, err := c.outbox.Put(ctx, OutboxEntry{Key: f.key, Ref: f.ref, Type: f.typ, Frame: f.data})
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if f.ref != "" {
		c.setRef(f.ref, f.key)
	}
	if !added || c.ws == nil {
		// Stored (or already stored): the next connect replays it.
		return nil
	}
	// Past the queue's limits like activate's replay: the outbox bounds it,
	// and a live entry must not wait for a reconnect that may never come.
	c.q.PushForce(f)
	c.startWriterLocked()
	return nil
}

// newID returns a random id for correlation ids and idempotency keys.
func newID() string { return rand.Text() }

// logValue is how a message appears in logs: its own LogValue (generated
// messages leave sensitive fields out), else only its type and ids.
func logValue(m Message) slog.Value {
	if lv, ok := m.(slog.LogValuer); ok {
		return lv.LogValue()
	}
	attrs := []slog.Attr{slog.String("type", m.MessageType())}
	if ref := correlationID(m); ref != "" {
		attrs = append(attrs, slog.String("ref", ref))
	}
	if id := eventID(m); id != "" {
		attrs = append(attrs, slog.String("id", id))
	}
	return slog.GroupValue(attrs...)
}

// setRef remembers which outbox entry a correlation id acknowledges. c.mu
// is held (or the Client is not shared yet).
func (c *Client) setRef(ref, key string) {
	if c.refs == nil {
		c.refs = make(map[string]string)
	}
	c.refs[ref] = key
}
