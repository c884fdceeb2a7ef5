package asyncapi_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/asyncapi"
	"github.com/wsgen/wsgen/gen"
	"github.com/wsgen/wsgen/internal/asyncapitest"
)

// sharedDir is ../shared/protocols beside the module root; tests needing it skip when
// it is absent.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "shared", "protocols"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared protocols not found at %s (a checkout beside the module root); skipping", dir)
	}
	return dir
}

// sharedDoc is one AsyncAPI document of ../shared/protocols and what reading it gives.
type sharedDoc struct {
	file string
	// messages in the document (distinct Message Objects: one repeated under its name
	// in several channels counts once); refused: those no wsgen message stands for
	// (top-level arrays and tuples, which package schema does not take yet); defects:
	// examples the document's own schema refuses.
	messages, refused, defects int
}

var sharedDocs = []sharedDoc{
	{file: "asyncapi-spec/slack-rtm-asyncapi.yml", messages: 48},
	{file: "asyncapi-spec/slack-rtm-v2.6.0.yml", messages: 48},
	{file: "asyncapi-spec/kraken-websocket-request-reply-multiple-channels-asyncapi.yml", messages: 8, defects: 2},
	{file: "asyncapi-spec/kraken-websocket-request-reply-message-filter-in-reply-asyncapi.yml", messages: 8, defects: 2},
	{file: "asyncapi-spec/websocket-gemini-asyncapi.yml", messages: 1},
	{file: "asyncapi-spec/websocket-gemini-v2.6.0.yml", messages: 1},
	{file: "exchange-collection/bitget_ws_asyncapi.yaml", messages: 9},
	{file: "exchange-collection/bitwyre_ws_asyncapi.yaml", messages: 12, refused: 1},
	{file: "exchange-collection/coincheck_ws_asyncapi.yaml", messages: 4, refused: 0},
	{file: "exchange-collection/hashkey_ws_asyncapi.yaml", messages: 13, refused: 0},
	{file: "exchange-collection/hyperliquid_ws_asyncapi.yaml", messages: 1},
	{file: "exchange-collection/mexc_ws_asyncapi.yaml", messages: 16},
}

// TestSharedDocuments reads every shared document, prints the table of messages in the
// document / generated / refused and warnings, generates each package and checks it in
// one temporary module: it compiles, passes go vet, and its generated test decodes every
// example of the document (those the document's own schema refuses must be refused).
func TestSharedDocuments(t *testing.T) {
	dir := sharedDir(t)
	var mod *tempModule
	if !testing.Short() {
		mod = newTempModule(t)
	}
	var table strings.Builder
	fmt.Fprintf(&table, "| document | AsyncAPI | messages | generated | refused | warnings | examples (defects) |\n|---|---|---|---|---|---|---|\n")
	for _, d := range sharedDocs {
		res, err := asyncapi.Load(filepath.Join(dir, d.file), nil)
		if err != nil {
			t.Errorf("%s: %v", d.file, err)
			continue
		}
		refused, defects := 0, 0
		for _, m := range res.Messages {
			if m.Refused != "" {
				refused++
			}
		}
		for _, e := range res.Examples {
			if e.Defect != "" {
				defects++
			}
		}
		if len(res.Messages) != d.messages || refused != d.refused || defects != d.defects {
			t.Errorf("%s: %d messages, %d refused, %d defective examples; want %d, %d, %d", d.file, len(res.Messages), refused, defects, d.messages, d.refused, d.defects)
		}
		fmt.Fprintf(&table, "| %s | %s | %d | %d | %d | %d | %d (%d) |\n", d.file, res.Version, len(res.Messages), len(res.Protocol.Messages), refused, len(res.Warnings), len(res.Examples), defects)
		files, err := gen.Generate(res.Protocol, nil)
		if err != nil {
			t.Errorf("%s: generate: %v", d.file, err)
			continue
		}
		if mod == nil {
			continue
		}
		pkg := strings.NewReplacer("-", "_", ".", "_").Replace(strings.TrimSuffix(filepath.Base(d.file), filepath.Ext(d.file)))
		files["wsgen_asyncapi_test.go"] = res.ExamplesTest(res.Protocol.Package)
		mod.writePackage(pkg, files)
	}
	t.Logf("shared documents:\n%s", table.String())
	if mod != nil && !t.Failed() {
		mod.goCmd("vet", "./...")
		out := mod.goCmd("test", "-count=1", "./...")
		t.Logf("generated packages:\n%s", out)
	}
}

