package wireimpl

import (
	"slices"
	"sync"
	"unsafe"
)

// ScratchLimit is the size, 64 KiB, above which [Scratch.Put] does not keep a slice for
// the next array.
const ScratchLimit = 64 << 10

// Scratch is a pool of slices in which a generated array decoder collects the items of
// one array before copying them once into a slice of exactly their number: one
// allocation per array instead of one per doubling of append, and no spare capacity
// kept by the decoded value.
type Scratch[T any] struct {
	pool sync.Pool
}

// Get returns a pooled empty slice (its pointer, to hand back to Put).
func (s *Scratch[T]) Get() *[]T {
	if p, ok := s.pool.Get().(*[]T); ok {
		return p
	}
	return new([]T)
}

// Put clears items, the slice collected from *p (so that the pool holds no pointers
// into decoded values), and returns it to the pool unless it holds more than
// [ScratchLimit] bytes.
func (s *Scratch[T]) Put(p *[]T, items []T) {
	clear(items)
	var zero T
	if uintptr(cap(items))*unsafe.Sizeof(zero) <= ScratchLimit {
		*p = items[:0]
	}
	s.pool.Put(p)
}

// keyScratch holds the slices SortedKeys sorts map keys in.
var keyScratch Scratch[string]

// SortedKeys returns the keys of m, sorted, in a pooled slice: generated Encode writes a
// map's members in this order, so that its output is byte-for-byte reproducible, without
// allocating (slices.Sorted(maps.Keys(m)) allocates as it grows). Hand the slice back
// with [PutKeys] once the members are written.
func SortedKeys[V any](m map[string]V) *[]string {
	p := keyScratch.Get()
	ks := (*p)[:0]
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	*p = ks
	return p
}

// PutKeys hands back the slice of [SortedKeys], cleared (the pool holds no key alive).
func PutKeys(p *[]string) { keyScratch.Put(p, *p) }
