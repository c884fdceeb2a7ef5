package schema

import "strconv"

// tuple builds an array schema with prefixItems: a Go struct with one field per position,
// encoded positionally (see docs/values.md). Positions are named by their x-wsgen goName,
// else P0, P1, …; positions below minItems are required; items is the schema of the
// values after the positions (false: none; absent: any, kept raw). A message that is a
// tuple is that struct itself (its name was claimed already).
func (b *builder) tuple(n *node, t *Type, ptr, hint string, message bool) {
	pi := n.get("prefixItems")
	if t.Repr != ReprArray {
		b.errorf(ptr+"/prefixItems", "prefixItems needs \"type\": \"array\" (or [\"array\", \"null\"]): a tuple that may be a value of another kind is not supported")
		t.Repr = ReprRaw
		return
	}
	if pi.kind != 'a' || len(pi.elems) == 0 {
		b.errorf(ptr+"/prefixItems", "prefixItems must be a non-empty array of schemas")
		return
	}
	b.itemBounds(n, t, ptr, "uniqueItems on a tuple (prefixItems) is not supported")
	t.Repr = ReprTuple
	t.GoName = hint
	t.RestName = "Rest"
	names := map[string]string{}
	reserved := reservedStructMembers
	if message {
		reserved = reservedMessageMembers
	}
	for _, r := range reserved {
		names[r] = ""
	}
	claim := func(goName, fp string) {
		if other, ok := names[goName]; ok {
			if other == "" {
				b.errorf(fp, "Go field name %q is reserved: every generated tuple has a method or field of that name (choose another with x-wsgen goName)", goName)
			} else {
				b.errorf(fp, "Go field name %q is already taken by %s (choose another with x-wsgen goName)", goName, other)
			}
			return
		}
		names[goName] = "#" + fp
	}
	min := int64(0)
	if t.MinItems != nil {
		min = *t.MinItems
	}
	for i, e := range pi.elems {
		ep := ptr + "/prefixItems/" + strconv.Itoa(i)
		f := &Field{Name: strconv.Itoa(i), GoName: "P" + strconv.Itoa(i), Required: int64(i) < min, Pointer: ep}
		b.goNamed[e] = true
		if gn, ok := b.xGoName(e, ep, true); ok {
			f.GoName = gn
		}
		f.Type = b.typeOf(e, ep, hint+f.GoName, false)
		f.Title, f.Description = str(e.get("title")), str(e.get("description"))
		if f.Title == "" && f.Description == "" {
			f.Title, f.Description = f.Type.Title, f.Type.Description
		}
		claim(f.GoName, ep)
		if f.Type.Decimal && f.Type.Repr == ReprString {
			claim(f.GoName+"Decimal", ep+" (its decimal accessor)")
		}
		t.Positions = append(t.Positions, f)
	}
	b.restItems(n, t, ptr, hint)
	if t.MaxItems != nil && *t.MaxItems <= int64(len(t.Positions)) {
		t.Rest, t.RestAllowed = nil, false
	}
	if !t.RestAllowed && min > int64(len(t.Positions)) {
		b.errorf(ptr+"/minItems", "minItems %d is more than the %d positions and no items may follow them: no array fits", min, len(t.Positions))
	}
	if t.RestAllowed {
		claim("Rest", ptr+"/items")
	}
	if message {
		return
	}
	b.ident(hint, ptr)
	b.p.Types = append(b.p.Types, t)
}

// arrayMessage builds a message that is an array of one schema (items, no prefixItems):
// a tuple without positions whose values are the field Items, so that the message is a
// struct like every other (the Message interface, Validate, Format and roles read structs).
func (b *builder) arrayMessage(n *node, t *Type, ptr, hint string) {
	b.itemBounds(n, t, ptr, "uniqueItems on an array message is not supported (declare the array as a member of an object message)")
	t.Repr = ReprTuple
	t.GoName = hint
	t.RestName = "Items"
	b.restItems(n, t, ptr, hint)
	if t.MaxItems != nil && *t.MaxItems == 0 {
		t.Rest, t.RestAllowed = nil, false
	}
	if !t.RestAllowed && t.MinItems != nil && *t.MinItems > 0 {
		b.errorf(ptr+"/minItems", "minItems %d but no item is allowed: no array fits", *t.MinItems)
	}
}

// itemBounds reads minItems and maxItems of the array schema n into t, and refuses
// uniqueItems: true with the reason unique.
func (b *builder) itemBounds(n *node, t *Type, ptr, unique string) {
	var ok bool
	if t.MinItems, ok = nonNegInt(n.get("minItems")); !ok {
		b.errorf(ptr+"/minItems", "minItems must be a non-negative integer")
	}
	if t.MaxItems, ok = nonNegInt(n.get("maxItems")); !ok {
		b.errorf(ptr+"/maxItems", "maxItems must be a non-negative integer")
	}
	if u := n.get("uniqueItems"); u != nil && u.kind == 'b' && u.boolean {
		b.errorf(ptr+"/uniqueItems", "%s", unique)
	}
}

// restItems reads "items" of the array schema n, the values after the positions, into
// t: false allows none, a schema types them (a schema no value fits allows none), absent
// allows any.
func (b *builder) restItems(n *node, t *Type, ptr, hint string) {
	t.RestAllowed = true
	it := n.get("items")
	switch {
	case it == nil:
	case it.kind == 'b':
		t.RestAllowed = it.boolean
	default:
		t.Rest = b.typeOf(it, ptr+"/items", hint+"Item", false)
		if t.Rest.Kinds == 0 {
			t.Rest, t.RestAllowed = nil, false
		}
	}
}
