// Package wstest is a scriptable WebSocket test server and TCP fault proxy, for testing
// WebSocket clients against the things real networks and real servers do: invalid and
// fragmented frames, slow links, missing pongs, replayed and gapped events, chosen close
// codes, expiring tokens, restarts, cut and stalled connections.
//
// It runs a real gorilla/websocket server on 127.0.0.1 (unless [Options.Addr] says
// otherwise) and touches no other network.
//
// # Server
//
// Start with [NewServer] in a test (it closes itself when the test ends), or [Listen]
// elsewhere. Each connection runs a [Script]: a list of [Step] values run in order.
//
//	srv := wstest.NewServer(t, nil,
//		wstest.Send(`{"type":"welcome"}`),
//		wstest.Expect(wstest.Contains(`"send_chat"`), time.Second).
//			Reply(func(msg []byte) []byte { return []byte(`{"type":"ack"}`) }),
//		wstest.CloseWith(4001, "token expired"),
//	)
//	ws, _, err := websocket.DefaultDialer.Dial(srv.URL(), nil)
//
// The steps given to NewServer run on every connection; [Options.Scripts] gives the
// first, second, … connection a script of its own, [Options.ScriptFunc] computes the
// script of connection n, and [Options.Route] chooses it from the handshake request
// (path, query). [Options.CheckOrigin] refuses browser pages by Origin (403).
//
// Steps:
//   - sending: [Send], [SendRaw] (invalid JSON or UTF-8 in a text frame), [SendBinary],
//     [Fragments] and [FragmentsOf] (one message in frames of chosen sizes, with a
//     delay between them), [Drip] (a frame's bytes a few at a time), [Events] (gen(seq)
//     for each sequence number: ordered, replayed or gapped), [Pause];
//   - heartbeats: [PingEvery], [StopPinging], [Ping]; [IgnorePings] and [AnswerPings]
//     for the client's pings;
//   - the client's messages: [Expect] with [ExpectStep.Reply], [ReplyAll], [Echo];
//   - endings: [CloseWith] (a close frame with code and reason), [Drop] (TCP FIN, no
//     close frame), [Reset] (TCP RST), [Stall] (stop reading and writing, TCP open);
//   - the handshake: [Reject] and [RejectWith] (an HTTP status instead of the upgrade;
//     the first step of a script).
//
// Behaviour around the script, decided here because clients depend on it:
//   - The server reads all the time, on its own goroutine: every client message is
//     recorded when it arrives, whatever step runs. Client pings are answered (unless
//     [IgnorePings] or [Stall]); a client close frame is recorded and echoed.
//   - When a script ends without a closing step, the connection stays open, read and
//     recorded, until the client closes it or the server stops.
//   - A failing step (an [Expect] that timed out, a write to a client that went away)
//     ends the script and is kept in [Conn.Err] and [Server.Err]; the connection stays
//     as it is. A step cut short by the server's own Stop, Restart or Close is not an
//     error. wstest never fails a test by itself: assert on the records.
//   - [Conn.Script] counts the handshakes that passed the token check, from 0, across
//     restarts: with Scripts {A, B}, the first accepted connection runs A and the
//     second B, even if a 401 came in between.
//
// # Records
//
// [Server.Conns] returns one [Conn] per handshake attempt: request headers, path and
// token, the response status, every data message received (with its arrival time) and
// sent, pings and pongs, the close frames sent and received, whether the server dropped
// the TCP connection, and the script's error. By default a record keeps everything, as
// a test wants; a long-running server bounds it with [Options.Record] (the most recent
// entries within a count and a byte budget, or none: [RecordLimit]; the counts
// [Conn.ReceivedCount] and [Conn.SentCount] stay exact) and bounds the client messages
// waiting for an [Expect] step with [Options.InboxBytes]; a message that arrives after
// the script's last step is never held. Records are snapshots; [Server.Wait],
// [Server.WaitConn] and [Server.WaitDone] wait for a record to reach a state, so tests
// need no sleeps.
//
// # Tokens
//
// A [TokenIssuer] issues short-lived tokens ([TokenIssuer.Issue]) on a clock the test
// may inject. With [Options.Tokens] set, the handshake needs "Authorization: Bearer
// TOKEN" (or ?access_token=TOKEN, for browsers); a missing, unknown or expired token is
// answered 401 with WWW-Authenticate. With [Options.ExpireCode] set, a live connection
// is closed with that code when its token expires.
//
// # Restart
//
// [Server.Restart] drops every connection (as a crash would) and listens again on the
// same address; [Server.RestartWith] first sends each client a close frame (say 1012);
// [Server.Stop] and [Server.Start] leave a gap in between, during which dials are
// refused. [Server.Shutdown] closes for good after sending each client a close frame.
// A handshake under way when the server stops either fails (the client never upgraded;
// the record has Status 0 and Dropped) or completes and then gets the same close frame,
// or the same drop, as every other connection: a client that upgraded never sees 1006
// from RestartWith or Shutdown. A script cut short by the stop (a write after the close
// frame, an Expect still waiting) is not an error. Start, Stop, Restart and Close may
// be called from any goroutine; they run one at a time.
//
// # Fault proxy
//
// [NewProxy] starts a TCP proxy on 127.0.0.1 to a target address; the client dials
// [Proxy.URL] instead of the server. Faults switch on and off during a test:
// [Proxy.Cut] closes every connection now; [Proxy.Blackhole] accepts and stalls;
// [Proxy.Latency] delays each direction; [Proxy.Throttle] limits bandwidth;
// [Proxy.Refuse] resets new connections.
//
// # Goroutines
//
// After [Server.Close] or [Proxy.Close] returns, no goroutine of theirs remains (checked
// with go.uber.org/goleak in this package's tests). Timers run on the real clock:
// testing/synctest cannot host real sockets, so tests of a client against wstest use
// deadlines, not fake time; [NewTokenIssuer] takes a clock for the token checks.
//
// # Scenario files
//
// A [Scenario] describes per-connection scripts as JSON, for servers driven by a file
// rather than Go code: [ParseScenario] reads one (the format is [ScenarioFormat]) and
// [Scenario.Script] turns it into scripts. The command "wsgen serve" runs scenario
// files against any client, validating every message against the protocol schema.
package wstest
