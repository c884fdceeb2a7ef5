// Package kitchen is generated from testdata/kitchen/protocol.json, a protocol that uses
// every representation wsgen generates (optional and nullable fields, maps, raw values,
// kept unknown members, enums, nested and mixed-kind values). It exists for tests.
package kitchen

//go:generate go run ../../cmd/wsgen generate -schema ../../testdata/kitchen/protocol.json -out .
