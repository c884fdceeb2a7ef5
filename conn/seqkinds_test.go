package conn

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// kindOp is one step of a sequence-kind table: an event covering lo..hi
// (chained: prev=lo-1, seq=hi; range: first=lo, last=hi), a snapshot at hi
// ('s'), or a new socket ('n').
type kindOp struct {
	op     byte
	ev     seqEvent
	name   string
	stream string
}

func (o kindOp) String() string { return o.name }

func chained(prev, seq int64) kindOp {
	ev := seqEventOf(&tChained{tChat: tChat{Room: "r", Seq: seq}, Prev: prev})
	return kindOp{'e', ev, fmt.Sprintf("c:%d>%d", prev, seq), "r"}
}

func ranged(first, last int64) kindOp {
	ev := seqEventOf(&tRange{tChat: tChat{Room: "r", Seq: last}, First: first})
	return kindOp{'e', ev, fmt.Sprintf("u:%d-%d", first, last), "r"}
}

func perSocket(seq int64) kindOp {
	ev := seqEventOf(&tSocketSeq{tChat: tChat{Room: "r", Seq: seq}})
	return kindOp{'e', ev, fmt.Sprintf("p:%d", seq), "r"}
}

func ksnap(seq int64) kindOp      { return kindOp{'s', plusOne(seq), fmt.Sprintf("s:%d", seq), "r"} }
func newSocket() kindOp           { return kindOp{op: 'n'} }
func kskip() kindOp               { return kindOp{op: 'k'} }
func plain(seq int64) kindOp      { return kindOp{'e', plusOne(seq), fmt.Sprintf("e:%d", seq), "r"} }
func gapAt(exp, got int64) seqGap { return seqGap{"r", exp, got} }

