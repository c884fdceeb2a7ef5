package gen_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/gen"
	"github.com/wsgen/wsgen/schema"
)

// The differential test against the official JSON-Schema-Test-Suite (draft 2020-12).
//
// Wrapping: each group's schema S becomes the schema of the required member "value" of
// one message {"type": "gN", "value": <instance>}; additionalProperties is false. A frame
// is valid for that message exactly when the instance is valid for S, so the suite's
// verdicts carry over unchanged, for object and non-object instances alike. The group's
// own $defs move to the protocol's root as "dN_NAME" and its "#/$defs/NAME" references
// are rewritten to match (only in schema positions, never inside enum or const data);
// "$schema" is dropped. Each group is first checked alone: a group wsgen refuses is
// skipped, counted under the refusal's reason. All accepted groups then form one protocol,
// generated into one package of a temporary module (replace github.com/wsgen/wsgen =>
// this repository) with one driver, built and run once.

type suiteGroup struct {
	Description string          `json:"description"`
	Schema      json.RawMessage `json:"schema"`
	Tests       []struct {
		Description string          `json:"description"`
		Data        json.RawMessage `json:"data"`
		Valid       bool            `json:"valid"`
	} `json:"tests"`
}

func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// wrapGroup rewrites a suite schema for embedding as message n's "value".
func wrapGroup(raw json.RawMessage, n int) (value any, defs map[string]any, err error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var s any
	if err := dec.Decode(&s); err != nil {
		return nil, nil, err
	}
	defs = map[string]any{}
	prefix := fmt.Sprintf("d%d_", n)
	if obj, ok := s.(map[string]any); ok {
		delete(obj, "$schema")
		if d, ok := obj["$defs"].(map[string]any); ok {
			for k, v := range d {
				defs[prefix+k] = v
			}
			delete(obj, "$defs")
		}
	}
	rewriteRefs(s, prefix)
	for _, v := range defs {
		rewriteRefs(v, prefix)
	}
	return s, defs, nil
}

var subschemaMaps = []string{"properties", "$defs", "patternProperties", "dependentSchemas"}
var subschemaOne = []string{"items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedProperties", "unevaluatedItems", "additionalItems"}
var subschemaList = []string{"oneOf", "anyOf", "allOf", "prefixItems"}

func rewriteRefs(s any, prefix string) {
	obj, ok := s.(map[string]any)
	if !ok {
		return
	}
	if ref, ok := obj["$ref"].(string); ok && strings.HasPrefix(ref, "#/$defs/") {
		obj["$ref"] = "#/$defs/" + prefix + strings.TrimPrefix(ref, "#/$defs/")
	}
	for _, k := range subschemaMaps {
		if m, ok := obj[k].(map[string]any); ok {
			for _, v := range m {
				rewriteRefs(v, prefix)
			}
		}
	}
	for _, k := range subschemaOne {
		rewriteRefs(obj[k], prefix)
	}
	for _, k := range subschemaList {
		if l, ok := obj[k].([]any); ok {
			for _, v := range l {
				rewriteRefs(v, prefix)
			}
		}
	}
}

type confMessage struct {
	name  string
	value any
	defs  map[string]any
}

func protocolJSON(msgs []confMessage) ([]byte, error) {
	defs := map[string]any{}
	var oneOf []any
	for _, m := range msgs {
		defs[m.name] = map[string]any{
			"type": "object",
			"properties": map[string]any{
				"type":  map[string]any{"const": m.name},
				"value": m.value,
			},
			"required":             []any{"type", "value"},
			"additionalProperties": false,
		}
		for k, v := range m.defs {
			defs[k] = v
		}
		oneOf = append(oneOf, map[string]any{"$ref": "#/$defs/" + m.name})
	}
	return json.MarshalIndent(map[string]any{
		"$schema": "https://json-schema.org/draft/2020-12/schema",
		"x-wsgen": map[string]any{"package": "conf"},
		"oneOf":   oneOf,
		"$defs":   defs,
	}, "", " ")
}

type confCase struct {
	Group, Test string
	Frame       string
	Valid       bool
}

type confResult struct {
	Accepted  bool
	Err       string
	Extra     bool // refused for a documented reason (range, duplicate, UTF-8, surrogate)
	RoundTrip string
}

const confDriver = `package main

import (
	"encoding/json"
	"errors"
	"os"

	"conformance/conf"
	"github.com/wsgen/wsgen/wire"
)

type result struct {
	Accepted  bool
	Err       string
	Extra     bool
	RoundTrip string
}

func main() {
	var frames []string
	data, err := os.ReadFile("cases.json")
	if err != nil {
		panic(err)
	}
	if err := json.Unmarshal(data, &frames); err != nil {
		panic(err)
	}
	var out []result
	for _, f := range frames {
		m, err := conf.Decode([]byte(f))
		r := result{Accepted: err == nil}
		if err != nil {
			r.Err = err.Error()
			r.Extra = errors.Is(err, wire.ErrRange) || errors.Is(err, wire.ErrInexact) || errors.Is(err, wire.ErrDuplicateKey) ||
				errors.Is(err, wire.ErrInvalidUTF8) || errors.Is(err, wire.ErrLoneSurrogate)
		} else {
			b, err := conf.Encode(m)
			if err != nil {
				r.RoundTrip = "encode: " + err.Error()
			} else if _, err := conf.Decode(b); err != nil {
				r.RoundTrip = "re-decode of " + string(b) + ": " + err.Error()
			}
		}
		out = append(out, r)
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
`

