package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
	"github.com/wsgen/wsgen/internal/jsonnum"
)

// Validate checks one wire frame against the protocol's root schema with the reference
// validator (santhosh-tekuri/jsonschema, draft 2020-12, formats as annotations). It
// returns the frame's message type (the type name of the message whose route the frame
// matches, see [Protocol.Match]; else the first discriminator's string value, even when
// the frame is invalid) and a non-nil error when
// the frame is not valid JSON (wrapping [ErrInvalidFrame]) or not valid for the schema (a
// *jsonschema.ValidationError).
//
// The reference validator is compiled on the first call (its compilation takes time
// quadratic in the number of subschemas, which Load and the generator do not pay); an
// error compiling it is returned by every call.
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
	if err := numbersInRange(v); err != nil {
		return "", err
	}
	if _, m := p.Match(v); m != nil {
		msgType = m.Wire
	} else if obj, ok := v.(map[string]any); ok {
		msgType, _ = obj[p.Discriminator].(string)
	}
	p.once.Do(func() { p.validator, p.validatorErr = compile(p.Path, p.source) })
	if p.validatorErr != nil {
		return msgType, p.validatorErr
	}
	return msgType, p.validator.Validate(v)
}

// ValidateMessage checks a parsed frame v (as encoding/json decodes it, with UseNumber)
// against the schema of the message m alone, with the reference validator. With
// [Protocol.Match] it tells what a generated Decode must do with a frame: decode it as
// the message Match picks when that message's schema accepts it, refuse it otherwise.
func (p *Protocol) ValidateMessage(m *Message, v any) error {
	if err := numbersInRange(v); err != nil {
		return err
	}
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

// compile compiles the description data for Protocol.Validate. Remote references are
// refused.
func compile(path string, data []byte) (*jsonschema.Schema, error) {
	const url = "file:///wsgen/protocol.json"
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.LoadURL = func(s string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("remote reference %q is not allowed", s)
	}
	if err := c.AddResource(url, bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("schema: reference validator: %w", err)
	}
	s, err := c.Compile(url)
	if err != nil {
		reason := strings.ReplaceAll(err.Error(), url, filepath.Base(path))
		return nil, fmt.Errorf("schema: reference validator: %s", strings.ReplaceAll(reason, "\n", " "))
	}
	return s, nil
}

// numbersInRange refuses a parsed frame holding a number beyond 1e±jsonnum.MaxExp (see
// ErrNumberRange), before the reference validator expands it.
func numbersInRange(v any) error {
	switch x := v.(type) {
	case json.Number:
		if !jsonnum.InRange([]byte(x), jsonnum.MaxExp) {
			return fmt.Errorf("%w: %.40s is beyond 1e±%d", ErrNumberRange, x, jsonnum.MaxExp)
		}
	case map[string]any:
		for _, e := range x {
			if err := numbersInRange(e); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range x {
			if err := numbersInRange(e); err != nil {
				return err
			}
		}
	}
	return nil
}
