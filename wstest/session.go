package wstest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// errStop ends a script early without it being an error (CloseWith, Drop, Echo).
var errStop = errors.New("wstest: script stopped")

// session runs one upgraded connection: the script on the handler goroutine, a reader
// that records every frame, and optional pinger and token-expiry goroutines.
type session struct {
	srv *Server
	rec *Conn // guarded by srv.mu
	ws  *websocket.Conn
	nc  net.Conn

	ctx    context.Context // done when the connection is over
	cancel context.CancelFunc

	wmu       sync.Mutex // serialises every write: messages, raw frames, control frames
	closeSent bool       // guarded by wmu

	ignorePings atomic.Bool
	stopped     atomic.Bool // the server ended the connection (Stop, Restart, Close)
	stepIndex   int         // script goroutine only

	imu        sync.Mutex
	inbox      []Frame
	inboxBytes int64         // payload bytes in inbox
	inboxFull  bool          // the inbox dropped a message (logged once)
	scriptDone bool          // the script has ended: nothing consumes the inbox any more
	inboxCh    chan struct{} // signalled (cap 1) when inbox grows

	// byte totals of the record's lists, guarded by srv.mu
	recvRing, sentRing, pingsSentRing, pongsRing, pingsRecvRing ring

	stallMu sync.Mutex
	stallCh chan struct{} // non-nil while stalled; closed when the stall ends

	pingMu     sync.Mutex
	pingCancel context.CancelFunc
	pingDone   chan struct{} // closed when the pinger has returned

	wg sync.WaitGroup // reader, pinger, expiry
}

func (srv *Server) newSession(rec *Conn, ws *websocket.Conn) *session {
	ctx, cancel := context.WithCancel(context.Background())
	s := &session{srv: srv, rec: rec, ws: ws, nc: ws.NetConn(), ctx: ctx, cancel: cancel, inboxCh: make(chan struct{}, 1)}
	if srv.opts.ReadLimit > 0 {
		ws.SetReadLimit(srv.opts.ReadLimit)
	}
	ws.SetPingHandler(s.onPing)
	ws.SetPongHandler(func(data string) error {
		c := Control{At: time.Now(), Data: data}
		srv.update(func() {
			rec.Pongs = push(rec.Pongs, c, len(data), &s.pongsRing, srv.opts.Record, &rec.Evicted, controlSize)
		})
		return nil
	})
	ws.SetCloseHandler(s.onClose)
	return s
}

// run runs the script, then keeps the connection (reading and recording) until it ends.
func (s *session) run(script Script, expiry time.Time) {
	s.wg.Go(s.readLoop)
	if !expiry.IsZero() {
		s.wg.Go(func() { s.expireAt(expiry) })
	}
	var scriptErr error
	for i, st := range script {
		s.stepIndex = i
		err := st.run(s)
		if err == errStop {
			s.srv.update(func() { s.rec.Steps++ })
			break
		}
		if err != nil {
			var ee *ExpectError
			if !errors.As(err, &ee) {
				err = &StepError{Step: i, Name: st.String(), Err: err}
			}
			scriptErr = err
			break
		}
		s.srv.update(func() { s.rec.Steps++ })
	}
	s.imu.Lock()
	s.scriptDone = true
	s.inbox, s.inboxBytes = nil, 0
	s.imu.Unlock()
	if errors.Is(scriptErr, ErrConnClosed) && s.stopped.Load() {
		scriptErr = nil // interrupted by the server's own stop: not the script's failure
	}
	if scriptErr != nil {
		s.srv.logf("wstest: conn %d: %v", s.rec.Index, scriptErr)
		s.srv.update(func() { s.rec.Err = scriptErr })
	}
	<-s.ctx.Done()
	s.nc.Close()
	s.stopPinger()
	s.setStall(false)
	s.wg.Wait()
	var summary string
	s.srv.update(func() {
		s.rec.Done = true
		s.rec.End = time.Now()
		summary = endSummary(s.rec)
	})
	s.srv.logf("wstest: conn %d: ended: %s", s.rec.Index, summary)
}

// endSummary says how a connection ended, for the log.
func endSummary(c *Conn) string {
	var parts []string
	if c.CloseSent != nil {
		parts = append(parts, fmt.Sprintf("close %d %q sent", c.CloseSent.Code, c.CloseSent.Reason))
	}
	if c.CloseReceived != nil {
		parts = append(parts, fmt.Sprintf("close %d %q received", c.CloseReceived.Code, c.CloseReceived.Reason))
	}
	if c.Dropped {
		parts = append(parts, "dropped by the server without a close frame")
	}
	if len(parts) == 0 {
		parts = append(parts, "TCP closed without a close frame")
	}
	return fmt.Sprintf("%s; %d messages received, %d sent", strings.Join(parts, ", "), c.ReceivedCount, c.SentCount)
}

