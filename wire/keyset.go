package wire

import "bytes"

// KeySet finds duplicate member names in objects whose names generated code
// does not know in advance (objects that keep additional properties). Known
// fields are better tracked with a bit mask. The zero value is an empty set;
// Reset empties it and keeps its memory, so a reused KeySet does not
// allocate. Up to 16 names are compared by a linear scan; beyond that a map
// is used.
type KeySet struct {
	buf  []byte // the names, concatenated
	ends []int  // end of each name in buf
	m    map[string]struct{}
}

// Add adds key (copying it) and reports whether it was already present.
func (s *KeySet) Add(key []byte) (dup bool) {
	if s.m != nil && len(s.ends) > smallObject {
		if _, dup := s.m[string(key)]; dup {
			return true
		}
		s.m[string(key)] = struct{}{}
		s.ends = append(s.ends, 0) // count only
		return false
	}
	start := 0
	for _, end := range s.ends {
		if bytes.Equal(s.buf[start:end], key) {
			return true
		}
		start = end
	}
	s.buf = append(s.buf, key...)
	s.ends = append(s.ends, len(s.buf))
	if len(s.ends) > smallObject {
		if s.m == nil {
			s.m = make(map[string]struct{}, 2*smallObject)
		}
		start = 0
		for _, end := range s.ends {
			s.m[string(s.buf[start:end])] = struct{}{}
			start = end
		}
	}
	return false
}

// Len returns the number of names in the set.
func (s *KeySet) Len() int { return len(s.ends) }

// Reset empties the set, keeping its memory.
func (s *KeySet) Reset() {
	s.buf = s.buf[:0]
	s.ends = s.ends[:0]
	clear(s.m)
}
