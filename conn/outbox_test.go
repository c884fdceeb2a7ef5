package conn

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func entry(key string) OutboxEntry {
	return OutboxEntry{Key: key, Ref: "ref-" + key, Type: "send_chat", Frame: []byte(`{"key":"` + key + `"}`)}
}

func keysOf(es []OutboxEntry) []string {
	var ks []string
	for _, e := range es {
		ks = append(ks, e.Key)
	}
	return ks
}

func TestOutbox(t *testing.T) {
	type op struct {
		put, remove string
		reopen      bool
		wantOK      bool
		wantErr     error
	}
	for _, tt := range []struct {
		name string
		max  int
		ops  []op
		want []string
	}{
		{"insertion order", 0, []op{{put: "c", wantOK: true}, {put: "a", wantOK: true}, {put: "b", wantOK: true}}, []string{"c", "a", "b"}},
		{"same key keeps its first position", 0, []op{{put: "a", wantOK: true}, {put: "b", wantOK: true}, {put: "a"}}, []string{"a", "b"}},
		{"remove on ack", 0, []op{{put: "a", wantOK: true}, {put: "b", wantOK: true}, {remove: "a", wantOK: true}, {remove: "a"}}, []string{"b"}},
		{"survives reopen", 0, []op{{put: "a", wantOK: true}, {put: "b", wantOK: true}, {reopen: true}, {put: "c", wantOK: true}, {remove: "a", wantOK: true}, {reopen: true}}, []string{"b", "c"}},
		{"order kept after removals and reopen", 0, []op{{put: "a", wantOK: true}, {remove: "a", wantOK: true}, {reopen: true}, {put: "b", wantOK: true}, {put: "a", wantOK: true}}, []string{"b", "a"}},
		{"bounded", 2, []op{{put: "a", wantOK: true}, {put: "b", wantOK: true}, {put: "c", wantErr: ErrOutboxFull}, {remove: "a", wantOK: true}, {put: "c", wantOK: true}}, []string{"b", "c"}},
		{"key required", 0, []op{{put: "", wantErr: ErrNoIdempotencyKey}}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "outbox.db")
			opts := &OutboxOptions{MaxEntries: tt.max}
			o, err := OpenOutbox(path, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { o.Close() }()
			for i, op := range tt.ops {
				var ok bool
				var err error
				switch {
				case op.reopen:
					if err := o.Close(); err != nil {
						t.Fatal(err)
					}
					if o, err = OpenOutbox(path, opts); err != nil {
						t.Fatal(err)
					}
					continue
				case op.remove != "":
					ok, err = o.Remove(op.remove)
				default:
					ok, err = o.Put(entry(op.put))
				}
				if ok != op.wantOK || !errors.Is(err, op.wantErr) {
					t.Errorf("op %d %+v: got %v, %v", i, op, ok, err)
				}
			}
			es, err := o.Entries()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, keysOf(es)); diff != "" {
				t.Errorf("Entries keys (-want +got):\n%s", diff)
			}
			if o.Len() != len(tt.want) {
				t.Errorf("Len = %d, want %d", o.Len(), len(tt.want))
			}
			for _, e := range es {
				if diff := cmp.Diff(entry(e.Key), e); diff != "" {
					t.Errorf("entry %q (-want +got):\n%s", e.Key, diff)
				}
			}
		})
	}
}

func TestOutboxLockedByAnotherUser(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outbox.db")
	o, err := OpenOutbox(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if o2, err := OpenOutbox(path, &OutboxOptions{LockTimeout: 50e6}); err == nil {
		o2.Close()
		t.Fatal("second OpenOutbox of a locked file succeeded")
	}
}

func TestOutboxEntryEncoding(t *testing.T) {
	for _, e := range []OutboxEntry{
		{},
		{Key: "k", Ref: "", Type: "t", Frame: []byte("{}")},
		{Key: string(make([]byte, 300)), Ref: "r", Type: "t", Frame: nil},
	} {
		got, err := decodeEntry(encodeEntry(e))
		if err != nil {
			t.Fatalf("decodeEntry(encodeEntry(%+v)) error %v", e, err)
		}
		if diff := cmp.Diff(e, got, cmp.Comparer(func(a, b []byte) bool { return string(a) == string(b) })); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
	}
	for _, b := range [][]byte{nil, {2}, {1, 5, 'a'}} {
		if _, err := decodeEntry(b); !errors.Is(err, errCorruptEntry) {
			t.Errorf("decodeEntry(%q) = %v, want errCorruptEntry", b, err)
		}
	}
}
