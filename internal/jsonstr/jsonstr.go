// Package jsonstr holds the one reference of how this module writes a JSON string,
// shared by package schema (enum and const values and the canonical forms built from
// them), package gen (member names and tags written into generated code) and the tests of
// package wire, whose AppendString must write the same bytes: where the generator's
// canonical form of an enum value and the codec's differ, a valid value is refused.
package jsonstr

import (
	"bytes"
	"encoding/json"
)

// Quote returns s as a JSON string: json.Marshal's escapes except that '<', '>' and '&'
// stand for themselves (a json.Encoder after SetEscapeHTML(false)). So \" \\ \b \f \n \r
// \t, other control characters as \u00XX, U+2028 and U+2029 as \u2028 and \u2029, and
// each byte of invalid UTF-8 as \ufffd.
func Quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err) // a Go string always encodes
	}
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}
