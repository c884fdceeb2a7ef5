package conn

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Token refresh: the TokenSource is asked for a token before a dial when
// none is held or it has expired (on the dial's goroutine, see startDial),
// and on every refresh the machine asks for (startRefresh). The token is
// kept by the owner (own.token) and, for redaction only, in c.tok.

// ErrTokenTimeout is wrapped by the *TokenError of a TokenSource call that
// did not return within Options.TokenTimeout.
var ErrTokenTimeout = errors.New("conn: token source did not answer in time")

// fetchToken asks the TokenSource for a token, bounded by
// Options.TokenTimeout; an error is a *TokenError. The source runs on a
// goroutine of its own, so one that ignores its context cannot hold the
// dial: its late answer is dropped.
func (c *Client) fetchToken(ctx context.Context) (string, time.Time, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.TokenTimeout)
	defer cancel()
	type answer struct {
		v   string
		exp time.Time
		err error
	}
	ch := make(chan answer, 1)
	go func() {
		v, exp, err := c.opts.Token.Token(ctx)
		ch <- answer{v, exp, err}
	}()
	var a answer
	select {
	case a = <-ch:
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			a.err = fmt.Errorf("%w (%v)", ErrTokenTimeout, c.opts.TokenTimeout)
		} else {
			a.err = ctx.Err()
		}
	}
	if a.err != nil {
		return "", time.Time{}, &TokenError{Err: a.err}
	}
	return a.v, a.exp, nil
}

// TokenError reports a failure of the TokenSource.
type TokenError struct{ Err error }

func (e *TokenError) Error() string { return "conn: token source: " + e.Err.Error() }

// Unwrap returns the source's error.
func (e *TokenError) Unwrap() error { return e.Err }

// startRefresh asks the token source for a new token.
func (c *Client) startRefresh() {
	o := &c.own
	if c.opts.Token == nil {
		// Nothing to refresh with: report at once that it "succeeded", so the
		// machine dials again (and the server decides).
		o.inflight++
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			c.post(event{kind: evRefreshed})
		}()
		return
	}
	ctx, cancel := context.WithCancel(o.baseCtx)
	o.refreshStop = cancel
	o.inflight++
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		defer cancel()
		v, exp, err := c.fetchToken(ctx)
		if err != nil {
			c.post(event{kind: evRefreshFailed, err: err, permanent: errors.Is(err, ErrPermanent)})
			return
		}
		c.post(event{kind: evRefreshed, token: v, expiry: exp})
	}()
}

func (c *Client) setToken(v string, exp time.Time) {
	c.own.token, c.own.tokenExpiry = v, exp
	c.tok.Store(&v)
}

func (c *Client) tokenForRedaction() string {
	if p := c.tok.Load(); p != nil {
		return *p
	}
	return ""
}

// redact returns err's text with the current token removed, should a
// library ever have echoed it.
func (c *Client) redact(err error) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	if tok := c.tokenForRedaction(); tok != "" {
		s = strings.ReplaceAll(s, tok, "[redacted]")
	}
	return s
}
