// Package gen turns a checked protocol ([schema.Protocol]) into the Go source of a typed
// codec and dispatcher, with dave/jennifer. [Generate] is pure: it returns file names
// ([Files]) and gofmt-formatted bytes, writes nothing, and gives the same bytes for the
// same protocol (no timestamps; the header names the schema path as given, or its base
// name if it was absolute). Generated code imports only the standard library,
// github.com/wsgen/wsgen/wire (the scanner, numbers, encoders) and its versioned helper
// package wire/wireimpl, and uses no reflection; the typed client file (wsgen_client.go)
// also imports the runtime, packages conn and fsm. What does not depend on the protocol
// lives in wireimpl, not in each generated package: wsgen_runtime.go holds only the
// package's error types, Member, Nullable, the conversion of wire's errors into
// DecodeError and EncodeError, and a compile-time assertion that the linked wireimpl
// supports [RuntimeVersion] (a mismatched generator and runtime fail to build with a
// message naming what to run; see package wireimpl). A field's decoder is one checked read
// (wireimpl.ReadString(d, 1, 64), wireimpl.ReadInt(d, 1, math.MaxInt64), …) and an error
// check, followed by the checks wireimpl cannot know (pattern, enum, const, multipleOf).
//
// # The generated package
//
// For a protocol with messages "chat", "send_chat", … the package declares:
//
//   - one struct per message, named the Go CamelCase of its $defs key (send_chat →
//     SendChat), fields named the CamelCase of the property with Go initialisms (id → ID,
//     sent_at → SentAt), or the x-wsgen "goName" of the message or property (see package
//     schema); the doc comment of a message or named type carries its schema's "title" and
//     "description", a field's those of its property (written beside a $ref too, else the
//     referenced type's); json tags name the wire members, so encoding/json can read the
//     structs as plain data (it does not check the schema or write the discriminator);
//     a member whose name encoding/json cannot take from a tag (a comma, quote,
//     backslash, backquote, control character or symbol such as "€" in it; see
//     encoding/json's tag rules) is tagged json:"-": encoding/json leaves it out rather
//     than use another name, while Decode and Encode handle it like any member;
//   - Message, a sealed interface implemented by the message pointer types, with
//     MessageType() string and LogValue() slog.Value; constants TypeChat = "chat", …;
//   - Decode(data []byte) (Message, error) for messages of any direction, and
//     Encode(m Message) ([]byte, error) (which writes the required string and integer
//     consts of a message, its fixed members, first, and refuses what Decode would refuse;
//     see Checks), and Validate() error on every message and named composite type;
//   - *DecodeError{Type, Pointer, Reason, Err} (Unwrap gives the wire error, or
//     ErrUnknownType for a frame no message's route matches — Type then holds the first
//     discriminator's string value — or ErrAmbiguousType for one several match with no
//     precedence to decide) and *EncodeError{Type, Pointer, Reason};
//   - Handler, with one OnX(ctx, *X) error method per inbound message (direction server
//     or both) and OnUnknown(ctx, typ, frame) error; UnimplementedHandler to embed;
//     Dispatch(ctx, h, m) and DispatchFrame(ctx, h, frame) (an unknown type goes to
//     OnUnknown, other decode errors are returned);
//   - role accessors on the messages that have the role: RoleEventID() string,
//     RoleStream() string, RoleSequence() int64, RoleCorrelationID() string,
//     RoleIdempotencyKey() string, and SetRoleCorrelationID(string),
//     SetRoleIdempotencyKey(string); an absent optional role field reads as "" or 0.
//     A sequence kind adds RoleSequencePrev() int64 (chained), RoleSequenceFirst() int64
//     (range) or RoleSequencePerSocket() (socket; with RoleStream() "" when the message
//     has no stream role), which conn's SequenceChained, SequenceRange and
//     SocketSequenced interfaces read.
//     An integer event id or correlation id reads in decimal, and SetRoleCorrelationID
//     keeps a decimal id within the field's bounds and otherwise stores a stable hash of
//     the text in 1..2^53-1 (narrowed to the field's minimum and maximum; wireimpl.IntID):
//     package conn makes ids as random text and reads them back to match replies;
//   - for a date-time field X, XTime() (time.Time, error) parsing it as RFC 3339;
//   - Messages() []MessageInfo{Type, Direction, Inbound, role member names, Sensitive,
//     SnapshotRequest, SnapshotReply, Heartbeat, New} and LookupMessage(typ);
//   - CloseCode{Code, Name, Action, MinDelay} and CloseCodes(), sorted by code; both
//     tables are functions returning copies, so no caller can change them for another;
//   - SnapshotRequestType and SnapshotReplyType (wire names, "" without snapshots) and,
//     when the protocol has a snapshot request, NewSnapshotRequest(stream string,
//     afterSeq int64) Message, which fills the stream and sequence fields (the caller
//     sets the correlation id). The snapshot reply is recognised by
//     m.MessageType() == SnapshotReplyType and read through RoleStream/RoleSequence;
//   - a package doc comment (in wsgen_protocol.go) naming the protocol description, with
//     the schema's title and description, and saying how to regenerate. The schema path
//     appears only in comments: a relative path means nothing to the package's importers.
//
// Imports are grouped as goimports groups them (standard library, blank line, others),
// and doc comments use "an" before a vowel sound ("OnAck handles an "ack" message").
//
// # The typed client
//
// Unless [Options.Client] is [ClientOmit] (wsgen generate -client=false), a protocol with
// at least one inbound message also gets wsgen_client.go, a client over package conn:
//
//   - Protocol() *conn.Protocol: the codec (conn.CodecOf(Decode, Encode)), the snapshot
//     request (NewSnapshotRequest) and reply type, the reply types (every message some
//     request names in its x-wsgen "reply"), and the close codes as fsm.CloseRule values
//     (conn merges them over fsm.DefaultCloseRules);
//   - Client, wrapping a *conn.Client; NewClient(url, h Handler, opts *conn.Options) and
//     DialClient(ctx, url, h, opts), which fill opts.Protocol with Protocol() when nil and
//     register h once, through Dispatch, for every connection of the Client (h is the
//     only way in: a non-nil opts.Handler is an error);
//   - one method per message the client sends (direction client or both), named for the
//     message (send_chat → SendChat). A message with a declared reply waits for it:
//     SendChat(ctx, *SendChat) (*Ack, error) through conn.Client.Request, or (Message,
//     error) when several messages may answer; a reply of another declared type is an
//     *UnexpectedReplyError. A message without one is sent under the send policy:
//     Typing(ctx, *Typing) error through conn.Client.Send. A message whose name is taken
//     by a Client method (Start, Run, State, Wait, Close, Finish, SetNetwork, Done, Err,
//     Conn) or by another sender is "Send" + its name (close → SendClose);
//   - the passthroughs Start, Run, State, Wait, Close, Finish, SetNetwork, Done, Err, and
//     Conn for the *conn.Client itself.
//
// # Representation
//
//   - A schema accepting one kind of value maps to a Go type: boolean → bool, integer →
//     int64, number → float64, string → string (a named string type with one constant
//     per value for a string enum: PresenceStatusOnline; a named int64 type for an
//     integer enum, its constants named for the values: SubscribeDepth10,
//     SubscribeDepthMinus1, and none for a value int64 cannot hold), object → a named struct (or a
//     named map[string]T when it has only additionalProperties), array → a named slice.
//   - A number declared decimal (x-wsgen "decimal" on it, its $defs type or the root) is a
//     wire.Decimal, kept exactly and written back byte for byte; a string declared decimal
//     (a number sent as a string) stays a string and gets XDecimal() (wire.Decimal, error).
//   - An array with prefixItems (a tuple) is a named struct with one field per position
//     (named by the position's x-wsgen goName, else P0, P1, …; optional, as a pointer, from
//     minItems on) and Rest for the values after them (typed by items; absent items keeps
//     them as json.RawMessage; items false or maxItems leaves no Rest); Decode and Encode
//     read and write it positionally. See docs/values.md.
//   - A oneOf or anyOf whose branches accept distinct JSON kinds (string | number | array
//     | object …) is a sealed interface with one Go type per branch (a named wrapper for a
//     scalar branch: NoticeErrorString; the branch's struct pointer, slice or enum type
//     otherwise), chosen by the kind of the value.
//   - Members whose names differ only in case ("e", "E") get distinct Go names: the one
//     with the fewest upper-case letters keeps its name, the others get "Upper",
//     "Upper2"… (E and EUpper).
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
// Encode refuses any value Decode would refuse: the generated encoders check, while they
// append, every constraint the decoders check (lengths in code points, patterns with the
// same matchers, enum and const, bounds and multipleOf on the exact literal written,
// minItems, maxItems and uniqueItems, required members and raw values run through the
// decoder's own check functions, one oneOf branch of required members, an Extra member
// not named like a declared one nor twice), emitted by the same generator functions as
// the decoders' checks, and refuse with an *EncodeError{Type, Pointer, Reason} before
// anything is returned: the reason is the decoder's, and the pointer the one Decode would
// give for the written frame. Encode also refuses what JSON cannot hold (NaN, infinities,
// invalid UTF-8, invalid raw JSON, a nil message or a missing required raw value). So
// Decode accepts whatever Encode returns, and the typed client's
// senders, which encode before anything is queued, refuse an invalid message with that
// *EncodeError. Every message and every named struct, array, map and tuple type has
// Validate() error: the same checks, writing into a scratch buffer that is discarded.
//
// # Routing
//
// Decode finds a frame's message by its route (schema.Route, docs/routing.md): a
// generated route function reads the frame's top-level members once, descending only
// into the objects that hold nested discriminators, and narrows a bit set of candidate
// messages with masks computed from the routes (a string switch per discriminator, a
// number switch for integer ones, prefix/suffix tests or a regexp for patterns, presence
// bits for shape routes). It stops as soon as one candidate is left — that message's
// decoder checks the rest of its route — and otherwise decides at the end of the members,
// applying the protocol's precedence to several candidates. No candidate is decoded on
// trial. MessageInfo.Route describes each route.
//
// Decode accepts exactly what the schema accepts (the JSON-Schema-Test-Suite runs as a
// differential test), plus these documented refusals: duplicate member names, invalid
// UTF-8, escaped lone surrogates, and numbers the Go field cannot hold (an integer beyond
// int64, a number beyond float64's range, and a literal float64 does not give back
// exactly: more significant digits than it keeps, or an underflow to 0 or to a subnormal
// that prints differently — a *wire.InexactError; declare such members decimal). Bounds, multipleOf, enum and const are
// checked on the exact decimal literal (wire.Number), lengths in code points, patterns
// with Go's regexp on their translation to RE2 syntax with the ECMA-262 meaning
// ([schema.RE2Pattern]: \s includes the Unicode spaces, "." excludes \r, U+2028 and
// U+2029; error reasons quote the pattern as written), except that anchored ASCII-only
// patterns such as "^[a-z0-9][a-z0-9_-]*$" become generated byte-table loops, and other
// ASCII-only patterns (groups, alternation, repetition, anchored or not, such as
// "^(0|[1-9][0-9]*)(\.[0-9]+)?$") an automaton over byte classes that wsgen builds from
// the pattern (at most 200 states; no case folding, '.', negated class or assertion
// other than ^ and $). Decode never panics and does not recurse on input nesting
// (wire.Decoder limits depth).
//
// A DecodeError's Pointer names the exact value at fault, also when the refusal (a
// duplicate member name, invalid UTF-8, an escaped lone surrogate, nesting too deep) is
// found inside a value kept as raw JSON, a kept unknown member or a member skipped while
// looking for the discriminator: {"comment":{"a":1,"a":2}} gives "/comment/a" and the
// reason `duplicate member "a"` (the wire error, with its input offset, stays in Err).
// The location is recomputed with wire.ErrorPointer on the error path only.
//
// # Privacy of errors and formatted values
//
// No error text or formatted message holds a sensitive member's value (x-wsgen
// "sensitive"), and no error grows with its input:
//
//   - a DecodeError quotes at most the first 64 bytes of an input value or member name,
//     cut before a UTF-8 sequence (shorter when escapes would make the quote longer than
//     128 bytes), then "… (N bytes)" with the full length: a 1 MiB unknown discriminator
//     gives a 209-byte error (DecodeError.Type keeps the value as received, for
//     OnUnknown); a Pointer keeps each input member name to the same bound and is at most
//     about 256 bytes, its middle tokens elided as "…(K more)" (wireimpl.Locate);
//   - the refusal of a sensitive member's value, or of any value inside it, names the
//     pointer and what was expected, never the value ("expected integer (value hidden:
//     sensitive)", wireimpl.AtSensitive); reasons that quote no value (bounds, lengths,
//     patterns, kinds) are kept, and the wrapped wire error is replaced by one without the
//     value (errors.Is still finds wire.ErrInexact and *wire.SyntaxError);
//   - a message with sensitive members has String, GoString and Format methods (on the
//     value, so for *X too): fmt prints it as it prints the struct, with every verb and
//     flag (%v, %+v, %#v, %s, %q), but each sensitive member as [redacted] (<nil> when an
//     optional one is absent) and without the leading & of a pointer. Such a message
//     cannot have a field named String, GoString or Format (package schema refuses it).
//     LogValue holds only the type and role members. encoding/json still writes every
//     member: the json tags describe the wire.
package gen
