package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wsgen/wsgen/internal/jsonnum"
	"github.com/wsgen/wsgen/internal/jsonptr"
	"github.com/wsgen/wsgen/internal/jsonstr"
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

// MaxNesting is the deepest nesting of arrays and objects a protocol description may have
// (the root object is level 1). A description of objects nested about 2,000 deep fits
// (each level is a schema and its "properties"); deeper is refused before anything is
// built, so no description takes time or memory beyond what its size implies.
const MaxNesting = 4096

// MaxPointer bounds the length of the JSON pointer of any value of a protocol description
// ("/$defs/m/properties/a/…"), which the model keeps for every field and message: member
// names 400 bytes long nested 1,000 deep (a 425 KB file) made Parse allocate 2 GB, and the
// nested type names that follow them would make the generated code grow as depth². Objects
// nested MaxNesting deep with short member names fit.
const MaxPointer = 32 << 10

// checkText refuses a description that is not UTF-8 text without a byte-order mark, with
// the line and column of the first bad byte.
func checkText(path string, data []byte) *Error {
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		return &Error{File: path, Pointer: "#", Line: 1, Column: 1, Reason: "the file starts with a UTF-8 byte-order mark (U+FEFF), which JSON (RFC 8259) does not allow: save it without one"}
	}
	if utf8.Valid(data) {
		return nil
	}
	off := 0
	for off < len(data) {
		r, size := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		off += size
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return &Error{File: path, Pointer: "#", Line: line, Column: col, Reason: fmt.Sprintf("invalid UTF-8 (byte 0x%02x): a protocol description must be UTF-8 text", data[off])}
}

// parseJSON parses data into a node tree, refusing duplicate member names and trailing data.
// A refusal is a [*syntaxError] carrying the line and column of the problem.
func parseJSON(data []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := parseValue(dec, nil, 0, 1)
	if err != nil {
		return nil, positioned(data, dec, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, positioned(data, dec, &offsetError{dec.InputOffset(), "invalid JSON: data after the top-level value"})
	}
	return n, nil
}

// offsetError is a refusal at a byte offset of the file.
type offsetError struct {
	off int64
	msg string
}

func (e *offsetError) Error() string { return e.msg }

// syntaxError is a JSON refusal with its 1-based line and column (in bytes).
type syntaxError struct {
	line, col int
	msg       string
}

func (e *syntaxError) Error() string { return e.msg }

// positioned locates err in data. A syntax error is located by encoding/json's
// whole-input check, whose offsets are absolute (a json.Decoder's are not, in token
// mode); an error in valid JSON (a duplicate member) carries its own offset.
func positioned(data []byte, dec *json.Decoder, err error) error {
	off, msg := dec.InputOffset(), err.Error()
	var raw json.RawMessage
	var se *json.SyntaxError
	var oe *offsetError
	switch uerr := json.Unmarshal(data, &raw); {
	case errors.As(uerr, &se) && se.Error() == "unexpected end of JSON input":
		off, msg = int64(len(data)), "invalid JSON: unexpected end of file"
	case errors.As(uerr, &se):
		off, msg = se.Offset-1, "invalid JSON: "+se.Error()
	case errors.As(err, &oe):
		off = skipSpace(data, oe.off)
	}
	off = max(0, min(off, int64(len(data))))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - (bytes.LastIndexByte(data[:off], '\n') + 1) + 1
	return &syntaxError{line: line, col: col, msg: msg}
}

// skipSpace returns the offset of the first byte at or after off that is not JSON
// white space or a separator.
func skipSpace(data []byte, off int64) int64 {
	for off < int64(len(data)) && strings.IndexByte(" \t\r\n,:", data[off]) >= 0 {
		off++
	}
	return off
}

// pathNode is one reference token of the pointer of the value being parsed; the pointer
// is rendered only for an error, so parsing costs no copy of it per level.
type pathNode struct {
	parent *pathNode
	tok    string // escaped
}

func (p *pathNode) String() string {
	var toks []string
	for ; p != nil; p = p.parent {
		toks = append(toks, p.tok)
	}
	var b strings.Builder
	for i := len(toks) - 1; i >= 0; i-- {
		b.WriteByte('/')
		b.WriteString(toks[i])
	}
	return b.String()
}

// parseValue parses one value at path, whose pointer is plen bytes long.
func parseValue(dec *json.Decoder, path *pathNode, plen, depth int) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	switch t := tok.(type) {
	case json.Delim:
		if depth > MaxNesting {
			return nil, &offsetError{dec.InputOffset() - 1, fmt.Sprintf("arrays and objects are nested more than %d levels deep (at %.80s…): wsgen refuses deeper descriptions", MaxNesting, path)}
		}
		switch t {
		case '{':
			n := &node{kind: 'o'}
			seen := map[string]bool{}
			for dec.More() {
				start := dec.InputOffset()
				kt, err := dec.Token()
				if err != nil {
					return nil, fmt.Errorf("invalid JSON: %w", err)
				}
				k := kt.(string)
				if seen[k] {
					return nil, &offsetError{start, fmt.Sprintf("invalid JSON: duplicate member %q at %q", k, path)}
				}
				seen[k] = true
				child := &pathNode{path, escapePointer(k)}
				if plen+1+len(child.tok) > MaxPointer {
					return nil, &offsetError{start, fmt.Sprintf("the JSON pointer of member %.40q at %.80s… is longer than %d bytes: wsgen refuses member names this long this deep", k, path, MaxPointer)}
				}
				v, err := parseValue(dec, child, plen+1+len(child.tok), depth+1)
				if err != nil {
					return nil, err
				}
				n.members = append(n.members, member{k, v})
			}
			if _, err := dec.Token(); err != nil {
				return nil, fmt.Errorf("invalid JSON: %w", err)
			}
			return n, nil
		case '[':
			n := &node{kind: 'a'}
			for i := 0; dec.More(); i++ {
				child := &pathNode{path, strconv.Itoa(i)}
				if plen+1+len(child.tok) > MaxPointer {
					return nil, &offsetError{dec.InputOffset(), fmt.Sprintf("the JSON pointer of element %d at %.80s… is longer than %d bytes: wsgen refuses member names this long this deep", i, path, MaxPointer)}
				}
				v, err := parseValue(dec, child, plen+1+len(child.tok), depth+1)
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, fmt.Errorf("invalid JSON: %w", err)
			}
			return n, nil
		}
	case string:
		return &node{kind: 's', str: t}, nil
	case json.Number:
		if !jsonnum.InRange([]byte(t), jsonnum.MaxExp) {
			return nil, &offsetError{dec.InputOffset() - int64(len(t)), fmt.Sprintf("number %.40s is beyond 1e±%d (at %.80s): wsgen refuses such literals, which math/big would expand digit by digit", t, jsonnum.MaxExp, path)}
		}
		return &node{kind: 'n', num: t}, nil
	case bool:
		return &node{kind: 'b', boolean: t}, nil
	case nil:
		return &node{kind: 'z'}, nil
	}
	return nil, fmt.Errorf("invalid JSON: unexpected token %v", tok)
}

