package conn

import "github.com/wsgen/wsgen/fsm"

// StateChange is one state change as published to Options.OnState.
type StateChange struct {
	fsm.Change
	// Generation is the connection generation current at the change (it
	// grows by one with every socket that opens).
	Generation uint64
	// Missed counts the changes dropped before this one because the
	// observer was more than Options.StateBuffer changes behind.
	Missed int
}

// NoticeKind says what a Notice reports.
type NoticeKind string

// The notice kinds.
const (
	// NoticeDropped: an inbound event was not delivered. Reason is
	// "duplicate" (its event id was already applied), "stale" (its sequence
	// was already applied or is covered by a snapshot), "overflow" (too
	// many events held while a snapshot is awaited), "jump" (beyond
	// Options.MaxSeqJump), "evicted" (held by an evicted stream), "oversized
	// id" or "oversized stream" (beyond MaxIDLength, MaxStreamName).
	NoticeDropped NoticeKind = "dropped"
	// NoticeGap: an event skipped sequence numbers on Stream (Expected was
	// due, Seq arrived); the protocol's GapPolicy recovers it. Reason is
	// "skipped" when GapSkip gave up waiting and applied the held events
	// past the gap, "reconnect" when the gap is recovered by reconnecting.
	NoticeGap NoticeKind = "gap"
	// NoticeSnapshot: a snapshot reply covering Stream up to Seq was applied.
	NoticeSnapshot NoticeKind = "snapshot"
	// NoticeInvalid: a frame failed to decode and was skipped; Err is an
	// *InvalidFrameError.
	NoticeInvalid NoticeKind = "invalid"
	// NoticeHandlerError: the Handler returned Err for the message.
	NoticeHandlerError NoticeKind = "handler_error"
	// NoticeEvicted: the sequencing state of Stream was evicted to make
	// room for a new stream (Options.MaxStreams); its next event sets a new
	// baseline.
	NoticeEvicted NoticeKind = "evicted"
)

// Notice reports what the inbound pipeline did with a frame besides
// delivering it. Fields not relevant to the Kind are zero.
type Notice struct {
	Kind     NoticeKind
	Type     string // message type
	EventID  string
	Stream   string
	Seq      int64
	Expected int64
	Reason   string
	Err      error
}
