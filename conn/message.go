package conn

// Message is one protocol message. Generated packages implement it with
// pointer types; conn only needs the wire type name.
type Message interface {
	MessageType() string
}

// Codec turns frames into messages and back. Use [CodecOf] to adapt a
// generated package's Decode and Encode functions.
type Codec interface {
	Decode(data []byte) (Message, error)
	Encode(m Message) ([]byte, error)
}

// CodecOf adapts the package-level Decode and Encode functions of a
// generated package, whose Message type M is its own interface:
//
//	conn.CodecOf(chat.Decode, chat.Encode)
func CodecOf[M Message](decode func([]byte) (M, error), encode func(M) ([]byte, error)) Codec {
	return funcCodec[M]{decode, encode}
}

type funcCodec[M Message] struct {
	decode func([]byte) (M, error)
	encode func(M) ([]byte, error)
}

func (c funcCodec[M]) Decode(data []byte) (Message, error) {
	m, err := c.decode(data)
	if err != nil {
		return nil, err
	}
	return m, nil
}

func (c funcCodec[M]) Encode(m Message) ([]byte, error) {
	mm, ok := m.(M)
	if !ok {
		return nil, &WrongMessageError{Type: m.MessageType()}
	}
	return c.encode(mm)
}

// WrongMessageError is returned by a Codec made with CodecOf for a message
// of another protocol.
type WrongMessageError struct{ Type string }

func (e *WrongMessageError) Error() string {
	return "conn: message " + e.Type + " does not belong to the protocol's codec"
}

// Role interfaces: generated messages implement the ones whose role their
// schema declares. conn discovers roles with type assertions.
type (
	// EventIDer is implemented by messages with an event id; the runtime
	// drops an inbound message whose id it has already applied.
	EventIDer interface{ RoleEventID() string }
	// Sequenced is implemented by messages ordered within a stream.
	Sequenced interface {
		RoleStream() string
		RoleSequence() int64
	}
	// Correlated is implemented by messages carrying a correlation id: a
	// request, or the reply that answers it.
	Correlated interface{ RoleCorrelationID() string }
	// CorrelationSetter lets Request fill in a missing correlation id.
	CorrelationSetter interface{ SetRoleCorrelationID(string) }
	// Idempotent is implemented by messages carrying an idempotency key.
	Idempotent interface{ RoleIdempotencyKey() string }
	// IdempotencySetter lets the outbox fill in a missing idempotency key.
	IdempotencySetter interface{ SetRoleIdempotencyKey(string) }
	// Snapshotter is implemented by a snapshot reply (IsSnapshot returns
	// true); Protocol.SnapshotReplyType is the alternative.
	Snapshotter interface{ IsSnapshot() bool }
	// SnapshotEvents is implemented by a snapshot reply that carries events
	// (each with an event id). Before the snapshot is delivered, conn calls
	// FilterEvents with keep, which reports false for an event id already
	// delivered (and remembers the new ones); the snapshot must drop the
	// events keep refuses. A snapshot overlapping events already delivered
	// (a server that does not honour after_seq exactly) thus delivers none
	// of them twice.
	SnapshotEvents interface {
		FilterEvents(keep func(eventID string) bool)
	}
)

func eventID(m Message) string {
	if e, ok := m.(EventIDer); ok {
		return e.RoleEventID()
	}
	return ""
}

func correlationID(m Message) string {
	if c, ok := m.(Correlated); ok {
		return c.RoleCorrelationID()
	}
	return ""
}

func idempotencyKey(m Message) string {
	if c, ok := m.(Idempotent); ok {
		return c.RoleIdempotencyKey()
	}
	return ""
}
