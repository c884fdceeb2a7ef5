package schema

import (
	"net/url"
	"strings"
)

// defName resolves "#/$defs/NAME" (pointer-escaped and percent-encoded) to NAME when the
// root $defs has it.
func (b *builder) defName(ref string) (string, bool) {
	const prefix = "#/$defs/"
	if !strings.HasPrefix(ref, prefix) {
		return "", false
	}
	tok := ref[len(prefix):]
	if strings.Contains(tok, "/") {
		return "", false
	}
	tok, err := url.PathUnescape(tok)
	if err != nil {
		return "", false
	}
	name := unescapePointer(tok)
	if b.defNode(name) == nil {
		return "", false
	}
	return name, true
}

// resolve returns the type of the $defs entry name, building it on first use.
func (b *builder) resolve(name, refPtr string) *Type {
	if t, ok := b.named[name]; ok {
		return t
	}
	n := b.defNode(name)
	if n == nil {
		b.errorf(refPtr, "unresolvable $ref to %q", name)
		return &Type{Kinds: Any, Repr: ReprRaw}
	}
	ptr := "/$defs/" + escapePointer(name)
	if b.pending[name] {
		b.errorf(refPtr, "recursive $ref to %q is not supported", name)
		return &Type{Kinds: Any, Repr: ReprRaw}
	}
	b.pending[name] = true
	gn := b.defGoName(name)
	if !b.msgDefs[name] {
		b.goNamed[n] = true
	}
	t := b.typeOf(n, ptr, gn, b.msgDefs[name])
	delete(b.pending, name)
	t.Ref = name
	b.named[name] = t
	return t
}
