package conn

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wsgen/wsgen/fsm"
	"github.com/wsgen/wsgen/wstest"
)

// Issue 14: a hostile server cannot take the client beyond its bounds. Each
// test runs one attack against a real wstest server and checks the bound
// that stops it; the memory tests sample the heap while the attack runs and
// hold it under heapCeiling.

const heapCeiling = 64 << 20

// heapWatch samples the live heap (HeapAlloc just after a collection, so
// garbage not yet collected does not count) every 50 ms until stop is
// called, which returns the largest value seen. The wstest server runs in
// the same process and is counted too.
func heapWatch() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-done:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

// countingOptions are fastOptions with a Handler that only counts, and a
// notice recorder (the messages of these tests are too large to record).
func countingOptions(r *recorder, n *atomic.Int64) *Options {
	opts := fastOptions(r)
	opts.Handler = HandlerFunc(func(context.Context, Message) error { n.Add(1); return nil })
	return opts
}

// waitCount waits until n reaches want, failing without printing messages.
func waitCount(t *testing.T, n *atomic.Int64, want int64) {
	t.Helper()
	for deadline := time.Now().Add(3 * waitLong); n.Load() < want; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("handler got %d of %d messages", n.Load(), want)
		}
	}
}

// quiet is a wstest server that records no frame, so that the heap the
// memory tests watch is the client's (the server runs in this process).
var quiet = &wstest.Options{Record: wstest.RecordLimit{Off: true}}

func bigChat(room string, seq int, id, text string) []byte {
	return fmt.Appendf(nil, `{"type":"chat","id":%q,"room":%q,"seq":%d,"text":%q}`, id, room, seq, text)
}

// TestBoundDedupBytes: 200 events with unique 400 KB ids (80 MB of ids)
// keep at most DedupBytes of them.
func TestBoundDedupBytes(t *testing.T) {
	n, idLen := 200, 400<<10
	if raceEnabled {
		n = 30 // 12 MB of ids: still 12 times the window
	}
	pad := strings.Repeat("i", idLen)
	srv := wstest.NewServer(t, quiet, wstest.Events(func(seq int) []byte {
		return bigChat("r", seq, fmt.Sprintf("%d-%s", seq, pad), "")
	}, wstest.Seq(1, n)...))
	var got atomic.Int64
	opts := countingOptions(newRecorder(), &got)
	opts.MaxIDLength = 1 << 20 // let the ids in: the window's bytes are under test
	runtime.GC()
	stop := heapWatch()
	c := start(t, srv.URL(), opts)
	waitCount(t, &got, int64(n))
	peak := stop()
	c.inMu.Lock()
	b, ids := c.dedup.Bytes(), c.dedup.Len()
	c.inMu.Unlock()
	t.Logf("dedup window: %d ids, %d bytes; peak heap %d MiB", ids, b, peak>>20)
	if b > defaultDedupBytes {
		t.Errorf("dedup window holds %d bytes, want <= %d", b, defaultDedupBytes)
	}
	if peak > heapCeiling {
		t.Errorf("peak heap %d MiB, want < %d MiB", peak>>20, heapCeiling>>20)
	}
}

// TestBoundIDLength: an id beyond MaxIDLength is dropped, never remembered.
func TestBoundIDLength(t *testing.T) {
	srv := wstest.NewServer(t, nil, wstest.Events(func(seq int) []byte {
		return bigChat("r", seq, strings.Repeat("x", 300)+fmt.Sprint(seq), "")
	}, 1, 2))
	r := newRecorder()
	c := start(t, srv.URL(), fastOptions(r))
	r.waitFor(t, waitLong, "2 drops", func() bool { return len(r.Notices()) >= 2 })
	for _, n := range r.Notices()[:2] {
		if n.Kind != NoticeDropped || n.Reason != "oversized id" {
			t.Errorf("notice %+v, want dropped: oversized id", n)
		}
	}
	c.inMu.Lock()
	defer c.inMu.Unlock()
	if c.dedup.Len() != 0 {
		t.Errorf("dedup holds %d ids", c.dedup.Len())
	}
}

