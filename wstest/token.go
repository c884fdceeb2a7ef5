package wstest

import (
	"fmt"
	"sync"
	"time"
)

// TokenIssuer issues short-lived bearer tokens and checks them. Give it to a server
// through [Options.Tokens]. Tokens are opaque strings "wstest-N" with N counting from 1,
// so a test can predict them. It is safe for concurrent use.
type TokenIssuer struct {
	now func() time.Time

	mu     sync.Mutex
	n      int
	expiry map[string]time.Time
}

// NewTokenIssuer returns an issuer whose clock is now; nil means [time.Now]. Inject a
// clock to expire tokens without waiting (for example a fake clock advanced by the test,
// or time.Now inside a testing/synctest bubble).
func NewTokenIssuer(now func() time.Time) *TokenIssuer {
	if now == nil {
		now = time.Now
	}
	return &TokenIssuer{now: now, expiry: make(map[string]time.Time)}
}

// Now returns the issuer's clock reading.
func (ti *TokenIssuer) Now() time.Time { return ti.now() }

// Issue returns a new token valid for ttl from now.
func (ti *TokenIssuer) Issue(ttl time.Duration) string {
	ti.mu.Lock()
	defer ti.mu.Unlock()
	ti.n++
	tok := fmt.Sprintf("wstest-%d", ti.n)
	ti.expiry[tok] = ti.now().Add(ttl)
	return tok
}

// Expiry returns when token expires and whether the issuer knows it.
func (ti *TokenIssuer) Expiry(token string) (time.Time, bool) {
	ti.mu.Lock()
	defer ti.mu.Unlock()
	at, ok := ti.expiry[token]
	return at, ok
}

// Check returns the token's expiry, or [ErrTokenUnknown] for a token never issued (or
// revoked), or [ErrTokenExpired] once the clock has reached its expiry.
func (ti *TokenIssuer) Check(token string) (time.Time, error) {
	at, ok := ti.Expiry(token)
	if !ok {
		return time.Time{}, ErrTokenUnknown
	}
	if !ti.now().Before(at) {
		return at, ErrTokenExpired
	}
	return at, nil
}

// Revoke forgets token: later checks report [ErrTokenUnknown]. A live connection that
// used it is not affected.
func (ti *TokenIssuer) Revoke(token string) {
	ti.mu.Lock()
	defer ti.mu.Unlock()
	delete(ti.expiry, token)
}
