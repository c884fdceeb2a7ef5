package main

import (
	"fmt"
	"io"
)

// runGenerate is a placeholder until the generate command lands.
func runGenerate(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "wsgen generate: not implemented yet")
	return 1
}
