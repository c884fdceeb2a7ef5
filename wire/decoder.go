package wire

import "unsafe"

// MaxDepth is the deepest nesting of arrays and objects a [Decoder] accepts:
// a document with MaxDepth nested containers decodes, one more level is
// refused with [ErrTooDeep]. It equals encoding/json's limit, and no reader
// recurses, so deep input is an error, never a stack overflow.
const MaxDepth = 10000

// Kind is the kind of the next JSON value, as reported by [Decoder.Peek].
//
// The constants carry a Kind prefix because the natural name Number is the
// [Number] type.
type Kind uint8

// The kinds of JSON values.
const (
	KindInvalid Kind = iota // a byte that starts no JSON value, or end of input
	KindNull
	KindBool
	KindNumber
	KindString
	KindArray
	KindObject
)

var kindNames = [...]string{"invalid", "null", "boolean", "number", "string", "array", "object"}

// String returns the JSON name of the kind: "null", "boolean", "number",
// "string", "array", "object" or "invalid".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// Decoder reads one JSON document from a byte slice, front to back, without
// reflection and without recursion. The zero value is ready after [Decoder.Reset];
// a Decoder may be reused for many documents, keeping its scratch buffers.
// A Decoder is not safe for concurrent use.
type Decoder struct {
	data  []byte
	pos   int
	depth int
	first bool // the next NextKey/NextElem is the first of its container

	scratch []byte // unescaped ReadStringBytes results
	keyBuf  []byte // unescaped NextKey results
	// The string read last: its quotes at data[strStart] and data[strEnd-1], and
	// whether it had an escape (its contents are then in scratch or keyBuf).
	strStart, strEnd int
	strEsc           bool
	// arena is a copy of data[arenaOff:arenaOff+len(arena)]: KeepString's strings are
	// views of it (see KeepString). The offset is kept apart from the slice so that a
	// kept string costs no pointer store into d (a write barrier while the GC runs).
	arena    []byte
	arenaOff int

	sk      skipState // Skip's reusable stacks
	keySets []*KeySet // the sets KeySet lends, by depth
}

// KeySet lends the empty [KeySet] of the object d is reading (the one opened last):
// generated code finds repeated names among an open object's unknown members with it,
// without allocating once d has read an object as deep. It is d's until that object
// ends; a set that grew beyond 4 KiB of names or 256 names is dropped rather than kept.
func (d *Decoder) KeySet() *KeySet {
	i := d.depth
	if uint(i) >= keySetDepths { // a caller's misuse can leave depth below 0
		return new(KeySet)
	}
	for len(d.keySets) <= i {
		d.keySets = append(d.keySets, nil)
	}
	s := d.keySets[i]
	if s == nil || cap(s.buf) > 4<<10 || len(s.ends) > 256 {
		s = new(KeySet)
		d.keySets[i] = s
	}
	s.Reset()
	return s
}

// keySetDepths bounds the depths whose sets a Decoder keeps.
const keySetDepths = 32

// NewDecoder returns a Decoder reading data.
func NewDecoder(data []byte) *Decoder {
	d := new(Decoder)
	d.Reset(data)
	return d
}

// Reset makes d read data from its start, keeping d's buffers. It does not
// allocate.
func (d *Decoder) Reset(data []byte) {
	d.data = data
	d.pos = 0
	d.depth = 0
	d.first = false
	d.arena = nil
	d.arenaOff = 0
	d.strStart, d.strEnd, d.strEsc = 0, 0, false
}

// Offset returns the byte offset of the next unread byte.
func (d *Decoder) Offset() int { return d.pos }

// Depth returns the number of arrays and objects currently open.
func (d *Decoder) Depth() int { return d.depth }

func (d *Decoder) syntax(off int, reason string) error {
	return &SyntaxError{Offset: off, Reason: reason}
}

