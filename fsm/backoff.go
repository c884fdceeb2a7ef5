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

// The jitter strategies. d is the capped exponential delay of the attempt,
// min(Cap, Base·Factor^(attempt-1)).
const (
	// JitterSpread (the default) is full jitter until the delay reaches the
	// cap; the first delay at the cap is uniform in [0, Cap) and every later
	// one is exactly Cap. Each client thus keeps a random phase within a
	// cap-long cycle, so after an outage the returning dials arrive evenly
	// spread over one cap period (see BENCHMARKS.md, the reconnect storm).
	JitterSpread Jitter = iota
	// JitterNone waits exactly d.
	JitterNone
	// JitterFull waits uniform [0, d) (the AWS "full jitter").
	JitterFull
	// JitterEqual waits d/2 + uniform [0, d/2).
	JitterEqual
	// JitterDecorrelated waits min(Cap, uniform [Base, 3·previous)).
	JitterDecorrelated
)

// Jitters lists every strategy, the default first.
func Jitters() []Jitter {
	return []Jitter{JitterSpread, JitterNone, JitterFull, JitterEqual, JitterDecorrelated}
}

var jitterNames = [...]string{"spread", "none", "full", "equal", "decorrelated"}

// String returns the strategy's name: spread, none, full, equal or decorrelated.
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
	Jitter Jitter        // default JitterSpread
}

// DefaultBackoff returns 1 s, ×2, capped at 30 s, with [JitterSpread].
func DefaultBackoff() Backoff {
	return Backoff{Base: time.Second, Factor: 2, Cap: 30 * time.Second, Jitter: JitterSpread}
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

// Delay returns the wait before attempt (1-based). prev is the previous delay
// (used by JitterDecorrelated; 0 for the first attempt) and r the random
// source (nil means the global math/rand/v2 source). The result is in
// [0, Cap].
func (b Backoff) Delay(attempt int, prev time.Duration, r *rand.Rand) time.Duration {
	b = b.withDefaults()
	d := b.Ceiling(attempt)
	switch b.Jitter {
	case JitterNone:
		return d
	case JitterFull:
		return uniform(r, 0, d)
	case JitterEqual:
		return d/2 + uniform(r, 0, d-d/2)
	case JitterDecorrelated:
		hi := 3 * prev
		if hi <= b.Base {
			hi = 3 * b.Base
		}
		return min(b.Cap, uniform(r, b.Base, hi))
	default: // JitterSpread
		if d < b.Cap {
			return uniform(r, 0, d)
		}
		if b.Ceiling(attempt-1) < b.Cap || attempt == 1 {
			return uniform(r, 0, b.Cap) // first delay at the cap: pick the phase
		}
		return b.Cap
	}
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
