// Command wsgen turns a WebSocket protocol description (a JSON Schema file) into typed Go
// code, checks such descriptions, and serves scripted test scenarios.
//
// Usage:
//
//	wsgen generate -schema FILE -out DIR [-package NAME]
//	wsgen check -schema FILE
//	wsgen serve -schema FILE -scenario FILE [-addr 127.0.0.1:8080]
//	wsgen version
package main

import (
	"fmt"
	"io"
	"os"
)

// version is the wsgen release; it is written into no generated file, so output stays
// reproducible across releases that do not change it.
const version = "v0.1.0-dev"

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

const usage = `wsgen turns a WebSocket protocol description (JSON Schema) into typed Go code.

Usage:
  wsgen generate -schema FILE -out DIR [-package NAME]
  wsgen check -schema FILE
  wsgen serve -schema FILE -scenario FILE [-addr 127.0.0.1:8080]
  wsgen version

Run "wsgen COMMAND -h" for a command's flags.
`

// run executes one wsgen command and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "generate":
		return runGenerate(args[1:], stdout, stderr)
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "serve":
		return runServe(args[1:], stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "wsgen", version)
		return 0
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "wsgen: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}
