package asyncapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Bounds on what a document may make the reader do.
const (
	// maxNodes bounds the values read from one file, YAML aliases expanded (an alias
	// bomb is refused, not expanded).
	maxNodes = 1 << 18
	// maxDepth bounds nesting, in a file and along chains of $refs.
	maxDepth = 256
)

// A node is one JSON value of a document (or of the converted protocol), with the place
// it comes from. Objects keep their members in document order.
type node struct {
	kind  byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' boolean, 'z' null
	keys  []string
	vals  []*node
	elems []*node
	str   string // string value; number literal (JSON syntax); "true"/"false"
	file  string // source file ("" for values wsgen made)
	ptr   string // source JSON pointer, "#/…"
}

func (n *node) get(key string) *node {
	if n == nil || n.kind != 'o' {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

func (n *node) has(key string) bool { return n.get(key) != nil }

// set replaces key's value or appends the member.
func (n *node) set(key string, v *node) {
	for i, k := range n.keys {
		if k == key {
			n.vals[i] = v
			return
		}
	}
	n.keys = append(n.keys, key)
	n.vals = append(n.vals, v)
}

func (n *node) del(key string) {
	for i, k := range n.keys {
		if k == key {
			n.keys = append(n.keys[:i:i], n.keys[i+1:]...)
			n.vals = append(n.vals[:i:i], n.vals[i+1:]...)
			return
		}
	}
}

func (n *node) isStr() bool { return n != nil && n.kind == 's' }

// at is the place of n for messages: "file:#/pointer".
func (n *node) at() string { return n.file + ":" + n.ptr }

func objNode() *node               { return &node{kind: 'o'} }
func strNode(s string) *node       { return &node{kind: 's', str: s} }
func boolNode(b bool) *node        { return &node{kind: 'b', str: strconv.FormatBool(b)} }
func arrNode(es ...*node) *node    { return &node{kind: 'a', elems: es} }
func (n *node) from(o *node) *node { n.file, n.ptr = o.file, o.ptr; return n }

// clone copies n deeply.
func (n *node) clone() *node {
	if n == nil {
		return nil
	}
	c := *n
	c.keys = append([]string(nil), n.keys...)
	c.vals = make([]*node, len(n.vals))
	for i, v := range n.vals {
		c.vals[i] = v.clone()
	}
	c.elems = make([]*node, len(n.elems))
	for i, e := range n.elems {
		c.elems[i] = e.clone()
	}
	return &c
}

func escapeToken(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

func unescapeToken(s string) string {
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(s)
}

// child is the pointer of a member or element below ptr.
func child(ptr string, tok any) string {
	switch t := tok.(type) {
	case string:
		return ptr + "/" + escapeToken(t)
	default:
		return fmt.Sprintf("%s/%d", ptr, t)
	}
}

// fromYAML converts a parsed YAML (or JSON) document into nodes.
func fromYAML(file string, y *yaml.Node) (*node, error) {
	r := &yamlReader{file: file}
	if y.Kind == yaml.DocumentNode {
		if len(y.Content) == 0 {
			return nil, &readError{"#", "the document is empty"}
		}
		y = y.Content[0]
	}
	return r.read(y, "#", 0)
}

type readError struct{ ptr, reason string }

func (e *readError) Error() string { return e.ptr + ": " + e.reason }

type yamlReader struct {
	file  string
	count int
}

func (r *yamlReader) read(y *yaml.Node, ptr string, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, &readError{ptr, fmt.Sprintf("nested more than %d levels deep", maxDepth)}
	}
	if r.count++; r.count > maxNodes {
		return nil, &readError{ptr, fmt.Sprintf("more than %d values (YAML aliases expanded)", maxNodes)}
	}
	for y.Kind == yaml.AliasNode {
		if y.Alias == nil {
			return nil, &readError{ptr, "YAML alias to nothing"}
		}
		y = y.Alias
		if depth++; depth > maxDepth {
			return nil, &readError{ptr, "YAML aliases nested too deep"}
		}
	}
	n := &node{file: r.file, ptr: ptr}
	switch y.Kind {
	case yaml.MappingNode:
		n.kind = 'o'
		seen := map[string]bool{}
		for i := 0; i+1 < len(y.Content); i += 2 {
			k := y.Content[i]
			if k.Kind != yaml.ScalarNode {
				return nil, &readError{ptr, fmt.Sprintf("line %d: a mapping key must be a scalar", k.Line)}
			}
			if k.Tag == "!!merge" {
				return nil, &readError{ptr, fmt.Sprintf("line %d: YAML merge keys (<<) are not supported", k.Line)}
			}
			if seen[k.Value] {
				return nil, &readError{child(ptr, k.Value), fmt.Sprintf("line %d: duplicate key %q", k.Line, k.Value)}
			}
			seen[k.Value] = true
			v, err := r.read(y.Content[i+1], child(ptr, k.Value), depth+1)
			if err != nil {
				return nil, err
			}
			n.keys = append(n.keys, k.Value)
			n.vals = append(n.vals, v)
		}
	case yaml.SequenceNode:
		n.kind = 'a'
		for i, c := range y.Content {
			v, err := r.read(c, child(ptr, i), depth+1)
			if err != nil {
				return nil, err
			}
			n.elems = append(n.elems, v)
		}
	case yaml.ScalarNode:
		switch y.ShortTag() {
		case "!!str", "!!binary", "!!timestamp":
			n.kind, n.str = 's', y.Value
		case "!!null":
			n.kind = 'z'
		case "!!bool":
			var b bool
			if err := y.Decode(&b); err != nil {
				return nil, &readError{ptr, fmt.Sprintf("line %d: %v", y.Line, err)}
			}
			n.kind, n.str = 'b', strconv.FormatBool(b)
		case "!!int", "!!float":
			lit, err := jsonNumber(y)
			if err != nil {
				return nil, &readError{ptr, fmt.Sprintf("line %d: %v", y.Line, err)}
			}
			n.kind, n.str = 'n', lit
		default:
			return nil, &readError{ptr, fmt.Sprintf("line %d: YAML tag %s has no JSON form", y.Line, y.ShortTag())}
		}
	default:
		return nil, &readError{ptr, fmt.Sprintf("line %d: unexpected YAML node", y.Line)}
	}
	return n, nil
}

// jsonNumber gives a YAML number its JSON literal: JSON literals are kept as written (so
// 54350.40 stays exact); other YAML forms (0x1F, 1_000, +1) are converted exactly.
func jsonNumber(y *yaml.Node) (string, error) {
	if json.Valid([]byte(y.Value)) && !strings.ContainsAny(y.Value, " \t\"[{tfn") {
		return y.Value, nil
	}
	if y.ShortTag() == "!!int" {
		var i int64
		if err := y.Decode(&i); err == nil {
			return strconv.FormatInt(i, 10), nil
		}
		var u uint64
		if err := y.Decode(&u); err == nil {
			return strconv.FormatUint(u, 10), nil
		}
		return "", fmt.Errorf("integer %q has no JSON form", y.Value)
	}
	var f float64
	if err := y.Decode(&f); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return "", fmt.Errorf("number %q has no JSON form", y.Value)
	}
	return strconv.FormatFloat(f, 'g', -1, 64), nil
}

// appendJSON writes n as compact JSON.
func (n *node) appendJSON(b []byte) []byte {
	switch n.kind {
	case 'o':
		b = append(b, '{')
		for i, k := range n.keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			b = n.vals[i].appendJSON(b)
		}
		return append(b, '}')
	case 'a':
		b = append(b, '[')
		for i, e := range n.elems {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.appendJSON(b)
		}
		return append(b, ']')
	case 's':
		return appendString(b, n.str)
	case 'n', 'b':
		return append(b, n.str...)
	default:
		return append(b, "null"...)
	}
}

