package schema

import (
	"path/filepath"
	"strconv"
	"strings"
)

var rootSettingKeys = map[string]bool{"package": true, "discriminator": true, "closeCodes": true, "decimal": true, "precedence": true, "heartbeat": true, "gap": true}

func (b *builder) rootSettings() {
	x := b.root.get("x-wsgen")
	pkg := filepath.Base(filepath.Dir(b.path))
	if pkg == "." || pkg == "/" || pkg == "" {
		pkg = strings.TrimSuffix(filepath.Base(b.path), filepath.Ext(b.path))
	}
	b.p.Package = strings.ToLower(pkg)
	if x == nil {
		if !isGoIdent(b.p.Package) {
			b.errorf("", "no x-wsgen package name, and %q is not a Go package name", b.p.Package)
		}
		return
	}
	if x.kind != 'o' {
		b.errorf("/x-wsgen", "x-wsgen must be an object")
		return
	}
	for _, m := range x.members {
		ptr := "/x-wsgen/" + escapePointer(m.name)
		if !rootSettingKeys[m.name] {
			b.errorf(ptr, "unknown x-wsgen key %q at the root (known: closeCodes, decimal, discriminator, gap, heartbeat, package, precedence)", m.name)
			continue
		}
		switch m.name {
		case "package":
			if m.value.kind != 's' || !isGoIdent(m.value.str) {
				b.errorf(ptr, "package must be a Go package name")
				continue
			}
			b.p.Package = m.value.str
		case "discriminator":
			b.discriminators(m.value, ptr)
		case "precedence":
			b.precNode = m.value
		case "closeCodes":
			b.closeCodes(m.value, ptr)
		case "decimal":
			b.rootDecimal(m.value, ptr)
		case "heartbeat":
			b.rootHeartbeat(m.value, ptr)
		case "gap":
			b.gap(m.value, ptr)
		}
	}
	if !isGoIdent(b.p.Package) {
		b.errorf("", "%q is not a Go package name", b.p.Package)
	}
}

// discriminators reads the root x-wsgen "discriminator": a member name or JSON pointer,
// or an array of them.
func (b *builder) discriminators(n *node, ptr string) {
	elems := []*node{n}
	if n.kind == 'a' {
		elems = n.elems
	}
	b.discList = []string{}
	seen := map[string]bool{}
	for i, e := range elems {
		ep := ptr
		if n.kind == 'a' {
			ep += "/" + strconv.Itoa(i)
		}
		if e.kind != 's' || e.str == "" {
			b.errorf(ep, "discriminator must be a member name or a JSON pointer (\"/arg/channel\"), or an array of them")
			continue
		}
		p := e.str
		if !strings.HasPrefix(p, "/") {
			p = "/" + escapePointer(p)
		}
		toks := pointerTokens(p)
		switch {
		case len(toks) > maxNested:
			b.errorf(ep, "discriminator %q is nested %d levels deep; at most %d are supported", e.str, len(toks), maxNested)
			continue
		case seen[p]:
			b.errorf(ep, "discriminator %q is listed twice", e.str)
			continue
		}
		for _, t := range toks {
			if t == "" {
				b.errorf(ep, "discriminator %q has an empty member name", e.str)
			}
		}
		seen[p] = true
		b.discList = append(b.discList, p)
	}
	if len(b.discList) == 0 && len(b.errs) == 0 {
		b.errorf(ptr, "discriminator lists no member")
	}
}
