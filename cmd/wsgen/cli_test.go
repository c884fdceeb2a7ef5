package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

// TestHelpOnce: every way of asking for a command's help prints its usage exactly once,
// to stdout, and exits 0; a bad flag prints the problem and the usage once, to stderr,
// and exits 2.
func TestHelpOnce(t *testing.T) {
	for name := range commands {
		for _, args := range [][]string{{name, "-h"}, {name, "-help"}, {name, "--help"}, {"help", name}} {
			var stdout, stderr bytes.Buffer
			code := run(args, &stdout, &stderr)
			if code != 0 || strings.Count(stdout.String(), "Usage: wsgen "+name) != 1 || stderr.Len() != 0 {
				t.Errorf("wsgen %s = exit %d, %d usages on stdout, stderr %q; want 0, 1, empty",
					strings.Join(args, " "), code, strings.Count(stdout.String(), "Usage: wsgen "+name), stderr.String())
			}
			if !strings.Contains(stdout.String(), "Flags:\n  -") {
				t.Errorf("wsgen %s prints no flags:\n%s", strings.Join(args, " "), stdout.String())
			}
		}
		var stdout, stderr bytes.Buffer
		code := run([]string{name, "-no-such-flag"}, &stdout, &stderr)
		if code != 2 || stdout.Len() != 0 || strings.Count(stderr.String(), "Usage: wsgen "+name) != 1 || !strings.Contains(stderr.String(), "flag provided but not defined: -no-such-flag") {
			t.Errorf("wsgen %s -no-such-flag = exit %d, stdout %q, stderr %q", name, code, stdout.String(), stderr.String())
		}
	}
	for _, tt := range []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"help"}, 0, "Usage:\n  wsgen generate", ""},
		{[]string{"-h"}, 0, "Usage:\n  wsgen generate", ""},
		{[]string{"--help"}, 0, "Usage:\n  wsgen generate", ""},
		{[]string{"help", "version"}, 0, "Usage:\n  wsgen generate", ""},
		{[]string{"help", "nope"}, 2, "", `wsgen help: unknown command "nope"`},
		{[]string{"nope"}, 2, "", `wsgen: unknown command "nope"`},
		{nil, 2, "", "Usage:\n  wsgen generate"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(tt.args, &stdout, &stderr)
		if code != tt.code || !strings.Contains(stdout.String(), tt.stdout) || !strings.Contains(stderr.String(), tt.stderr) ||
			strings.Count(stdout.String()+stderr.String(), "Usage:") != 1 {
			t.Errorf("wsgen %q = exit %d, stdout %q, stderr %q; want %d, %q, %q, one usage", tt.args, code, stdout.String(), stderr.String(), tt.code, tt.stdout, tt.stderr)
		}
	}
}

func TestVersionString(t *testing.T) {
	mod := func(v string) debug.Module { return debug.Module{Path: "github.com/wsgen/wsgen", Version: v} }
	for _, tt := range []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"published", &debug.BuildInfo{GoVersion: "go1.25.4", Main: mod("v0.3.1")}, "wsgen v0.3.1 go1.25.4"},
		{"checkout", &debug.BuildInfo{GoVersion: "go1.25.4", Main: mod("(devel)"), Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "79e2236aaaabbbbccccddddeeeeffff000011112"},
			{Key: "vcs.time", Value: "2026-12-03T20:00:00Z"}, {Key: "vcs.modified", Value: "true"}}},
			"wsgen (devel) git 79e2236aaaab+modified 2026-12-03T20:00:00Z go1.25.4"},
		{"go test", &debug.BuildInfo{GoVersion: "go1.25.4", Main: mod("")}, "wsgen (devel) go1.25.4"},
		{"replaced", &debug.BuildInfo{Main: debug.Module{Path: "github.com/wsgen/wsgen", Version: "v0.0.0-00010101000000-000000000000", Replace: &debug.Module{Path: "../wsgen"}}},
			"wsgen v0.0.0-00010101000000-000000000000 => ../wsgen"},
		{"no build info", nil, "wsgen (unknown version: the binary has no build information)"},
	} {
		if got := versionString(tt.bi, tt.bi != nil); got != tt.want {
			t.Errorf("%s: versionString = %q, want %q", tt.name, got, tt.want)
		}
	}
	for _, arg := range []string{"version", "-version", "--version"} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{arg}, &stdout, &stderr); code != 0 || !strings.HasPrefix(stdout.String(), "wsgen ") || strings.Count(stdout.String(), "\n") != 1 {
			t.Errorf("wsgen %s = exit %d, %q", arg, code, stdout.String())
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"version", "x"}, &stdout, &stderr); code != 2 {
		t.Errorf("wsgen version x = exit %d, want 2", code)
	}
}

