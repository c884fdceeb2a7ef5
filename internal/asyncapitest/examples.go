package asyncapitest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
)

// Example is one example payload of a message, as JSON.
type Example struct {
	Message, Name string
	JSON          []byte
}

// examples returns the payloads of every message's examples, converted from the YAML
// nodes so that numbers keep their literal text and members their order.
func (d *Doc) Examples() ([]Example, error) {
	msgs := nodeGet(nodeGet(nodeGet(d.node.Content[0], "components"), "messages"))
	if msgs == nil {
		return nil, errors.New("no components/messages")
	}
	var out []Example
	for i := 0; i+1 < len(msgs.Content); i += 2 {
		name := msgs.Content[i].Value
		exs := nodeGet(msgs.Content[i+1], "examples")
		if exs == nil {
			continue
		}
		for j, ex := range exs.Content {
			payload := nodeGet(ex, "payload")
			if payload == nil {
				continue
			}
			b, err := nodeJSON(nil, payload)
			if err != nil {
				return nil, fmt.Errorf("%s example %d: %w", name, j, err)
			}
			label := fmt.Sprintf("%s/%d", name, j)
			if n := nodeGet(ex, "name"); n != nil {
				label = name + "/" + n.Value
			}
			out = append(out, Example{Message: name, Name: label, JSON: b})
		}
	}
	return out, nil
}

// nodeGet returns the value of key in a mapping node, or nil. With one argument it
// follows aliases.
func nodeGet(n *yaml.Node, key ...string) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil || len(key) == 0 {
		return n
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key[0] {
			return nodeGet(n.Content[i+1])
		}
	}
	return nil
}

// nodeJSON appends the JSON form of a YAML node: numbers as written, members in order.
func nodeJSON(b []byte, n *yaml.Node) ([]byte, error) {
	n = nodeGet(n)
	switch n.Kind {
	case yaml.MappingNode:
		b = append(b, '{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				b = append(b, ',')
			}
			k, _ := json.Marshal(n.Content[i].Value)
			b = append(append(b, k...), ':')
			var err error
			if b, err = nodeJSON(b, n.Content[i+1]); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	case yaml.SequenceNode:
		b = append(b, '[')
		for i, c := range n.Content {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = nodeJSON(b, c); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!str":
			s, _ := json.Marshal(n.Value)
			return append(b, s...), nil
		case "!!int", "!!float":
			var num json.Number
			if err := json.Unmarshal([]byte(n.Value), &num); err != nil {
				return nil, fmt.Errorf("line %d: number %q has no JSON form", n.Line, n.Value)
			}
			return append(b, n.Value...), nil
		case "!!bool":
			var v bool
			if err := n.Decode(&v); err != nil {
				return nil, err
			}
			s, _ := json.Marshal(v)
			return append(b, s...), nil
		case "!!null":
			return append(b, "null"...), nil
		}
		return nil, fmt.Errorf("line %d: scalar tag %s", n.Line, n.ShortTag())
	}
	return nil, fmt.Errorf("line %d: unexpected YAML node kind %v", n.Line, n.Kind)
}

// SameJSON reports whether two JSON texts hold the same value, numbers compared by
// their exact decimal value (54350.40 and 54350.4 are equal).
func SameJSON(a, b []byte) bool {
	var va, vb any
	da := json.NewDecoder(bytes.NewReader(a))
	da.UseNumber()
	db := json.NewDecoder(bytes.NewReader(b))
	db.UseNumber()
	if da.Decode(&va) != nil || db.Decode(&vb) != nil {
		return false
	}
	return cmp.Equal(va, vb, cmp.Comparer(func(x, y json.Number) bool {
		rx, okx := new(big.Rat).SetString(string(x))
		ry, oky := new(big.Rat).SetString(string(y))
		return okx && oky && rx.Cmp(ry) == 0
	}))
}
