package conn

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wsgen/wsgen/fsm"
)

// SendPolicy says what Send and Request do while the connection is not live.
type SendPolicy uint8

// The send policies.
const (
	// SendReject fails at once with ErrNotLive. Frames accepted while live
	// but not yet written when the connection drops are discarded (their
	// requests fail with ErrConnectionLost).
	SendReject SendPolicy = iota
	// SendQueue keeps messages in the bounded queue (Options.QueueMessages,
	// Options.QueueBytes; ErrQueueFull beyond) and writes them in order once
	// live. Nothing survives the process.
	SendQueue
	// SendOutbox persists every message that has the idempotency-key role
	// to Options.Outbox before accepting it, replays the
	// stored messages in order after every (re)connect and removes each
	// when the reply with its correlation id arrives. Messages without the
	// role (typing indicators and the like) follow SendReject.
	SendOutbox
)

var policyNames = [...]string{"reject", "queue", "outbox"}

// String returns "reject", "queue" or "outbox".
func (p SendPolicy) String() string {
	if int(p) < len(policyNames) {
		return policyNames[p]
	}
	return fmt.Sprintf("SendPolicy(%d)", uint8(p))
}

// ParseSendPolicy returns the policy named s.
func ParseSendPolicy(s string) (SendPolicy, error) {
	for i, n := range policyNames {
		if n == s {
			return SendPolicy(i), nil
		}
	}
	return 0, fmt.Errorf("conn: unknown send policy %q (want reject, queue or outbox)", s)
}

// TokenSource supplies the credential sent as "Authorization: Bearer …".
// Token is called before the first dial, again before a dial once the
// previous token's expiry has passed, and on every refresh the state
// machine asks for (HTTP 401, a refresh-auth close code). A zero expiry
// means unknown. The value is never logged.
type TokenSource interface {
	Token(ctx context.Context) (value string, expiry time.Time, err error)
}

// TokenFunc adapts a function to TokenSource.
type TokenFunc func(ctx context.Context) (string, time.Time, error)

// Token calls f.
func (f TokenFunc) Token(ctx context.Context) (string, time.Time, error) { return f(ctx) }

// ErrPermanent marks a token error that no retry can fix (wrap it: the state
// machine then ends in failed instead of backing off).
var ErrPermanent = errors.New("conn: permanent failure")

// Handler receives inbound messages that survived de-duplication and
// sequencing, one at a time, in order, on a goroutine of the Client. A
// returned error is reported (Options.OnNotice, the log) and the stream goes
// on.
type Handler interface {
	HandleMessage(ctx context.Context, m Message) error
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, m Message) error

// HandleMessage calls f.
func (f HandlerFunc) HandleMessage(ctx context.Context, m Message) error { return f(ctx, m) }

// Protocol is what the runtime needs to know about a protocol. Generated
// packages provide all of it (their typed client fills it in).
type Protocol struct {
	// Codec decodes inbound frames and encodes outbound messages. Required.
	Codec Codec
	// SnapshotRequest builds the message that asks the server for a stream's
	// state after afterSeq (chat: snapshot_request). nil: a sequence gap is
	// reported and later events are held, but nothing is requested.
	SnapshotRequest func(stream string, afterSeq int64) Message
	// SnapshotReplyType is the type of the snapshot reply, whose
	// RoleSequence is the sequence it covers up to. A message implementing
	// Snapshotter is recognised too.
	SnapshotReplyType string
	// ReplyTypes lists the inbound types that answer a request by
	// correlation id (chat: ack, error, snapshot). Empty: any inbound
	// message whose correlation id matches a waiting request answers it.
	ReplyTypes []string
	// CloseRules are the protocol's close codes (4000–4999), merged over
	// fsm.DefaultCloseRules.
	CloseRules []fsm.CloseRule
	// Gap is what the Client does about a sequence gap that the missing
	// events do not fill by themselves (see GapPolicy). Default
	// GapSnapshot.
	Gap GapPolicy
	// GapTimeout bounds the wait for a gap to close: under GapSnapshot, for
	// a snapshot reply before the request is sent again (the retries spaced
	// by doubling delays, then the socket is reconnected); under GapSkip,
	// for the missing events before the held ones are applied past the gap.
	// Default 5 s.
	GapTimeout time.Duration
	// Heartbeat describes the protocol's application heartbeats, sent and
	// answered besides WebSocket pings (see Heartbeat). Zero: none.
	Heartbeat Heartbeat
}

