// Package boltoutbox is a [conn.Outbox] stored in a bbolt file: the durable
// store behind conn's SendOutbox policy, surviving process restarts and
// machine crashes.
//
//	ob, err := boltoutbox.Open("chat-outbox.db", nil)
//	if err != nil { ... }
//	defer ob.Close() // after the Client's Close
//	c, err := conn.New(url, &conn.Options{SendPolicy: conn.SendOutbox, Outbox: ob, ...})
//
// It is a package of its own, not part of conn, so that a program that does
// not use it does not link bbolt (about 0.5 MB of binary, and its mmap and
// file lock): conn depends only on the [conn.Outbox] interface, and a
// program picks its store by importing it. It sits under conn/ because it
// exists for conn and imports it.
//
// # Durability and speed
//
// Put commits (and fsyncs) one bbolt transaction before it returns. Remove
// deletes a batch of keys in one transaction: conn calls it off the
// socket's reader goroutine with every acknowledgement that arrived
// meanwhile, so a burst of acks costs a few fsyncs, not one each, and never
// delays reading.
//
// # Damage and locks
//
// bbolt locks the file: a second process (or a second Open in this one)
// waits Options.LockTimeout (1 s) and then fails with an error matching
// [ErrLocked] that names the file. A damaged file — random bytes in its
// pages, a truncated copy — fails Open with a *[CorruptError] (matching
// [conn.ErrOutboxCorrupt]) that names the file and says what to do; the
// pages are checked at Open (bbolt's consistency check, linear in the file
// size) and bbolt's panics on damaged pages are recovered, never left to
// crash the process. A file damaged after Open makes the failing call
// return a *CorruptError.
//
// # Format
//
// Bucket "entries" maps an 8-byte big-endian insertion sequence to the
// entry (version byte 1, then the uvarint-length-prefixed key, ref and type,
// then the frame); bucket "keys" maps each idempotency key to its sequence.
package boltoutbox

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"runtime/debug"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/wsgen/wsgen/conn"
)

// Store is a conn.Outbox in a bbolt file. It is safe for concurrent use.
type Store struct {
	db   *bolt.DB
	path string
	max  int
	n    atomic.Int64 // entries stored; changed only inside Update transactions, which bbolt serializes
}

var _ conn.Outbox = (*Store)(nil)

// Options configure Open. A nil *Options means defaults.
type Options struct {
	// MaxEntries bounds the store; Put fails with conn.ErrOutboxFull beyond
	// it. Default conn.DefaultOutboxEntries (10,000).
	MaxEntries int
	// LockTimeout bounds the wait for the file lock held by another process
	// (or another Store of this one). Default 1 s.
	LockTimeout time.Duration
}

// ErrLocked is matched (errors.Is) by the error of Open when another
// process, or another Store in this one, holds the file.
var ErrLocked = errors.New("boltoutbox: file in use by another process")

// CorruptError reports a damaged outbox file. It matches
// conn.ErrOutboxCorrupt with errors.Is.
type CorruptError struct {
	Path string
	Err  error // bbolt's error, or the recovered panic as an error
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("boltoutbox: outbox file %s is damaged (%v); its unacknowledged messages cannot be read: move it aside (keep it for inspection) and start again with a new file", e.Path, e.Err)
}

// Is reports whether target is conn.ErrOutboxCorrupt.
func (e *CorruptError) Is(target error) bool { return target == conn.ErrOutboxCorrupt }

// Unwrap returns the underlying error.
func (e *CorruptError) Unwrap() error { return e.Err }

var (
	bucketEntries = []byte("entries") // 8-byte big-endian insertion seq -> entry
	bucketKeys    = []byte("keys")    // idempotency key -> 8-byte seq
)