// TestBoundStreams: 3,000 events, each on a new stream with a 10 KB name,
// keep at most MaxStreamBytes of stream state, evicting with a notice.
func TestBoundStreams(t *testing.T) {
	n := 3000
	if raceEnabled {
		n = 1000
	}
	pad := strings.Repeat("s", 10<<10)
	srv := wstest.NewServer(t, quiet, wstest.Events(func(seq int) []byte {
		return bigChat(fmt.Sprintf("%d-%s", seq, pad), 1, fmt.Sprint(seq), "")
	}, wstest.Seq(1, n)...))
	r := newRecorder()
	var got atomic.Int64
	opts := countingOptions(r, &got)
	opts.MaxStreamName = 1 << 20
	runtime.GC()
	stop := heapWatch()
	c := start(t, srv.URL(), opts)
	waitCount(t, &got, int64(n))
	peak := stop()
	c.inMu.Lock()
	b, streams := c.seq.Bytes(), len(c.seq.streams)
	c.inMu.Unlock()
	evicted := 0
	for _, no := range r.Notices() {
		if no.Kind == NoticeEvicted {
			evicted++
		}
	}
	t.Logf("streams: %d kept, %d bytes, %d evicted; peak heap %d MiB", streams, b, evicted, peak>>20)
	if b > defaultMaxStreamBytes || evicted == 0 {
		t.Errorf("stream state %d bytes with %d evictions, want <= %d bytes and evictions", b, evicted, defaultMaxStreamBytes)
	}
	if peak > heapCeiling {
		t.Errorf("peak heap %d MiB, want < %d MiB", peak>>20, heapCeiling>>20)
	}
	// A name beyond MaxStreamName is refused.
	srv2 := wstest.NewServer(t, nil, wstest.Events(func(int) []byte { return bigChat(strings.Repeat("n", 300), 1, "x", "") }, 1))
	r2 := newRecorder()
	start(t, srv2.URL(), fastOptions(r2))
	r2.waitFor(t, waitLong, "a drop", func() bool { return len(r2.Notices()) >= 1 })
	if no := r2.Notices()[0]; no.Reason != "oversized stream" {
		t.Errorf("notice %+v, want dropped: oversized stream", no)
	}
}

// TestBoundInboxBytes: 40 frames of 900 KB (36 MB) for a Handler that does not
// take them: the reader stops reading at InboxBytes.
func TestBoundInboxBytes(t *testing.T) {
	n := int64(40)
	if raceEnabled {
		n = 20
	}
	text := strings.Repeat("t", 900<<10)
	srv := wstest.NewServer(t, quiet, wstest.Events(func(seq int) []byte {
		return bigChat("r", seq, fmt.Sprint(seq), text)
	}, wstest.Seq(1, int(n))...))
	release := make(chan struct{})
	var got atomic.Int64
	opts := fastOptions(newRecorder())
	opts.Handler = HandlerFunc(func(context.Context, Message) error {
		<-release
		got.Add(1)
		return nil
	})
	runtime.GC()
	stop := heapWatch()
	c := start(t, srv.URL(), opts)
	time.Sleep(time.Second) // the server writes as fast as the client reads
	peak := stop()
	c.inbox.mu.Lock()
	queued, qbytes := c.inbox.msgs, c.inbox.bytes
	c.inbox.mu.Unlock()
	close(release)
	t.Logf("inbox while the handler is held: %d messages, %d bytes; peak heap %d MiB", queued, qbytes, peak>>20)
	if qbytes > defaultInboxBytes+(1<<20) {
		t.Errorf("inbox holds %d bytes, want <= %d + one frame", qbytes, defaultInboxBytes)
	}
	if peak > heapCeiling {
		t.Errorf("peak heap %d MiB, want < %d MiB", peak>>20, heapCeiling>>20)
	}
	waitCount(t, &got, n)
}

// TestBoundSeqJump: an event at 2^63-1 cannot poison the stream: it is
// dropped as a jump, and later events (after the snapshot the gap asks
// for) are delivered, not dropped as stale.
func TestBoundSeqJump(t *testing.T) {
	srv := wstest.NewServer(t, nil,
		wstest.Events(func(seq int) []byte {
			if seq == 99 {
				return bigChat("r", math.MaxInt64, "max", "")
			}
			return chatJSON("r", seq)
		}, 1, 2, 99, 3),
		wstest.Expect(wstest.Contains(`"snapshot_request"`), waitLong).Reply(func(msg []byte) []byte {
			return []byte(`{"type":"snapshot","ref":"` + refOf(t, msg) + `","room":"r","seq":4}`)
		}),
		wstest.Events(func(seq int) []byte { return chatJSON("r", seq) }, 5, 6),
	)
	r := newRecorder()
	start(t, srv.URL(), fastOptions(r))
	r.waitFor(t, waitLong, "event 6", func() bool {
		for _, m := range r.Msgs() {
			if m == "chat r-6" {
				return true
			}
		}
		return false
	})
	jump := false
	for _, n := range r.Notices() {
		jump = jump || n.Reason == "jump"
	}
	if !jump {
		t.Errorf("no jump notice in %+v", r.Notices())
	}
}

