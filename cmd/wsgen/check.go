package main

import (
	"fmt"
	"io"

	"github.com/wsgen/wsgen/gen"
	"github.com/wsgen/wsgen/schema"
)

const checkUsage = `Usage: wsgen check -schema FILE

Check that a protocol description is valid and that wsgen can generate a faithful codec
for it. Prints "ok" and exits 0, or prints one "file:pointer: reason" line per problem
and exits 1.
`

// runCheck implements "wsgen check".
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", checkUsage, stderr)
	schemaPath := fs.String("schema", "", "protocol description (JSON Schema) to check")
	if code, ok := parseFlags(fs, args, stdout); !ok {
		return code
	}
	if *schemaPath == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "wsgen check: -schema is required, and no other arguments")
		fs.Usage()
		return 2
	}
	p, err := schema.Load(*schemaPath)
	if err != nil {
		printSchemaErr(stdout, err)
		return 1
	}
	if _, err := gen.Generate(p, nil); err != nil {
		fmt.Fprintln(stdout, err)
		return 1
	}
	fmt.Fprintln(stdout, "ok")
	return 0
}
