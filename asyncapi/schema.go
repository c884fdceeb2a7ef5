package asyncapi

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// Keywords of a draft-07 / 2020-12 schema whose value is one subschema.
var subschemaKeywords = map[string]bool{
	"additionalProperties": true, "items": true, "not": true, "if": true, "then": true,
	"else": true, "contains": true, "propertyNames": true, "unevaluatedProperties": true,
	"unevaluatedItems": true, "additionalItems": true,
}

// Keywords whose value is an object of subschemas.
var schemaMapKeywords = map[string]bool{
	"properties": true, "patternProperties": true, "dependentSchemas": true,
}

// Keywords whose value is an array of subschemas.
var schemaListKeywords = map[string]bool{"oneOf": true, "anyOf": true, "allOf": true, "prefixItems": true}

// Keywords copied as they are: validation keywords and the annotations wsgen keeps.
var plainKeywords = map[string]bool{
	"type": true, "enum": true, "const": true, "required": true, "minimum": true,
	"maximum": true, "exclusiveMinimum": true, "exclusiveMaximum": true, "multipleOf": true,
	"minLength": true, "maxLength": true, "pattern": true, "format": true, "minItems": true,
	"maxItems": true, "uniqueItems": true, "minProperties": true, "maxProperties": true,
	"dependentRequired": true, "title": true, "description": true, "default": true,
	"examples": true, "x-wsgen": true, "contentEncoding": true, "contentMediaType": true,
}

// Keywords dropped without a word: annotations with no effect on validity that wsgen's
// protocol does not carry, and containers reached only through $ref.
var droppedKeywords = map[string]bool{
	"readOnly": true, "writeOnly": true, "deprecated": true, "externalDocs": true,
	"xml": true, "$id": true, "id": true, "$schema": true, "$comment": true,
	"definitions": true, "$defs": true, "discriminator": true, "$anchor": true,
}

// file returns the root node of a document file, reading it on first use.
func (c *conv) file(path string) (*node, error) {
	if n, ok := c.files[path]; ok {
		return n, nil
	}
	if len(c.files) >= maxFiles {
		return nil, fmt.Errorf("more than %d files referenced", maxFiles)
	}
	data, err := c.readFile(path)
	if err != nil {
		return nil, err
	}
	var y yaml.Node
	if err := yaml.Unmarshal(data, &y); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	n, err := fromYAML(path, &y)
	if err != nil {
		return nil, fmt.Errorf("%s:%v", path, err)
	}
	c.files[path] = n
	return n, nil
}

// maxFiles bounds the files one document may reference; maxWork the schemas
// translated for one document (each allOf part and $defs entry counts).
const (
	maxFiles = 64
	maxWork  = 1 << 16
)

func osReadFile(path string) ([]byte, error) { return os.ReadFile(path) }

// target resolves the $ref of n (an object holding "$ref"): a local pointer or a relative
// file beside the document, with an optional pointer.
func (c *conv) target(n *node) (*node, error) {
	r := n.get("$ref")
	if !r.isStr() {
		return nil, fmt.Errorf("$ref must be a string")
	}
	ref := r.str
	file, frag, _ := strings.Cut(ref, "#")
	root := c.files[n.file]
	if file != "" {
		if strings.Contains(file, "://") || filepath.IsAbs(file) || strings.HasPrefix(file, "//") {
			return nil, fmt.Errorf("$ref %q: only local references and relative files are supported", ref)
		}
		p, err := url.PathUnescape(file)
		if err != nil {
			return nil, fmt.Errorf("$ref %q: %v", ref, err)
		}
		path := filepath.Join(filepath.Dir(n.file), filepath.FromSlash(p))
		if root, err = c.file(path); err != nil {
			return nil, fmt.Errorf("$ref %q: %v", ref, err)
		}
	}
	frag, err := url.PathUnescape(frag)
	if err != nil {
		return nil, fmt.Errorf("$ref %q: %v", ref, err)
	}
	t := lookup(root, frag)
	if t == nil {
		return nil, fmt.Errorf("$ref %q points at nothing", ref)
	}
	return t, nil
}

// deref follows $refs from n until a value that is not a reference. A chain that
// comes back to itself is refused.
func (c *conv) deref(n *node) (*node, error) {
	seen := map[*node]bool{}
	for n != nil && n.kind == 'o' && n.has("$ref") {
		if seen[n] {
			return nil, fmt.Errorf("cyclic $ref: %s comes back to itself", n.get("$ref").str)
		}
		seen[n] = true
		if len(seen) > maxDepth {
			return nil, fmt.Errorf("$ref chain longer than %d", maxDepth)
		}
		t, err := c.target(n)
		if err != nil {
			return nil, err
		}
		n = t
	}
	return n, nil
}

