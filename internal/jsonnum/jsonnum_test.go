package jsonnum

import "testing"

func TestAppendCanonical(t *testing.T) {
	for _, tt := range []struct{ lit, want string }{
		{"0", "0"}, {"-0", "0"}, {"0.000", "0"}, {"0e5", "0"},
		{"1", "1e0"}, {"1.0", "1e0"}, {"10e-1", "1e0"}, {"1E+0", "1e0"}, {"100", "1e2"},
		{"0.07", "7e-2"}, {"-0.07", "-7e-2"}, {"007.50", "75e-1"},
		{"12345678901234567890", "1234567890123456789e1"},
		{"1e-400", "1e-400"}, {"1.5e99999999999999999999", "15e99999999999999999998"},
	} {
		if got := string(AppendCanonical([]byte("x"), []byte(tt.lit))); got != "x"+tt.want {
			t.Errorf("AppendCanonical(%s) = %s, want x%s", tt.lit, got, tt.want)
		}
	}
}

// Equal values give equal keys, different values different keys.
func TestAppendCanonicalEquality(t *testing.T) {
	groups := [][]string{
		{"1", "1.0", "10e-1", "0.1e1", "100e-2"},
		{"-2.5", "-25e-1", "-0.25E1"},
		{"0", "-0", "0.0e10"},
	}
	seen := map[string]int{}
	for gi, g := range groups {
		for _, lit := range g {
			k := string(AppendCanonical(nil, []byte(lit)))
			if prev, ok := seen[k]; ok && prev != gi {
				t.Errorf("%s: key %s shared with group %d", lit, k, prev)
			}
			seen[k] = gi
			if first := string(AppendCanonical(nil, []byte(g[0]))); k != first {
				t.Errorf("%s → %s, but %s → %s", lit, k, g[0], first)
			}
		}
	}
}
