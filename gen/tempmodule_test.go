package gen_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// tempModule is a throwaway Go module that requires this repository through a replace
// directive, so generated code can be compiled and run as a consumer would.
type tempModule struct {
	t   testing.TB
	dir string
}

// newTempModule writes go.mod (module name, replace github.com/wsgen/wsgen => the
// repository root) and this repository's go.sum into dir, or a fresh t.TempDir when dir
// is empty.
func newTempModule(t testing.TB, dir, name string) *tempModule {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	m := &tempModule{t: t, dir: dir}
	root := repoRoot(t)
	m.write("go.mod", []byte("module "+name+"\n\ngo 1.25.0\n\nrequire github.com/wsgen/wsgen v0.0.0\n\nreplace github.com/wsgen/wsgen => "+root+"\n"))
	if sum, err := os.ReadFile(filepath.Join(root, "go.sum")); err == nil {
		m.write("go.sum", sum)
	}
	return m
}

// write writes one file, creating its directory.
func (m *tempModule) write(name string, data []byte) {
	m.t.Helper()
	path := filepath.Join(m.dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		m.t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		m.t.Fatal(err)
	}
}

// writePackage writes generated files into the package directory pkg.
func (m *tempModule) writePackage(pkg string, files map[string][]byte) {
	m.t.Helper()
	for name, data := range files {
		m.write(filepath.Join(pkg, name), data)
	}
}

// goCmd runs the go command in the module and returns its standard output; it fails the
// test with the standard error when the command fails.
func (m *tempModule) goCmd(args ...string) []byte {
	m.t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = m.dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod -buildvcs=false")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		m.t.Fatalf("go %v in %s: %v\n%s%s", args, m.dir, err, stdout.String(), stderr.String())
	}
	return stdout.Bytes()
}

// goFails runs the go command in the module, which must fail, and returns its combined
// output; it fails the test when the command succeeds.
func (m *tempModule) goFails(args ...string) string {
	m.t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = m.dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod -buildvcs=false")
	out, err := cmd.CombinedOutput()
	if err == nil {
		m.t.Fatalf("go %v in %s succeeded, want a failure:\n%s", args, m.dir, out)
	}
	return string(out)
}
