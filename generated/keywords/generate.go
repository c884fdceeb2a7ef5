// Package keywords is generated from testdata/keywords/protocol.json, a protocol that
// uses the applicator keywords wsgen rewrites: allOf of object schemas (merged into one
// struct), dependentRequired, and not and if/then/else of required members. It exists
// for tests.
package keywords

//go:generate go run ../../cmd/wsgen generate -schema ../../testdata/keywords/protocol.json -out .
