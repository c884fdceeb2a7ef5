package fsm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Jitter is a strategy that randomizes backoff delays so that clients that
// lost their connection together do not all come back at the same instant.
type Jitter uint8

// The jitter strategies. d is the capped exponential delay (the ceiling) of
// the attempt, min(Cap, Base·Factor^(attempt-1)).
const (
	// JitterEven (the default) spreads the clients of one outage evenly
	// over the schedule, whenever the server returns. When a run of
	// retries begins (the first failure after a start or after a healthy
	// socket, at whatever attempt the counter stands), the client draws a
	// phase u in [0, 1) and a pace p in [[EvenMinPace], 1], and keeps both
	// for the run. Below the cap the dial of attempt k falls at the point
	// u of the k-th window of the schedule run at pace p: the delay is
	// p·(c_prev·(1-u) + c_k·u) (p·u·c_k for the run's first), never above
	// the ceiling. At the cap every delay is drawn afresh, uniform in
	// [Cap - s, Cap + s], s = [EvenCapSpread]·Cap; the first capped delay of a run is
	// drawn from that distribution's equilibrium (residual-time)
	// distribution, so the dials at the cap are as dense at every instant
	// from the start. A socket that ends before its healthy period does
	// not begin a new run ([Machine] keeps it). See the package doc
	// ("Backoff and jitter").
	JitterEven Jitter = iota
	// JitterSpread (the default before JitterEven) is full jitter until the
	// delay reaches the cap; the first delay at the cap is uniform in
	// [0, Cap) and every later one is exactly Cap. Clients dropped together
	// at the cap re-synchronise on their drop instant (see the redrop and
	// flap storms in BENCHMARKS.md); kept for comparison.
	JitterSpread
	// JitterNone waits exactly d.
	JitterNone
	// JitterFull waits uniform [0, d) (the AWS "full jitter").
	JitterFull
	// JitterEqual waits d/2 + uniform [0, d/2).
	JitterEqual
	// JitterDecorrelated waits min(Cap, uniform [Base, 3·previous)).
	JitterDecorrelated
)

// The constants of [JitterEven].
const (
	// EvenMinPace is the slowest pace a run draws: a run at pace p waits p
	// times the full schedule's delays before the cap, so the runs of one
	// outage reach the cap between 0.3 and 1 times the schedule's
	// 31 s (default backoff), and the dials thin out to the cap rate
	// gradually instead of at one instant.
	EvenMinPace = 0.3
	// EvenCapSpread is the half-width of the window of a delay at the cap,
	// as a fraction of the cap: a delay at the cap is uniform in
	// [Cap - Cap/6, Cap + Cap/6] (25–35 s by default), the cap on average.
	EvenCapSpread = 1.0 / 6
)

// Jitters lists every strategy, the default first.
func Jitters() []Jitter {
	return []Jitter{JitterEven, JitterSpread, JitterNone, JitterFull, JitterEqual, JitterDecorrelated}
}

var jitterNames = [...]string{"even", "spread", "none", "full", "equal", "decorrelated"}

// String returns the strategy's name: even, spread, none, full, equal or
// decorrelated.
func (j Jitter) String() string {
	if int(j) < len(jitterNames) {
		return jitterNames[j]
	}
	return fmt.Sprintf("Jitter(%d)", uint8(j))
}

// ParseJitter returns the strategy named s.
func ParseJitter(s string) (Jitter, error) {
	for i, n := range jitterNames {
		if n == s {
			return Jitter(i), nil
		}
	}
	return 0, fmt.Errorf("%w: %q", ErrUnknownJitter, s)
}

// Backoff is a capped exponential backoff with jitter. The zero value of
// each field means its default.
type Backoff struct {
	Base   time.Duration // first delay; default 1s
	Factor float64       // growth per attempt; default 2
	Cap    time.Duration // largest delay; default 30s
	Jitter Jitter        // default JitterEven
}

// DefaultBackoff returns 1 s, ×2, capped at 30 s, with [JitterEven].
func DefaultBackoff() Backoff {
	return Backoff{Base: time.Second, Factor: 2, Cap: 30 * time.Second, Jitter: JitterEven}
}

func (b Backoff) withDefaults() Backoff {
	if b.Base <= 0 {
		b.Base = time.Second
	}
	if b.Factor < 1 {
		b.Factor = 2
	}
	if b.Cap <= 0 {
		b.Cap = 30 * time.Second
	}
	if b.Cap < b.Base {
		b.Cap = b.Base
	}
	return b
}

// Ceiling returns the capped exponential delay of attempt (1-based) before
// jitter: min(Cap, Base·Factor^(attempt-1)).
func (b Backoff) Ceiling(attempt int) time.Duration {
	b = b.withDefaults()
	if attempt < 1 {
		attempt = 1
	}
	d := float64(b.Base) * math.Pow(b.Factor, float64(attempt-1))
	if d >= float64(b.Cap) || math.IsInf(d, 0) || math.IsNaN(d) {
		return b.Cap
	}
	return time.Duration(d)
}

