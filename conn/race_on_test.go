//go:build race

package conn

// raceEnabled: the race detector slows decoding of large frames ~10x; the
// memory tests then send fewer frames.
const raceEnabled = true
