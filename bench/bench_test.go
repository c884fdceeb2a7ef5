package bench

import (
	"encoding/json"
	"testing"

	"github.com/bytedance/sonic"
	"github.com/go-faster/jx"
	jsonv2 "github.com/go-json-experiment/json"
	gojson "github.com/goccy/go-json"
	"github.com/wsgen/wsgen/bench/book"
	"github.com/wsgen/wsgen/bench/ogenchat"
	"github.com/wsgen/wsgen/generated/chat"
)

// A peer decodes a frame into its own value and encodes that value back. Encoders return
// a slice the caller owns.
type peer struct {
	name   string
	decode func([]byte) (any, error)
	encode func(any) ([]byte, error)
}

type frame struct {
	name  string
	data  []byte
	peers []peer
}

// frames lists the three frames and, for each, wsgen first and then its peers.
func frames() []frame {
	wsgenChat := peer{"wsgen",
		func(b []byte) (any, error) { return chat.Decode(b) },
		func(v any) ([]byte, error) { return chat.Encode(v.(chat.Message)) }}
	wsgenBook := peer{"wsgen",
		func(b []byte) (any, error) { return book.Decode(b) },
		func(v any) ([]byte, error) { return book.Encode(v.(book.Message)) }}
	return []frame{
		{"chat", ChatFrame, append(append([]peer{wsgenChat}, reflectPeers[ChatMsg]()...),
			jxPeer[ChatMsg](), ogenPeer[ogenchat.Chat]())},
		{"snapshot", SnapshotFrame, append(append([]peer{wsgenChat}, reflectPeers[SnapshotMsg]()...),
			jxPeer[SnapshotMsg](), ogenPeer[ogenchat.Snapshot]())},
		{"book", BookFrame, append(append([]peer{wsgenBook}, reflectPeers[BookMsg]()...),
			jxPeer[BookMsg](), ogenPeer[ogenchat.Book]())},
	}
}

// reflectPeers are the libraries that decode into a struct by reflection (or code they
// generate at run time).
func reflectPeers[T any]() []peer {
	return []peer{
		{"encoding_json",
			func(b []byte) (any, error) { v := new(T); return v, json.Unmarshal(b, v) },
			func(v any) ([]byte, error) { return json.Marshal(v) }},
		{"jsonv2",
			func(b []byte) (any, error) { v := new(T); return v, jsonv2.Unmarshal(b, v) },
			func(v any) ([]byte, error) { return jsonv2.Marshal(v) }},
		{sonicName,
			func(b []byte) (any, error) { v := new(T); return v, sonic.Unmarshal(b, v) },
			func(v any) ([]byte, error) { return sonic.Marshal(v) }},
		{"goccy",
			func(b []byte) (any, error) { v := new(T); return v, gojson.Unmarshal(b, v) },
			func(v any) ([]byte, error) { return gojson.Marshal(v) }},
	}
}

type jxCodec interface {
	decodeJX(*jx.Decoder) error
	encodeJX(*jx.Encoder)
}

// jxPeer runs the hand-written jx codec of peers.go with jx's pooled decoder and encoder.
func jxPeer[T any, P interface {
	*T
	jxCodec
}]() peer {
	return peer{"jx",
		func(b []byte) (any, error) {
			d := jx.GetDecoder()
			d.ResetBytes(b)
			v := P(new(T))
			err := v.decodeJX(d)
			jx.PutDecoder(d)
			return v, err
		},
		func(v any) ([]byte, error) {
			e := jx.GetEncoder()
			v.(P).encodeJX(e)
			out := append([]byte(nil), e.Bytes()...)
			jx.PutEncoder(e)
			return out, nil
		}}
}

type ogenCodec interface {
	Decode(*jx.Decoder) error
	Encode(*jx.Encoder)
	Validate() error
}

// ogenPeer runs ogen's generated codec: decode then Validate, Validate then encode.
func ogenPeer[T any, P interface {
	*T
	ogenCodec
}]() peer {
	return peer{"ogen",
		func(b []byte) (any, error) {
			d := jx.GetDecoder()
			d.ResetBytes(b)
			v := P(new(T))
			err := v.Decode(d)
			jx.PutDecoder(d)
			if err == nil {
				err = v.Validate()
			}
			return v, err
		},
		func(v any) ([]byte, error) {
			if err := v.(P).Validate(); err != nil {
				return nil, err
			}
			e := jx.GetEncoder()
			v.(P).Encode(e)
			out := append([]byte(nil), e.Bytes()...)
			jx.PutEncoder(e)
			return out, nil
		}}
}

var (
	valueSink any
	bytesSink []byte
)

// BenchmarkDecode/<frame>/<peer>: one frame into a new value.
func BenchmarkDecode(b *testing.B) {
	for _, f := range frames() {
		b.Run(f.name, func(b *testing.B) {
			for _, p := range f.peers {
				b.Run(p.name, func(b *testing.B) {
					b.ReportAllocs()
					b.SetBytes(int64(len(f.data)))
					for b.Loop() {
						v, err := p.decode(f.data)
						if err != nil {
							b.Fatal(err)
						}
						valueSink = v
					}
				})
			}
		})
	}
}

// BenchmarkEncode/<frame>/<peer>: the peer's decoded value back into a new slice.
func BenchmarkEncode(b *testing.B) {
	for _, f := range frames() {
		b.Run(f.name, func(b *testing.B) {
			for _, p := range f.peers {
				b.Run(p.name, func(b *testing.B) {
					v, err := p.decode(f.data)
					if err != nil {
						b.Fatal(err)
					}
					b.ReportAllocs()
					b.SetBytes(int64(len(f.data)))
					for b.Loop() {
						out, err := p.encode(v)
						if err != nil {
							b.Fatal(err)
						}
						bytesSink = out
					}
				})
			}
		})
	}
}