// Run is the state one run of retries keeps between delays: the previous
// delay (for JitterDecorrelated) and JitterEven's phase and pace. A run
// begins at the first failure after a start or a live socket; the zero
// Run begins a new one. [Machine] keeps one per connection.
type Run struct {
	started bool
	last    int     // the previous attempt of the run
	phase   float64 // u, uniform in [0, 1)
	pace    float64 // p, uniform in [EvenMinPace, 1]
	prev    time.Duration
}

// End ends the run: the next delay begins a new one. The previous delay is
// kept (JitterDecorrelated grows from it until the attempt counter resets).
func (run *Run) End() { run.started = false }

// Delay returns the wait before attempt (1-based) for a client that starts
// a new run at that attempt. prev is the previous delay (used by
// JitterDecorrelated; 0 for the first attempt) and r the random source
// (nil means the global math/rand/v2 source). The result is in
// [0, b.MaxDelay()].
// Use [Backoff.Next] to draw the delays of a run.
func (b Backoff) Delay(attempt int, prev time.Duration, r *rand.Rand) time.Duration {
	run := Run{prev: prev}
	return b.Next(&run, attempt, r)
}

// Next returns the wait before attempt (1-based) in run and records it in
// run. The result is in [0, b.MaxDelay()].
func (b Backoff) Next(run *Run, attempt int, r *rand.Rand) time.Duration {
	b = b.withDefaults()
	attempt = max(attempt, 1)
	d := b.Ceiling(attempt)
	var w time.Duration
	switch b.Jitter {
	case JitterNone:
		w = d
	case JitterFull:
		w = uniform(r, 0, d)
	case JitterEqual:
		w = d/2 + uniform(r, 0, d-d/2)
	case JitterDecorrelated:
		hi := 3 * run.prev
		if hi <= b.Base {
			hi = 3 * b.Base
		}
		w = min(b.Cap, uniform(r, b.Base, hi))
	case JitterSpread:
		switch {
		case d < b.Cap:
			w = uniform(r, 0, d)
		case b.Ceiling(attempt-1) < b.Cap || attempt == 1:
			w = uniform(r, 0, b.Cap) // first delay at the cap: pick the phase
		default:
			w = b.Cap
		}
	default: // JitterEven
		w = b.even(run, attempt, d, r)
	}
	run.started, run.last, run.prev = true, attempt, w
	return w
}

// even is JitterEven's delay before attempt, whose ceiling is d.
func (b Backoff) even(run *Run, attempt int, d time.Duration, r *rand.Rand) time.Duration {
	lo, hi := b.capWindow()
	first := !run.started
	if first {
		run.phase = float01(r)
		run.pace = EvenMinPace + (1-EvenMinPace)*float01(r)
	}
	u, p := run.phase, run.pace
	if d < b.Cap {
		if first {
			return time.Duration(p * u * float64(d))
		}
		c := float64(b.Ceiling(run.last))
		return min(d, time.Duration(p*(c*(1-u)+float64(d)*u)))
	}
	switch {
	case first:
		return residual(lo, hi, u)
	case b.Ceiling(run.last) < b.Cap: // the run reaches the cap
		c := float64(b.Ceiling(run.last))
		return min(hi, time.Duration(p*c*(1-u))+residual(lo, hi, u))
	}
	return uniform(r, lo, hi)
}

// capWindow is JitterEven's window of a delay at the cap.
func (b Backoff) capWindow() (lo, hi time.Duration) {
	w := time.Duration(EvenCapSpread * float64(b.Cap))
	return b.Cap - w, b.Cap + w
}

// MaxDelay returns the longest delay the strategy draws: Cap, or
// Cap + Cap·[EvenCapSpread] for JitterEven (35 s by default).
func (b Backoff) MaxDelay() time.Duration {
	b = b.withDefaults()
	if b.Jitter == JitterEven {
		_, hi := b.capWindow()
		return hi
	}
	return b.Cap
}

// residual returns the inverse at q of the equilibrium (residual-time)
// distribution of a delay uniform in [lo, hi]: density (1-F(x))/mean, flat
// on [0, lo] and falling linearly to 0 at hi. A renewal process whose first
// delay has this distribution has the same dial rate at every instant.
func residual(lo, hi time.Duration, q float64) time.Duration {
	a, b := lo.Seconds(), hi.Seconds()
	mean := (a + b) / 2
	var x float64
	if q*mean <= a || b <= a {
		x = q * mean
	} else {
		x = b - math.Sqrt(max(0, (b-a)*(b-a)-2*(b-a)*(q*mean-a)))
	}
	return time.Duration(x * float64(time.Second))
}

// float01 returns a float uniform in [0, 1).
func float01(r *rand.Rand) float64 {
	if r == nil {
		return rand.Float64()
	}
	return r.Float64()
}

// uniform returns a duration uniform in [lo, hi).
func uniform(r *rand.Rand, lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	n := int64(hi - lo)
	if r == nil {
		return lo + time.Duration(rand.Int64N(n))
	}
	return lo + time.Duration(r.Int64N(n))
}
