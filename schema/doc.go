// Package schema loads a wsgen protocol description — a JSON Schema (draft 2020-12)
// document — checks that wsgen can generate a faithful codec for it, and builds the model
// that package gen turns into Go code. It knows nothing of code generation.
//
// Start with [Load] (or [Parse] for bytes in memory). It returns a [*Protocol] or an
// [Errors] value listing every problem at once, each printed as "file:pointer: reason"
// with the pointer in URI-fragment form ("#/$defs/chat/properties/text").
// [Protocol.Validate] checks one wire frame with the reference validator
// (santhosh-tekuri/jsonschema); [Protocol.Match] is the reference router.
//
// The root is a "oneOf" of {"$ref": "#/$defs/NAME"} entries, one per message; other
// "$defs" entries are shared types. By default each message is an object whose required
// "type" member has a string "const": its wire name. A message may also be a top-level
// JSON array (a tuple with "prefixItems", or an array of "items"): a [ReprTuple] whose
// route ([Route.Array]) reads the positions where the array messages differ
// ([Slot.Position]) and the number of items. The root and each message may carry
// an "x-wsgen" object: the Go package name, discriminators and precedence, close codes,
// heartbeats, the gap policy; per message its direction, roles (eventId, stream,
// sequence and its kind, correlationId, idempotencyKey, sensitive, snapshot, heartbeat;
// a member name, or a JSON pointer to a nested one: [Message.RolePaths]) and replies.
//
// Parsing runs three passes, each on a document the previous one accepted: the text, the
// 2020-12 meta-schema, then the builder, which refuses what wsgen cannot
// generate exactly and models the rest: every schema becomes a [*Type] with the JSON
// [Kinds] it accepts and a [Repr]; each message gets a [Route], and the builder proves
// that no frame satisfies two routes. Nothing is accepted and then ignored: an
// unsupported keyword, an ambiguous route, a pattern Go cannot match with its ECMA-262
// meaning or a role naming an ill-typed member is an [Error] with its pointer.
//
// The full reference — every x-wsgen key, routing, Go names, sequence kinds, gaps,
// patterns, what is refused — is docs/schema.md in the repository; routing in depth is
// docs/routing.md, values (numbers, decimals, tuples, unions, allOf merged into one
// object, dependentRequired, not and if/then/else of required members) docs/values.md.
package schema
