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
