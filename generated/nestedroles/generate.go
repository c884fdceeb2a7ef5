// Package nestedroles is generated from testdata/nestedroles/protocol.json, a protocol
// whose roles name nested members by JSON pointer: a correlation id and idempotency key
// in params, a reply id in result, an event id, stream and sequence in data, and
// sensitive members inside nested objects and arrays of objects. It exists for tests.
package nestedroles

//go:generate go run ../../cmd/wsgen generate -schema ../../testdata/nestedroles/protocol.json -out .
