package gen_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/gen"
	"github.com/wsgen/wsgen/schema"
)

// TestDocComments: a message's or type's title and description reach the Go doc of its
// type, and a property's description (also one written beside a $ref) the doc of its
// field.
func TestDocComments(t *testing.T) {
	p, err := schema.Load("testdata/names/protocol.json")
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generate(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "wsgen_messages.go", files["wsgen_messages.go"], parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]*ast.GenDecl{}
	fields := map[string]string{}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		ts := gd.Specs[0].(*ast.TypeSpec)
		types[ts.Name.Name] = gd
		if st, ok := ts.Type.(*ast.StructType); ok {
			for _, fl := range st.Fields.List {
				if len(fl.Names) > 0 {
					fields[ts.Name.Name+"."+fl.Names[0].Name] = strings.TrimSpace(fl.Doc.Text())
				}
			}
		}
	}
	for _, tt := range []struct{ typ, want string }{
		{"ChatMessage", "ChatMessage is the \"message\" message (server to client).\nA chat message. A message posted to a room; its $defs key would be the reserved Go name Message."},
		{"TextKind", "TextKind is the \"kind\" type (/$defs/kind).\nText kind. The markups a text may use."},
	} {
		gd := types[tt.typ]
		if gd == nil {
			t.Errorf("type %s not generated", tt.typ)
			continue
		}
		if got := strings.TrimSpace(gd.Doc.Text()); got != tt.want {
			t.Errorf("doc of %s = %q, want %q", tt.typ, got, tt.want)
		}
	}
	for _, tt := range []struct{ field, want string }{
		{"ChatMessage.Text", "The text as typed."},
		{"ChatMessage.Flavor", "How the text is marked up (written beside the $ref)."},
		{"ChatMessage.Depth", "Levels of the book: an integer enum."},
	} {
		if got := fields[tt.field]; got != tt.want {
			t.Errorf("doc of %s = %q, want %q", tt.field, got, tt.want)
		}
	}
}
