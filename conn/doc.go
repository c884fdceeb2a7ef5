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
// setters.
//
// # Goroutines and ownership
//
// One owner goroutine at a time holds the [fsm.Machine], the timers (retry,
// healthy, offline, ping, close) and each socket's lifecycle: every event —
// a dial or refresh outcome, a socket's end, a timer, Close, SetNetwork — is
// queued and the owner handles them one by one, applying each Decision in
// the order fsm documents. The owner goroutine is started when an event is
// queued and ends when the queue is empty; timers are time.AfterFunc timers
// that queue their event. Each socket has one reader goroutine, which
// reads, decodes and runs the inbound pipeline. Data frames are written by
// one writer goroutine, started when there is something to write and ending
// when the queue is empty; pings and close frames use gorilla's
// concurrency-safe WriteControl. Handler calls, notices and state changes
// run in one order on one delivery goroutine, started on demand the same
// way. Dials and token
// refreshes run on short-lived goroutines, so Close is never stuck behind a
// slow handshake. An idle live connection therefore holds exactly one
// goroutine, its reader (BenchmarkIdleConn: about 8 KiB per connection, of
// which 3–4 KiB is the reader's stack and about 1.8 KB the fsm.Machine).
//
// # Connection
//
// Each dial is bounded by Options.HandshakeTimeout (10 s). wss:// verifies the
// server's certificate by default (the default dialer sets no TLS config, so
// the system roots apply; pass Options.Dialer with a TLSClientConfig to
// trust a private CA). The default dialer reads through a 512-byte buffer
// and writes through a shared buffer pool, so an idle socket holds little. The [TokenSource] is asked for a token before the
// first dial, again when its expiry has passed, and on every refresh the
// machine asks for (HTTP 401, a refresh-auth close code such as 4001 or
// 3000); the token goes out as "Authorization: Bearer …" and is never logged.
// A token error wrapping [ErrPermanent] fails the client; others back off.
//
// Inbound messages larger than Options.ReadLimit (1 MiB) close the socket
// with 1009 and the client reconnects with backoff (rather than failing: one
// oversized message should not end a session for good).
//
// Heartbeats: a ping every Options.PingInterval (20 s). Any frame from the
// server — a pong or data — proves the socket alive; when none arrives
// within PingInterval+Options.PongTimeout (10 s) the socket counts as lost
// (EventDropped, close code 1006). The read deadline is moved at most once
// per 1/16 of that window (cheap on busy streams), so a loss is declared
// between the window and 17/16 of it after the last frame, never earlier.
// While the Handler lags and the reader is held back (see Inbound), the
// deadline restarts when reading resumes, so a slow Handler is never
// mistaken for a dead server.
//
// Every socket has a generation number ([Client.Generation]). Frames are
// accepted only from the current socket: a frame or reply of an older socket
// is never delivered after a reconnect. Messages accepted before a reconnect
// are still delivered, in order, before later ones.
//
// # State
//
// [Client.State] returns the current [fsm.State] and when it began, at any
// moment. Options.OnState receives every change once, in order, as a
// [StateChange] (fsm's Change plus the generation), on the goroutine that
// calls the Handler, in one order with the messages: a socket's change into
// live comes before any Handler call for a message of that socket, and the
// change that ends the socket (retrying, refreshing, closed, failed: the
// one its loss or close causes) after the Handler calls for all of its
// messages. A
// change that begins closing a live socket (closing, or offline when
// SetNetwork(false) is called) may be followed by messages the server sent
// during the close handshake. No message of a socket is delivered before
// its live change was queued, because its reader starts after that.
//
// A slow observer delays the Handler exactly as a slow Handler does (the
// reader pauses once Options.InboxSize messages wait) and never stalls
// anything else: the owner only queues changes, so dialing, reconnecting,
// heartbeats, sends and timers go on. The changes waiting are bounded by
// Options.StateBuffer (1,024) apart from the messages: beyond it the oldest
// waiting change is dropped and the next one delivered reports how many
// were missed in StateChange.Missed — bounded memory rather than an
// unbounded queue, and a dropped change is the only way the order above
// can skip a step. After a Close whose context ended, messages are
// discarded but the remaining changes are still delivered.
// [Client.Wait] blocks until the state is one of a set, independently of
// OnState.
//
// # Sending
//
// [Client.Send] confirms nothing: it returns once the message is accepted.
// [Client.Request] fills in a missing correlation id, sends, and waits for
// the reply with that id (a message of one of Protocol.ReplyTypes), bounded
// by its context. Replies go to the waiting Request only; a reply nobody
// waits for (the Request gave up, or it answers an outbox entry replayed by a
// new process) goes to the Handler.
//
// While not live, Options.SendPolicy decides ([SendPolicy]):
//   - [SendReject] (default): ErrNotLive at once.
//   - [SendQueue]: the bounded queue (Options.QueueMessages 1,000 and
//     QueueBytes 1 MiB; [ErrQueueFull] beyond) is written in order once live.
//     The same queue is the write buffer while live, under every policy, so
//     nothing outbound is ever unbounded.
//   - [SendOutbox]: messages with the idempotency-key role are persisted in
//     Options.Outbox (an [Outbox]: package boltoutbox's bbolt file, or
//     [NewMemoryOutbox]; keys and correlation ids are filled in when empty)
//     before Send returns, replayed in insertion order after every
//     (re)connect ahead of anything queued, and removed when their reply
//     arrives (in batches, off the reader goroutine). An entry put while
//     live or while connecting goes out on the current (or opening) socket
//     exactly once, never left for a reconnect that may not come.
//     [Client.OutboxLen] counts the entries not yet acknowledged, an earlier
//     process's included. With a durable store they survive a process
//     restart: a new Client on the same file replays them. Messages without
//     the role follow SendReject.
//
// When a socket is lost, requests whose frame went out on it fail with a
// [*LostError] (errors.Is [ErrConnectionLost]) carrying the close code;
// outbox-backed requests keep waiting, as their message is replayed. Under
// SendQueue, frames not yet written stay queued (a frame whose write failed
// is put back at the head); under SendReject they are dropped and their
// requests fail.
//
// # Inbound
//
// Each frame is decoded on the reader goroutine. A frame that fails to
// decode is skipped and reported ([NoticeInvalid] with an
// [*InvalidFrameError]; a log line with its size and the codec's error,
// never the frame itself — generated codecs' errors name members and
// constraints, not string values); the socket and the stream go on. Then, in order:
//
//  1. a reply (correlation id, one of Protocol.ReplyTypes) resolves its
//     waiting Request, and removes its outbox entry;
//  2. a message whose event id was applied before is dropped ("duplicate"),
//     within a window of Options.DedupWindow (10,000) ids, oldest evicted;
//  3. a [Sequenced] message is applied in order per stream. The first
//     event of a stream the client has not seen sets the baseline. An event
//     at or below the last applied sequence is dropped ("stale"). An event
//     beyond the next expected one is a gap: it is held, the protocol's
//     snapshot request (Protocol.SnapshotRequest, after the last applied
//     sequence) is sent once, and later events are held too (at most
//     Options.MaxHeld, 1,000, per stream; more are dropped as "overflow").
//     If the missing events arrive, the held ones apply and no snapshot is
//     needed. A snapshot reply at sequence S (Protocol.SnapshotReplyType or
//     [Snapshotter]) is delivered when S is not behind the last applied
//     sequence, then held events above S apply in order and those at or
//     below S are dropped as covered. An unrequested snapshot resets the
//     baseline the same way. Streams still waiting for a snapshot when a
//     socket is lost ask again on the next one. Stream state and the
//     de-duplication window survive reconnects: that is what makes delivery
//     exactly-once across replays by the server.
//
// Messages that pass go to the Handler, one at a time, in order, on one
// goroutine; [Notice] values (drops, gaps, snapshots, invalid frames,
// handler errors) go to Options.OnNotice on the same goroutine, in order with
// the messages. At most Options.InboxSize (1,024) messages wait for the
// Handler; beyond that the reader stops reading (TCP back-pressure) until it
// catches up.
//
// # Close
//
// [Client.Close] sends 1001 going away; [Client.Finish] ends a completed
// conversation with 1000. Both wait for the server's close frame at most
// Options.CloseTimeout (5 s), deliver what was already received, stop every
// timer and return when no goroutine of the Client remains. Close is
// idempotent and safe from any goroutine, the Client's own callbacks
// included: called from a Handler, OnNotice or OnState call it waits for
// everything but that call, and no message or notice is delivered after
// the call returns (the final state changes are). Close is bounded by its
// context: when it ends first, the socket is closed at once, undelivered
// messages are discarded, and Close returns the context's error while the
// Client finishes stopping ([Client.Done] closes when it has; a Handler
// that ignores its context delays only that). The Handler's context
// carries the values of the context given to Start, Run or Dial and is
// cancelled as soon as Close is called. Pending requests fail with
// [ErrClosed]; outbox entries stay in the store; Start, Send and Request
// after Close fail with ErrClosed. Cancelling Run's context is Close. The
// Client also stops by itself in closed (1000 from the server) or failed
// (for example 403, 1008, a stop close code): [Client.Done], [Client.Err].
//
// A close frame with a code no endpoint may send (1005, 1006, 1015, or
// outside 1000–4999) is the server's protocol error, handled like a
// transport loss (reconnect with backoff; [*IllegalCloseCodeError]).
// gorilla/websocket v1.5.3 refuses to receive a few registered close codes
// (1014 bad gateway) and answers them with 1002 itself; conn recovers the
// code from gorilla's error and applies its rule, but the reason is lost.
//
// # Logging
//
// Options.Logger (log/slog; default discard) receives state changes with
// their close code and reason (Info), dials, refreshes, gaps and snapshot
// requests (Info), invalid frames and handler errors (Warn), and each message
// sent and received with its type and correlation id (Debug). Messages are
// logged through their LogValue (generated messages leave sensitive fields
// out) or, lacking one, as type and ids only. Tokens are never logged, and
// are scrubbed from any error text that is.
package conn
