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
	// was already applied or is covered by a snapshot) or "overflow" (too
	// many events held while a snapshot is awaited).
	NoticeDropped NoticeKind = "dropped"
	// NoticeGap: an event skipped sequence numbers on Stream (Expected was
	// due, Seq arrived); a snapshot after Expected-1 was requested.
	NoticeGap NoticeKind = "gap"
	// NoticeSnapshot: a snapshot reply covering Stream up to Seq was applied.
	NoticeSnapshot NoticeKind = "snapshot"
	// NoticeInvalid: a frame failed to decode and was skipped; Err is an
	// *InvalidFrameError.
	NoticeInvalid NoticeKind = "invalid"
	// NoticeHandlerError: the Handler returned Err for the message.
	NoticeHandlerError NoticeKind = "handler_error"
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
