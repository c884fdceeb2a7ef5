package conn

import (
	"errors"
	"strings"
	"testing"
)

// TestNewURL: New refuses at once what no dial could ever use, and its
// error never repeats a secret from the URL.
func TestNewURL(t *testing.T) {
	for _, tt := range []struct {
		url  string
		want string // in the error; "" when the URL is accepted
	}{
		{"ws://127.0.0.1:1/", ""},
		{"wss://chat.example/ws?room=lobby", ""},
		{"WSS://chat.example:8443/ws", ""},
		{"ws://[::1]:8080", ""},
		{"http://chat.example/ws", `scheme "http" (want ws or wss)`},
		{"https://chat.example/ws?token=s3cret", `scheme "https"`},
		{"ftp://chat.example", `scheme "ftp"`},
		{"chat.example/ws", "no scheme"},
		{"", "no scheme"},
		{"/ws", "no scheme"},
		{"ws:chat.example", "no host"},
		{"ws://", "no host"},
		{"ws:///path", "no host"},
		{"wss://:8443/ws", "no host"},
		{"ws://user:s3cret@chat.example/", "user info"},
		{"ws://chat.example/ws#top", "fragment"},
		{"ws://chat.example/ws#", "fragment"},
		{"ws://chat.example:port/", "invalid port"},
		{"ws://chat example/?token=s3cret", "invalid character"},
		{"::", "missing protocol scheme"},
		{"ws://chat.example/\x7f?token=s3cret", "invalid control character"},
	} {
		t.Run(tt.url, func(t *testing.T) {
			c, err := New(tt.url, &Options{Protocol: testProtocol()})
			if tt.want == "" {
				if err != nil {
					t.Fatalf("New(%q) = %v, want a Client", tt.url, err)
				}
				c.Close(t.Context())
				return
			}
			if !errors.Is(err, ErrInvalidURL) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New(%q) = %v, want ErrInvalidURL saying %q", tt.url, err, tt.want)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("New(%q) error %q repeats a secret of the URL", tt.url, err)
			}
		})
	}
}

// TestDialInvalidURL: Dial fails at once too, without starting anything.
func TestDialInvalidURL(t *testing.T) {
	if _, err := Dial(t.Context(), "http://127.0.0.1:1/", &Options{Protocol: testProtocol()}); !errors.Is(err, ErrInvalidURL) {
		t.Fatalf("Dial(http://…) = %v, want ErrInvalidURL", err)
	}
}
