package wireimpl

import (
	"bytes"
	"testing"
)

func TestFinishEncode(t *testing.T) {
	p := EncodeBuffer()
	if len(*p) != 0 {
		t.Fatalf("EncodeBuffer has %d bytes, want 0", len(*p))
	}
	b := append(*p, `{"a":1}`...)
	out := FinishEncode(p, b)
	if string(out) != `{"a":1}` || cap(out) > 8 {
		t.Errorf("FinishEncode = %q (cap %d), want an exact copy", out, cap(out))
	}
	b[0] = 'x' // the scratch buffer is the pool's again: the result must not share it
	if out[0] != '{' {
		t.Error("the result aliases the scratch buffer")
	}
	if FinishEncode(EncodeBuffer(), nil) != nil {
		t.Error("FinishEncode(p, nil) != nil")
	}

	// A buffer grown past the limit is not kept: p keeps its old array.
	p = EncodeBuffer()
	old := cap(*p)
	big := append(*p, bytes.Repeat([]byte{'a'}, EncodeBufferLimit+1)...)
	if out := FinishEncode(p, big); len(out) != EncodeBufferLimit+1 {
		t.Fatalf("len = %d", len(out))
	}
	if cap(*p) != old {
		t.Errorf("a %d-byte buffer was kept (limit %d)", cap(*p), EncodeBufferLimit)
	}
}

func TestScratch(t *testing.T) {
	var s Scratch[*int]
	p := s.Get()
	v := 7
	items := append(*p, &v, &v)
	s.Put(p, items)
	if items[0] != nil || items[1] != nil {
		t.Error("Put left pointers in the scratch slice")
	}
	if len(*p) != 0 || cap(*p) < 2 {
		t.Errorf("kept slice: len %d cap %d, want empty with the capacity", len(*p), cap(*p))
	}
	big := make([]*int, ScratchLimit/8+1)
	q := s.Get()
	s.Put(q, big)
	if cap(*q) == len(big) {
		t.Errorf("a %d-byte scratch slice was kept (limit %d)", len(big)*8, ScratchLimit)
	}
}