// escapePointer escapes one JSON pointer reference token (RFC 6901).
func escapePointer(s string) string { return jsonptr.Escape(s) }

// unescapePointer reverses escapePointer.
// A token with a "~" not followed by 0 or 1 is kept as written.
func unescapePointer(s string) string {
	if u, ok := jsonptr.Unescape(s); ok {
		return u
	}
	return s
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
		type kv struct{ k, v string }
		ms := make([]kv, len(n.members))
		for i, m := range n.members {
			ms[i] = kv{jsonstr.Quote(m.name), m.value.canonical()}
		}
		sort.Slice(ms, func(i, j int) bool { return ms[i].k < ms[j].k })
		b.WriteByte('{')
		for i, m := range ms {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(m.k)
			b.WriteByte(':')
			b.WriteString(m.v)
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
		b.WriteString(jsonstr.Quote(n.str))
	case 'n':
		b.WriteString(CanonicalNumber(string(n.num)))
	case 'b':
		b.WriteString(strconv.FormatBool(n.boolean))
	case 'z':
		b.WriteString("null")
	}
}

// CanonicalNumber renders a JSON number literal in a canonical form in which equal
// values give equal strings: an optional "-", the significant digits without leading or
// trailing zeros, "e" and the decimal exponent ("1", "1.0" and "10e-1" → "1e0"; "0.07" →
// "7e-2"; "-0" → "0"). wire.AppendCanonicalNumber is the same function (internal/jsonnum).
func CanonicalNumber(lit string) string {
	return string(jsonnum.AppendCanonical(nil, []byte(lit)))
}

// isIntegral reports whether a JSON number literal has an integer value.
func isIntegral(lit json.Number) bool { return jsonnum.IsInteger([]byte(lit)) }

// appendJSON appends n as JSON, with the string values at the pointers (relative to ptr,
// the pointer of n) in repl replaced.
func (n *node) appendJSON(b []byte, ptr string, repl map[string]string) []byte {
	switch n.kind {
	case 'o':
		b = append(b, '{')
		for i, m := range n.members {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, m.name)
			b = append(b, ':')
			b = m.value.appendJSON(b, ptr+"/"+escapePointer(m.name), repl)
		}
		return append(b, '}')
	case 'a':
		b = append(b, '[')
		for i, e := range n.elems {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.appendJSON(b, ptr+"/"+strconv.Itoa(i), repl)
		}
		return append(b, ']')
	case 's':
		if r, ok := repl[ptr]; ok {
			return appendJSONString(b, r)
		}
		return appendJSONString(b, n.str)
	case 'n':
		return append(b, n.num...)
	case 'b':
		return strconv.AppendBool(b, n.boolean)
	}
	return append(b, "null"...)
}

func appendJSONString(b []byte, s string) []byte { return append(b, jsonstr.Quote(s)...) }
