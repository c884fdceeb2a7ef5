package asyncapitest

import (
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A Difference is one place where two wsgen protocol descriptions disagree about a
// message: Wire is the message's wire name, Place "" for the message itself
// (present, direction), else the place of a facet ("/pair", "/subscription/depth").
type Difference struct {
	Wire, Place, Detail string
}

// Key is "wire place", the form adaptation lists use.
func (d Difference) Key() string { return d.Wire + " " + d.Place }

// CompareProtocols compares two wsgen protocol descriptions message by message (by wire
// name): presence, direction, and the facets of every place (members, JSON types,
// enums, required members, constraints). wantPath is a file (the hand-written protocol);
// got is a description in memory (one wsgen convert made). It fails the test when
// either cannot be read; the differences are returned sorted.
func CompareProtocols(tb testing.TB, wantPath string, got []byte) []Difference {
	tb.Helper()
	data, err := os.ReadFile(wantPath)
	if err != nil {
		tb.Fatal(err)
	}
	wd, wms := parseWsgen(tb, data)
	gd, gms := parseWsgen(tb, got)
	var out []Difference
	if wd != gd {
		out = append(out, Difference{Place: "discriminator", Detail: fmt.Sprintf("%q, want %q", gd, wd)})
	}
	byWire := map[string]wsgenMessage{}
	for _, m := range gms {
		byWire[m.Wire] = m
	}
	for _, w := range wms {
		g, ok := byWire[w.Wire]
		delete(byWire, w.Wire)
		if !ok {
			out = append(out, Difference{Wire: w.Wire, Detail: "missing (message " + w.Name + ")"})
			continue
		}
		if g.Direction != w.Direction {
			out = append(out, Difference{Wire: w.Wire, Place: "direction", Detail: fmt.Sprintf("%q, want %q", g.Direction, w.Direction)})
		}
		places := map[string]bool{}
		for p := range w.Facets {
			places[p] = true
		}
		for p := range g.Facets {
			places[p] = true
		}
		for p := range places {
			if diff := cmp.Diff(w.Facets[p], g.Facets[p]); diff != "" {
				out = append(out, Difference{Wire: w.Wire, Place: p, Detail: "(-want +got):\n" + diff})
			}
		}
	}
	for _, g := range byWire {
		out = append(out, Difference{Wire: g.Wire, Detail: "extra (message " + g.Name + ")"})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	return out
}
