package main

import (
	"fmt"
	"io"

	"github.com/wsgen/wsgen/gen"
	"github.com/wsgen/wsgen/schema"
)

const checkUsage = `Usage: wsgen check -schema FILE
       wsgen check -asyncapi FILE [-strict]

Check that a protocol description is valid and that wsgen can generate a faithful codec
for it. Prints "ok" and exits 0, or prints one "file:pointer: reason" line per problem
and exits 1. With -asyncapi the AsyncAPI document is read as "wsgen convert" reads it;
its warnings go to standard error as "file:#/pointer: warning: reason" lines (errors
with -strict).
`

// runCheck implements "wsgen check".
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", checkUsage, stderr)
	schemaPath := fs.String("schema", "", "protocol description (JSON Schema) to check")
	asyncPath := fs.String("asyncapi", "", "AsyncAPI 2.x or 3.0/3.1 document (YAML or JSON) to check instead of -schema")
	strict := fs.Bool("strict", false, "with -asyncapi: treat warnings as errors")
	if code, ok := parseFlags(fs, args, stdout); !ok {
		return code
	}
	if (*schemaPath == "") == (*asyncPath == "") || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "wsgen check: one of -schema and -asyncapi is required, and no other arguments")
		fs.Usage()
		return 2
	}
	var p *schema.Protocol
	if *asyncPath != "" {
		res, code := loadAsyncAPI(*asyncPath, *strict, stderr, stdout)
		if res == nil {
			return code
		}
		p = res.Protocol
	} else {
		var err error
		if p, err = schema.Load(*schemaPath); err != nil {
			printSchemaErr(stdout, err)
			return 1
		}
	}
	if _, err := gen.Generate(p, nil); err != nil {
		fmt.Fprintln(stdout, err)
		return 1
	}
	fmt.Fprintln(stdout, "ok")
	return 0
}
