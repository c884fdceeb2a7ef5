package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const tinyAsyncAPI = "../../asyncapi/testdata/tiny.yaml"

func runWsgen(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCheckAsyncAPI(t *testing.T) {
	code, out, errOut := runWsgen("check", "-asyncapi", tinyAsyncAPI)
	if code != 0 || out != "ok\n" {
		t.Fatalf("check -asyncapi = %d, %q, %q", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if len(lines) != 4 {
		t.Errorf("%d warnings, want 4:\n%s", len(lines), errOut)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, tinyAsyncAPI+":#") || !strings.Contains(l, ": warning: ") {
			t.Errorf("warning %q is not file:#/pointer: warning: reason", l)
		}
	}
	// -strict: the same lines, as errors, and exit 1.
	code, out, errOut = runWsgen("check", "-asyncapi", tinyAsyncAPI, "-strict")
	if code != 1 || strings.Contains(out, "warning") || len(strings.Split(strings.TrimSpace(out), "\n")) != 4 {
		t.Errorf("check -strict = %d, %q, %q; want 1 and four errors", code, out, errOut)
	}
}

func TestCheckAsyncAPIRefused(t *testing.T) {
	for _, tt := range []struct{ name, doc, want string }{
		{"bad YAML", "asyncapi: [", ":#: not a YAML or JSON document"},
		{"unknown version", "asyncapi: 1.2.0\n", ":#/asyncapi: AsyncAPI version \"1.2.0\" is not supported"},
		{"dangling $ref", "asyncapi: 3.0.0\nchannels:\n  c:\n    messages:\n      m: {$ref: '#/components/messages/m'}\n", ":#/channels/c/messages/m: $ref \"#/components/messages/m\" points at nothing"},
		{"channel with no messages", "asyncapi: 3.0.0\nchannels:\n  c: {address: /}\n", ":#/channels/c: channel \"c\" has no messages"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := writeTemp(t, "doc.yaml", tt.doc)
			code, out, errOut := runWsgen("check", "-asyncapi", path)
			if code != 1 || !strings.Contains(out, path+tt.want) {
				t.Errorf("check = %d, %q, %q; want 1 and %q", code, out, errOut, path+tt.want)
			}
		})
	}
	if code, _, _ := runWsgen("check", "-asyncapi", tinyAsyncAPI, "-schema", "x.json"); code != 2 {
		t.Errorf("check with -schema and -asyncapi = %d, want 2", code)
	}
}

func TestGenerateAsyncAPI(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runWsgen("generate", "-asyncapi", tinyAsyncAPI, "-out", dir, "-package", "ticker")
	if code != 0 {
		t.Fatalf("generate = %d, %q, %q", code, out, errOut)
	}
	test, err := os.ReadFile(filepath.Join(dir, "wsgen_asyncapi_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"package ticker\n", `{"subscribe/btc", "subscribe", `, `"tick/lowercase", "tick", `, "at /symbol: does not match pattern"} {
		if !bytes.Contains(test, []byte(want)) {
			t.Errorf("wsgen_asyncapi_test.go lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "wsgen_codec.go")); err != nil {
		t.Error(err)
	}
	// Again: nothing changes, nothing is written.
	if code, out, _ := runWsgen("generate", "-asyncapi", tinyAsyncAPI, "-out", dir, "-package", "ticker"); code != 0 || out != "" {
		t.Errorf("second generate = %d, %q; want 0 and no file written", code, out)
	}
	if code, _, _ := runWsgen("generate", "-asyncapi", tinyAsyncAPI, "-out", dir, "-strict"); code != 1 {
		t.Errorf("generate -strict = %d, want 1", code)
	}
}

// TestConvert: convert writes a protocol description that check -schema accepts and
// generates the same code as generate -asyncapi (the migration path).
func TestConvert(t *testing.T) {
	code, stdout, errOut := runWsgen("convert", "-asyncapi", tinyAsyncAPI)
	if code != 0 || !strings.HasPrefix(stdout, "{\n  \"$schema\"") {
		t.Fatalf("convert = %d, %q, %q", code, stdout, errOut)
	}
	out := filepath.Join(t.TempDir(), "protocol.json")
	if code, _, _ := runWsgen("convert", "-asyncapi", tinyAsyncAPI, "-o", out); code != 0 {
		t.Fatalf("convert -o = %d", code)
	}
	data, err := os.ReadFile(out)
	if err != nil || string(data) != stdout {
		t.Fatalf("convert -o wrote %q (%v), want what convert prints", data, err)
	}
	if code, out, errOut := runWsgen("check", "-schema", out); code != 0 {
		t.Fatalf("check -schema of the converted file = %d, %q, %q", code, out, errOut)
	}
	a, b := t.TempDir(), t.TempDir()
	runWsgen("generate", "-schema", out, "-out", a, "-package", "tiny")
	runWsgen("generate", "-asyncapi", tinyAsyncAPI, "-out", b, "-package", "tiny")
	for _, name := range []string{"wsgen_messages.go", "wsgen_codec.go"} {
		x, _ := os.ReadFile(filepath.Join(a, name))
		y, _ := os.ReadFile(filepath.Join(b, name))
		// The headers name different sources.
		if len(x) == 0 || bytes.Equal(x, y) == false && !sameAfterHeader(x, y) {
			t.Errorf("%s differs between generate -schema (converted) and generate -asyncapi", name)
		}
	}
	if code, _, _ := runWsgen("convert", "-asyncapi", tinyAsyncAPI, "-strict"); code != 1 {
		t.Errorf("convert -strict = %d, want 1", code)
	}
}

func sameAfterHeader(x, y []byte) bool {
	strip := func(b []byte) string {
		var keep []string
		for _, l := range strings.Split(string(b), "\n") {
			if !strings.HasPrefix(l, "// Source: ") && !strings.Contains(l, "tiny.yaml") && !strings.Contains(l, "protocol.json") {
				keep = append(keep, l)
			}
		}
		return strings.Join(keep, "\n")
	}
	return strip(x) == strip(y)
}
