// Command chat shows wsgen's generated chat client (package
// github.com/wsgen/wsgen/generated/chat over package conn) at work, and doubles
// as a black-box client for a real chat server.
//
// With no flags it starts a wstest server in-process and runs a scripted story
// of about ten seconds: messages, a replayed duplicate, a stale event, a
// sequence gap and its snapshot, a token expiry (4001) and refresh, a server
// restart (1012), an abrupt TCP drop (a fault proxy cuts the connection), an
// invalid frame, and a final going-away close (1001). It prints the events and
// exits 0.
//
// With -url it talks to a real server speaking the chat protocol
// (testdata/chat/protocol.json):
//
//	chat -url wss://host/ws -token-cmd CMD [-send-policy reject|queue|outbox] [-queue N] [-outbox FILE]
//
// CMD runs through sh -c; its trimmed standard output is the bearer token, and
// it runs again on every refresh (a 401 at the handshake, a 4001 close). Each
// line of standard input is a JSON client message (send_chat, typing,
// snapshot_request); its "ref" and "key" are filled in when absent, and lines
// are sent in order. Under queue and outbox stdin is read at once: lines are
// queued (or persisted) while connecting and go out on the first socket, and an
// outbox line read while the server is unreachable stays in the file for the
// next run. Under reject (the default) stdin is read once the client is first
// live, since a line sent before the first connection could only be refused
// (a piped file would all fail while the handshake runs); from then on a line
// sent while reconnecting gets a send_error, which is the policy at work.
// Under outbox only send_chat has an idempotency key and is persisted; typing
// and snapshot_request lines follow reject.
// On stdin EOF it waits at most 5 s for pending acks (the acks of outbox
// entries an earlier run left included: an ack counts only when its ref is
// one of theirs), closes with 1001 and exits 0. When the client
// fails (a 403, a stop close code such as 4003) it exits 1; on SIGINT or
// SIGTERM it closes with 1001 and exits 130; a bad command line exits 2. The
// token command's standard error is discarded (it may hold the secret) and a
// failing command is retried with backoff. Each line's outcome is a line of
// output: an "ack" when its reply came (a snapshot_request's snapshot counts as
// ok), a "send_error" when it could not be read, was not a client message,
// failed the schema, was refused by the send policy or lost its connection
// (under outbox, a send_chat still unacknowledged at exit gets a send_error
// saying it is kept in the outbox for the next run).
//
// # Output
//
// Standard output carries one JSON object per line, each with an "event" key:
//
//	{"event":"state","from":…,"to":…,"reason":…,"attempt":…,"retry_in_ms":…,"close_code":…,"close_reason":…}
//	{"event":"message","type":…,"id":…,"room":…,"seq":…}
//	{"event":"dropped","type":…,"id":…,"reason":"duplicate"|"stale"}
//	{"event":"gap","room":…,"expected":…,"got":…}
//	{"event":"snapshot","room":…,"seq":…}
//	{"event":"invalid","error":…}
//	{"event":"ack","ref":…,"ok":…}
//	{"event":"send_error","ref":…,"error":…}
//
// A member that does not apply is null: close_code and close_reason of a change
// no close frame caused, id, room and seq of a message without those roles
// (welcome), ref of a line that could not be read. A message's text is never
// printed, and neither is the token; "message" lines for the chats inside a
// snapshot follow its "snapshot" line. A reply nobody waits for (it answers an
// outbox entry of an earlier run) is an "ack" line too. Diagnostics go to
// standard error.
package main
