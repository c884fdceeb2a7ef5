// Package routetest checks a generated Decode against the reference router and validator
// of package schema, for the tests of the generated packages whose protocols exercise
// routing (generated/gateway, jsonrpc, mexc, hyperliquid, bitget).
//
// [Diff] decodes every frame and every variant [Variants] derives from it — a member
// removed, a discriminator given another message's value or a value of another kind, a
// shape member added, an unknown member added — and requires Decode to agree with the
// reference: the frame decodes as the message [schema.Protocol.Match] picks exactly when
// that message's schema accepts it ([schema.Protocol.ValidateMessage]); otherwise Decode
// refuses it. Without a precedence the reference is also the root schema itself
// ([schema.Protocol.Validate]): exactly one message of the oneOf accepts the frame.
package routetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wsgen/wsgen/schema"
)

// Decoder is a generated Decode reduced to the type name it decoded.
type Decoder func(frame []byte) (typ string, err error)

// Load reads the protocol at path or fails the test.
func Load(tb testing.TB, path string) *schema.Protocol {
	tb.Helper()
	p, err := schema.Load(path)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// Want returns what Decode must do with frame: decode it as the type typ (ok true), or
// refuse it (ok false).
func Want(p *schema.Protocol, frame []byte) (typ string, ok bool) {
	v, err := parse(frame)
	if err != nil {
		return "", false
	}
	_, pick := p.Match(v)
	if pick == nil || p.ValidateMessage(pick, v) != nil {
		return "", false
	}
	return pick.Wire, true
}

func parse(frame []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(frame))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the value")
	}
	return v, nil
}

// Diff checks decode on each frame and its variants; it returns how many frames it
// checked and how many of them decoded.
func Diff(t *testing.T, p *schema.Protocol, decode Decoder, frames [][]byte) (checked, valid int) {
	t.Helper()
	for _, f := range Variants(p, frames) {
		checked++
		want, wantOK := Want(p, f)
		got, err := decode(f)
		switch {
		case wantOK && err != nil:
			t.Errorf("Decode(%s) = %v, want a %q", f, err, want)
		case !wantOK && err == nil:
			t.Errorf("Decode(%s) = %q, want an error", f, got)
		case wantOK && got != want:
			t.Errorf("Decode(%s) = %q, want %q", f, got, want)
		}
		if wantOK {
			valid++
		}
		if len(p.Precedence) == 0 {
			if v, perr := parse(f); perr == nil {
				_, rerr := p.Validate(f)
				if (rerr == nil) != wantOK {
					t.Errorf("root schema and routing disagree on %s: Validate = %v, routed valid = %v", f, rerr, wantOK)
				}
				_ = v
			}
		}
	}
	return checked, valid
}

// Variants returns the frames and, for each, frames that differ in what routing reads.
func Variants(p *schema.Protocol, frames [][]byte) [][]byte {
	var values []any
	seen := map[string]bool{}
	addValue := func(v any) {
		b, _ := json.Marshal(v)
		if !seen[string(b)] {
			seen[string(b)] = true
			values = append(values, v)
		}
	}
	for _, m := range p.Messages {
		for _, c := range m.Route.Conds {
			for _, v := range c.Values {
				var x any
				d := json.NewDecoder(bytes.NewReader([]byte(v)))
				d.UseNumber()
				if d.Decode(&x) == nil {
					addValue(x)
				}
			}
			if c.PatternRE2 != "" {
				if cl, ok := schema.ClassifyPattern(c.PatternRE2); ok && cl.Kind != schema.PatRegexp {
					addValue(cl.Lit)
					addValue(cl.Lit + "X")
					addValue("X" + cl.Lit)
				}
			}
		}
	}
	for _, v := range []any{"zzz", json.Number("42"), json.Number("0"), json.Number("1.5"), nil, true, map[string]any{}, []any{}} {
		addValue(v)
	}
	out := map[string]bool{}
	var list [][]byte
	add := func(b []byte) {
		if !out[string(b)] {
			out[string(b)] = true
			list = append(list, b)
		}
	}
	for _, f := range frames {
		add(f)
		v, err := parse(f)
		if arr, ok := v.([]any); ok && err == nil {
			for _, b := range arrayVariants(p, arr, values) {
				add(b)
			}
			continue
		}
		obj, ok := v.(map[string]any)
		if err != nil || !ok {
			continue
		}
		enc := func(o map[string]any) {
			b, err := json.Marshal(o)
			if err == nil {
				add(b)
			}
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			c := clone(obj)
			delete(c, k)
			enc(c)
		}
		for _, s := range p.Slots {
			if s.Value {
				for _, val := range values {
					c := clone(obj)
					if set(c, s.Tokens, val) {
						enc(c)
					}
				}
				if len(s.Tokens) > 1 {
					c := clone(obj)
					c[s.Tokens[0]] = "not an object"
					enc(c)
				}
			} else if _, ok := obj[s.Tokens[0]]; !ok {
				c := clone(obj)
				c[s.Tokens[0]] = json.Number("1")
				enc(c)
			}
		}
		c := clone(obj)
		c["zz_unknown"] = json.Number("1")
		enc(c)
	}
	return list
}

