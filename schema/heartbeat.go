package schema

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// The root x-wsgen "heartbeat": literal text frames and the client's period.

var heartbeatKeys = map[string]bool{"ping": true, "pong": true, "intervalMs": true}

// Bounds of a heartbeat setting.
const (
	maxHeartbeatLiteral  = 125 // bytes: as long as a WebSocket control payload
	minHeartbeatInterval = 100 * time.Millisecond
	maxHeartbeatInterval = time.Hour
)

// rootHeartbeat reads {"ping": "ping", "pong": "pong", "intervalMs": 20000}.
func (b *builder) rootHeartbeat(n *node, ptr string) {
	if n.kind != 'o' {
		b.errorf(ptr, "heartbeat must be an object {ping, pong, intervalMs}")
		return
	}
	h := &Heartbeat{Pointer: ptr}
	ok := true
	for _, m := range n.members {
		mp := ptr + "/" + escapePointer(m.name)
		if !heartbeatKeys[m.name] {
			b.errorf(mp, "unknown heartbeat key %q (known: intervalMs, ping, pong)", m.name)
			ok = false
			continue
		}
		switch m.name {
		case "ping", "pong":
			v := m.value
			if v.kind != 's' || v.str == "" || len(v.str) > maxHeartbeatLiteral || !utf8.ValidString(v.str) {
				b.errorf(mp, "%s must be a non-empty text frame of at most %d bytes", m.name, maxHeartbeatLiteral)
				ok = false
				continue
			}
			if m.name == "ping" {
				h.Ping = v.str
			} else {
				h.Pong = v.str
			}
		case "intervalMs":
			v, err := strconv.ParseInt(string(m.value.num), 10, 64)
			d := time.Duration(v) * time.Millisecond
			if m.value.kind != 'n' || err != nil || d < minHeartbeatInterval || d > maxHeartbeatInterval {
				b.errorf(mp, "intervalMs must be an integer of milliseconds from %d to %d", minHeartbeatInterval.Milliseconds(), maxHeartbeatInterval.Milliseconds())
				ok = false
				continue
			}
			h.Interval = d
		}
	}
	if h.Ping != "" && h.Ping == h.Pong {
		b.errorf(ptr, "ping and pong are the same frame %q: an answer could not be told from a request", h.Ping)
		ok = false
	}
	if ok {
		b.p.Heartbeat = h
	}
}

// heartbeatChecks ties the root setting to the message marked x-wsgen heartbeat that the
// client sends: with an interval, the client sends that message (or else the literal
// ping) every interval, so the message must need no value the runtime cannot invent.
func (b *builder) heartbeatChecks() {
	var out []*Message
	for _, m := range b.p.Messages {
		if m.Heartbeat && m.Direction != DirServer {
			out = append(out, m)
		}
	}
	h := b.p.Heartbeat
	if h == nil || h.Interval == 0 {
		return
	}
	if len(out) > 1 {
		b.errorf(out[1].Pointer+"/x-wsgen/heartbeat", "messages %q and %q are both client heartbeats; with heartbeat intervalMs the client sends one of them, so at most one may be marked", out[0].Name, out[1].Name)
		return
	}
	if len(out) == 0 {
		if h.Ping == "" {
			b.errorf(h.Pointer+"/intervalMs", "an interval needs something to send: a ping literal, or a message the client sends marked x-wsgen heartbeat")
		}
		return
	}
	m := out[0]
	if len(m.Type.Positions) > 0 {
		b.errorf(m.Pointer+"/x-wsgen/heartbeat", "the client sends %q every heartbeat interval, built with no values, but it is a tuple whose positions need values", m.Name)
		return
	}
	for _, f := range m.Type.Properties {
		if f.Required && !f.Discriminator {
			b.errorf(m.Pointer+"/x-wsgen/heartbeat", "the client sends %q every heartbeat interval, built with no values, but it requires member %q; make the member optional or a discriminator const", m.Name, f.Name)
			return
		}
	}
	h.Message = m
}
