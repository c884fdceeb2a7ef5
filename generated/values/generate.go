// Package values is generated from testdata/values/protocol.json, a protocol that uses
// wsgen's value representations: float64 members that refuse inexact literals, decimal
// members (wire.Decimal), numbers sent as strings with decimal accessors, tuples
// (prefixItems) and members whose names differ only in case. It exists for tests.
package values

//go:generate go run ../../cmd/wsgen generate -schema ../../testdata/values/protocol.json -out .
