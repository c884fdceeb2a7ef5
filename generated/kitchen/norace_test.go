//go:build !race

package kitchen

const raceEnabled = false