func TestSequenceKinds(t *testing.T) {
	for _, tt := range []struct {
		name        string
		ops         []kindOp
		wantApplied []string
		wantDropped []string
		wantGaps    []seqGap
		wantLast    int64
		wantRecov   bool // the stream still awaits recovery at the end
	}{
		{
			name:        "chained: prev equals the last seq",
			ops:         []kindOp{chained(0, 10), chained(10, 17), chained(17, 18)},
			wantApplied: []string{"c:0>10", "c:10>17", "c:17>18"},
			wantLast:    18,
		},
		{
			name:        "chained: older events are stale",
			ops:         []kindOp{chained(0, 10), chained(10, 17), chained(0, 10), chained(5, 17)},
			wantApplied: []string{"c:0>10", "c:10>17"},
			wantDropped: []string{"stale c:0>10", "stale c:5>17"},
			wantLast:    17,
		},
		{
			name:        "chained: a missing link is a gap, filled late",
			ops:         []kindOp{chained(0, 10), chained(17, 20), chained(10, 17)},
			wantApplied: []string{"c:0>10", "c:10>17", "c:17>20"},
			wantGaps:    []seqGap{gapAt(11, 18)},
			wantLast:    20,
		},
		{
			name:        "chained: a broken link is a gap, not applied",
			ops:         []kindOp{chained(0, 10), chained(7, 15), chained(15, 16)},
			wantApplied: []string{"c:0>10"},
			wantGaps:    []seqGap{gapAt(11, 8)},
			wantLast:    10,
			wantRecov:   true,
		},
		{
			name:        "chained: the snapshot may fall inside an event",
			ops:         []kindOp{chained(0, 10), chained(20, 30), chained(30, 40), ksnap(25), chained(40, 41)},
			wantApplied: []string{"c:0>10", "s:25", "c:20>30", "c:30>40", "c:40>41"},
			wantGaps:    []seqGap{gapAt(11, 21)},
			wantLast:    41,
		},
		{
			name:        "chained: only right after a snapshot",
			ops:         []kindOp{chained(0, 10), ksnap(25), chained(20, 30), chained(28, 35)},
			wantApplied: []string{"c:0>10", "s:25", "c:20>30"},
			wantGaps:    []seqGap{gapAt(31, 29)},
			wantLast:    30,
			wantRecov:   true,
		},
		{
			name:        "chained: prev not below seq is invalid",
			ops:         []kindOp{chained(0, 10), chained(12, 12), chained(10, 11)},
			wantApplied: []string{"c:0>10", "c:10>11"},
			wantDropped: []string{"invalid sequence c:12>12"},
			wantLast:    11,
		},
		{
			name:        "range: first <= last+1 <= last applies",
			ops:         []kindOp{ranged(1, 5), ranged(6, 9), ranged(8, 12)},
			wantApplied: []string{"u:1-5", "u:6-9", "u:8-12"},
			wantLast:    12,
		},
		{
			name:        "range: last <= applied is stale",
			ops:         []kindOp{ranged(1, 5), ranged(6, 9), ranged(3, 9), ranged(9, 9), ranged(10, 10)},
			wantApplied: []string{"u:1-5", "u:6-9", "u:10-10"},
			wantDropped: []string{"stale u:3-9", "stale u:9-9"},
			wantLast:    10,
		},
		{
			name:        "range: first beyond applied+1 is a gap",
			ops:         []kindOp{ranged(1, 5), ranged(8, 9), ranged(10, 12), ranged(6, 7)},
			wantApplied: []string{"u:1-5", "u:6-7", "u:8-9", "u:10-12"},
			wantGaps:    []seqGap{gapAt(6, 8)},
			wantLast:    12,
		},
		{
			name: "range: snapshot boundary (lastUpdateId 157)",
			ops: []kindOp{ranged(100, 120), ranged(150, 155), ranged(156, 160), ranged(161, 170),
				ksnap(157), ranged(171, 171)},
			wantApplied: []string{"u:100-120", "s:157", "u:156-160", "u:161-170", "u:171-171"},
			wantDropped: []string{"stale u:150-155"},
			wantGaps:    []seqGap{gapAt(121, 150)},
			wantLast:    171,
		},
		{
			name:        "range: snapshot at an event's last",
			ops:         []kindOp{ranged(1, 5), ranged(10, 20), ranged(21, 22), ksnap(20)},
			wantApplied: []string{"u:1-5", "s:20", "u:21-22"},
			wantDropped: []string{"stale u:10-20"},
			wantGaps:    []seqGap{gapAt(6, 10)},
			wantLast:    22,
		},
		{
			name:        "range: a last beyond the largest jump is dropped",
			ops:         []kindOp{ranged(1, 5), ranged(6, 1<<40), ranged(6, 7)},
			wantApplied: []string{"u:1-5", "u:6-7"},
			wantDropped: []string{"jump u:6-1099511627776"},
			wantGaps:    []seqGap{gapAt(6, 6)},
			wantLast:    7,
			wantRecov:   true, // the dropped event is missing: recovery goes on
		},
		{
			name:        "chained: a seq beyond the largest jump after a snapshot is dropped",
			ops:         []kindOp{chained(0, 10), ksnap(20), chained(15, 1<<62), chained(15, 25)},
			wantApplied: []string{"c:0>10", "s:20", "c:15>25"},
			wantDropped: []string{"jump c:15>4611686018427387904"},
			wantGaps:    []seqGap{gapAt(21, 16)},
			wantLast:    25,
			wantRecov:   true, // the dropped event is missing: recovery goes on
		},
		{
			name:        "range: first > last is invalid",
			ops:         []kindOp{ranged(1, 5), ranged(9, 6)},
			wantApplied: []string{"u:1-5"},
			wantDropped: []string{"invalid sequence u:9-6"},
			wantLast:    5,
		},
		{
			name:        "range: skip applies held past the gap",
			ops:         []kindOp{ranged(1, 5), ranged(8, 9), ranged(9, 12), kskip()},
			wantApplied: []string{"u:1-5", "u:8-9", "u:9-12"},
			wantGaps:    []seqGap{gapAt(6, 8)},
			wantLast:    12,
		},
		{
			name:        "per socket: restart on a new socket is a new baseline",
			ops:         []kindOp{perSocket(0), perSocket(1), perSocket(2), newSocket(), perSocket(0), perSocket(1)},
			wantApplied: []string{"p:0", "p:1", "p:2", "p:0", "p:1"},
			wantLast:    1,
		},
		{
			name:        "per socket: a gap within a socket",
			ops:         []kindOp{perSocket(0), perSocket(1), perSocket(3), perSocket(1)},
			wantApplied: []string{"p:0", "p:1"},
			wantDropped: []string{"stale p:1"},
			wantGaps:    []seqGap{gapAt(2, 3)},
			wantLast:    1,
			wantRecov:   true,
		},
		{
			name:        "per socket: a new socket ends the recovery",
			ops:         []kindOp{perSocket(0), perSocket(2), newSocket(), perSocket(0)},
			wantApplied: []string{"p:0", "p:0"},
			wantGaps:    []seqGap{gapAt(1, 2)},
			wantLast:    0,
		},
		{
			name:        "+1 streams survive a new socket",
			ops:         []kindOp{plain(4), plain(5), newSocket(), plain(5), plain(6)},
			wantApplied: []string{"e:4", "e:5", "e:6"},
			wantDropped: []string{"stale e:5"},
			wantLast:    6,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newSequencer[kindOp](defaultMaxHeld)
			var applied, dropped []string
			var gaps []seqGap
			for _, op := range tt.ops {
				var r seqResult[kindOp]
				switch op.op {
				case 's':
					r = s.Snapshot("r", op.ev.hi, op)
				case 'n':
					s.ForgetPerSocket()
					continue
				case 'k':
					r = s.Skip("r")
				default:
					r = s.OfferEvent(op.stream, op.ev, op, 10)
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
			if last, _ := s.Last("r"); last != tt.wantLast {
				t.Errorf("Last = %d, want %d", last, tt.wantLast)
			}
			if got := s.IsRecovering("r"); got != tt.wantRecov {
				t.Errorf("IsRecovering = %v, want %v", got, tt.wantRecov)
			}
			if !tt.wantRecov && s.heldBytes != 0 {
				t.Errorf("held bytes %d after recovery, want 0", s.heldBytes)
			}
		})
	}
}

// TestSequenceKindsProperty cuts 1..n into consecutive events (ranges, or
// chained events whose prev is the previous cut), delivers them locally
// shuffled with duplicates, and answers every gap with a snapshot at a
// random point at or after the last applied sequence. Every applied event
// must cover last+1 (a chained one exactly after the last event, or
// straddle the snapshot just applied), and the stream must end at n.
func TestSequenceKindsProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		kind := rapid.SampledFrom([]seqKind{seqRange, seqChained}).Draw(t, "kind")
		n := rapid.IntRange(1, 80).Draw(t, "n")
		var input []seqEvent
		for lo := 1; lo <= n; {
			hi := min(n, lo+rapid.IntRange(0, 4).Draw(t, "span"))
			ev := seqEvent{lo: int64(lo), hi: int64(hi), kind: kind}
			input = append(input, ev)
			if rapid.IntRange(0, 4).Draw(t, "dup") == 0 {
				input = append(input, ev)
			}
			lo = hi + 1
		}
		for i := range input {
			if j := i + rapid.IntRange(0, 3).Draw(t, "swap"); j < len(input) {
				input[i], input[j] = input[j], input[i]
			}
		}
		s := newSequencer[kindOp](rapid.IntRange(1, 10).Draw(t, "maxHeld"))
		s.OfferEvent("r", seqEvent{lo: 0, hi: 0, kind: kind}, kindOp{}, 0) // baseline
		last, fresh := int64(0), false
		check := func(r seqResult[kindOp]) {
			for _, op := range r.Apply {
				if op.op == 's' {
					if op.ev.hi < last {
						t.Fatalf("snapshot %d applied after %d", op.ev.hi, last)
					}
					last, fresh = op.ev.hi, true
					continue
				}
				ok := op.ev.lo == last+1 || op.ev.lo <= last+1 && last+1 <= op.ev.hi && (kind == seqRange || fresh)
				if !ok {
					t.Fatalf("%d..%d applied after %d (fresh %v)", op.ev.lo, op.ev.hi, last, fresh)
				}
				last, fresh = op.ev.hi, false
			}
		}
		for _, ev := range input {
			r := s.OfferEvent("r", ev, kindOp{'e', ev, "", "r"}, 1)
			check(r)
			if r.Gap != nil {
				at := min(int64(n), r.Gap.Expected-1+int64(rapid.IntRange(0, 3).Draw(t, "ahead")))
				check(s.Snapshot("r", at, kindOp{op: 's', ev: plusOne(at)}))
			}
		}
		check(s.Snapshot("r", int64(n), kindOp{op: 's', ev: plusOne(int64(n))}))
		if got, _ := s.Last("r"); got != int64(n) || s.IsRecovering("r") || s.heldBytes != 0 {
			t.Fatalf("Last = %d, recovering %v, held bytes %d; want %d, false, 0", got, s.IsRecovering("r"), s.heldBytes, n)
		}
	})
}
