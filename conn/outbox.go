package conn

import (
	"context"
	"slices"
	"sync"
)

// Outbox is the store behind the SendOutbox policy: outbound messages kept
// until their acknowledgement arrives, replayed after every (re)connect and
// across process restarts. Pass one in Options.Outbox. Package
// [github.com/wsgen/wsgen/conn/boltoutbox] stores them in a bbolt file;
// [NewMemoryOutbox] keeps them in memory (they then survive reconnects but
// not the process). Package [github.com/wsgen/wsgen/conn/outboxtest] is a
// conformance suite any implementation should pass.
//
// The contract, which a store shared by several replicas of a service (a
// database table) can implement as well as a local file:
//
//   - Identity: an entry is identified by its idempotency key (Key, never
//     empty: Put refuses it with ErrNoIdempotencyKey). Put of a key already
//     stored changes nothing and reports false: a retried send keeps its
//     first position and its first frame.
//   - Ordering: Entries returns the entries in the order their Puts
//     succeeded (for one writer; a shared store orders concurrent writers
//     any way it likes, but consistently across calls), without the removed
//     ones. The Client replays them in that order.
//   - Durability: once Put returns nil the entry must survive what the store
//     promises to survive (a file store: a crash of the process or the
//     machine). Remove need not be durable when it returns: a removal lost
//     in a crash only makes the entry replay once more, and the server
//     absorbs the replay by its idempotency key. Stores may therefore batch
//     or defer removals; the Client already batches them (one Remove call
//     per batch of acknowledgements, off the socket's reader goroutine).
//   - Bounds: a store may refuse a Put with ErrOutboxFull; Send then fails
//     with it. Len counts the entries stored (not yet removed).
//   - Errors: a store that finds its data damaged returns an error matching
//     ErrOutboxCorrupt, never panics.
//   - Concurrency: every method may be called from several goroutines at
//     once. The Client calls Put from Send's goroutine, Remove from one
//     goroutine of its own, Entries when a socket goes live, Len from
//     OutboxLen.
//   - Ownership: the Client never closes the store; whoever opened it closes
//     it after the Client's Close has returned. Two Clients must not use one
//     store at once unless the store is built for it (each would replay the
//     other's entries).
type Outbox interface {
	// Put stores e after every entry stored before and reports true, or
	// reports false and changes nothing if an entry with e.Key is stored.
	Put(ctx context.Context, e OutboxEntry) (added bool, err error)
	// Remove deletes the entries with these keys; keys not stored are
	// ignored.
	Remove(ctx context.Context, keys ...string) error
	// Entries returns the stored entries in order.
	Entries(ctx context.Context) ([]OutboxEntry, error)
	// Len returns the number of stored entries.
	Len() int
}

// OutboxEntry is one stored message.
type OutboxEntry struct {
	// Key is the message's idempotency key.
	Key string
	// Ref is the correlation id its acknowledgement carries.
	Ref string
	// Type is the message type, for logs.
	Type string
	// Frame is the encoded message as it goes on the wire.
	Frame []byte
}

// NewMemoryOutbox returns an Outbox kept in memory, bounded to maxEntries
// entries (10,000 when maxEntries <= 0; Put fails with ErrOutboxFull
// beyond). Its entries survive reconnects but not the process: use it for
// messages that must not be lost on a flaky network but need no disk.
func NewMemoryOutbox(maxEntries int) Outbox {
	if maxEntries <= 0 {
		maxEntries = DefaultOutboxEntries
	}
	return &memOutbox{max: maxEntries, index: map[string]int{}}
}

// DefaultOutboxEntries bounds the stores of this module when their options
// leave it zero.
const DefaultOutboxEntries = 10000

type memOutbox struct {
	mu      sync.Mutex
	max     int
	entries []OutboxEntry // in order; removed ones have Key == ""
	index   map[string]int
	live    int
}

func (m *memOutbox) Put(_ context.Context, e OutboxEntry) (bool, error) {
	if e.Key == "" {
		return false, ErrNoIdempotencyKey
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.index[e.Key]; ok {
		return false, nil
	}
	if m.live >= m.max {
		return false, ErrOutboxFull
	}
	e.Frame = slices.Clone(e.Frame)
	m.index[e.Key] = len(m.entries)
	m.entries = append(m.entries, e)
	m.live++
	return true, nil
}

func (m *memOutbox) Remove(_ context.Context, keys ...string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, k := range keys {
		i, ok := m.index[k]
		if !ok {
			continue
		}
		delete(m.index, k)
		m.entries[i] = OutboxEntry{}
		m.live--
	}
	if len(m.entries) > 2*m.live+16 { // compact: removed slots at most half
		kept := m.entries[:0]
		for _, e := range m.entries {
			if e.Key != "" {
				m.index[e.Key] = len(kept)
				kept = append(kept, e)
			}
		}
		clear(m.entries[len(kept):])
		m.entries = kept
	}
	return nil
}

func (m *memOutbox) Entries(context.Context) ([]OutboxEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]OutboxEntry, 0, m.live)
	for _, e := range m.entries {
		if e.Key != "" {
			e.Frame = slices.Clone(e.Frame)
			out = append(out, e)
		}
	}
	return out, nil
}

func (m *memOutbox) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.live
}
