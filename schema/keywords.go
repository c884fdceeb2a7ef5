package schema

import (
	"fmt"
	"strconv"
)

// The applicator keywords wsgen reads by rewriting them into what it already generates
// (see docs/values.md, "allOf, dependentRequired, not, if/then/else"): an allOf of object
// schemas is merged into one object schema; dependentRequired, a "not" of required
// members and an if/then/else of required members become [PresenceRule]s. Whatever else
// they could say is refused: wsgen never accepts a keyword it does not check exactly.

// PresenceRule restricts which members of an object may be present together. Decode
// and Encode check it after the members (see docs/values.md).
type PresenceRule struct {
	// Keyword is what declared the rule: "dependentRequired", "if" (if/then/else) or
	// "not". Pointer is its location in the file.
	Keyword, Pointer string
	// If lists members that, all present, make Then required; otherwise (if/then/else
	// only) Else is required. An empty If always holds.
	If, Then, Else []string
	// IfConst (if/then/else only) adds to the condition members with a const in the if's
	// "properties": each must hold its value when present (and be present when If lists
	// it, as the if's "required" then does).
	IfConst []ConstCond
	// Not lists members that may not all be present together (Keyword "not").
	Not []string
}

// ConstCond is a member of an if's condition that must equal a const: Field is the
// object's field (a plain string, integer or boolean), Value the const in canonical JSON.
type ConstCond struct {
	Field *Field
	Value string
}

// presenceKeywords are the keywords read by presenceRules.
var presenceKeywords = map[string]bool{"dependentRequired": true, "not": true, "if": true, "then": true, "else": true}

// requiredList returns the member names of the schema n when it holds only a "required"
// list (and annotations): {"required": ["a", "b"]}.
func requiredList(n *node) ([]string, bool) {
	if n == nil || n.kind != 'o' {
		return nil, false
	}
	r := n.get("required")
	if r == nil || r.kind != 'a' {
		return nil, false
	}
	for _, m := range n.members {
		if m.name != "required" && !annotationKeywords[m.name] {
			return nil, false
		}
	}
	var names []string
	for _, v := range r.elems {
		if v.kind != 's' {
			return nil, false
		}
		names = append(names, v.str)
	}
	return names, true
}

// presenceRules reads dependentRequired, not and if/then/else of the object schema n (at
// ptr) into t.PresenceRules, refusing what wsgen cannot check exactly.
func (b *builder) presenceRules(n *node, t *Type, ptr string) {
	if !hasAny(n, "dependentRequired", "not", "if", "then", "else") {
		return
	}
	if t.Repr != ReprStruct {
		for _, k := range []string{"dependentRequired", "not", "if", "then", "else"} {
			if n.get(k) != nil {
				what := k
				if k == "not" || k == "if" {
					what = k + " of required members"
				}
				b.errorf(ptr+"/"+k, "wsgen cannot generate an exact check for this %s: it checks only %s, on an object schema with properties (\"type\": \"object\"), and this schema accepts %s", k, what, t.Kinds)
				return
			}
		}
	}
	if dr := n.get("dependentRequired"); dr != nil && dr.kind == 'o' {
		for _, m := range dr.members {
			mp := ptr + "/dependentRequired/" + escapePointer(m.name)
			var then []string
			for _, v := range m.value.elems {
				if v.kind == 's' && v.str != m.name && !contains(then, v.str) {
					then = append(then, v.str)
				}
			}
			if len(then) == 0 {
				continue // requires nothing beyond the member itself
			}
			b.addPresence(t, PresenceRule{Keyword: "dependentRequired", Pointer: mp, If: []string{m.name}, Then: then})
		}
	}
	if nn := n.get("not"); nn != nil {
		np := ptr + "/not"
		names, ok := requiredList(nn)
		switch {
		case !ok:
			b.errorf(np, "wsgen cannot generate an exact check for this not; it supports only {\"required\": [...]} inside not (these members may not all be present)")
		case len(names) == 0:
			b.errorf(np, "not of an empty required list refuses every object: no value can ever be valid")
		default:
			b.addPresence(t, PresenceRule{Keyword: "not", Pointer: np, Not: dedupe(names)})
		}
	}
	iff, then, els := n.get("if"), n.get("then"), n.get("else")
	if iff == nil {
		for _, k := range []string{"then", "else"} {
			if n.get(k) != nil {
				b.errorf(ptr+"/"+k, "%s without if has no effect in JSON Schema: remove it, or add the if it belongs to", k)
			}
		}
		return
	}
	cond, consts, reason := b.ifCondition(iff, t)
	if reason != "" {
		b.errorf(ptr+"/if", "wsgen cannot generate an exact check for this if: %s; it supports {\"required\": [...]} and \"properties\" of {\"const\": …} on plain string, integer or boolean members as the condition", reason)
		return
	}
	r := PresenceRule{Keyword: "if", Pointer: ptr + "/if", If: dedupe(cond), IfConst: consts}
	for _, c := range []struct {
		key string
		n   *node
		dst *[]string
	}{{"then", then, &r.Then}, {"else", els, &r.Else}} {
		if c.n == nil {
			continue
		}
		names, ok := requiredList(c.n)
		if !ok {
			b.errorf(ptr+"/"+c.key, "wsgen cannot generate an exact check for this %s; it supports only {\"required\": [...]} (members required when the if holds%s)", c.key, map[bool]string{true: "", false: " or not"}[c.key == "then"])
			return
		}
		*c.dst = dedupe(names)
	}
	if len(r.Then) == 0 && len(r.Else) == 0 {
		return // requires nothing either way
	}
	b.addPresence(t, r)
}

