package wire

import (
	"testing"
)

type chatMsg struct {
	Type, ID, Room, From, Text, SentAt string
	Seq                                int64
}

var seqMin = Number("1")

// decodeChat decodes chatFrame the way generated code does: a Decoder on
// the stack, a bit mask for the known fields, exact bound checks.
func decodeChat(data []byte, m *chatMsg) error {
	var d Decoder
	d.Reset(data)
	if err := d.ObjectStart(); err != nil {
		return err
	}
	var seen uint32
	for {
		key, ok, err := d.NextKey()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		var bit uint32
		var dst *string
		switch string(key) {
		case "type":
			bit, dst = 1, &m.Type
		case "id":
			bit, dst = 2, &m.ID
		case "room":
			bit, dst = 4, &m.Room
		case "from":
			bit, dst = 8, &m.From
		case "text":
			bit, dst = 16, &m.Text
		case "sent_at":
			bit, dst = 32, &m.SentAt
		case "seq":
			bit = 64
			n, err := d.ReadNumber()
			if err != nil {
				return err
			}
			if Compare(n, seqMin) < 0 {
				return ErrRange
			}
			if m.Seq, err = n.Int64(); err != nil {
				return err
			}
		default:
			if err := d.Skip(); err != nil {
				return err
			}
		}
		if seen&bit != 0 {
			return ErrDuplicateKey
		}
		seen |= bit
		if dst != nil {
			if *dst, err = d.ReadString(); err != nil {
				return err
			}
		}
	}
	return d.End()
}

func TestAllocs(t *testing.T) {
	frame := []byte(chatFrame)
	var m chatMsg
	if err := decodeChat(frame, &m); err != nil || m.Seq != 3 || m.SentAt != "2026-01-02T03:04:05Z" {
		t.Fatalf("decodeChat = %v, %+v", err, m)
	}
	escaped := []byte(`{"k\u0065y":"v\u00e9","n":[1,{"a":"\u0062"}]}`)
	for _, tt := range []struct {
		name string
		max  float64
		f    func()
	}{
		// Six strings: six allocations, nothing else.
		{"decode chat on a fresh stack Decoder", 6, func() { _ = decodeChat(frame, &m) }},
		{"Skip on a fresh Decoder", 0, func() {
			var d Decoder
			d.Reset(snapshotFrame)
			_ = d.Skip()
		}},
		{"escaped keys and strings, reused Decoder", 0, func() {
			d := allocDecoder
			d.Reset(escaped)
			_ = d.ObjectStart()
			for {
				_, ok, _ := d.NextKey()
				if !ok {
					break
				}
				if d.Peek() == KindString {
					_, _ = d.ReadStringBytes()
				} else {
					_ = d.Skip()
				}
			}
		}},
		{"Compare, MultipleOf, Int64, Float64", 0, func() {
			_ = Compare(Number("12.50"), Number("1.25e1"))
			_ = MultipleOf(Number("0.07"), Number("0.01"))
			_, _ = Number("1e2").Int64()
			_, _ = Number("1.5e-3").Float64()
		}},
		{"Append into a buffer with room", 0, func() {
			b := allocBuf[:0]
			b = AppendString(b, "caf\u00e9 <b>")
			b = AppendFloat(b, 1.5e-9)
			b = AppendInt(b, -42)
			allocBuf = AppendBool(b, true)
		}},
		{"KeySet reused", 0, func() {
			allocKeys.Reset()
			for _, k := range [][]byte{[]byte("a"), []byte("b"), []byte("a")} {
				allocKeys.Add(k)
			}
		}},
	} {
		tt.f() // warm up reused buffers
		if got := testing.AllocsPerRun(50, tt.f); got > tt.max {
			t.Errorf("%s: %v allocations per run, want at most %v", tt.name, got, tt.max)
		}
	}
}

var (
	allocDecoder = new(Decoder)
	allocBuf     = make([]byte, 0, 256)
	allocKeys    KeySet
)