func appendString(b []byte, s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes (invalid UTF-8 becomes U+FFFD)
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// pretty writes n as indented JSON (two spaces), ending with a newline.
func (n *node) pretty() []byte {
	var out bytes.Buffer
	_ = json.Indent(&out, n.appendJSON(nil), "", "  ")
	out.WriteByte('\n')
	return out.Bytes()
}

// equal reports whether two nodes are the same JSON value (member order ignored,
// numbers compared by their literal).
func equal(a, b *node) bool {
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case 'o':
		if len(a.keys) != len(b.keys) {
			return false
		}
		for i, k := range a.keys {
			v := b.get(k)
			if v == nil || !equal(a.vals[i], v) {
				return false
			}
		}
		return true
	case 'a':
		if len(a.elems) != len(b.elems) {
			return false
		}
		for i := range a.elems {
			if !equal(a.elems[i], b.elems[i]) {
				return false
			}
		}
		return true
	default:
		return a.str == b.str
	}
}

// lookup follows a JSON pointer ("#/a/b" or "/a/b") from n.
func lookup(n *node, ptr string) *node {
	p := strings.TrimPrefix(ptr, "#")
	if p == "" {
		return n
	}
	if !strings.HasPrefix(p, "/") {
		return nil
	}
	for _, tok := range strings.Split(p[1:], "/") {
		tok = unescapeToken(tok)
		switch n.kind {
		case 'o':
			n = n.get(tok)
		case 'a':
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.elems) || strconv.Itoa(i) != tok {
				return nil
			}
			n = n.elems[i]
		default:
			return nil
		}
		if n == nil {
			return nil
		}
	}
	return n
}