// TestAgreesWithHandWritten compares the protocols converted from the AsyncAPI
// documents with the hand-written testdata/kraken, slack and gemini protocols, message
// by message (members, JSON types, enums, required members, constraints, direction):
// they agree except for the listed adaptations, which the hand-written protocols'
// READMEs explain.
func TestAgreesWithHandWritten(t *testing.T) {
	dir := sharedDir(t)
	for _, tt := range []struct {
		file, protocol string
		adaptations    []string // Difference.Key() of each difference allowed
	}{
		// Kraken: subscriptionStatus's pair, status and echoed subscription follow the
		// document's examples in testdata/kraken, its schema here.
		{"asyncapi-spec/kraken-websocket-request-reply-multiple-channels-asyncapi.yml", "kraken", krakenAdaptations},
		{"asyncapi-spec/kraken-websocket-request-reply-message-filter-in-reply-asyncapi.yml", "kraken", krakenAdaptations},
		// Slack: botChanged's wire name is a copy error of the document (bot_added);
		// testdata/slack renames it bot_changed, convert merges it into bot_added; the
		// message in no operation is server-sent in testdata/slack, both here.
		{"asyncapi-spec/slack-rtm-asyncapi.yml", "slack", slackAdaptations},
		{"asyncapi-spec/slack-rtm-v2.6.0.yml", "slack", slackAdaptations},
		{"asyncapi-spec/websocket-gemini-asyncapi.yml", "gemini", nil},
		{"asyncapi-spec/websocket-gemini-v2.6.0.yml", "gemini", nil},
	} {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			res, err := asyncapi.Load(filepath.Join(dir, tt.file), nil)
			if err != nil {
				t.Fatal(err)
			}
			diffs := asyncapitest.CompareProtocols(t, filepath.Join("..", "testdata", tt.protocol, "protocol.json"), res.Document)
			allowed := map[string]bool{}
			for _, a := range tt.adaptations {
				allowed[a] = true
			}
			seen := map[string]bool{}
			for _, d := range diffs {
				seen[d.Key()] = true
				if !allowed[d.Key()] {
					t.Errorf("%s %s: %s", d.Wire, d.Place, d.Detail)
				}
			}
			for _, a := range tt.adaptations {
				if !seen[a] {
					t.Errorf("adaptation %q is listed but there is no such difference", a)
				}
			}
		})
	}
}

var krakenAdaptations = []string{
	"subscriptionStatus /pair", "subscriptionStatus /pair/[]", "subscriptionStatus /status",
	"subscriptionStatus /subscription/depth", "subscriptionStatus /subscription/interval",
	"subscriptionStatus /subscription/name",
}

var slackAdaptations = []string{
	"bot_changed ", "member_left_channel direction",
}

// tempModule is a throwaway Go module that requires this repository through a replace
// directive, so generated code is compiled and tested as a consumer would.
type tempModule struct {
	t   *testing.T
	dir string
}

func newTempModule(t *testing.T) *tempModule {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	m := &tempModule{t: t, dir: t.TempDir()}
	m.write("go.mod", []byte("module example.com/asyncapi\n\ngo 1.25.0\n\nrequire github.com/wsgen/wsgen v0.0.0\n\nreplace github.com/wsgen/wsgen => "+root+"\n"))
	if sum, err := os.ReadFile(filepath.Join(root, "go.sum")); err == nil {
		m.write("go.sum", sum)
	}
	return m
}

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

func (m *tempModule) writePackage(pkg string, files map[string][]byte) {
	for name, data := range files {
		m.write(filepath.Join(pkg, name), data)
	}
}

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