// TestVersionFromCheckout builds the command from this checkout with VCS stamping and
// wants the revision of HEAD in its version line.
func TestVersionFromCheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command (-short)")
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not a git checkout, or no git: %v", err)
	}
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(strings.TrimSpace(string(top)), ".git")); err != nil || !fi.IsDir() {
		t.Skip("the checkout is a git worktree (.git is a file): go build records no VCS information there")
	}
	bin := filepath.Join(t.TempDir(), "wsgen")
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".")
	build.Env = append(os.Environ(), "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	// Go writes "(devel)" or, since Go 1.24, a pseudo-version for a build in a checkout.
	re := regexp.MustCompile(`^wsgen (\(devel\)|v\S+) git ` + string(head[:12]) + `(\+modified)? \S+ go\S+\n$`)
	if !re.Match(out) {
		t.Errorf("wsgen --version = %q, want a match for %s", out, re)
	}
}

// TestInvalidJSONLineColumn: invalid JSON in a schema (check, generate) or a scenario
// (serve) is reported as FILE:LINE:COLUMN.
func TestInvalidJSONLineColumn(t *testing.T) {
	bad := writeTemp(t, "protocol.json", "{\n  \"oneOf\": [\n    {\"$ref\": \"#/$defs/a\"},\n  ]\n}\n")
	for _, cmd := range [][]string{{"check", "-schema", bad}, {"generate", "-schema", bad, "-out", t.TempDir()}} {
		var stdout, stderr bytes.Buffer
		code := run(cmd, &stdout, &stderr)
		want := bad + ":4:3: invalid JSON: invalid character ']' looking for beginning of value\n"
		if code != 1 || stdout.String()+stderr.String() != want {
			t.Errorf("wsgen %s = exit %d, output %q, want 1, %q", cmd[0], code, stdout.String()+stderr.String(), want)
		}
	}
	scenario := writeTemp(t, "scenario.json", "{\"connections\": [\n  {\"steps\": [{\"send\": {\"type\": \"welcome\",}}]}\n]}\n")
	var stdout, stderr syncBuffer
	code := serve(context.Background(), serveConfig{Schema: chatSchema, Scenario: scenario, Addr: "127.0.0.1:0",
		Ready: func(string) { t.Error("server started with invalid JSON") }}, &stdout, &stderr)
	want := "wsgen serve: " + scenario + ":2:42: invalid JSON: invalid character '}' looking for beginning of object key string\n"
	if code != 1 || stderr.String() != want {
		t.Errorf("serve = %d, stderr %q, want 1, %q", code, stderr.String(), want)
	}
}

// TestGeneratePackageMismatch: a package name (from -package or x-wsgen package) that
// differs from the package already in -out is refused before anything is written.
func TestGeneratePackageMismatch(t *testing.T) {
	for _, tt := range []struct {
		name  string
		files map[string]string // already in -out
		args  []string
		code  int
		err   string
	}{
		{"hand-written file, -package differs", map[string]string{"doc.go": "// Package foo.\npackage foo\n"}, []string{"-package", "bar"}, 1, "holds package foo (doc.go), not bar: pass -package foo"},
		{"hand-written file, schema package differs", map[string]string{"doc.go": "package foo\n"}, nil, 1, "holds package foo (doc.go), not chat"},
		{"earlier generation under another name", map[string]string{"wsgen_codec.go": "// Code generated by wsgen. DO NOT EDIT.\n\npackage chat\n"}, []string{"-package", "chatv2"}, 1, "holds package chat (wsgen_codec.go), not chatv2"},
		{"same package", map[string]string{"doc.go": "package chat\n"}, nil, 0, ""},
		{"same package by -package", map[string]string{"doc.go": "package foo\n"}, []string{"-package", "foo"}, 0, ""},
		{"external test package only", map[string]string{"x_test.go": "package chat_test\n", "y_test.go": "package other\n"}, []string{"-package", "chat"}, 0, ""},
		{"ignored file", map[string]string{"gen.go": "//go:build ignore\n\npackage main\n"}, nil, 0, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			for n, src := range tt.files {
				if err := os.WriteFile(filepath.Join(out, n), []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			before := listDir(t, out)
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"generate", "-schema", chatSchema, "-out", out}, tt.args...), &stdout, &stderr)
			if code != tt.code || !strings.Contains(stderr.String(), tt.err) {
				t.Fatalf("exit %d, stderr %q; want %d, %q", code, stderr.String(), tt.code, tt.err)
			}
			if code != 0 {
				if after := listDir(t, out); strings.Join(after, ",") != strings.Join(before, ",") || stdout.Len() != 0 {
					t.Errorf("refused, yet files are %v (were %v), stdout %q", after, before, stdout.String())
				}
				for n, src := range tt.files {
					if got, _ := os.ReadFile(filepath.Join(out, n)); string(got) != src {
						t.Errorf("%s changed", n)
					}
				}
			}
		})
	}
}
