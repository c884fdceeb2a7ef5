package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// node is one JSON value of the protocol file with object members kept in document order,
// so properties, messages and errors come out in the order the author wrote them.
type node struct {
	kind    byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' boolean, 'z' null
	str     string
	num     json.Number
	boolean bool
	members []member
	elems   []*node
}

type member struct {
	name  string
	value *node
}

// get returns the member named name, or nil.
func (n *node) get(name string) *node {
	for _, m := range n.members {
		if m.name == name {
			return m.value
		}
	}
	return nil
}

// parseJSON parses data into a node tree, refusing duplicate member names and trailing data.
func parseJSON(data []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := parseValue(dec, "")
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("invalid JSON: data after the top-level value")
	}
	return n, nil
}

func parseValue(dec *json.Decoder, ptr string) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("invalid JSON: %v", err)
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &node{kind: 'o'}
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, fmt.Errorf("invalid JSON: %v", err)
				}
				k := kt.(string)
				if seen[k] {
					return nil, fmt.Errorf("invalid JSON: duplicate member %q at %q", k, ptr)
				}
				seen[k] = true
				v, err := parseValue(dec, ptr+"/"+escapePointer(k))
				if err != nil {
					return nil, err
				}
				n.members = append(n.members, member{k, v})
			}
			if _, err := dec.Token(); err != nil {
				return nil, fmt.Errorf("invalid JSON: %v", err)
			}
			return n, nil
		case '[':
			n := &node{kind: 'a'}
			for i := 0; dec.More(); i++ {
				v, err := parseValue(dec, ptr+"/"+strconv.Itoa(i))
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, fmt.Errorf("invalid JSON: %v", err)
			}
			return n, nil
		}
	case string:
		return &node{kind: 's', str: t}, nil
	case json.Number:
		return &node{kind: 'n', num: t}, nil
	case bool:
		return &node{kind: 'b', boolean: t}, nil
	case nil:
		return &node{kind: 'z'}, nil
	}
	return nil, fmt.Errorf("invalid JSON: unexpected token %v", tok)
}

// escapePointer escapes one JSON pointer reference token (RFC 6901).
func escapePointer(s string) string {
	s = strings.ReplaceAll(s, "~", "~0")
	return strings.ReplaceAll(s, "/", "~1")
}

// unescapePointer reverses escapePointer.
func unescapePointer(s string) string {
	s = strings.ReplaceAll(s, "~1", "/")
	return strings.ReplaceAll(s, "~0", "~")
}

// canonical renders n as canonical JSON: object members sorted by name, numbers as the
// shortest exact decimal (so 1, 1.0 and 1e0 render alike). Two JSON values are equal in
// the JSON Schema sense exactly when their canonical forms are equal.
func (n *node) canonical() string {
	var b strings.Builder
	n.writeCanonical(&b)
	return b.String()
}

func (n *node) writeCanonical(b *strings.Builder) {
	switch n.kind {
	case 'o':
		ms := append([]member(nil), n.members...)
		sort.Slice(ms, func(i, j int) bool { return ms[i].name < ms[j].name })
		b.WriteByte('{')
		for i, m := range ms {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(m.name)
			b.Write(k)
			b.WriteByte(':')
			m.value.writeCanonical(b)
		}
		b.WriteByte('}')
	case 'a':
		b.WriteByte('[')
		for i, e := range n.elems {
			if i > 0 {
				b.WriteByte(',')
			}
			e.writeCanonical(b)
		}
		b.WriteByte(']')
	case 's':
		s, _ := json.Marshal(n.str)
		b.Write(s)
	case 'n':
		b.WriteString(CanonicalNumber(string(n.num)))
	case 'b':
		b.WriteString(strconv.FormatBool(n.boolean))
	case 'z':
		b.WriteString("null")
	}
}

// CanonicalNumber renders a JSON number literal as its canonical exact decimal: no
// exponent when it is an integer of modest size, otherwise mantissa digits with an "e"
// exponent; "-0" becomes "0". Equal values give equal strings.
func CanonicalNumber(lit string) string {
	r, ok := new(big.Rat).SetString(lit)
	if !ok {
		return lit
	}
	return canonicalRat(r)
}

func canonicalRat(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	// A JSON number is a finite decimal, so the denominator is 2^a*5^b: FloatString with
	// enough digits is exact; trim trailing zeros.
	s := r.FloatString(decimalDigits(r.Denom()))
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// decimalDigits returns how many fractional digits represent 1/d exactly (d = 2^a*5^b).
func decimalDigits(d *big.Int) int {
	x := new(big.Int).Set(d)
	two, five, zero := big.NewInt(2), big.NewInt(5), big.NewInt(0)
	a, b := 0, 0
	m := new(big.Int)
	for {
		if m.Mod(x, two).Cmp(zero) != 0 {
			break
		}
		x.Div(x, two)
		a++
	}
	for {
		if m.Mod(x, five).Cmp(zero) != 0 {
			break
		}
		x.Div(x, five)
		b++
	}
	return max(a, b)
}

// isIntegral reports whether a JSON number literal has an integer value.
func isIntegral(lit json.Number) bool {
	r, ok := new(big.Rat).SetString(string(lit))
	return ok && r.IsInt()
}
