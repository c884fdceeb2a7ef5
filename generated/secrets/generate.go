// Package secrets is generated from testdata/secrets/protocol.json, a protocol whose
// messages have sensitive members of every kind (x-wsgen "sensitive"). It exists for the
// tests that decode errors, logs and formatted messages never show their values, and that
// errors quote input bounded.
package secrets

//go:generate go run ../../cmd/wsgen generate -schema ../../testdata/secrets/protocol.json -out .
