package asyncapi

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Routing: how each wsgen message is recognised (docs/routing.md). The translator
// chooses the discriminators, makes each message's value on them a required const where
// the document leaves it loose, and lets package schema derive the routes and prove them
// disjoint; overlaps it reports get a precedence (see load.go). A new routing form
// only changes what discriminators and route accept here.

// discriminators chooses the members that name messages: the document's root x-wsgen
// "discriminator" (a name or a list), else the payloads' "discriminator" keywords, then
// every top-level member that holds one value (a string or integer const, or a
// one-value enum) in some messages and tells them apart (two values at least, or only
// one message holds it), the members naming the most messages first, as long as it
// names a message the members before it do not.
func (c *conv) discriminators() []string {
	if d := c.root.get("x-wsgen").get("discriminator"); d != nil {
		switch d.kind {
		case 's':
			return []string{d.str}
		case 'a':
			var out []string
			for _, e := range d.elems {
				if e.isStr() {
					out = append(out, e.str)
				}
			}
			return out
		}
	}
	count := map[string]int{}
	values := map[string]map[string]bool{}
	declared := map[string]bool{}
	for _, u := range c.units {
		if d := u.src.get("discriminator"); d.isStr() {
			declared[d.str] = true
		}
		props := u.schema.get("properties")
		if props == nil || props.kind != 'o' {
			continue
		}
		for i, k := range props.keys {
			if v, ok := singleValue(props.vals[i]); ok {
				count[k]++
				if values[k] == nil {
					values[k] = map[string]bool{}
				}
				values[k][string(v.appendJSON(nil))] = true
			}
		}
	}
	var cands []string
	for k := range count {
		if k == "" {
			continue // no discriminator can name the empty member
		}
		if declared[k] || len(values[k]) >= 2 || count[k] == 1 {
			cands = append(cands, k)
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if declared[a] != declared[b] {
			return declared[a]
		}
		if count[a] != count[b] {
			return count[a] > count[b]
		}
		return a < b
	})
	// A candidate is a discriminator when it names a message the ones before it do
	// not: a second member that only tells apart messages already named (Slack's
	// subtype under type) would only be required for nothing.
	var out []string
	for _, k := range cands {
		useful := declared[k]
		for _, u := range c.units {
			if _, ok := singleValue(u.schema.get("properties").get(k)); !ok {
				continue
			}
			named := false
			for _, d := range out {
				if _, ok := singleValue(u.schema.get("properties").get(d)); ok {
					named = true
				}
			}
			useful = useful || !named
		}
		if useful {
			out = append(out, k)
		}
	}
	if len(out) == 0 {
		c.warnf(c.root, "no member names the messages with one value; wsgen recognises every message by its shape (the members it requires)")
		return nil
	}
	var parts []string
	for _, k := range out {
		parts = append(parts, fmt.Sprintf("%q (%d messages)", k, count[k]))
	}
	c.warnf(c.root, "inferred the discriminators %s of %d messages (set x-wsgen discriminator at the root to choose others)", strings.Join(parts, ", "), len(c.units))
	return out
}

// anchoredLiteral returns the one string a string schema allows through a pattern
// that is a literal between ^ and $ ("^Login$", lemmy's op); nil otherwise. Such a
// pattern is exactly a const for strings: ECMA-262 and RE2 both read $ without the m
// flag as the end of the input.
func anchoredLiteral(s *node) *node {
	p := s.get("pattern")
	if !p.isStr() || len(p.str) < 3 || p.str[0] != '^' || p.str[len(p.str)-1] != '$' {
		return nil
	}
	if t := s.get("type"); t != nil && !(t.isStr() && t.str == "string") {
		return nil
	}
	lit := p.str[1 : len(p.str)-1]
	for i := 0; i < len(lit); i++ {
		c := lit[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == ':' || c == '/' || c == ' ') {
			return nil
		}
	}
	return strNode(lit)
}

// singleValue returns the one string or integer a schema allows through const, a
// one-value enum, or an anchored literal pattern.
func singleValue(s *node) (*node, bool) {
	if s == nil || s.kind != 'o' {
		return nil, false
	}
	v := s.get("const")
	if v == nil {
		if e := s.get("enum"); e != nil && e.kind == 'a' && len(e.elems) == 1 {
			v = e.elems[0]
		}
	}
	if v == nil {
		v = anchoredLiteral(s)
	}
	if v == nil {
		return nil, false
	}
	if v.kind == 's' || (v.kind == 'n' && !strings.ContainsAny(v.str, ".eE")) {
		return v, true
	}
	return nil, false
}

// route gives the unit its route on the discriminators: at each one it holds a single
// value, a one-value enum is read as a const and a member the document does not require
// is required, each with a warning (a frame without it names no message). A unit that
// holds none is recognised by its shape. The unit's key is its first discriminator and
// value; its wire the value when a string.
func (c *conv) route(u *unit, discs []string) {
	props := u.schema.get("properties")
	if props == nil || props.kind != 'o' {
		c.warnf(u.src, "message %q declares no members: wsgen recognises it by its shape", u.name)
		return
	}
	for _, disc := range discs {
		d := props.get(disc)
		v, ok := singleValue(d)
		if !ok {
			continue
		}
		if u.key == "" {
			u.key = disc + "=" + string(v.appendJSON(nil))
			if v.kind == 's' {
				u.wire = v.str
			}
		}
		if !d.has("const") {
			what := "one-value enum"
			if e := d.get("enum"); e == nil || e.kind != 'a' || len(e.elems) != 1 {
				what = "anchored pattern " + strconv.Quote(d.get("pattern").str)
			}
			d.del("enum")
			d.set("const", v)
			c.warnf(d, "message %q: the %s of %q is read as its const %s (inferred discriminator)", u.name, what, disc, v.appendJSON(nil))
		}
		if !u.schema.has("type") {
			u.schema.set("type", strNode("object"))
		}
		req := u.schema.get("required")
		if req == nil {
			req = arrNode()
			u.schema.set("required", req)
		}
		required := false
		for _, r := range req.elems {
			required = required || r.str == disc
		}
		if !required {
			req.elems = append(req.elems, strNode(disc))
			c.warnf(d, "message %q: %q is not required in the document; wsgen requires it (a frame without it names no message)", u.name, disc)
		}
	}
	if u.key == "" && len(discs) > 0 {
		var req []string
		for _, r := range u.schema.get("required").elemsOrNil() {
			req = append(req, r.str)
		}
		c.warnf(u.src, "message %q has no value on %s: wsgen recognises it by its shape (required members: %s)", u.name, strings.Join(discs, ", "), orNone(req))
	}
}

func orNone(l []string) string {
	if len(l) == 0 {
		return "none"
	}
	return strings.Join(l, ", ")
}
