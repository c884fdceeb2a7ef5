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

	imu     sync.Mutex
	inbox   []Frame
	inboxCh chan struct{} // signalled (cap 1) when inbox grows

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
		srv.update(func() { rec.Pongs = append(rec.Pongs, Control{At: time.Now(), Data: data}) })
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
	return fmt.Sprintf("%s; %d messages received, %d sent", strings.Join(parts, ", "), len(c.Received), len(c.Sent))
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
		s.srv.update(func() { s.rec.Received = append(s.rec.Received, f) })
		if h := s.srv.opts.OnReceive; h != nil {
			h(s.rec.Index, f)
		}
		s.imu.Lock()
		s.inbox = append(s.inbox, f)
		s.imu.Unlock()
		select {
		case s.inboxCh <- struct{}{}:
		default:
		}
	}
}

func (s *session) onPing(data string) error {
	s.srv.update(func() { s.rec.PingsReceived = append(s.rec.PingsReceived, Control{At: time.Now(), Data: data}) })
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
			s.inbox = s.inbox[1:]
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
	s.srv.update(func() { s.rec.Sent = append(s.rec.Sent, f) })
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
	s.srv.update(func() { s.rec.PingsSent = append(s.rec.PingsSent, Control{At: time.Now(), Data: data}) })
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
