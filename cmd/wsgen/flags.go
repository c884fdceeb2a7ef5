package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// newFlags returns the flag set of one command; its usage is the command's help text
// followed by the flags (and by more, when given: serve adds the scenario format), and
// parse errors go to stderr.
func newFlags(name, help string, stderr io.Writer, more ...string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), help+"\nFlags:\n")
		fs.PrintDefaults()
		for _, m := range more {
			fmt.Fprint(fs.Output(), m)
		}
	}
	return fs
}

// parseFlags parses args. When it returns false the command ends with the exit code
// it returns: 0 after -h (usage printed once, to stdout), 2 after a bad flag (the
// problem and the usage printed once, to stderr).
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (code int, ok bool) {
	// flag.FlagSet.Parse prints the usage itself on -h and on errors; it is printed
	// here instead, once, on the right stream.
	usage := fs.Usage
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = usage
	switch {
	case err == nil:
		return 0, true
	case errors.Is(err, flag.ErrHelp):
		stderr := fs.Output()
		fs.SetOutput(stdout)
		fs.Usage()
		fs.SetOutput(stderr)
		return 0, false
	default:
		fs.Usage()
		return 2, false
	}
}
