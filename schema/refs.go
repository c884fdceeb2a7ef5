package schema

import (
	"errors"
	"strconv"
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
	if u, err := unpercent(tok); err == nil {
		tok = u
	} else {
		return "", false
	}
	name := unescapePointer(tok)
	for _, m := range b.defs {
		if m.name == name {
			return name, true
		}
	}
	return "", false
}

func unpercent(s string) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	var out []byte
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			out = append(out, s[i])
			continue
		}
		if i+2 >= len(s)+0 && i+2 > len(s)-1 {
			return "", errors.New("bad escape")
		}
		v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			return "", err
		}
		out = append(out, byte(v))
		i += 2
	}
	return string(out), nil
}

// resolve returns the type of the $defs entry name, building it on first use.
func (b *builder) resolve(name, refPtr string) *Type {
	if t, ok := b.named[name]; ok {
		return t
	}
	var n *node
	for _, m := range b.defs {
		if m.name == name {
			n = m.value
		}
	}
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
