package jsonptr

import "testing"

func TestEscape(t *testing.T) {
	for _, tt := range []struct{ name, token string }{
		{"", ""}, {"a", "a"}, {"a/b", "a~1b"}, {"~", "~0"}, {"~1", "~01"}, {"/~/", "~1~0~1"},
	} {
		if got := Escape(tt.name); got != tt.token {
			t.Errorf("Escape(%q) = %q, want %q", tt.name, got, tt.token)
		}
		if got, ok := Unescape(tt.token); !ok || got != tt.name {
			t.Errorf("Unescape(%q) = %q, %v; want %q, true", tt.token, got, ok, tt.name)
		}
	}
	for _, bad := range []string{"~", "a~2", "~x"} {
		if got, ok := Unescape(bad); ok {
			t.Errorf("Unescape(%q) = %q, true; want false", bad, got)
		}
	}
}
