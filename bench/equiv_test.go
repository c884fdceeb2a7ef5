package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/bench/book"
	"github.com/wsgen/wsgen/bench/ogenchat"
	"github.com/wsgen/wsgen/gen"
	"github.com/wsgen/wsgen/generated/chat"
	"github.com/wsgen/wsgen/schema"
)

// canon converts any peer's decoded value to the reflection peers' struct, so that
// values can be compared across peers.
func canon(t *testing.T, v any) any {
	t.Helper()
	levels := func(ls []book.Level) [][2]string {
		out := make([][2]string, len(ls))
		for i, l := range ls {
			out[i] = l // book.Level is a [2]string: its type holds the length
		}
		return out
	}
	ogenLevels := func(ls []ogenchat.Level) [][2]string {
		out := make([][2]string, len(ls))
		for i, l := range ls {
			if len(l) != 2 {
				t.Fatalf("level %d has %d items", i, len(l))
			}
			out[i] = [2]string{string(l[0]), string(l[1])}
		}
		return out
	}
	ogenChat := func(c *ogenchat.Chat) ChatMsg {
		return ChatMsg{string(c.Type), c.ID, string(c.Room), c.Seq, c.From, c.Text, c.SentAt}
	}
	switch v := v.(type) {
	case *ChatMsg, *SnapshotMsg, *BookMsg:
		return v
	case *chat.Chat:
		return &ChatMsg{chat.TypeChat, v.ID, v.Room, v.Seq, v.From, v.Text, v.SentAt}
	case *chat.Snapshot:
		s := &SnapshotMsg{Type: chat.TypeSnapshot, Ref: v.Ref, Room: v.Room, Seq: v.Seq, Messages: []ChatMsg{}}
		for _, c := range v.Messages {
			s.Messages = append(s.Messages, *canon(t, &c).(*ChatMsg))
		}
		return s
	case *book.Book:
		return &BookMsg{book.TypeBook, v.Symbol, v.Seq, v.TimeMs, levels(v.Bids), levels(v.Asks)}
	case *ogenchat.Chat:
		c := ogenChat(v)
		return &c
	case *ogenchat.Snapshot:
		s := &SnapshotMsg{Type: string(v.Type), Ref: v.Ref, Room: string(v.Room), Seq: v.Seq, Messages: []ChatMsg{}}
		for i := range v.Messages {
			s.Messages = append(s.Messages, ogenChat(&v.Messages[i]))
		}
		return s
	case *ogenchat.Book:
		return &BookMsg{string(v.Type), v.Symbol, v.Seq, v.TimeMs, ogenLevels(v.Bids), ogenLevels(v.Asks)}
	}
	t.Fatalf("no canonical form for %T", v)
	return nil
}

// generic parses JSON into any, numbers as json.Number, so that two encodings compare
// equal exactly when they hold the same JSON value.
func generic(t *testing.T, data []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("%v in %s", err, data)
	}
	return v
}

// TestPeersAgree checks that every peer decodes each frame to the values encoding/json
// decodes, and encodes them back to the same JSON value.
func TestPeersAgree(t *testing.T) {
	for _, f := range frames() {
		t.Run(f.name, func(t *testing.T) {
			var want any
			switch f.name {
			case "chat":
				want = new(ChatMsg)
			case "snapshot":
				want = new(SnapshotMsg)
			case "book":
				want = new(BookMsg)
			}
			if err := json.Unmarshal(f.data, want); err != nil {
				t.Fatal(err)
			}
			wantJSON := generic(t, f.data)
			for _, p := range f.peers {
				t.Run(p.name, func(t *testing.T) {
					v, err := p.decode(f.data)
					if err != nil {
						t.Fatalf("decode: %v", err)
					}
					if diff := cmp.Diff(want, canon(t, v)); diff != "" {
						t.Errorf("decoded values differ from encoding/json's (-want +got):\n%s", diff)
					}
					out, err := p.encode(v)
					if err != nil {
						t.Fatalf("encode: %v", err)
					}
					if diff := cmp.Diff(wantJSON, generic(t, out)); diff != "" {
						t.Errorf("encoded JSON differs from the frame (-want +got):\n%s", diff)
					}
				})
			}
		})
	}
}

// TestFrames checks the frames' shapes, so that the benchmark measures what
// BENCHMARKS.md says it does.
func TestFrames(t *testing.T) {
	var s SnapshotMsg
	var b BookMsg
	if err := json.Unmarshal(SnapshotFrame, &s); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(BookFrame, &b); err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("chat %d bytes; snapshot %d messages, %.1f KB; book %d levels",
		len(ChatFrame), len(s.Messages), float64(len(SnapshotFrame))/1000, len(b.Bids)+len(b.Asks))
	if want := "chat 272 bytes; snapshot 50 messages, 11.0 KB; book 100 levels"; got != want {
		t.Errorf("frames: %s, want %s", got, want)
	}
	t.Logf("%s; book %d bytes", got, len(BookFrame))
}

// TestInvalidRefused checks that the validating peers refuse what the schema refuses
// and the others accept it: the difference the benchmark's validation pays for.
func TestInvalidRefused(t *testing.T) {
	bad := map[string][]byte{
		"chat":     bytes.Replace(ChatFrame, []byte(`"room":"general"`), []byte(`"room":"General!"`), 1),
		"snapshot": bytes.Replace(SnapshotFrame, []byte(`"seq":184470`), []byte(`"seq":0`), 1),
		"book":     bytes.Replace(BookFrame, []byte(`"96932.80"`), []byte(`"96,932.80"`), 1),
	}
	for _, f := range frames() {
		if bytes.Equal(bad[f.name], f.data) {
			t.Fatalf("%s: the replacement did not apply", f.name)
		}
		for _, p := range f.peers {
			_, err := p.decode(bad[f.name])
			validating := p.name == "wsgen" || p.name == "ogen"
			if validating != (err != nil) {
				t.Errorf("%s/%s: decode error %v, want an error: %v", f.name, p.name, err, validating)
			}
		}
	}
}

// TestBookFresh regenerates ./book in memory, from the directive in its generate.go,
// and fails when a checked-in file differs.
func TestBookFresh(t *testing.T) {
	const src = "../testdata/book/protocol.json"
	data, err := os.ReadFile(filepath.Join("book", src))
	if err != nil {
		t.Fatal(err)
	}
	directive, err := os.ReadFile("book/generate.go")
	if err != nil {
		t.Fatal(err)
	}
	if want := "//go:generate go tool wsgen generate -schema " + src + " -out . -client=false\n"; !bytes.Contains(directive, []byte(want)) {
		t.Fatalf("book/generate.go lacks %q", want)
	}
	p, err := schema.Parse(src, data)
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generate(p, &gen.Options{Client: gen.ClientOmit})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range gen.Files {
		want, ok := files[name]
		got, err := os.ReadFile(filepath.Join("book", name))
		switch {
		case !ok && err == nil:
			t.Errorf("stale bench/book: run go generate ./book in bench/ (%s is no longer generated)", name)
		case ok && (err != nil || !bytes.Equal(got, want)):
			t.Errorf("stale bench/book: run go generate ./book in bench/ (%s differs)", name)
		}
	}
}
