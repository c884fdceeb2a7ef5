//go:build (amd64 && go1.17 && !go1.28) || (arm64 && go1.20 && !go1.28)

package bench

// sonicName is the sonic peer's name: sonic's JIT encoder and decoder are built for
// these platforms and Go versions (the constraint is sonic v1.15's own).
const sonicName = "sonic"
