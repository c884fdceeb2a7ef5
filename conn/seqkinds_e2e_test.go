package conn

import (
	"fmt"
	"slices"
	"testing"

	"github.com/wsgen/wsgen/wstest"
)

// End-to-end tests of the sequence kinds (seqkinds.go): a Client against
// a wstest server, recovering gaps by the protocol's gap policy.

func chainedJSON(prev, seq int) []byte {
	return fmt.Appendf(nil, `{"type":"chained","id":"c-%d","room":"r","seq":%d,"prev":%d,"text":""}`, seq, seq, prev)
}

func rangeJSON(first, last int) []byte {
	return fmt.Appendf(nil, `{"type":"range","id":"u-%d-%d","room":"r","seq":%d,"first":%d,"text":""}`, first, last, last, first)
}

func socketJSON(socket, seq int) []byte {
	return fmt.Appendf(nil, `{"type":"socket_seq","id":"s%d-%d","room":"r","seq":%d,"text":""}`, socket, seq, seq)
}

// frames turns pairs of numbers into a script step sending make(a, b)
// for each pair.
func frames(make func(a, b int) []byte, pairs ...int) wstest.Step {
	var idx []int
	for i := 0; i+1 < len(pairs); i += 2 {
		idx = append(idx, i)
	}
	return wstest.Events(func(i int) []byte { return make(pairs[i], pairs[i+1]) }, idx...)
}

func snapshotAt(t *testing.T, seq int) wstest.Step {
	return wstest.Expect(wstest.Contains(`"snapshot_request"`), waitLong).Reply(func(msg []byte) []byte {
		return fmt.Appendf(nil, `{"type":"snapshot","ref":"%s","room":"r","seq":%d}`, refOf(t, msg), seq)
	})
}

// waitMsgs waits until the Client delivered want (in this order) and
// nothing else.
func waitMsgs(t *testing.T, r *recorder, want []string) {
	t.Helper()
	r.waitFor(t, waitLong, fmt.Sprintf("%q", want), func() bool { return len(r.Msgs()) >= len(want) })
	if got := r.Msgs(); !slices.Equal(got, want) {
		t.Fatalf("delivered %q, want %q", got, want)
	}
}

// TestSequenceChainedE2E: a missing link (prev 17 never applied) asks for
// a snapshot; the snapshot at 25 falls inside the held event 20..30, which
// applies, and the chain goes on.
func TestSequenceChainedE2E(t *testing.T) {
	srv := wstest.NewServer(t, nil,
		frames(chainedJSON, 0, 10, 10, 17, 20, 30, 10, 17),
		snapshotAt(t, 25),
		frames(chainedJSON, 30, 40),
	)
	r := newRecorder()
	start(t, srv.URL(), fastOptions(r))
	waitMsgs(t, r, []string{"chained c-10", "chained c-17", "snapshot r@25", "chained c-30", "chained c-40"})
}

// TestSequenceRangeE2E: the depth-diff pattern. 150..155 leaves a gap
// after 120; the snapshot (lastUpdateId 157) makes 150..155 stale and
// 156..160 the first event applied.
func TestSequenceRangeE2E(t *testing.T) {
	srv := wstest.NewServer(t, nil,
		frames(rangeJSON, 100, 120, 150, 155, 156, 160),
		snapshotAt(t, 157),
		frames(rangeJSON, 161, 170, 165, 170, 171, 171),
	)
	r := newRecorder()
	start(t, srv.URL(), fastOptions(r))
	waitMsgs(t, r, []string{"range u-100-120", "snapshot r@157", "range u-156-160", "range u-161-170", "range u-171-171"})
	stale := 0
	for _, n := range r.Notices() {
		if n.Reason == string(reasonStale) {
			stale++
		}
	}
	if stale != 2 { // 150..155 and the second 165..170
		t.Errorf("%d stale drops, want 2; notices %+v", stale, r.Notices())
	}
}

// TestSequenceSocketE2E: each connection's sequence starts at 0 again; the
// restart is a new baseline, not stale. A gap within the second socket
// reconnects (GapReconnect), and the third socket starts over too.
func TestSequenceSocketE2E(t *testing.T) {
	srv := wstest.NewServer(t, &wstest.Options{Scripts: []wstest.Script{
		{frames(socketJSON, 1, 0, 1, 1, 1, 2), wstest.Drop()},
		{frames(socketJSON, 2, 0, 2, 1, 2, 3)},
		{frames(socketJSON, 3, 0, 3, 1)},
	}})
	r := newRecorder()
	opts := fastOptions(r)
	opts.Protocol.Gap = GapReconnect
	start(t, srv.URL(), opts)
	waitMsgs(t, r, []string{
		"socket_seq s1-0", "socket_seq s1-1", "socket_seq s1-2",
		"socket_seq s2-0", "socket_seq s2-1",
		"socket_seq s3-0", "socket_seq s3-1",
	})
}