func (d *Decoder) unexpected(what string) error {
	if d.pos >= len(d.data) {
		return d.syntax(d.pos, "unexpected end of input, expected "+what)
	}
	return d.syntax(d.pos, "unexpected "+quoteByte(d.data[d.pos])+", expected "+what)
}

func quoteByte(c byte) string {
	const hexd = "0123456789abcdef"
	if c >= 0x20 && c < 0x7f && c != '\'' {
		return "'" + string(rune(c)) + "'"
	}
	return "byte 0x" + string([]byte{hexd[c>>4], hexd[c&15]})
}

// ws skips whitespace and returns the next byte, or 0 at end of input.
func (d *Decoder) ws() byte {
	data, i := d.data, d.pos
	for i < len(data) {
		c := data[i]
		if c > ' ' || (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
			d.pos = i
			return c
		}
		i++
	}
	d.pos = i
	return 0
}

// Peek skips whitespace and reports the kind of the next value from its first
// byte, without consuming it. It returns KindInvalid at end of input or on a
// byte that starts no value; the reader then called reports the error.
func (d *Decoder) Peek() Kind {
	switch c := d.ws(); c {
	case 'n':
		return KindNull
	case 't', 'f':
		return KindBool
	case '"':
		return KindString
	case '[':
		return KindArray
	case '{':
		return KindObject
	default:
		if c == '-' || (c >= '0' && c <= '9') {
			return KindNumber
		}
		return KindInvalid
	}
}

func (d *Decoder) literal(lit string) bool {
	if len(d.data)-d.pos >= len(lit) && string(d.data[d.pos:d.pos+len(lit)]) == lit {
		d.pos += len(lit)
		return true
	}
	return false
}

// ReadNull consumes null.
func (d *Decoder) ReadNull() error {
	if d.ws() == 'n' && d.literal("null") {
		return nil
	}
	return d.unexpected("null")
}

// ReadBool consumes true or false.
func (d *Decoder) ReadBool() (bool, error) {
	switch d.ws() {
	case 't':
		if d.literal("true") {
			return true, nil
		}
	case 'f':
		if d.literal("false") {
			return false, nil
		}
	}
	return false, d.unexpected("boolean")
}

// ReadNumber consumes a number and returns its literal, checked against the
// JSON grammar (no leading zeros, digits after '.' and 'e'). The result
// aliases the input: it is valid as long as the input is. Whether the value
// fits a Go type is a question for [Number.Int64] and [Number.Float64].
func (d *Decoder) ReadNumber() (Number, error) {
	d.ws()
	start := d.pos
	end, err := d.scanNumber()
	if err != nil {
		return nil, err
	}
	d.pos = end
	return Number(d.data[start:end:end]), nil
}

// ReadSmallInt consumes an integer of at most 18 digits written without a fraction or an
// exponent ("-12", "0", "184467"), the common case, in one pass, and returns it with ok
// true. For anything else (another kind, a longer or non-integer literal, a syntax error)
// it consumes nothing but white space and returns ok false: read the value with
// [Decoder.ReadNumber], which refuses or converts it.
func (d *Decoder) ReadSmallInt() (v int64, ok bool) {
	d.ws()
	data, i := d.data, d.pos
	neg := i < len(data) && data[i] == '-'
	if neg {
		i++
	}
	start := i
	for i < len(data) && i-start < 19 && isDigit(data[i]) {
		v = v*10 + int64(data[i]-'0')
		i++
	}
	switch n := i - start; {
	case n == 0 || n > 18 || n > 1 && data[start] == '0':
		return 0, false
	case i < len(data) && (data[i] == '.' || data[i] == 'e' || data[i] == 'E'):
		return 0, false
	}
	if neg {
		v = -v
	}
	d.pos = i
	return v, true
}

