package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenerateRefusesHandWritten: a file in -out named like a generated one but without
// the "Code generated … DO NOT EDIT." header is never overwritten, and nothing is written.
func TestGenerateRefusesHandWritten(t *testing.T) {
	schemaPath := writeTemp(t, "protocol.json", protocol("", ""))
	out := t.TempDir()
	hand := []byte("package p\n\n// Hand-written: keep.\nfunc Decode() {}\n")
	if err := os.WriteFile(filepath.Join(out, "wsgen_codec.go"), hand, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"generate", "-schema", schemaPath, "-out", out, "-package", "p"}, &stdout, &stderr)
	if code != 1 {
		t.Errorf("generate over a hand-written wsgen_codec.go exited %d, want 1 (stderr %q)", code, stderr.String())
	}
	if got, _ := os.ReadFile(filepath.Join(out, "wsgen_codec.go")); !bytes.Equal(got, hand) {
		t.Errorf("the hand-written wsgen_codec.go was overwritten")
	}
	if got := listDir(t, out); len(got) != 1 {
		t.Errorf("-out holds %v after a refusal, want only the hand-written file", got)
	}
	if !strings.Contains(stderr.String(), "Code generated") {
		t.Errorf("stderr %q does not say the file lacks the generated-code header", stderr.String())
	}
}

// TestGenerateAllOrNothing: when one file cannot be written, no file of the package is
// written and no temporary file is left behind.
func TestGenerateAllOrNothing(t *testing.T) {
	schemaPath := writeTemp(t, "protocol.json", protocol("", ""))
	out := t.TempDir()
	// A directory where wsgen_runtime.go goes: that file cannot be replaced.
	if err := os.Mkdir(filepath.Join(out, "wsgen_runtime.go"), 0o755); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"generate", "-schema", schemaPath, "-out", out, "-package", "p"}, &stdout, &stderr); code != 1 {
		t.Errorf("generate exited %d, want 1 (stderr %q)", code, stderr.String())
	}
	if got := listDir(t, out); len(got) != 1 || got[0] != "wsgen_runtime.go" {
		t.Errorf("-out holds %v after a failed generate, want only the obstacle (no file written, no temporary left)", got)
	}
}

// TestGeneratePackageBlank: "_" is an identifier but names no package.
func TestGeneratePackageBlank(t *testing.T) {
	schemaPath := writeTemp(t, "protocol.json", protocol("", ""))
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"generate", "-schema", schemaPath, "-out", out, "-package", "_"}, &stdout, &stderr); code != 1 {
		t.Errorf("generate -package _ exited %d, want 1", code)
	}
	if got := listDir(t, out); len(got) != 0 {
		t.Errorf("-out holds %v, want nothing", got)
	}
}