// GapPolicy says how a protocol recovers from a sequence gap: an event
// beyond the next expected sequence of its stream, whose predecessors do
// not arrive.
type GapPolicy uint8

// The gap policies.
const (
	// GapSnapshot asks the server for the stream's state
	// (Protocol.SnapshotRequest) and holds later events until the snapshot
	// arrives. At most one request per stream is in flight: one not
	// answered (or answered by a snapshot that leaves a gap) within
	// GapTimeout is sent again after 2, then 4 times GapTimeout; after the
	// fourth the stream falls back to GapReconnect. A protocol without a
	// snapshot request falls back to GapReconnect after GapTimeout.
	GapSnapshot GapPolicy = iota
	// GapSkip holds later events for GapTimeout, then applies them past the
	// gap, with a NoticeGap whose Reason is "skipped": for streams where a
	// lost update is outdated by the next one.
	GapSkip
	// GapReconnect forgets the stream's state (its next event sets a new
	// baseline) and closes the socket to connect again: for servers that
	// replay a stream's state on every connect.
	GapReconnect
)

var gapNames = [...]string{"snapshot", "skip", "reconnect"}

// String returns "snapshot", "skip" or "reconnect".
func (p GapPolicy) String() string {
	if int(p) < len(gapNames) {
		return gapNames[p]
	}
	return fmt.Sprintf("GapPolicy(%d)", uint8(p))
}

// ParseGapPolicy returns the policy named s.
func ParseGapPolicy(s string) (GapPolicy, error) {
	for i, n := range gapNames {
		if n == s {
			return GapPolicy(i), nil
		}
	}
	return 0, fmt.Errorf("conn: unknown gap policy %q (want snapshot, skip or reconnect)", s)
}

