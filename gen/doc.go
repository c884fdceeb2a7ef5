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
// The generated package declares one struct per message — also for a message that is a
// JSON array: one field per tuple position, or Items for an array of one schema, read and
// written positionally — with MessageType, LogValue and role accessors, Decode and Encode (strict both ways: Encode refuses, with an
// *EncodeError carrying the type and JSON pointer, any value Decode would refuse, and
// every generated type has Validate), a Handler interface with one method per inbound
// message and Dispatch, Messages() and CloseCodes() tables, and, when the protocol has an
// inbound message (unless -client=false), a typed Client over package conn whose
// Protocol() carries the protocol's replies, snapshot recovery, gap policy, heartbeat and
// close codes. A named array type is a slice, or the Go array [N]T when the schema fixes
// its length ([schema.Type.FixedLen]: minItems = maxItems = N ≤ 16): Decode checks the
// length, the type holds it.
// Errors quote at most a bounded prefix of input, never a value of a sensitive member,
// and messages with sensitive members format with them as [redacted].
//
// docs/codec.md is the reference: every declaration of a generated package, the typed
// client, how each JSON Schema form is represented in Go, the checks, routing and the
// privacy rules.
package gen
