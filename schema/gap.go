package schema

import (
	"time"
)

// GapPolicy says how a client recovers a stream from a sequence gap: an event whose
// sequence number is ahead of the next one expected, the events between missing. The
// client holds the stream's later events until the gap closes; the policy says how it
// closes when the missing events do not arrive by themselves.
type GapPolicy string

// The gap policies (root x-wsgen "gap" "policy").
const (
	// GapSnapshot asks the server for the stream's events after the last one applied,
	// with the snapshot request, and applies the snapshot reply; the request is repeated
	// after GapTimeout, 2× and 4× that, then the client reconnects.
	GapSnapshot GapPolicy = "snapshot"
	// GapSkip waits GapTimeout for the missing events, then applies the held events past
	// the gap, with a notice: for streams where a lost event is acceptable.
	GapSkip GapPolicy = "skip"
	// GapReconnect forgets the stream's state and reconnects at once, so that the server
	// replays or resubscribes.
	GapReconnect GapPolicy = "reconnect"
)

// MinGapTimeout and MaxGapTimeout bound the root x-wsgen "gap" "timeout".
const (
	MinGapTimeout = 10 * time.Millisecond
	MaxGapTimeout = time.Hour
)

// gap reads the root x-wsgen "gap": {"policy": "snapshot" | "skip" | "reconnect",
// "timeout": "5s"}, both optional; gapChecks decides once the messages are built.
func (b *builder) gap(n *node, ptr string) {
	b.gapPtr = ptr
	if n.kind != 'o' {
		b.errorf(ptr, `gap must be an object {"policy": "snapshot" | "skip" | "reconnect", "timeout": "5s"}`)
		return
	}
	b.gapSet = true
	for _, m := range n.members {
		mp := ptr + "/" + escapePointer(m.name)
		switch m.name {
		case "policy":
			b.gapPolicy = true
			switch p := GapPolicy(str(m.value)); p {
			case GapSnapshot, GapSkip, GapReconnect:
				b.p.Gap = p
			default:
				b.errorf(mp, "gap policy must be \"snapshot\", \"skip\" or \"reconnect\"")
			}
		case "timeout":
			d, err := time.ParseDuration(str(m.value))
			switch {
			case m.value.kind != 's' || err != nil:
				b.errorf(mp, "gap timeout must be a duration string such as \"5s\" or \"500ms\"")
			case d < MinGapTimeout || d > MaxGapTimeout:
				b.errorf(mp, "gap timeout %s is out of range: it must be between %s and %s", m.value.str, MinGapTimeout, MaxGapTimeout)
			default:
				b.p.GapTimeout = d
			}
		default:
			b.errorf(mp, "unknown gap key %q (known: policy, timeout)", m.name)
		}
	}
}

// gapChecks settles the protocol's gap policy: a protocol in which a message the client
// receives has a sequence role needs one — written, or snapshot by default when the
// protocol declares a snapshot request and reply — and the policy must be one the
// protocol can carry out.
func (b *builder) gapChecks() {
	var seq *Message
	snapshot := false
	for _, m := range b.p.Messages {
		if seq == nil && m.Sequence != nil && m.Direction.Inbound() {
			seq = m
		}
		snapshot = snapshot || m.SnapshotRequest
	}
	switch {
	case seq == nil:
		if b.gapSet {
			b.errorf(b.gapPtr, "no message the client receives has a sequence role, so there is no gap to recover: remove gap")
		}
		b.p.Gap, b.p.GapTimeout = "", 0
	case b.p.Gap == GapSnapshot && !snapshot:
		b.errorf(b.gapPtr+"/policy", "gap policy snapshot needs a snapshot request and reply (x-wsgen \"snapshot\": \"request\" and \"reply\" on two messages); without them choose \"skip\" or \"reconnect\"")
	case b.p.Gap == GapReconnect && b.p.GapTimeout != 0:
		b.errorf(b.gapPtr+"/timeout", "gap policy reconnect reconnects at once: a timeout has no effect")
	case b.p.Gap == "" && snapshot:
		b.p.Gap = GapSnapshot
	case b.p.Gap == "" && !b.gapPolicy:
		b.errorf(seq.Pointer+"/x-wsgen/sequence", "message %s has a sequence role but the protocol has no gap policy, so a gap would hold the stream's later events forever: set the root x-wsgen \"gap\": {\"policy\": \"snapshot\"} (ask the server for the missed events; needs snapshot request and reply messages, and is the default with them), {\"policy\": \"skip\"} (apply the later events after the timeout, with a notice) or {\"policy\": \"reconnect\"} (reconnect at once)", seq.Name)
	}
}
