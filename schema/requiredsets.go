package schema

// requiredOnly reports whether list is a non-empty array of schemas that each hold only a
// "required" list (and annotations): "one of these members is required".
func requiredOnly(list *node) bool {
	if list == nil || list.kind != 'a' || len(list.elems) == 0 {
		return false
	}
	for _, e := range list.elems {
		if _, ok := requiredList(e); !ok {
			return false
		}
	}
	return true
}

// requiredSets reads the oneOf and anyOf of required sets of the object schema n.
func (b *builder) requiredSets(n *node, t *Type, ptr string) {
	for _, key := range []string{"oneOf", "anyOf"} {
		list := n.get(key)
		if !requiredOnly(list) {
			continue
		}
		if t.Repr != ReprStruct {
			b.errorf(ptr+"/"+key, "a %s of required member sets needs an object schema (\"type\": \"object\")", key)
			continue
		}
		var sets [][]string
		for _, e := range list.elems {
			var set []string
			for _, v := range e.get("required").elems {
				set = append(set, v.str)
			}
			sets = append(sets, set)
		}
		if key == "oneOf" {
			t.OneOfRequired = sets
		} else {
			t.AnyOfRequired = sets
		}
	}
}
