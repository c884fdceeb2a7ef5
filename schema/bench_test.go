package schema_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/schema"
)

// BenchmarkParse is the schema half of BenchmarkCheck (cmd/wsgen): meta-check and build.
func BenchmarkParse(b *testing.B) {
	nested := func(depth int) string {
		var s strings.Builder
		s.WriteString(`{"x-wsgen":{"package":"nested"},"oneOf":[{"$ref":"#/$defs/m"}],"$defs":{"m":{"type":"object","required":["type"],"properties":{"type":{"const":"m"},"a":`)
		s.WriteString(strings.Repeat(`{"type":"object","properties":{"a":`, depth) + `{"type":"string"}` + strings.Repeat(`}}`, depth))
		s.WriteString(`}}}}`)
		return s.String()
	}
	messages := func(n int) string {
		var s strings.Builder
		s.WriteString(`{"x-wsgen":{"package":"many"},"oneOf":[`)
		for i := 0; i < n; i++ {
			if i > 0 {
				s.WriteByte(',')
			}
			s.WriteString(`{"$ref":"#/$defs/m` + strconv.Itoa(i) + `"}`)
		}
		s.WriteString(`],"$defs":{`)
		for i := 0; i < n; i++ {
			if i > 0 {
				s.WriteByte(',')
			}
			k := strconv.Itoa(i)
			s.WriteString(`"m` + k + `":{"type":"object","required":["type","id"],"properties":{"type":{"const":"m` + k + `"},"id":{"type":"string","minLength":1},"n":{"type":"integer","minimum":0}}}`)
		}
		s.WriteString(`}}`)
		return s.String()
	}
	for _, bc := range []struct{ name, data string }{
		{"nested_100", nested(100)}, {"nested_1000", nested(1000)},
		{"messages_1000", messages(1000)}, {"messages_3000", messages(3000)}, {"messages_10000", messages(10000)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := schema.Parse("p.json", []byte(bc.data)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
