package gen_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/wsgen/wsgen/gen"
	"github.com/wsgen/wsgen/schema"
)

// runGenerated generates the protocol into package "conf" of a temporary module
// (replace github.com/wsgen/wsgen => this repository), adds driver as its main.go
// (importing "conformance/conf"), runs it and returns its standard output.
func runGenerated(t *testing.T, protocol []byte, driver string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a temporary module; skipped with -short")
	}
	root := repoRoot(t)
	p, err := schema.Parse("protocol.json", protocol)
	if err != nil {
		t.Fatal(err)
	}
	out, err := gen.Generate(p, &gen.Options{Package: "conf", Client: gen.ClientOmit})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range out {
		write(filepath.Join("conf", name), data)
	}
	write("go.mod", []byte("module conformance\n\ngo 1.25.0\n\nrequire github.com/wsgen/wsgen v0.0.0\n\nreplace github.com/wsgen/wsgen => "+root+"\n"))
	if sum, err := os.ReadFile(filepath.Join(root, "go.sum")); err == nil {
		write("go.sum", sum)
	}
	write("main.go", []byte(driver))
	cmd := exec.Command("go", "run", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod -buildvcs=false")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go run of the driver: %v\n%s", err, stderr.String())
	}
	return stdout.String()
}

func TestGoNames(t *testing.T) {
	proto, err := os.ReadFile("testdata/names/protocol.json")
	if err != nil {
		t.Fatal(err)
	}
	got := runGenerated(t, proto, `package main

import (
	"fmt"

	"conformance/conf"
)

func main() {
	m, err := conf.Decode([]byte(`+"`"+`{"type":"message","text":"hi","decode":"d","kind":"rich"}`+"`"+`))
	if err != nil {
		panic(err)
	}
	cm := m.(*conf.ChatMessage)
	var k conf.TextKind = *cm.Flavor
	fmt.Println(conf.TypeChatMessage, cm.Text, cm.DecodeHint, k == conf.TextKindRich)
	var h conf.Handler = conf.UnimplementedHandler{}
	_ = h.OnChatMessage
	b, _ := conf.Encode(&conf.HandlerEvent{})
	fmt.Println(string(b))
}
`)
	if want := "message hi d true\n{\"type\":\"handler\"}\n"; got != want {
		t.Errorf("driver printed %q, want %q", got, want)
	}
}
