package schema

import (
	"strconv"
)

// union builds a nested oneOf: {"oneOf": [{"$ref": "#/$defs/A"}, …]} whose variants are
// object types that all require one member with a distinct string const. Such a oneOf
// accepts exactly the objects one variant accepts, chosen by that member.
func (b *builder) union(n *node, ptr, hint string) *Type {
	t := &Type{Pointer: ptr, Kinds: Object, Repr: ReprUnion, Title: str(n.get("title")), Description: str(n.get("description"))}
	bad := false
	for _, m := range n.members {
		if m.name != "oneOf" && !annotationKeywords[m.name] && !(m.name == "type" && str(m.value) == "object") && !(m.name == "x-wsgen" && b.goNamed[n]) {
			b.errorf(ptr+"/"+escapePointer(m.name), "keyword %q next to oneOf is not supported (only annotations and \"type\": \"object\")", m.name)
			bad = true
		}
	}
	one := n.get("oneOf")
	if one.kind != 'a' || len(one.elems) == 0 {
		b.errorf(ptr+"/oneOf", "oneOf must be a non-empty array")
		return &Type{Pointer: ptr, Kinds: Any, Repr: ReprRaw}
	}
	for i, e := range one.elems {
		ep := ptr + "/oneOf/" + strconv.Itoa(i)
		ref := e.get("$ref")
		name, ok := "", false
		if e.kind == 'o' && ref != nil {
			name, ok = b.defName(str(ref))
		}
		if !ok {
			b.errorf(ep, "a nested oneOf must list {\"$ref\": \"#/$defs/NAME\"} object types told apart by a const member")
			bad = true
			continue
		}
		for _, m := range e.members {
			if m.name != "$ref" && !annotationKeywords[m.name] {
				b.errorf(ep+"/"+escapePointer(m.name), "keyword %q next to $ref is not supported (only annotations may sit beside $ref)", m.name)
				bad = true
			}
		}
		v := b.resolve(name, ep+"/$ref")
		if v.Repr != ReprStruct || v.Kinds != Object {
			b.errorf(ep, "oneOf variant %q must be an object type (\"type\": \"object\")", name)
			bad = true
			continue
		}
		t.Variants = append(t.Variants, v)
	}
	if bad {
		return &Type{Pointer: ptr, Kinds: Any, Repr: ReprRaw}
	}
	constOf := func(v *Type, prop string) (string, bool) {
		for _, f := range v.Properties {
			if f.Name == prop && f.Required && f.Type.Repr == ReprString && f.Type.Kinds == String && f.Type.Const != nil {
				var s string
				_ = jsonUnquote(*f.Type.Const, &s)
				return s, true
			}
		}
		return "", false
	}
	for _, f := range t.Variants[0].Properties {
		wires := []string{}
		seen := map[string]bool{}
		for _, v := range t.Variants {
			w, ok := constOf(v, f.Name)
			if !ok || seen[w] {
				wires = nil
				break
			}
			seen[w] = true
			wires = append(wires, w)
		}
		if wires != nil {
			t.UnionProp, t.UnionWires = f.Name, wires
			break
		}
	}
	if t.UnionProp == "" {
		b.errorf(ptr+"/oneOf", "oneOf variants need a required member with a distinct string const in each (a discriminator)")
		return &Type{Pointer: ptr, Kinds: Any, Repr: ReprRaw}
	}
	t.GoName = hint
	b.ident(hint, ptr)
	b.p.Types = append(b.p.Types, t)
	return t
}
