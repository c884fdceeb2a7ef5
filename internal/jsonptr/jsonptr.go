// Package jsonptr holds the one RFC 6901 (JSON pointer) escaper of this module, shared by
// package schema (pointers into a protocol file) and the codec runtime (pointers into a
// frame).
package jsonptr

import "strings"

// Escape escapes a member name as a JSON pointer reference token: "~" as "~0", "/" as
// "~1" (RFC 6901 section 3).
func Escape(name string) string {
	if !strings.ContainsAny(name, "~/") {
		return name
	}
	var b strings.Builder
	b.Grow(len(name) + 2)
	for i := 0; i < len(name); i++ {
		switch name[i] {
		case '~':
			b.WriteString("~0")
		case '/':
			b.WriteString("~1")
		default:
			b.WriteByte(name[i])
		}
	}
	return b.String()
}

// Unescape reverses [Escape] for one reference token: "~1" is "/", "~0" is "~". ok is
// false for a "~" followed by anything else, which RFC 6901 does not allow.
func Unescape(token string) (name string, ok bool) {
	if !strings.Contains(token, "~") {
		return token, true
	}
	var b strings.Builder
	for i := 0; i < len(token); i++ {
		if token[i] != '~' {
			b.WriteByte(token[i])
			continue
		}
		if i+1 >= len(token) || (token[i+1] != '0' && token[i+1] != '1') {
			return "", false
		}
		if token[i+1] == '0' {
			b.WriteByte('~')
		} else {
			b.WriteByte('/')
		}
		i++
	}
	return b.String(), true
}
