package chat_test

import (
	"errors"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/generated/chat"
	"github.com/wsgen/wsgen/wire"
)

// hugeExponent matches number literals whose exponent has four or more digits: the
// reference validator turns numbers into big.Rat, and 1e999999999 would take it minutes.
// The generated decoder handles them at once (tested in TestDecodeErrors).
var hugeExponent = regexp.MustCompile(`[0-9][eE][+-]?[0-9]{4,}`)

// extraRefusal reports whether err is one of the refusals the codec contract adds to
// JSON Schema's: duplicate names, invalid UTF-8, lone surrogates, numbers beyond the Go type.
func extraRefusal(err error) bool {
	return errors.Is(err, wire.ErrDuplicateKey) || errors.Is(err, wire.ErrInvalidUTF8) ||
		errors.Is(err, wire.ErrLoneSurrogate) || errors.Is(err, wire.ErrRange)
}

func addSeeds(f *testing.F) {
	for _, fr := range loadFrames(f) {
		f.Add(fr.data)
	}
}

// FuzzDecode checks that Decode never panics and accepts exactly what the reference
// validator (schema.Protocol.Validate) accepts, except the documented extra refusals.
func FuzzDecode(f *testing.F) {
	addSeeds(f)
	p := loadProtocol(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := chat.Decode(data)
		if err != nil {
			var de *chat.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("Decode(%q) error %T is not a *DecodeError", data, err)
			}
		}
		if hugeExponent.Match(data) {
			return
		}
		_, verr := p.Validate(data)
		switch {
		case err == nil && verr != nil:
			t.Fatalf("Decode(%q) accepted a frame the validator refuses: %v", data, verr)
		case err != nil && verr == nil && !extraRefusal(err) && wire.Valid(data):
			// (A frame wire.Valid refuses has a duplicate name, invalid UTF-8 or a lone
			// surrogate somewhere; Decode may report another problem it met first.)
			t.Fatalf("Decode(%q) = %v, but the validator accepts the frame", data, err)
		}
	})
}

// FuzzRoundTrip checks that Encode(Decode(x)) is valid and decodes to an equal message.
func FuzzRoundTrip(f *testing.F) {
	addSeeds(f)
	p := loadProtocol(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := chat.Decode(data)
		if err != nil {
			return
		}
		out, err := chat.Encode(m)
		if err != nil {
			t.Fatalf("Encode(Decode(%q)) = %v", data, err)
		}
		if _, err := p.Validate(out); err != nil {
			t.Fatalf("Encode(Decode(%q)) = %s, which the validator refuses: %v", data, out, err)
		}
		m2, err := chat.Decode(out)
		if err != nil {
			t.Fatalf("Decode(Encode(Decode(%q))) = %v (encoded %s)", data, err, out)
		}
		if diff := cmp.Diff(m, m2); diff != "" {
			t.Fatalf("round trip of %q changed the message (-before +after):\n%s", data, diff)
		}
	})
}
