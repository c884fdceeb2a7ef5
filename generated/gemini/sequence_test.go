package gemini_test

import (
	"testing"

	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/generated/gemini"
)

// socket_sequence is declared a per-socket sequence: both messages are ordered by
// it on one stream per connection, which conn restarts on every socket.
func TestSocketSequence(t *testing.T) {
	if g := gemini.Protocol().Gap; g != conn.GapReconnect {
		t.Errorf("Protocol().Gap = %v, want GapReconnect (a gap within a socket reconnects)", g)
	}
	for _, frame := range []string{
		`{"type":"heartbeat","socket_sequence":7}`,
		`{"type":"update","eventId":5375461992,"timestamp":1547760287.5,"timestampms":1547760287500,"socket_sequence":7,"events":[]}`,
	} {
		m, err := gemini.Decode([]byte(frame))
		if err != nil {
			t.Fatal(err)
		}
		sq, ok := m.(conn.SocketSequenced)
		if !ok {
			t.Fatalf("%T is no conn.SocketSequenced", m)
		}
		if sq.RoleStream() != "" || sq.RoleSequence() != 7 {
			t.Errorf("%T: stream %q seq %d, want \"\" and 7", m, sq.RoleStream(), sq.RoleSequence())
		}
	}
}
