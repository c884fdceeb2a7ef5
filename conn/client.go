package conn

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wsgen/wsgen/fsm"
)

// Client is one logical connection to a WebSocket server: it dials,
// reconnects, refreshes its token, sends under its policy, matches replies
// and delivers inbound messages once, in order, across any number of
// sockets. Create it with New or Dial; it is safe for concurrent use.
type Client struct {
	url    string
	opts   Options
	codec  Codec
	outbox Outbox // nil unless SendOutbox

	pending *pending
	inbox   inbox          // the Handler's messages and notices, OnState's changes
	wg      sync.WaitGroup // every goroutine but the owner's

	evMu     sync.Mutex
	evq      []event // events for the owner
	finished bool    // finish ran: events are dropped
	ctxStop  func() bool
	ownerRun serial // drains evq (drainEvents); not counted in wg
	writer   serial // writes the queue to the live socket (writeQueued)

	force   chan struct{} // closed to abandon a graceful close
	forceMu sync.Once
	done    chan struct{} // closed when the Client has stopped and no goroutine of it remains

	hctx     handlerCtx    // the callbacks' context (see handlerCtx)
	hstop    chan struct{} // closed when Close is called or the Client stops: hctx.Done
	hstopMu  sync.Once
	stopped  chan struct{} // closed by finish: every goroutine but the delivery one has ended
	dwg      sync.WaitGroup
	deliverG atomic.Uint64 // goroutine id of the delivery goroutine (0: none yet)

	// obMu serializes an outbox put with its live check (sendDurable) against
	// the replay read and activation of a new socket (activate), and the
	// outbox's close (finish). Lock order: obMu, then mu.
	obMu sync.Mutex

	// Guarded by mu.
	mu       sync.Mutex
	started  bool
	neverRan bool // closed before Start: no owner ever ran
	closed   bool // no more sends
	state    fsm.State
	since    time.Time
	stateCh  chan struct{} // closed and replaced at every state change
	gen      uint64        // generation of the newest socket
	ws       *websocket.Conn
	q        *queue
	writeBad *websocket.Conn // a socket a write failed on: not written to again
	// beatQueued[k]: a heartbeat frame of kind k waits in q (at most one each).
	beatQueued [beatKinds]bool
	refs       map[string]string // correlation id -> idempotency key of outbox entries
	runErr     error
	lastFail   *fsm.Change

	// Acknowledged outbox entries whose removal is due (acked, replay.go).
	// Lock order: obMu, flMu, rmMu.
	remover serial     // removes them from the outbox (flushRemovals)
	flMu    sync.Mutex // held while a batch is removed
	rmMu    sync.Mutex
	rmQueue []string            // keys to remove next, in ack order
	rmSet   map[string]struct{} // keys queued or being removed

	// Guarded by inMu (lock order: inMu, then mu).
	inMu     sync.Mutex
	inGen    uint64 // generation whose frames are accepted
	dedup    *dedup
	seq      *sequencer[Message]
	gaps     map[string]*gapState // streams recovering a gap (gap.go)
	gapTimer *time.Timer

	// Owned by the owner goroutine.
	own owner
	tok atomic.Pointer[string] // the current token, for redaction only
}

// owner is the state of the owner goroutine (see post).
type owner struct {
	m           *fsm.Machine
	timers      [3]*time.Timer
	timerSeq    [3]uint64
	ping        *time.Timer
	pingSeq     uint64
	beat        *time.Timer // the client's application heartbeat
	beatSeq     uint64
	closeT      *time.Timer
	closeSeq    uint64
	link        *link // the newest socket, until its end is reported
	dialCancel  context.CancelFunc
	refreshStop context.CancelFunc
	token       string
	tokenExpiry time.Time
	inflight    int // dials, refreshes and readers whose outcome is due
	stopped     bool
	closeAsked  bool
	ctxDone     bool
	ctxErr      error
	baseCtx     context.Context
	lastChange  *fsm.Change // the change into closed or failed
}

// link is one socket.
type link struct {
	ws      *websocket.Conn
	gen     uint64
	closing bool // we sent a close frame
}

// New returns a Client for url that has not started; call Start or Run.
// Under SendOutbox it reads the outbox's entries (those of an earlier
// process included), failing if they cannot be read. url must be an absolute ws:// or
// wss:// URL with a host (no user info, no fragment); anything else fails
// with ErrInvalidURL here rather than in every dial.
func New(url string, opts *Options) (*Client, error) {
	if err := checkURL(url); err != nil {
		return nil, err
	}
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	rules, err := fsm.MergeCloseRules(fsm.DefaultCloseRules(), o.Protocol.CloseRules)
	if err != nil {
		return nil, fmt.Errorf("conn: protocol close rules: %w", err)
	}
	c := &Client{
		url:     url,
		opts:    o,
		codec:   o.Protocol.Codec,
		pending: newPending(),
		force:   make(chan struct{}),
		done:    make(chan struct{}),
		state:   fsm.StateIdle,
		since:   time.Now(),
		stateCh: make(chan struct{}),
		q:       newQueue(o.QueueMessages, o.QueueBytes),
		dedup:   newDedup(o.DedupWindow),
		seq:     newSequencer[Message](o.MaxHeld),
	}
	c.dedup.maxBytes = o.DedupBytes
	c.seq.maxStreams, c.seq.maxStreamBytes, c.seq.maxHeldBytes, c.seq.maxJump = o.MaxStreams, o.MaxStreamBytes, o.MaxHeldBytes, o.MaxSeqJump
	c.hstop = make(chan struct{})
	c.stopped = make(chan struct{})
	c.hctx = handlerCtx{vals: context.Background(), done: c.hstop}
	c.ownerRun = serial{drain: c.drainEvents}
	c.writer = serial{drain: c.writeQueued, wg: &c.wg}
	c.inbox = inbox{maxMsgs: o.InboxSize, maxBytes: o.InboxBytes, maxStates: o.StateBuffer, run: c.deliver, wg: &c.dwg, onStart: func() { c.deliverG.Store(goid()) }}
	c.own.m = fsm.New(&fsm.Options{
		Backoff:      o.Backoff,
		HealthyAfter: o.HealthyAfter,
		OfflineAfter: o.OfflineAfter,
		CloseRules:   rules,
		Rand:         o.Rand,
	})
	if o.Outbox != nil {
		c.outbox = o.Outbox
		c.remover = serial{drain: c.flushRemovals, wg: &c.wg}
		entries, err := c.outbox.Entries(context.Background())
		if err != nil {
			return nil, fmt.Errorf("conn: outbox: %w", err)
		}
		for _, e := range entries {
			if e.Ref != "" {
				c.setRef(e.Ref, e.Key)
			}
		}
	}
	return c, nil
}

