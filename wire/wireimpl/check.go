package wireimpl

import (
	"sync"
	"unicode/utf8"

	"github.com/wsgen/wsgen/wire"
)

// The checks below run in generated encoders, on Go values about to be written, so that
// Encode refuses what Decode would refuse. Their reasons are the decoders' own.

// CheckString checks a string an encoder is about to write: valid UTF-8 (the decoders
// refuse anything else, and wire.AppendString would write U+FFFD in its place) of at
// least min and at most max code points (max < 0: no maximum), counted as [ReadString]
// counts them and refused with the same reasons.
func CheckString(s string, min, max int) error {
	if !utf8.ValidString(s) {
		return invalidUTF8()
	}
	return checkLength(s, min, max)
}

// AppendCheckedString appends s as a JSON string ([wire.AppendString]) and refuses, as
// [CheckString], a string that is not valid UTF-8 or not of at least min and at most max
// code points, in the one pass over s that writes it.
func AppendCheckedString(b []byte, s string, min, max int) ([]byte, error) {
	return AppendCheckedRest(append(b, '"'), s, min, max)
}

// AppendCheckedRest is [AppendCheckedString] without the opening quote, which generated
// code writes with the member name before it.
func AppendCheckedRest(b []byte, s string, min, max int) ([]byte, error) {
	b, ok := wire.AppendStringRest(b, s)
	if !ok {
		return b, invalidUTF8()
	}
	if lengthFits(s, min, max) {
		return b, nil
	}
	return b, checkLength(s, min, max)
}

// lengthFits reports whether the byte length of a valid UTF-8 s puts it within min and
// max code points (max < 0: no maximum) without counting them, as it does for nearly
// every string: a string of n bytes has at most n and at least ceil(n/4) code points, and
// max < 0 is above every length as a uint. It inlines; the call to checkLength it saves
// was 5 % of a snapshot's Encode.
func lengthFits(s string, min, max int) bool {
	return uint(len(s)) <= uint(max) && (len(s)+3)>>2 >= min
}

// checkLength refuses a valid UTF-8 s of fewer than min or more than max code points
// (max < 0: no maximum), counting them only when the byte length cannot decide.
func checkLength(s string, min, max int) error {
	if lengthFits(s, min, max) {
		return nil
	}
	if max >= 0 && len(s) > max && utf8.RuneCountInString(s) > max {
		return tooLong(max)
	}
	if min > 0 && (len(s)+3)>>2 < min && utf8.RuneCountInString(s) < min {
		return tooShort(min)
	}
	return nil
}

// invalidUTF8 is a new error each time: At adds to the pointer of the one it is given.
func invalidUTF8() error { return Invalid("string is not valid UTF-8") }

func tooLong(max int) error  { return Invalid("string longer than " + plural(max, "character")) }
func tooShort(min int) error { return Invalid("string shorter than " + plural(min, "character")) }

// checkDecoders keeps the decoders [CheckRaw] runs raw values through.
var checkDecoders = sync.Pool{New: func() any { return new(wire.Decoder) }}

// CheckRaw runs a value kept as raw JSON (already checked to be one valid JSON value)
// through check, the generated function that checks such values while decoding, so that
// an encoder refuses exactly what the decoder refuses.
func CheckRaw(raw []byte, check func(*wire.Decoder) ([]byte, error)) error {
	d := checkDecoders.Get().(*wire.Decoder)
	defer checkDecoders.Put(d)
	d.Reset(raw)
	if _, err := check(d); err != nil {
		return err
	}
	return d.End()
}

// DiscardEncode puts back the scratch buffer p of [EncodeBuffer], as [FinishEncode] does,
// when what was written into it (b, possibly grown from it) is not wanted: a generated
// Validate writes the value and discards it.
func DiscardEncode(p *[]byte, b []byte) {
	if b != nil && cap(b) <= EncodeBufferLimit {
		*p = b[:0]
	}
	encodeBuffers.Put(p)
}
