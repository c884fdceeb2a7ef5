package gen_test

import (
	"go/format"
	"os"
	"path/filepath"
	"testing"

	"github.com/wsgen/wsgen/gen"
	"github.com/wsgen/wsgen/schema"
)

// FuzzGenerate checks that every description the schema package accepts generates
// without error and that every file is gofmt-clean Go.
func FuzzGenerate(f *testing.F) {
	for _, p := range []string{"../testdata/chat/protocol.json", "../testdata/kitchen/protocol.json", "testdata/minimal/protocol.json", "testdata/roles/protocol.json", "../testdata/values/protocol.json"} {
		data, err := os.ReadFile(filepath.FromSlash(p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := schema.Parse("f/protocol.json", data)
		if err != nil {
			return
		}
		files, err := gen.Generate(p, nil)
		if err != nil {
			t.Fatalf("Generate of an accepted description: %v\n%s", err, data)
		}
		for name, src := range files {
			if out, err := format.Source(src); err != nil || string(out) != string(src) {
				t.Fatalf("%s is not gofmt-clean Go (%v)", name, err)
			}
		}
	})
}
