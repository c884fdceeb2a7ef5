package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// Validate checks one wire frame against the protocol's root schema with the reference
// validator (santhosh-tekuri/jsonschema, draft 2020-12, formats as annotations). It
// returns the frame's message type (the type name of the message whose route the frame
// matches, see [Protocol.Match]; else the first discriminator's string value, even when
// the frame is invalid) and a non-nil error when
// the frame is not valid JSON (wrapping [ErrInvalidFrame]) or not valid for the schema (a
// *jsonschema.ValidationError).
//
// Validate sees parsed values as encoding/json produces them: unlike generated decoders it
// accepts duplicate member names (the last wins), invalid UTF-8 (replaced) and numbers
// beyond the range of Go's integer and float types.
func (p *Protocol) Validate(frame []byte) (msgType string, err error) {
	dec := json.NewDecoder(bytes.NewReader(frame))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", fmt.Errorf("%w: %v", ErrInvalidFrame, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return "", fmt.Errorf("%w: data after the value", ErrInvalidFrame)
	}
	if _, m := p.Match(v); m != nil {
		msgType = m.Wire
	} else if obj, ok := v.(map[string]any); ok {
		msgType, _ = obj[p.Discriminator].(string)
	}
	return msgType, p.validator.Validate(v)
}
