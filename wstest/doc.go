// Package wstest is a scriptable WebSocket test server and TCP fault proxy, for testing
// WebSocket clients against the things real networks and real servers do: invalid and
// fragmented frames, slow links, missing pongs, replayed and gapped events, chosen close
// codes, expiring tokens, restarts, cut and stalled connections.
//
// It runs a real gorilla/websocket server on 127.0.0.1 (unless [Options.Addr] says
// otherwise) and touches no other network.
//
// Start with [NewServer] in a test (it closes itself when the test ends), or [Listen]
// elsewhere. Each connection runs a [Script]: a list of [Step] values run in order
// (sending, heartbeats, expecting the client's messages, endings, handshake refusals).
//
//	srv := wstest.NewServer(t, nil,
//		wstest.Send(`{"type":"welcome"}`),
//		wstest.Expect(wstest.Contains(`"send_chat"`), time.Second).
//			Reply(func(msg []byte) []byte { return []byte(`{"type":"ack"}`) }),
//		wstest.CloseWith(4001, "token expired"),
//	)
//	ws, _, err := websocket.DefaultDialer.Dial(srv.URL(), nil)
//
// The server reads all the time and records everything per handshake ([Server.Conns]);
// tests assert on the records and wait for states with [Server.Wait], never sleeps.
// wstest never fails a test by itself. Records are bounded for long-running servers
// ([Options.Record], [Options.InboxBytes]). A [TokenIssuer] checks bearer tokens at the
// handshake; [Server.Restart], [Server.Stop] and [Server.Shutdown] act as a crash, an
// outage and a clean shutdown; [NewProxy] injects faults (cut, blackhole, latency,
// throttle, refuse) between client and server; a [Scenario] is a script in JSON, as
// "wsgen serve" runs it. After [Server.Close] or [Proxy.Close] no goroutine of theirs
// remains.
//
// The behaviour clients depend on (what a script does when it ends or fails, how
// restarts close connections, record limits, token rules) is specified in
// docs/wstest.md in the repository.
package wstest
