package conn

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/gorilla/websocket"

	"github.com/wsgen/wsgen/fsm"
)

// The end of a socket: the reader reports the error that ended it
// (evSocketEnd) and the owner classifies it for the machine. Classification
// uses the errors' types — gorilla's *websocket.CloseError and ErrReadLimit,
// net.Error, net.ErrClosed, io.EOF, syscall errnos — with one exception,
// isolated in gorillaRefusedCode: gorilla/websocket v1.5.3 reports a close
// code it refuses to receive with an untyped error.

// IllegalCloseCodeError is the error of a socket whose server sent a close
// code that no endpoint may send (RFC 6455 7.4: 1005, 1006, 1015, or one
// outside 1000–4999). It is a protocol error by the server, treated as a
// transport loss: the Client reconnects with backoff, as after a 1006.
type IllegalCloseCodeError struct{ Code int }

func (e *IllegalCloseCodeError) Error() string {
	return fmt.Sprintf("conn: server sent close code %d, which may not be sent", e.Code)
}

// onSocketEnd classifies the end of a socket for the machine.
func (c *Client) onSocketEnd(l *link, err error) {
	o := &c.own
	if o.link == l {
		o.link = nil
		c.disarmPing()
		c.disarmBeat()
		c.disarmCloseTimeout()
	}
	in := classifyEnd(err, l.closing)
	lost := &LostError{Code: websocket.CloseAbnormalClosure, Err: in.Err}
	if in.Event == fsm.EventDropped && in.Code != 0 {
		lost.Code = in.Code
	}
	if in.Event == fsm.EventServerClosed {
		lost = &LostError{Code: in.Code, Reason: fsm.SafeReason(in.Reason)}
	}
	c.deactivate(l)
	c.failLost(lost)
	c.opts.Logger.Debug("socket ended", "gen", l.gen, "event", in.Event, "close_code", in.Code, "cause", endCause(err))
	c.handle(in)
}

// classifyEnd turns the error that ended a socket into the machine's input:
// closed (we had sent our close frame), server closed with a code, or
// dropped (a transport loss, including a close code that may not be sent).
func classifyEnd(err error, closing bool) fsm.Input {
	if closing {
		return fsm.Input{Event: fsm.EventClosed}
	}
	code, reason, ok := 0, "", false
	var ce *websocket.CloseError
	if errors.As(err, &ce) && ce.Code != websocket.CloseAbnormalClosure {
		// gorilla reports a close frame without a code as 1005: legal.
		code, reason, ok = ce.Code, ce.Text, true
	} else if n, refused := gorillaRefusedCode(err); refused {
		if !receivable(n) {
			return fsm.Input{Event: fsm.EventDropped, Err: &IllegalCloseCodeError{Code: n}}
		}
		// A registered code gorilla does not know (1014 bad gateway): the
		// server did close with it, so apply its rule. The reason is lost.
		code, ok = n, true
	}
	if ok {
		return fsm.Input{Event: fsm.EventServerClosed, Code: code, Reason: reason}
	}
	if errors.Is(err, websocket.ErrReadLimit) {
		// gorilla sent our 1009 close frame: a loss the client chose, with
		// its own close code (readerDone lets the frame reach the server).
		return fsm.Input{Event: fsm.EventDropped, Err: err, Code: websocket.CloseMessageTooBig, Reason: "message too big"}
	}
	return fsm.Input{Event: fsm.EventDropped, Err: err}
}

// receivable reports whether a close frame may carry code (RFC 6455 7.4):
// 1005, 1006 and 1015 are reserved for reporting and never sent; codes
// below 1000 are unused and 5000 and above undefined.
func receivable(code int) bool {
	switch code {
	case websocket.CloseNoStatusReceived, websocket.CloseAbnormalClosure, websocket.CloseTLSHandshake:
		return false
	}
	return code >= 1000 && code <= 4999
}

// gorillaBadCode is the text of the untyped error gorilla/websocket v1.5.3
// returns when a close frame carries a code it refuses to receive
// (conn.go, advanceFrame: handleProtocolError("bad close code " + N)). It
// is the only error text this package reads; TestGorillaRefusedCode pins
// it, so a gorilla release that changes it fails that test.
const gorillaBadCode = "websocket: bad close code "

// gorillaRefusedCode returns the close code of gorilla's "bad close code"
// error.
func gorillaRefusedCode(err error) (int, bool) {
	if err == nil {
		return 0, false
	}
	s, ok := strings.CutPrefix(err.Error(), gorillaBadCode)
	if !ok {
		return 0, false
	}
	n, cerr := strconv.Atoi(s)
	return n, cerr == nil
}

// endCause names, for the log, what ended a socket, from the error's type.
func endCause(err error) string {
	var ce *websocket.CloseError
	var ne net.Error
	switch {
	case err == nil:
		return "stopped"
	case errors.As(err, &ce) && ce.Code == websocket.CloseAbnormalClosure, errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "eof"
	case errors.As(err, &ce):
		return "close frame"
	case errors.Is(err, websocket.ErrReadLimit):
		return "read limit"
	case errors.Is(err, net.ErrClosed):
		return "closed locally"
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "reset"
	}
	if _, ok := gorillaRefusedCode(err); ok {
		return "close frame"
	}
	return "error"
}
