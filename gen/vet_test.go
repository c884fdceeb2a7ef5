package gen_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/gen"
	"github.com/wsgen/wsgen/schema"
)

// vetPackages writes each generated package (directory → files) into one temporary
// module and runs go vet on all of them in a single run: vet's start-up and the
// runtime's type-checking dominate, so one run for many packages costs little more than
// one for a single package.
func vetPackages(tb testing.TB, pkgs map[string]map[string][]byte) {
	tb.Helper()
	m := newTempModule(tb, "", "vetted")
	for dir, files := range pkgs {
		m.writePackage(dir, files)
	}
	m.goCmd("vet", "./...")
}

// repoProtocols lists the protocol descriptions in the repository's testdata
// directories (gen's golden cases, the shared testdata, the benchmarks' and schema's),
// sorted. examples/ and generated/ are packages of the module: go vet ./... checks them.
func repoProtocols(t *testing.T) []string {
	t.Helper()
	var paths []string
	for _, g := range []string{"testdata/*/protocol.json", "../testdata/*/protocol.json", "../bench/testdata/*/protocol.json", "../schema/testdata/*/protocol.json"} {
		m, err := filepath.Glob(g)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, m...)
	}
	sort.Strings(paths)
	if len(paths) < 10 {
		t.Fatalf("found only %d protocols: %v", len(paths), paths)
	}
	return paths
}

// withDirection returns the description data with every message's x-wsgen "direction"
// set to dir (member order is lost; the description means the same).
func withDirection(tb testing.TB, data []byte, dir string) []byte {
	tb.Helper()
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		tb.Fatal(err)
	}
	defs, _ := doc["$defs"].(map[string]any)
	for _, r := range doc["oneOf"].([]any) {
		ref, _ := r.(map[string]any)["$ref"].(string)
		def, _ := defs[filepath.Base(ref)].(map[string]any)
		if def == nil {
			continue
		}
		x, _ := def["x-wsgen"].(map[string]any)
		if x == nil {
			x = map[string]any{}
			def["x-wsgen"] = x
		}
		x["direction"] = dir
	}
	out, err := json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

var nonWord = regexp.MustCompile(`[^A-Za-z0-9]+`)

// TestGeneratedCodeVets generates every protocol of the repository's testdata — with
// the typed client as "wsgen generate" emits it by default and, for protocols the
// client only sends (which get none by default), with it forced — and runs go vet on
// the lot. A protocol whose messages are all client-sent once made Dispatch end in
// unreachable code.
func TestGeneratedCodeVets(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet in a temporary module; skipped with -short")
	}
	type input struct {
		name string
		data []byte
	}
	var inputs []input
	for _, path := range repoProtocols(t) {
		inputs = append(inputs, input{path, readFile(t, path)})
	}
	minimal := readFile(t, "testdata/minimal/protocol.json")
	inputs = append(inputs,
		input{"minimal, client-sent only", withDirection(t, minimal, "client")},
		input{"minimal, server-sent only", withDirection(t, minimal, "server")},
		input{"values, client-sent only", withDirection(t, readFile(t, "../testdata/values/protocol.json"), "client")},
		input{"hostile member names", hostileTagsProtocol()})
	pkgs := map[string]map[string][]byte{}
	for i, in := range inputs {
		p, err := schema.Parse(in.name, in.data)
		if err != nil {
			t.Fatalf("%s: %v", in.name, err)
		}
		files, err := gen.Generate(p, nil)
		if err != nil {
			t.Fatalf("%s: %v", in.name, err)
		}
		dir := fmt.Sprintf("p%02d_%s", i, strings.Trim(nonWord.ReplaceAllString(in.name, "_"), "_"))
		pkgs[dir+"/auto"] = files
		if _, ok := files["wsgen_client.go"]; ok {
			continue
		}
		if files, err = gen.Generate(p, &gen.Options{Client: gen.ClientAlways}); err != nil {
			t.Fatalf("%s: %v", in.name, err)
		}
		pkgs[dir+"/client"] = files
	}
	vetPackages(t, pkgs)
}

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.FromSlash(path))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}
