package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenerateClientFlag: -client=false leaves the typed client out and removes the one
// an earlier run wrote, but never a hand-written file of the same name.
func TestGenerateClientFlag(t *testing.T) {
	out := filepath.Join(t.TempDir(), "chat")
	client := filepath.Join(out, "wsgen_client.go")
	gen := func(extra ...string) string {
		t.Helper()
		args := append([]string{"generate", "-schema", "../../testdata/chat/protocol.json", "-out", out}, extra...)
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 0 {
			t.Fatalf("wsgen %v = exit %d: %s", args, code, stderr.String())
		}
		return stdout.String()
	}
	gen()
	if _, err := os.Stat(client); err != nil {
		t.Fatalf("default generate wrote no client: %v", err)
	}
	if got := gen("-client=false"); strings.TrimSpace(got) != "removed "+client {
		t.Errorf("-client=false printed %q, want only %q", got, "removed "+client)
	}
	if _, err := os.Stat(client); !os.IsNotExist(err) {
		t.Errorf("wsgen_client.go still there after -client=false (%v)", err)
	}
	for _, n := range listDir(t, out) {
		src, _ := os.ReadFile(filepath.Join(out, n))
		if bytes.Contains(src, []byte("github.com/wsgen/wsgen/conn")) {
			t.Errorf("%s imports conn with -client=false", n)
		}
	}
	// A file of that name wsgen did not write stays.
	if err := os.WriteFile(client, []byte("package chat\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := gen("-client=false"); got != "" {
		t.Errorf("-client=false with a hand-written wsgen_client.go printed %q", got)
	}
	if _, err := os.Stat(client); err != nil {
		t.Errorf("a hand-written wsgen_client.go was removed: %v", err)
	}
}