// addPresence adds r to t, refusing a rule no value with its members can satisfy.
func (b *builder) addPresence(t *Type, r PresenceRule) {
	declared := func(name string) bool {
		for _, f := range t.Properties {
			if f.Name == name {
				return true
			}
		}
		return t.AdditionalAllowed
	}
	for _, set := range [][]string{r.Then, r.Else} {
		for _, name := range set {
			if !declared(name) {
				b.errorf(r.Pointer, "requires member %q, which is not in properties while additionalProperties is false: the rule can never be met", name)
				return
			}
		}
	}
	if r.Not != nil {
		all := true
		for _, name := range r.Not {
			all = all && contains(t.Required, name)
		}
		if all {
			b.errorf(r.Pointer, "not forbids members that are all required: no value can ever be valid")
			return
		}
	}
	t.PresenceRules = append(t.PresenceRules, r)
}

func dedupe(list []string) []string {
	var out []string
	for _, s := range list {
		if !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// allOfPart is one schema an allOf merges: the schema holding the allOf (its other
// keywords), or one entry, with a $ref resolved.
type allOfPart struct {
	n   *node
	ptr string
	own bool // the schema holding the allOf itself
}

// allOfKeywords may appear in an allOf part; the own part may also hold x-wsgen and a
// oneOf/anyOf of required sets, copied to the merged schema.
var allOfKeywords = map[string]bool{
	"type": true, "properties": true, "required": true, "additionalProperties": true,
	"dependentRequired": true, "not": true, "if": true, "then": true, "else": true,
	"title": true, "description": true, "default": true, "examples": true, "$comment": true,
}

// allOf merges the allOf of the schema n (at ptr) with n's other keywords into one object
// schema and builds its type: properties are united (a member declared in two parts must
// be declared alike, or one declaration must add keywords to the other, which is then
// used), required lists are united, and additionalProperties false in one part must not
// refuse a member another part declares or requires. The presence rules of each part
// apply at that part's pointer.
func (b *builder) allOf(n *node, ptr, hint string, message bool) *Type {
	parts := b.allOfParts(n, ptr, true, nil, map[*node]bool{})
	merged := &node{kind: 'o'}
	set := func(name string, v *node) { merged.members = append(merged.members, member{name, v}) }
	if x := n.get("x-wsgen"); x != nil {
		set("x-wsgen", x)
		b.goNamed[merged] = b.goNamed[n]
	}
	for _, k := range []string{"title", "description"} {
		if v := n.get(k); v != nil {
			set(k, v)
		}
	}
	for _, k := range []string{"oneOf", "anyOf"} {
		if v := n.get(k); v != nil {
			if requiredOnly(v) {
				set(k, v)
			} else {
				b.errorf(ptr+"/"+k, "beside allOf, %s may only list required member sets: wsgen merges object schemas", k)
			}
		}
	}
	// The type: every part's "type" must allow objects; null only if every one allows it.
	typed, nullable := false, true
	for _, p := range parts {
		tn := p.n.get("type")
		if tn == nil {
			continue
		}
		var ks Kinds
		names := []*node{tn}
		if tn.kind == 'a' {
			names = tn.elems
		}
		for _, e := range names {
			ks |= kindNames[e.str]
		}
		if !ks.Has(Object) {
			b.errorf(p.ptr+"/type", "wsgen merges only object schemas in allOf; this part accepts %s", ks)
			continue
		}
		typed = true
		nullable = nullable && ks.Has(Null)
	}
	if typed {
		tv := &node{kind: 's', str: "object"}
		if nullable {
			tv = &node{kind: 'a', elems: []*node{{kind: 's', str: "object"}, {kind: 's', str: "null"}}}
		}
		set("type", tv)
	}
	// Properties, in the order the parts declare them.
	props := &node{kind: 'o'}
	declAt := map[string]string{} // member -> pointer of the declaration kept
	for _, p := range parts {
		pp := p.n.get("properties")
		if pp == nil || pp.kind != 'o' {
			continue
		}
		for _, m := range pp.members {
			mp := p.ptr + "/properties/" + escapePointer(m.name)
			old := props.get(m.name)
			switch {
			case old == nil:
				props.members = append(props.members, member{m.name, m.value})
				declAt[m.name] = mp
				b.declPtr[m.value] = mp
			case restricts(old, m.value):
				// The kept declaration says at least as much.
			case restricts(m.value, old):
				for i := range props.members {
					if props.members[i].name == m.name {
						props.members[i].value = m.value
					}
				}
				declAt[m.name] = mp
				b.declPtr[m.value] = mp
			default:
				b.errorf(mp, "member %q is declared differently here and at #%s: wsgen merges the declarations of a member in allOf only when they are identical or one adds keywords to the other", m.name, declAt[m.name])
			}
		}
	}
	if len(props.members) > 0 {
		set("properties", props)
	}
	required := &node{kind: 'a'}
	var reqNames []string
	for _, p := range parts {
		if rq := p.n.get("required"); rq != nil {
			for _, e := range rq.elems {
				if e.kind == 's' && !contains(reqNames, e.str) {
					reqNames = append(reqNames, e.str)
					required.elems = append(required.elems, e)
				}
			}
		}
	}
	if len(reqNames) > 0 {
		set("required", required)
	}
	// additionalProperties false in a part refuses what the others declare or require.
	closed := false
	for _, p := range parts {
		ap := p.n.get("additionalProperties")
		if ap == nil {
			continue
		}
		app := p.ptr + "/additionalProperties"
		switch {
		case ap.kind == 'b' && ap.boolean, ap.kind == 'o' && len(ap.members) == 0:
			continue
		case ap.kind != 'b':
			b.errorf(app, "wsgen cannot merge an allOf part whose additionalProperties is a schema: it would also apply to the members the other parts declare")
			continue
		}
		closed = true
		own := map[string]bool{}
		if pp := p.n.get("properties"); pp != nil {
			for _, m := range pp.members {
				own[m.name] = true
			}
		}
		for _, m := range props.members {
			if !own[m.name] {
				b.errorf(app, "additionalProperties false in this allOf part refuses member %q, which #%s declares: no value holding it is valid (declare %q in this part too, or drop additionalProperties false)", m.name, declAt[m.name], m.name)
			}
		}
		for _, r := range reqNames {
			if !own[r] && props.get(r) == nil {
				b.errorf(app, "additionalProperties false in this allOf part refuses member %q, which another part requires: no value can ever be valid", r)
			}
		}
	}
	if closed {
		set("additionalProperties", &node{kind: 'b', boolean: false})
	}
	t := b.typeOf(merged, ptr, hint, message)
	for _, p := range parts {
		b.presenceRules(p.n, t, p.ptr)
	}
	return t
}

// allOfParts lists the parts the allOf of n (at ptr) merges: n's own keywords (when own),
// then each entry, a $ref resolved and nested allOfs flattened.
func (b *builder) allOfParts(n *node, ptr string, own bool, parts []allOfPart, visiting map[*node]bool) []allOfPart {
	if visiting[n] {
		b.errorf(ptr, "cyclic allOf: the schema contains itself")
		return parts
	}
	visiting[n] = true
	defer delete(visiting, n)
	if n.kind == 'b' {
		if !n.boolean {
			b.errorf(ptr, "an allOf part is false: no value can ever be valid")
		}
		return parts
	}
	if n.kind != 'o' {
		return parts // the meta-schema refuses it
	}
	if ref := n.get("$ref"); ref != nil && !own {
		for _, m := range n.members {
			if m.name != "$ref" && !annotationKeywords[m.name] {
				b.errorf(ptr+"/"+escapePointer(m.name), "keyword %q next to $ref is not supported (only annotations may sit beside $ref)", m.name)
			}
		}
		name, ok := b.defName(str(ref))
		if !ok {
			b.errorf(ptr+"/$ref", "unresolvable $ref %q: wsgen resolves only \"#/$defs/NAME\"", str(ref))
			return parts
		}
		return b.allOfParts(b.defNode(name), "/$defs/"+escapePointer(name), false, parts, visiting)
	}
	parts = append(parts, allOfPart{n: n, ptr: ptr, own: own})
	for _, m := range n.members {
		switch {
		case m.name == "allOf" || allOfKeywords[m.name]:
		case own && (m.name == "x-wsgen" || m.name == "oneOf" || m.name == "anyOf"):
		case m.name == "x-wsgen":
			// A $defs entry's own settings (its goName) name its own type.
		default:
			b.errorf(ptr+"/"+escapePointer(m.name), "wsgen cannot merge keyword %q in an allOf: it merges object schemas (type, properties, required, additionalProperties false, dependentRequired, and not or if/then/else of required members)", m.name)
		}
	}
	if list := n.get("allOf"); list != nil && list.kind == 'a' {
		for i, e := range list.elems {
			parts = b.allOfParts(e, ptr+"/allOf/"+strconv.Itoa(i), false, parts, visiting)
		}
	}
	return parts
}

// restricts reports whether the schema s says at least what the schema o says, so that a
// value valid for s is valid for o: o says nothing (true, or annotations only), s is
// false, or s holds every keyword of o with an equal value (or, for "type", a const or
// enum whose values are all of that type) (keywords are conjunctive;
// additionalProperties and items also depend on properties and prefixItems beside them,
// which must then be equal).
func restricts(s, o *node) bool {
	if o.kind == 'b' && o.boolean || s.kind == 'b' && !s.boolean {
		return true
	}
	if s.kind != 'o' || o.kind != 'o' {
		return s.canonical() == o.canonical()
	}
	for _, m := range o.members {
		if annotationKeywords[m.name] {
			continue
		}
		v := s.get(m.name)
		if v == nil && m.name == "type" && valuesOfType(s, m.value) {
			continue // s's const or enum values are all of that type
		}
		if v == nil || v.canonical() != m.value.canonical() {
			return false
		}
	}
	for _, dep := range [][2]string{{"additionalProperties", "properties"}, {"items", "prefixItems"}} {
		if o.get(dep[0]) != nil && (o.get(dep[1]) == nil) != (s.get(dep[1]) == nil) {
			return false
		}
	}
	return true
}

// valuesOfType reports whether the schema s allows only values (its const, or every value
// of its enum) of the JSON Schema type tn.
func valuesOfType(s, tn *node) bool {
	var ks Kinds
	names := []*node{tn}
	if tn.kind == 'a' {
		names = tn.elems
	}
	for _, e := range names {
		ks |= kindNames[e.str]
	}
	if c := s.get("const"); c != nil {
		return ks.Has(valueKinds(c))
	}
	if e := s.get("enum"); e != nil && e.kind == 'a' {
		for _, v := range e.elems {
			if !ks.Has(valueKinds(v)) {
				return false
			}
		}
		return true
	}
	return false
}

// ifCondition reads an if schema: members required, and members whose "properties"
// schema is only a const, of a declared plain (non-null, non-enum-typed) string, integer
// or boolean member of t. A reason says why anything else is refused.
func (b *builder) ifCondition(n *node, t *Type) (required []string, consts []ConstCond, reason string) {
	if n.kind != 'o' {
		return nil, nil, "it is not an object schema"
	}
	for _, m := range n.members {
		switch {
		case m.name == "required" || m.name == "properties" || annotationKeywords[m.name]:
		default:
			return nil, nil, fmt.Sprintf("keyword %q", m.name)
		}
	}
	if r := n.get("required"); r != nil {
		names, ok := requiredList(&node{kind: 'o', members: []member{{"required", r}}})
		if !ok {
			return nil, nil, "required is not a list of names"
		}
		required = names
	}
	props := n.get("properties")
	if props == nil {
		return required, nil, ""
	}
	for _, m := range props.members {
		c := m.value.get("const")
		only := m.value.kind == 'o' && c != nil
		for _, k := range m.value.members {
			only = only && (k.name == "const" || annotationKeywords[k.name])
		}
		if !only {
			return nil, nil, fmt.Sprintf("the condition on %q is not only a const", m.name)
		}
		var f *Field
		for _, p := range t.Properties {
			if p.Name == m.name {
				f = p
			}
		}
		switch {
		case f == nil:
			return nil, nil, fmt.Sprintf("%q is not a declared member", m.name)
		case f.Type.Kinds.Has(Null) || (f.Type.Repr != ReprString && f.Type.Repr != ReprInt && f.Type.Repr != ReprBool) || f.Type.Decimal:
			return nil, nil, fmt.Sprintf("%q is not a plain string, integer or boolean member", m.name)
		case !f.Type.Kinds.Has(valueKinds(c)) || (valueKinds(c) == Int && f.Type.Repr == ReprInt && !int64Literal(c.num)):
			return nil, nil, fmt.Sprintf("the const %s is not a value %q can hold", shortValue(c), m.name)
		}
		consts = append(consts, ConstCond{Field: f, Value: c.canonical()})
	}
	return required, consts, ""
}
