package main

import (
	"fmt"
	"io"
	"os"

	"github.com/wsgen/wsgen/asyncapi"
)

const convertUsage = `Usage: wsgen convert -asyncapi FILE [-o OUT] [-strict]

Translate an AsyncAPI 2.x or 3.0/3.1 document (YAML or JSON) into the equivalent wsgen
protocol description (JSON Schema 2020-12 with x-wsgen keys), so that its owner can keep
editing JSON Schema. The description goes to OUT (default: standard output). Every
inference and loosening is a "file:#/pointer: warning: reason" line on standard error;
with -strict a warning is an error. Exits 1 when the document is refused.
`

// runConvert implements "wsgen convert".
func runConvert(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("convert", convertUsage, stderr)
	path := fs.String("asyncapi", "", "AsyncAPI document (YAML or JSON) to convert")
	out := fs.String("o", "", "file to write the protocol description to (default: standard output)")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	if code, ok := parseFlags(fs, args, stdout); !ok {
		return code
	}
	if *path == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "wsgen convert: -asyncapi is required, and no other arguments")
		fs.Usage()
		return 2
	}
	res, code := loadAsyncAPI(*path, *strict, stderr, stderr)
	if res == nil {
		return code
	}
	if *out == "" {
		if _, err := stdout.Write(res.Document); err != nil {
			fmt.Fprintln(stderr, "wsgen convert:", err)
			return 1
		}
		return 0
	}
	if old, err := os.ReadFile(*out); err == nil && string(old) == string(res.Document) {
		return 0
	}
	if err := writeFileAtomic(*out, res.Document); err != nil {
		fmt.Fprintln(stderr, "wsgen convert:", err)
		return 1
	}
	return 0
}

// loadAsyncAPI reads an AsyncAPI document, printing its warnings to warnOut and its
// errors to errOut. It returns nil and the exit code when the document is refused (or
// has warnings under strict).
func loadAsyncAPI(path string, strict bool, warnOut, errOut io.Writer) (*asyncapi.Result, int) {
	res, err := asyncapi.Load(path, nil)
	if res != nil {
		for _, w := range res.Warnings {
			if strict {
				fmt.Fprintln(errOut, w.Error())
			} else {
				fmt.Fprintln(warnOut, w.String())
			}
		}
	}
	if err != nil {
		printSchemaErr(errOut, err)
		return nil, 1
	}
	if strict && len(res.Warnings) > 0 {
		return nil, 1
	}
	return res, 0
}
