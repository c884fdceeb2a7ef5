// Command wsgen turns a WebSocket protocol description (a JSON Schema file) into typed Go
// code, checks such descriptions, and serves scripted test scenarios.
//
// Usage:
//
//	wsgen generate -schema FILE -out DIR [-package NAME]
//	wsgen check -schema FILE
//	wsgen check -asyncapi FILE [-strict]
//	wsgen convert -asyncapi FILE [-o OUT] [-strict]
//	wsgen serve -schema FILE -scenario FILE [-addr 127.0.0.1:8080]
//	wsgen help [COMMAND]
//	wsgen version   (also -version, --version)
//
// "wsgen COMMAND -h" and "wsgen help COMMAND" print a command's usage and flags to
// stdout and exit 0; a bad flag or argument prints the problem to stderr and exits 2; a
// refused input exits 1.
//
// The version is read from the binary's build information: the module version when
// wsgen was installed or run as a tool from a published version, "(devel)" (or Go's
// pseudo-version) when built from a checkout, followed by the VCS revision and whether
// the tree had local changes, when Go recorded them.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

const usage = `wsgen turns a WebSocket protocol description (JSON Schema) into typed Go code.

Usage:
  wsgen generate -schema FILE -out DIR [-package NAME]
  wsgen check -schema FILE
  wsgen check -asyncapi FILE [-strict]
  wsgen convert -asyncapi FILE [-o OUT] [-strict]
  wsgen serve -schema FILE -scenario FILE [-addr 127.0.0.1:8080]
  wsgen help [COMMAND]
  wsgen version

Run "wsgen help COMMAND" (or "wsgen COMMAND -h") for a command's flags.
`

// commands maps each command to its implementation.
var commands = map[string]func(args []string, stdout, stderr io.Writer) int{
	"generate": runGenerate,
	"check":    runCheck,
	"convert":  runConvert,
	"serve":    runServe,
}

// run executes one wsgen command and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	if cmd, ok := commands[args[0]]; ok {
		return cmd(args[1:], stdout, stderr)
	}
	switch args[0] {
	case "version", "-version", "--version":
		if len(args) > 1 {
			fmt.Fprintln(stderr, "wsgen version: no arguments")
			return 2
		}
		bi, ok := debug.ReadBuildInfo()
		fmt.Fprintln(stdout, versionString(bi, ok))
		return 0
	case "help", "-h", "-help", "--help":
		if len(args) == 1 {
			fmt.Fprint(stdout, usage)
			return 0
		}
		if cmd, ok := commands[args[1]]; ok && len(args) == 2 {
			return cmd([]string{"-h"}, stdout, stderr)
		}
		if args[1] == "version" || args[1] == "help" {
			fmt.Fprint(stdout, usage)
			return 0
		}
		fmt.Fprintf(stderr, "wsgen help: unknown command %q\n\n%s", strings.Join(args[1:], " "), usage)
		return 2
	default:
		fmt.Fprintf(stderr, "wsgen: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}

// versionString is the line "wsgen version" prints: "wsgen VERSION", then, when the
// build recorded them, the VCS revision (with "+modified" for a dirty tree) and its
// time, a replacement of the module, and the Go version.
func versionString(bi *debug.BuildInfo, ok bool) string {
	if !ok || bi == nil {
		return "wsgen (unknown version: the binary has no build information)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	parts := []string{"wsgen", v}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if settings["vcs.modified"] == "true" {
			rev += "+modified"
		}
		parts = append(parts, settings["vcs"]+" "+rev)
		if t := settings["vcs.time"]; t != "" {
			parts[len(parts)-1] += " " + t
		}
	}
	if r := bi.Main.Replace; r != nil {
		parts = append(parts, "=> "+strings.TrimSpace(r.Path+" "+r.Version))
	}
	if bi.GoVersion != "" {
		parts = append(parts, bi.GoVersion)
	}
	return strings.Join(parts, " ")
}
