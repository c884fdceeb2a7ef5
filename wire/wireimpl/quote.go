package wireimpl

import (
	"fmt"
	"strconv"

	"github.com/wsgen/wsgen/internal/clip"
	"github.com/wsgen/wsgen/wire"
)

// Errors quote input bounded, and never the value of a sensitive member:
//
//   - an input value or member name is quoted by at most its first 64 bytes
//     ([clip.MaxInput]), cut before a UTF-8 sequence and shorter when escapes would make
//     the quote longer than 128 bytes, then "… (N bytes)" with its full length: a 1 MiB
//     discriminator reads `"aaaa…aaaa"… (1048576 bytes)`;
//   - a JSON pointer keeps each input member name to the same bound and is at most about
//     256 bytes, its middle tokens elided as "…(K more)" ([Locate]);
//   - the refusal of a sensitive member's value ([AtSensitive]) names the pointer and
//     what was expected, never the value: "expected integer (value hidden: sensitive)".

// Quote is strconv.Quote of s, bounded: the quote of at most the first 64 bytes of s,
// then "… (N bytes)" when s is longer (see above). Generated error types quote the message
// type with it.
func Quote(s string) string { return clip.Quote(s) }

// Clip is s bounded as [Quote] bounds it, unquoted, its non-printable runes escaped: for
// raw JSON values in an error's reason.
func Clip(s string) string { return clip.Text(s) }

// Redact returns err (as a *PathError, see [Wrap]) without the input value it quotes:
// the reason says what was expected and "(value hidden: sensitive)", and an underlying
// error that holds the value is replaced by one that does not (a *wire.InexactError by
// [wire.ErrInexact], a *wire.SyntaxError by one without its reason, which may quote a
// byte); errors.Is and errors.As find the same sentinels and types. Reasons that quote no
// input value (bounds, lengths, patterns, member names) are kept.
func Redact(err error) error {
	e := asPath(err)
	switch w := e.Err.(type) {
	case *wire.InexactError:
		e.Err = wire.ErrInexact
	case *wire.SyntaxError:
		e.Err = &wire.SyntaxError{Offset: w.Offset, Reason: hiddenNote}
		e.Reason, e.hidden = "syntax error at offset "+strconv.Itoa(w.Offset), ""
		e.Reason += " (" + hiddenNote + ")"
		return e
	}
	if e.hidden != "" {
		e.Reason, e.hidden = e.hidden+" ("+hiddenNote+")", ""
	}
	return e
}

const hiddenNote = "value hidden: sensitive"

// AtSensitive is [At] for the member token of a member the protocol marks sensitive: the
// error is [Redact]ed first.
func AtSensitive(err error, token string) error { return At(Redact(err), token) }

// Redacted stands for the value of a sensitive member when a generated message is
// formatted (its String and Format methods): true (a value is present) prints
// "[redacted]", false (an absent optional member) prints "<nil>", or "nil" for %#v.
type Redacted bool

// Format implements fmt.Formatter, for every verb.
func (r Redacted) Format(s fmt.State, verb rune) {
	switch {
	case bool(r):
		fmt.Fprint(s, "[redacted]")
	case verb == 'v' && s.Flag('#'):
		fmt.Fprint(s, "nil")
	default:
		fmt.Fprint(s, "<nil>")
	}
}

// String returns "[redacted]" or "<nil>".
func (r Redacted) String() string {
	if r {
		return "[redacted]"
	}
	return "<nil>"
}

// GoString returns "[redacted]" or "nil".
func (r Redacted) GoString() string {
	if r {
		return "[redacted]"
	}
	return "nil"
}
