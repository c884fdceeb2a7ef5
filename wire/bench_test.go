package wire

import (
	"encoding/json"
	"strings"
	"testing"
)

const chatFrame = `{"type":"chat","id":"e1","room":"r","seq":3,"from":"ann","text":"hi","sent_at":"2026-01-02T03:04:05Z"}`

// snapshotFrame is a larger realistic frame: a snapshot of 50 chat messages.
var snapshotFrame = func() []byte {
	var b strings.Builder
	b.WriteString(`{"type":"snapshot","ref":"q-81f3","room":"general","seq":1200,"messages":[`)
	for i := 0; i < 50; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"type":"chat","id":"evt-` + itoa(i) + `","room":"general","seq":` + itoa(1150+i) +
			`,"from":"user` + itoa(i%7) + `","text":"message number ` + itoa(i) + ` with caf\u00e9 and \"quotes\"","sent_at":"2026-01-02T03:04:05Z"}`)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}()

func BenchmarkSkip(b *testing.B) {
	for _, bc := range []struct {
		name string
		data []byte
	}{{"chat", []byte(chatFrame)}, {"snapshot", snapshotFrame}} {
		b.Run(bc.name, func(b *testing.B) {
			var d Decoder
			b.SetBytes(int64(len(bc.data)))
			b.ReportAllocs()
			for b.Loop() {
				d.Reset(bc.data)
				if err := d.Skip(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("json.Valid/snapshot", func(b *testing.B) {
		b.SetBytes(int64(len(snapshotFrame)))
		b.ReportAllocs()
		for b.Loop() {
			if !json.Valid(snapshotFrame) {
				b.Fatal("invalid")
			}
		}
	})
}

var stringSink string

func BenchmarkReadString(b *testing.B) {
	for _, bc := range []struct{ name, in string }{
		{"short", `"2026-01-02T03:04:05Z"`},
		{"long", `"` + strings.Repeat("The quick brown fox jumps over the lazy dog. ", 20) + `"`},
		{"escaped", `"caf\u00e9 \"quoted\" line\nbreak \ud83d\ude00"`},
		{"utf8", `"` + strings.Repeat("héllo wörld 😀 ", 20) + `"`},
	} {
		data := []byte(bc.in)
		b.Run(bc.name, func(b *testing.B) {
			var d Decoder
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				d.Reset(data)
				s, err := d.ReadString()
				if err != nil {
					b.Fatal(err)
				}
				stringSink = s // as a decoder stores it: the string escapes
			}
		})
		b.Run(bc.name+"/bytes", func(b *testing.B) {
			var d Decoder
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				d.Reset(data)
				if _, err := d.ReadStringBytes(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkAppendString(b *testing.B) {
	for _, bc := range []struct{ name, s string }{
		{"short", "2026-01-02T03:04:05Z"},
		{"long", strings.Repeat("The quick brown fox jumps over the lazy dog. ", 20)},
		{"escaped", "café \"quoted\" <b>line\nbreak</b> 😀"},
		{"chat", "Bom dia! The deploy finished at 09:14 — all green. Next: rotate the \"staging\" keys."},
		{"accented", "Ça marche, je regarde après le déjeuner et je reviens vers toi.\nMerci !"},
		{"id", "01JD9X7Q8W3M5N2P4R6T8V1000"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			buf := make([]byte, 0, 2048)
			b.SetBytes(int64(len(bc.s)))
			b.ReportAllocs()
			for b.Loop() {
				buf = AppendString(buf[:0], bc.s)
			}
		})
	}
}
