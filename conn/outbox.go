package conn

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Outbox is a durable store of outbound messages in a bbolt file, keyed by
// idempotency key and kept in insertion order. The Client puts every message
// sent under the SendOutbox policy here, replays the entries in order after
// every (re)connect, and removes an entry when its acknowledgement arrives.
// Entries survive a process restart: open the same file again.
//
// An Outbox is safe for concurrent use. bbolt locks the file, so one process
// (one Client) uses a file at a time.
type Outbox struct {
	db  *bolt.DB
	max int
	n   atomic.Int64 // entries stored; changed only inside Update transactions, which bbolt serializes
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

// OutboxOptions configure OpenOutbox. A nil *OutboxOptions means defaults.
type OutboxOptions struct {
	// MaxEntries bounds the outbox; Put fails with ErrOutboxFull beyond it.
	// Default 10,000.
	MaxEntries int
	// LockTimeout bounds the wait for the file lock held by another
	// process. Default 1 s.
	LockTimeout time.Duration
}

var (
	bucketEntries = []byte("entries") // 8-byte big-endian insertion seq -> entry
	bucketKeys    = []byte("keys")    // idempotency key -> 8-byte seq
)

// OpenOutbox opens (creating if needed) the outbox file at path.
func OpenOutbox(path string, opts *OutboxOptions) (*Outbox, error) {
	var o OutboxOptions
	if opts != nil {
		o = *opts
	}
	if o.MaxEntries <= 0 {
		o.MaxEntries = 10000
	}
	if o.LockTimeout <= 0 {
		o.LockTimeout = time.Second
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: o.LockTimeout})
	if err != nil {
		return nil, fmt.Errorf("conn: open outbox %s: %w", path, err)
	}
	ob := &Outbox{db: db, max: o.MaxEntries}
	err = db.Update(func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucketIfNotExists(bucketEntries); err != nil {
			return err
		}
		keys, err := tx.CreateBucketIfNotExists(bucketKeys)
		if err != nil {
			return err
		}
		ob.n.Store(int64(keys.Stats().KeyN))
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("conn: open outbox %s: %w", path, err)
	}
	return ob, nil
}

// Close closes the file.
func (o *Outbox) Close() error { return o.db.Close() }

// Put stores e at the end of the outbox and reports true, or reports false
// and changes nothing if an entry with the same key is already stored (a
// retried send of the same operation keeps its first position).
func (o *Outbox) Put(e OutboxEntry) (added bool, err error) {
	if e.Key == "" {
		return false, ErrNoIdempotencyKey
	}
	err = o.db.Update(func(tx *bolt.Tx) error {
		keys, entries := tx.Bucket(bucketKeys), tx.Bucket(bucketEntries)
		if keys.Get([]byte(e.Key)) != nil {
			return nil
		}
		if o.n.Load() >= int64(o.max) {
			return ErrOutboxFull
		}
		seq, err := entries.NextSequence()
		if err != nil {
			return err
		}
		var k [8]byte
		binary.BigEndian.PutUint64(k[:], seq)
		if err := entries.Put(k[:], encodeEntry(e)); err != nil {
			return err
		}
		if err := keys.Put([]byte(e.Key), k[:]); err != nil {
			return err
		}
		added = true
		o.n.Add(1)
		return nil
	})
	if err != nil && added {
		o.n.Add(-1) // the transaction did not commit
		added = false
	}
	if err != nil && !errors.Is(err, ErrOutboxFull) {
		err = fmt.Errorf("conn: outbox put: %w", err)
	}
	return added, err
}

// Remove deletes the entry with key and reports whether there was one.
func (o *Outbox) Remove(key string) (removed bool, err error) {
	err = o.db.Update(func(tx *bolt.Tx) error {
		keys, entries := tx.Bucket(bucketKeys), tx.Bucket(bucketEntries)
		seq := keys.Get([]byte(key))
		if seq == nil {
			return nil
		}
		if err := entries.Delete(seq); err != nil {
			return err
		}
		if err := keys.Delete([]byte(key)); err != nil {
			return err
		}
		removed = true
		o.n.Add(-1)
		return nil
	})
	if err != nil && removed {
		o.n.Add(1)
		removed = false
	}
	if err != nil {
		err = fmt.Errorf("conn: outbox remove: %w", err)
	}
	return removed, err
}

// Entries returns every stored entry in insertion order.
func (o *Outbox) Entries() ([]OutboxEntry, error) {
	var out []OutboxEntry
	err := o.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketEntries).ForEach(func(_, v []byte) error {
			e, err := decodeEntry(v)
			if err != nil {
				return err
			}
			out = append(out, e)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("conn: outbox read: %w", err)
	}
	return out, nil
}

// Len returns the number of stored entries.
func (o *Outbox) Len() int { return int(o.n.Load()) }

// Entry encoding: version byte 1, then uvarint-length-prefixed key, ref and
// type, then the frame.
func encodeEntry(e OutboxEntry) []byte {
	b := make([]byte, 0, 1+3*binary.MaxVarintLen32+len(e.Key)+len(e.Ref)+len(e.Type)+len(e.Frame))
	b = append(b, 1)
	for _, s := range []string{e.Key, e.Ref, e.Type} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return append(b, e.Frame...)
}

var errCorruptEntry = errors.New("conn: corrupt outbox entry")

func decodeEntry(b []byte) (OutboxEntry, error) {
	if len(b) == 0 || b[0] != 1 {
		return OutboxEntry{}, errCorruptEntry
	}
	b = b[1:]
	var f [3]string
	for i := range f {
		n, w := binary.Uvarint(b)
		if w <= 0 || n > uint64(len(b)-w) {
			return OutboxEntry{}, errCorruptEntry
		}
		f[i] = string(b[w : w+int(n)])
		b = b[w+int(n):]
	}
	return OutboxEntry{Key: f[0], Ref: f[1], Type: f[2], Frame: append([]byte(nil), b...)}, nil
}
