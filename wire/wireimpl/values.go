package wireimpl

import (
	"strconv"

	"github.com/wsgen/wsgen/wire"
)

// CanonicalIn reports whether the canonical form of the JSON value raw is one of want
// (canonical forms, see [wire.Canonical]).
func CanonicalIn(raw []byte, want ...string) (bool, error) {
	c, err := wire.Canonical(raw)
	if err != nil {
		return false, err
	}
	for _, w := range want {
		if c == w {
			return true, nil
		}
	}
	return false, nil
}

// Unique returns the index of the first of items (JSON values) equal to an earlier one
// in JSON Schema's sense, or -1.
func Unique(items [][]byte) (int, error) {
	seen := make(map[string]struct{}, len(items))
	for i, it := range items {
		c, err := wire.Canonical(it)
		if err != nil {
			return 0, err
		}
		if _, dup := seen[c]; dup {
			return i, nil
		}
		seen[c] = struct{}{}
	}
	return -1, nil
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
