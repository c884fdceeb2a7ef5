package bench

import (
	"strconv"
	"strings"
)

// ChatFrame is one realistic chat message, the frame of the chat package's own
// benchmarks (272 bytes: a 26-character id, non-ASCII text with an escaped quote and an
// emoji, a date-time).
var ChatFrame = []byte(`{"type":"chat","id":"01JD9X7Q8W3M5N2P4R6T8V0Y2A","room":"general","seq":184467,"from":"ana.lima","text":"Bom dia! The deploy finished at 09:14 — all green. Next: rotate the \"staging\" keys and ping #ops if anything looks off. 🚀","sent_at":"2026-11-25T09:14:03.512Z"}`)

// snapshotTexts are the message texts of SnapshotFrame, used in turn: plain ASCII,
// accented text, escapes (\" \n \u00e9 and a surrogate pair) and an emoji.
var snapshotTexts = []string{
	`Morning all, standup moves to 10:30 today; the notes are in the usual doc.`,
	`Bom dia! The deploy finished at 09:14 — all green. Next: rotate the \"staging\" keys.`,
	`Can someone review #4521? It only touches the retry path and its tests.`,
	`Ça marche, je regarde après le déjeuner et je reviens vers toi.\nMerci !`,
	`Latency on eu-west is back under 40 ms after the rollback 🎉 thanks all`,
	`caf\u00e9 order: two flat whites, one \"extra hot\" latte \ud83d\ude00`,
	`Reminder: the freeze starts Friday 18:00 UTC; merge before then or wait for Monday.`,
}

// SnapshotFrame is the chat protocol's snapshot of 50 messages (about 11 KB).
var SnapshotFrame = func() []byte {
	var b strings.Builder
	b.WriteString(`{"type":"snapshot","ref":"q-81f3c2","room":"general","seq":184517,"messages":[`)
	users := []string{"ana.lima", "bo", "chen.wei", "dmitri", "eve_ops"}
	for i := range 50 {
		if i > 0 {
			b.WriteByte(',')
		}
		id := "01JD9X7Q8W3M5N2P4R6T8V" + strconv.Itoa(1000+i)
		b.WriteString(`{"type":"chat","id":"` + id + `","room":"general","seq":` + strconv.Itoa(184468+i) +
			`,"from":"` + users[i%len(users)] + `","text":"` + snapshotTexts[i%len(snapshotTexts)] +
			`","sent_at":"2026-11-25T09:` + strconv.Itoa(10+i%50) + `:03.512Z"}`)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}()

// BookFrame is an order book of 100 levels, 50 bids and 50 asks, prices and quantities
// as decimal strings (about 3 KB).
var BookFrame = func() []byte {
	var b strings.Builder
	b.WriteString(`{"type":"book","symbol":"BTC/USD","seq":9182736,"time_ms":1764061443512,"bids":[`)
	level := func(i int, price int) {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`["` + strconv.Itoa(price/100) + "." + strconv.Itoa(10+price%90) + `","` +
			"0." + strconv.Itoa(100000+(price*7919)%900000) + `"]`)
	}
	for i := range 50 {
		level(i, 9_693_250-i*50)
	}
	b.WriteString(`],"asks":[`)
	for i := range 50 {
		level(i, 9_693_300+i*50)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}()
