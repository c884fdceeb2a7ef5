package main

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// nestedSchema is a protocol whose one message holds objects nested depth levels deep
// ({"a": {"a": …}}).
func nestedSchema(depth int) string {
	var b strings.Builder
	b.WriteString(`{"$schema":"https://json-schema.org/draft/2020-12/schema","x-wsgen":{"package":"nested"},"oneOf":[{"$ref":"#/$defs/m"}],"$defs":{"m":{"type":"object","required":["type"],"properties":{"type":{"const":"m"},"a":`)
	for i := 0; i < depth; i++ {
		b.WriteString(`{"type":"object","properties":{"a":`)
	}
	b.WriteString(`{"type":"string"}`)
	for i := 0; i < depth; i++ {
		b.WriteString(`}}`)
	}
	b.WriteString(`}}}}`)
	return b.String()
}

// messagesSchema is a protocol of n messages, each with a discriminator and two members.
func messagesSchema(n int) string {
	var b strings.Builder
	b.WriteString(`{"$schema":"https://json-schema.org/draft/2020-12/schema","x-wsgen":{"package":"many"},"oneOf":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"$ref":"#/$defs/m` + strconv.Itoa(i) + `"}`)
	}
	b.WriteString(`],"$defs":{`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		s := strconv.Itoa(i)
		b.WriteString(`"m` + s + `":{"type":"object","required":["type","id"],"properties":{"type":{"const":"m` + s + `"},"id":{"type":"string","minLength":1},"n":{"type":"integer","minimum":0}}}`)
	}
	b.WriteString(`}}`)
	return b.String()
}

// arrayMessagesSchema is a protocol of n array messages [channelID, data, "chN", pair],
// told apart by the const at /2.
func arrayMessagesSchema(n int) string {
	var b strings.Builder
	b.WriteString(`{"$schema":"https://json-schema.org/draft/2020-12/schema","x-wsgen":{"package":"many"},"oneOf":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"$ref":"#/$defs/m` + strconv.Itoa(i) + `"}`)
	}
	b.WriteString(`],"$defs":{`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		s := strconv.Itoa(i)
		b.WriteString(`"m` + s + `":{"type":"array","prefixItems":[{"type":"integer"},{"type":"object","properties":{"p":{"type":"string"}}},{"const":"ch` + s + `"},{"type":"string"}],"items":false,"minItems":4}`)
	}
	b.WriteString(`}}`)
	return b.String()
}

// BenchmarkCheck runs "wsgen check" (load, validate, build, generate in memory) on
// large schemas: time and memory must grow linearly with the schema's size.
func BenchmarkCheck(b *testing.B) {
	for _, bc := range []struct {
		name   string
		schema string
	}{
		{"nested_100", nestedSchema(100)},
		{"nested_1000", nestedSchema(1000)},
		{"messages_1000", messagesSchema(1000)},
		{"messages_3000", messagesSchema(3000)},
		{"array_messages_1000", arrayMessagesSchema(1000)},
		{"array_messages_3000", arrayMessagesSchema(3000)},
		{"messages_10000", messagesSchema(10000)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "protocol.json")
			if err := os.WriteFile(path, []byte(bc.schema), 0o644); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(bc.schema)))
			b.ReportAllocs()
			for b.Loop() {
				if code := run([]string{"check", "-schema", path}, io.Discard, io.Discard); code != 0 {
					var out strings.Builder
					run([]string{"check", "-schema", path}, &out, &out)
					b.Fatalf("wsgen check exited %d:\n%.2000s", code, out.String())
				}
			}
		})
	}
}
