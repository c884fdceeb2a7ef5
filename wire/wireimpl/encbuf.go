package wireimpl

import "sync"

// EncodeBufferLimit is the capacity, 64 KiB, above which [FinishEncode] does not keep
// a scratch buffer for the next frame: encoding a larger frame allocates its growth and
// leaves the pool as it was.
const EncodeBufferLimit = 64 << 10

// encodeBuffers holds scratch buffers between generated Encode calls.
var encodeBuffers = sync.Pool{New: func() any {
	b := make([]byte, 0, 1024)
	return &b
}}

// EncodeBuffer returns an empty scratch buffer from a pool, for one generated Encode.
// Hand it back with [FinishEncode].
func EncodeBuffer() *[]byte {
	p := encodeBuffers.Get().(*[]byte)
	*p = (*p)[:0]
	return p
}

// FinishEncode returns a copy of b, the frame written into the scratch buffer p (or a
// buffer grown from it), in a new slice of exactly its length; nil when b is nil. It
// puts the scratch buffer back in the pool, keeping the grown one when it is at most
// [EncodeBufferLimit] bytes. So a generated Encode of a frame under 64 KiB allocates
// once, the result, whatever its shape and escapes, once the pool is warm.
func FinishEncode(p *[]byte, b []byte) []byte {
	var out []byte
	if b != nil {
		// make and copy of its length: neither rounded up to a size class and the
		// rest cleared, as append([]byte(nil), b...) does (runtime.makeslicecopy).
		out = make([]byte, len(b))
		copy(out, b)
		if cap(b) <= EncodeBufferLimit {
			*p = b
		}
	}
	encodeBuffers.Put(p)
	return out
}