func (s *session) readLoop() {
	defer s.cancel()
	for {
		s.waitUnstalled()
		if s.ctx.Err() != nil {
			return
		}
		typ, data, err := s.ws.ReadMessage()
		if err != nil {
			return
		}
		f := Frame{At: time.Now(), Type: typ, Data: data}
		s.srv.update(func() {
			s.rec.ReceivedCount++
			s.rec.Received = push(s.rec.Received, f, len(data), &s.recvRing, s.srv.opts.Record, &s.rec.Evicted, frameSize)
		})
		if h := s.srv.opts.OnReceive; h != nil {
			h(s.rec.Index, f)
		}
		s.queue(f)
		select {
		case s.inboxCh <- struct{}{}:
		default:
		}
	}
}

// queue holds f for the script's Expect, ReplyAll and Echo steps, within
// Options.InboxBytes; after the script's last step nothing is held.
func (s *session) queue(f Frame) {
	s.imu.Lock()
	if s.scriptDone {
		s.imu.Unlock()
		return
	}
	s.inbox = append(s.inbox, f)
	s.inboxBytes += int64(len(f.Data))
	dropped := 0
	for limit := s.srv.opts.InboxBytes; limit > 0 && s.inboxBytes > limit && len(s.inbox) > 0; dropped++ {
		s.inboxBytes -= int64(len(s.inbox[0].Data))
		s.inbox[0] = Frame{}
		s.inbox = s.inbox[1:]
	}
	first := dropped > 0 && !s.inboxFull
	s.inboxFull = s.inboxFull || dropped > 0
	s.imu.Unlock()
	if first {
		s.srv.logf("wstest: conn %d: more than %d bytes of client messages wait for the script: the oldest are dropped", s.rec.Index, s.srv.opts.InboxBytes)
	}
}

func (s *session) onPing(data string) error {
	c := Control{At: time.Now(), Data: data}
	s.srv.update(func() {
		s.rec.PingsReceived = push(s.rec.PingsReceived, c, len(data), &s.pingsRecvRing, s.srv.opts.Record, &s.rec.Evicted, controlSize)
	})
	if s.ignorePings.Load() || s.stalled() {
		return nil
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(s.srv.opts.WriteTimeout))
	return nil
}

func (s *session) onClose(code int, reason string) error {
	s.srv.update(func() { s.rec.CloseReceived = &Close{At: time.Now(), Code: code, Reason: reason} })
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.closeSent {
		return nil
	}
	s.closeSent = true
	msg := websocket.FormatCloseMessage(code, "")
	if s.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(s.srv.opts.WriteTimeout)) == nil {
		s.srv.update(func() { s.rec.CloseSent = &Close{At: time.Now(), Code: code} })
	}
	return nil
}

// next returns the oldest unconsumed client message, waiting until deadline (zero:
// no deadline). It returns ErrTimeout or ErrConnClosed.
func (s *session) next(deadline time.Time) (Frame, error) {
	var timeout <-chan time.Time
	if !deadline.IsZero() {
		t := time.NewTimer(time.Until(deadline))
		defer t.Stop()
		timeout = t.C
	}
	for {
		s.imu.Lock()
		if len(s.inbox) > 0 {
			f := s.inbox[0]
			s.inbox[0] = Frame{}
			s.inbox = s.inbox[1:]
			s.inboxBytes -= int64(len(f.Data))
			s.imu.Unlock()
			return f, nil
		}
		s.imu.Unlock()
		select {
		case <-s.inboxCh:
		case <-s.ctx.Done():
			// The reader may have queued a last message before ending.
			s.imu.Lock()
			n := len(s.inbox)
			s.imu.Unlock()
			if n == 0 {
				return Frame{}, ErrConnClosed
			}
		case <-timeout:
			return Frame{}, ErrTimeout
		}
	}
}

func (s *session) sleep(d time.Duration) error {
	if d <= 0 {
		if s.ctx.Err() != nil {
			return ErrConnClosed
		}
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-s.ctx.Done():
		return ErrConnClosed
	}
}

func (s *session) writeMessage(typ int, data []byte) error {
	if s.ctx.Err() != nil {
		return ErrConnClosed
	}
	s.wmu.Lock()
	s.ws.SetWriteDeadline(time.Now().Add(s.srv.opts.WriteTimeout))
	err := s.ws.WriteMessage(typ, data)
	s.wmu.Unlock()
	if err != nil {
		return s.writeErr(err)
	}
	s.recordSent(typ, data)
	return nil
}