// countReceived counts the frames containing sub that the server received.
func countReceived(srv *wstest.Server, sub string) int {
	n := 0
	for _, cn := range srv.Conns() {
		for _, f := range cn.Received {
			if strings.Contains(f.Text(), sub) {
				n++
			}
		}
	}
	return n
}

// TestBoundSnapshotRequests: a held event stays above the sequence every
// snapshot brings; the server answers each request at once. The requests
// stay at one per GapTimeout, doubling (was: one per snapshot, 24,756 in
// 2.2 s).
func TestBoundSnapshotRequests(t *testing.T) {
	srv := wstest.NewServer(t, nil,
		wstest.Events(func(seq int) []byte { return chatJSON("r", seq) }, 1, 10),
		wstest.ReplyAll(wstest.Contains(`"snapshot_request"`), func(msg []byte) []byte {
			return []byte(`{"type":"snapshot","ref":"` + refOf(t, msg) + `","room":"r","seq":5}`)
		}),
	)
	opts := fastOptions(newRecorder())
	opts.Protocol.GapTimeout = 300 * time.Millisecond
	start(t, srv.URL(), opts)
	time.Sleep(2 * time.Second)
	n := countReceived(srv, "snapshot_request")
	t.Logf("snapshot requests in 2 s: %d", n)
	if n < 2 || n > 4 { // at 0, 0.3, 0.9 s (and 2.1 s)
		t.Errorf("%d snapshot requests in 2 s, want 2 to 4", n)
	}
}

// TestBoundSnapshotUnanswered: requests never answered are repeated at
// growing intervals, then the client reconnects.
func TestBoundSnapshotUnanswered(t *testing.T) {
	srv := wstest.NewServer(t, nil, wstest.Events(func(seq int) []byte { return chatJSON("r", seq) }, 1, 3))
	opts := fastOptions(newRecorder())
	opts.Protocol.GapTimeout = 100 * time.Millisecond
	c := start(t, srv.URL(), opts)
	deadline := time.Now().Add(waitLong)
	for c.Generation() < 2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	n := countReceived(srv, "snapshot_request")
	if c.Generation() < 2 || n < maxSnapshotTries {
		t.Errorf("generation %d after %d requests, want a reconnect after %d", c.Generation(), n, maxSnapshotTries)
	}
}

func TestGapPolicies(t *testing.T) {
	t.Run("skip", func(t *testing.T) {
		srv := wstest.NewServer(t, nil, wstest.Events(func(seq int) []byte { return chatJSON("r", seq) }, 1, 3, 4))
		r := newRecorder()
		opts := fastOptions(r)
		opts.Protocol.Gap, opts.Protocol.GapTimeout = GapSkip, 100*time.Millisecond
		start(t, srv.URL(), opts)
		r.waitFor(t, waitLong, "events 3 and 4", func() bool { return len(r.Msgs()) >= 3 })
		if got := r.Msgs(); strings.Join(got, ",") != "chat r-1,chat r-3,chat r-4" {
			t.Errorf("delivered %q", got)
		}
		if countReceived(srv, "snapshot_request") != 0 {
			t.Error("a snapshot was requested under GapSkip")
		}
	})
	t.Run("reconnect", func(t *testing.T) {
		srv := wstest.NewServer(t, nil, wstest.Events(func(seq int) []byte { return chatJSON("r", seq) }, 1, 3))
		r := newRecorder()
		opts := fastOptions(r)
		opts.Protocol.Gap = GapReconnect
		c := start(t, srv.URL(), opts)
		r.waitFor(t, waitLong, "a reconnect", func() bool { return c.Generation() >= 2 })
	})
}

// TestBoundTokenSource: a token source that never returns (and ignores its
// context) cannot keep the client in connecting.
func TestBoundTokenSource(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	srv := wstest.NewServer(t, nil)
	r := newRecorder()
	opts := fastOptions(r)
	opts.TokenTimeout = 100 * time.Millisecond
	opts.Token = TokenFunc(func(context.Context) (string, time.Time, error) {
		<-release
		return "", time.Time{}, fmt.Errorf("released")
	})
	start(t, srv.URL(), opts)
	r.waitFor(t, waitLong, "retrying", func() bool {
		for _, s := range r.States() {
			if s.To == fsm.StateRetrying {
				return true
			}
		}
		return false
	})
}