// scanNumber checks the number starting at d.pos and returns its end.
func (d *Decoder) scanNumber() (int, error) {
	data, i := d.data, d.pos
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i >= len(data):
		return 0, d.syntax(i, "unexpected end of input in number")
	case data[i] == '0':
		i++
		if i < len(data) && isDigit(data[i]) {
			return 0, d.syntax(i, "leading zero in number")
		}
	case data[i] >= '1' && data[i] <= '9':
		i++
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	default:
		if i == d.pos {
			return 0, d.unexpected("number")
		}
		return 0, d.syntax(i, "expected digit after '-'")
	}
	if i < len(data) && data[i] == '.' {
		i++
		if i >= len(data) || !isDigit(data[i]) {
			return 0, d.syntax(i, "expected digit after '.'")
		}
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || !isDigit(data[i]) {
			return 0, d.syntax(i, "expected digit in exponent")
		}
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	}
	return i, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// ReadString consumes a string and returns it unescaped. It refuses control
// characters, bad escapes, invalid UTF-8 ([ErrInvalidUTF8]) and escaped lone
// surrogates ([ErrLoneSurrogate]). The only allocation is the result.
func (d *Decoder) ReadString() (string, error) {
	b, err := d.ReadStringBytes()
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// ReadKeptString is [Decoder.ReadStringBytes] followed by [Decoder.KeepString], in one
// call: a string of printable ASCII without escapes (an id, a name, a timestamp) is
// found with one scan and returned as a view of the block KeepString keeps, with no
// further check.
func (d *Decoder) ReadKeptString() (string, error) {
	if d.ws() != '"' {
		return "", d.unexpected("string")
	}
	i := plainRun(d.data, d.pos+1)
	if i < len(d.data) && d.data[i] == '"' {
		return d.takePlain(i + 1), nil
	}
	// Escaped or not ASCII: read on from i, the plain bytes before it are known.
	s, buf, err := d.readStrAt(d.scratch[:0], i)
	if cap(buf) != cap(d.scratch) {
		d.scratch = buf[:0] // stored only when it grew, as in ReadStringBytes
	}
	if err != nil {
		return "", err
	}
	return d.KeepString(s), nil
}

// ReadStringBytes is [Decoder.ReadString] without the allocation: the result
// aliases the input when the string has no escape, and otherwise d's scratch
// buffer, valid until the next ReadStringBytes or ReadString call.
func (d *Decoder) ReadStringBytes() ([]byte, error) {
	if d.ws() != '"' {
		return nil, d.unexpected("string")
	}
	s, buf, err := d.readStr(d.scratch[:0])
	if cap(buf) != cap(d.scratch) {
		// Stored only when it grew: a store of a pointer into the (usually pooled, so
		// heap) Decoder costs a write barrier while the collector runs, on every string.
		d.scratch = buf[:0]
	}
	return s, err
}

// ObjectStart consumes '{'. Read the members with [Decoder.NextKey].
func (d *Decoder) ObjectStart() error {
	if d.ws() != '{' {
		return d.unexpected("object")
	}
	if d.depth >= MaxDepth {
		return &Error{Offset: d.pos, Err: ErrTooDeep}
	}
	d.pos++
	d.depth++
	d.first = true
	return nil
}

// NextKey moves to the next member of the object opened by ObjectStart: it
// consumes the ',' between members, the member name and its ':', and returns
// the unescaped name. Then read the member's value with any reader (or Skip).
// At the end of the object it consumes '}' and returns ok == false.
//
// The key aliases the input or d's key buffer and is valid until the next
// NextKey call. Converting it in a switch (switch string(key)) does not
// allocate. NextKey does not detect duplicate names: generated code tracks its
// known fields itself and uses a [KeySet] or a map for the others.
func (d *Decoder) NextKey() (key []byte, ok bool, err error) {
	c := d.ws()
	if c == '}' {
		d.pos++
		d.depth--
		d.first = false
		return nil, false, nil
	}
	if !d.first {
		if c != ',' {
			return nil, false, d.unexpected("',' or '}'")
		}
		d.pos++
		c = d.ws()
	}
	d.first = false
	if c != '"' {
		return nil, false, d.unexpected("string (member name)")
	}
	key, buf, err := d.readStr(d.keyBuf[:0])
	if cap(buf) != cap(d.keyBuf) {
		d.keyBuf = buf[:0] // only when it grew, as in ReadStringBytes
	}
	if err != nil {
		return nil, false, err
	}
	if d.ws() != ':' {
		return nil, false, d.unexpected("':'")
	}
	d.pos++
	return key, true, nil
}

// NextKeyHint is [Decoder.NextKey] for a reader that expects the member named by hint,
// the name's JSON text with its quotes (`"room"` for room). When the next member's name
// is written exactly so, right after the ',' (or '{') and right before the ':', it is
// consumed with one comparison instead of a scan; the key returned aliases the input.
// Otherwise, or when hint is shorter than two bytes, it is NextKey. A generated decoder
// hints the member that follows in schema order, the order most peers write.
func (d *Decoder) NextKeyHint(hint string) (key []byte, ok bool, err error) {
	i, data := d.pos, d.data
	if !d.first {
		if i >= len(data) || data[i] != ',' {
			return d.NextKey()
		}
		i++
	}
	if j := i + len(hint); len(hint) >= 2 && j < len(data) && data[j] == ':' && string(data[i:j]) == hint {
		d.first = false
		d.pos = j + 1
		return data[i+1 : j-1 : j-1], true, nil
	}
	return d.NextKey()
}

// ArrayStart consumes '['. Read the elements with [Decoder.NextElem].
func (d *Decoder) ArrayStart() error {
	if d.ws() != '[' {
		return d.unexpected("array")
	}
	if d.depth >= MaxDepth {
		return &Error{Offset: d.pos, Err: ErrTooDeep}
	}
	d.pos++
	d.depth++
	d.first = true
	return nil
}

// NextElem reports whether another element of the array opened by ArrayStart
// follows (consuming the ',' before it); read it with any reader. At the end
// of the array it consumes ']' and returns false.
func (d *Decoder) NextElem() (bool, error) {
	c := d.ws()
	if c == ']' {
		d.pos++
		d.depth--
		d.first = false
		return false, nil
	}
	if d.first {
		d.first = false
		return true, nil
	}
	if c != ',' {
		return false, d.unexpected("',' or ']'")
	}
	d.pos++
	return true, nil
}

// ReadRaw is [Decoder.Skip] that returns the bytes of the skipped value
// (without surrounding whitespace). The result aliases the input.
func (d *Decoder) ReadRaw() ([]byte, error) {
	d.ws()
	start := d.pos
	if err := d.Skip(); err != nil {
		return nil, err
	}
	return d.data[start:d.pos:d.pos], nil
}

// End reports an error unless every array and object is closed and only
// whitespace remains.
func (d *Decoder) End() error {
	c := d.ws()
	if d.depth != 0 {
		return d.unexpected("end of array or object")
	}
	if d.pos < len(d.data) {
		return d.syntax(d.pos, "unexpected "+quoteByte(c)+" after top-level value")
	}
	return nil
}

// A Mark is a position of a [Decoder] in its document, to come back to with
// [Decoder.Rewind].
type Mark struct {
	pos, depth int
	first      bool
}

// Mark returns d's position.
func (d *Decoder) Mark() Mark { return Mark{d.pos, d.depth, d.first} }

// Rewind moves d back to m, a Mark taken on the same document since the last Reset: a
// generated decoder reads ahead in a value (a union's tag) and then reads the value from
// its start. Strings kept before stay valid.
func (d *Decoder) Rewind(m Mark) {
	d.pos, d.depth, d.first = min(max(m.pos, 0), len(d.data)), max(m.depth, 0), m.first
}

// StringAhead skips white space and, when a string comes next, returns the input from
// the byte after its opening quote to the end of the document (aliasing the input), else
// nil. It consumes nothing: it lets a generated decoder match a string whose every byte
// its pattern fixes (a decimal price) in one pass over the input, and then take it with
// [Decoder.TakeString], or fall back to [Decoder.ReadStringBytes].
func (d *Decoder) StringAhead() []byte {
	if d.ws() != '"' {
		return nil
	}
	return d.data[d.pos+1:]
}

// TakeString consumes the string [Decoder.StringAhead] saw, whose contents are its next n
// bytes, and returns it as [Decoder.KeepString] would. The caller has checked that byte n
// of what StringAhead returned is the closing quote and that the n bytes before it need
// no unescaping and are valid UTF-8 (a pattern that admits only printable ASCII other
// than '"' and '\\' matched them); it panics when byte n is not a quote.
func (d *Decoder) TakeString(n int) string {
	start := d.pos
	end := start + n + 2
	if d.data[end-1] != '"' || d.data[start] != '"' {
		panic("wire: TakeString: no string of that length at the offset StringAhead saw")
	}
	return d.takePlain(end)
}

// takePlain consumes the string whose opening quote is at d.pos and whose closing quote
// ends at end, when it has no escape, and returns it kept as KeepString keeps it: a view
// of the kept block when that holds it already.
func (d *Decoder) takePlain(end int) string {
	start := d.pos
	d.strStart, d.strEnd, d.strEsc = start, end, false
	d.pos = end
	cs, ce := start+1, end-1
	if off := cs - d.arenaOff; off >= 0 && ce-d.arenaOff <= len(d.arena) && ce > cs {
		return unsafe.String(&d.arena[off], ce-cs)
	}
	return d.KeepString(d.data[cs:ce:ce])
}

// ArenaChunk is the largest block of a document [Decoder.KeepString] copies at once,
// 16 KiB: the first block holds the rest of the document when it is shorter, and a
// string longer than a block gets a block of its own size. Blocks never overlap, so the
// blocks of one document are together never longer than the document.
const ArenaChunk = 16 << 10

// KeepString returns a copy of s (a string just read, such as [Decoder.ReadStringBytes]
// returns) as a string. The strings KeepString returns for one document share
// allocations: the first one copies the rest of the document (at most [ArenaChunk]) into
// a block, and the strings read from that part of the document are views of the block:
// one allocation and one copy for all the strings of a message, not one per string. An
// escaped string is written over its own escaped text in the block (its unescaped form is
// never longer). A string kept from a message keeps that shared block (at most the
// document's size, or [ArenaChunk]) alive. The block is never reused: Reset drops it.
// An s that is not the string read last is copied on its own.
func (d *Decoder) KeepString(s []byte) string {
	if len(s) == 0 {
		return ""
	}
	// The contents of the string read last are data[cs:ce].
	cs, ce := d.strStart+1, d.strEnd-1
	if cs >= ce || ce > len(d.data) || len(s) > ce-cs {
		return string(s)
	}
	if p := unsafe.SliceData(s); p == &d.data[cs] {
		if len(s) != ce-cs {
			return string(s)
		}
	} else if p != unsafe.SliceData(d.scratch) && p != unsafe.SliceData(d.keyBuf) || !d.strEsc {
		return string(s)
	}
	if cs < d.arenaOff || ce > d.arenaOff+len(d.arena) {
		n := len(d.data) - cs
		if n > ArenaChunk {
			n = max(ArenaChunk, ce-cs)
		}
		src := d.data[cs : cs+n]
		a := make([]byte, len(src))
		copy(a, src) // make and copy of its length: not cleared first (runtime.makeslicecopy)
		d.arena, d.arenaOff = a, cs
	}
	off := cs - d.arenaOff
	if d.strEsc {
		copy(d.arena[off:], s)
	}
	return unsafe.String(&d.arena[off], len(s))
}
