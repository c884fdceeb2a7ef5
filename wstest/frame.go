package wstest

import "encoding/binary"

// appendFrame appends one unmasked (server-to-client) WebSocket frame to b: opcode op,
// the FIN bit when fin is true, and payload p. RFC 6455 section 5.2.
func appendFrame(b []byte, op byte, fin bool, p []byte) []byte {
	b0 := op & 0x0f
	if fin {
		b0 |= 0x80
	}
	b = append(b, b0)
	switch n := len(p); {
	case n < 126:
		b = append(b, byte(n))
	case n <= 0xffff:
		b = append(b, 126)
		b = binary.BigEndian.AppendUint16(b, uint16(n))
	default:
		b = append(b, 127)
		b = binary.BigEndian.AppendUint64(b, uint64(n))
	}
	return append(b, p...)
}