// schema translates an AsyncAPI Schema Object (draft-07 superset) into a 2020-12 schema
// of the form wsgen reads. Problems that make the document unusable (a dangling or
// cyclic $ref) are errors; forms wsgen reads differently are translated and those it
// cannot keep are warned about where they are loosened.
func (c *conv) schema(n *node, depth int) *node {
	if c.work++; c.work > maxWork {
		if c.work == maxWork+1 {
			c.errorf(n, "the document's schemas expand to more than %d schemas (allOf and $ref included); refused", maxWork)
		}
		return boolNode(true).from(n)
	}
	if depth > maxDepth {
		c.errorf(n, "schema nested more than %d levels deep (a cyclic $ref?)", maxDepth)
		return boolNode(true).from(n)
	}
	switch n.kind {
	case 'b':
		return boolNode(n.str == "true").from(n)
	case 'o':
	default:
		c.errorf(n, "a schema must be an object or a boolean")
		return boolNode(true).from(n)
	}
	if n.has("$ref") {
		return c.ref(n, depth)
	}
	if n.has("allOf") {
		return c.allOf(n, depth)
	}
	out := objNode().from(n)
	var nullable bool
	for i, k := range n.keys {
		v := n.vals[i]
		switch {
		case k == "nullable":
			nullable = v.kind == 'b' && v.str == "true"
		case k == "example":
			ex := out.get("examples")
			if ex == nil {
				ex = arrNode().from(v)
				out.set("examples", ex)
			}
			ex.elems = append(ex.elems, v.clone())
		case k == "examples" && out.has("examples"):
			if v.kind == 'a' {
				out.get("examples").elems = append(out.get("examples").elems, v.clone().elems...)
			}
		case k == "items" && v.kind == 'a':
			// draft-07 tuple form: items [...] → prefixItems, additionalItems → items.
			pi := arrNode().from(v)
			for _, e := range v.elems {
				pi.elems = append(pi.elems, c.schema(e, depth+1))
			}
			out.set("prefixItems", pi)
			if ai := n.get("additionalItems"); ai != nil {
				out.set("items", c.schema(ai, depth+1))
			}
		case k == "additionalItems":
			// handled with a tuple items; beside a single items schema it means nothing.
		case k == "dependencies" && v.kind == 'o':
			dr, ds := objNode().from(v), objNode().from(v)
			for j, dk := range v.keys {
				if dv := v.vals[j]; dv.kind == 'a' {
					dr.set(dk, dv.clone())
				} else {
					ds.set(dk, c.schema(dv, depth+1))
				}
			}
			if len(dr.keys) > 0 {
				out.set("dependentRequired", dr)
			}
			if len(ds.keys) > 0 {
				out.set("dependentSchemas", ds)
			}
		case (k == "exclusiveMinimum" || k == "exclusiveMaximum") && v.kind == 'b':
			// draft-04 booleans: the bound moves from minimum/maximum.
			bound := strings.ToLower(strings.TrimPrefix(k, "exclusive"))
			if v.str == "true" && n.has(bound) {
				out.set(k, n.get(bound).clone())
				defer out.del(bound)
			}
		case subschemaKeywords[k]:
			out.set(k, c.schema(v, depth+1))
		case schemaMapKeywords[k] && v.kind == 'o':
			m := objNode().from(v)
			for j, pk := range v.keys {
				m.set(pk, c.schema(v.vals[j], depth+1))
			}
			out.set(k, m)
		case schemaListKeywords[k] && v.kind == 'a':
			l := arrNode().from(v)
			for _, e := range v.elems {
				l.elems = append(l.elems, c.schema(e, depth+1))
			}
			out.set(k, l)
		case plainKeywords[k]:
			out.set(k, v.clone())
		case droppedKeywords[k], strings.HasPrefix(k, "x-"):
		default:
			c.warnf(v, "keyword %q is not JSON Schema; ignored, as draft-07 ignores unknown keywords", k)
		}
	}
	c.inferType(out)
	if nullable {
		makeNullable(out)
	}
	return out
}

