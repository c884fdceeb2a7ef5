package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
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

// ValidateMessage checks a parsed frame v (as encoding/json decodes it, with UseNumber)
// against the schema of the message m alone, with the reference validator. With
// [Protocol.Match] it tells what a generated Decode must do with a frame: decode it as
// the message Match picks when that message's schema accepts it, refuse it otherwise.
func (p *Protocol) ValidateMessage(m *Message, v any) error {
	p.msgMu.Lock()
	defer p.msgMu.Unlock()
	s, ok := p.msgValidators[m.Name]
	if !ok {
		const url = "file:///wsgen/protocol.json"
		c := jsonschema.NewCompiler()
		c.Draft = jsonschema.Draft2020
		c.LoadURL = func(s string) (io.ReadCloser, error) {
			return nil, fmt.Errorf("remote reference %q is not allowed", s)
		}
		if err := c.AddResource(url, bytes.NewReader(p.source)); err != nil {
			return err
		}
		var err error
		if s, err = c.Compile(url + "#" + m.Pointer); err != nil {
			return err
		}
		if p.msgValidators == nil {
			p.msgValidators = map[string]*jsonschema.Schema{}
		}
		p.msgValidators[m.Name] = s
	}
	return s.Validate(v)
}

// compile validates data against the 2020-12 meta-schema and compiles it for
// Protocol.Validate. Remote references are refused. meta reports that the errors come
// from the meta-schema.
func compile(path string, data []byte) (_ *jsonschema.Schema, _ Errors, meta bool) {
	const url = "file:///wsgen/protocol.json"
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.LoadURL = func(s string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("remote reference %q is not allowed", s)
	}
	if err := c.AddResource(url, bytes.NewReader(data)); err != nil {
		return nil, Errors{{File: path, Pointer: "#", Reason: err.Error()}}, true
	}
	s, err := c.Compile(url)
	if err == nil {
		return s, nil, false
	}
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		var es Errors
		for _, leaf := range leaves(ve) {
			es = append(es, &Error{File: path, Pointer: "#" + leaf.InstanceLocation, Reason: "not a valid 2020-12 schema: " + leaf.Message})
		}
		return nil, es, true
	}
	// Unresolvable references and bad patterns are reported by the builder with better
	// locations; the builder runs only when compile succeeded, so report them here.
	reason := err.Error()
	var se *jsonschema.SchemaError
	if errors.As(err, &se) && se.Err != nil {
		reason = se.Err.Error()
	}
	reason = strings.ReplaceAll(reason, url, filepath.Base(path))
	return nil, Errors{{File: path, Pointer: "#", Reason: strings.ReplaceAll(reason, "\n", " ")}}, false
}

func leaves(ve *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(ve.Causes) == 0 {
		return []*jsonschema.ValidationError{ve}
	}
	var out []*jsonschema.ValidationError
	for _, c := range ve.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}
