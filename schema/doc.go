// Package schema loads a wsgen protocol description — a JSON Schema (draft 2020-12)
// document — checks that wsgen can generate a faithful codec for it, and builds the model
// that package gen turns into Go code. It knows nothing of code generation.
//
// Start with [Load] (or [Parse] for bytes in memory). It returns a [*Protocol] or an
// [Errors] value listing every problem at once, each printed as "file:pointer: reason"
// with the pointer in URI-fragment form ("#/$defs/chat/properties/text").
// [Protocol.Validate] checks one wire frame with the reference validator
// (santhosh-tekuri/jsonschema).
//
// # The description
//
// The root is a "oneOf" of {"$ref": "#/$defs/NAME"} entries, one per message; other
// "$defs" entries are shared types. Each message is an object schema. By default its
// discriminator property "type" is required and has a string "const": its wire name.
//
// # Routing
//
// More generally each message has a [Route] (docs/routing.md in the repository): what its
// schema says of the protocol's [Slot]s, the discriminators — declared in the root x-wsgen
// "discriminator" (a member name or JSON pointer, or a list of them), else inferred as the
// members some message requires with a string or integer const, also nested in required
// objects — and, for messages no discriminator names, the members that tell their shape.
// A discriminator condition is a const, an enum (one message for several values) or a
// pattern ("^lit" is a prefix test, "lit$" a suffix test). The builder proves that no
// frame satisfies two routes, or refuses the pair with an example frame, unless the root
// x-wsgen "precedence" (a list of message names, the winner first) lists both; it refuses
// a route nothing satisfies. [Protocol.Match] is the reference router on parsed frames. A
// message's type name ([Message.Wire], what MessageType returns) is its x-wsgen
// "typeName", else its string const on a discriminator that no other message shares,
// else its $defs key.
//
// The root "x-wsgen" object accepts:
//
//   - "package": the Go package name (default: the protocol file's directory name);
//   - "discriminator": the discriminators (see Routing; default inferred, "type" when
//     every message requires a string const "type");
//   - "precedence": message names whose overlapping routes resolve in that order;
//   - "closeCodes": an array of {"code": 4000..4999, "name", "action": "reconnect" |
//     "refresh-auth" | "stop", "minDelayMs" (optional), "description" (optional)};
//   - "heartbeat": {"ping", "pong", "intervalMs"}, literal text frames (non-empty, at most
//     125 bytes, different) matched before decoding, and the period (100 ms to 1 h) of the
//     client's heartbeat: the client-sent message marked x-wsgen heartbeat (which may
//     require only its discriminators), else the ping literal ([Heartbeat]);
//   - "gap": {"policy": "snapshot" | "skip" | "reconnect", "timeout": "5s"}, how the
//     client recovers a stream from a sequence gap (see Gaps).
//
// # Gaps
//
// A message the client receives (direction server or both) with a "sequence" role is
// ordered per stream: an event ahead of the next number expected is held, with the
// events after it, until the gap closes. [Protocol.Gap] says how it closes when the
// missing events do not arrive: "snapshot" asks the server with the snapshot request and
// applies the snapshot reply (repeated after the timeout, 2× and 4× it, then the client
// reconnects); "skip" waits for the timeout, then applies the held events past the gap
// with a notice (for streams where a lost event is acceptable); "reconnect" reconnects
// at once. The policy defaults to "snapshot" when the protocol declares snapshot request
// and reply messages. Otherwise a protocol with such a sequence role must set one: check
// refuses it at the sequence role (a gap would hold the stream forever), and refuses
// "snapshot" without snapshot messages, a "gap" when no message the client receives has
// a sequence role, and a timeout with "reconnect". "timeout" ([Protocol.GapTimeout]) is
// a Go duration string ("500ms", "5s") from 10ms to 1h; without it the runtime's default
// applies (conn: 5s).
//
// # Go names
//
// Messages and $defs types are named by [GoName] of their $defs key (send_chat →
// SendChat), fields by GoName of the property name. A "goName" in the x-wsgen object of a
// message, of a $defs entry or of a property chooses the name instead:
//
//	"message": {"type": "object", "x-wsgen": {"goName": "ChatMessage"}, …}
//	"properties": {"decode": {"type": "string", "x-wsgen": {"goName": "DecodeHint"}}}
//
// goName must be an exported Go identifier; it is checked for collisions like a derived
// name, and names derived from it follow it (the wire-name constant TypeChatMessage,
// nested types such as ChatMessageOwner, enum constants). On a $defs type or a property
// x-wsgen may hold only goName; it is refused on other schemas. Names every generated
// package declares (Message, Decode, Encode, Handler, Client, …) and the methods every
// message has (MessageType, LogValue, Role…, Extra) are reserved: a refusal says so and
// points at the schema to give a goName.
//
// A message's "x-wsgen" object accepts "goName" (above), "direction" ("server",
// "client" or "both"; default "both"), the role keys "eventId", "stream", "correlationId", "idempotencyKey" (each
// naming a plain string property; eventId and correlationId may also name a plain
// integer property, such as Kraken's "reqid") and "sequence" (naming an integer property,
// or an object naming a sequence kind: see "Sequence kinds"),
// "sensitive" (an array of property names never logged), "snapshot" ("request" or
// "reply"), "heartbeat" (true: the client's heartbeat message under the root
// "heartbeat" intervalMs; at most one client-sent message may be marked) and "reply". The snapshot request may require only its
// discriminator, stream, sequence and correlation-id fields, so a runtime can build it.
//
// "reply" declares what answers a client request: the $defs name of one message, or an
// array of them ("reply": "ack", or ["ack", "error"]). The request must be sent by the
// client (direction client or both) and have a correlationId role; each reply must be a
// message the client receives (direction server or both) with a correlationId role, so
// the runtime can match it to the request by that id. The model lists them in
// [Message.Replies]; the generated typed client's method for the request waits for one
// of them (the snapshot request declares the snapshot reply the same way).
//
// # Sequence kinds
//
// "sequence" naming a member means +1: each event of a stream is the previous one's
// sequence + 1. The object form names the kind and its members (all integer; see
// [SequenceKind] and conn's package doc for how each is applied):
//
//	"sequence": "seq"                                         // +1 (also {"kind": "increment", "seq": "seq"})
//	"sequence": {"kind": "chained", "seq": "u", "prev": "pu"} // prev is the previous event's seq
//	"sequence": {"kind": "range", "first": "U", "last": "u"}  // the event covers update ids U..u
//	"sequence": {"kind": "socket", "seq": "socket_sequence"}  // +1, restarting on every connection
//
// The model has [Message.SequenceKind], with Sequence the seq (a range's last), and
// SequencePrev or SequenceFirst; generated messages implement RoleSequencePrev,
// RoleSequenceFirst or RoleSequencePerSocket. A socket sequence without a stream role
// orders the whole connection (RoleStream is ""). Refused, with the pointer of the
// setting: an unknown or missing kind, a member the kind does not take or one it needs,
// a member that is not a plain integer, prev or first naming the seq (last) member or
// being optional, a snapshot request or reply with anything but a member name (a
// snapshot covers its stream up to one sequence), and two received messages whose stream
// roles name the same member with different kinds (one stream advances by one rule).
//
// # What is refused
//
// Besides anything the 2020-12 meta-schema rejects: keywords outside the supported set
// (type, properties, required, additionalProperties, enum, const, minimum, maximum,
// exclusiveMinimum, exclusiveMaximum, multipleOf, minLength, maxLength, pattern, format,
// items, minItems, maxItems, uniqueItems, $ref, and the annotations title, description,
// default, examples and $comment); "$defs" anywhere but the root; a nested "oneOf" other
// than a list of "$ref"s to object types that all require one member with a distinct
// string const (a tagged union); keywords other than annotations beside "$ref"; "$ref"s that are not "#/$defs/NAME" or name a missing entry;
// recursive "$ref"s; patterns that Go's regexp cannot match with their ECMA-262 meaning
// (see below); two messages with one type name; names that collide once turned
// into Go (see [GoName]; generated names such as Decode or MessageType are reserved);
// unknown x-wsgen keys and roles naming missing or ill-typed fields; overlapping routes
// (without a precedence) and unsatisfiable ones.
//
// # Patterns
//
// "pattern" is an ECMA-262 regular expression, as JSON Schema says, read with the "u"
// flag (code points). Go's regexp (RE2) reads some of the same syntax differently: \s is
// ASCII-only in RE2 but includes the Unicode spaces in ECMA-262, "." excludes only \n in
// RE2 but also \r, U+2028 and U+2029 in ECMA-262, "[[:alpha:]]" is a POSIX class only in
// RE2. [RE2Pattern] translates each pattern into RE2 syntax with the ECMA-262 meaning;
// the model keeps both ([Type.Pattern], [Type.PatternRE2]), generated decoders match
// with the translation and [Protocol.Validate] compiles the reference validator's schema
// with it, so neither changes which strings are valid. Constructs RE2 cannot express —
// lookahead, lookbehind, backreferences — and RE2-only syntax such as inline flags are
// refused at the pattern's pointer with the reason.
//
// # The model
//
// Every schema becomes a [*Type] with the set of JSON [Kinds] it accepts (after "type",
// "enum" and "const") and a [Repr]: a schema that accepts one kind (plus, optionally,
// null) gets a typed Go representation; a schema that accepts several kinds (or none, as
// "false" does) is kept as raw JSON bytes, still fully checked; a tagged-union oneOf is
// [ReprUnion]. A string or integer schema with an enum (and no const) gets a Go name and
// [Type.EnumValues]: the type's name plus the value ("PresenceStatusOnline",
// "SubscribeDepth10", "SubscribeDepthMinus1"; integers int64 cannot hold get none). Numeric keywords keep the
// exact literal written in the file; enum and const values are kept in a canonical JSON
// form in which equal JSON values (1 and 1.0 included) are equal strings.
package schema
