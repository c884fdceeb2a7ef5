package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// newFlags returns the flag set of one command; its usage is the command's help text
// followed by the flags, and parse errors go to stderr.
func newFlags(name, help string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), help+"\nFlags:\n")
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args. When it returns false the command ends with the exit code
// it returns: 0 after -h (usage printed to stdout), 2 after a bad flag.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (code int, ok bool) {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return 0, true
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(stdout)
		fs.Usage()
		return 0, false
	default:
		return 2, false
	}
}