// Keywords that apply to one kind of value only, by the kind they imply.
var kindKeywords = map[string]string{
	"properties": "object", "patternProperties": "object", "additionalProperties": "object",
	"required": "object", "minProperties": "object", "maxProperties": "object",
	"dependentRequired": "object", "dependentSchemas": "object", "propertyNames": "object",
	"unevaluatedProperties": "object", "items": "array", "prefixItems": "array",
	"minItems": "array", "maxItems": "array", "uniqueItems": "array", "contains": "array",
	"unevaluatedItems": "array", "minLength": "string", "maxLength": "string",
	"pattern": "string", "minimum": "number", "maximum": "number",
	"exclusiveMinimum": "number", "exclusiveMaximum": "number", "multipleOf": "number",
}

// inferType gives a schema that has no "type" but describes members ("properties") or
// items ("items", "prefixItems") the type those imply, object or array, when no keyword
// of another kind and no combinator says otherwise. Read literally such a schema also
// accepts every string, number, boolean and null; AsyncAPI documents write it for an
// object far more often than they mean that, and as a message wsgen could not route it
// at all. The first schema read so and their count become one warning (inferredTypes).
func (c *conv) inferType(s *node) {
	if s.has("type") || s.has("enum") || s.has("const") || s.has("oneOf") || s.has("anyOf") || s.has("not") || s.has("if") {
		return
	}
	kind := ""
	switch {
	case s.get("properties") != nil && len(s.get("properties").keys) > 0:
		kind = "object"
	case s.has("items") || s.has("prefixItems"):
		kind = "array"
	default:
		return
	}
	for _, k := range s.keys {
		if o := kindKeywords[k]; o != "" && o != kind {
			return
		}
	}
	s.set("type", strNode(kind))
	if c.untyped++; c.untyped == 1 {
		c.untypedAt = s
	}
}

// inferredTypes reports the schemas inferType gave a type, once per document.
func (c *conv) inferredTypes() {
	if c.untyped == 0 {
		return
	}
	c.warnf(c.untypedAt, "%d schema(s) with properties or items but no \"type\", this one first, are read as \"type\": \"object\" or \"array\" (literally they also accept strings, numbers, booleans and null; add \"type\" to say so)", c.untyped)
}

// makeNullable adds null to a schema's type and enum (OpenAPI's "nullable": true).
func makeNullable(s *node) {
	if t := s.get("type"); t != nil {
		switch t.kind {
		case 's':
			if t.str != "null" {
				s.set("type", arrNode(strNode(t.str), strNode("null")).from(t))
			}
		case 'a':
			for _, e := range t.elems {
				if e.str == "null" {
					return
				}
			}
			t.elems = append(t.elems, strNode("null"))
		}
	}
	if e := s.get("enum"); e != nil && e.kind == 'a' {
		for _, v := range e.elems {
			if v.kind == 'z' {
				return
			}
		}
		e.elems = append(e.elems, &node{kind: 'z'})
	}
}

// ref translates a $ref: the target becomes a $defs entry of the protocol (named after
// components/schemas, or after the last pointer token), referred to by name. Beside
// $ref, draft-07 ignores every keyword: annotations are kept, the rest dropped with a
// warning.
func (c *conv) ref(n *node, depth int) *node {
	t, err := c.target(n)
	if err != nil {
		c.errorf(n.get("$ref"), "%v", err)
		return boolNode(true).from(n)
	}
	if _, err := c.deref(t); err != nil {
		c.errorf(n.get("$ref"), "%v", err)
		return boolNode(true).from(n)
	}
	name := c.defName(t, depth)
	out := objNode().from(n)
	out.set("$ref", strNode("#/$defs/"+escapeToken(name)).from(n.get("$ref")))
	for i, k := range n.keys {
		switch {
		case k == "$ref", strings.HasPrefix(k, "x-") && k != "x-wsgen", droppedKeywords[k]:
		case k == "title", k == "description", k == "$comment", k == "x-wsgen":
			out.set(k, n.vals[i].clone())
		default:
			c.warnf(n.vals[i], "%q beside $ref is ignored (draft-07 ignores every keyword beside $ref)", k)
		}
	}
	return out
}

// defName returns the $defs name of the schema t, translating it on first use.
func (c *conv) defName(t *node, depth int) string {
	key := t.file + t.ptr
	if name, ok := c.defNames[key]; ok {
		return name
	}
	base := t.ptr[strings.LastIndex(t.ptr, "/")+1:]
	base = unescapeToken(base)
	if base == "" || base == "#" {
		base = strings.TrimSuffix(filepath.Base(t.file), filepath.Ext(t.file))
	}
	name := base
	for i := 2; c.defTaken[name]; i++ {
		name = fmt.Sprintf("%s%d", base, i)
	}
	c.defTaken[name] = true
	c.defNames[key] = name
	slot := len(c.defs.keys)
	c.defs.set(name, boolNode(true))
	c.defs.vals[slot] = c.schema(t, depth+1)
	return name
}

