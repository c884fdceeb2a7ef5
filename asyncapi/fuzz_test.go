package asyncapi_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/asyncapi"
)

// FuzzParse: any input gives a result or errors, never a panic (Parse turns one into an
// "internal error", which fails the target) and never an error without a place.
func FuzzParse(f *testing.F) {
	f.Add([]byte(doc3))
	f.Add([]byte("asyncapi: 2.6.0\nchannels: {/: {subscribe: {message: {payload: {type: object}}}}}"))
	f.Add([]byte(`{"asyncapi": "3.0.0", "channels": {"c": {"messages": {"m": {"$ref": "#/channels/c/messages/m"}}}}}`))
	// the inferred types, bare-value payloads and anchored patterns (the 2026-12-05 sweep)
	f.Add([]byte("asyncapi: 2.6.0\nchannels: {c: {publish: {message: {payload: {properties: {op: {pattern: '^a$'}, d: {items: {}}}}}}}}"))
	f.Add([]byte("asyncapi: 2.6.0\nchannels: {c: {subscribe: {message: {oneOf: [{payload: {type: ['', 1]}}, {payload: {type: [string, 'null']}}]}}}}"))
	if files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "protocols", "*", "*.y*ml")); len(files) > 0 {
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := asyncapi.Parse("fuzz.yaml", data, memFiles(nil))
		if err != nil {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("Parse: %v", err)
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.Contains(line, ":#") {
					t.Fatalf("error without a place: %q", line)
				}
			}
			return
		}
		if res.Protocol == nil || len(res.Document) == 0 {
			t.Fatal("no protocol and no error")
		}
	})
}
