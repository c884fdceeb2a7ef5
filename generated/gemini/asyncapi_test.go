package gemini_test

// This file is the same in generated/kraken, generated/gemini and generated/slack, but for
// the package clause (TestAsyncAPIHelperInSync keeps the copies equal). It reads an
// AsyncAPI 3 document of ../shared/protocols/asyncapi-spec (beside the module root),
// cross-checks a wsgen protocol description against it and extracts the examples.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
)

// asyncDoc is one AsyncAPI document: its YAML nodes (for examples, so literals and
// member order stay as written) and the same document as plain Go values.
type asyncDoc struct {
	file string
	node *yaml.Node
	tree map[string]any
}

// moduleRoot is the directory holding go.mod, found upward from the package directory.
func moduleRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("go.mod not found above the package directory")
		}
		dir = parent
	}
}

// asyncAPIDir is ../shared/protocols/asyncapi-spec relative to the module root.
func asyncAPIDir(tb testing.TB) string {
	return filepath.Join(moduleRoot(tb), "..", "shared", "protocols", "asyncapi-spec")
}

// asyncAPIPresent reports whether the AsyncAPI sources are there: a fuzz target seeds
// from them when they are, and still runs when they are not.
func asyncAPIPresent(tb testing.TB) bool {
	_, err := os.Stat(asyncAPIDir(tb))
	return err == nil
}

// loadAsyncAPI reads file from asyncAPIDir, or skips the test when the directory is absent.
func loadAsyncAPI(tb testing.TB, file string) *asyncDoc {
	tb.Helper()
	dir := asyncAPIDir(tb)
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		tb.Skipf("AsyncAPI sources not found at %s (a checkout of the shared protocols beside the module root); skipping the cross-check", dir)
	}
	data, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		tb.Fatal(err)
	}
	d := &asyncDoc{file: file, node: new(yaml.Node)}
	if err := yaml.Unmarshal(data, d.node); err != nil {
		tb.Fatalf("%s: %v", file, err)
	}
	if err := d.node.Decode(&d.tree); err != nil {
		tb.Fatalf("%s: %v", file, err)
	}
	if v, _ := d.tree["asyncapi"].(string); !strings.HasPrefix(v, "3.") {
		tb.Fatalf("%s: asyncapi version %q, want 3.x", file, v)
	}
	return d
}

// lookup resolves a local reference "#/a/b" in the document.
func (d *asyncDoc) lookup(ref string) (any, error) {
	return pointer(d.tree, ref)
}

func pointer(root any, ref string) (any, error) {
	p, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil, fmt.Errorf("reference %q is not local", ref)
	}
	v := root
	for _, tok := range strings.Split(p, "/")[1:] {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("reference %q: %q is not in an object", ref, tok)
		}
		if v, ok = m[tok]; !ok {
			return nil, fmt.Errorf("reference %q: no %q", ref, tok)
		}
	}
	return v, nil
}

// messageName follows a chain of $refs to "#/components/messages/NAME" and returns NAME.
func (d *asyncDoc) messageName(v any) (string, error) {
	for range 10 {
		m, _ := v.(map[string]any)
		ref, _ := m["$ref"].(string)
		if name, ok := strings.CutPrefix(ref, "#/components/messages/"); ok {
			return name, nil
		}
		if ref == "" {
			return "", fmt.Errorf("message %v is not a reference to components/messages", v)
		}
		var err error
		if v, err = d.lookup(ref); err != nil {
			return "", err
		}
	}
	return "", fmt.Errorf("reference chain too long at %v", v)
}