// Open opens (creating if needed) the outbox file at path.
func Open(path string, opts *Options) (st *Store, err error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.MaxEntries <= 0 {
		o.MaxEntries = conn.DefaultOutboxEntries
	}
	if o.LockTimeout <= 0 {
		o.LockTimeout = time.Second
	}
	if err := checkMeta(path); err != nil {
		return nil, err
	}
	var db *bolt.DB
	err = guard(path, func() error {
		var err error
		db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: o.LockTimeout})
		return err
	})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("boltoutbox: open %s: %w (waited %v for its lock)", path, ErrLocked, o.LockTimeout)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return nil, &CorruptError{Path: path, Err: err}
	case err != nil:
		var ce *CorruptError
		if errors.As(err, &ce) {
			return nil, err
		}
		return nil, fmt.Errorf("boltoutbox: open %s: %w", path, err)
	}
	s := &Store{db: db, path: path, max: o.MaxEntries}
	if err := s.init(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// init checks the file's pages and creates the buckets.
func (s *Store) init() error {
	return s.guard(func() error {
		err := s.db.View(func(tx *bolt.Tx) error {
			for err := range tx.Check() {
				return &CorruptError{Path: s.path, Err: err} // the first inconsistency says enough
			}
			return nil
		})
		if err != nil {
			return err
		}
		return s.db.Update(func(tx *bolt.Tx) error {
			entries, err := tx.CreateBucketIfNotExists(bucketEntries)
			if err != nil {
				return err
			}
			keys, err := tx.CreateBucketIfNotExists(bucketKeys)
			if err != nil {
				return err
			}
			n := keys.Stats().KeyN
			if entries.Stats().KeyN != n {
				return &CorruptError{Path: s.path, Err: fmt.Errorf("%d entries but %d keys", entries.Stats().KeyN, n)}
			}
			s.n.Store(int64(n))
			return nil
		})
	})
}

// checkMeta reads the file's two meta pages as bbolt lays them out and
// refuses a file whose valid meta page refers to pages beyond its end:
// bbolt would read them from its memory map past the file, a fault no
// recover can catch on the goroutines bbolt starts itself.
func checkMeta(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("boltoutbox: open %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return nil
	}
	size := uint64(fi.Size())
	var buf [16 + 64]byte
	pageSize := uint64(os.Getpagesize()) // bbolt's default, if meta 0 cannot say
	for i := range 2 {
		off := int64(i) * int64(pageSize)
		if _, err := f.ReadAt(buf[:], off); err != nil {
			return &CorruptError{Path: path, Err: fmt.Errorf("meta page %d: %w", i, err)}
		}
		m := buf[16:]
		le := binary.LittleEndian
		if le.Uint32(m[0:]) != 0xED0CDAED || le.Uint32(m[4:]) != 2 {
			continue // not a bbolt meta page: bbolt refuses the file or ignores it
		}
		h := fnv.New64a()
		h.Write(m[:56])
		if h.Sum64() != le.Uint64(m[56:]) {
			continue // an invalid meta page: bbolt ignores it
		}
		ps, root, free, hwm := uint64(le.Uint32(m[8:])), le.Uint64(m[16:]), le.Uint64(m[32:]), le.Uint64(m[40:])
		if i == 0 {
			pageSize = ps
		}
		if ps < 512 || hwm > size/ps || root >= hwm || free >= hwm && free != ^uint64(0) {
			return &CorruptError{Path: path, Err: fmt.Errorf("meta page %d refers to pages beyond the file's %d bytes", i, size)}
		}
	}
	return nil
}

// guard runs f, turning a panic of bbolt (damaged pages) into a
// *CorruptError.
func guard(path string, f func() error) (err error) {
	// A damaged page can make bbolt read its memory map beyond the file:
	// a fault, which this turns into a panic recovered below (checkMeta
	// and bbolt's page check keep page ids within the file beforehand).
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &CorruptError{Path: path, Err: fmt.Errorf("bbolt: %v", r)}
		}
	}()
	return f()
}

func (s *Store) guard(f func() error) error { return guard(s.path, f) }

// Path returns the file's path.
func (s *Store) Path() string { return s.path }

// Close closes the file. Close it after the Client using it has closed.
func (s *Store) Close() error { return s.db.Close() }

