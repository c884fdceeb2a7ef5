package routetest

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/schema"
	"gopkg.in/yaml.v3"
)

// ExchangeDir is ../shared/protocols/exchange-collection beside the module root.
func ExchangeDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("go.mod not found")
		}
		dir = parent
	}
	return filepath.Join(dir, "..", "shared", "protocols", "exchange-collection")
}

// Pair maps one schema of an AsyncAPI document's components to one object of the wsgen
// protocol: Component names the schema ("TradeData"), Pointer the wsgen object
// ("/$defs/trade_data", or a nested one such as "/$defs/trade_data/properties/d").
// Differences lists the members that differ on purpose, each with why (the README's
// adaptation table says the same).
type Pair struct {
	Component, Pointer string
	Differences        map[string]string
}

// CrossCheck compares each pair's members — names, JSON types and required — between the
// AsyncAPI document file (in [ExchangeDir]) and the protocol, and fails the test for every
// difference a pair does not list. It skips the test when the documents are absent. It
// returns how many members it compared.
func CrossCheck(t *testing.T, file string, p *schema.Protocol, pairs []Pair) int {
	t.Helper()
	dir := ExchangeDir(t)
	data, err := os.ReadFile(filepath.Join(dir, file))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s not found (the shared protocols beside the module root); skipping the cross-check", filepath.Join(dir, file))
	}
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	comps, _ := doc["components"].(map[string]any)
	schemas, _ := comps["schemas"].(map[string]any)
	deref := func(v any) map[string]any {
		for i := 0; i < 8; i++ {
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			ref, ok := m["$ref"].(string)
			if !ok {
				return m
			}
			v = schemas[strings.TrimPrefix(ref, "#/components/schemas/")]
		}
		return nil
	}
	compared := 0
	for _, pr := range pairs {
		c := deref(schemas[pr.Component])
		if c == nil {
			t.Errorf("%s: no schema %s in the document", file, pr.Component)
			continue
		}
		w := typeAt(p, pr.Pointer)
		if w == nil {
			t.Errorf("%s: no object at %s in the protocol", file, pr.Pointer)
			continue
		}
		diff := func(member, what string) {
			if _, ok := pr.Differences[member]; !ok {
				t.Errorf("%s %s vs %s: member %q: %s (not a listed adaptation)", file, pr.Component, pr.Pointer, member, what)
			}
		}
		props, _ := c["properties"].(map[string]any)
		req := map[string]bool{}
		if rl, ok := c["required"].([]any); ok {
			for _, r := range rl {
				s, _ := r.(string)
				req[s] = true
			}
		}
		wprops := map[string]*schema.Field{}
		for _, f := range w.Properties {
			wprops[f.Name] = f
		}
		names := map[string]bool{}
		for n := range props {
			names[n] = true
		}
		for n := range wprops {
			names[n] = true
		}
		sorted := make([]string, 0, len(names))
		for n := range names {
			sorted = append(sorted, n)
		}
		sort.Strings(sorted)
		for _, n := range sorted {
			compared++
			f, inW := wprops[n]
			ps, inDoc := props[n]
			switch {
			case !inW:
				diff(n, "in the document, not in the protocol")
				continue
			case !inDoc:
				diff(n, "in the protocol, not in the document")
				continue
			}
			if req[n] != f.Required {
				diff(n, "required differs")
			}
			if dt, _ := deref(ps)["type"].(string); dt != "" && !kindsMatch(dt, f.Type.Kinds) {
				diff(n, "type "+dt+" in the document, "+f.Type.Kinds.String()+" in the protocol")
			}
		}
	}
	return compared
}

func kindsMatch(docType string, k schema.Kinds) bool {
	want := map[string]schema.Kinds{"string": schema.String, "integer": schema.Int, "number": schema.Number, "boolean": schema.Bool, "array": schema.Array, "object": schema.Object}[docType]
	return k&^schema.Null == want
}

// typeAt finds the object type at a pointer of the protocol (/$defs/NAME, then
// /properties/NAME steps, /items steps).
func typeAt(p *schema.Protocol, ptr string) *schema.Type {
	var all []*schema.Type
	for _, m := range p.Messages {
		all = append(all, m.Type)
	}
	all = append(all, p.Types...)
	for _, t := range all {
		if t.Pointer == ptr {
			return t
		}
	}
	// A $ref'd property: follow the pointer's last property to its type.
	if i := strings.LastIndex(ptr, "/properties/"); i > 0 {
		if parent := typeAt(p, ptr[:i]); parent != nil {
			for _, f := range parent.Properties {
				if f.Name == ptr[i+len("/properties/"):] {
					return f.Type
				}
			}
		}
	}
	return nil
}
