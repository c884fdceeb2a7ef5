package chat_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"testing"
	"unicode/utf8"

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
		if err := m.(interface{ Validate() error }).Validate(); err != nil {
			t.Fatalf("Validate of Decode(%q) = %v", data, err)
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

// FuzzEncode sets one top-level string or integer field (chosen by k) of a decoded message
// to a fuzzed value and checks that whatever Encode accepts the reference validator and
// Decode accept, decoding to an equal message, and that whatever Encode refuses (with an
// *EncodeError, as Validate) makes a frame the validator refuses.
func FuzzEncode(f *testing.F) {
	for i, fr := range loadFrames(f) {
		if fr.valid {
			f.Add(fr.data, uint8(i), "", int64(0))
			f.Add(fr.data, uint8(i), "Room-1", int64(-1))
			f.Add(fr.data, uint8(i), "lobby", int64(1001))
		}
	}
	p := loadProtocol(f)
	f.Fuzz(func(t *testing.T, data []byte, k uint8, s string, n int64) {
		m, err := chat.Decode(data)
		if err != nil {
			return
		}
		if err := m.(interface{ Validate() error }).Validate(); err != nil {
			t.Fatalf("Validate of Decode(%q) = %v", data, err)
		}
		v := reflect.ValueOf(m).Elem()
		fv := v.Field(int(k) % v.NumField())
		switch fv.Kind() {
		case reflect.String:
			fv.SetString(s)
		case reflect.Int64:
			fv.SetInt(n)
		default:
			return
		}
		out, err := chat.Encode(m)
		if err != nil {
			var ee *chat.EncodeError
			if !errors.As(err, &ee) || ee.Type != m.MessageType() {
				t.Fatalf("Encode(%+v) error %v is not an *EncodeError of its type", m, err)
			}
			if verr := m.(interface{ Validate() error }).Validate(); verr == nil || verr.Error() != err.Error() {
				t.Fatalf("Validate = %v, Encode = %v", verr, err)
			}
			if !utf8.ValidString(s) {
				return // json.Marshal would write U+FFFD
			}
			raw, _ := json.Marshal(m)
			var obj map[string]any
			_ = json.Unmarshal(raw, &obj)
			obj["type"] = m.MessageType()
			raw, _ = json.Marshal(obj)
			if _, verr := p.Validate(raw); verr == nil {
				t.Fatalf("Encode refused %s (%v), which the validator accepts", raw, err)
			}
			return
		}
		if _, err := p.Validate(out); err != nil {
			t.Fatalf("Encode(%+v) = %s, which the validator refuses: %v", m, out, err)
		}
		m2, err := chat.Decode(out)
		if err != nil {
			t.Fatalf("Decode(Encode(%+v)) = %v (encoded %s)", m, err, out)
		}
		if diff := cmp.Diff(m, m2); diff != "" {
			t.Fatalf("round trip changed the message (-before +after):\n%s", diff)
		}
	})
}
