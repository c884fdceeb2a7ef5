// Package asyncapitest cross-checks a wsgen protocol description against an AsyncAPI 3
// document and extracts the document's examples, for the tests of the generated
// packages (generated/kraken, generated/gemini, generated/slack). It is a normal package
// so that those tests share one copy, but only tests import it: its functions take a
// [testing.TB] and fail or skip the test.
//
// # Documents
//
// The AsyncAPI sources live in ../shared/protocols/asyncapi-spec beside the module root
// ([Dir]); they are not part of the module. [Load] reads one of them and skips the test,
// with a message naming the directory, when the directory is absent; [Present] lets a
// fuzz target seed from the documents when they are there and still run when they are
// not. [Parse] reads a document from bytes.
//
// [Doc.Examples] returns every message example's payload as JSON, converted from the YAML
// nodes so that numbers keep their literal text and members their order; [SameJSON]
// compares two JSON texts, numbers by their exact decimal value.
//
// # The cross-check
//
// [Check] (or [CrossCheck], which returns the differences instead of reporting them)
// asserts that every AsyncAPI message is a message of the wsgen protocol with the same
// members, JSON types, enums, required members and validation keywords ([Facet]), and
// the direction its operations give it, and that the protocol has no message the
// document lacks. A message whose payload is a oneOf is split into one unit per branch;
// units sharing a discriminator value are merged and compared with the one wsgen message
// of that value. [Adaptations] lists the differences a protocol documents on purpose.
//
// An AsyncAPI document describes the application (the server): "send" messages and the
// replies of "receive" operations go to the client (wsgen direction "server"),
// "receive" messages come from it ("client"), and a message used both ways is "both".
package asyncapitest
