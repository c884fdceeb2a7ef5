package boltoutbox_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/conn/boltoutbox"
	"github.com/wsgen/wsgen/conn/outboxtest"
)

func TestConformance(t *testing.T) {
	paths := map[conn.Outbox]string{}
	maxes := map[conn.Outbox]int{}
	open := func(t *testing.T, path string, max int) conn.Outbox {
		s, err := boltoutbox.Open(path, &boltoutbox.Options{MaxEntries: max})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		paths[s], maxes[s] = path, max
		return s
	}
	outboxtest.Run(t, outboxtest.Store{
		New: func(t *testing.T, max int) conn.Outbox {
			return open(t, filepath.Join(t.TempDir(), "outbox.db"), max)
		},
		Reopen: func(t *testing.T, o conn.Outbox) conn.Outbox {
			if err := o.(*boltoutbox.Store).Close(); err != nil {
				t.Fatal(err)
			}
			return open(t, paths[o], maxes[o])
		},
	})
}

func TestLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outbox.db")
	s, err := boltoutbox.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s2, err := boltoutbox.Open(path, &boltoutbox.Options{LockTimeout: 50 * time.Millisecond})
	if err == nil {
		s2.Close()
		t.Fatal("second Open of a locked file succeeded")
	}
	if !errors.Is(err, boltoutbox.ErrLocked) || !strings.Contains(err.Error(), path) {
		t.Errorf("second Open = %v, want ErrLocked naming %s", err, path)
	}
}

// TestCorrupt: a damaged file fails Open with a *CorruptError naming it
// (matching conn.ErrOutboxCorrupt), never a panic, whatever is damaged.
func TestCorrupt(t *testing.T) {
	ctx := context.Background()
	build := func(t *testing.T) (string, []byte) {
		path := filepath.Join(t.TempDir(), "outbox.db")
		s, err := boltoutbox.Open(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 200 {
			s.Put(ctx, outboxtest.Entry(strings.Repeat("k", 50)+string(rune('a'+i%26))+string(rune('a'+i/26))))
		}
		s.Close()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return path, data
	}
	_, clean := build(t)
	pageSize := os.Getpagesize()
	for _, tt := range []struct {
		name   string
		damage func(b []byte) []byte
	}{
		{"random bytes in every page but the metas", func(b []byte) []byte {
			for off := 2 * pageSize; off < len(b); off += pageSize {
				for i := 0; i < 64 && off+i < len(b); i++ {
					b[off+i] ^= byte(31*i + off/pageSize)
				}
			}
			return b
		}},
		{"both meta pages", func(b []byte) []byte {
			for i := 16; i < 64; i++ {
				b[i] ^= 0xff
				b[pageSize+i] ^= 0xff
			}
			return b
		}},
		{"truncated", func(b []byte) []byte { return b[:3*pageSize] }},
		{"not a bbolt file", func([]byte) []byte { return []byte(strings.Repeat("not a database\n", 1000)) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "damaged.db")
			if err := os.WriteFile(path, tt.damage(append([]byte(nil), clean...)), 0o600); err != nil {
				t.Fatal(err)
			}
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("Open panicked: %v", r)
					}
				}()
				var s *boltoutbox.Store
				s, err = boltoutbox.Open(path, &boltoutbox.Options{LockTimeout: 100 * time.Millisecond})
				if err == nil {
					_, err = s.Entries(ctx)
					s.Close()
				}
			}()
			var ce *boltoutbox.CorruptError
			if !errors.As(err, &ce) || !errors.Is(err, conn.ErrOutboxCorrupt) || ce.Path != path || !strings.Contains(err.Error(), "move it aside") {
				t.Fatalf("Open of a damaged file = %v, want a *CorruptError naming %s and what to do", err, path)
			}
		})
	}
}
