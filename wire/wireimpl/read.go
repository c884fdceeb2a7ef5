package wireimpl

import (
	"strconv"
	"unicode/utf8"

	"github.com/wsgen/wsgen/internal/clip"
	"github.com/wsgen/wsgen/wire"
)

// The checked readers below read each next value as one JSON Schema type, refusing a
// value of another kind ("expected string, got number"), and check the bounds generated
// code passes in, so that a generated field decoder is a call and an error check. They run
// on the path of every valid frame and allocate nothing but ReadString's result. Their
// errors are wire errors or *PathError values without a pointer; generated code adds the
// field's with [At].

// ReadString reads a string of at least min and at most max code points (max < 0: no
// maximum), as JSON Schema's minLength and maxLength count them. The strings of one
// document share allocations ([wire.Decoder.KeepString]).
func ReadString(d *wire.Decoder, min, max int) (string, error) {
	s, err := d.ReadKeptString()
	if err != nil {
		return "", kindOr(d, wire.KindString, "string", err)
	}
	if !lengthFits(s, min, max) {
		if err := checkLength(s, min, max); err != nil {
			return "", err
		}
	}
	return s, nil
}

// ReadStringBytes is [ReadString] without the allocation; the result aliases the input or
// d's scratch buffer, as [wire.Decoder.ReadStringBytes].
func ReadStringBytes(d *wire.Decoder, min, max int) ([]byte, error) {
	s, err := d.ReadStringBytes()
	if err != nil {
		return nil, kindOr(d, wire.KindString, "string", err)
	}
	if max >= 0 && len(s) > max && utf8.RuneCount(s) > max {
		return nil, tooLong(max)
	}
	// len(s)/4 < min: a string of len(s) bytes has at least len(s)/4 code points.
	if min > 0 && len(s)/4 < min && utf8.RuneCount(s) < min {
		return nil, tooShort(min)
	}
	return s, nil
}

// ReadDiscriminator reads a string that must equal want, the const of a message's
// discriminator member.
func ReadDiscriminator(d *wire.Decoder, want string) error {
	s, err := d.ReadStringBytes()
	if err != nil {
		return kindOr(d, wire.KindString, "string", err)
	}
	if string(s) != want {
		return Invalid("discriminator is not " + strconv.Quote(want))
	}
	return nil
}

// ReadInt reads an integer (1.0 and 1e2 are integers) that int64 holds, at least min and
// at most max. The reasons name the bounds in decimal ("less than the minimum 1").
func ReadInt(d *wire.Decoder, min, max int64) (int64, error) {
	if v, ok := d.ReadSmallInt(); ok {
		return checkInt(v, min, max)
	}
	// Another kind, 1.0, 1e2, more than 18 digits or a syntax error.
	n, err := ReadNumber(d, "integer")
	if err != nil {
		return 0, err
	}
	v, err := IntOf(n)
	if err != nil {
		return 0, err
	}
	return checkInt(v, min, max)
}

// checkInt refuses v outside [min, max].
func checkInt(v, min, max int64) (int64, error) {
	if v < min {
		return 0, Invalid("less than the minimum " + strconv.FormatInt(min, 10))
	}
	if v > max {
		return 0, Invalid("greater than the maximum " + strconv.FormatInt(max, 10))
	}
	return v, nil
}

// IntOf converts n to int64, refusing a fraction ("expected integer, got 1.5") and an
// integer int64 cannot hold (ErrRange).
func IntOf(n wire.Number) (int64, error) {
	v, err := n.Int64()
	if err != nil {
		if err == wire.ErrNotInteger {
			return 0, &PathError{Reason: "expected integer, got " + clip.Text(string(n)), hidden: "expected integer"}
		}
		return 0, RangeErr(err, "int64")
	}
	return v, nil
}

// ReadNumber reads a number literal; want names the accepted kind in the refusal of
// another kind ("number", "integer", "non-integer number"). The result aliases the input.
func ReadNumber(d *wire.Decoder, want string) (wire.Number, error) {
	n, err := d.ReadNumber()
	if err != nil {
		return nil, kindOr(d, wire.KindNumber, want, err)
	}
	return n, nil
}

