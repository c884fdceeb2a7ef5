package fsm

import (
	"errors"
	"fmt"
)

// Sentinel errors, found with errors.Is.
var (
	// ErrInvalidEvent: the event cannot happen in this state (a driver bug,
	// for example EventDialed with no dial in flight). The machine is unchanged.
	ErrInvalidEvent = errors.New("fsm: event not valid in this state")
	// ErrTerminal: the machine is closed or failed and takes no more events.
	ErrTerminal = errors.New("fsm: machine is closed or failed")
	// ErrUnknownEvent: the event is not one of [Events].
	ErrUnknownEvent = errors.New("fsm: unknown event")
	// ErrUnknownCloseAction: ParseCloseAction got an unknown name.
	ErrUnknownCloseAction = errors.New("fsm: unknown close action")
	// ErrUnknownJitter: ParseJitter got an unknown name.
	ErrUnknownJitter = errors.New("fsm: unknown jitter strategy")
	// ErrCloseCodeRange: a protocol close rule is outside 4000–4999.
	ErrCloseCodeRange = errors.New("fsm: protocol close code outside 4000-4999")
)

// EventError reports an event the machine refused. Err is [ErrInvalidEvent],
// [ErrTerminal] or [ErrUnknownEvent].
type EventError struct {
	State State
	Event Event
	Err   error
}

func (e *EventError) Error() string {
	return fmt.Sprintf("fsm: %s in state %s: %v", e.Event, e.State, e.Err)
}

func (e *EventError) Unwrap() error { return e.Err }