// Dial creates a Client, starts it and waits until it is live. It fails if
// the client ends in failed first, or when ctx ends (the Client is then
// closed). ctx bounds only the wait: the Client lives until Close.
func Dial(ctx context.Context, url string, opts *Options) (*Client, error) {
	c, err := New(url, opts)
	if err != nil {
		return nil, err
	}
	if err := c.Start(context.WithoutCancel(ctx)); err != nil {
		return nil, err
	}
	if _, err := c.Wait(ctx, fsm.StateLive); err != nil {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.opts.CloseTimeout)
		defer cancel()
		c.Close(cctx)
		return nil, err
	}
	return c, nil
}

// Start starts the Client and returns at once; it runs until closed or
// failed (see Run). Cancelling ctx is Close.
func (c *Client) Start(ctx context.Context) error {
	if err := c.markStarted(ctx); err != nil {
		return err
	}
	c.post(event{kind: evStart})
	return nil
}

// Run starts the Client and blocks until it is closed or failed: nil after
// Close, Finish or a normal closure by the server, a *FailedError when it
// failed. When ctx ends, the Client closes with 1001 going away (bounded by
// Options.CloseTimeout) and Run returns ctx's error. When Run returns no
// goroutine of the Client remains.
func (c *Client) Run(ctx context.Context) error {
	if err := c.markStarted(ctx); err != nil {
		return err
	}
	c.post(event{kind: evStart})
	<-c.done
	return c.Err()
}

var errStarted = errors.New("conn: client already started")

// markStarted marks the Client started with ctx: ctx's values reach the
// callbacks (handlerCtx) and its end is Close. Under c.mu, so that a Close
// racing Start sees either a Client never started or one fully set up.
func (c *Client) markStarted(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	if c.started {
		return errStarted
	}
	c.started = true
	vals := context.WithoutCancel(ctx)
	c.own.baseCtx = vals // read by the owner only after evStart
	c.hctx.vals = vals   // read by the delivery goroutine only after evStart
	if ctx.Done() != nil {
		c.ctxStop = context.AfterFunc(ctx, func() {
			c.post(event{kind: evCtxDone, err: context.Cause(ctx)})
		})
	}
	return nil
}

// State returns the current state and when it began.
func (c *Client) State() (fsm.State, time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state, c.since
}

// Generation returns the generation of the newest socket: 0 before the
// first one opens, then 1, 2, … one per socket.
func (c *Client) Generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// Wait blocks until the current state is one of states and returns it. It
// returns early with an error when ctx ends, or when the Client reaches
// closed or failed and neither is among states (ErrClosed, or a
// *FailedError).
func (c *Client) Wait(ctx context.Context, states ...fsm.State) (fsm.State, error) {
	for {
		c.mu.Lock()
		st, ch := c.state, c.stateCh
		fail := c.lastFail
		c.mu.Unlock()
		for _, s := range states {
			if s == st {
				return st, nil
			}
		}
		if st == fsm.StateFailed && fail != nil {
			return st, &FailedError{Change: *fail}
		}
		if st.Terminal() {
			return st, ErrClosed
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return st, context.Cause(ctx)
		}
	}
}

// OutboxLen returns how many messages the outbox holds, not yet
// acknowledged: those sent under SendOutbox and those left in the file by an
// earlier process, counted from New on (before Start) and still after Close.
// An entry leaves when its reply arrives. It is 0 under the other policies.
// Poll it to wait for the acknowledgements of a previous run's entries.
func (c *Client) OutboxLen() int {
	if c.outbox == nil {
		return 0
	}
	c.flMu.Lock()
	defer c.flMu.Unlock()
	c.rmMu.Lock()
	defer c.rmMu.Unlock()
	return max(c.outbox.Len()-len(c.rmSet), 0)
}

// Done returns a channel closed when the Client has stopped (closed or
// failed) and every goroutine of it has ended.
func (c *Client) Done() <-chan struct{} { return c.done }

// Err returns why the Client stopped: what Run returns, once Done is
// closed; a *FailedError as soon as the state is failed (even before Done
// closes); nil while running and after Close.
func (c *Client) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.runErr == nil && c.lastFail != nil {
		return &FailedError{Change: *c.lastFail}
	}
	return c.runErr
}

// SetNetwork reports the platform's network state: false moves to offline
// at once (a live socket is closed with 1001), true dials at once.
func (c *Client) SetNetwork(up bool) {
	c.post(event{kind: evNetwork, up: up})
}
