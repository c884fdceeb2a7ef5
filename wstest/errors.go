package wstest

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors. Test with errors.Is.
var (
	// ErrClosed is returned by methods of a [Server] or [Proxy] after Close.
	ErrClosed = errors.New("wstest: closed")
	// ErrConnClosed is a step's error when the connection ended before the step could
	// finish (the client closed it, the server dropped it, or the server was stopped).
	ErrConnClosed = errors.New("wstest: connection closed")
	// ErrTokenUnknown is returned by [TokenIssuer.Check] for a token it never issued, a
	// revoked token, or a missing one.
	ErrTokenUnknown = errors.New("wstest: unknown token")
	// ErrTokenExpired is returned by [TokenIssuer.Check] for a token past its expiry.
	ErrTokenExpired = errors.New("wstest: token expired")
	// ErrTimeout is returned by the Wait methods of [Server] when the condition did not
	// hold in time.
	ErrTimeout = errors.New("wstest: timed out")
)

// ExpectError is a script's error when an [Expect] step saw no matching client message
// before its timeout. Received counts the client messages it looked at and skipped.
type ExpectError struct {
	Step     int           // index of the step in the script
	Timeout  time.Duration // the step's timeout
	Received int           // client messages seen and not matched
}

func (e *ExpectError) Error() string {
	return fmt.Sprintf("wstest: step %d: no matching client message within %v (%d other messages)", e.Step, e.Timeout, e.Received)
}

// StepError wraps the failure of one step of a connection's script.
type StepError struct {
	Step int    // index of the step in the script
	Name string // the step's String()
	Err  error
}

func (e *StepError) Error() string {
	return fmt.Sprintf("wstest: step %d (%s): %v", e.Step, e.Name, e.Err)
}

func (e *StepError) Unwrap() error { return e.Err }
