//go:build !race

package wireimpl_test

const raceEnabled = false
