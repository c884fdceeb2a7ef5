package gemini_test

// The AsyncAPI cross-check and example extraction live in internal/asyncapitest, shared
// with the other generated packages checked against an AsyncAPI document; these short
// names are the ones this package's tests use.

import (
	"testing"

	"github.com/wsgen/wsgen/internal/asyncapitest"
)

type adaptations = asyncapitest.Adaptations

// asyncDoc is an AsyncAPI document of ../shared/protocols/asyncapi-spec.
type asyncDoc struct{ *asyncapitest.Doc }

// loadAsyncAPI reads file, or skips the test when the AsyncAPI sources are absent.
func loadAsyncAPI(tb testing.TB, file string) asyncDoc {
	tb.Helper()
	return asyncDoc{asyncapitest.Load(tb, file)}
}

func (d asyncDoc) examples() ([]asyncapitest.Example, error) { return d.Examples() }

func checkAsyncAPI(t *testing.T, d asyncDoc, protocolPath string, adapt adaptations) int {
	t.Helper()
	return asyncapitest.Check(t, d.Doc, protocolPath, adapt)
}

func asyncAPIPresent(tb testing.TB) bool { return asyncapitest.Present(tb) }

func sameJSON(a, b []byte) bool { return asyncapitest.SameJSON(a, b) }
