package conn

import (
	"errors"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func frame(s string) outFrame { return outFrame{data: []byte(s), typ: "t", ref: s} }

func TestQueueLimits(t *testing.T) {
	for _, tt := range []struct {
		name     string
		maxMsgs  int
		maxBytes int
		push     []string
		want     []error // per push
		wantLen  int
		wantSize int
	}{
		{"under both limits", 3, 100, []string{"a", "bb", "ccc"}, []error{nil, nil, nil}, 3, 6},
		{"message limit", 2, 100, []string{"a", "b", "c"}, []error{nil, nil, ErrQueueFull}, 2, 2},
		{"byte limit", 10, 5, []string{"abc", "de", "f"}, []error{nil, nil, ErrQueueFull}, 2, 5},
		{"exact byte limit", 10, 5, []string{"abcde"}, []error{nil}, 1, 5},
		{"frame larger than the queue", 10, 4, []string{"abcde", "ab"}, []error{ErrFrameTooLarge, nil}, 1, 2},
		{"full then smaller still refused by count", 1, 100, []string{"a", ""}, []error{nil, ErrQueueFull}, 1, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q := newQueue(tt.maxMsgs, tt.maxBytes)
			for i, s := range tt.push {
				if err := q.Push(frame(s)); !errors.Is(err, tt.want[i]) {
					t.Errorf("Push(%q) = %v, want %v", s, err, tt.want[i])
				}
			}
			if q.Len() != tt.wantLen || q.Bytes() != tt.wantSize {
				t.Errorf("Len, Bytes = %d, %d, want %d, %d", q.Len(), q.Bytes(), tt.wantLen, tt.wantSize)
			}
		})
	}
}

func TestQueueOrderAndFilter(t *testing.T) {
	q := newQueue(100, 1000)
	for _, s := range []string{"a", "b", "c", "d", "e", "f"} {
		if err := q.Push(frame(s)); err != nil {
			t.Fatal(err)
		}
	}
	if f, _ := q.Pop(); string(f.data) != "a" {
		t.Fatalf("Pop = %q, want a", f.data)
	}
	removed := q.Filter(func(f *outFrame) bool { return strings.Contains("bdf", string(f.data)) })
	if got := joinFrames(removed); got != "ce" {
		t.Errorf("Filter removed %q, want ce", got)
	}
	q.PushFront(frame("z"))
	var got []string
	for {
		f, ok := q.Pop()
		if !ok {
			break
		}
		got = append(got, string(f.data))
	}
	if strings.Join(got, "") != "zbdf" || q.Bytes() != 0 {
		t.Errorf("drained %q (bytes left %d), want zbdf (0)", got, q.Bytes())
	}
}

func joinFrames(fs []outFrame) string {
	var b strings.Builder
	for _, f := range fs {
		b.Write(f.data)
	}
	return b.String()
}

// TestQueueModel checks the ring buffer against a slice model under random
// operations: same order, same counts, limits never exceeded.
func TestQueueModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		maxMsgs := rapid.IntRange(1, 20).Draw(t, "maxMsgs")
		maxBytes := rapid.IntRange(1, 60).Draw(t, "maxBytes")
		q := newQueue(maxMsgs, maxBytes)
		var model []string
		size := func() int {
			n := 0
			for _, s := range model {
				n += len(s)
			}
			return n
		}
		for i := range rapid.IntRange(0, 200).Draw(t, "ops") {
			switch rapid.IntRange(0, 3).Draw(t, "op") {
			case 0, 1:
				s := strings.Repeat("x", rapid.IntRange(0, 10).Draw(t, "len")) + string(rune('a'+i%26))
				err := q.Push(frame(s))
				fits := len(model)+1 <= maxMsgs && size()+len(s) <= maxBytes
				if fits != (err == nil) {
					t.Fatalf("Push(%d bytes) with %d msgs/%d bytes = %v", len(s), len(model), size(), err)
				}
				if err == nil {
					model = append(model, s)
				}
			case 2:
				f, ok := q.Pop()
				if ok != (len(model) > 0) {
					t.Fatalf("Pop ok = %v with %d in model", ok, len(model))
				}
				if ok {
					if string(f.data) != model[0] {
						t.Fatalf("Pop = %q, want %q", f.data, model[0])
					}
					model = model[1:]
				}
			case 3:
				odd := rapid.Bool().Draw(t, "odd")
				q.Filter(func(f *outFrame) bool { return (len(f.data)%2 == 1) == odd })
				var kept []string
				for _, s := range model {
					if (len(s)%2 == 1) == odd {
						kept = append(kept, s)
					}
				}
				model = kept
			}
			if q.Len() != len(model) || q.Bytes() != size() {
				t.Fatalf("Len, Bytes = %d, %d, model %d, %d", q.Len(), q.Bytes(), len(model), size())
			}
			if q.Len() > maxMsgs || q.Bytes() > maxBytes {
				t.Fatalf("limits exceeded: %d msgs, %d bytes", q.Len(), q.Bytes())
			}
		}
	})
}
