//go:build !((amd64 && go1.17 && !go1.28) || (arm64 && go1.20 && !go1.28))

package bench

// sonicName is the sonic peer's name: elsewhere sonic falls back to encoding/json, and
// its rows say so.
const sonicName = "sonic_fallback_to_encoding_json"
