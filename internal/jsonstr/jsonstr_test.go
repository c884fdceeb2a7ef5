package jsonstr

import "testing"

func TestQuote(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", `""`},
		{"a<b>&c", `"a<b>&c"`},
		{"\"\\\n\x01", `"\"\\\n\u0001"`},
		{"\u2028\u2029", `"\u2028\u2029"`},
		{"caf\xc3\xa9 \xff", `"café \ufffd"`},
	} {
		if got := Quote(tt.in); got != tt.want {
			t.Errorf("Quote(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
