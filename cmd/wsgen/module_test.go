package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestUseFromAnotherModule follows README's "Use wsgen in your module" in a module of
// its own, in a temporary directory outside this repository, with a replace pointing at
// this checkout: go get -tool, go generate (a //go:generate go tool wsgen line), go mod
// tidy (the runtime's dependencies), go vet, go build, then a program that dials a
// wstest server on loopback with the generated client, and the same program against
// "go tool wsgen serve" (stopped with SIGINT). A schema change is then
// regenerated with go generate alone. The module cache is the shared one.
func TestUseFromAnotherModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module of its own with the go command (-short)")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go command: %v", err)
	}
	checkout, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	app := t.TempDir()
	env := append(os.Environ(),
		"GOWORK=off",            // this checkout's workspace, if any, is not the consumer's
		"GOFLAGS=-mod=readonly", // as a user's plain go commands: nothing changes go.mod behind their back
		"GOPROXY="+consumerProxy(t),
	)
	sh := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(goBin, args...)
		cmd.Dir, cmd.Env = app, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	copyFile := func(from, to string) {
		t.Helper()
		data, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyFile("testdata/consumer/protocol.json", filepath.Join(app, "greet", "protocol.json"))
	copyFile("testdata/consumer/main.go", filepath.Join(app, "main.go"))
	if err := os.WriteFile(filepath.Join(app, "greet", "generate.go"), []byte("package greet\n\n//go:generate go tool wsgen generate -schema protocol.json -out .\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	// The README's commands, in its order.
	sh("mod", "init", "example.com/app")
	sh("mod", "edit", "-replace", "github.com/wsgen/wsgen="+checkout)
	sh("get", "-tool", "github.com/wsgen/wsgen/cmd/wsgen")
	if out := sh("tool", "wsgen", "version"); !strings.Contains(out, "=> "+checkout) {
		t.Errorf("go tool wsgen version = %q, want the replacement %s named", out, checkout)
	}
	sh("generate", "./...")
	sh("mod", "tidy")
	sh("vet", "./...")
	sh("build", "./...")
	if out := sh("run", "."); out != "hello: hi from wstest\nsaid: true\n" {
		t.Errorf("the program printed %q", out)
	}
	gomod, _ := os.ReadFile(filepath.Join(app, "go.mod"))
	for _, want := range []string{"tool github.com/wsgen/wsgen/cmd/wsgen\n", "require github.com/wsgen/wsgen v0.0.0-00010101000000-000000000000\n"} {
		if !strings.Contains(string(gomod), want) {
			t.Errorf("go.mod lacks %q (a tool and a library dependency):\n%s", want, gomod)
		}
	}

	// The same client against wsgen serve, run as a tool of the module.
	copyFile("testdata/consumer/scenario.json", filepath.Join(app, "scenario.json"))
	appBin := filepath.Join(t.TempDir(), "app")
	sh("build", "-o", appBin, ".")
	if out := againstServe(t, goBin, app, env, appBin); out != "hello: hi from wsgen serve\nsaid: true\n" {
		t.Errorf("the program against wsgen serve printed %q", out)
	}

	// The schema changes: go generate is all it takes.
	schema := filepath.Join(app, "greet", "protocol.json")
	data, _ := os.ReadFile(schema)
	changed := strings.Replace(string(data), `"text": {"type": "string"}},`, `"text": {"type": "string"}, "lang": {"type": "string"}},`, 1)
	if changed == string(data) {
		t.Fatal("testdata/consumer/protocol.json no longer has the hello text property this test extends")
	}
	if err := os.WriteFile(schema, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := sh("generate", "./..."); !strings.Contains(out, "wrote wsgen_messages.go") {
		t.Errorf("go generate after a schema change printed %q", out)
	}
	sh("build", "./...")
	src, _ := os.ReadFile(filepath.Join(app, "greet", "wsgen_messages.go"))
	if !strings.Contains(string(src), "Lang ") {
		t.Error("the regenerated Hello has no Lang field")
	}
}

// againstServe starts "go tool wsgen serve" in the module at app, runs the program bin
// against it, stops the server with SIGINT (as Ctrl-C does) and returns what the
// program printed.
func againstServe(t *testing.T, goBin, app string, env []string, bin string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	srv := exec.Command(goBin, "tool", "wsgen", "serve", "-schema", "greet/protocol.json", "-scenario", "scenario.json", "-addr", addr)
	srv.Dir, srv.Env = app, env
	srv.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // go tool and wsgen: one group
	var log syncBuffer
	pr, pw := io.Pipe()
	srv.Stdout, srv.Stderr = pw, &log
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- srv.Wait(); pw.Close() }()
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			fmt.Fprintln(&log, sc.Text())
			if strings.Contains(sc.Text(), "Ctrl-C stops") {
				close(ready)
			}
		}
	}()
	stopped := false
	defer func() {
		if !stopped {
			syscall.Kill(-srv.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	}()
	select {
	case <-ready:
	case err := <-exited:
		stopped = true
		t.Fatalf("go tool wsgen serve exited: %v\n%s", err, log.String())
	case <-time.After(2 * time.Minute):
		t.Fatalf("go tool wsgen serve did not start:\n%s", log.String())
	}
	run := exec.Command(bin, "ws://"+addr+"/")
	out, err := run.CombinedOutput()
	if err != nil {
		t.Errorf("%s ws://%s/: %v\n%s\nserve logged:\n%s", bin, addr, err, out, log.String())
	}
	syscall.Kill(-srv.Process.Pid, syscall.SIGINT)
	select {
	case err := <-exited:
		stopped = true
		// The go command forwards signals to the tool only once it has started it; on
		// a loaded machine the group's SIGINT can reach it before that and end it
		// (exit by signal), while wsgen serve still stops by itself (the log below).
		var ee *exec.ExitError
		if err != nil && !(errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signal() == syscall.SIGINT) {
			t.Errorf("go tool wsgen serve after SIGINT: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Errorf("go tool wsgen serve still running 20 s after SIGINT:\n%s", log.String())
	}
	if !strings.Contains(log.String(), "stopped after 1 connections") {
		t.Errorf("serve logged:\n%s", log.String())
	}
	return string(out)
}

// consumerProxy is the GOPROXY for the consumer module: the configured proxies, each
// falling back on any error to an empty file proxy, which answers "not found". go get
// asks the proxy whether github.com/wsgen/wsgen/cmd/wsgen is a module of its own; a
// proxy that answers that with 403 instead of 404 (as some mirrors do) would stop it,
// although the replace provides the package.
func consumerProxy(t *testing.T) string {
	out, err := exec.Command("go", "env", "GOPROXY").Output()
	if err != nil {
		t.Fatal(err)
	}
	list := strings.TrimSpace(string(out))
	if list == "off" {
		return list
	}
	var parts []string
	for _, p := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == '|' }) {
		if p != "direct" && p != "off" {
			parts = append(parts, p)
		}
	}
	return strings.Join(append(parts, "file://"+filepath.ToSlash(t.TempDir())), "|")
}
