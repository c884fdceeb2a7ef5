package wire

import (
	"errors"
	"strconv"

	"github.com/wsgen/wsgen/internal/clip"
)

// Sentinel errors. Decoder methods wrap the first four in an [*Error] or a
// [*DuplicateKeyError] that carries the input offset; [Number] methods return
// ErrRange and ErrNotInteger bare (the caller knows where the number was).
var (
	// ErrDuplicateKey: an object has two members with the same name (compared
	// after unescaping, so "a" and "\u0061" are the same name).
	ErrDuplicateKey = errors.New("wire: duplicate member name")
	// ErrInvalidUTF8: a string holds bytes that are not valid UTF-8.
	ErrInvalidUTF8 = errors.New("wire: invalid UTF-8 in string")
	// ErrLoneSurrogate: a string holds a \u escape of a UTF-16 surrogate that is
	// not part of a high+low pair.
	ErrLoneSurrogate = errors.New("wire: lone surrogate escape in string")
	// ErrTooDeep: arrays and objects are nested more than [MaxDepth] levels.
	ErrTooDeep = errors.New("wire: nesting too deep")
	// ErrRange: a number cannot be held by the Go type asked for (an integer
	// beyond int64, a number beyond float64's range).
	ErrRange = errors.New("wire: number out of range")
	// ErrInexact: a number float64 cannot hold exactly enough to round-trip (more
	// significant digits than it keeps, or an underflow to 0 or to a subnormal that
	// prints differently). [InexactError] wraps it.
	ErrInexact = errors.New("wire: number not held exactly by float64")
	// ErrNotInteger: Int64 was asked of a number that is not a mathematical
	// integer (1.5; but 1.0 and 1e2 are integers).
	ErrNotInteger = errors.New("wire: number is not an integer")
)

// SyntaxError reports input that is not JSON: a grammar problem at Offset
// (a byte index into the input).
type SyntaxError struct {
	Offset int    // byte offset of the offending byte (len(input) at end of input)
	Reason string // one line, e.g. "expected ',' or '}'"
}

func (e *SyntaxError) Error() string {
	return "wire: syntax error at offset " + strconv.Itoa(e.Offset) + ": " + e.Reason
}

// DuplicateKeyError reports an object member name seen twice in one object.
// errors.Is(err, ErrDuplicateKey) is true for it.
type DuplicateKeyError struct {
	Offset int    // byte offset of the second occurrence's opening quote
	Key    string // the unescaped member name (Error quotes at most 64 bytes of it)
}

func (e *DuplicateKeyError) Error() string {
	return "wire: duplicate member name " + clip.Quote(e.Key) + " at offset " + strconv.Itoa(e.Offset)
}

// Is reports whether target is ErrDuplicateKey.
func (e *DuplicateKeyError) Is(target error) bool { return target == ErrDuplicateKey }

// Error reports valid-grammar input that wire refuses anyway: Err is
// ErrInvalidUTF8, ErrLoneSurrogate or ErrTooDeep, found at Offset.
// Use errors.Is(err, wire.ErrInvalidUTF8) and so on.
type Error struct {
	Offset int   // byte offset where the problem was found
	Err    error // one of the sentinels above
}

func (e *Error) Error() string {
	return e.Err.Error() + " at offset " + strconv.Itoa(e.Offset)
}

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }

// InexactError is the refusal of a number literal that float64 does not hold exactly
// enough to round-trip ([Number.ExactFloat64]). errors.Is(err, ErrInexact) is true for it.
type InexactError struct {
	Literal string // the literal as received (Error quotes at most 64 bytes of it)
	Nearest string // the float64 it would become, formatted as json.Marshal does
}

func (e *InexactError) Error() string {
	return "wire: " + e.reason()
}

func (e *InexactError) reason() string {
	return "number " + clip.Text(e.Literal) + " is not held exactly by float64 (it would become " + e.Nearest + ")"
}

// Is reports whether target is ErrInexact.
func (e *InexactError) Is(target error) bool { return target == ErrInexact }
