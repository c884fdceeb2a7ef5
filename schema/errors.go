package schema

import (
	"errors"
	"strconv"
	"strings"
)

// ErrInvalidFrame is wrapped by [Protocol.Validate] when a frame is not valid JSON.
var ErrInvalidFrame = errors.New("schema: invalid JSON frame")

// ErrNumberRange is wrapped by [Protocol.Validate] and [Protocol.ValidateMessage] when a
// frame holds a number beyond 1e±1000: the reference validator would expand it with
// math/big (1e999999 takes 0.4 s and 3.7 MB; 1e1000000000 makes it panic), so such a
// frame is not validated. Generated decoders compare such numbers exactly.
var ErrNumberRange = errors.New("schema: number beyond the reference validator's range")

// Error is one problem in a protocol description: where it is and why it is refused.
type Error struct {
	// File is the protocol file's path as given to Load.
	File string
	// Pointer is the JSON pointer of the offending value, in URI fragment form ("#" is
	// the root, "#/$defs/chat/properties/text").
	Pointer string
	// Reason is a one-line explanation.
	Reason string
	// Line and Column (1-based, the column in bytes) locate a problem found before the
	// file was understood as JSON (a syntax error, a duplicate member); 0 otherwise.
	// Such an error prints as "file:line:column: reason", as compilers print theirs.
	Line, Column int
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return e.File + ":" + strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Column) + ": " + e.Reason
	}
	return e.File + ":" + e.Pointer + ": " + e.Reason
}

// Errors lists every problem found in a protocol description, in document order. Load
// returns it (as an error) whenever it refuses a file; each element prints as
// "file:pointer: reason" (or "file:line:column: reason" for invalid JSON), and Error
// joins them with newlines.
type Errors []*Error

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}
