package gen_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/gen"
	"github.com/wsgen/wsgen/schema"
)

// aBeforeVowel finds `a "ack"` or `a ack` in a comment: "an" is due.
var aBeforeVowel = regexp.MustCompile(`\ba "?[aeiAEI]`)

// TestGeneratedPackageConventions: what a Go user expects of any package, checked on the
// generated source of several protocols: one package doc comment naming the protocol
// description and how to regenerate, no exported package variable (tables are functions
// returning copies) and no exported relative path, imports grouped as goimports groups
// them, and "an" before a vowel in doc comments.
func TestGeneratedPackageConventions(t *testing.T) {
	for _, path := range []string{"../testdata/chat/protocol.json", "../testdata/kitchen/protocol.json", "../testdata/slack/protocol.json", "testdata/minimal/protocol.json"} {
		t.Run(path, func(t *testing.T) {
			p, err := schema.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			files, err := gen.Generate(p, nil)
			if err != nil {
				t.Fatal(err)
			}
			fset := token.NewFileSet()
			var docs []string
			for name, src := range files {
				f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
				if err != nil {
					t.Fatal(err)
				}
				if f.Doc != nil {
					docs = append(docs, name)
					text := f.Doc.Text()
					for _, want := range []string{"Package " + p.Package + " holds ", path, "go generate", "do not edit"} {
						if !strings.Contains(text, want) {
							t.Errorf("%s: package doc lacks %q:\n%s", name, want, text)
						}
					}
				}
				for _, d := range f.Decls {
					gd, ok := d.(*ast.GenDecl)
					if !ok {
						continue
					}
					for _, s := range gd.Specs {
						vs, ok := s.(*ast.ValueSpec)
						if !ok {
							continue
						}
						for _, n := range vs.Names {
							if gd.Tok == token.VAR && n.IsExported() && n.Name != "ErrUnknownType" && n.Name != "ErrAmbiguousType" {
								t.Errorf("%s: exported package variable %s (mutable by any importer)", name, n.Name)
							}
							if n.Name == "SchemaPath" {
								t.Errorf("%s: exports SchemaPath, a path relative to the generator's directory", name)
							}
						}
					}
				}
				checkImportGroups(t, name, fset, f)
				for _, cg := range f.Comments {
					if m := aBeforeVowel.FindString(cg.Text()); m != "" {
						t.Errorf("%s:%d: %q: want \"an\"", name, fset.Position(cg.Pos()).Line, m)
					}
				}
			}
			if len(docs) != 1 {
				t.Errorf("package doc comment in %v, want exactly one file", docs)
			}
		})
	}
}

// checkImportGroups wants the standard library first and the other imports after one
// blank line, each group sorted.
func checkImportGroups(t *testing.T, name string, fset *token.FileSet, f *ast.File) {
	t.Helper()
	lastLine, lastStd, lastPath := 0, true, ""
	for i, im := range f.Imports {
		path, _ := strconv.Unquote(im.Path.Value)
		first, _, _ := strings.Cut(path, "/")
		std := !strings.Contains(first, ".")
		line := fset.Position(im.Pos()).Line
		if i > 0 {
			switch {
			case std && !lastStd:
				t.Errorf("%s: standard import %q after a non-standard one", name, path)
			case std == lastStd && (line != lastLine+1 || path < lastPath):
				t.Errorf("%s: import %q not next to %q in sorted order", name, path, lastPath)
			case std != lastStd && line != lastLine+2:
				t.Errorf("%s: no single blank line between the standard and the other imports (before %q)", name, path)
			}
		}
		lastLine, lastStd, lastPath = line, std, path
	}
}
