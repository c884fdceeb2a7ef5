package gen

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// declared returns the exported package-level names declared in the non-test files of dir.
func declared(t *testing.T, dir string) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for name, obj := range f.Scope.Objects {
			if ast.IsExported(name) && obj.Kind != ast.Bad {
				names[name] = true
			}
		}
	}
	return names
}

// TestImplNames: every name wirePkg qualifies with wireimpl is declared there and not in
// wire, so a name that moves between the two packages cannot go unnoticed.
func TestImplNames(t *testing.T) {
	wire, impl := declared(t, "../wire"), declared(t, "../wire/wireimpl")
	for name := range implNames {
		if !impl[name] {
			t.Errorf("implNames has %s, which package wireimpl does not declare", name)
		}
		if wire[name] {
			t.Errorf("%s is declared in both wire and wireimpl: wirePkg would pick wireimpl's", name)
		}
	}
}
