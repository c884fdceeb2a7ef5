package schema

import "strconv"

// objectUnion reports whether the oneOf list names only $defs object types: the tagged
// union form (see union); anything else is a sum of unlike kinds.
func (b *builder) objectUnion(list *node) bool {
	if list == nil || list.kind != 'a' || len(list.elems) == 0 {
		return true // union reports the malformed list
	}
	for _, e := range list.elems {
		ref := e.get("$ref")
		if e.kind != 'o' || ref == nil {
			return false
		}
		name, ok := b.defName(str(ref))
		if !ok || b.pending[name] {
			return true // union reports it
		}
		if t := b.resolve(name, ""); t.Repr != ReprStruct || t.Kinds != Object {
			return false
		}
	}
	return true
}

// kindWords name a branch's wrapper type by the JSON kind it holds.
var kindWords = []struct {
	k    Kinds
	word string
}{{Bool, "Bool"}, {Int, "Int"}, {Number, "Number"}, {String, "String"}, {Array, "Array"}, {Object, "Object"}}

// sum builds a oneOf or anyOf whose branches accept values of distinct JSON kinds
// (string | number | object | array …): a Go sealed interface with one type per branch,
// chosen by the kind of the value. Because no value fits two branches, oneOf and anyOf
// mean the same, and the value is valid exactly when its branch accepts it. x-wsgen may
// sit beside the union when it names the type or the schema is a message's.
func (b *builder) sum(n *node, ptr, hint, key string, message bool) *Type {
	raw := &Type{Pointer: ptr, Kinds: Any, Repr: ReprRaw}
	t := &Type{Pointer: ptr, Repr: ReprSum, Title: str(n.get("title")), Description: str(n.get("description"))}
	for _, m := range n.members {
		if m.name != key && !annotationKeywords[m.name] && !(m.name == "x-wsgen" && (message || b.goNamed[n])) {
			b.errorf(ptr+"/"+escapePointer(m.name), "keyword %q next to %s is not supported (only annotations): put it in each branch", m.name, key)
			return raw
		}
	}
	list := n.get(key)
	if list.kind != 'a' || len(list.elems) == 0 {
		b.errorf(ptr+"/"+key, "%s must be a non-empty array", key)
		return raw
	}
	bad := false
	owner := map[Kinds]int{}
	for i, e := range list.elems {
		ep := ptr + "/" + key + "/" + strconv.Itoa(i)
		word := map[string]string{"object": "Object", "array": "Array", "string": "String", "integer": "Int", "number": "Number", "boolean": "Bool"}[str(e.get("type"))]
		if word == "" {
			var ks Kinds
			if c := e.get("const"); c != nil {
				ks = valueKinds(c)
			}
			if en := e.get("enum"); en != nil && en.kind == 'a' {
				for _, v := range en.elems {
					ks |= valueKinds(v)
				}
			}
			for _, w := range kindWords {
				if k := ks &^ Null; word == "" && k != 0 && k&^w.k == 0 {
					word = w.word
				}
			}
		}
		if word == "" {
			word = "Branch" + strconv.Itoa(i)
		}
		bt := b.typeOf(e, ep, hint+word, false)
		ks := bt.Kinds
		switch {
		case ks == 0:
			b.errorf(ep, "a %s branch that accepts nothing is not supported", key)
			bad = true
			continue
		case ks.Has(Null):
			b.errorf(ep, "a null branch in %s is not supported: write \"type\": [\"T\", \"null\"] on the other branch", key)
			bad = true
			continue
		case bt.Repr == ReprRaw || bt.Repr == ReprUnion || bt.Repr == ReprSum:
			b.errorf(ep, "each %s branch must accept values of one JSON kind (string, integer or number, boolean, array or object) to be told apart by it; this one accepts %s", key, ks)
			bad = true
			continue
		case bt.Decimal && bt.Repr == ReprFloat:
			b.errorf(ep, "a decimal number branch in %s is not supported yet", key)
			bad = true
			continue
		}
		for _, k := range []Kinds{Bool, Int, Frac, String, Array, Object} {
			if !ks.Has(k) {
				continue
			}
			if j, ok := owner[k]; ok {
				b.errorf(ep, "branches %d and %d of %s both accept %s values: wsgen tells branches apart by the kind of the value", j, i, key, k)
				bad = true
			}
			owner[k] = i
		}
		name := bt.GoName
		if name == "" {
			for _, w := range kindWords {
				if ks.Has(w.k) {
					name = hint + w.word
				}
			}
			b.ident(name, ep)
		}
		t.Kinds |= ks
		t.Variants = append(t.Variants, bt)
		t.VariantNames = append(t.VariantNames, name)
	}
	if i, ok := owner[Int]; ok {
		if j, ok := owner[Frac]; ok && i != j {
			b.errorf(ptr+"/"+key, "branches %d and %d of %s both accept numbers: wsgen tells branches apart by the kind of the value", i, j, key)
			bad = true
		}
	}
	if bad {
		return raw
	}
	t.GoName = hint
	b.ident(hint, ptr)
	b.p.Types = append(b.p.Types, t)
	return t
}