// allOf merges the parts of an allOf (and the keywords beside it) into one schema, as
// wsgen has no allOf: properties are joined, required lists united, other keywords must
// agree. A part that cannot be merged is refused with a warning, loosening the schema.
func (c *conv) allOf(n *node, depth int) *node {
	var parts []*node
	rest := objNode().from(n)
	for i, k := range n.keys {
		if k != "allOf" {
			rest.set(k, n.vals[i])
		}
	}
	if len(rest.keys) > 0 {
		parts = append(parts, c.schema(rest, depth+1))
	}
	list := n.get("allOf")
	if list.kind != 'a' {
		c.errorf(list, "allOf must be an array")
		return boolNode(true).from(n)
	}
	for _, e := range list.elems {
		t, err := c.deref(e)
		if err != nil {
			c.errorf(e, "%v", err)
			continue
		}
		parts = append(parts, c.inline(e, t, depth))
	}
	out := objNode().from(n)
	for _, p := range parts {
		c.merge(out, p)
	}
	return out
}

// inline translates the schema t that the allOf part e names, to be merged: once per
// schema (a copy each time), and refused when it contains itself.
func (c *conv) inline(e, t *node, depth int) *node {
	if c.inlining[t] {
		c.errorf(e, "cyclic allOf: the schema contains itself")
		return boolNode(true).from(e)
	}
	p, ok := c.inlined[t]
	if !ok {
		c.inlining[t] = true
		p = c.schema(t, depth+1)
		delete(c.inlining, t)
		c.inlined[t] = p
	}
	p = p.clone()
	p.file, p.ptr = e.file, e.ptr
	return p
}

// merge adds the schema p to the allOf merge dst.
func (c *conv) merge(dst, p *node) {
	if p.kind == 'b' {
		if p.str == "false" {
			c.warnf(p, "an allOf part is false, which no value satisfies; ignored")
		}
		return
	}
	for i, k := range p.keys {
		v := p.vals[i]
		old := dst.get(k)
		switch {
		case old == nil:
			dst.set(k, v)
		case k == "properties":
			for j, pk := range v.keys {
				ov := old.get(pk)
				switch {
				case ov == nil || isTrue(ov):
					old.set(pk, v.vals[j])
				case isTrue(v.vals[j]) || equal(ov, v.vals[j]):
				default:
					// Both parts constrain the member: merge what they say, a $ref
					// replaced by the schema it names (wsgen allows nothing beside $ref).
					m := objNode().from(ov)
					c.merge(m, c.mergeable(ov))
					c.merge(m, c.mergeable(v.vals[j]))
					old.set(pk, m)
				}
			}
		case k == "required":
			for _, r := range v.elems {
				dup := false
				for _, o := range old.elems {
					dup = dup || equal(o, r)
				}
				if !dup {
					old.elems = append(old.elems, r)
				}
			}
		case k == "title", k == "description", k == "examples", k == "default", k == "x-wsgen":
			// the first part's annotation wins
		case equal(old, v):
		default:
			c.warnf(v, "allOf parts disagree on %q (%s and %s); wsgen keeps the first", k, old.appendJSON(nil), v.appendJSON(nil))
		}
	}
}

// mergeable returns the translated schema n, or, when n is a $ref to a translated
// $defs entry, a copy of that entry (followed through further $refs): what an allOf
// merges when two parts constrain one member, one of them by $ref (a base schema's
// enum, a derived schema's const). A $ref to an entry still being translated (a cycle)
// is returned as it is.
func (c *conv) mergeable(n *node) *node {
	for range maxDepth {
		if n.kind != 'o' || !n.has("$ref") {
			return n
		}
		name, ok := strings.CutPrefix(n.get("$ref").str, "#/$defs/")
		if !ok {
			return n
		}
		t := c.defs.get(unescapeToken(name))
		if t == nil || isTrue(t) {
			return n
		}
		n = t.clone()
	}
	return n
}

func isTrue(n *node) bool {
	return (n.kind == 'b' && n.str == "true") || (n.kind == 'o' && len(n.keys) == 0)
}
