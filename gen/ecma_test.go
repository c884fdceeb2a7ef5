package gen_test

import (
	"path/filepath"
	"testing"
)

// TestECMARegex runs gen/testdata/ecmaregex/suite.json, groups in the JSON-Schema-Test-
// Suite format that pin down where ECMA-262 and RE2 read a pattern differently (\s, \S,
// ".", \u escapes, [^], [], property escapes, …), through the generated decoder and
// through Protocol.Validate: both must give the ECMA-262 verdict on every instance.
func TestECMARegex(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a temporary module; skipped with -short")
	}
	root := repoRoot(t)
	runSuite(t, []string{filepath.Join(root, "gen", "testdata", "ecmaregex", "suite.json")}, true)
}
