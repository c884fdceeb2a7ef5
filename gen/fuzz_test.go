package gen_test

import (
	"flag"
	"fmt"
	"go/format"
	"sync"
	"testing"

	"github.com/wsgen/wsgen/gen"
	"github.com/wsgen/wsgen/schema"
)

// maxVetted bounds how many of FuzzGenerate's inputs are vetted (one go vet run).
const maxVetted = 32

// FuzzGenerate checks that every description the schema package accepts generates
// without error and that every file is gofmt-clean Go. Run as a test (seeds and
// testdata/fuzz corpus, not -fuzz), it also runs go vet once over the packages generated
// from the first maxVetted accepted inputs, each with the typed client forced so that
// client-only protocols get one too.
func FuzzGenerate(f *testing.F) {
	seeds := []string{"../testdata/chat/protocol.json", "../testdata/kitchen/protocol.json", "testdata/minimal/protocol.json", "testdata/roles/protocol.json", "../testdata/values/protocol.json", "../testdata/keywords/protocol.json", "../testdata/nestedroles/protocol.json", "../testdata/arrays/protocol.json"}
	for _, p := range seeds {
		f.Add(readFile(f, p))
	}
	for _, p := range seeds[2:] {
		for _, dir := range []string{"client", "server"} {
			f.Add(withDirection(f, readFile(f, p), dir))
		}
	}
	var (
		mu     sync.Mutex
		vetted = map[string]map[string][]byte{}
	)
	fuzzing := flag.Lookup("test.fuzz").Value.String() != ""
	if !fuzzing && !testing.Short() {
		f.Cleanup(func() {
			if !f.Failed() && len(vetted) > 0 {
				vetPackages(f, vetted)
			}
		})
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := schema.Parse("f/protocol.json", data)
		if err != nil {
			return
		}
		files, err := gen.Generate(p, &gen.Options{Client: gen.ClientAlways})
		if err != nil {
			t.Fatalf("Generate of an accepted description: %v\n%s", err, data)
		}
		for name, src := range files {
			if out, err := format.Source(src); err != nil || string(out) != string(src) {
				t.Fatalf("%s is not gofmt-clean Go (%v)", name, err)
			}
		}
		if fuzzing {
			return
		}
		mu.Lock()
		if len(vetted) < maxVetted {
			vetted[fmt.Sprintf("f%02d", len(vetted))] = files
		}
		mu.Unlock()
	})
}
