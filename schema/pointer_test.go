package schema_test

import (
	"strings"
	"testing"

	"github.com/wsgen/wsgen/schema"
)

// deepDoc nests depth object schemas, each holding the next under the member key.
func deepDoc(depth int, key string) []byte {
	var s strings.Builder
	s.WriteString(`{"x-wsgen":{"package":"nested"},"oneOf":[{"$ref":"#/$defs/m"}],"$defs":{"m":{"type":"object","required":["type"],"properties":{"type":{"const":"m"},"a":`)
	s.WriteString(strings.Repeat(`{"type":"object","properties":{"`+key+`":`, depth) + `{"type":"string"}` + strings.Repeat(`}}`, depth))
	s.WriteString(`}}}}`)
	return []byte(s.String())
}

// TestLongPointersRefused: long member names nested deep make every pointer of the model
// long (400-byte names 1,000 deep: a 425 KB file made Parse allocate 2 GB); a pointer
// beyond MaxPointer is refused while parsing, in bounded work. Objects nested as deep as
// MaxNesting allows, with short names, still fit.
func TestLongPointersRefused(t *testing.T) {
	doc := deepDoc(1000, strings.Repeat("k", 400))
	var err error
	if n := allocated(func() { _, err = schema.Parse("p.json", doc) }); n > 16<<20 {
		t.Errorf("Parse of 400-byte names 1,000 deep allocated %d MB", n>>20)
	}
	if err == nil || !strings.Contains(err.Error(), "is longer than 32768 bytes") || !strings.Contains(err.Error(), "p.json:1:") {
		t.Errorf("Parse of 400-byte names 1,000 deep: %.300v; want the pointer refused at its line and column", err)
	}
	if _, err := schema.Parse("p.json", deepDoc(schema.MaxNesting/2-8, "a")); err != nil {
		t.Errorf("Parse of %d levels with one-letter names: %.300v", schema.MaxNesting/2-8, err)
	}
}
