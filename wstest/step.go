package wstest

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/websocket"
)

// Script is the list of steps the server runs on one connection, in order.
type Script []Step

// Step is one action of a [Script]. Build steps with the constructors of this package
// ([Send], [Expect], [CloseWith], …); a Step value holds no connection state, so one
// Script can run on any number of connections.
type Step interface {
	// String names the step in errors and logs.
	String() string
	run(s *session) error
}

// stepFunc is a Step made of a name and a function.
type stepFunc struct {
	name string
	fn   func(s *session) error
}

func (f stepFunc) String() string                      { return f.name }
func (f stepFunc) run(s *session) error                { return f.fn(s) }
func step(name string, fn func(s *session) error) Step { return stepFunc{name, fn} }

// DefaultExpectTimeout is the timeout of an [Expect] step given 0.
const DefaultExpectTimeout = 10 * time.Second

// Send sends text as one text message.
func Send(text string) Step {
	return step(fmt.Sprintf("send %.40q", text), func(s *session) error {
		return s.writeMessage(websocket.TextMessage, []byte(text))
	})
}

// SendRaw sends data as one text message without any check: use it for invalid JSON
// and for invalid UTF-8, which a conforming client must refuse (close code 1007).
func SendRaw(data []byte) Step {
	data = bytes.Clone(data)
	return step(fmt.Sprintf("send raw %.40q", data), func(s *session) error {
		return s.writeMessage(websocket.TextMessage, data)
	})
}

// SendBinary sends data as one binary message.
func SendBinary(data []byte) Step {
	data = bytes.Clone(data)
	return step(fmt.Sprintf("send binary (%d bytes)", len(data)), func(s *session) error {
		return s.writeMessage(websocket.BinaryMessage, data)
	})
}

// Fragments sends text as one text message split into frames: the first frame holds
// sizes[0] bytes, the next sizes[1], and so on; bytes left over after the sizes go in a
// last frame. It pauses delay between frames (pings and pongs may be written in the
// pauses, as RFC 6455 allows). Sizes that add up to more than len(text) fail the step.
func Fragments(text string, delay time.Duration, sizes ...int) Step {
	return FragmentsOf(websocket.TextMessage, []byte(text), delay, sizes...)
}

// FragmentsOf is [Fragments] for any message type and raw bytes (so the fragment
// boundaries can split a UTF-8 sequence, which is legal).
func FragmentsOf(msgType int, data []byte, delay time.Duration, sizes ...int) Step {
	data = bytes.Clone(data)
	sizes = append([]int(nil), sizes...)
	return step(fmt.Sprintf("send %d bytes in fragments %v", len(data), sizes), func(s *session) error {
		parts, err := split(data, sizes)
		if err != nil {
			return err
		}
		for i, p := range parts {
			if i > 0 {
				if err := s.sleep(delay); err != nil {
					return err
				}
			}
			op := byte(msgType)
			if i > 0 {
				op = 0 // continuation
			}
			if err := s.writeRaw(appendFrame(nil, op, i == len(parts)-1, p)); err != nil {
				return err
			}
		}
		s.recordSent(msgType, data)
		return nil
	})
}

func split(data []byte, sizes []int) ([][]byte, error) {
	var parts [][]byte
	rest := data
	for _, n := range sizes {
		if n < 0 || n > len(rest) {
			return nil, fmt.Errorf("fragment sizes %v do not fit %d bytes", sizes, len(data))
		}
		parts = append(parts, rest[:n])
		rest = rest[n:]
	}
	if len(rest) > 0 || len(parts) == 0 {
		parts = append(parts, rest)
	}
	return parts, nil
}

