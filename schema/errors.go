package schema

import (
	"errors"
	"strings"
)

// ErrInvalidFrame is wrapped by [Protocol.Validate] when a frame is not valid JSON.
var ErrInvalidFrame = errors.New("schema: invalid JSON frame")

// Error is one problem in a protocol description: where it is and why it is refused.
type Error struct {
	// File is the protocol file's path as given to Load.
	File string
	// Pointer is the JSON pointer of the offending value, in URI fragment form ("#" is
	// the root, "#/$defs/chat/properties/text").
	Pointer string
	// Reason is a one-line explanation.
	Reason string
}

func (e *Error) Error() string { return e.File + ":" + e.Pointer + ": " + e.Reason }

// Errors lists every problem found in a protocol description, in document order. Load
// returns it (as an error) whenever it refuses a file; each element prints as
// "file:pointer: reason", and Error joins them with newlines.
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
