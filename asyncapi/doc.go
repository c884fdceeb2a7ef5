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
// The document describes the server; wsgen generates its client, so what the server
// sends the client receives (direction "server") and the reverse. Each AsyncAPI message
// is one wsgen message; routing (which member names each message) is inferred as
// docs/routing.md describes, and operation replies and correlationId locations give
// request/reply pairs and the correlation role. Schema Objects (a draft-07 superset) are
// translated into 2020-12; what package schema still refuses inside a message is
// loosened to "any value". Every inference and loosening is a [Warning] with a pointer
// (wsgen's -strict makes them errors), and x-wsgen objects in the document override
// what is inferred. Message examples become test frames that generated tests decode.
// A document is read within fixed bounds (values, nesting, files, schemas, warnings).
//
// docs/asyncapi.md has the rules in full: which side, messages and routing, schemas,
// x-wsgen in the document, examples and the bounds' figures.
package asyncapi
