package conn

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// seqOp is one step of a sequencer table: an event ("e") or a snapshot
// ("s") at seq on stream.
type seqOp struct {
	kind   byte
	stream string
	seq    int64
}

func ev(stream string, seq int64) seqOp   { return seqOp{'e', stream, seq} }
func snap(stream string, seq int64) seqOp { return seqOp{'s', stream, seq} }

func (o seqOp) String() string { return fmt.Sprintf("%c:%s:%d", o.kind, o.stream, o.seq) }

func TestSequencer(t *testing.T) {
	for _, tt := range []struct {
		name        string
		maxHeld     int
		ops         []seqOp
		wantApplied []string
		wantDropped []string
		wantGaps    []seqGap
		wantRecov   []seqGap
	}{
		{
			name:        "in order",
			ops:         []seqOp{ev("r", 1), ev("r", 2), ev("r", 3)},
			wantApplied: []string{"e:r:1", "e:r:2", "e:r:3"},
		},
		{
			name:        "first event sets the baseline",
			ops:         []seqOp{ev("r", 41), ev("r", 42)},
			wantApplied: []string{"e:r:41", "e:r:42"},
		},
		{
			name:        "duplicate and stale dropped",
			ops:         []seqOp{ev("r", 1), ev("r", 2), ev("r", 2), ev("r", 1), ev("r", 3)},
			wantApplied: []string{"e:r:1", "e:r:2", "e:r:3"},
			wantDropped: []string{"stale e:r:2", "stale e:r:1"},
		},
		{
			name:        "streams are independent",
			ops:         []seqOp{ev("a", 1), ev("b", 7), ev("a", 2), ev("b", 8)},
			wantApplied: []string{"e:a:1", "e:b:7", "e:a:2", "e:b:8"},
		},
		{
			name:        "gap holds events until the snapshot",
			ops:         []seqOp{ev("r", 1), ev("r", 4), ev("r", 5), ev("r", 7), snap("r", 4)},
			wantApplied: []string{"e:r:1", "s:r:4", "e:r:5"},
			wantDropped: []string{"stale e:r:4"},
			wantGaps:    []seqGap{{"r", 2, 4}, {"r", 6, 7}},
			wantRecov:   []seqGap{{"r", 6, 7}},
		},
		{
			name:        "snapshot covers everything held",
			ops:         []seqOp{ev("r", 1), ev("r", 3), ev("r", 4), snap("r", 9), ev("r", 10)},
			wantApplied: []string{"e:r:1", "s:r:9", "e:r:10"},
			wantDropped: []string{"stale e:r:3", "stale e:r:4"},
			wantGaps:    []seqGap{{"r", 2, 3}},
		},
		{
			name:        "gap filled by the late event needs no snapshot",
			ops:         []seqOp{ev("r", 1), ev("r", 3), ev("r", 2), ev("r", 4)},
			wantApplied: []string{"e:r:1", "e:r:2", "e:r:3", "e:r:4"},
			wantGaps:    []seqGap{{"r", 2, 3}},
		},
		{
			name:        "stale snapshot dropped",
			ops:         []seqOp{ev("r", 5), ev("r", 6), snap("r", 3), ev("r", 7)},
			wantApplied: []string{"e:r:5", "e:r:6", "e:r:7"},
			wantDropped: []string{"stale s:r:3"},
		},
		{
			name:        "unrequested snapshot resets the baseline",
			ops:         []seqOp{snap("r", 10), ev("r", 10), ev("r", 11)},
			wantApplied: []string{"s:r:10", "e:r:11"},
			wantDropped: []string{"stale e:r:10"},
		},
		{
			name:        "duplicate of a held event",
			ops:         []seqOp{ev("r", 1), ev("r", 3), ev("r", 3), snap("r", 2)},
			wantApplied: []string{"e:r:1", "s:r:2", "e:r:3"},
			wantDropped: []string{"stale e:r:3"},
			wantGaps:    []seqGap{{"r", 2, 3}},
		},
		{
			name:        "hold is bounded",
			maxHeld:     2,
			ops:         []seqOp{ev("r", 1), ev("r", 3), ev("r", 4), ev("r", 5), snap("r", 2)},
			wantApplied: []string{"e:r:1", "s:r:2", "e:r:3", "e:r:4"},
			wantDropped: []string{"overflow e:r:5"},
			wantGaps:    []seqGap{{"r", 2, 3}},
		},
		{
			name:        "held out of order are applied in order",
			ops:         []seqOp{ev("r", 1), ev("r", 6), ev("r", 4), ev("r", 5), ev("r", 3), snap("r", 2)},
			wantApplied: []string{"e:r:1", "s:r:2", "e:r:3", "e:r:4", "e:r:5", "e:r:6"},
			wantGaps:    []seqGap{{"r", 2, 6}},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			maxHeld := tt.maxHeld
			if maxHeld == 0 {
				maxHeld = defaultMaxHeld
			}
			s := newSequencer[seqOp](maxHeld)
			var applied, dropped []string
			var gaps []seqGap
			for _, op := range tt.ops {
				var r seqResult[seqOp]
				if op.kind == 's' {
					r = s.Snapshot(op.stream, op.seq, op)
				} else {
					r = s.Offer(op.stream, op.seq, op)
				}
				for _, a := range r.Apply {
					applied = append(applied, a.String())
				}
				for _, d := range r.Dropped {
					dropped = append(dropped, string(r.Reason)+" "+d.String())
				}
				if r.Gap != nil {
					gaps = append(gaps, *r.Gap)
				}
			}
			if diff := cmp.Diff(tt.wantApplied, applied); diff != "" {
				t.Errorf("applied (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantDropped, dropped); diff != "" {
				t.Errorf("dropped (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantGaps, gaps); diff != "" {
				t.Errorf("gaps (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantRecov, s.Recovering()); diff != "" {
				t.Errorf("Recovering() (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSequencerProperty delivers 1..n shuffled with duplicates; whenever a
// gap is reported the "server" answers with a snapshot at a random point
// already delivered (or a little later). Applied events must be strictly
// increasing (a snapshot may equal the last applied sequence), and the
// final state reaches n with no stream left recovering.
func TestSequencerProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 60).Draw(t, "n")
		var input []int64
		for i := 1; i <= n; i++ {
			input = append(input, int64(i))
			if rapid.IntRange(0, 4).Draw(t, "dup") == 0 {
				input = append(input, int64(i))
			}
		}
		// Shuffle locally: swap neighbours within a small window, as a
		// network with reordering would.
		for i := range input {
			j := i + rapid.IntRange(0, 3).Draw(t, "swap")
			if j < len(input) {
				input[i], input[j] = input[j], input[i]
			}
		}
		s := newSequencer[seqOp](rapid.IntRange(1, 10).Draw(t, "maxHeld"))
		var applied []seqOp
		s.Offer("r", 0, ev("r", 0)) // baseline, not recorded
		apply := func(r seqResult[seqOp]) {
			applied = append(applied, r.Apply...)
		}
		for _, seq := range input {
			r := s.Offer("r", seq, ev("r", seq))
			apply(r)
			if r.Gap != nil {
				// The snapshot covers up to some point >= Expected-1.
				at := r.Gap.Expected - 1 + int64(rapid.IntRange(0, 2).Draw(t, "ahead"))
				apply(s.Snapshot("r", at, snap("r", at)))
			}
		}
		// A final snapshot at n ends any recovery.
		apply(s.Snapshot("r", int64(n), snap("r", int64(n))))
		last := int64(0)
		for _, op := range applied {
			if op.kind == 's' && op.seq < last || op.kind == 'e' && op.seq <= last {
				t.Fatalf("%v applied after %d: %v", op, last, applied)
			}
			last = op.seq
		}
		if got, _ := s.Last("r"); got != int64(n) {
			t.Fatalf("Last = %d, want %d", got, n)
		}
		if len(s.Recovering()) != 0 {
			t.Fatalf("still recovering: %v", s.Recovering())
		}
	})
}