func TestConformance(t *testing.T) {
	if testing.Short() {
		t.Skip("conformance: builds a temporary module; skipped with -short")
	}
	root := repoRoot(t)
	suite := filepath.Join(root, "..", "shared", "conformance", "json-schema-test-suite")
	files, _ := filepath.Glob(filepath.Join(suite, "*.json"))
	if len(files) == 0 {
		t.Skipf("conformance: %s is absent (it comes with ../shared); differential test not run", suite)
	}
	runSuite(t, files, false)
}

// runSuite runs the groups of the suite-format files through wsgen (see above). With
// reference set, every instance is also checked with Protocol.Validate (the reference
// validator on the translated patterns), and a refused group is an error.
func runSuite(t *testing.T, files []string, reference bool) {
	t.Helper()
	skipped := map[string]int{}
	var msgs []confMessage
	var cases []confCase
	groups := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var gs []suiteGroup
		if err := json.Unmarshal(data, &gs); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, g := range gs {
			groups++
			label := filepath.Base(file) + ": " + g.Description
			n := len(msgs)
			name := fmt.Sprintf("g%d", n)
			value, defs, err := wrapGroup(g.Schema, n)
			if err != nil {
				t.Fatalf("%s: %v", label, err)
			}
			one, err := protocolJSON([]confMessage{{name, value, defs}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := schema.Parse(label, one); err != nil {
				var es schema.Errors
				if !errors.As(err, &es) {
					t.Fatalf("%s: %v", label, err)
				}
				if reference {
					t.Errorf("%s: refused: %v", label, err)
				}
				skipped["refused: "+reasonKind(es[0].Reason)]++
				continue
			}
			msgs = append(msgs, confMessage{name, value, defs})
			for _, tc := range g.Tests {
				cases = append(cases, confCase{Group: label, Test: tc.Description, Valid: tc.Valid,
					Frame: `{"type":"` + name + `","value":` + string(tc.Data) + `}`})
			}
		}
	}
	proto, err := protocolJSON(msgs)
	if err != nil {
		t.Fatal(err)
	}
	p, err := schema.Parse("conformance.json", proto)
	if err != nil {
		t.Fatalf("the accepted groups together are refused:\n%v", err)
	}
	if reference {
		for _, c := range cases {
			if _, err := p.Validate([]byte(c.Frame)); (err == nil) != c.Valid {
				t.Errorf("%s / %s: Protocol.Validate(%s) = %v, suite says valid=%v", c.Group, c.Test, c.Frame, err, c.Valid)
			}
		}
	}
	// Without the client: the driver needs only the codec (and no gorilla/websocket).
	out, err := gen.Generate(p, &gen.Options{Client: gen.ClientOmit})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := out["wsgen_client.go"]; ok {
		t.Fatal("Options.Client = ClientOmit still generated wsgen_client.go")
	}
	dir := os.Getenv("WSGEN_CONFORMANCE_DIR") // set it to keep the temporary module for debugging
	m := newTempModule(t, dir, "conformance")
	m.writePackage("conf", out)
	m.write("main.go", []byte(confDriver))
	frames := make([]string, len(cases))
	for i, c := range cases {
		frames[i] = c.Frame
	}
	fj, _ := json.Marshal(frames)
	m.write("cases.json", fj)
	m.write("protocol.json", proto)
	stdout := m.goCmd("run", ".")
	var results []confResult
	if err := json.Unmarshal(stdout, &results); err != nil {
		t.Fatalf("driver output: %v", err)
	}
	if len(results) != len(cases) {
		t.Fatalf("driver returned %d results for %d cases", len(results), len(cases))
	}
	disagree, extra, accepted, refused := 0, 0, 0, 0
	for i, c := range cases {
		r := results[i]
		if r.Accepted {
			accepted++
		} else {
			refused++
		}
		switch {
		case r.Accepted == c.Valid:
			if r.RoundTrip != "" {
				disagree++
				t.Errorf("%s / %s: round trip of %s failed: %s", c.Group, c.Test, c.Frame, r.RoundTrip)
			}
		case c.Valid && r.Extra:
			extra++
			t.Logf("documented extra refusal: %s / %s: %s", c.Group, c.Test, r.Err)
		default:
			disagree++
			t.Errorf("%s / %s: Decode(%s) accepted=%v, suite says valid=%v (err: %s)", c.Group, c.Test, c.Frame, r.Accepted, c.Valid, r.Err)
		}
	}
	var reasons []string
	total := 0
	for r, n := range skipped {
		reasons = append(reasons, fmt.Sprintf("  %3d %s", n, r))
		total += n
	}
	sort.Strings(reasons)
	t.Logf("conformance: %d groups: %d ran, %d skipped; %d instances ran (%d accepted, %d refused); %d disagreements; %d documented extra refusals\nskipped by reason:\n%s",
		groups, len(msgs), total, len(cases), accepted, refused, disagree, extra, strings.Join(reasons, "\n"))
}

// reasonKind shortens a refusal reason to its kind, for counting.
func reasonKind(reason string) string {
	if i := strings.Index(reason, " collides with "); i >= 0 {
		return "names collide once turned into Go"
	}
	if strings.HasPrefix(reason, "not a valid 2020-12 schema") {
		return "not a valid 2020-12 schema"
	}
	return reason
}
