package gen_test

import (
	"bytes"
	"flag"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/gen"
	"github.com/wsgen/wsgen/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// compare reports the difference between golden file path and got, or rewrites the
// file with -update.
func compare(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./gen -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got); run go test ./gen -update if intended:\n%s", path, diff)
	}
}

func TestGolden(t *testing.T) {
	cases, _ := filepath.Glob("testdata/*/protocol.json")
	if len(cases) == 0 {
		t.Fatal("no golden cases in testdata/")
	}
	for _, path := range cases {
		dir := filepath.Dir(path)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			p, err := schema.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			files, err := gen.Generate(p, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range gen.Files {
				golden := filepath.Join(dir, name+".golden")
				if _, ok := files[name]; !ok {
					if _, err := os.Stat(golden); err == nil {
						if *update {
							os.Remove(golden)
							continue
						}
						t.Errorf("%s exists but %s is not generated; run go test ./gen -update", golden, name)
					}
					continue
				}
				compare(t, golden, files[name])
			}
		})
	}
}

var header = regexp.MustCompile(`^// Code generated .* DO NOT EDIT\.$`)

func TestGenerateContract(t *testing.T) {
	p, err := schema.Load("../testdata/chat/protocol.json")
	if err != nil {
		t.Fatal(err)
	}
	a, err := gen.Generate(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := gen.Generate(p, nil)
	var names []string
	for name, src := range a {
		names = append(names, name)
		if !bytes.Equal(src, b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
		first, rest, _ := bytes.Cut(src, []byte("\n"))
		if !header.Match(first) {
			t.Errorf("%s starts with %q, want the generated-code header", name, first)
		}
		if !bytes.HasPrefix(rest, []byte("// Source: ../testdata/chat/protocol.json\n")) {
			t.Errorf("%s second line = %q, want the schema path as given", name, bytes.SplitN(rest, []byte("\n"), 2)[0])
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly)
		if err != nil {
			t.Fatalf("%s does not parse: %v", name, err)
		}
		allowed := map[string]bool{`"` + gen.WirePath + `"`: true, `"` + gen.ImplPath + `"`: true}
		if name == "wsgen_client.go" {
			allowed[`"`+gen.ConnPath+`"`], allowed[`"`+gen.FSMPath+`"`] = true, true
		}
		for _, imp := range f.Imports {
			path := imp.Path.Value
			if !allowed[path] && bytes.ContainsRune([]byte(path), '.') {
				t.Errorf("%s imports %s: generated code may import only the standard library, wire and wireimpl (and the client conn and fsm)", name, path)
			}
		}
	}
	sort.Strings(names)
	if diff := cmp.Diff(gen.Files, names); diff != "" {
		t.Errorf("gen.Files does not list the generated files (-Files +generated):\n%s", diff)
	}
	abs, _ := filepath.Abs("../testdata/chat/protocol.json")
	pa, err := schema.Load(abs)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := gen.Generate(pa, &gen.Options{Package: "other"})
	if bytes.Contains(c["wsgen_codec.go"], []byte(filepath.Dir(abs))) {
		t.Error("an absolute schema path leaked into a header")
	}
	if !bytes.Contains(c["wsgen_codec.go"], []byte("\npackage other\n")) {
		t.Error("Options.Package was not applied")
	}
}