// Drip sends text as one unfragmented text frame, but writes its bytes on the wire
// (frame header included) chunk bytes at a time, pausing interval between chunks: a
// slow link. chunk < 1 means 1.
func Drip(text string, chunk int, interval time.Duration) Step {
	if chunk < 1 {
		chunk = 1
	}
	return step(fmt.Sprintf("drip %.40q by %d bytes every %v", text, chunk, interval), func(s *session) error {
		wire := appendFrame(nil, websocket.TextMessage, true, []byte(text))
		for i := 0; i < len(wire); i += chunk {
			if i > 0 {
				if err := s.sleep(interval); err != nil {
					return err
				}
			}
			if err := s.writeRaw(wire[i:min(i+chunk, len(wire))]); err != nil {
				return err
			}
		}
		s.recordSent(websocket.TextMessage, []byte(text))
		return nil
	})
}

// Pause waits d before the next step, reading (and answering pings) meanwhile.
func Pause(d time.Duration) Step {
	return step(fmt.Sprintf("pause %v", d), func(s *session) error { return s.sleep(d) })
}

// Events sends gen(seq) as a text message for each seq in order. The sequence numbers
// say what the client sees: Events(gen, Seq(1, 5)...) is an ordered stream,
// Events(gen, 1, 2, 2, 3) replays event 2 (a duplicate id), Events(gen, 1, 2, 5) has a
// gap. gen owns the protocol: wstest only sends what it returns.
func Events(gen func(seq int) []byte, seqs ...int) Step {
	seqs = append([]int(nil), seqs...)
	return step(fmt.Sprintf("events %v", seqs), func(s *session) error {
		for _, n := range seqs {
			if err := s.writeMessage(websocket.TextMessage, gen(n)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Seq returns the integers from through to inclusive, for [Events].
func Seq(from, to int) []int {
	var out []int
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

// PingEvery starts sending a ping every interval for the rest of the connection (until
// [StopPinging]); the pings carry "1", "2", … and are recorded in [Conn.PingsSent], the
// client's pongs in [Conn.Pongs]. The step itself returns at once.
func PingEvery(interval time.Duration) Step {
	return step(fmt.Sprintf("ping every %v", interval), func(s *session) error {
		s.startPinger(interval)
		return nil
	})
}

// StopPinging stops the pings started by [PingEvery].
func StopPinging() Step {
	return step("stop pinging", func(s *session) error {
		s.stopPinger()
		return nil
	})
}

// Ping sends one ping with the given application data.
func Ping(data string) Step {
	return step(fmt.Sprintf("ping %q", data), func(s *session) error { return s.ping(data) })
}

// IgnorePings stops answering the client's pings (they are still recorded in
// [Conn.PingsReceived]): a server that looks alive but is not.
func IgnorePings() Step {
	return step("ignore pings", func(s *session) error {
		s.ignorePings.Store(true)
		return nil
	})
}

// AnswerPings undoes [IgnorePings].
func AnswerPings() Step {
	return step("answer pings", func(s *session) error {
		s.ignorePings.Store(false)
		return nil
	})
}

// ExpectStep waits for a client message that matches a predicate. Build it with
// [Expect]; add an answer with [ExpectStep.Reply].
type ExpectStep struct {
	match   func(msg []byte) bool
	timeout time.Duration
	reply   func(msg []byte) []byte
}

// Expect waits up to timeout (0 means [DefaultExpectTimeout]) for a client data
// message for which match returns true. Messages are taken in the order they arrived,
// including those that arrived before the step started; each one is looked at by one
// Expect only, and those that do not match are skipped (they stay in
// [Conn.Received]). On timeout the script stops with an [*ExpectError] in [Conn.Err];
// the connection stays open. A nil match accepts any message.
func Expect(match func(msg []byte) bool, timeout time.Duration) *ExpectStep {
	if timeout <= 0 {
		timeout = DefaultExpectTimeout
	}
	if match == nil {
		match = func([]byte) bool { return true }
	}
	return &ExpectStep{match: match, timeout: timeout}
}

// Reply returns a copy of the step that, once a message matched, sends reply(msg) as a
// text message; a nil result sends nothing.
func (e *ExpectStep) Reply(reply func(msg []byte) []byte) *ExpectStep {
	c := *e
	c.reply = reply
	return &c
}

func (e *ExpectStep) String() string {
	if e.reply != nil {
		return fmt.Sprintf("expect (%v) and reply", e.timeout)
	}
	return fmt.Sprintf("expect (%v)", e.timeout)
}

func (e *ExpectStep) run(s *session) error {
	skipped := 0
	deadline := time.Now().Add(e.timeout)
	for {
		msg, err := s.next(deadline)
		if err == ErrTimeout {
			return &ExpectError{Step: s.stepIndex, Timeout: e.timeout, Received: skipped}
		}
		if err != nil {
			return err
		}
		if !e.match(msg.Data) {
			skipped++
			continue
		}
		if e.reply != nil {
			if out := e.reply(msg.Data); out != nil {
				return s.writeMessage(websocket.TextMessage, out)
			}
		}
		return nil
	}
}

// Contains returns a predicate for [Expect] that matches messages containing sub.
func Contains(sub string) func(msg []byte) bool {
	return func(msg []byte) bool { return bytes.Contains(msg, []byte(sub)) }
}

// Echo sends every client data message back, with its type, until the connection
// ends. It is usually the last step.
func Echo() Step {
	return step("echo", func(s *session) error {
		for {
			msg, err := s.next(time.Time{})
			if err != nil {
				return errStop // the connection ended
			}
			if err := s.writeMessage(msg.Type, msg.Data); err != nil {
				return err
			}
		}
	})
}

// ReplyAll answers every client message that match accepts (nil: every message) with
// reply(msg) as a text message (nothing when it returns nil), until the connection
// ends; other messages are skipped. It is usually the last step: a server that acks
// whatever is sent.
func ReplyAll(match func(msg []byte) bool, reply func(msg []byte) []byte) Step {
	return step("reply to all", func(s *session) error {
		for {
			msg, err := s.next(time.Time{})
			if err != nil {
				return errStop // the connection ended
			}
			if match != nil && !match(msg.Data) {
				continue
			}
			if out := reply(msg.Data); out != nil {
				if err := s.writeMessage(websocket.TextMessage, out); err != nil {
					return err
				}
			}
		}
	})
}

// CloseWith sends a close frame with code and reason, waits for the client's close
// frame (up to [Options.CloseTimeout]) and closes the TCP connection. Later steps do
// not run. RFC 6455 forbids sending 1005 and 1006; CloseWith(1005, "") sends a close
// frame with an empty body.
func CloseWith(code int, reason string) Step {
	return step(fmt.Sprintf("close %d %q", code, reason), func(s *session) error {
		s.closeWith(code, reason)
		return errStop
	})
}

// Drop closes the TCP connection without a close frame (the client sees EOF, an
// abnormal closure 1006). Later steps do not run.
func Drop() Step {
	return step("drop", func(s *session) error {
		s.drop(false)
		return errStop
	})
}

// Reset aborts the TCP connection with a RST (SO_LINGER 0) without a close frame.
// Later steps do not run.
func Reset() Step {
	return step("reset", func(s *session) error {
		s.drop(true)
		return errStop
	})
}

// Stall stops reading and writing for d (0 means until the connection is ended by the
// server: Close, Stop, Restart), leaving the TCP connection open: pings go unanswered
// and the client's writes pile up in the socket buffers. At most the message already
// being read when the stall begins is still read. After d the script goes on.
func Stall(d time.Duration) Step {
	return step(fmt.Sprintf("stall %v", d), func(s *session) error { return s.stall(d) })
}

// Reject refuses the handshake with the HTTP status (for example 401, 403, 503). It
// must be the first step of a script; the connection is never upgraded.
func Reject(status int) Step { return RejectWith(status, nil) }

// RejectWith is [Reject] with response headers, for example Retry-After.
func RejectWith(status int, header http.Header) Step {
	return rejectStep{status: status, header: header.Clone()}
}

type rejectStep struct {
	status int
	header http.Header
}

func (r rejectStep) String() string { return "reject " + strconv.Itoa(r.status) }

func (r rejectStep) run(*session) error {
	return fmt.Errorf("Reject must be the first step of a script")
}
