package asyncapitest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// Doc is one AsyncAPI document: its YAML nodes (for examples, so literals and
// member order stay as written) and the same document as plain Go values.
type Doc struct {
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

// Dir is the directory of the AsyncAPI sources: ../shared/protocols/asyncapi-spec
// relative to the module root, found upward from the working directory (a test's
// package directory).
func Dir(tb testing.TB) string {
	return filepath.Join(moduleRoot(tb), "..", "shared", "protocols", "asyncapi-spec")
}

// Present reports whether the AsyncAPI sources are there: a fuzz target seeds
// from them when they are, and still runs when they are not.
func Present(tb testing.TB) bool {
	_, err := os.Stat(Dir(tb))
	return err == nil
}

// Load reads file from [Dir], or skips the test when the directory is absent. A file
// missing from a present directory, or one that is not an AsyncAPI 3 document, fails
// the test.
func Load(tb testing.TB, file string) *Doc {
	tb.Helper()
	dir := Dir(tb)
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		tb.Skipf("AsyncAPI sources not found at %s (a checkout of the shared protocols beside the module root); skipping the cross-check", dir)
	}
	data, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		tb.Fatal(err)
	}
	d, err := Parse(file, data)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// Parse reads an AsyncAPI 3 document from data; name labels its errors.
func Parse(name string, data []byte) (*Doc, error) {
	d := &Doc{file: name, node: new(yaml.Node)}
	if err := yaml.Unmarshal(data, d.node); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := d.node.Decode(&d.tree); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if v, _ := d.tree["asyncapi"].(string); !strings.HasPrefix(v, "3.") {
		return nil, fmt.Errorf("%s: asyncapi version %q, want 3.x", name, v)
	}
	return d, nil
}

// lookup resolves a local reference "#/a/b" in the document.
func (d *Doc) lookup(ref string) (any, error) {
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
func (d *Doc) messageName(v any) (string, error) {
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
func (d *Doc) channelMessages(op map[string]any) ([]string, error) {
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

func (d *Doc) deref(v any) (map[string]any, error) {
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
func (d *Doc) directions() (map[string]string, error) {
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