// Options configure a Client. A nil *Options means defaults; New copies the
// struct and never modifies the caller's value.
type Options struct {
	// Protocol is the protocol spoken. Required (at least its Codec).
	Protocol *Protocol
	// Handler receives inbound messages. Default: messages are dropped
	// after de-duplication and sequencing (requests still get replies).
	Handler Handler
	// OnState receives every state change once, in order, on the Handler's
	// goroutine and in one order with the messages (a socket's live change
	// before its messages, the change ending it after them; see the package
	// doc). A slow observer delays the Handler like a slow Handler does,
	// never the connection (see StateBuffer). Default nil.
	OnState func(StateChange)
	// OnNotice receives what the inbound pipeline did besides delivering
	// (drops, gaps, snapshots, invalid frames, handler errors), in order
	// with the Handler's messages, on the Handler's goroutine. Default nil.
	OnNotice func(Notice)

	// Token supplies the bearer token. Default nil: no Authorization header.
	Token TokenSource
	// Header holds extra handshake headers (an Authorization header here is
	// replaced by Token's). Default none.
	Header http.Header
	// Dialer is the gorilla/websocket dialer to copy. Default: a dialer with
	// TLS certificate verification (the system roots), HandshakeTimeout,
	// ReadBufferSize 512 (frame headers and small messages; larger payloads
	// are read straight into their message's buffer), WriteBufferSize 512
	// and a shared WriteBufferPool, so an idle connection holds no write
	// buffer. The handshake timeout applies through the dial's context.
	Dialer *websocket.Dialer
	// HandshakeTimeout bounds each dial, TCP and TLS and HTTP upgrade
	// together. Default 10 s.
	HandshakeTimeout time.Duration
	// TokenTimeout bounds each call of the TokenSource: a source that has
	// not answered by then counts as a failed (retryable) token fetch, and
	// the client backs off instead of staying in connecting. A source that
	// ignores its context keeps its call running until it returns. Default
	// 10 s.
	TokenTimeout time.Duration

	// ReadLimit is the largest inbound message in bytes; a larger one
	// closes the connection with 1009 and the client reconnects with
	// backoff. Default 1 MiB.
	ReadLimit int64
	// PingInterval is the time between WebSocket pings. Default 20 s;
	// negative disables heartbeats.
	PingInterval time.Duration
	// PongTimeout is how long after a ping without any frame from the
	// server (pong or data) the connection counts as lost. Default 10 s.
	PongTimeout time.Duration
	// WriteTimeout bounds each frame write; a write that cannot finish in
	// time counts as a transport loss. Default 10 s.
	WriteTimeout time.Duration
	// CloseTimeout bounds the wait for the server's close frame after ours.
	// Default 5 s.
	CloseTimeout time.Duration

	// SendPolicy is what Send does while not live. Default SendReject.
	SendPolicy SendPolicy
	// QueueMessages and QueueBytes bound the send queue (under every
	// policy: it is also the write buffer while live). Defaults 1,000
	// messages and 1 MiB.
	QueueMessages int
	QueueBytes    int
	// Outbox is the store of the SendOutbox policy (see Outbox for its
	// contract): a boltoutbox.Store for a file that survives restarts,
	// NewMemoryOutbox for one that survives reconnects only. Required with
	// SendOutbox; ignored otherwise. The Client does not close it.
	Outbox Outbox

	// DedupWindow is the number of recent event ids remembered. Default
	// 10,000.
	DedupWindow int
	// DedupBytes bounds the memory of the de-duplication window: ids are
	// evicted oldest first beyond it (each counted at its length plus 48
	// bytes). Default 1 MiB.
	DedupBytes int
	// MaxIDLength is the longest event id accepted; an event with a longer
	// one is dropped (NoticeDropped, reason "oversized id"). Default 256
	// bytes.
	MaxIDLength int
	// MaxStreams bounds the streams whose sequencing state is kept; a new
	// stream beyond it evicts the least recently used one (NoticeEvicted;
	// that stream's next event sets a new baseline). Default 10,000.
	MaxStreams int
	// MaxStreamBytes bounds the same state by bytes (each stream counted
	// at its name's length plus 160); the least recently used streams are
	// evicted beyond it. Default 4 MiB.
	MaxStreamBytes int
	// MaxStreamName is the longest stream name accepted; an event with a
	// longer one is dropped (reason "oversized stream"). Default 256 bytes.
	MaxStreamName int
	// MaxHeldBytes bounds the frames held, over all streams, while gaps
	// are recovered; beyond it events are dropped as "overflow". Default
	// 16 MiB.
	MaxHeldBytes int
	// MaxSeqJump is the largest forward jump of a stream's sequence that is
	// held as a gap; an event further ahead is dropped (reason "jump") and
	// the gap recovered by the protocol's GapPolicy, so one absurd sequence
	// number cannot make every later event stale. Default 1,048,576.
	MaxSeqJump int64
	// MaxHeld bounds the events held per stream while a snapshot is
	// awaited. Default 1,000.
	MaxHeld int
	// InboxSize bounds the decoded messages waiting for the Handler; when
	// full the Client stops reading (TCP back-pressure) until the Handler
	// catches up. Default 1,024.
	InboxSize int
	// InboxBytes bounds the same queue by the size of the frames waiting
	// (back-pressure as for InboxSize). Default 16 MiB.
	InboxBytes int
	// StateBuffer bounds the state changes waiting for OnState (apart from
	// InboxSize); beyond it the oldest is dropped and the next one
	// delivered says how many were missed. Default 1,024.
	StateBuffer int

	// Backoff, HealthyAfter and OfflineAfter configure the state machine
	// (fsm.Options; defaults 1 s ×2 capped at 30 s with fsm.JitterEven, 10 s,
	// 2 min). A Retry-After on a 429 or 503 handshake is honoured, with
	// jitter on top, up to fsm's default MaxRetryAfter (5 min).
	Backoff      *fsm.Backoff
	HealthyAfter time.Duration
	OfflineAfter time.Duration
	// Rand is the jitter source. Default: math/rand/v2's global source.
	Rand *rand.Rand

	// Logger receives the Client's log lines: state changes, close codes,
	// message types and correlation ids; never a token, never a sensitive
	// field (messages are logged through their slog.LogValuer). Default:
	// discard.
	Logger *slog.Logger
}

const (
	defaultHandshakeTimeout = 10 * time.Second
	defaultReadLimit        = 1 << 20
	defaultPingInterval     = 20 * time.Second
	defaultPongTimeout      = 10 * time.Second
	defaultWriteTimeout     = 10 * time.Second
	defaultCloseTimeout     = 5 * time.Second
	defaultQueueMessages    = 1000
	defaultQueueBytes       = 1 << 20
	defaultInboxSize        = 1024
	defaultStateBuffer      = 1024
	defaultBufferSize       = 512
	defaultGapTimeout       = 5 * time.Second
	defaultTokenTimeout     = 10 * time.Second
	defaultInboxBytes       = 16 << 20
)

