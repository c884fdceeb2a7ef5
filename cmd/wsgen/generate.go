package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/wsgen/wsgen/gen"
	"github.com/wsgen/wsgen/schema"
)

const generateUsage = `Usage: wsgen generate -schema FILE -out DIR [-package NAME]

Generate the Go codec and dispatcher of a protocol description into DIR. Only files
whose bytes change are written; nothing is written when the description is refused.
`

// runGenerate implements "wsgen generate".
func runGenerate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), generateUsage+"\nFlags:\n")
		fs.PrintDefaults()
	}
	schemaPath := fs.String("schema", "", "protocol description (JSON Schema) to generate from")
	out := fs.String("out", "", "directory of the generated package (created if needed)")
	pkg := fs.String("package", "", "Go package name (default: the description's x-wsgen package)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.Usage()
			return 0
		}
		return 2
	}
	if *schemaPath == "" || *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "wsgen generate: -schema and -out are required, and no other arguments")
		fs.Usage()
		return 2
	}
	p, err := schema.Load(*schemaPath)
	if err != nil {
		printSchemaErr(stderr, err)
		return 1
	}
	if *pkg != "" && !token.IsIdentifier(*pkg) {
		fmt.Fprintf(stderr, "wsgen generate: -package %q is not a Go package name\n", *pkg)
		return 1
	}
	files, err := gen.Generate(p, &gen.Options{Package: *pkg})
	if err != nil {
		fmt.Fprintln(stderr, "wsgen generate:", err)
		return 1
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(stderr, "wsgen generate:", err)
		return 1
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		path := filepath.Join(*out, n)
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, files[n]) {
			continue
		}
		if err := writeFileAtomic(path, files[n]); err != nil {
			fmt.Fprintln(stderr, "wsgen generate:", err)
			return 1
		}
		fmt.Fprintln(stdout, "wrote", path)
	}
	return 0
}

// writeFileAtomic writes data to a temporary file in path's directory and renames it.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".wsgen-*")
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), path)
}

// printSchemaErr prints a refusal: one "file:pointer: reason" line per problem.
func printSchemaErr(w io.Writer, err error) {
	var es schema.Errors
	if errors.As(err, &es) {
		for _, e := range es {
			fmt.Fprintln(w, e.Error())
		}
		return
	}
	fmt.Fprintln(w, err)
}
