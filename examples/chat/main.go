// Command chat demonstrates wsgen's runtime with the generated chat
// protocol, and doubles as a black-box client for a real chat server.
//
// With no flags it starts a wstest server in-process and runs a scripted
// story of about ten seconds: messages, a replayed duplicate, a sequence gap
// and its snapshot, a token expiry (4001) and refresh, a server restart
// (1012), an abrupt TCP drop, an invalid frame, and a final going-away
// close. It prints one JSON object per line and exits 0.
//
// With -url it talks to a real server speaking the chat protocol:
//
//	chat -url wss://host/ws -token-cmd 'cat token.txt' [-send-policy reject|queue|outbox] [-queue N] [-outbox FILE]
//
// CMD runs through sh -c; its trimmed stdout is the token; it runs again on
// every refresh. Each stdin line is a JSON client message to send (ref and
// key are filled in when absent). On stdin EOF it waits at most 5 s for
// pending acks, closes with 1001 and exits 0; when the connection fails it
// exits 1.
//
// Output lines (never a message's text):
//
//	{"event":"state","from":…,"to":…,"reason":…,"attempt":…,"retry_in_ms":…,"close_code":…,"close_reason":…}
//	{"event":"message","type":…,"id":…,"room":…,"seq":…}
//	{"event":"dropped","type":…,"id":…,"reason":"duplicate"|"stale"}
//	{"event":"gap","room":…,"expected":…,"got":…}
//	{"event":"snapshot","room":…,"seq":…}
//	{"event":"invalid","error":…}
//	{"event":"ack","ref":…,"ok":…}
//	{"event":"send_error","ref":…,"error":…}
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
