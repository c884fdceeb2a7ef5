// Package asyncapi reads an AsyncAPI 2.x or 3.0/3.1 document (YAML or JSON) into a wsgen
// protocol: the same [schema.Protocol] package gen consumes, so gen does not know the
// difference.
//
// Start with [Load] (or [Parse] for bytes in memory). The [Result] holds the equivalent
// wsgen protocol description ([Result.Document]: JSON Schema 2020-12 with x-wsgen keys,
// indented, members in document order, byte-for-byte reproducible: what "wsgen convert"
// writes, so that an owner can migrate and keep editing JSON Schema), the loaded
// [Result.Protocol], every [Warning] with its pointer, a [MessageReport] per AsyncAPI
// message and the document's [Example] frames. A refused document gives a
// [schema.Errors]: one "file:#/pointer: reason" per problem (bad YAML, an unknown
// version, a dangling, remote or cyclic $ref, a channel with no messages, an operation
// without a valid action).
//
// The document is translated into a wsgen protocol description, which package schema
// then loads: whatever schema can express (and checks) is reachable from AsyncAPI, and
// a form schema learns needs only a small change here.
//
// # Which side
//
// An AsyncAPI document describes an application — here, the server. wsgen generates its
// client. In 3.x, what the server sends (operation action "send") the client receives:
// wsgen direction "server"; what it receives ("receive") the client sends: "client". In
// 2.x, a channel's "publish" lists what clients publish to the server ("client") and
// "subscribe" what they receive ("server"). A message used both ways is "both"; a message
// of components/messages that no channel or operation uses is read both ways, with a
// warning.
//
// # Messages
//
// Each AsyncAPI message is one wsgen message named by its components/messages key (or
// its key in the channel; a message repeated under the same name in several channels is
// one message). A payload whose root is a oneOf gives one message per branch (named
// after the branch's $ref, merged with the keywords beside the oneOf). Messages that
// share a wire name are merged into one (members united, required where all require
// them), with a warning: the merged message accepts frames mixing their members.
//
// Routing follows docs/routing.md. The discriminators are the root x-wsgen
// "discriminator" (a member, a JSON pointer, or a list) if the document has one, else
// the payloads' "discriminator" keywords, then the top-level members that hold one value
// (a string or integer const, or a one-value enum) in some messages and tell them apart,
// the member naming the most messages first, each kept only if it names a message the
// ones before it do not. At each discriminator a message holds one value on, a one-value
// enum is read as a const and a member the document does not require is required, each
// with a warning. A message holding none is recognised by its shape (its required
// members), with a warning. Package schema then proves the routes disjoint; when two
// overlap (loose documents: open objects, nothing required), wsgen lists them in the
// root x-wsgen "precedence" — a message with a discriminator value before one
// recognised by shape, more required members first, then document order — and a
// warning names the winner and a frame both match.
//
// Operations give request/reply pairs: the messages of a "receive" operation's reply
// answer its messages (x-wsgen "reply"). A message's correlationId whose location is
// "$message.payload#/member" gives the correlationId role; a reply without one that
// carries the request's member gets it inferred, with a warning. Replies to the
// server's own requests (a "send" operation's reply) are not modelled.
//
// # Schemas
//
// AsyncAPI Schema Objects (a draft-07 superset) are translated into 2020-12: tuple
// "items": [...] becomes "prefixItems" ("additionalItems" becomes "items"); "nullable":
// true adds null to "type" and "enum"; a singular "example" joins "examples";
// "dependencies" becomes "dependentRequired"/"dependentSchemas"; draft-04 boolean
// exclusive bounds become numbers; "allOf" is merged into one schema (properties joined,
// required lists united; parts that disagree on a keyword keep the first, with a
// warning); a "$ref" to any schema — components/schemas, draft-07 "definitions", a
// relative file beside the document — becomes a $defs entry (named after its last
// pointer token), and keywords beside it are ignored as draft-07 says (annotations
// kept, the rest with a warning). "discriminator", "readOnly", "writeOnly",
// "deprecated", "externalDocs", "xml" and other annotations with no effect on validity
// are dropped; unknown keywords are dropped with a warning; extensions other than
// x-wsgen are dropped.
//
// What package schema still refuses inside a message is loosened: the schema holding
// the refused keyword accepts any value (its annotations kept), with a warning carrying
// schema's reason at the place in the AsyncAPI document. A refusal at a message's root
// leaves the message out; a Go name collision gets an x-wsgen goName ("Msg", "Type" or
// "Field" appended).
//
// # x-wsgen in the document
//
// x-wsgen objects override what wsgen infers: at the root (package, discriminator,
// closeCodes, …), on a message (direction, roles, reply, heartbeat, snapshot, goName:
// they replace the inferred settings) and inside schemas (goName on a property or a
// shared schema). They are copied into the protocol description as they are.
//
// # Examples
//
// A message's "examples" (their payloads) and its payload schema's "examples" and
// "example" become test frames: each is checked against the protocol with the
// reference validator, added to its wsgen message's "examples", and listed in
// [Result.Examples]. An example its own schema refuses is a defect of the document: a
// warning says why, and the frame is kept with its [Example.Defect] set. "wsgen generate
// -asyncapi" writes [Result.ExamplesTest] beside the code as wsgen_asyncapi_test.go:
// TestAsyncAPIExamples decodes every frame (and re-encodes it), and expects Decode to
// refuse each defective one, so a document's defects are pinned where its code is.
//
// # Bounds
//
// A document is read as a whole: at most 262144 values per file (YAML aliases
// expanded, so an alias bomb is refused), 256 levels of nesting, 64 referenced files,
// 65536 translated schemas, and 1000 warnings and errors kept.
package asyncapi
