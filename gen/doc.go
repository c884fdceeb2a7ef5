// Package gen turns a checked protocol ([schema.Protocol]) into the Go source of a typed
// codec and dispatcher, with dave/jennifer. [Generate] is pure: it returns file names
// ([Files]) and gofmt-formatted bytes, writes nothing, and gives the same bytes for the
// same protocol (no timestamps; the header names the schema path as given, or its base
// name if it was absolute). Generated code imports only the standard library and
// github.com/wsgen/wsgen/wire, and uses no reflection.
//
// # The generated package
//
// For a protocol with messages "chat", "send_chat", … the package declares:
//
//   - one struct per message, named the Go CamelCase of its $defs key (send_chat →
//     SendChat), fields named the CamelCase of the property with Go initialisms (id → ID,
//     sent_at → SentAt); json tags name the wire members, so encoding/json can read the
//     structs as plain data (it does not check the schema or write the discriminator);
//   - Message, a sealed interface implemented by the message pointer types, with
//     MessageType() string and LogValue() slog.Value; constants TypeChat = "chat", …;
//   - Decode(data []byte) (Message, error) for messages of any direction, and
//     Encode(m Message) ([]byte, error);
//   - *DecodeError{Type, Pointer, Reason, Err} (Unwrap gives the wire error, or
//     ErrUnknownType for a discriminator naming no message; Type then holds the name)
//     and *EncodeError{Type, Pointer, Reason};
//   - Handler, with one OnX(ctx, *X) error method per inbound message (direction server
//     or both) and OnUnknown(ctx, typ, frame) error; UnimplementedHandler to embed;
//     Dispatch(ctx, h, m) and DispatchFrame(ctx, h, frame) (an unknown type goes to
//     OnUnknown, other decode errors are returned);
//   - role accessors on the messages that have the role: RoleEventID() string,
//     RoleStream() string, RoleSequence() int64, RoleCorrelationID() string,
//     RoleIdempotencyKey() string, and SetRoleCorrelationID(string),
//     SetRoleIdempotencyKey(string); an absent optional role field reads as "" or 0;
//   - for a date-time field X, XTime() (time.Time, error) parsing it as RFC 3339;
//   - Messages []MessageInfo{Type, Direction, Inbound, role member names, Sensitive,
//     SnapshotRequest, SnapshotReply, Heartbeat, New} and LookupMessage(typ);
//   - CloseCode{Code, Name, Action, MinDelay} and CloseCodes, sorted by code;
//   - SnapshotRequestType and SnapshotReplyType (wire names, "" without snapshots) and,
//     when the protocol has a snapshot request, NewSnapshotRequest(stream string,
//     afterSeq int64) Message, which fills the stream and sequence fields (the caller
//     sets the correlation id). The snapshot reply is recognised by
//     m.MessageType() == SnapshotReplyType and read through RoleStream/RoleSequence;
//   - SchemaPath, the schema path in the header.
//
// # Representation
//
//   - A schema accepting one kind of value maps to a Go type: boolean → bool, integer →
//     int64, number → float64, string → string (a named string type with one constant
//     per value for a string enum: PresenceStatusOnline), object → a named struct (or a
//     named map[string]T when it has only additionalProperties), array → a named slice.
//   - A required member that allows null is Nullable[T]{Value T; Null bool}; an optional
//     member is a pointer (nil: absent), so *Nullable[T] tells absent, null and a value
//     apart. A value allowing several kinds (or "{}", or false) is json.RawMessage,
//     checked in full and kept byte for byte; nil means absent.
//   - A nested oneOf of object types told apart by a const member (a tagged union) is a
//     sealed interface implemented by the variants' pointer types; Decode picks the
//     variant by that member. An optional union, like a raw value, is nil when absent.
//   - An object that allows additional members keeps the unknown ones in Extra:
//     []Member{Name, Value} in the order received (additionalProperties absent or true),
//     or map[string]T (additionalProperties a schema). Encode writes declared members in
//     schema order, then Extra (maps in sorted key order).
//
// # Checks
//
// Decode accepts exactly what the schema accepts (the JSON-Schema-Test-Suite runs as a
// differential test), plus these documented refusals: duplicate member names, invalid
// UTF-8, escaped lone surrogates, and numbers the Go field cannot hold (an integer beyond
// int64, a number beyond float64's range). Bounds, multipleOf, enum and const are
// checked on the exact decimal literal (wire.Number), lengths in code points, patterns
// with Go's regexp (RE2; the schema package refuses others). Decode never panics and does
// not recurse on input nesting (wire.Decoder limits depth).
//
// Encode does not re-check the schema's constraints: a value built in Go is written as
// it is, so Encode(Decode(x)) is always valid but a hand-built message may not be. It
// refuses only what JSON cannot hold (NaN, infinities, invalid raw JSON, a nil message
// or a missing required raw value).
package gen
