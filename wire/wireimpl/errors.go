package wireimpl

import (
	"math/bits"
	"strconv"
	"strings"

	"github.com/wsgen/wsgen/internal/clip"
	"github.com/wsgen/wsgen/internal/jsonptr"
	"github.com/wsgen/wsgen/wire"
)

// PathError is a refusal with the JSON pointer of the value at fault, relative to the
// value a generated decoder or encoder was reading or writing.
type PathError struct {
	// Pointer is the JSON pointer of the offending value ("" for the value itself).
	Pointer string
	// Reason says what is wrong, in one line, without a package prefix or an offset.
	Reason string
	// Err is the underlying wire error, if any (a [*wire.SyntaxError],
	// [*wire.DuplicateKeyError], [*wire.Error], [wire.ErrDuplicateKey], [wire.ErrRange]).
	Err error

	// hidden is Reason without the input value it quotes, for [Redact]; "" when
	// Reason quotes none.
	hidden string
}

func (e *PathError) Error() string {
	if e.Pointer == "" {
		return "wireimpl: " + e.Reason
	}
	return "wireimpl: at " + e.Pointer + ": " + e.Reason
}

// Unwrap returns Err.
func (e *PathError) Unwrap() error { return e.Err }

// Invalid returns a *PathError with reason: a value the schema refuses (when decoding)
// or that JSON cannot hold (when encoding).
func Invalid(reason string) error { return &PathError{Reason: reason} }

// Wrap returns err as a *PathError: err itself when it is one, else a PathError whose
// Err is err and whose Reason is err's text without the "wire: " prefix and, for the
// refusals [Locate] points at exactly (duplicate member, invalid UTF-8, lone surrogate,
// nesting too deep), without the input offset.
func Wrap(err error) error { return asPath(err) }

func asPath(err error) *PathError {
	switch e := err.(type) {
	case *PathError:
		return e
	case *wire.DuplicateKeyError:
		return &PathError{Reason: "duplicate member " + clip.Quote(e.Key), Err: err}
	case *wire.Error:
		return &PathError{Reason: strings.TrimPrefix(e.Err.Error(), "wire: "), Err: err}
	case *wire.InexactError:
		return &PathError{Reason: strings.TrimPrefix(e.Error(), "wire: "), Err: err, hidden: "number not held exactly by float64"}
	}
	return &PathError{Reason: strings.TrimPrefix(err.Error(), "wire: "), Err: err}
}

// At returns err (wrapped as by [Wrap]) with its pointer prefixed by one reference
// token, already escaped (see [EscapeToken]).
func At(err error, token string) error {
	e := asPath(err)
	e.Pointer = "/" + token + e.Pointer
	return e
}

// AtIndex is [At] for the array element i.
func AtIndex(err error, i int) error { return At(err, strconv.Itoa(i)) }

// AtName is [At] for the member name, escaping it; a name of more than 64 bytes (an
// input member name) is cut as [Quote] cuts it.
func AtName(err error, name string) error { return At(err, nameToken(name)) }

// nameToken is the pointer token of an input member name, bounded.
func nameToken(name string) string {
	if len(name) > clip.MaxInput {
		name = clip.Text(name)
	}
	return jsonptr.Escape(name)
}

// EscapeToken escapes a member name as a JSON pointer reference token (~ as ~0, / as ~1).
func EscapeToken(name string) string { return jsonptr.Escape(name) }

// KindErr is the refusal of the next value of d, of the wrong kind: "expected want, got
// kind". When the next byte starts no JSON value it is the syntax error instead.
func KindErr(d *wire.Decoder, want string) error {
	k := d.Peek()
	if k == wire.KindInvalid {
		if _, err := d.ReadRaw(); err != nil {
			return asPath(err)
		}
	}
	return &PathError{Reason: "expected " + want + ", got " + k.String()}
}

// Duplicate is the refusal of a second member called name (a declared field seen twice).
func Duplicate(name string) error {
	return &PathError{Pointer: "/" + nameToken(name), Reason: "duplicate member " + clip.Quote(name), Err: wire.ErrDuplicateKey}
}

// RangeErr is the refusal of a number the Go type want ("int64", "float64") cannot
// hold; err is the [wire.Number] method's error.
func RangeErr(err error, want string) error {
	return &PathError{Reason: "number out of range for " + want, Err: err}
}

// Locate returns err as a *PathError (see [Wrap]). When err is a refusal that wire found
// at an input offset (a duplicate member, invalid UTF-8, a lone surrogate, nesting too
// deep) and data is the document it was found in, the pointer is recomputed with
// [wire.ErrorPointer] to name the exact value, also inside a value kept as raw JSON or
// skipped ("/comment/a", not "/comment"). The two refusals are matched by type, offset
// and sentinel (never by their text). The pointer is bounded as [Quote] bounds text
// (member names of at most 64 bytes, at most about 256 bytes in all). It runs only on the
// error path.
func Locate(data []byte, err error) *PathError {
	e := asPath(err)
	switch e.Err.(type) {
	case *wire.DuplicateKeyError, *wire.Error:
		if data == nil {
			break
		}
		if ptr, werr := wire.ErrorPointer(data); sameRefusal(werr, e.Err) {
			e.Pointer = ptr
		}
	}
	e.Pointer = clip.Pointer(e.Pointer)
	return e
}

// sameRefusal reports whether a and b are the same refusal of the same input: a
// *wire.DuplicateKeyError or a *wire.Error at the same offset (and of the same sentinel).
func sameRefusal(a, b error) bool {
	switch x := a.(type) {
	case *wire.DuplicateKeyError:
		y, ok := b.(*wire.DuplicateKeyError)
		return ok && x.Offset == y.Offset && x.Key == y.Key
	case *wire.Error:
		y, ok := b.(*wire.Error)
		return ok && x.Offset == y.Offset && x.Err == y.Err
	}
	return false
}

// Missing is the refusal of an object without a required member. Bit i of missing is set
// for the required members not seen, of those a generated decoder tracks in one word of
// its bit mask, and names[i] is the name of bit i's member; the reason names the first.
func Missing(missing uint64, names ...string) error {
	return Invalid("missing required member " + strconv.Quote(names[bits.TrailingZeros64(missing)]))
}
