package conn

import (
	"errors"
	"fmt"

	"github.com/wsgen/wsgen/fsm"
)

// Sentinel errors. Match them with errors.Is.
var (
	// ErrNotLive is returned by Send and Request under the SendReject policy
	// when the connection is not live.
	ErrNotLive = errors.New("conn: not live")
	// ErrQueueFull is returned when the bounded send queue already holds its
	// maximum number of messages or bytes.
	ErrQueueFull = errors.New("conn: send queue full")
	// ErrOutboxFull is returned when the durable outbox holds its maximum
	// number of entries.
	ErrOutboxFull = errors.New("conn: outbox full")
	// ErrClosed is returned by calls on a Client that has been closed or has
	// failed, and by pending requests when the Client closes.
	ErrClosed = errors.New("conn: client closed")
	// ErrConnectionLost is the error of a pending request whose connection was
	// lost before its reply arrived (outbox-backed requests are retried
	// instead). It is wrapped in a *LostError carrying the close code.
	ErrConnectionLost = errors.New("conn: connection lost before the reply arrived")
	// ErrOutcomeUnknown is matched by the *LostError of a request whose
	// frame was written to its socket before the socket was lost: the server
	// may or may not have applied it. Retry only with the same idempotency
	// key (the server absorbs the repeat), or find out first.
	ErrOutcomeUnknown = errors.New("conn: sent, outcome unknown")
	// ErrNotSent is matched by the *LostError of a request whose frame never
	// left the Client (it was still queued when its socket was lost): the
	// server never saw it, so it is safe to retry with anything.
	ErrNotSent = errors.New("conn: not sent")
	// ErrDuplicateRequest is returned by Request when a request with the same
	// correlation id is already waiting for its reply.
	ErrDuplicateRequest = errors.New("conn: a request with this correlation id is already pending")
	// ErrNoCorrelationID is returned by Request for a message that has no
	// correlation-id role, so no reply could ever be matched to it.
	ErrNoCorrelationID = errors.New("conn: message has no correlation id")
	// ErrNoIdempotencyKey is returned under the SendOutbox policy for a
	// message that must be persisted but has no idempotency key and cannot be
	// given one.
	ErrNoIdempotencyKey = errors.New("conn: message has no idempotency key")
	// ErrInvalidURL is returned by New and Dial for a URL the Client could
	// never connect to: anything but an absolute ws:// or wss:// URL with a
	// host, no user info and no fragment. The error wrapping it says why; it
	// quotes neither the query nor the user info, which may hold secrets.
	ErrInvalidURL = errors.New("conn: invalid URL")
	// ErrOutboxCorrupt is matched by the error of an Outbox whose stored
	// data is damaged (boltoutbox: a *CorruptError naming the file and what
	// to do). New fails with it when the entries cannot be read.
	ErrOutboxCorrupt = errors.New("conn: outbox damaged")
	// ErrFrameTooLarge is returned by Send for a message whose encoding is
	// larger than the queue's byte limit on its own.
	ErrFrameTooLarge = errors.New("conn: message larger than the send queue")
)

// LostError is the error of a pending request whose connection ended before
// its reply arrived. It matches ErrConnectionLost with errors.Is.
type LostError struct {
	// Code and Reason are the close code and its reason when the server
	// sent a close frame; Code is 1006 for a transport loss.
	Code   int
	Reason string
	// Err is the transport error, if any.
	Err error
	// Sent reports whether the request's frame was written to the socket
	// (errors.Is ErrOutcomeUnknown) or never left (ErrNotSent).
	Sent bool
}

func (e *LostError) Error() string {
	s := fmt.Sprintf("conn: connection lost before the reply arrived (close %d", e.Code)
	if e.Reason != "" {
		s += " " + fmt.Sprintf("%q", e.Reason)
	}
	s += ")"
	if e.Sent {
		s += ", sent, outcome unknown"
	} else {
		s += ", not sent"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Is reports whether target is ErrConnectionLost, or ErrOutcomeUnknown
// (Sent) or ErrNotSent (not Sent).
func (e *LostError) Is(target error) bool {
	switch target {
	case ErrConnectionLost:
		return true
	case ErrOutcomeUnknown:
		return e.Sent
	case ErrNotSent:
		return !e.Sent
	}
	return false
}

// Unwrap returns the transport error.
func (e *LostError) Unwrap() error { return e.Err }

// InvalidFrameError reports an inbound frame that failed to decode. The frame
// is skipped; the connection stays up. It is the Err of the NoticeInvalid
// passed to Options.OnNotice.
type InvalidFrameError struct {
	// Generation is the connection generation that received the frame.
	Generation uint64
	// Size is the frame's length in bytes; the frame itself is not kept,
	// as it may hold sensitive text.
	Size int
	// Err is the codec's error.
	Err error
}

func (e *InvalidFrameError) Error() string {
	return fmt.Sprintf("conn: invalid frame (%d bytes) skipped: %v", e.Size, e.Err)
}

// Unwrap returns the codec's error.
func (e *InvalidFrameError) Unwrap() error { return e.Err }

// FailedError is what Run (and Wait, Dial) return when the Client ended in
// failed: Change is the change into failed.
type FailedError struct {
	Change fsm.Change
}

func (e *FailedError) Error() string {
	s := "conn: failed: " + e.Change.Reason
	if e.Change.CloseCode != 0 {
		s += fmt.Sprintf(" (close %d)", e.Change.CloseCode)
	}
	return s
}

// Unwrap returns the underlying error of the change, if any.
func (e *FailedError) Unwrap() error { return e.Change.Err }