// ReadFloat reads a number at least min and at most max (nil: no bound), compared
// exactly on the literal, that float64 holds exactly ([FloatOf]). The reasons quote the
// bounds as written.
func ReadFloat(d *wire.Decoder, min, max wire.Number) (float64, error) {
	n, err := ReadNumber(d, "number")
	if err != nil {
		return 0, err
	}
	if min != nil && wire.Compare(n, min) < 0 {
		return 0, Invalid("less than the minimum " + string(min))
	}
	if max != nil && wire.Compare(n, max) > 0 {
		return 0, Invalid("greater than the maximum " + string(max))
	}
	return FloatOf(n)
}

// FloatOf converts n to float64, refusing a number beyond float64's range (ErrRange)
// and one float64 does not hold exactly enough to round-trip (a [*wire.InexactError];
// see [wire.Number.ExactFloat64]): never rounded.
func FloatOf(n wire.Number) (float64, error) {
	v, err := n.ExactFloat64()
	if err != nil {
		if _, ok := err.(*wire.InexactError); ok {
			return 0, asPath(err) // the reason is the error's text without "wire: "
		}
		return 0, RangeErr(err, "float64")
	}
	return v, nil
}

// ReadDecimal reads a number at least min and at most max (nil: no bound), compared
// exactly on the literal, and keeps it exactly.
func ReadDecimal(d *wire.Decoder, min, max wire.Number) (wire.Decimal, error) {
	n, err := ReadNumber(d, "number")
	if err != nil {
		return wire.Decimal{}, err
	}
	if min != nil && wire.Compare(n, min) < 0 {
		return wire.Decimal{}, Invalid("less than the minimum " + string(min))
	}
	if max != nil && wire.Compare(n, max) > 0 {
		return wire.Decimal{}, Invalid("greater than the maximum " + string(max))
	}
	return wire.DecimalOf(n), nil
}

// ReadBool reads true or false.
func ReadBool(d *wire.Decoder) (bool, error) {
	if d.Peek() != wire.KindBool {
		return false, KindErr(d, "boolean")
	}
	return d.ReadBool()
}

// plural writes n and the noun, in the plural unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// PeekMember reads the string member name of the object d holds, skipping the members
// before it, and returns its value (aliasing the input or d's scratch buffer). The
// caller rewinds d ([wire.Decoder.Rewind]) to decode the object.
func PeekMember(d *wire.Decoder, name string) ([]byte, error) {
	if err := ExpectObject(d); err != nil {
		return nil, err
	}
	for {
		key, ok, err := d.NextKey()
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, Invalid("missing discriminator " + strconv.Quote(name))
		}
		if string(key) == name {
			if d.Peek() != wire.KindString {
				return nil, AtName(KindErr(d, "string"), name)
			}
			s, err := d.ReadStringBytes()
			if err != nil {
				return nil, AtName(err, name)
			}
			return s, nil
		}
		if err := d.Skip(); err != nil {
			return nil, err
		}
	}
}

// ExpectObject consumes the '{' of the next value, or refuses a value of another kind.
func ExpectObject(d *wire.Decoder) error {
	if d.Peek() != wire.KindObject {
		return KindErr(d, "object")
	}
	return d.ObjectStart()
}

// ExpectArray consumes the '[' of the next value, or refuses a value of another kind.
func ExpectArray(d *wire.Decoder) error {
	if d.Peek() != wire.KindArray {
		return KindErr(d, "array")
	}
	return d.ArrayStart()
}

// kindOr is the refusal of a value that d's reader of kind k refused with err: when the
// value is of another kind, "expected want, got ..." ([KindErr]), else err. A wire reader
// that fails leaves d at the value's first byte, so the kind is checked on the error path
// only.
func kindOr(d *wire.Decoder, k wire.Kind, want string, err error) error {
	if d.Peek() != k {
		return KindErr(d, want)
	}
	return err
}
