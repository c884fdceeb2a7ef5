package schema

import (
	"sort"
	"strconv"
	"unicode"
)

// caseNames returns the Go field name of each member (before any x-wsgen goName): its
// GoName, except where members that differ only in case ("e" and "E", "s" and "S") would
// get the same one. Among such members the one with the fewest upper-case letters (then
// the smallest in byte order) keeps the name and the others get the suffix "Upper", then
// "Upper2", "Upper3"…, in that order: "e" → E, "E" → EUpper. The rule depends only on the
// members' names, so adding an unrelated member never renames a field. Members with an
// x-wsgen goName take no part. Other collisions are left for the caller to refuse.
func caseNames(members []member) map[string]string {
	out := make(map[string]string, len(members))
	groups := map[string][]string{}
	for _, m := range members {
		gn := GoName(m.name)
		out[m.name] = gn
		if gn == "" || hasGoName(m.value) {
			continue
		}
		groups[gn] = append(groups[gn], m.name)
	}
	for gn, names := range groups {
		if len(names) < 2 || !sameFold(names) {
			continue
		}
		sort.Slice(names, func(i, j int) bool {
			ui, uj := upperCount(names[i]), upperCount(names[j])
			if ui != uj {
				return ui < uj
			}
			return names[i] < names[j]
		})
		for k, n := range names[1:] {
			suffix := "Upper"
			if k > 0 {
				suffix += strconv.Itoa(k + 1)
			}
			out[n] = gn + suffix
		}
	}
	return out
}

func hasGoName(n *node) bool {
	x := n.get("x-wsgen")
	return n.kind == 'o' && x != nil && x.kind == 'o' && x.get("goName") != nil
}

func sameFold(names []string) bool {
	for _, n := range names[1:] {
		if !equalFold(n, names[0]) {
			return false
		}
	}
	return true
}

func equalFold(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) {
		return false
	}
	for i := range ra {
		if unicode.ToLower(ra[i]) != unicode.ToLower(rb[i]) {
			return false
		}
	}
	return true
}

func upperCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n
}
