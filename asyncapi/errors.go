package asyncapi

import (
	"fmt"

	"github.com/wsgen/wsgen/schema"
)

// A Warning is a place where the document is loose or where wsgen inferred or loosened
// something to read it: the protocol is generated anyway, unless the caller is strict.
type Warning struct {
	// File is the document (or a file it references) and Pointer the JSON pointer of
	// the value in it, in URI-fragment form ("#/components/messages/hello/payload").
	File, Pointer string
	// Reason is a one-line explanation.
	Reason string
}

// String formats the warning as "file:#/pointer: warning: reason".
func (w Warning) String() string { return w.File + ":" + w.Pointer + ": warning: " + w.Reason }

// Error makes a warning an error, for strict readers: "file:#/pointer: reason".
func (w Warning) Error() *schema.Error {
	return &schema.Error{File: w.File, Pointer: w.Pointer, Reason: w.Reason}
}

func (c *conv) errorf(at *node, format string, args ...any) {
	if len(c.errs) >= maxProblems {
		return
	}
	c.errs = append(c.errs, &schema.Error{File: at.file, Pointer: at.ptr, Reason: fmt.Sprintf(format, args...)})
}

func (c *conv) warnf(at *node, format string, args ...any) {
	if len(c.warns) >= maxProblems {
		return
	}
	w := Warning{File: at.file, Pointer: at.ptr, Reason: fmt.Sprintf(format, args...)}
	if w.File == "" {
		w.File, w.Pointer = c.path, "#"
	}
	c.warns = append(c.warns, w)
}

// maxProblems bounds the errors and the warnings kept for one document.
const maxProblems = 1000
