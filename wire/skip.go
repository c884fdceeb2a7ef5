package wire

import "bytes"

// Skip's bookkeeping lives in the Decoder so that a reused Decoder skips
// without allocating. The first levels and member names fit in inline
// arrays, so even a fresh Decoder skips small documents without allocating.

type skipLevel struct {
	obj   bool // object (else array)
	keys  int  // index of the level's first key record
	arena int  // arena length when the level opened
	tab   int  // index of the level's hash table in tabs, or -1
}

type keyRec struct {
	start, end int // the unescaped name: d.data[start:end], or arena[start:end] if inArena
	inArena    bool
	hash       uint32 // set once the level uses a hash table
}

// smallObject is the member count up to which duplicate names are found by
// a linear scan; larger objects get a hash table.
const smallObject = 16

type skipState struct {
	lvInline [16]skipLevel
	lvMore   []skipLevel
	nlv      int
	kInline  [32]keyRec
	kMore    []keyRec
	nk       int
	arena    []byte    // unescaped names that had escapes
	tabs     [][]int32 // hash tables (key index+1; 0 = empty), used as a stack
	ntabs    int
}

func (s *skipState) level(i int) *skipLevel {
	if i < len(s.lvInline) {
		return &s.lvInline[i]
	}
	return &s.lvMore[i-len(s.lvInline)]
}

func (s *skipState) push(l skipLevel) {
	if s.nlv < len(s.lvInline) {
		s.lvInline[s.nlv] = l
	} else if j := s.nlv - len(s.lvInline); j < len(s.lvMore) {
		s.lvMore[j] = l
	} else {
		s.lvMore = append(s.lvMore, l)
	}
	s.nlv++
}

func (s *skipState) key(i int) *keyRec {
	if i < len(s.kInline) {
		return &s.kInline[i]
	}
	return &s.kMore[i-len(s.kInline)]
}

func (s *skipState) addKey(r keyRec) {
	if s.nk < len(s.kInline) {
		s.kInline[s.nk] = r
	} else if j := s.nk - len(s.kInline); j < len(s.kMore) {
		s.kMore[j] = r
	} else {
		s.kMore = append(s.kMore, r)
	}
	s.nk++
}

func (s *skipState) keyBytes(data []byte, r *keyRec) []byte {
	if r.inArena {
		return s.arena[r.start:r.end]
	}
	return data[r.start:r.end]
}

func fnv32(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	return h
}

// Skip consumes one value of any kind and checks all of it: grammar, strings
// (UTF-8, escapes, surrogates), duplicate member names in every nested
// object, and nesting depth. It uses an explicit stack, never recursion.
func (d *Decoder) Skip() error {
	s := &d.sk
	s.nlv, s.nk, s.ntabs = 0, 0, 0
	s.arena = s.arena[:0]
	for {
		// A value is expected at d.pos (after whitespace).
		switch c := d.ws(); c {
		case '{', '[':
			if d.depth >= MaxDepth {
				return &Error{Offset: d.pos, Err: ErrTooDeep}
			}
			d.pos++
			d.depth++
			s.push(skipLevel{obj: c == '{', keys: s.nk, arena: len(s.arena), tab: -1})
			close := byte(']')
			if c == '{' {
				close = '}'
			}
			if d.ws() == close {
				d.pos++
				d.depth--
				s.nlv--
				break
			}
			if c == '{' {
				if err := d.skipKey(); err != nil {
					return err
				}
			}
			continue
		case '"':
			if _, err := d.skipStr(); err != nil {
				return err
			}
		case 't':
			if !d.literal("true") {
				return d.unexpected("value")
			}
		case 'f':
			if !d.literal("false") {
				return d.unexpected("value")
			}
		case 'n':
			if !d.literal("null") {
				return d.unexpected("value")
			}
		default:
			if c != '-' && !isDigit(c) {
				return d.unexpected("value")
			}
			end, err := d.scanNumber()
			if err != nil {
				return err
			}
			d.pos = end
		}
		// A value ended: close containers, or find the next member/element.
		for {
			if s.nlv == 0 {
				d.first = false
				return nil
			}
			l := s.level(s.nlv - 1)
			c := d.ws()
			if l.obj {
				if c == '}' {
					d.pos++
					d.depth--
					s.nk = l.keys
					s.arena = s.arena[:l.arena]
					if l.tab >= 0 {
						s.ntabs--
					}
					s.nlv--
					continue
				}
				if c != ',' {
					return d.unexpected("',' or '}'")
				}
				d.pos++
				d.ws()
				if err := d.skipKey(); err != nil {
					return err
				}
				break
			}
			if c == ']' {
				d.pos++
				d.depth--
				s.nlv--
				continue
			}
			if c != ',' {
				return d.unexpected("',' or ']'")
			}
			d.pos++
			break
		}
	}
}

// skipKey reads a member name and its ':' inside Skip and checks it against
// the names seen so far in the innermost open object.
func (d *Decoder) skipKey() error {
	s := &d.sk
	if d.pos >= len(d.data) || d.data[d.pos] != '"' {
		return d.unexpected("string (member name)")
	}
	at := d.pos
	before := len(s.arena)
	name, arena, err := d.readStr(s.arena)
	s.arena = arena
	if err != nil {
		return err
	}
	rec := keyRec{start: at + 1, end: d.pos - 1}
	if len(s.arena) != before || len(name) != rec.end-rec.start {
		rec = keyRec{start: before, end: len(s.arena), inArena: true}
	}
	l := s.level(s.nlv - 1)
	n := s.nk - l.keys
	if l.tab < 0 && n < smallObject {
		for j := l.keys; j < s.nk; j++ {
			if bytes.Equal(s.keyBytes(d.data, s.key(j)), name) {
				return &DuplicateKeyError{Offset: at, Key: string(name)}
			}
		}
	} else {
		rec.hash = fnv32(name)
		if l.tab < 0 {
			l.tab = s.ntabs
			s.ntabs++
			if len(s.tabs) < s.ntabs {
				s.tabs = append(s.tabs, nil)
			}
			for j := l.keys; j < s.nk; j++ {
				r := s.key(j)
				r.hash = fnv32(s.keyBytes(d.data, r))
			}
			s.rehash(l, 4*smallObject)
		} else if 2*(n+1) > len(s.tabs[l.tab]) {
			s.rehash(l, 4*len(s.tabs[l.tab]))
		}
		tab := s.tabs[l.tab]
		mask := uint32(len(tab) - 1)
		i := rec.hash & mask
		for tab[i] != 0 {
			r := s.key(int(tab[i] - 1))
			if r.hash == rec.hash && bytes.Equal(s.keyBytes(d.data, r), name) {
				return &DuplicateKeyError{Offset: at, Key: string(name)}
			}
			i = (i + 1) & mask
		}
		tab[i] = int32(s.nk + 1)
	}
	s.addKey(rec)
	if d.ws() != ':' {
		return d.unexpected("':'")
	}
	d.pos++
	return nil
}

// rehash makes the level's table size entries (a power of two) and inserts
// the level's keys.
func (s *skipState) rehash(l *skipLevel, size int) {
	tab := s.tabs[l.tab]
	if cap(tab) >= size {
		tab = tab[:size]
		clear(tab)
	} else {
		tab = make([]int32, size)
	}
	s.tabs[l.tab] = tab
	mask := uint32(size - 1)
	for j := l.keys; j < s.nk; j++ {
		i := s.key(j).hash & mask
		for tab[i] != 0 {
			i = (i + 1) & mask
		}
		tab[i] = int32(j + 1)
	}
}
