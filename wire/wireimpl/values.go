package wireimpl

import (
	"bytes"
	"slices"
	"strconv"
	"sync"
	"unsafe"

	"github.com/wsgen/wsgen/wire"
)

// canonForms holds the canonical forms CanonicalIn and Unique compare, written one after
// another into buf (form i ends at ends[i]), and the order Unique sorts them in. Pooled:
// a check of a value kept raw, an enum of objects or a uniqueItems array allocates
// nothing once the pool is warm; buffers above [EncodeBufferLimit] are not kept.
type canonForms struct {
	buf   []byte
	ends  []int
	order []int
}

var canonPool = sync.Pool{New: func() any { return new(canonForms) }}

func getForms() *canonForms {
	c := canonPool.Get().(*canonForms)
	c.buf, c.ends, c.order = c.buf[:0], c.ends[:0], c.order[:0]
	return c
}

func (c *canonForms) put() {
	if cap(c.buf) <= EncodeBufferLimit {
		canonPool.Put(c)
	}
}

// add appends the canonical form of the JSON value raw.
func (c *canonForms) add(raw []byte) error {
	var d wire.Decoder
	d.Reset(raw)
	b, err := wire.AppendCanonical(c.buf, &d)
	if err == nil {
		err = d.End()
	}
	if err != nil {
		return err
	}
	c.buf = b
	c.ends = append(c.ends, len(b))
	return nil
}

// form returns canonical form i.
func (c *canonForms) form(i int) []byte {
	start := 0
	if i > 0 {
		start = c.ends[i-1]
	}
	return c.buf[start:c.ends[i]]
}

// CanonicalIn reports whether the canonical form of the JSON value raw is one of want
// (canonical forms, see [wire.Canonical]).
func CanonicalIn(raw []byte, want ...string) (bool, error) {
	c := getForms()
	defer c.put()
	if err := c.add(raw); err != nil {
		return false, err
	}
	for _, w := range want {
		if string(c.buf) == w {
			return true, nil
		}
	}
	return false, nil
}

// uniqueScan is the number of items up to which Unique compares each with every earlier
// one; above it, it sorts.
const uniqueScan = 16

// Unique returns the index of the first of items (JSON values) equal to an earlier one
// in JSON Schema's sense, or -1.
func Unique(items [][]byte) (int, error) {
	c := getForms()
	defer c.put()
	for _, it := range items {
		if err := c.add(it); err != nil {
			return 0, err
		}
	}
	n := len(items)
	if n <= uniqueScan {
		for i := 1; i < n; i++ {
			fi := c.form(i)
			for j := range i {
				if bytes.Equal(c.form(j), fi) {
					return i, nil
				}
			}
		}
		return -1, nil
	}
	// Sorted by form, then index: an item equal to the one before it in this order is
	// equal to an earlier item, and the least such index is the answer.
	for i := range n {
		c.order = append(c.order, i)
	}
	slices.SortFunc(c.order, func(a, b int) int {
		if r := bytes.Compare(c.form(a), c.form(b)); r != 0 {
			return r
		}
		return a - b
	})
	dup := -1
	for k := 1; k < n; k++ {
		a, b := c.order[k-1], c.order[k]
		if (dup < 0 || b < dup) && bytes.Equal(c.form(a), c.form(b)) {
			dup = b
		}
	}
	return dup, nil
}

// KeepMember copies the name and raw value of an unknown member an open object keeps,
// in one allocation: the name is a view of its start and the value, the rest, has no
// spare capacity, so an append to it copies and a write to it never reaches the name.
func KeepMember(name, raw []byte) (string, []byte) {
	b := make([]byte, len(name)+len(raw))
	copy(b, name)
	copy(b[len(name):], raw)
	s := ""
	if len(name) > 0 {
		s = unsafe.String(&b[0], len(name))
	}
	return s, b[len(name):len(b):len(b)]
}

// AppendRaw appends the raw JSON value after checking it is exactly one JSON value.
func AppendRaw(b, raw []byte) ([]byte, error) {
	if len(raw) == 0 {
		return b, Invalid("missing raw JSON value")
	}
	if !wire.Valid(raw) {
		return b, Invalid("raw value is not one valid JSON value")
	}
	return append(b, raw...), nil
}

// AppendFinite is [wire.AppendFloat] that refuses NaN and infinities.
func AppendFinite(b []byte, v float64) ([]byte, error) {
	if !wire.IsFinite(v) {
		return b, Invalid("NaN or infinite number")
	}
	return wire.AppendFloat(b, v), nil
}

// ByteClass returns the table of the bytes in members, for the byte-table loops generated
// code matches anchored ASCII patterns with.
func ByteClass(members string) (class [256]bool) {
	for i := 0; i < len(members); i++ {
		class[members[i]] = true
	}
	return class
}

// IntID returns the id s as an integer in [lo, hi]: s itself when it is a decimal
// integer in that range, else a 64-bit FNV-1a hash of s folded into the range (lo > hi
// is read as [lo, lo]). Generated SetRoleCorrelationID methods of integer correlation
// ids use it: the runtime makes ids as random text and reads the id back, in decimal,
// through RoleCorrelationID to match the reply, so the hash only has to be stable.
func IntID(s string, lo, hi int64) int64 {
	if hi < lo {
		hi = lo
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n >= lo && n <= hi {
		return n
	}
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	span := uint64(hi) - uint64(lo) + 1 // 0: the whole int64 range
	if span == 0 {
		return int64(h)
	}
	return int64(uint64(lo) + h%span)
}