// writePool is shared by every Client's default dialer: a connection holds a
// write buffer only while it writes.
var writePool = &sync.Pool{}

// defaultDialer is the dialer of every Client without Options.Dialer.
var defaultDialer = &websocket.Dialer{
	Proxy:           http.ProxyFromEnvironment,
	ReadBufferSize:  defaultBufferSize,
	WriteBufferSize: defaultBufferSize,
	WriteBufferPool: writePool,
}

func (o *Options) withDefaults() (Options, error) {
	var c Options
	if o != nil {
		c = *o
	}
	if c.Protocol == nil || c.Protocol.Codec == nil {
		return c, errors.New("conn: Options.Protocol.Codec is required")
	}
	p := *c.Protocol
	p.ReplyTypes = slices.Clone(p.ReplyTypes)
	if p.Gap > GapReconnect {
		return c, fmt.Errorf("conn: unknown gap policy %d", p.Gap)
	}
	if p.GapTimeout <= 0 {
		p.GapTimeout = defaultGapTimeout
	}
	if err := p.Heartbeat.check(); err != nil {
		return c, err
	}
	// p.CloseRules is only read, by New, to merge it.
	c.Protocol = &p
	if c.Header != nil {
		c.Header = c.Header.Clone()
	}
	if c.HandshakeTimeout <= 0 {
		c.HandshakeTimeout = defaultHandshakeTimeout
	}
	if c.Dialer != nil {
		d := *c.Dialer // the handshake timeout is applied through the dial's context
		c.Dialer = &d
	} else {
		c.Dialer = defaultDialer // shared, never modified
	}
	if c.ReadLimit <= 0 {
		c.ReadLimit = defaultReadLimit
	}
	if c.PingInterval == 0 {
		c.PingInterval = defaultPingInterval
	}
	if c.PongTimeout <= 0 {
		c.PongTimeout = defaultPongTimeout
	}
	if c.WriteTimeout <= 0 {
		c.WriteTimeout = defaultWriteTimeout
	}
	if c.CloseTimeout <= 0 {
		c.CloseTimeout = defaultCloseTimeout
	}
	if c.QueueMessages <= 0 {
		c.QueueMessages = defaultQueueMessages
	}
	if c.QueueBytes <= 0 {
		c.QueueBytes = defaultQueueBytes
	}
	if c.SendPolicy > SendOutbox {
		return c, fmt.Errorf("conn: unknown send policy %d", c.SendPolicy)
	}
	if c.SendPolicy == SendOutbox && c.Outbox == nil {
		return c, errors.New("conn: SendOutbox needs Options.Outbox (boltoutbox.Open, or NewMemoryOutbox)")
	}
	if c.SendPolicy != SendOutbox {
		c.Outbox = nil
	}
	if c.DedupWindow <= 0 {
		c.DedupWindow = defaultDedupWindow
	}
	if c.MaxHeld <= 0 {
		c.MaxHeld = defaultMaxHeld
	}
	if c.InboxSize <= 0 {
		c.InboxSize = defaultInboxSize
	}
	if c.InboxBytes <= 0 {
		c.InboxBytes = defaultInboxBytes
	}
	if c.TokenTimeout <= 0 {
		c.TokenTimeout = defaultTokenTimeout
	}
	if c.DedupBytes <= 0 {
		c.DedupBytes = defaultDedupBytes
	}
	if c.MaxIDLength <= 0 {
		c.MaxIDLength = defaultMaxIDLength
	}
	if c.MaxStreams <= 0 {
		c.MaxStreams = defaultMaxStreams
	}
	if c.MaxStreamBytes <= 0 {
		c.MaxStreamBytes = defaultMaxStreamBytes
	}
	if c.MaxStreamName <= 0 {
		c.MaxStreamName = defaultMaxStreamName
	}
	if c.MaxHeldBytes <= 0 {
		c.MaxHeldBytes = defaultMaxHeldBytes
	}
	if c.MaxSeqJump <= 0 {
		c.MaxSeqJump = defaultMaxSeqJump
	}
	if c.StateBuffer <= 0 {
		c.StateBuffer = defaultStateBuffer
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c, nil
}
