package wire

import "testing"

// Tests for the helpers in codec_extra.go (added by the codec generator's
// author for enum/const/uniqueItems checks on whole values).

func TestCanonical(t *testing.T) {
	for _, tt := range []struct {
		a, b  string
		equal bool
	}{
		{`1`, `1.0`, true},
		{`0.07`, `7e-2`, true},
		{`-0`, `0`, true},
		{`1e400`, `10e399`, true},
		{`1`, `2`, false},
		{`{"a":1,"b":[1,"x"]}`, ` { "b" : [1.0, "\u0078"], "a" : 10e-1 } `, true},
		{`{"a":1}`, `{"a":1,"b":1}`, false},
		{`[1,2]`, `[2,1]`, false},
		{`"a"`, `"\u0061"`, true},
		{`false`, `0`, false},
		{`null`, `"null"`, false},
		{`{"a":{"b":null}}`, `{"a":{"b":null}}`, true},
	} {
		ca, erra := Canonical([]byte(tt.a))
		cb, errb := Canonical([]byte(tt.b))
		if erra != nil || errb != nil {
			t.Errorf("Canonical(%s), Canonical(%s) = %v, %v", tt.a, tt.b, erra, errb)
			continue
		}
		if (ca == cb) != tt.equal {
			t.Errorf("Canonical(%s) = %s, Canonical(%s) = %s; want equal=%v", tt.a, ca, tt.b, cb, tt.equal)
		}
	}
	for _, bad := range []string{``, `[1,]`, `{"a"}`, `1 2`, "\"\xff\""} {
		if c, err := Canonical([]byte(bad)); err == nil {
			t.Errorf("Canonical(%q) = %s, want an error", bad, c)
		}
	}
}

func TestValidAndSince(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{`{"a":[1,2]}`, true}, {` 1 `, true}, {`{"a":1,"a":2}`, false}, {`[1,]`, false}, {``, false},
	} {
		if got := Valid([]byte(tt.in)); got != tt.want {
			t.Errorf("Valid(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	d := NewDecoder([]byte(`{"a": [1, 2] }`))
	_ = d.ObjectStart()
	_, _, _ = d.NextKey()
	d.Peek()
	start := d.Offset()
	if err := d.Skip(); err != nil {
		t.Fatal(err)
	}
	if got := string(d.Since(start)); got != `[1, 2]` {
		t.Errorf("Since = %q", got)
	}
	if d.Since(-1) != nil || d.Since(1000) != nil {
		t.Errorf("Since out of range is not nil")
	}
}
