package asyncapi

import (
	"errors"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/wsgen/wsgen/schema"
)

// load loads the converted document with package schema. What schema refuses inside a
// message or a shared type is loosened (the schema that holds the refused keyword
// becomes "any value") or, at a message's root, the message is left out — each with a
// warning carrying schema's reason — and the document is loaded again, until schema
// accepts it. Go name collisions get an x-wsgen goName instead.
func (c *conv) load(doc *node) (*schema.Protocol, *node, error) {
	if len(c.errs) > 0 {
		return nil, nil, c.errs
	}
	tries := map[string]int{}
	for round := 0; ; round++ {
		if len(doc.get("oneOf").elems) == 0 {
			return nil, nil, schema.Errors{{File: c.path, Pointer: "#", Reason: "no message of the document can be expressed as a wsgen message (the warnings say why for each)"}}
		}
		p, err := schema.Parse(c.path, doc.appendJSON(nil))
		if err == nil {
			return p, doc, nil
		}
		var es schema.Errors
		if !errors.As(err, &es) {
			return nil, nil, schema.Errors{{File: c.path, Pointer: "#", Reason: err.Error()}}
		}
		fixed := false
		if round < 4*len(c.units)+64 {
			for _, e := range es {
				if c.repair(doc, e, tries) {
					fixed = true
				}
			}
		}
		if !fixed {
			var out schema.Errors
			for _, e := range es {
				src := sourceOf(doc, e.Pointer)
				file, ptr := src.file, src.ptr
				if file == "" { // a node the converter made (x-wsgen): blame the document
					file, ptr = c.path, "#"
				}
				out = append(out, &schema.Error{File: file, Pointer: ptr, Reason: e.Reason + " (in the converted protocol at " + e.Pointer + ")"})
			}
			return nil, nil, out
		}
	}
}

// trail lists the nodes along a pointer of doc, doc first; it stops where the pointer
// leaves the document.
func trail(doc *node, ptr string) ([]*node, []string) {
	p := strings.TrimPrefix(ptr, "#")
	nodes := []*node{doc}
	var toks []string
	if p == "" {
		return nodes, nil
	}
	n := doc
	for _, tok := range strings.Split(strings.TrimPrefix(p, "/"), "/") {
		tok = unescapeToken(tok)
		var next *node
		switch n.kind {
		case 'o':
			next = n.get(tok)
		case 'a':
			if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(n.elems) {
				next = n.elems[i]
			}
		}
		if next == nil {
			break
		}
		n = next
		nodes = append(nodes, n)
		toks = append(toks, tok)
	}
	return nodes, toks
}

// sourceOf is the source place of the deepest node along ptr that has one.
func sourceOf(doc *node, ptr string) *node {
	nodes, _ := trail(doc, ptr)
	for i := len(nodes) - 1; i >= 0; i-- {
		if nodes[i].file != "" {
			return nodes[i]
		}
	}
	return &node{}
}

// schemaPositions marks the tokens after which a subschema starts: for each keyword,
// how many further tokens (a property name, an index) precede the subschema.
var schemaPositions = map[string]int{
	"properties": 1, "patternProperties": 1, "dependentSchemas": 1, "prefixItems": 1,
	"oneOf": 1, "anyOf": 1, "allOf": 1, "$defs": 1,
	"items": 0, "additionalProperties": 0, "not": 0, "if": 0, "then": 0, "else": 0,
	"contains": 0, "propertyNames": 0, "unevaluatedProperties": 0, "unevaluatedItems": 0,
}

// repair changes doc so that schema's refusal e goes away; it reports whether it did.
func (c *conv) repair(doc *node, e *schema.Error, tries map[string]int) bool {
	nodes, toks := trail(doc, e.Pointer)
	if len(toks) < 2 || toks[0] != "$defs" {
		return false
	}
	if m := overlapRE.FindStringSubmatch(e.Reason); m != nil {
		return c.precede(doc, unescapeToken(m[1]), unescapeToken(m[2]), m[3], tries)
	}
	defs := doc.get("$defs")
	name := toks[1]
	u := c.unitNamed(name)
	// Schema positions along the pointer: indexes into nodes.
	positions, kws := []int{2}, []string{""}
	for i := 2; i < len(toks); {
		k := toks[i]
		skip, ok := schemaPositions[k]
		if !ok || nodes[i].kind != 'o' && !(k == "$defs") {
			i++
			continue
		}
		j := i + 1 + skip
		if j > len(toks) {
			break
		}
		positions, kws = append(positions, j), append(kws, k)
		i = j
	}
	// A refused branch of a oneOf or anyOf is a refusal of the union: loosen the schema
	// holding it. So is a refused subschema of not, if or contains, which would be made
	// stricter by loosening it (not {} accepts nothing).
	for len(positions) > 1 && stricterLoose[kws[len(kws)-1]] {
		positions, kws = positions[:len(positions)-1], kws[:len(kws)-1]
	}
	last := positions[len(positions)-1]
	if last >= len(nodes) {
		return false
	}
	target := nodes[last]
	// A Go name collision: give the schema another name.
	if goNameRE.MatchString(e.Reason) && last == len(toks) && (last == 2 || toks[last-2] == "properties") {
		key := e.Pointer
		tries[key]++
		if tries[key] > 8 || target.kind != 'o' {
			return false
		}
		base := schema.GoName(toks[last-1])
		suffix := "Msg"
		if u == nil {
			suffix = "Type"
		}
		if last > 2 {
			suffix = "Field"
		}
		if tries[key] > 1 {
			suffix += strconv.Itoa(tries[key])
		}
		xw := target.get("x-wsgen")
		if xw == nil {
			xw = objNode()
			target.set("x-wsgen", xw)
		}
		xw.set("goName", strNode(base+suffix))
		c.warnf(sourceOf(doc, e.Pointer), "%s; wsgen names it %s (x-wsgen goName chooses another)", e.Reason, base+suffix)
		return true
	}
	// A refused role or reply in a message's x-wsgen: drop that setting.
	if u != nil && last == 2 && len(toks) >= 4 && toks[2] == "x-wsgen" {
		xw := target.get("x-wsgen")
		if xw == nil || !xw.has(toks[3]) {
			return false
		}
		xw.del(toks[3])
		c.warnf(u.src, "message %q: x-wsgen %q dropped: %s", u.name, toks[3], e.Reason)
		return true
	}
	if last == 2 {
		if u != nil {
			c.refuse(doc, u, e.Reason)
			return true
		}
		if isTrue(target) {
			return false
		}
		defs.set(name, looseSchema(target))
		c.warnf(sourceOf(doc, e.Pointer), "loosened to any value: %s", e.Reason)
		return true
	}
	if isTrue(target) {
		return false
	}
	parent := nodes[last-1]
	loose := looseSchema(target)
	switch parent.kind {
	case 'o':
		parent.set(toks[last-1], loose)
	case 'a':
		i, _ := strconv.Atoi(toks[last-1])
		parent.elems[i] = loose
	}
	c.warnf(sourceOf(doc, e.Pointer), "loosened to any value: %s", e.Reason)
	return true
}