// channelMessages lists the messages of an operation's or reply's "messages", or else of
// its channel.
func (d *asyncDoc) channelMessages(op map[string]any) ([]string, error) {
	refs, _ := op["messages"].([]any)
	if refs == nil {
		ch, err := d.deref(op["channel"])
		if err != nil {
			return nil, err
		}
		msgs, _ := ch["messages"].(map[string]any)
		for _, k := range sortedKeys(msgs) {
			refs = append(refs, msgs[k])
		}
	}
	var names []string
	for _, r := range refs {
		n, err := d.messageName(r)
		if err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, nil
}

func (d *asyncDoc) deref(v any) (map[string]any, error) {
	for range 10 {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%v is not an object", v)
		}
		ref, ok := m["$ref"].(string)
		if !ok {
			return m, nil
		}
		var err error
		if v, err = d.lookup(ref); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("reference chain too long at %v", v)
}

// directions maps each message to the wsgen direction its operations give it. An
// AsyncAPI document describes the application (the server): "send" messages and the
// replies of "receive" operations go to the client ("server"), "receive" messages come
// from it ("client"), and a message used both ways is "both". Messages in no operation
// are absent from the map.
func (d *asyncDoc) directions() (map[string]string, error) {
	out := map[string]string{}
	add := func(name, dir string) {
		if old, ok := out[name]; ok && old != dir {
			dir = "both"
		}
		out[name] = dir
	}
	ops, _ := d.tree["operations"].(map[string]any)
	for _, k := range sortedKeys(ops) {
		op, _ := ops[k].(map[string]any)
		dir, back := "server", "client"
		switch op["action"] {
		case "send":
		case "receive":
			dir, back = "client", "server"
		default:
			return nil, fmt.Errorf("operation %s: action %v", k, op["action"])
		}
		names, err := d.channelMessages(op)
		if err != nil {
			return nil, fmt.Errorf("operation %s: %w", k, err)
		}
		for _, n := range names {
			add(n, dir)
		}
		if reply, ok := op["reply"].(map[string]any); ok {
			names, err := d.channelMessages(reply)
			if err != nil {
				return nil, fmt.Errorf("operation %s reply: %w", k, err)
			}
			for _, n := range names {
				add(n, back)
			}
		}
	}
	return out, nil
}

// asyncExample is one example payload of a message, as JSON.
type asyncExample struct {
	Message, Name string
	JSON          []byte
}

// examples returns the payloads of every message's examples, converted from the YAML
// nodes so that numbers keep their literal text and members their order.
func (d *asyncDoc) examples() ([]asyncExample, error) {
	msgs := nodeGet(nodeGet(nodeGet(d.node.Content[0], "components"), "messages"))
	if msgs == nil {
		return nil, errors.New("no components/messages")
	}
	var out []asyncExample
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
			out = append(out, asyncExample{Message: name, Name: label, JSON: b})
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

// A facet is what the cross-check compares at one place of a payload ("" for the root,
// "/name" for a property, "/[]" for array items, "/*" for additionalProperties).
type facet struct {
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
func flatten(s any, resolve func(string) (any, error)) (map[string]*facet, error) {
	out := map[string]*facet{}
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
			f = &facet{}
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

// asyncUnit is one AsyncAPI message, or one branch of a message whose payload is a oneOf.
type asyncUnit struct {
	Message string
	Wire    string // the discriminator's value
	Facets  map[string]*facet
}

// units flattens every message of components/messages, splitting a payload whose root
// is a oneOf into one unit per branch (the keywords beside the oneOf apply to each).
func (d *asyncDoc) units(discriminator string) ([]asyncUnit, error) {
	msgs, err := d.deref(mustGet(d.tree, "components", "messages"))
	if err != nil {
		return nil, err
	}
	var out []asyncUnit
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
			out = append(out, asyncUnit{Message: name, Wire: wire, Facets: fs})
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
func mergeUnits(units []asyncUnit, discriminator string) (map[string]*facet, error) {
	out := map[string]*facet{}
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
		root = &facet{}
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
	Facets                map[string]*facet
}

// loadWsgen reads a protocol description and flattens its messages.
func loadWsgen(tb testing.TB, path string) (discriminator string, msgs []wsgenMessage) {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
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
		fs, err := flatten(def, resolve)
		if err != nil {
			tb.Fatalf("%s: %v", ref, err)
		}
		m := wsgenMessage{Name: strings.TrimPrefix(ref, "#/$defs/"), Direction: "both", Facets: fs}
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

// adaptations are the documented differences a cross-check allows.
type adaptations struct {
	// Wire renames the discriminator value of AsyncAPI messages (by message name).
	Wire map[string]string
	// Direction gives the direction of AsyncAPI messages that no operation uses.
	Direction map[string]string
	// Facets replaces the facets of AsyncAPI messages (by message name, then place); a
	// nil facet removes the place.
	Facets map[string]map[string]*facet
}

// crossCheck asserts that every AsyncAPI message of doc is a message of the wsgen
// protocol at protocolPath with the same members, JSON types, enums, required members
// and constraints, and the direction its operations give it; and that the protocol has
// no message the document lacks. AsyncAPI messages sharing a discriminator value are
// compared, merged, with the one wsgen message of that value. It returns the number of
// AsyncAPI units (messages or oneOf branches) checked and the differences found.
func crossCheck(tb testing.TB, doc *asyncDoc, protocolPath string, adapt adaptations) (units int, problems []string) {
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
	byWire := map[string][]asyncUnit{}
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
	}
	for w, group := range byWire {
		for _, u := range group {
			errorf("AsyncAPI message %s (%s=%q) has no wsgen message", u.Message, disc, w)
		}
	}
	return len(us), problems
}

// checkAsyncAPI runs crossCheck and reports every difference; it returns the number
// of AsyncAPI units checked.
func checkAsyncAPI(t *testing.T, doc *asyncDoc, protocolPath string, adapt adaptations) int {
	t.Helper()
	n, problems := crossCheck(t, doc, protocolPath, adapt)
	for _, p := range problems {
		t.Error(p)
	}
	return n
}

// sameJSON reports whether two JSON texts hold the same value, numbers compared by
// their exact decimal value (54350.40 and 54350.4 are equal).
func sameJSON(a, b []byte) bool {
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

// TestAsyncAPIHelperInSync fails when this file's copies in the sibling packages differ
// from it (apart from the package clause).
func TestAsyncAPIHelperInSync(t *testing.T) {
	self, err := os.ReadFile("asyncapi_test.go")
	if err != nil {
		t.Fatal(err)
	}
	body := func(b []byte) []byte { _, rest, _ := bytes.Cut(b, []byte("\n")); return rest }
	for _, pkg := range []string{"kraken", "gemini", "slack"} {
		other, err := os.ReadFile(filepath.Join("..", pkg, "asyncapi_test.go"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(body(self), body(other)) {
			t.Errorf("generated/%s/asyncapi_test.go differs from this copy; keep the three equal", pkg)
		}
	}
}
