package schema_test

import (
	"strings"
	"testing"

	"github.com/wsgen/wsgen/schema"
)

// proto is a one-message protocol whose message "a" has the extra properties props
// (JSON members, may be empty), required list req and root x-wsgen xw.
func hproto(props, extra, xw string) string {
	if props != "" {
		props = "," + props
	}
	if extra != "" {
		extra = "," + extra
	}
	return `{"x-wsgen": {` + xw + `}, "oneOf": [{"$ref": "#/$defs/a"}], "$defs": {"a": {"type": "object", "required": ["type"], "properties": {"type": {"const": "a"}` + props + `}` + extra + `}}}`
}

func TestHostileSchemas(t *testing.T) {
	deep := `{"type":"object","properties":{"x":` + strings.Repeat(`{"type":"array","items":`, schema.MaxNesting) + `{}` + strings.Repeat(`}`, schema.MaxNesting) + `}}`
	for _, tt := range []struct {
		name, data, want string
	}{
		{"package _", hproto("", "", `"package": "_"`), `package must be a Go package name`},
		{"integer enum beyond int64", hproto(`"n": {"type": "integer", "enum": [1, 9223372036854775808]}`, "", `"package": "p"`), `#/$defs/a/properties/n/enum/1: integer enum value 9223372036854775808 is beyond int64`},
		{"byte-order mark", "\xEF\xBB\xBF" + hproto("", "", `"package": "p"`), `1:1: the file starts with a UTF-8 byte-order mark`},
		{"invalid UTF-8", hproto(`"caf`+"\xe9"+`": {"type": "string"}`, "", `"package": "p"`), `invalid UTF-8 (byte 0xe9)`},
		{"nesting beyond the limit", hproto(`"d": `+deep, "", `"package": "p"`), `nested more than 4096 levels deep`},
		{"required member absent under additionalProperties false", strings.Replace(hproto(`"x": {"type": "string"}`, `"additionalProperties": false`, `"package": "p"`), `"required": ["type"]`, `"required": ["type", "y"]`, 1), `#/$defs/a/required/1: required member "y" is not in properties and additionalProperties is false: no value can ever be valid`},
		{"enum value of another type", hproto(`"s": {"type": "string", "enum": ["a", 1]}`, "", `"package": "p"`), `#/$defs/a/properties/s/enum/1: enum value 1 is not of the declared type string`},
		{"const of another type", hproto(`"s": {"type": "integer", "const": "x"}`, "", `"package": "p"`), `#/$defs/a/properties/s/const: const value "x" is not of the declared type integer`},
		{"const outside the enum", hproto(`"s": {"type": "integer", "enum": [1, 2], "const": 3}`, "", `"package": "p"`), `#/$defs/a/properties/s/const: const value 3 is not one of the enum values: no value can ever be valid`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := schema.Parse("h.json", []byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
