package schema

import (
	"strings"
	"sync"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Protocol is a loaded, checked protocol description: everything gen needs, in the order
// the author wrote it.
type Protocol struct {
	// Path is the protocol file's path exactly as given to [Load].
	Path string
	// Package is the Go package name (root x-wsgen "package"; default: the name of the
	// directory holding the file, lower-cased, or the file's base name without extension
	// when the path has no directory).
	Package string
	// Discriminator is the first discriminator's name ("type" by default; see Slots).
	Discriminator string
	// Slots are the members routing reads: the discriminators (x-wsgen
	// "discriminator", else inferred), then the members of shape routes.
	Slots []*Slot
	// Precedence lists the messages whose overlapping routes the protocol resolves
	// (x-wsgen "precedence"), the winner first.
	Precedence []*Message
	// Title and Description are the root schema's annotations.
	Title, Description string
	// Messages in the order of the root oneOf.
	Messages []*Message
	// Types lists every named Go type to generate except messages themselves: shared
	// $defs types first (in $defs order), then nested objects, arrays and maps in
	// depth-first document order.
	Types []*Type
	// CloseCodes is the application close-code table, sorted by code.
	CloseCodes []CloseCode
	// Heartbeat is the application heartbeat (root x-wsgen "heartbeat"); nil: none.
	Heartbeat *Heartbeat
	// Decimal is the root x-wsgen "decimal": every number member is a wire.Decimal
	// unless its schema says "decimal": false.
	Decimal bool
	// Gap is how the client recovers a stream from a sequence gap: the root x-wsgen
	// "gap" "policy", else GapSnapshot when the protocol declares a snapshot request and
	// reply; empty when no message the client receives has a sequence role.
	Gap GapPolicy
	// GapTimeout is the root x-wsgen "gap" "timeout" (MinGapTimeout to MaxGapTimeout),
	// 0 when not written: the runtime's default (conn: 5 s).
	GapTimeout time.Duration

	once         sync.Once // compiles validator
	validator    *jsonschema.Schema
	validatorErr error
	source       []byte // the description as the validator compiled it

	msgMu         sync.Mutex
	msgValidators map[string]*jsonschema.Schema
}

// Message returns the message whose wire name is wire, or nil.
func (p *Protocol) Message(wire string) *Message {
	for _, m := range p.Messages {
		if m.Wire == wire {
			return m
		}
	}
	return nil
}

// Direction says who sends a message.
type Direction string

// The message directions. Server messages are inbound for a client.
const (
	DirServer Direction = "server"
	DirClient Direction = "client"
	DirBoth   Direction = "both"
)

// Inbound reports whether a client receives messages of this direction.
func (d Direction) Inbound() bool { return d == DirServer || d == DirBoth }

// Message is one entry of the root oneOf.
type Message struct {
	// Name is the $defs key; GoName its Go type name.
	Name, GoName string
	// Wire is the message's type name (MessageType): x-wsgen "typeName", else its
	// string const on a discriminator that no other message shares, else Name.
	Wire string
	// TypeKey is the log attribute naming the type: the discriminator member whose const
	// is the type name, else "type".
	TypeKey string
	// Route says how a frame is recognised as this message.
	Route *Route
	// ConstName is the Go name of the wire-name constant ("TypeChat").
	ConstName string
	Direction Direction
	// Type is the message's object type (Type.GoName == GoName).
	Type *Type
	// Role fields; nil when the message has no such role.
	EventID, Stream, Sequence, CorrelationID, IdempotencyKey *Field
	// SequenceKind says how Sequence advances ("" without a sequence role); a
	// chained sequence has SequencePrev, a range SequenceFirst (Sequence is its last).
	SequenceKind                SequenceKind
	SequencePrev, SequenceFirst *Field
	// RolePaths holds, for each role whose x-wsgen names a nested member by JSON pointer
	// ("correlationId": "/params/id"), the fields of the objects that lead to it,
	// outermost first (keys: the role names, RoleSequencePrev, RoleSequenceFirst). The
	// role's own field (CorrelationID…) is the last member's. A role naming a member of
	// the message itself has no entry. See [Message.RoleMember].
	RolePaths map[string][]*Field
	// Sensitive fields are never logged: members of the message, or of a nested object
	// type when x-wsgen "sensitive" names them by pointer (then hidden wherever that type
	// appears). SensitiveMembers are the entries as written, names or pointers.
	Sensitive        []*Field
	SensitiveMembers []string
	// SnapshotRequest, SnapshotReply and Heartbeat mark the message's special use
	// (Heartbeat: "heartbeat": true, the client's own heartbeat message).
	SnapshotRequest, SnapshotReply, Heartbeat bool
	// Ping is set on a JSON heartbeat of the server ("heartbeat": {"answer": …}): the
	// client answers it with Ping.Answer and never delivers it; nil otherwise.
	Ping *Ping
	// Replies lists the messages that answer this one (x-wsgen "reply"), in the order
	// written; empty when the message expects no reply. Each has a correlation id, as
	// this message does, and is received by the client.
	Replies []*Message
	// Pointer is the message's location in the file ("/$defs/chat").
	Pointer string

	rolePointers map[string]string // role -> the pointer written, for nested roles
	replyNames   []*node           // x-wsgen "reply", resolved once every message is built
	pingNode     *node             // x-wsgen "heartbeat" object, resolved once every message is built
	pingPtr      string
	replyPtr     string
	replyArray   bool
}

// Roles returns the message's role fields by role name, for generic tooling.
func (m *Message) Roles() map[string]*Field {
	r := map[string]*Field{}
	for name, f := range map[string]*Field{RoleEventID: m.EventID, RoleStream: m.Stream, RoleSequence: m.Sequence, RoleCorrelationID: m.CorrelationID, RoleIdempotencyKey: m.IdempotencyKey} {
		if f != nil {
			r[name] = f
		}
	}
	return r
}

// Role names as written in a message's x-wsgen.
const (
	RoleEventID        = "eventId"
	RoleStream         = "stream"
	RoleSequence       = "sequence"
	RoleCorrelationID  = "correlationId"
	RoleIdempotencyKey = "idempotencyKey"
)

// CloseCode is one application close code.
type CloseCode struct {
	Code   int
	Name   string
	Action string // "reconnect", "refresh-auth" or "stop"
	// MinDelay is the least time to wait before reconnecting (x-wsgen "minDelayMs").
	MinDelay time.Duration
}

// Kinds is a set of JSON value kinds a schema accepts.
type Kinds uint8

// The JSON value kinds. Int is an integral number (1, 1.0, 1e2); Frac a number with a
// fractional part. JSON Schema's "number" is Int|Frac.
const (
	Null Kinds = 1 << iota
	Bool
	Int
	Frac
	String
	Array
	Object

	Number = Int | Frac
	Any    = Null | Bool | Number | String | Array | Object
)

// Has reports whether every kind of o is in k.
func (k Kinds) Has(o Kinds) bool { return k&o == o }

// String lists the kinds in JSON Schema's words ("integer", "string or null").
func (k Kinds) String() string {
	var parts []string
	for _, e := range []struct {
		k    Kinds
		name string
	}{{Null, "null"}, {Bool, "boolean"}, {Number, "number"}, {Int, "integer"}, {Frac, "non-integer number"}, {String, "string"}, {Array, "array"}, {Object, "object"}} {
		if k.Has(e.k) {
			if e.k == Int || e.k == Frac {
				if k.Has(Number) {
					continue
				}
			}
			parts = append(parts, e.name)
		}
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, " or ")
}

// Repr is how gen represents a value of a type in Go.
type Repr int

// The representations. ReprRaw keeps the exact JSON bytes (json.RawMessage), used when a
// schema allows values of more than one kind besides null (or of no kind).
const (
	ReprRaw Repr = iota
	ReprBool
	ReprInt    // int64
	ReprFloat  // float64
	ReprString // string
	ReprArray  // named slice type, or named array type [N]T when Type.FixedLen is N
	ReprMap    // named map type: an object with only additionalProperties
	ReprStruct // named struct type
	ReprUnion  // named sealed interface: a oneOf of object types told apart by a const member
	ReprTuple  // named struct type encoded as an array, one field per prefixItems position
	ReprSum    // named sealed interface: a oneOf/anyOf of branches of distinct JSON kinds
)

// Type is one schema, resolved. A $ref'd schema is one shared *Type.
type Type struct {
	// Pointer is the schema's location in the file.
	Pointer string
	// GoName names the Go type for ReprStruct, ReprArray and ReprMap (and string and
	// integer enums); empty otherwise.
	GoName string
	// ObjectName and ArrayName name the helper types gen declares to check the object
	// and array values of a ReprRaw type that constrains them; empty otherwise.
	ObjectName, ArrayName string
	// Ref is the $defs key when this type is a named $defs entry.
	Ref string
	// Kinds accepted (after type, enum and const). Null in Kinds makes the value nullable.
	Kinds Kinds
	Repr  Repr

	Title, Description string

	// Enum and Const hold allowed values in canonical JSON (see CanonicalNumber); Const
	// is nil when absent. EnumValues are the Go constants of string and integer enums.
	Enum       []string
	Const      *string
	EnumValues []EnumValue

	// Strings.
	MinLength, MaxLength *int64
	// Pattern is the "pattern" as written (ECMA-262); PatternRE2 is the same regular
	// expression in Go regexp syntax (see [RE2Pattern]), "" when there is no pattern.
	Pattern, PatternRE2 string
	Format              string

	// Numbers, as the exact literals written in the schema.
	Minimum, Maximum, ExclusiveMinimum, ExclusiveMaximum, MultipleOf string
	// Decimal (x-wsgen "decimal", or the root's default for numbers): a number type
	// (ReprFloat) is held as an exact wire.Decimal instead of a float64; a string type
	// gets a decimal accessor (its values are numbers sent as strings).
	Decimal bool

	// Arrays.
	Items              *Type // nil: any item
	MinItems, MaxItems *int64
	UniqueItems        bool
	// FixedLen is N when a ReprArray type's length is fixed (minItems == maxItems == N,
	// 1 ≤ N ≤ [MaxFixedLen], one "items" schema): gen declares the Go array [N]T, whose
	// type holds the length, instead of a slice; 0 otherwise (a slice).
	FixedLen int

	// Objects. Properties in document order. Additional is the schema of members not
	// in Properties: nil with AdditionalAllowed means any value is kept, AdditionalAllowed
	// false refuses them.
	Properties        []*Field
	Additional        *Type
	AdditionalAllowed bool
	// Required names required members, including ones not in Properties.
	Required []string
	// ExtraRequired are required names that are not properties (checked, not stored).
	ExtraRequired []string
	// OneOfRequired and AnyOfRequired are the member sets of a oneOf or anyOf whose
	// branches only require members ("one of these members is required"): a value must
	// have every member of exactly one (oneOf) or at least one (anyOf) of the sets.
	OneOfRequired, AnyOfRequired [][]string
	// PresenceRules are the object's dependentRequired, and its not and if/then/else
	// of required members, in the order written (an allOf's parts in order).
	PresenceRules []PresenceRule

	// Tuples (ReprTuple): one field per prefixItems position (Name is the index; a
	// position below minItems is Required), then the values after them: RestAllowed
	// says whether there may be any, Rest is their schema (nil: any value, kept raw).
	// RestName is the Go name of the field holding the values after the positions:
	// "Rest", or "Items" for an array message without prefixItems.
	Positions   []*Field
	Rest        *Type
	RestAllowed bool
	RestName    string

	// Sums (ReprSum): Variants are the branches, each of its own JSON kinds (no two share
	// one), and VariantNames the Go type of each: the branch's own named type, or a
	// wrapper type declared for a scalar branch.
	VariantNames []string

	// Unions (ReprUnion): the variant object types, the member that tells them apart
	// and each variant's value of it.
	Variants   []*Type
	UnionProp  string
	UnionWires []string
}

// EnumValue is one value of a string or integer enum and its Go constant name.
type EnumValue struct {
	// Value is the string, or the integer in decimal.
	Value, GoName string
	// Int is the value of an integer enum.
	Int int64
}

// Nullable reports whether the type accepts null besides another kind.
func (t *Type) Nullable() bool { return t.Kinds.Has(Null) && t.Repr != ReprRaw }

// Field is one declared property of an object type.
type Field struct {
	// Name is the wire name; GoName the struct field name.
	Name, GoName string
	Type         *Type
	Required     bool
	Sensitive    bool
	// Discriminator marks a fixed discriminator of a message: a required top-level member
	// with one string or integer const, written by Encode (not a struct field).
	Discriminator bool
	Pointer       string
	// Title and Description are the property's annotations: those written on the
	// property itself (beside a $ref too), else those of its type.
	Title, Description string
}

// Ping says how the client answers a JSON heartbeat of the server (a message's x-wsgen
// "heartbeat": {"answer": "pong", "echo": {"ts": "ts"}}).
type Ping struct {
	// Answer is the message the client sends back: sent by the client, built from Echo
	// alone (every member it requires besides its discriminators is echoed).
	Answer *Message
	// Echo lists the answer's members filled from the ping's, in the order written.
	Echo []Echo
	// Pointer locates the setting ("/$defs/ping/x-wsgen/heartbeat").
	Pointer string
}

// Echo is one member of a ping's answer that takes the value of a member of the ping.
type Echo struct {
	// Answer is the member of the answer; Ping the member of the ping whose value it
	// takes. Both hold the same Go type (Answer may be optional where Ping is required).
	Answer, Ping *Field
}

// Heartbeat is a protocol's application heartbeat, besides WebSocket pings (root x-wsgen
// "heartbeat": {"ping", "pong", "intervalMs"}).
type Heartbeat struct {
	// Ping and Pong are literal text frames, "" when not used: a Ping from the server is
	// answered with Pong; the client sends Ping every Interval unless Message is set.
	// Neither is a message of the protocol.
	Ping, Pong string
	// Interval is the time between the client's heartbeats; 0: the client sends none.
	Interval time.Duration
	// Message is the message the client sends every Interval: the one sent by the
	// client and marked x-wsgen heartbeat; nil: Ping.
	Message *Message
	// Pointer locates the setting.
	Pointer string
}
