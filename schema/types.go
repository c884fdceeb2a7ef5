package schema

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strconv"
)

var typeKeywords = map[string]bool{
	"type": true, "properties": true, "required": true, "additionalProperties": true,
	"enum": true, "const": true, "minimum": true, "maximum": true, "exclusiveMinimum": true,
	"exclusiveMaximum": true, "multipleOf": true, "minLength": true, "maxLength": true,
	"pattern": true, "format": true, "items": true, "minItems": true, "maxItems": true,
	"uniqueItems": true, "prefixItems": true, "$ref": true, "title": true, "description": true, "default": true,
	"examples": true, "$comment": true,
}

var annotationKeywords = map[string]bool{"title": true, "description": true, "default": true, "examples": true, "$comment": true}

var kindNames = map[string]Kinds{"null": Null, "boolean": Bool, "integer": Int, "number": Number, "string": String, "array": Array, "object": Object}

// typeOf builds the type of the schema n at ptr; hint names its Go type if it needs one.
func (b *builder) typeOf(n *node, ptr, hint string, message bool) *Type {
	switch n.kind {
	case 'b':
		if n.boolean {
			return &Type{Pointer: ptr, Kinds: Any, Repr: ReprRaw}
		}
		return &Type{Pointer: ptr, Kinds: 0, Repr: ReprRaw}
	case 'o':
	default:
		b.errorf(ptr, "a schema must be an object or a boolean")
		return &Type{Pointer: ptr, Kinds: Any, Repr: ReprRaw}
	}
	if n.get("allOf") != nil {
		return b.allOf(n, ptr, hint, message)
	}
	for _, m := range n.members {
		if typeKeywords[m.name] || presenceKeywords[m.name] || (m.name == "x-wsgen" && (message || b.goNamed[n])) {
			continue
		}
		switch m.name {
		case "$defs":
			b.errorf(ptr+"/$defs", "$defs is supported only at the root")
		case "oneOf", "anyOf":
			if requiredOnly(m.value) {
				continue // read by requiredSets
			}
			if m.name == "anyOf" {
				return b.sum(n, ptr, hint, "anyOf", message)
			}
			if !b.objectUnion(n.get("oneOf")) {
				return b.sum(n, ptr, hint, "oneOf", message)
			}
			return b.union(n, ptr, hint)
		case "x-wsgen":
			b.errorf(ptr+"/x-wsgen", "x-wsgen is allowed only at the root, on messages, on $defs entries and on properties")
		default:
			b.errorf(ptr+"/"+escapePointer(m.name), "unsupported keyword %q", m.name)
		}
	}
	if ref := n.get("$ref"); ref != nil {
		for _, m := range n.members {
			if m.name != "$ref" && !annotationKeywords[m.name] && !(m.name == "x-wsgen" && b.goNamed[n]) {
				b.errorf(ptr+"/"+escapePointer(m.name), "keyword %q next to $ref is not supported (only annotations may sit beside $ref)", m.name)
			}
		}
		name, ok := b.defName(str(ref))
		if !ok {
			b.errorf(ptr+"/$ref", "unresolvable $ref %q: wsgen resolves only \"#/$defs/NAME\"", str(ref))
			return &Type{Pointer: ptr, Kinds: Any, Repr: ReprRaw}
		}
		return b.resolve(name, ptr+"/$ref")
	}
	t := &Type{Pointer: ptr, Kinds: Any, Title: str(n.get("title")), Description: str(n.get("description"))}
	if tn := n.get("type"); tn != nil {
		t.Kinds = 0
		names := []*node{tn}
		if tn.kind == 'a' {
			names = tn.elems
		}
		for _, e := range names {
			t.Kinds |= kindNames[e.str]
		}
	}
	declared := t.Kinds // the "type" keyword's kinds (Any without one)
	if c := n.get("const"); c != nil {
		if valueKinds(c)&declared == 0 {
			b.errorf(ptr+"/const", "const value %s is not of the declared type %s: no value can ever be valid", shortValue(c), declared)
		}
		s := c.canonical()
		t.Const = &s
		t.Kinds &= valueKinds(c)
	}
	if e := n.get("enum"); e != nil && e.kind == 'a' {
		var ks Kinds
		seen := map[string]bool{}
		for i, v := range e.elems {
			ep := ptr + "/enum/" + strconv.Itoa(i)
			switch {
			case valueKinds(v)&declared == 0:
				b.errorf(ep, "enum value %s is not of the declared type %s: no value can have it", shortValue(v), declared)
			case valueKinds(v) == Int && declared&Frac == 0 && !int64Literal(v.num):
				b.errorf(ep, "integer enum value %s is beyond int64: the Go field (int64) can never hold it", shortValue(v))
			}
			ks |= valueKinds(v)
			s := v.canonical()
			if !seen[s] {
				seen[s] = true
				t.Enum = append(t.Enum, s)
			}
		}
		if len(e.elems) == 0 {
			t.Enum = []string{}
		}
		t.Kinds &= ks
		if t.Const != nil && len(e.elems) > 0 && !slices.Contains(t.Enum, *t.Const) {
			b.errorf(ptr+"/const", "const value %s is not one of the enum values: no value can ever be valid", shortValue(n.get("const")))
		}
	}
	b.strings(n, t, ptr)
	b.numbers(n, t, ptr)

	nonNull := t.Kinds &^ Null
	switch nonNull {
	case Bool:
		t.Repr = ReprBool
	case Int:
		t.Repr = ReprInt
	case Frac, Number:
		t.Repr = ReprFloat
	case String:
		t.Repr = ReprString
	case Array:
		t.Repr = ReprArray
	case Object:
		t.Repr = ReprStruct
	default:
		t.Repr = ReprRaw
	}
	if n.get("prefixItems") != nil {
		b.tuple(n, t, ptr, hint, message)
	} else if message && t.Repr == ReprArray {
		b.arrayMessage(n, t, ptr, hint)
	} else if t.Kinds.Has(Array) && hasAny(n, "items", "minItems", "maxItems", "uniqueItems") || t.Repr == ReprArray {
		b.array(n, t, ptr, hint)
	}
	if t.Kinds.Has(Object) && hasAny(n, "properties", "required", "additionalProperties") || t.Repr == ReprStruct {
		b.object(n, t, ptr, hint, message)
	}
	b.valueSettings(n, t, ptr)
	if t.Repr == ReprString && len(t.Enum) > 0 && t.Const == nil {
		b.stringEnum(t, ptr, hint)
	}
	if t.Repr == ReprInt && len(t.Enum) > 0 && t.Const == nil {
		b.intEnum(t, ptr, hint)
	}
	return t
}

