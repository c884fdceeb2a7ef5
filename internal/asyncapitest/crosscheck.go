package asyncapitest

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A Facet is what the cross-check compares at one place of a payload ("" for the root,
// "/name" for a property, "/[]" for array items, "/*" for additionalProperties).
type Facet struct {
	Types       string   // the "type" keyword, "" when absent
	Enum        []string // the values allowed by enum and const, as canonical JSON; nil: any
	Required    []string // sorted
	Constraints []string // other validation keywords, "keyword=value", sorted
}

// comparedKeywords are the validation keywords compared besides type, enum, const,
// required and the structure.
var comparedKeywords = []string{
	"additionalProperties", "exclusiveMaximum", "exclusiveMinimum", "format", "maxItems",
	"maxLength", "maximum", "minItems", "minLength", "minimum", "multipleOf", "pattern",
	"uniqueItems", "default",
}

func canon(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// flatten walks a schema and records the facets of every place, resolving $refs with
// resolve and merging allOf parts. A oneOf is an error: the caller splits the root one.
func flatten(s any, resolve func(string) (any, error)) (map[string]*Facet, error) {
	out := map[string]*Facet{}
	var walk func(path string, s any, depth int) error
	walk = func(path string, s any, depth int) error {
		if depth > 32 {
			return fmt.Errorf("%s: schema too deep (recursive $ref?)", path)
		}
		m, ok := s.(map[string]any)
		if !ok {
			if s == true || s == nil {
				m = map[string]any{}
			} else {
				return fmt.Errorf("%s: schema %v is not an object", path, s)
			}
		}
		f := out[path]
		if f == nil {
			f = &Facet{}
			out[path] = f
		}
		if ref, ok := m["$ref"].(string); ok {
			t, err := resolve(ref)
			if err != nil {
				return err
			}
			if err := walk(path, t, depth+1); err != nil {
				return err
			}
		}
		if _, ok := m["oneOf"]; ok {
			return fmt.Errorf("%s: oneOf below the payload root is not supported by the cross-check", path)
		}
		if parts, ok := m["allOf"].([]any); ok {
			for _, p := range parts {
				if err := walk(path, p, depth+1); err != nil {
					return err
				}
			}
		}
		if t, ok := m["type"]; ok {
			if f.Types != "" && f.Types != canon(t) {
				return fmt.Errorf("%s: allOf parts disagree on type: %s and %s", path, f.Types, canon(t))
			}
			f.Types = canon(t)
		}
		var enum []string
		if e, ok := m["enum"].([]any); ok {
			for _, v := range e {
				enum = append(enum, canon(v))
			}
		}
		if c, ok := m["const"]; ok {
			enum = []string{canon(c)}
		}
		if enum != nil {
			slices.Sort(enum)
			f.Enum = slices.Compact(enum)
		}
		if r, ok := m["required"].([]any); ok {
			for _, v := range r {
				f.Required = append(f.Required, fmt.Sprint(v))
			}
			slices.Sort(f.Required)
			f.Required = slices.Compact(f.Required)
		}
		for _, k := range comparedKeywords {
			v, ok := m[k]
			if !ok {
				continue
			}
			if _, isSchema := v.(map[string]any); k == "additionalProperties" && isSchema {
				if err := walk(path+"/*", v, depth+1); err != nil {
					return err
				}
				continue
			}
			f.Constraints = append(f.Constraints, k+"="+canon(v))
		}
		slices.Sort(f.Constraints)
		f.Constraints = slices.Compact(f.Constraints)
		if props, ok := m["properties"].(map[string]any); ok {
			for _, k := range sortedKeys(props) {
				if err := walk(path+"/"+k, props[k], depth+1); err != nil {
					return err
				}
			}
		}
		if items, ok := m["items"]; ok {
			if err := walk(path+"/[]", items, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return out, walk("", s, 0)
}

// unit is one AsyncAPI message, or one branch of a message whose payload is a oneOf.
type unit struct {
	Message string
	Wire    string // the discriminator's value
	Facets  map[string]*Facet
}

// units flattens every message of components/messages, splitting a payload whose root
// is a oneOf into one unit per branch (the keywords beside the oneOf apply to each).
func (d *Doc) units(discriminator string) ([]unit, error) {
	msgs, err := d.deref(mustGet(d.tree, "components", "messages"))
	if err != nil {
		return nil, err
	}
	var out []unit
	for _, name := range sortedKeys(msgs) {
		msg, err := d.deref(msgs[name])
		if err != nil {
			return nil, err
		}
		payload, err := d.deref(msg["payload"])
		if err != nil {
			return nil, fmt.Errorf("%s: payload: %w", name, err)
		}
		branches := []any{payload}
		if one, ok := payload["oneOf"].([]any); ok {
			branches = nil
			for _, b := range one {
				outer := map[string]any{}
				for k, v := range payload {
					if k != "oneOf" {
						outer[k] = v
					}
				}
				branches = append(branches, map[string]any{"allOf": []any{outer, b}})
			}
		}
		for i, b := range branches {
			fs, err := flatten(b, d.lookup)
			if err != nil {
				return nil, fmt.Errorf("%s branch %d: %w", name, i, err)
			}
			disc := fs["/"+discriminator]
			if disc == nil || len(disc.Enum) != 1 {
				return nil, fmt.Errorf("%s branch %d: discriminator %q is not one value", name, i, discriminator)
			}
			var wire string
			if err := json.Unmarshal([]byte(disc.Enum[0]), &wire); err != nil {
				return nil, fmt.Errorf("%s branch %d: discriminator %s is not a string", name, i, disc.Enum[0])
			}
			out = append(out, unit{Message: name, Wire: wire, Facets: fs})
		}
	}
	return out, nil
}

func mustGet(m map[string]any, keys ...string) any {
	var v any = m
	for _, k := range keys {
		mm, _ := v.(map[string]any)
		v = mm[k]
	}
	return v
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// mergeUnits gives the facets a wsgen message that stands for several AsyncAPI units
// must have. At each place, among the units that declare it: the same types and
// constraints, the union of the enums (nil when one of them allows any value) and the
// members all of them require. The discriminator is required at the root (wsgen
// requires it; AsyncAPI documents often leave it out).
func mergeUnits(units []unit, discriminator string) (map[string]*Facet, error) {
	out := map[string]*Facet{}
	for _, u := range units {
		for path, f := range u.Facets {
			g, ok := out[path]
			if !ok {
				c := *f
				out[path] = &c
				continue
			}
			if g.Types != f.Types || !slices.Equal(g.Constraints, f.Constraints) {
				return nil, fmt.Errorf("%s at %q: merged messages disagree: %+v and %+v", u.Message, path, *g, *f)
			}
			if g.Enum != nil && f.Enum != nil {
				e := append(slices.Clone(g.Enum), f.Enum...)
				slices.Sort(e)
				g.Enum = slices.Compact(e)
			} else {
				g.Enum = nil
			}
			var req []string
			for _, r := range g.Required {
				if slices.Contains(f.Required, r) {
					req = append(req, r)
				}
			}
			g.Required = req
		}
	}
	root := out[""]
	if root == nil {
		root = &Facet{}
		out[""] = root
	}
	if !slices.Contains(root.Required, discriminator) {
		root.Required = append(root.Required, discriminator)
		slices.Sort(root.Required)
	}
	return out, nil
}

// wsgenMessage is one message of a wsgen protocol description.
type wsgenMessage struct {
	Name, Wire, Direction string
	Facets                map[string]*Facet
	// OneOfRequired is the message's root oneOf of required member sets ("one of
	// these variants"), each set sorted; nil without one.
	OneOfRequired [][]string
}

// requiredSets splits a message schema's root oneOf of schemas that hold only
// "required" off the schema: it returns the sets and the schema without the oneOf.
func requiredSets(def map[string]any) ([][]string, map[string]any) {
	list, ok := def["oneOf"].([]any)
	if !ok {
		return nil, def
	}
	var sets [][]string
	for _, e := range list {
		b, ok := e.(map[string]any)
		r, ok2 := b["required"].([]any)
		if !ok || !ok2 || len(b) != 1 {
			return nil, def
		}
		var set []string
		for _, v := range r {
			set = append(set, fmt.Sprint(v))
		}
		slices.Sort(set)
		sets = append(sets, slices.Compact(set))
	}
	slices.SortFunc(sets, slices.Compare)
	rest := map[string]any{}
	for k, v := range def {
		if k != "oneOf" {
			rest[k] = v
		}
	}
	return sets, rest
}

// branchSets gives the members each oneOf branch of one AsyncAPI message requires
// beyond those every branch requires (merged): what a wsgen message standing for all
// the branches must declare as its oneOf of required sets. It is nil unless group is
// two or more branches of one message.
func branchSets(group []unit, merged map[string]*Facet) [][]string {
	if len(group) < 2 {
		return nil
	}
	for _, u := range group {
		if u.Message != group[0].Message {
			return nil
		}
	}
	var common []string
	if f := merged[""]; f != nil {
		common = f.Required
	}
	var sets [][]string
	for _, u := range group {
		var set []string
		if f := u.Facets[""]; f != nil {
			for _, r := range f.Required {
				if !slices.Contains(common, r) {
					set = append(set, r)
				}
			}
		}
		if len(set) == 0 {
			return nil // the branches differ by more than what they require
		}
		sets = append(sets, set)
	}
	slices.SortFunc(sets, slices.Compare)
	return sets
}

// loadWsgen reads a protocol description and flattens its messages.
func loadWsgen(tb testing.TB, path string) (discriminator string, msgs []wsgenMessage) {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return parseWsgen(tb, data)
}

// parseWsgen flattens the messages of a protocol description in memory.
func parseWsgen(tb testing.TB, data []byte) (discriminator string, msgs []wsgenMessage) {
	tb.Helper()
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		tb.Fatal(err)
	}
	discriminator = "type"
	if d, ok := mustGet(root, "x-wsgen", "discriminator").(string); ok {
		discriminator = d
	}
	resolve := func(ref string) (any, error) { return pointer(root, ref) }
	for _, r := range root["oneOf"].([]any) {
		ref := r.(map[string]any)["$ref"].(string)
		def, err := resolve(ref)
		if err != nil {
			tb.Fatal(err)
		}
		sets, def := requiredSets(def.(map[string]any))
		fs, err := flatten(def, resolve)
		if err != nil {
			tb.Fatalf("%s: %v", ref, err)
		}
		m := wsgenMessage{Name: strings.TrimPrefix(ref, "#/$defs/"), Direction: "both", Facets: fs, OneOfRequired: sets}
		if dir, ok := mustGet(def.(map[string]any), "x-wsgen", "direction").(string); ok {
			m.Direction = dir
		}
		if err := json.Unmarshal([]byte(fs["/"+discriminator].Enum[0]), &m.Wire); err != nil {
			tb.Fatal(err)
		}
		msgs = append(msgs, m)
	}
	return discriminator, msgs
}

// Adaptations are the documented differences a cross-check allows.
type Adaptations struct {
	// Wire renames the discriminator value of AsyncAPI messages (by message name).
	Wire map[string]string
	// Direction gives the direction of AsyncAPI messages that no operation uses.
	Direction map[string]string
	// Facets replaces the facets of AsyncAPI messages (by message name, then place); a
	// nil Facet removes the place.
	Facets map[string]map[string]*Facet
}

// CrossCheck checks that every AsyncAPI message of doc is a message of the wsgen
// protocol at protocolPath with the same members, JSON types, enums, required members
// and constraints, and the direction its operations give it; and that the protocol has
// no message the document lacks. AsyncAPI messages sharing a discriminator value are
// compared, merged, with the one wsgen message of that value. It returns the number of
// AsyncAPI units (messages or oneOf branches) checked and the differences found. It
// fails the test instead when the protocol cannot be read or either description is
// beyond the check (a oneOf below a payload's root, a discriminator that is not one
// string value).
func CrossCheck(tb testing.TB, doc *Doc, protocolPath string, adapt Adaptations) (units int, problems []string) {
	tb.Helper()
	errorf := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	disc, msgs := loadWsgen(tb, protocolPath)
	us, err := doc.units(disc)
	if err != nil {
		tb.Fatalf("%s: %v", doc.file, err)
	}
	dirs, err := doc.directions()
	if err != nil {
		tb.Fatalf("%s: %v", doc.file, err)
	}
	byWire := map[string][]unit{}
	for _, u := range us {
		if w, ok := adapt.Wire[u.Message]; ok {
			u.Wire = w
			u.Facets["/"+disc].Enum = []string{canon(w)}
		}
		for path, f := range adapt.Facets[u.Message] {
			if f == nil {
				delete(u.Facets, path)
			} else {
				c := *f
				u.Facets[path] = &c
			}
		}
		byWire[u.Wire] = append(byWire[u.Wire], u)
	}
	for _, m := range msgs {
		group := byWire[m.Wire]
		delete(byWire, m.Wire)
		if len(group) == 0 {
			errorf("wsgen message %s (%s=%q) is in no AsyncAPI message of %s", m.Name, disc, m.Wire, doc.file)
			continue
		}
		var names []string
		dir := ""
		for _, u := range group {
			names = append(names, u.Message)
			d, ok := dirs[u.Message]
			if !ok {
				if d, ok = adapt.Direction[u.Message]; !ok {
					errorf("AsyncAPI message %s is in no operation and has no documented direction", u.Message)
				}
			}
			if dir != "" && dir != d {
				d = "both"
			}
			dir = d
		}
		if m.Direction != dir {
			errorf("wsgen message %s: direction %q, want %q (from the operations of %v)", m.Name, m.Direction, dir, names)
		}
		want, err := mergeUnits(group, disc)
		if err != nil {
			errorf("wsgen message %s: %v", m.Name, err)
			continue
		}
		if diff := cmp.Diff(want, m.Facets); diff != "" {
			errorf("wsgen message %s differs from AsyncAPI %v (-AsyncAPI +wsgen):\n%s", m.Name, names, diff)
		}
		if sets := branchSets(group, want); !slices.EqualFunc(sets, m.OneOfRequired, slices.Equal) {
			errorf("wsgen message %s: oneOf of required members %v, want %v (the members each AsyncAPI oneOf branch of %v requires beyond the others)", m.Name, m.OneOfRequired, sets, names)
		}
	}
	for w, group := range byWire {
		for _, u := range group {
			errorf("AsyncAPI message %s (%s=%q) has no wsgen message", u.Message, disc, w)
		}
	}
	return len(us), problems
}

// Check runs [CrossCheck] and reports every difference with t.Error; it returns the
// number of AsyncAPI units checked.
func Check(t *testing.T, doc *Doc, protocolPath string, adapt Adaptations) int {
	t.Helper()
	n, problems := CrossCheck(t, doc, protocolPath, adapt)
	for _, p := range problems {
		t.Error(p)
	}
	return n
}
