package conn

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// checkURL refuses a URL no dial could succeed with (see ErrInvalidURL).
// Its messages name the scheme or the part at fault, never the whole URL:
// a query may carry a token.
func checkURL(raw string) error {
	u, err := url.Parse(raw) // lower-cases the scheme
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its text would repeat the URL
		}
		return fmt.Errorf("%w: %v", ErrInvalidURL, err)
	}
	switch {
	case u.Scheme == "":
		return fmt.Errorf("%w: no scheme (want ws:// or wss://)", ErrInvalidURL)
	case u.Scheme != "ws" && u.Scheme != "wss":
		return fmt.Errorf("%w: scheme %q (want ws or wss)", ErrInvalidURL, u.Scheme)
	case u.Opaque != "" || u.Hostname() == "":
		return fmt.Errorf("%w: no host", ErrInvalidURL)
	case u.User != nil:
		return fmt.Errorf("%w: user info in the URL (pass credentials with Options.Token or Options.Header)", ErrInvalidURL)
	case strings.Contains(raw, "#"):
		return fmt.Errorf("%w: a fragment (RFC 6455 forbids one)", ErrInvalidURL)
	}
	return nil
}
