package schema

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// generatedDecls is what one generated package declares: its exported package-level
// names, and for each exported type the exported methods and fields it has.
type generatedDecls struct {
	names   map[string]bool
	members map[string]map[string]bool // type name -> member names
}

func parseGenerated(t *testing.T, dir string) generatedDecls {
	t.Helper()
	d := generatedDecls{names: map[string]bool{}, members: map[string]map[string]bool{}}
	add := func(typ, member string) {
		if d.members[typ] == nil {
			d.members[typ] = map[string]bool{}
		}
		d.members[typ][member] = true
	}
	files, err := filepath.Glob(filepath.Join(dir, "wsgen_*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no generated files in %s (%v)", dir, err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				if decl.Recv == nil {
					if decl.Name.IsExported() {
						d.names[decl.Name.Name] = true
					}
					continue
				}
				if !decl.Name.IsExported() {
					continue
				}
				rt := decl.Recv.List[0].Type
				if s, ok := rt.(*ast.StarExpr); ok {
					rt = s.X
				}
				if ix, ok := rt.(*ast.IndexExpr); ok {
					rt = ix.X
				}
				if id, ok := rt.(*ast.Ident); ok {
					add(id.Name, decl.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range decl.Specs {
					switch spec := spec.(type) {
					case *ast.TypeSpec:
						if !spec.Name.IsExported() {
							continue
						}
						d.names[spec.Name.Name] = true
						if st, ok := spec.Type.(*ast.StructType); ok {
							for _, fld := range st.Fields.List {
								for _, n := range fld.Names {
									if n.IsExported() {
										add(spec.Name.Name, n.Name)
									}
								}
							}
						}
					case *ast.ValueSpec:
						for _, n := range spec.Names {
							if n.IsExported() {
								d.names[n.Name] = true
							}
						}
					}
				}
			}
		}
	}
	return d
}

// TestReservedNamesMatchGenerated checks the names the builder reserves against what the
// generator emits, in both directions, over every generated package in the repository:
// every exported name that all generated packages declare is reserved (else a message
// could be named like it and the package would not compile), and every reserved name is
// declared by some generated package (else a protocol is refused for nothing). The same
// holds for the methods every generated message has. generated/ is never stale (gen's
// staleness test), so this checks what gen emits today.
func TestReservedNamesMatchGenerated(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "generated", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var pkgs []generatedDecls
	var messageTypes []map[string]bool // per package: type names that are messages
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		d := parseGenerated(t, dir)
		pkgs = append(pkgs, d)
		msgs := map[string]bool{}
		for typ, ms := range d.members {
			if ms["MessageType"] { // every message has MessageType
				msgs[typ] = true
			}
		}
		messageTypes = append(messageTypes, msgs)
	}
	if len(pkgs) < 5 {
		t.Fatalf("found %d generated packages under ../generated, want the repository's (at least 5)", len(pkgs))
	}

	// Package-level names declared by every package, and by any.
	every := map[string]bool{}
	anyPkg := map[string]bool{}
	for n := range pkgs[0].names {
		every[n] = true
	}
	for _, p := range pkgs {
		for n := range every {
			if !p.names[n] {
				delete(every, n)
			}
		}
		for n := range p.names {
			anyPkg[n] = true
		}
	}
	for _, n := range sortedKeys(every) {
		if !slices.Contains(reservedPackageNames, n) {
			t.Errorf("every generated package declares %s, but reservedPackageNames lacks it: a message named so would not compile", n)
		}
	}
	for _, n := range reservedPackageNames {
		if !anyPkg[n] {
			t.Errorf("reservedPackageNames has %s, but no generated package declares it: a protocol is refused for nothing", n)
		}
	}

	// Members of every message in every package, and of any message.
	everyMember := map[string]bool{}
	anyMember := map[string]bool{}
	first := true
	for i, p := range pkgs {
		for typ := range messageTypes[i] {
			ms := p.members[typ]
			if first {
				for m := range ms {
					everyMember[m] = true
				}
				first = false
			}
			for m := range everyMember {
				if !ms[m] {
					delete(everyMember, m)
				}
			}
			for m := range ms {
				anyMember[m] = true
			}
		}
	}
	for _, m := range sortedKeys(everyMember) {
		if !slices.Contains(reservedMessageMembers, m) {
			t.Errorf("every generated message has %s, but reservedMessageMembers lacks it: a property with that Go name would not compile", m)
		}
	}
	for _, m := range reservedMessageMembers {
		if !anyMember[m] {
			t.Errorf("reservedMessageMembers has %s, but no generated message has it", m)
		}
	}
	for _, m := range reservedStructMembers {
		found := false
		for i, p := range pkgs {
			for typ, ms := range p.members {
				if !messageTypes[i][typ] && ms[m] {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("reservedStructMembers has %s, but no generated nested type has it", m)
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
