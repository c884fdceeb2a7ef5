package gen_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wsgen/wsgen/gen"
	"github.com/wsgen/wsgen/schema"
)

func TestClientMode(t *testing.T) {
	const sendOnly = `{"oneOf": [{"$ref": "#/$defs/a"}], "x-wsgen": {"package": "p"}, "$defs": {"a": {"type": "object", "x-wsgen": {"direction": "client"}, "properties": {"type": {"const": "a"}}, "required": ["type"]}}}`
	chat, err := os.ReadFile("../testdata/chat/protocol.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name     string
		protocol []byte
		mode     gen.ClientMode
		want     bool
	}{
		{"chat auto", chat, gen.ClientAuto, true},
		{"chat omit", chat, gen.ClientOmit, false},
		{"chat always", chat, gen.ClientAlways, true},
		{"send-only auto", []byte(sendOnly), gen.ClientAuto, false},
		{"send-only always", []byte(sendOnly), gen.ClientAlways, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := schema.Parse("p.json", tt.protocol)
			if err != nil {
				t.Fatal(err)
			}
			files, err := gen.Generate(p, &gen.Options{Client: tt.mode})
			if err != nil {
				t.Fatal(err)
			}
			if _, got := files["wsgen_client.go"]; got != tt.want {
				t.Errorf("Generate(Client: %d) has wsgen_client.go = %v, want %v", tt.mode, got, tt.want)
			}
			if len(files) != len(gen.Files)-1 && !tt.want || len(files) != len(gen.Files) && tt.want {
				t.Errorf("Generate gave %d files, gen.Files lists %d", len(files), len(gen.Files))
			}
			for name, src := range files {
				if bytes.Contains(src, []byte(gen.ConnPath)) != (name == "wsgen_client.go") {
					t.Errorf("%s imports conn = %v", name, !tt.want)
				}
			}
		})
	}
}

// senders parses a generated client file and returns each sender method as
// "Name(*Param) Results".
func senders(t *testing.T, src []byte) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "wsgen_client.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	str := func(n ast.Node) string {
		var b bytes.Buffer
		printer.Fprint(&b, token.NewFileSet(), n)
		return b.String()
	}
	var out []string
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Type.Params.List) != 2 {
			continue
		}
		if s := str(fd.Type.Params.List[0].Type); s != "context.Context" || fd.Name.Name == "Wait" {
			continue
		}
		var results []string
		for _, r := range fd.Type.Results.List {
			results = append(results, str(r.Type))
		}
		res := strings.Join(results, ", ")
		if len(results) > 1 {
			res = "(" + res + ")"
		}
		out = append(out, fd.Name.Name+"("+str(fd.Type.Params.List[1].Type)+") "+res)
	}
	return out
}

func TestClientSenders(t *testing.T) {
	for _, tt := range []struct {
		path string
		want []string
	}{
		{"../testdata/chat/protocol.json", []string{
			"SendChat(*SendChat) (*Ack, error)",
			"SnapshotRequest(*SnapshotRequest) (*Snapshot, error)",
			"Typing(*Typing) error",
		}},
		// Client methods and other senders keep their names: "close" becomes
		// SendSendClose, "state" SendState; a message with two replies returns Message.
		{"testdata/client/protocol.json", []string{
			"SendSendClose(*Close) (Message, error)",
			"SendClose(*SendClose) error",
			"SendState(*State) error",
		}},
	} {
		p, err := schema.Load(tt.path)
		if err != nil {
			t.Fatal(err)
		}
		files, err := gen.Generate(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, senders(t, files["wsgen_client.go"])); diff != "" {
			t.Errorf("%s: senders (-want +got):\n%s", tt.path, diff)
		}
	}
}

// clientDriver uses the generated client of testdata/client: it must compile and vet.
const clientDriver = `package main

import (
	"context"
	"fmt"

	"clientcheck/jobs"
)

type handler struct{ jobs.UnimplementedHandler }

func main() {
	c, err := jobs.NewClient("ws://127.0.0.1:1/", handler{}, nil)
	if err != nil {
		panic(err)
	}
	defer c.Close(context.Background())
	reply, err := c.SendSendClose(context.Background(), &jobs.Close{Job: "j1"})
	switch r := reply.(type) {
	case *jobs.Ok:
		fmt.Println("ok", r.Ref)
	case *jobs.Fail:
		fmt.Println("fail", r.Ref)
	}
	var ure *jobs.UnexpectedReplyError
	_ = ure
	fmt.Println(err, len(jobs.Protocol().CloseRules), jobs.Protocol().ReplyTypes)
}
`

// TestClientCompiles builds the client of testdata/client (name collisions, two replies)
// in a temporary module, as the generated/ packages compile chat's and the others'.
func TestClientCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module with the go command")
	}
	p, err := schema.Load("testdata/client/protocol.json")
	if err != nil {
		t.Fatal(err)
	}
	out, err := gen.Generate(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := newTempModule(t, "", "clientcheck")
	m.writePackage("jobs", out)
	m.write("main.go", []byte(clientDriver))
	m.goCmd("vet", "./...")
}

// TestClientGapPolicy: Protocol() passes the schema's gap policy and timeout to conn.
func TestClientGapPolicy(t *testing.T) {
	const proto = `{"x-wsgen": {"package": "p"%s}, "oneOf": [{"$ref": "#/$defs/ev"}], "$defs": {"ev": {"type": "object",
  "x-wsgen": {"direction": "server", "stream": "s", "sequence": "n"}, "required": ["type", "s", "n"],
  "properties": {"type": {"const": "ev"}, "s": {"type": "string"}, "n": {"type": "integer"}}}}}`
	for _, tt := range []struct {
		gap  string
		want []string // the Gap and GapTimeout fields of the Protocol literal
	}{
		{`"policy": "skip", "timeout": "250ms"`, []string{"Gap: conn.GapSkip", "GapTimeout: 250 * time.Millisecond"}},
		{`"policy": "skip", "timeout": "1m"`, []string{"Gap: conn.GapSkip", "GapTimeout: 60 * time.Second"}},
		{`"policy": "skip", "timeout": "12.5ms"`, []string{"Gap: conn.GapSkip", "GapTimeout: time.Duration(12500000)"}},
		{`"policy": "skip"`, []string{"Gap: conn.GapSkip"}},
		{`"policy": "reconnect"`, []string{"Gap: conn.GapReconnect"}},
	} {
		t.Run(tt.gap, func(t *testing.T) {
			p, err := schema.Parse("p.json", []byte(strings.Replace(proto, "%s", `, "gap": {`+tt.gap+`}`, 1)))
			if err != nil {
				t.Fatal(err)
			}
			files, err := gen.Generate(p, nil)
			if err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(token.NewFileSet(), "wsgen_client.go", files["wsgen_client.go"], 0)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			ast.Inspect(f, func(n ast.Node) bool {
				kv, ok := n.(*ast.KeyValueExpr)
				if !ok {
					return true
				}
				if id, _ := kv.Key.(*ast.Ident); id != nil && strings.HasPrefix(id.Name, "Gap") {
					var b bytes.Buffer
					printer.Fprint(&b, token.NewFileSet(), kv)
					got = append(got, b.String())
				}
				return true
			})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Protocol() gap fields (-want +got):\n%s", diff)
			}
		})
	}
}
