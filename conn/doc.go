// Package conn is wsgen's WebSocket runtime: it drives the connection-state
// machine of package fsm over a gorilla/websocket connection and carries the
// delivery contract — send policies while not live, acknowledgements,
// de-duplication, per-stream ordering with snapshot recovery, heartbeats and
// a clean close.
//
// Start with [New] (or [Dial], which also waits until live) and a [Protocol]
// describing the codec; then [Client.Start] or [Client.Run]; [Client.Send]
// and [Client.Request] to talk; [Client.Close] to end:
//
//	c, err := conn.Dial(ctx, "wss://chat.example/ws", &conn.Options{
//		Protocol: &conn.Protocol{Codec: conn.CodecOf(chat.Decode, chat.Encode), ...},
//		Handler:  conn.HandlerFunc(func(ctx context.Context, m conn.Message) error { ... }),
//		Token:    conn.TokenFunc(fetchToken),
//		OnState:  func(sc conn.StateChange) { log.Println(sc.From, "->", sc.To) },
//	})
//	defer c.Close(ctx)
//	reply, err := c.Request(ctx, &chat.SendChat{Room: "lobby", Text: "hi"})
//
// Generated packages (wsgen generate) provide everything a Protocol needs;
// conn never imports them. It discovers a message's roles with the small
// interfaces [EventIDer], [Sequenced], [Correlated], [Idempotent] and their
// setters; [SequenceChained], [SequenceRange] and [SocketSequenced] say how a
// sequence advances when it is not +1 (seqkinds.go).
//
// # Where to read more
//
// docs/conn.md (in the repository) describes every behaviour in detail:
// goroutines and ownership, dialing and heartbeats, states and their order
// with the messages, sending and the send policies, the inbound pipeline
// (de-duplication, sequencing, gaps and snapshots), Close, logging, and
// the bounds, each with its default. In short:
//
//   - One owner (a serial runner, serial.go) handles every event — dial and refresh
//     outcomes, socket ends, timers, Close — and alone drives the
//     [fsm.Machine]; each socket has one reader goroutine; data frames go
//     out on one writer; Handler, OnNotice and OnState run in one order on
//     one delivery goroutine. An idle live Client holds only its reader.
//   - While not live, [SendPolicy] decides: reject, a bounded queue, or a
//     durable [Outbox] (package boltoutbox, or [NewMemoryOutbox]).
//   - Inbound messages are de-duplicated by event id and ordered per stream;
//     a gap is recovered by the protocol's [GapPolicy].
//   - A request whose socket is lost fails with a [*LostError]: errors.Is
//     [ErrOutcomeUnknown] when its frame had been written (the server may
//     have applied it: retry only with the same idempotency key), or
//     [ErrNotSent] when it never left (safe to retry with anything).
//   - [Client.Close] is idempotent, safe from any goroutine (callbacks
//     included) and bounded by its context.
//   - Every buffer a server can grow is bounded in bytes as well as count,
//     and every wait has a deadline (Options; the table in docs/conn.md).
//
// # Files
//
// client.go (Client, New, Start, State), owner.go (the event loop and the
// machine), serial.go (the goroutine-ownership rule), dial.go, token.go,
// timers.go, heartbeat.go, close.go, socketend.go (classifying a socket's
// end), inbound.go (reader and pipeline), deliver.go (the inbox and
// callbacks), gap.go (gap policies), send.go and writer.go, replay.go (outbox replay and acks),
// outbox.go (the Outbox contract), dedup.go, sequencer.go, seqkinds.go (chained,
// range and per-socket sequences), queue.go,
// pending.go, options.go, errors.go, notify.go, message.go, url.go.
package conn
