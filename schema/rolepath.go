package schema

import "strings"

// Roles at nested members: an x-wsgen role ("eventId", "stream", "sequence" and its
// kind's members, "correlationId", "idempotencyKey") or "sensitive" entry may be a JSON
// pointer ("/params/id") instead of a member name. See docs/schema.md, "Roles at nested
// members".

// Role keys of [Message.RolePaths] besides the role names: the members of a chained or
// range sequence other than the one RoleSequence reads.
const (
	RoleSequencePrev  = "sequencePrev"
	RoleSequenceFirst = "sequenceFirst"
)

// RoleMember returns how the message's x-wsgen names the member of role (a role name,
// RoleSequencePrev or RoleSequenceFirst): the JSON pointer written for a nested member
// ("/params/id"), else the member name (the pointer "/1" for a position of an array
// message); "" when the message has no such role.
func (m *Message) RoleMember(role string) string {
	if p, ok := m.rolePointers[role]; ok {
		return p
	}
	f := map[string]*Field{RoleEventID: m.EventID, RoleStream: m.Stream, RoleSequence: m.Sequence,
		RoleCorrelationID: m.CorrelationID, RoleIdempotencyKey: m.IdempotencyKey,
		RoleSequencePrev: m.SequencePrev, RoleSequenceFirst: m.SequenceFirst}[role]
	if f == nil {
		return ""
	}
	if m.IsArray() {
		return "/" + f.Name // a position of an array message, by its pointer
	}
	return f.Name
}

// memberAt resolves a role's x-wsgen value v (at ptr): a member name of the message, or
// a JSON pointer through nested objects to one. It returns the member's field and the
// fields of the objects that lead to it, outermost first (none for a member of the
// message itself). A role other than sensitive may pass only through objects that are
// required and not nullable, so that the runtime reads and sets it with no object to
// make; sensitive may pass through optional and nullable objects and, with the token
// "*", through every element of an array of objects.
func (b *builder) memberAt(m *Message, key string, v *node, ptr string) (*Field, []*Field) {
	if v.kind != 's' {
		b.errorf(ptr, "%s must name a property (or a nested one by JSON pointer, \"/params/id\")", key)
		return nil, nil
	}
	role := strings.SplitN(key, "/", 2)[0]
	if m.Type.Repr == ReprTuple {
		// An array message: a role names a position, by its index ("1") or pointer ("/1").
		for _, f := range m.Type.Positions {
			if (f.Name == v.str || "/"+f.Name == v.str) && !f.Discriminator {
				return f, nil
			}
		}
		b.errorf(ptr, "%s names %q, which is not a position of the array message (name a prefixItems position by its index, \"1\", or pointer, \"/1\"; a member inside a position cannot hold a role)", key, v.str)
		return nil, nil
	}
	if !strings.HasPrefix(v.str, "/") {
		for _, f := range m.Type.Properties {
			if f.Name == v.str && !f.Discriminator {
				return f, nil
			}
		}
		b.errorf(ptr, "%s names %q, which is not a property of the message", key, v.str)
		return nil, nil
	}
	raw := strings.Split(v.str[1:], "/") // escaped, for messages
	tokens := make([]string, len(raw))
	for i, tok := range raw {
		tokens[i] = unescapePointer(tok)
	}
	t := m.Type
	var path []*Field
	for i, tok := range tokens {
		last := i == len(tokens)-1
		if tok == "*" && !last && t.Repr == ReprArray { // sensitive only: others stop at the array
			t = t.Items
			if t == nil || t.Repr != ReprStruct {
				b.errorf(ptr, "%s %q: the elements of %q are not objects with properties", role, v.str, "/"+strings.Join(raw[:i], "/"))
				return nil, nil
			}
			// The array's field is on the path already; "*" adds none.
			continue
		}
		var f *Field
		for _, p := range t.Properties {
			if p.Name == tok && !(len(path) == 0 && p.Discriminator) {
				f = p
			}
		}
		if f == nil {
			b.errorf(ptr, "%s %q: %q is not a property of %s", role, v.str, tok, where(raw[:i]))
			return nil, nil
		}
		if last {
			return f, path
		}
		path = append(path, f)
		switch {
		case f.Type.Repr == ReprStruct && !f.Type.Nullable() && f.Required:
		case role == "sensitive" && f.Type.Nullable():
			b.errorf(ptr, "sensitive %q: %q may be null: wsgen cannot hide a member inside a nullable object (fmt would print it, with a bad verb, without the methods that hide it); mark %q itself sensitive", v.str, "/"+strings.Join(raw[:i+1], "/"), "/"+strings.Join(raw[:i+1], "/"))
			return nil, nil
		case role == "sensitive" && f.Type.Repr == ReprStruct:
		case role == "sensitive" && f.Type.Repr == ReprArray && i+1 < len(tokens) && tokens[i+1] == "*":
		case role == "sensitive" && f.Type.Repr == ReprArray:
			b.errorf(ptr, "sensitive %q: %q is an array: name the member of every element with \"*\" (%q)", v.str, "/"+strings.Join(raw[:i+1], "/"), "/"+strings.Join(raw[:i+1], "/")+"/*/"+strings.Join(raw[i+1:], "/"))
			return nil, nil
		case role == "sensitive":
			b.errorf(ptr, "sensitive %q: %q is not an object with properties or an array of them: wsgen can hide a nested member only inside those (mark %q itself sensitive)", v.str, "/"+strings.Join(raw[:i+1], "/"), "/"+strings.Join(raw[:i+1], "/"))
			return nil, nil
		case f.Type.Repr == ReprArray:
			b.errorf(ptr, "%s %q passes through the array %q: it names no single value (which element?); only sensitive may name a member of every element (\"*\")", role, v.str, "/"+strings.Join(raw[:i+1], "/"))
			return nil, nil
		case f.Type.Repr != ReprStruct:
			b.errorf(ptr, "%s %q: %q is not an object with properties", role, v.str, "/"+strings.Join(raw[:i+1], "/"))
			return nil, nil
		default:
			b.errorf(ptr, "%s %q: the object %q must be required and not nullable, so the runtime can read the %s in every message without making an object", role, v.str, "/"+strings.Join(raw[:i+1], "/"), role)
			return nil, nil
		}
		t = f.Type
	}
	return nil, nil
}

func where(tokens []string) string {
	if len(tokens) == 0 {
		return "the message"
	}
	return quoteList([]string{"/" + strings.Join(tokens, "/")})
}