// shortValue is v as JSON for an error text, cut to 40 bytes.
func shortValue(v *node) string {
	s := v.canonical()
	if v.kind == 'n' {
		s = string(v.num)
	}
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

// int64Literal reports whether the integral literal lit has a value int64 holds.
func int64Literal(lit json.Number) bool {
	r, ok := new(big.Rat).SetString(string(lit))
	return ok && r.IsInt() && r.Num().IsInt64()
}

func hasAny(n *node, keys ...string) bool {
	for _, k := range keys {
		if n.get(k) != nil {
			return true
		}
	}
	return false
}

// valueKinds is the kind of one JSON value, for narrowing by enum and const.
func valueKinds(v *node) Kinds {
	switch v.kind {
	case 'z':
		return Null
	case 'b':
		return Bool
	case 'n':
		if isIntegral(v.num) {
			return Int
		}
		return Frac
	case 's':
		return String
	case 'a':
		return Array
	}
	return Object
}

func nonNegInt(n *node) (*int64, bool) {
	if n == nil {
		return nil, true
	}
	r, ok := new(big.Rat).SetString(string(n.num))
	if n.kind != 'n' || !ok || !r.IsInt() || r.Sign() < 0 || !r.Num().IsInt64() {
		return nil, false
	}
	v := r.Num().Int64()
	return &v, true
}

func (b *builder) strings(n *node, t *Type, ptr string) {
	var ok bool
	if t.MinLength, ok = nonNegInt(n.get("minLength")); !ok {
		b.errorf(ptr+"/minLength", "minLength must be a non-negative integer")
	}
	if t.MaxLength, ok = nonNegInt(n.get("maxLength")); !ok {
		b.errorf(ptr+"/maxLength", "maxLength must be a non-negative integer")
	}
	if p := n.get("pattern"); p != nil && p.kind == 's' {
		re2, err := RE2Pattern(p.str)
		if err == nil {
			_, err = regexp.Compile(re2)
			if err != nil {
				err = fmt.Errorf("Go's regexp (RE2) cannot compile it: %v", err)
			}
		}
		if err != nil {
			b.errorf(ptr+"/pattern", "pattern %q is not supported: %v", p.str, err)
		} else if re2 != p.str {
			b.patterns[ptr+"/pattern"] = re2
		}
		t.Pattern, t.PatternRE2 = p.str, re2
	}
	t.Format = str(n.get("format"))
}

func (b *builder) numbers(n *node, t *Type, ptr string) {
	for _, e := range []struct {
		key string
		dst *string
	}{{"minimum", &t.Minimum}, {"maximum", &t.Maximum}, {"exclusiveMinimum", &t.ExclusiveMinimum}, {"exclusiveMaximum", &t.ExclusiveMaximum}, {"multipleOf", &t.MultipleOf}} {
		v := n.get(e.key)
		if v == nil {
			continue
		}
		if v.kind != 'n' {
			b.errorf(ptr+"/"+e.key, "%s must be a number", e.key)
			continue
		}
		*e.dst = string(v.num)
	}
	if t.MultipleOf != "" {
		if r, _ := new(big.Rat).SetString(t.MultipleOf); r == nil || r.Sign() <= 0 {
			b.errorf(ptr+"/multipleOf", "multipleOf must be greater than 0")
		}
	}
}

func (b *builder) array(n *node, t *Type, ptr, hint string) {
	var ok bool
	if t.MinItems, ok = nonNegInt(n.get("minItems")); !ok {
		b.errorf(ptr+"/minItems", "minItems must be a non-negative integer")
	}
	if t.MaxItems, ok = nonNegInt(n.get("maxItems")); !ok {
		b.errorf(ptr+"/maxItems", "maxItems must be a non-negative integer")
	}
	if u := n.get("uniqueItems"); u != nil && u.kind == 'b' {
		t.UniqueItems = u.boolean
	}
	name := hint
	if t.Repr == ReprRaw && t.Kinds.Has(Object) && hasAny(n, "properties", "required", "additionalProperties") {
		name = hint + "Array"
	}
	if it := n.get("items"); it != nil {
		t.Items = b.typeOf(it, ptr+"/items", hint+"Item", false)
	} else {
		t.Items = &Type{Pointer: ptr + "/items", Kinds: Any, Repr: ReprRaw}
	}
	if t.Repr == ReprArray {
		t.GoName = name
		t.FixedLen = fixedLen(t)
	} else {
		t.ArrayName = name
	}
	b.ident(name, ptr)
	b.p.Types = append(b.p.Types, t)
}

// MaxFixedLen is the largest fixed length of an array mapped to a Go array (see
// [Type.FixedLen]); a longer one stays a slice, which is cheaper to pass and copy.
const MaxFixedLen = 16

// fixedLen is the fixed length of the array type t (ReprArray, no prefixItems): N when
// minItems == maxItems == N and 1 ≤ N ≤ MaxFixedLen, else 0. Null, enum, const, unique
// and sensitive items all work with a Go array; only the length is asked.
func fixedLen(t *Type) int {
	if t.MinItems == nil || t.MaxItems == nil || *t.MinItems != *t.MaxItems || *t.MinItems < 1 || *t.MinItems > MaxFixedLen {
		return 0
	}
	return int(*t.MinItems)
}

func (b *builder) object(n *node, t *Type, ptr, hint string, message bool) {
	reserved := reservedStructMembers
	if message {
		reserved = reservedMessageMembers
	}
	fieldNames := map[string]string{}
	for _, r := range reserved {
		fieldNames[r] = "" // reserved
	}
	taken := func(other string) string {
		if other == "" {
			what := "object type"
			if message {
				what = "message"
			}
			return fmt.Sprintf("is reserved: every generated %s has a method or field of that name (choose another with x-wsgen goName)", what)
		}
		return "is already taken by " + other + " (choose another with x-wsgen goName)"
	}
	required := map[string]bool{}
	if rq := n.get("required"); rq != nil {
		for _, e := range rq.elems {
			if !required[e.str] {
				required[e.str] = true
				t.Required = append(t.Required, e.str)
			}
		}
	}
	props := n.get("properties")
	if props != nil {
		caseGo := caseNames(props.members)
		for _, m := range props.members {
			fp := ptr + "/properties/" + escapePointer(m.name)
			if p, ok := b.declPtr[m.value]; ok {
				fp = p // merged from an allOf part
			}
			f := &Field{Name: m.name, GoName: caseGo[m.name], Required: required[m.name], Pointer: fp}
			b.goNamed[m.value] = true
			if gn, ok := b.xGoName(m.value, fp, true); ok {
				f.GoName = gn
			} else if f.GoName == "" {
				b.errorf(fp, "property name %q cannot be turned into a Go name (choose one with x-wsgen goName)", m.name)
			}
			f.Type = b.typeOf(m.value, fp, hint+f.GoName, false)
			f.Title, f.Description = str(m.value.get("title")), str(m.value.get("description"))
			if f.Title == "" && f.Description == "" {
				f.Title, f.Description = f.Type.Title, f.Type.Description
			}
			if !f.Discriminator && f.GoName != "" {
				if other, ok := fieldNames[f.GoName]; ok {
					b.errorf(fp, "Go field name %q %s", f.GoName, taken(other))
				} else {
					fieldNames[f.GoName] = "#" + fp
				}
				if f.Type.Decimal && f.Type.Repr == ReprString {
					acc := f.GoName + "Decimal"
					if other, ok := fieldNames[acc]; ok {
						b.errorf(fp, "the accessor %s of this decimal string field %s", acc, taken(other))
					} else {
						fieldNames[acc] = "#" + fp + " (its decimal accessor)"
					}
				}
				if f.Type.Format == "date-time" && f.Type.Repr == ReprString {
					acc := f.GoName + "Time"
					if other, ok := fieldNames[acc]; ok {
						b.errorf(fp, "the accessor %s of this date-time field %s", acc, taken(other))
					} else {
						fieldNames[acc] = "#" + fp + " (its date-time accessor)"
					}
				}
			}
			t.Properties = append(t.Properties, f)
		}
	}
	for _, r := range t.Required {
		found := false
		for _, f := range t.Properties {
			found = found || f.Name == r
		}
		if !found {
			t.ExtraRequired = append(t.ExtraRequired, r)
			if ap := n.get("additionalProperties"); ap != nil && ap.kind == 'b' && !ap.boolean {
				idx := 0
				for i, e := range n.get("required").elems {
					if e.str == r {
						idx = i
						break
					}
				}
				b.errorf(ptr+"/required/"+strconv.Itoa(idx), "required member %q is not in properties and additionalProperties is false: no value can ever be valid", r)
			}
		}
	}
	t.AdditionalAllowed = true
	if ap := n.get("additionalProperties"); ap != nil {
		switch {
		case ap.kind == 'b':
			t.AdditionalAllowed = ap.boolean
		default:
			t.Additional = b.typeOf(ap, ptr+"/additionalProperties", hint+"Value", false)
			if t.Additional.Kinds == 0 {
				t.Additional, t.AdditionalAllowed = nil, false
			}
		}
	}
	if t.Repr == ReprStruct && len(t.Properties) == 0 && t.Additional != nil {
		t.Repr = ReprMap
	}
	if message {
		t.GoName = hint
		return // the message's name was claimed already
	}
	name := hint
	if t.Repr == ReprRaw && t.ArrayName != "" {
		name = hint + "Object"
	}
	if t.Repr == ReprRaw {
		t.ObjectName = name
	} else {
		t.GoName = name
	}
	b.ident(name, ptr)
	if t.ArrayName == "" {
		b.p.Types = append(b.p.Types, t)
	}
}
