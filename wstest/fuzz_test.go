package wstest

import (
	"os"
	"testing"
)

// FuzzParseScenario: any input is parsed or refused with a *ScenarioError; never a
// panic, and an accepted scenario yields a script for every connection.
func FuzzParseScenario(f *testing.F) {
	if data, err := os.ReadFile("../testdata/scenarios/chat.json"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"connections":[{"steps":[{"events":{"s":"{{seq}}"},"from":1,"to":3},{"expect":{},"reply":{"a":1},"copy":["a"]}]}]}`))
	f.Add([]byte(`{"connections":[{"steps":[{"fragments":"abc","sizes":[1,1]},{"close":1000,"reason":"x"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := ParseScenario(data)
		if err != nil {
			if _, ok := err.(*ScenarioError); !ok {
				t.Fatalf("error %T %v, want *ScenarioError", err, err)
			}
			return
		}
		for i := range sc.Connections {
			if len(sc.Script(i)) != len(sc.Connections[i].Steps) {
				t.Fatalf("script %d has %d steps, want %d", i, len(sc.Script(i)), len(sc.Connections[i].Steps))
			}
		}
		for _, m := range sc.Messages() {
			matchPattern(m.Data)(m.Data)
			copyMembers(m.Data, m.Data, []string{"a", "type"})
		}
	})
}