// arrayVariants returns variants of an array frame: its last item removed, an item
// appended, each routing position given each value, and the frame as an object.
func arrayVariants(p *schema.Protocol, arr []any, values []any) [][]byte {
	var out [][]byte
	enc := func(a any) {
		if b, err := json.Marshal(a); err == nil {
			out = append(out, b)
		}
	}
	if len(arr) > 0 {
		enc(arr[:len(arr)-1])
	}
	enc(append(append([]any{}, arr...), json.Number("1")))
	enc(append(append([]any{}, arr...), "x", "y"))
	for _, s := range p.Slots {
		if !s.Position || s.Index() >= len(arr) {
			continue
		}
		for _, val := range values {
			c := append([]any{}, arr...)
			c[s.Index()] = val
			enc(c)
		}
	}
	o := map[string]any{}
	for i, e := range arr {
		o[strconv.Itoa(i)] = e
	}
	enc(o)
	return out
}

func clone(o map[string]any) map[string]any {
	b, _ := json.Marshal(o)
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var c map[string]any
	_ = d.Decode(&c)
	return c
}

// set puts val at the pointer toks, creating objects on the way; false when a value on
// the way is not an object.
func set(o map[string]any, toks []string, val any) bool {
	for _, t := range toks[:len(toks)-1] {
		next, ok := o[t]
		if !ok {
			n := map[string]any{}
			o[t] = n
			o = n
			continue
		}
		n, ok := next.(map[string]any)
		if !ok {
			return false
		}
		o = n
	}
	o[toks[len(toks)-1]] = val
	return true
}

// WireOnly reports whether frame has something generated decoders refuse and the
// reference validator accepts (as JSON Schema sees parsed values): a duplicate member
// name, invalid UTF-8, an escaped lone surrogate, or a number outside what Go's int64 and
// float64 hold exactly. Fuzz targets skip the comparison for such frames.
func WireOnly(frame []byte) bool {
	if !utf8Valid(frame) || bytes.Contains(frame, []byte(`\u`)) {
		return true
	}
	dec := json.NewDecoder(bytes.NewReader(frame))
	dec.UseNumber()
	return walkDup(dec)
}

func utf8Valid(b []byte) bool { return utf8.Valid(b) }

// walkDup walks the tokens of one value and reports a duplicate member name or a number
// literal that is long or has an exponent (which the Go types may not hold exactly).
func walkDup(dec *json.Decoder) bool {
	type level struct {
		obj  bool
		keys map[string]bool
		key  bool // the next token is a key
	}
	var stack []*level
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		var top *level
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.obj && top.key {
			if s, ok := tok.(string); ok {
				if top.keys[s] {
					return true
				}
				top.keys[s] = true
				top.key = false
				continue
			}
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, &level{obj: true, keys: map[string]bool{}, key: true})
				continue
			case '[':
				stack = append(stack, &level{})
				continue
			default:
				stack = stack[:len(stack)-1]
			}
		case json.Number:
			if len(t) > 15 || strings.ContainsAny(string(t), "eE") {
				return true
			}
		}
		if len(stack) == 0 {
			return false
		}
		if top := stack[len(stack)-1]; top.obj {
			top.key = true
		}
	}
}