// Put implements conn.Outbox: it stores e at the end, durably (fsync)
// before it returns, and reports true; or reports false and changes nothing
// if an entry with the same key is stored.
func (s *Store) Put(ctx context.Context, e conn.OutboxEntry) (added bool, err error) {
	if e.Key == "" {
		return false, conn.ErrNoIdempotencyKey
	}
	if err := ctx.Err(); err != nil {
		return false, err
	}
	err = s.guard(func() error {
		return s.db.Update(func(tx *bolt.Tx) error {
			keys, entries := tx.Bucket(bucketKeys), tx.Bucket(bucketEntries)
			if keys.Get([]byte(e.Key)) != nil {
				return nil
			}
			if s.n.Load() >= int64(s.max) {
				return conn.ErrOutboxFull
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
			s.n.Add(1)
			return nil
		})
	})
	if err != nil && added {
		s.n.Add(-1) // the transaction did not commit
		added = false
	}
	if err != nil && !errors.Is(err, conn.ErrOutboxFull) && !errors.Is(err, conn.ErrOutboxCorrupt) {
		err = fmt.Errorf("boltoutbox: put: %w", err)
	}
	return added, err
}

// Remove implements conn.Outbox: it deletes the entries with keys in one
// transaction.
func (s *Store) Remove(_ context.Context, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	var removed int64
	err := s.guard(func() error {
		return s.db.Update(func(tx *bolt.Tx) error {
			kb, entries := tx.Bucket(bucketKeys), tx.Bucket(bucketEntries)
			for _, key := range keys {
				seq := kb.Get([]byte(key))
				if seq == nil {
					continue
				}
				if err := entries.Delete(seq); err != nil {
					return err
				}
				if err := kb.Delete([]byte(key)); err != nil {
					return err
				}
				removed++
			}
			s.n.Add(-removed)
			return nil
		})
	})
	if err != nil {
		s.n.Add(removed) // the transaction did not commit
		if !errors.Is(err, conn.ErrOutboxCorrupt) {
			err = fmt.Errorf("boltoutbox: remove: %w", err)
		}
	}
	return err
}

// Entries implements conn.Outbox: every stored entry in insertion order.
func (s *Store) Entries(ctx context.Context) ([]conn.OutboxEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []conn.OutboxEntry
	err := s.guard(func() error {
		return s.db.View(func(tx *bolt.Tx) error {
			return tx.Bucket(bucketEntries).ForEach(func(_, v []byte) error {
				e, err := decodeEntry(v)
				if err != nil {
					return &CorruptError{Path: s.path, Err: err}
				}
				out = append(out, e)
				return nil
			})
		})
	})
	if err != nil {
		if !errors.Is(err, conn.ErrOutboxCorrupt) {
			err = fmt.Errorf("boltoutbox: read: %w", err)
		}
		return nil, err
	}
	return out, nil
}

// Len implements conn.Outbox.
func (s *Store) Len() int { return int(s.n.Load()) }

// encodeEntry: version byte 1, then uvarint-length-prefixed key, ref and
// type, then the frame.
func encodeEntry(e conn.OutboxEntry) []byte {
	b := make([]byte, 0, 1+3*binary.MaxVarintLen32+len(e.Key)+len(e.Ref)+len(e.Type)+len(e.Frame))
	b = append(b, 1)
	for _, s := range []string{e.Key, e.Ref, e.Type} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return append(b, e.Frame...)
}

var errBadEntry = errors.New("an entry does not decode")

func decodeEntry(b []byte) (conn.OutboxEntry, error) {
	if len(b) == 0 || b[0] != 1 {
		return conn.OutboxEntry{}, errBadEntry
	}
	b = b[1:]
	var f [3]string
	for i := range f {
		n, w := binary.Uvarint(b)
		if w <= 0 || n > uint64(len(b)-w) {
			return conn.OutboxEntry{}, errBadEntry
		}
		f[i] = string(b[w : w+int(n)])
		b = b[w+int(n):]
	}
	return conn.OutboxEntry{Key: f[0], Ref: f[1], Type: f[2], Frame: append([]byte(nil), b...)}, nil
}
