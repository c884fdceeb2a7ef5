package chat

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// benchFrame is one realistic chat message: a few hundred bytes, some non-ASCII text
// and an escaped quote.
var benchFrame = []byte(`{"type":"chat","id":"01JD9X7Q8W3M5N2P4R6T8V0Y2A","room":"general","seq":184467,"from":"ana.lima","text":"Bom dia! The deploy finished at 09:14 — all green. Next: rotate the \"staging\" keys and ping #ops if anything looks off. 🚀","sent_at":"2026-11-25T09:14:03.512Z"}`)

func BenchmarkDecode(b *testing.B) {
	b.Run("wsgen", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(benchFrame)))
		for b.Loop() {
			if _, err := Decode(benchFrame); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(benchFrame)))
		for b.Loop() {
			var m Chat
			if err := json.Unmarshal(benchFrame, &m); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("generic", func(b *testing.B) {
		c := jsonschema.NewCompiler()
		c.Draft = jsonschema.Draft2020
		sch, err := c.Compile("../../testdata/chat/protocol.json")
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.SetBytes(int64(len(benchFrame)))
		for b.Loop() {
			dec := json.NewDecoder(bytes.NewReader(benchFrame))
			dec.UseNumber()
			var v any
			if err := dec.Decode(&v); err != nil {
				b.Fatal(err)
			}
			if err := sch.Validate(v); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkEncode(b *testing.B) {
	m, err := Decode(benchFrame)
	if err != nil {
		b.Fatal(err)
	}
	c := m.(*Chat)
	b.Run("wsgen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Encode(c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(c); err != nil {
				b.Fatal(err)
			}
		}
	})
}
