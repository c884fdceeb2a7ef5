package gen_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/gen"
	"github.com/wsgen/wsgen/schema"
)

// goGenerate matches the wsgen directive of a generated package's generate.go.
var goGenerate = regexp.MustCompile(`(?m)^//go:generate go run \S+/cmd/wsgen generate (.*)$`)

// TestGeneratedFresh regenerates every package under generated/ in memory, from the
// directive in its generate.go, and fails when a checked-in file differs.
func TestGeneratedFresh(t *testing.T) {
	root := repoRoot(t)
	dirs, _ := filepath.Glob(filepath.Join(root, "generated", "*", "generate.go"))
	if len(dirs) == 0 {
		t.Fatal("no generated/*/generate.go found")
	}
	for _, genFile := range dirs {
		dir := filepath.Dir(genFile)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			src, err := os.ReadFile(genFile)
			if err != nil {
				t.Fatal(err)
			}
			m := goGenerate.FindSubmatch(src)
			if m == nil {
				t.Fatalf("%s has no //go:generate go run .../cmd/wsgen generate directive", genFile)
			}
			fs := flag.NewFlagSet("generate", flag.ContinueOnError)
			schemaPath := fs.String("schema", "", "")
			fs.String("out", "", "")
			pkg := fs.String("package", "", "")
			client := fs.Bool("client", true, "")
			if err := fs.Parse(strings.Fields(string(m[1]))); err != nil {
				t.Fatal(err)
			}
			// Load through the path as written (relative to the package directory), so
			// the headers match what go generate writes.
			data, err := os.ReadFile(filepath.Join(dir, *schemaPath))
			if err != nil {
				t.Fatal(err)
			}
			p, err := schema.Parse(*schemaPath, data)
			if err != nil {
				t.Fatal(err)
			}
			mode := gen.ClientAuto
			if !*client {
				mode = gen.ClientOmit
			}
			files, err := gen.Generate(p, &gen.Options{Package: *pkg, Client: mode})
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range gen.Files {
				want, ok := files[name]
				got, err := os.ReadFile(filepath.Join(dir, name))
				if !ok {
					if err == nil {
						t.Errorf("stale generated files: run go generate ./... (%s is no longer generated)", filepath.Join(dir, name))
					}
					continue
				}
				if err != nil || !bytes.Equal(got, want) {
					t.Errorf("stale generated files: run go generate ./... (%s differs:\n%s)", filepath.Join(dir, name), cmp.Diff(string(want), string(got)))
				}
			}
		})
	}
}