func (s *session) writeRaw(b []byte) error {
	if s.ctx.Err() != nil {
		return ErrConnClosed
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.closeSent { // no frame follows a close frame, as for WriteMessage
		return s.writeErr(websocket.ErrCloseSent)
	}
	s.nc.SetWriteDeadline(time.Now().Add(s.srv.opts.WriteTimeout))
	_, err := s.nc.Write(b)
	return s.writeErr(err)
}

// writeErr makes a write error ErrConnClosed when the connection has ended or the
// server is stopping it: a stop's close frame makes every later write fail with
// websocket.ErrCloseSent, and that cuts the script short without being its failure.
func (s *session) writeErr(err error) error {
	if err != nil && (s.ctx.Err() != nil || s.stopped.Load()) {
		return fmt.Errorf("%w: %v", ErrConnClosed, err)
	}
	return err
}

func (s *session) recordSent(typ int, data []byte) {
	f := Frame{At: time.Now(), Type: typ, Data: data}
	s.srv.update(func() {
		s.rec.SentCount++
		s.rec.Sent = push(s.rec.Sent, f, len(data), &s.sentRing, s.srv.opts.Record, &s.rec.Evicted, frameSize)
	})
	if h := s.srv.opts.OnSend; h != nil {
		h(s.rec.Index, f)
	}
}

func (s *session) ping(data string) error {
	if s.ctx.Err() != nil {
		return ErrConnClosed
	}
	s.wmu.Lock()
	err := s.ws.WriteControl(websocket.PingMessage, []byte(data), time.Now().Add(s.srv.opts.WriteTimeout))
	s.wmu.Unlock()
	if err != nil {
		return s.writeErr(err)
	}
	c := Control{At: time.Now(), Data: data}
	s.srv.update(func() {
		s.rec.PingsSent = push(s.rec.PingsSent, c, len(data), &s.pingsSentRing, s.srv.opts.Record, &s.rec.Evicted, controlSize)
	})
	return nil
}

func (s *session) startPinger(interval time.Duration) {
	s.stopPinger()
	ctx, cancel := context.WithCancel(s.ctx)
	done := make(chan struct{})
	s.pingMu.Lock()
	s.pingCancel, s.pingDone = cancel, done
	s.pingMu.Unlock()
	s.wg.Go(func() {
		defer close(done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for n := 1; ; {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if s.stalled() {
				continue
			}
			if s.ping(strconv.Itoa(n)) != nil {
				return
			}
			n++
		}
	})
}

// stopPinger stops the pinger and waits for it, so no ping follows.
func (s *session) stopPinger() {
	s.pingMu.Lock()
	cancel, done := s.pingCancel, s.pingDone
	s.pingCancel, s.pingDone = nil, nil
	s.pingMu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

// closeWith sends a close frame (unless one was sent), waits for the client's close
// frame up to CloseTimeout, and ends the connection.
func (s *session) closeWith(code int, reason string) {
	s.wmu.Lock()
	if !s.closeSent && s.ctx.Err() == nil {
		s.closeSent = true
		msg := websocket.FormatCloseMessage(code, reason)
		if code == websocket.CloseNoStatusReceived {
			msg = nil
		}
		if s.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(s.srv.opts.WriteTimeout)) == nil {
			s.srv.update(func() { s.rec.CloseSent = &Close{At: time.Now(), Code: code, Reason: reason} })
		}
	}
	s.wmu.Unlock()
	t := time.NewTimer(s.srv.opts.CloseTimeout)
	defer t.Stop()
	select {
	case <-s.ctx.Done(): // the reader saw the client's close frame (or the end)
	case <-t.C:
	}
	s.end(false)
}

// drop ends the TCP connection without a close frame; reset sends a RST.
func (s *session) drop(reset bool) {
	if reset {
		if tc, ok := s.nc.(*net.TCPConn); ok {
			tc.SetLinger(0)
		}
	}
	s.end(true)
}

// end closes the TCP connection; dropped records that no close handshake took place.
func (s *session) end(dropped bool) {
	s.wmu.Lock()
	if dropped && !s.closeSent && s.ctx.Err() == nil {
		s.srv.update(func() { s.rec.Dropped = true })
	}
	s.wmu.Unlock()
	s.nc.Close()
	s.cancel()
}

func (s *session) stall(d time.Duration) error {
	s.setStall(true)
	defer s.setStall(false)
	if d <= 0 {
		<-s.ctx.Done()
		return errStop
	}
	return s.sleep(d)
}

func (s *session) setStall(on bool) {
	s.stallMu.Lock()
	switch {
	case on && s.stallCh == nil:
		s.stallCh = make(chan struct{})
	case !on && s.stallCh != nil:
		close(s.stallCh)
		s.stallCh = nil
	}
	s.stallMu.Unlock()
	s.srv.update(func() { s.rec.Stalled = on })
}

func (s *session) stalled() bool {
	s.stallMu.Lock()
	defer s.stallMu.Unlock()
	return s.stallCh != nil
}

func (s *session) waitUnstalled() {
	s.stallMu.Lock()
	ch := s.stallCh
	s.stallMu.Unlock()
	if ch != nil {
		select {
		case <-ch:
		case <-s.ctx.Done():
		}
	}
}

func (s *session) expireAt(at time.Time) {
	t := time.NewTimer(at.Sub(s.srv.opts.Tokens.Now()))
	defer t.Stop()
	select {
	case <-s.ctx.Done():
		return
	case <-t.C:
	}
	s.srv.logf("wstest: conn %d: token expired, closing with %d", s.rec.Index, s.srv.opts.ExpireCode)
	s.closeWith(s.srv.opts.ExpireCode, s.srv.opts.ExpireReason)
}
