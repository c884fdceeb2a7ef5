package book

// The wsgen_*.go files are generated from ../testdata/book/protocol.json: regenerate them
// with go generate ./book from bench/ (TestBookFresh in package bench fails when they are
// stale).

//go:generate go tool wsgen generate -schema ../testdata/book/protocol.json -out . -client=false
