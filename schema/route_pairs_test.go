package schema

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// TestCandidatePairsCoverOverlaps: on random routes (values, enums, kinds, prefix, exact
// and other patterns, absences, over several slots) every pair of routes that intersect on every slot is among the pairs
// candidatePairs checks, each pair once.
func TestCandidatePairsCoverOverlaps(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	vals := []string{`"a"`, `"b"`, `"ab"`, `"abc"`, `"b@x"`, `0`, `1`}
	pats := []string{"^a", "^ab", "^b@", "^", "^ab$", "^a$", "^abc$", "a+b", "@x$"}
	randCond := func() Cond {
		switch rng.IntN(9) {
		case 6, 7:
			p := pats[rng.IntN(len(pats))]
			return Cond{Present: true, Kinds: String, Pattern: p, PatternRE2: p}
		case 8:
			p := pats[rng.IntN(len(pats))]
			return Cond{Present: true, Absent: rng.IntN(2) == 0, Kinds: String | Int, Pattern: p, PatternRE2: p}
		case 0:
			return Cond{Absent: true}
		case 1:
			return Cond{Absent: true, Present: true, Kinds: Any}
		case 2:
			return Cond{Present: true, Kinds: String}
		case 3:
			return Cond{Present: true, Values: []string{vals[rng.IntN(len(vals))], vals[rng.IntN(len(vals))]}}
		default:
			return Cond{Present: true, Values: []string{vals[rng.IntN(len(vals))]}}
		}
	}
	for round := 0; round < 400; round++ {
		n, slots := 2+rng.IntN(60), 1+rng.IntN(3)
		routes := make([][]Cond, n)
		for i := range routes {
			for range slots {
				routes[i] = append(routes[i], randCond())
			}
		}
		checked := map[[2]int]int{}
		candidatePairs(routes, slots, func(i, j int) bool {
			if i >= j {
				t.Fatalf("check(%d, %d): want i < j", i, j)
			}
			checked[[2]int{i, j}]++
			return true
		})
		for p, k := range checked {
			if k > 1 {
				t.Fatalf("round %d: pair %v checked %d times", round, p, k)
			}
		}
		for i := range n {
			for j := i + 1; j < n; j++ {
				overlap := true
				for s := range slots {
					if _, ok := intersect(routes[i][s], routes[j][s]); !ok {
						overlap = false
					}
				}
				if overlap && checked[[2]int{i, j}] == 0 {
					t.Fatalf("round %d: routes %d %v and %d %v overlap but were not compared", round, i, routes[i], j, routes[j])
				}
			}
		}
	}
}

// TestCandidatePairsLinear: n messages told apart by one const are split in one pass,
// not compared pairwise.
func TestCandidatePairsLinear(t *testing.T) {
	const n = 5000
	routes := make([][]Cond, n)
	for i := range routes {
		routes[i] = []Cond{{Present: true, Values: []string{quoteJSON(string(rune('a'+i%26)) + string(rune(i)))}}}
	}
	routes[n-1] = []Cond{{Present: true, Kinds: String}} // one message that takes any string
	calls := 0
	candidatePairs(routes, 1, func(i, j int) bool { calls++; return true })
	if calls > 2*n {
		t.Errorf("candidatePairs checked %d pairs of %d routes; want at most %d", calls, n, 2*n)
	}
	if calls < n-1 {
		t.Errorf("candidatePairs checked %d pairs; the string route overlaps all %d others", calls, n-1)
	}
}

// TestOverlapRefusalsBounded: n copies of one route overlap n²/2 times; the refusal lists
// the first maxOverlapErrors pairs and says there are more.
func TestOverlapRefusalsBounded(t *testing.T) {
	var refs, defs []string
	for i := range 200 {
		name := "m" + strconv.Itoa(i)
		refs = append(refs, `{"$ref": "#/$defs/`+name+`"}`)
		defs = append(defs, `"`+name+`": {"type": "object", "properties": {"type": {"const": "x"}}, "required": ["type"]}`)
	}
	doc := `{"x-wsgen": {"package": "p"}, "oneOf": [` + strings.Join(refs, ",") + `], "$defs": {` + strings.Join(defs, ",") + `}}`
	_, err := Parse("p.json", []byte(doc))
	if err == nil {
		t.Fatal("Parse accepted 200 identical routes")
	}
	lines := strings.Split(err.Error(), "\n")
	overlaps := 0
	for _, l := range lines {
		if strings.Contains(l, "overlap: both match") {
			overlaps++
		}
	}
	if overlaps != maxOverlapErrors {
		t.Errorf("%d overlap refusals, want %d", overlaps, maxOverlapErrors)
	}
	if want := `p.json:#/$defs/m0: the routes of #/$defs/m0 and #/$defs/m1 overlap: both match {"type":"x"}`; !strings.HasPrefix(lines[0], want) {
		t.Errorf("first refusal %q, want the pair (m0, m1): %q", lines[0], want)
	}
	if last := lines[len(lines)-1]; !strings.Contains(last, "more routes overlap than the 100 pairs listed") {
		t.Errorf("last line %q, want the note that more routes overlap", last)
	}
}

// TestCandidatePairsPrefixes: n messages told apart by distinct prefix patterns, and n
// with string consts, are split by the sorted literals, not compared pairwise; each
// prefix is still compared with the const it starts.
func TestCandidatePairsPrefixes(t *testing.T) {
	const n = 3000
	routes := make([][]Cond, 2*n)
	for i := range n {
		p := "^m" + strconv.Itoa(i) + "@"
		routes[i] = []Cond{{Present: true, Kinds: String, Pattern: p, PatternRE2: p}}
		routes[n+i] = []Cond{{Present: true, Kinds: String, Values: []string{`"m` + strconv.Itoa(i) + `@x"`}}}
	}
	checked := map[[2]int]bool{}
	candidatePairs(routes, 1, func(i, j int) bool { checked[[2]int{i, j}] = true; return true })
	if len(checked) > 4*n {
		t.Errorf("candidatePairs checked %d pairs of %d routes; want at most %d", len(checked), 2*n, 4*n)
	}
	for i := range n {
		if !checked[[2]int{i, n + i}] {
			t.Fatalf("prefix ^m%d@ was not compared with the const \"m%d@x\"", i, i)
		}
	}
}
