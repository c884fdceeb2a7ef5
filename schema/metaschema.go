package schema

import (
	"math/big"
	"strconv"
)

// metaCheck checks the description against the JSON Schema 2020-12 meta-schema, as far as
// the meta-schema constrains keyword values: every schema is an object or a boolean, and
// each keyword of the 2020-12 vocabularies holds a value of the shape the meta-schema
// requires ("type" a simple type name or a non-empty array of distinct ones, "required" an
// array of distinct strings, "minLength" a non-negative integer, "properties" an object
// of schemas, …). Keywords outside the vocabularies (x-wsgen, and those the builder
// refuses) are not descended into. It runs before the builder, which then reads only
// well-formed keyword values.
//
// It is wsgen's own walk rather than the reference validator's meta-validation because
// that one takes time exponential in the nesting of subschemas (40 levels: 95 ms, each
// further level roughly doubles it) and the validator's compilation is quadratic in the
// number of subschemas; this walk visits each value once.
func (b *builder) metaCheck(n *node, ptr string) {
	switch n.kind {
	case 'b':
		return
	case 'o':
	default:
		b.metaErr(ptr, "a schema must be an object or a boolean")
		*n = node{kind: 'b', boolean: true}
		return
	}
	kept := make([]member, 0, len(n.members))
	for _, m := range n.members {
		kp := ptr + "/" + escapePointer(m.name)
		v := m.value
		drop := false
		bad := func(format string, args ...any) {
			b.metaErr(kp, format, args...)
			drop = true
		}
		switch m.name {
		case "additionalProperties", "items", "contains", "not", "if", "then", "else",
			"propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema":
			b.metaCheck(v, kp)
		case "allOf", "anyOf", "oneOf", "prefixItems":
			if v.kind != 'a' || len(v.elems) == 0 {
				bad("%s must be a non-empty array of schemas", m.name)
				break
			}
			for i, e := range v.elems {
				b.metaCheck(e, kp+"/"+strconv.Itoa(i))
			}
		case "properties", "patternProperties", "$defs", "definitions", "dependentSchemas":
			if v.kind != 'o' {
				bad("%s must be an object of schemas", m.name)
				break
			}
			for _, e := range v.members {
				b.metaCheck(e.value, kp+"/"+escapePointer(e.name))
			}
		case "type":
			drop = !b.metaType(v, kp)
		case "enum", "examples":
			if v.kind != 'a' {
				bad("%s must be an array", m.name)
			}
		case "multipleOf":
			if v.kind != 'n' {
				bad("multipleOf must be a number")
			} else if r, ok := new(big.Rat).SetString(string(v.num)); !ok || r.Sign() <= 0 {
				bad("multipleOf must be greater than 0")
			}
		case "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum":
			if v.kind != 'n' {
				bad("%s must be a number", m.name)
			}
		case "maxLength", "minLength", "maxItems", "minItems", "maxContains", "minContains",
			"maxProperties", "minProperties":
			if _, ok := nonNegInt(v); !ok {
				bad("%s must be a non-negative integer", m.name)
			}
		case "uniqueItems", "deprecated", "readOnly", "writeOnly":
			if v.kind != 'b' {
				bad("%s must be a boolean", m.name)
			}
		case "required":
			drop = !b.metaStrings(v, kp)
		case "dependentRequired":
			if v.kind != 'o' {
				bad("dependentRequired must be an object of string arrays")
				break
			}
			for _, e := range v.members {
				if !b.metaStrings(e.value, kp+"/"+escapePointer(e.name)) {
					drop = true
				}
			}
		case "pattern", "format", "$ref", "$schema", "$id", "$anchor", "$dynamicRef",
			"$dynamicAnchor", "$comment", "title", "description", "contentEncoding",
			"contentMediaType":
			if v.kind != 's' {
				bad("%s must be a string", m.name)
			}
		case "$vocabulary":
			if v.kind != 'o' {
				bad("$vocabulary must be an object of booleans")
			}
		}
		if !drop {
			kept = append(kept, m)
		}
	}
	n.members = kept
}

// metaType checks a "type" value: a simple type name or a non-empty array of distinct
// names.
func (b *builder) metaType(v *node, ptr string) bool {
	before := len(b.errs)
	switch v.kind {
	case 's':
		if _, ok := kindNames[v.str]; !ok {
			b.metaErr(ptr, "unknown type %q (want array, boolean, integer, null, number, object or string)", v.str)
		}
	case 'a':
		if len(v.elems) == 0 {
			b.metaErr(ptr, "type must be a type name or a non-empty array of them")
		}
		seen := map[string]bool{}
		for i, e := range v.elems {
			ep := ptr + "/" + strconv.Itoa(i)
			if e.kind != 's' {
				b.metaErr(ep, "type names must be strings")
			} else if _, ok := kindNames[e.str]; !ok {
				b.metaErr(ep, "unknown type %q (want array, boolean, integer, null, number, object or string)", e.str)
			} else if seen[e.str] {
				b.metaErr(ep, "type %q is listed twice", e.str)
			}
			seen[e.str] = true
		}
	default:
		b.metaErr(ptr, "type must be a type name or a non-empty array of them")
	}
	return len(b.errs) == before
}

// metaStrings checks an array of distinct strings ("required", "dependentRequired").
func (b *builder) metaStrings(v *node, ptr string) bool {
	if v.kind != 'a' {
		b.metaErr(ptr, "must be an array of distinct strings")
		return false
	}
	before := len(b.errs)
	seen := map[string]bool{}
	for i, e := range v.elems {
		if e.kind != 's' {
			b.metaErr(ptr+"/"+strconv.Itoa(i), "must be a string")
		} else if seen[e.str] {
			b.metaErr(ptr+"/"+strconv.Itoa(i), "%q is listed twice", e.str)
		}
		seen[e.str] = true
	}
	return len(b.errs) == before
}

// metaErr reports a meta-schema violation at ptr.
func (b *builder) metaErr(ptr, format string, args ...any) {
	b.errorf(ptr, "not a valid 2020-12 schema: "+format, args...)
}
