package wstest

import (
	"net/http"
	"time"

	"github.com/gorilla/websocket"
)

// Conn is the record of one handshake attempt and, when it was upgraded, of the
// connection that followed. [Server.Conns] returns copies: a Conn never changes after it
// is returned, so take a new snapshot (or use [Server.Wait]) to see later events.
type Conn struct {
	// Index is the position of this record in [Server.Conns]: every handshake attempt
	// that reached the server gets the next index, across restarts.
	Index int
	// Script is the index n of the script this connection ran (see [Options.Scripts]),
	// or -1 when the handshake was refused before a script was chosen (token check,
	// a request that was not a WebSocket upgrade).
	Script int
	// At is when the HTTP request arrived.
	At time.Time
	// Path is the request URI (path and query) of the handshake.
	Path string
	// Header holds the handshake request headers.
	Header http.Header
	// Token is the bearer token the client presented, "" when none.
	Token string
	// Status is the HTTP status of the handshake response: 101 when upgraded, 0 when
	// the server's stop cut the handshake before any response went out.
	Status int
	// Subprotocol is the negotiated subprotocol, "" when none.
	Subprotocol string

	// Received lists every data message received from the client, in order (the most
	// recent ones only, under [Options.Record]).
	Received []Frame
	// Sent lists every data message the server sent (a fragmented or dripped message
	// appears once, whole; the most recent ones only, under [Options.Record]).
	Sent []Frame
	// ReceivedCount and SentCount count every data message received and sent,
	// including those [Options.Record] did not keep.
	ReceivedCount, SentCount int
	// Evicted counts the entries (messages, pings, pongs) that [Options.Record] dropped
	// from this record or never kept.
	Evicted int
	// PingsSent and Pongs list the server's pings and the client's pongs.
	PingsSent []Control
	Pongs     []Control
	// PingsReceived lists the client's pings (answered or not, see [IgnorePings]).
	PingsReceived []Control

	// CloseSent is the close frame the server sent (by a step, on token expiry, on
	// restart, or echoing the client's close); nil when none.
	CloseSent *Close
	// CloseReceived is the close frame received from the client; nil when none.
	CloseReceived *Close
	// Dropped is true when the server ended the TCP connection without a close frame
	// ([Drop], [Reset], [Server.Restart]), or when its stop cut the handshake.
	Dropped bool

	// Stalled is true while a [Stall] step holds the connection.
	Stalled bool
	// Steps counts the script steps that completed.
	Steps int
	// Err is the first script error (an [*ExpectError], a [*StepError]); nil when the
	// script ran to its end or is still running.
	Err error
	// Done is true once the connection has ended; End is when.
	Done bool
	End  time.Time
}

// Frame is one data message. Type is [websocket.TextMessage] or
// [websocket.BinaryMessage]; gorilla/websocket reassembles fragments, so a message the
// client sent in fragments is one Frame.
type Frame struct {
	At   time.Time
	Type int
	Data []byte
}

// Text returns the payload as a string.
func (f Frame) Text() string { return string(f.Data) }

// IsText reports whether the frame is a text message.
func (f Frame) IsText() bool { return f.Type == websocket.TextMessage }

// Control is one ping or pong with its application data.
type Control struct {
	At   time.Time
	Data string
}

// Close is one close frame.
type Close struct {
	At     time.Time
	Code   int
	Reason string
}

// RecordLimit bounds each list of a connection's record ([Conn.Received], [Conn.Sent],
// [Conn.PingsSent], [Conn.Pongs], [Conn.PingsReceived]) separately, as a ring: when an
// entry would exceed a bound, the oldest entries are dropped and counted in
// [Conn.Evicted]. A single entry larger than Bytes is not kept. The zero value keeps
// everything, as tests expect; a long-running server ("wsgen serve") sets Off.
type RecordLimit struct {
	// Off keeps no message, ping or pong (the counts still grow).
	Off bool
	// Entries is the most entries a list keeps; 0: no limit.
	Entries int
	// Bytes is the most payload bytes a list keeps; 0: no limit.
	Bytes int64
}

// ring holds the byte total of one record list.
type ring struct{ bytes int64 }

// push appends v (of n payload bytes) to list under lim, dropping the oldest entries
// (zeroed, so that their payloads can be collected) until the bounds hold.
func push[T any](list []T, v T, n int, r *ring, lim RecordLimit, evicted *int, size func(T) int) []T {
	if lim.Off || lim.Bytes > 0 && int64(n) > lim.Bytes {
		*evicted++
		return list
	}
	list = append(list, v)
	r.bytes += int64(n)
	for len(list) > 0 && (lim.Entries > 0 && len(list) > lim.Entries || lim.Bytes > 0 && r.bytes > lim.Bytes) {
		r.bytes -= int64(size(list[0]))
		var zero T
		list[0] = zero
		list = list[1:]
		*evicted++
	}
	return list
}

func frameSize(f Frame) int     { return len(f.Data) }
func controlSize(c Control) int { return len(c.Data) }

// Texts returns the payloads of frames as strings, convenient in assertions.
func Texts(frames []Frame) []string {
	out := make([]string, len(frames))
	for i, f := range frames {
		out[i] = string(f.Data)
	}
	return out
}

func (c *Conn) clone() Conn {
	out := *c
	out.Received = append([]Frame(nil), c.Received...)
	out.Sent = append([]Frame(nil), c.Sent...)
	out.PingsSent = append([]Control(nil), c.PingsSent...)
	out.Pongs = append([]Control(nil), c.Pongs...)
	out.PingsReceived = append([]Control(nil), c.PingsReceived...)
	return out
}
