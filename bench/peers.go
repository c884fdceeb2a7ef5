// Package bench measures wsgen's generated codec against the Go JSON libraries a
// WebSocket client would otherwise use, on three frames of two protocols: the chat
// protocol's 272-byte chat message, its 50-message snapshot (~11 KB), and an order book
// of 100 [price, quantity] decimal-string levels (testdata/book, generated into ./book).
//
// It is a module of its own (github.com/wsgen/wsgen/bench, replacing wsgen with ../), so
// that the main module never depends on the peers. The peers:
//
//   - wsgen: the generated Decode (full validation: every schema keyword, duplicate
//     names, UTF-8, exact numbers, refusal of unknown members) and Encode; Decode also
//     identifies the message from its "type" member.
//   - encoding_json, jsonv2 (github.com/go-json-experiment/json, the encoding/json/v2
//     API), sonic (github.com/bytedance/sonic, its default configuration), goccy
//     (github.com/goccy/go-json): reflection into plain structs (ChatMsg, SnapshotMsg,
//     BookMsg) that validate nothing.
//   - jx: github.com/go-faster/jx, decoders and encoders written by hand as its users
//     write them (in this file), validating nothing.
//   - ogen: the types, codecs and validators github.com/ogen-go/ogen generates from
//     ogenchat/openapi.yaml, an OpenAPI document with the same constraints; its Decode is
//     decode then Validate, its Encode Validate then encode: the validating peer.
//
// Every peer but wsgen is told the message's type (it decodes into the right struct
// without looking at "type"), the setup most favourable to it. The book's levels are
// [2]string for the reflection and jx peers (no slice per level). Encoders return a new
// slice the caller owns, as json.Marshal does; jx and ogen write into a pooled
// jx.Encoder and copy out. TestPeersAgree checks that every peer decodes the three frames
// to the same values and encodes them to equivalent JSON.
package bench

import (
	"github.com/go-faster/jx"
)

// ChatMsg is the chat message for the reflection and jx peers.
type ChatMsg struct {
	Type   string `json:"type"`
	ID     string `json:"id"`
	Room   string `json:"room"`
	Seq    int64  `json:"seq"`
	From   string `json:"from"`
	Text   string `json:"text"`
	SentAt string `json:"sent_at"`
}

// SnapshotMsg is the snapshot message for the reflection and jx peers.
type SnapshotMsg struct {
	Type     string    `json:"type"`
	Ref      string    `json:"ref"`
	Room     string    `json:"room"`
	Seq      int64     `json:"seq"`
	Messages []ChatMsg `json:"messages"`
}

// BookMsg is the order book for the reflection and jx peers.
type BookMsg struct {
	Type   string      `json:"type"`
	Symbol string      `json:"symbol"`
	Seq    int64       `json:"seq"`
	TimeMs int64       `json:"time_ms"`
	Bids   [][2]string `json:"bids"`
	Asks   [][2]string `json:"asks"`
}

// The jx decoders, written as jx's documentation shows: ObjBytes with a switch on the
// member name, Str for strings (a copy), unknown members skipped.

func (m *ChatMsg) decodeJX(d *jx.Decoder) error {
	return d.ObjBytes(func(d *jx.Decoder, key []byte) error {
		var err error
		switch string(key) {
		case "type":
			m.Type, err = d.Str()
		case "id":
			m.ID, err = d.Str()
		case "room":
			m.Room, err = d.Str()
		case "seq":
			m.Seq, err = d.Int64()
		case "from":
			m.From, err = d.Str()
		case "text":
			m.Text, err = d.Str()
		case "sent_at":
			m.SentAt, err = d.Str()
		default:
			err = d.Skip()
		}
		return err
	})
}

func (m *SnapshotMsg) decodeJX(d *jx.Decoder) error {
	return d.ObjBytes(func(d *jx.Decoder, key []byte) error {
		var err error
		switch string(key) {
		case "type":
			m.Type, err = d.Str()
		case "ref":
			m.Ref, err = d.Str()
		case "room":
			m.Room, err = d.Str()
		case "seq":
			m.Seq, err = d.Int64()
		case "messages":
			m.Messages = m.Messages[:0]
			err = d.Arr(func(d *jx.Decoder) error {
				var c ChatMsg
				if err := c.decodeJX(d); err != nil {
					return err
				}
				m.Messages = append(m.Messages, c)
				return nil
			})
		default:
			err = d.Skip()
		}
		return err
	})
}

func decodeLevelsJX(d *jx.Decoder, levels *[][2]string) error {
	*levels = (*levels)[:0]
	return d.Arr(func(d *jx.Decoder) error {
		var l [2]string
		i := 0
		if err := d.Arr(func(d *jx.Decoder) error {
			s, err := d.Str()
			if i < 2 {
				l[i] = s
			}
			i++
			return err
		}); err != nil {
			return err
		}
		*levels = append(*levels, l)
		return nil
	})
}

func (m *BookMsg) decodeJX(d *jx.Decoder) error {
	return d.ObjBytes(func(d *jx.Decoder, key []byte) error {
		var err error
		switch string(key) {
		case "type":
			m.Type, err = d.Str()
		case "symbol":
			m.Symbol, err = d.Str()
		case "seq":
			m.Seq, err = d.Int64()
		case "time_ms":
			m.TimeMs, err = d.Int64()
		case "bids":
			err = decodeLevelsJX(d, &m.Bids)
		case "asks":
			err = decodeLevelsJX(d, &m.Asks)
		default:
			err = d.Skip()
		}
		return err
	})
}

// The jx encoders: ObjStart, FieldStart and a writer per value.

func (m *ChatMsg) encodeJX(e *jx.Encoder) {
	e.ObjStart()
	e.FieldStart("type")
	e.Str(m.Type)
	e.FieldStart("id")
	e.Str(m.ID)
	e.FieldStart("room")
	e.Str(m.Room)
	e.FieldStart("seq")
	e.Int64(m.Seq)
	e.FieldStart("from")
	e.Str(m.From)
	e.FieldStart("text")
	e.Str(m.Text)
	e.FieldStart("sent_at")
	e.Str(m.SentAt)
	e.ObjEnd()
}

func (m *SnapshotMsg) encodeJX(e *jx.Encoder) {
	e.ObjStart()
	e.FieldStart("type")
	e.Str(m.Type)
	e.FieldStart("ref")
	e.Str(m.Ref)
	e.FieldStart("room")
	e.Str(m.Room)
	e.FieldStart("seq")
	e.Int64(m.Seq)
	e.FieldStart("messages")
	e.ArrStart()
	for i := range m.Messages {
		m.Messages[i].encodeJX(e)
	}
	e.ArrEnd()
	e.ObjEnd()
}

func encodeLevelsJX(e *jx.Encoder, levels [][2]string) {
	e.ArrStart()
	for _, l := range levels {
		e.ArrStart()
		e.Str(l[0])
		e.Str(l[1])
		e.ArrEnd()
	}
	e.ArrEnd()
}

func (m *BookMsg) encodeJX(e *jx.Encoder) {
	e.ObjStart()
	e.FieldStart("type")
	e.Str(m.Type)
	e.FieldStart("symbol")
	e.Str(m.Symbol)
	e.FieldStart("seq")
	e.Int64(m.Seq)
	e.FieldStart("time_ms")
	e.Int64(m.TimeMs)
	e.FieldStart("bids")
	encodeLevelsJX(e, m.Bids)
	e.FieldStart("asks")
	encodeLevelsJX(e, m.Asks)
	e.ObjEnd()
}
