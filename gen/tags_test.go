package gen_test

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/gen"
	"github.com/wsgen/wsgen/schema"
)

// hostileNames are property names encoding/json cannot take as a tag name (a comma ends
// the name, quotes and backslashes are reserved, and other characters outside letters,
// digits and some punctuation make it ignore the tag), or that mean something else in a
// tag ("-" alone drops the field), or that it takes as they are (space, colon, letters
// of any script).
var hostileNames = []string{
	"a,b", "x,omitempty", ",", `a"b`, "a`b", `a\b`, "a\tb", "€", "-", "ü\u00a0",
	"a b", "a:b", "é", "日本", "ok_name", "dash-ed", "a.b/c",
}

// hostileTagsProtocol declares hostileNames as the members of message "m" (each with an
// x-wsgen goName F0, F1, … so that Go names do not collide), every second one required,
// and message "r" with the same members, optional.
func hostileTagsProtocol() []byte {
	var props, req []string
	for i, n := range hostileNames {
		q, _ := json.Marshal(n)
		props = append(props, fmt.Sprintf(`%s: {"type": "string", "x-wsgen": {"goName": "F%d"}}`, q, i))
		if i%2 == 0 {
			req = append(req, string(q))
		}
	}
	return []byte(`{"$schema": "https://json-schema.org/draft/2020-12/schema", "x-wsgen": {"package": "tags"},
"oneOf": [{"$ref": "#/$defs/m"}, {"$ref": "#/$defs/r"}],
"$defs": {
 "m": {"type": "object", "required": ["type", ` + strings.Join(req, ", ") + `], "properties": {"type": {"const": "m"}, ` + strings.Join(props, ", ") + `}},
 "r": {"type": "object", "required": ["type"], "properties": {"type": {"const": "r"}, ` + strings.Join(props, ", ") + `}}}}`)
}

// TestJSONTags: a generated struct's json tags never make encoding/json read or write a
// member under another name than the wire name. Each struct of the generated code is
// rebuilt with reflect.StructOf (string fields, the generated tags) and marshalled:
// every member present has its wire name and value; a member encoding/json cannot name
// is absent (tag "-"), never written under the Go field name or a truncated name.
func TestJSONTags(t *testing.T) {
	p, err := schema.Parse("tags/protocol.json", hostileTagsProtocol())
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generate(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "wsgen_messages.go", files["wsgen_messages.go"], 0)
	if err != nil {
		t.Fatal(err)
	}
	tags := map[string]map[string]reflect.StructTag{} // type → field → tag
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok {
			return true
		}
		st, ok := ts.Type.(*ast.StructType)
		if !ok {
			return false
		}
		tags[ts.Name.Name] = map[string]reflect.StructTag{}
		for _, fd := range st.Fields.List {
			if fd.Tag == nil || len(fd.Names) != 1 {
				continue
			}
			tag, err := strconv.Unquote(fd.Tag.Value)
			if err != nil {
				t.Fatalf("%s.%s: tag %s: %v", ts.Name.Name, fd.Names[0].Name, fd.Tag.Value, err)
			}
			tags[ts.Name.Name][fd.Names[0].Name] = reflect.StructTag(tag)
		}
		return false
	})
	for _, m := range p.Messages {
		t.Run(m.Name, func(t *testing.T) {
			var fields []reflect.StructField
			want := map[string]string{} // wire name → value
			for i, fd := range m.Type.Properties {
				if fd.Discriminator {
					continue
				}
				tag, ok := tags[m.GoName][fd.GoName]
				if !ok {
					t.Fatalf("no tag on %s.%s", m.GoName, fd.GoName)
				}
				v, ok := tag.Lookup("json")
				if !ok {
					t.Errorf("%s.%s (%q): tag %s has no json key", m.GoName, fd.GoName, fd.Name, tag)
				} else if v != "-" {
					want[fd.Name] = "v" + strconv.Itoa(i)
				}
				fields = append(fields, reflect.StructField{Name: fd.GoName, Type: reflect.TypeFor[string](), Tag: tag})
			}
			val := reflect.New(reflect.StructOf(fields)).Elem()
			for i, fd := range fields {
				for j, pf := range m.Type.Properties {
					if pf.GoName == fd.Name {
						val.Field(i).SetString("v" + strconv.Itoa(j))
					}
				}
			}
			b, err := json.Marshal(val.Interface())
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]string
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			for k, v := range got {
				if want[k] != v {
					t.Errorf("json.Marshal wrote member %q = %q; want only the wire names (%s)", k, v, b)
				}
			}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("json.Marshal wrote %q = %q, want %q (%s)", k, got[k], v, b)
				}
			}
			// Names encoding/json can express keep their tag: only the others are dropped.
			for _, n := range []string{"a b", "a:b", "é", "日本", "ok_name", "dash-ed", "a.b/c", "-"} {
				if _, ok := want[n]; !ok {
					t.Errorf("member %q has no json name; encoding/json can name it", n)
				}
			}
		})
	}
}

// TestHostileMemberNamesRoundTrip: the generated codec (which does not use the tags)
// reads and writes members whose names encoding/json cannot put in a tag.
func TestHostileMemberNamesRoundTrip(t *testing.T) {
	frame := map[string]string{"type": "m"}
	for i, n := range hostileNames {
		frame[n] = "v" + strconv.Itoa(i)
	}
	b, err := json.Marshal(frame)
	if err != nil {
		t.Fatal(err)
	}
	got := runGenerated(t, hostileTagsProtocol(), `package main

import (
	"encoding/json"
	"fmt"

	"conformance/conf"
)

func main() {
	m, err := conf.Decode([]byte(`+strconv.Quote(string(b))+`))
	if err != nil {
		panic(err)
	}
	b, err := conf.Encode(m)
	if err != nil {
		panic(err)
	}
	var v map[string]string
	if err := json.Unmarshal(b, &v); err != nil {
		panic(err)
	}
	fmt.Println(len(v), v["a,b"], v["-"], v["a\"b"], v["€"], v["a b"])
}
`)
	if want := fmt.Sprintf("%d v0 v8 v3 v7 v10\n", len(frame)); got != want {
		t.Errorf("driver printed %q, want %q", got, want)
	}
}