// stricterLoose marks the keywords whose subschema cannot be loosened on its own: the
// schema holding them is.
var stricterLoose = map[string]bool{"oneOf": true, "anyOf": true, "not": true, "if": true, "contains": true}

// goNameRE matches schema's refusals of Go name collisions.
var goNameRE = regexp.MustCompile(`Go (field |type )?name`)

// overlapRE matches schema's refusal of two routes one frame satisfies.
var overlapRE = regexp.MustCompile(`the routes of #/\$defs/(\S+) and #/\$defs/(\S+) overlap: both match (.*) \(make them`)

// precede resolves an overlap between the messages a and b with a precedence: the
// root x-wsgen "precedence" lists every message in an overlap, the most specific first
// (a discriminator value before a shape; more required members first; then document
// order). A warning says which wins.
func (c *conv) precede(doc *node, a, b, frame string, tries map[string]int) bool {
	key := "overlap " + a + " " + b
	if tries[key]++; tries[key] > 1 {
		return false
	}
	ua, ub := c.unitNamed(a), c.unitNamed(b)
	if ua == nil || ub == nil {
		return false
	}
	for _, u := range []*unit{ua, ub} {
		if !containsUnit(c.prec, u) {
			c.prec = append(c.prec, u)
		}
	}
	rank := func(u *unit) int {
		if u.key != "" {
			return 1 << 20
		}
		return len(u.schema.get("required").elemsOrNil())
	}
	order := map[*unit]int{}
	for i, u := range c.units {
		order[u] = i
	}
	sort.SliceStable(c.prec, func(i, j int) bool {
		ri, rj := rank(c.prec[i]), rank(c.prec[j])
		if ri != rj {
			return ri > rj
		}
		return order[c.prec[i]] < order[c.prec[j]]
	})
	l := arrNode()
	for _, u := range c.prec {
		l.elems = append(l.elems, strNode(u.name))
	}
	doc.get("x-wsgen").set("precedence", l)
	win, lose := ua, ub
	for _, u := range c.prec {
		if u == ub {
			win, lose = ub, ua
			break
		}
		if u == ua {
			break
		}
	}
	c.warnf(win.src, "the routes of %q and %q overlap (both match %s): wsgen gives %q precedence, so such frames decode as %q only (x-wsgen precedence at the root chooses otherwise)", win.name, lose.name, frame, win.name, win.name)
	return true
}

// looseSchema is the schema accepting any value that replaces a refused one: its
// annotations stay.
func looseSchema(s *node) *node {
	out := objNode().from(s)
	for _, k := range []string{"title", "description"} {
		if v := s.get(k); v != nil {
			out.set(k, v)
		}
	}
	if xw := s.get("x-wsgen"); xw != nil && xw.get("goName") != nil {
		out.set("x-wsgen", objNode().with("goName", xw.get("goName")))
	}
	return out
}

func (c *conv) unitNamed(name string) *unit {
	for _, u := range c.units {
		if u.refused == "" && u.name == name {
			return u
		}
	}
	return nil
}

// refuse leaves the unit's message out of the protocol.
func (c *conv) refuse(doc *node, u *unit, reason string) {
	u.refused = reason
	c.warnf(u.src, "message %q left out: %s", u.name, reason)
	doc.get("$defs").del(u.name)
	one := doc.get("oneOf")
	ref := "#/$defs/" + escapeToken(u.name)
	var keep []*node
	for _, e := range one.elems {
		if e.get("$ref").str != ref {
			keep = append(keep, e)
		}
	}
	one.elems = keep
	for _, o := range c.units {
		if o.refused != "" || o.xw == nil {
			continue
		}
		if r := o.xw.get("reply"); r != nil && r.kind == 'a' {
			var keep []*node
			for _, e := range r.elems {
				if e.str != u.name {
					keep = append(keep, e)
				}
			}
			r.elems = keep
			if len(keep) == 0 {
				o.xw.del("reply")
			}
		}
	}
}
