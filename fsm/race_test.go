//go:build race

package fsm

func init() { raceEnabled = true }
