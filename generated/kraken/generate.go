// Package kraken is the generated codec and dispatcher of Kraken's public WebSocket
// market-data API (testdata/kraken/protocol.json), translated from the AsyncAPI 3.1.0
// document in the AsyncAPI specification's examples. The wsgen_*.go files are generated
// by wsgen; this file and the tests are written by hand.
//
// Start with [Decode] and [Encode], the message types ([Subscribe], [SubscriptionStatus],
// …) and [Dispatch] with a [Handler] that embeds [UnimplementedHandler].
//
// # Translation
//
// The discriminator is "event". Directions follow the AsyncAPI operations, which
// describe the server: "send" operations and the replies of "receive" operations are
// server messages, "receive" operations are client messages. testdata/kraken/README.md
// lists every place where the wsgen description differs from the AsyncAPI document and
// why: chiefly, the two variants of subscriptionStatus (error and success) share one
// event value and are one message here, and reqid is an integer, which wsgen's
// correlation-id role does not accept, so replies are matched by the caller.
package kraken

//go:generate go run ../../cmd/wsgen generate -schema ../../testdata/kraken/protocol.json -out .
