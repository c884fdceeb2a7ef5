package gen

import (
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
)

// An automaton of up to maxCodeStates live states is written as code rather than as
// tables: one labelled block per state that first skips the bytes keeping it in its
// state (a range compare, no table load), then takes one more byte and jumps to the
// block of the next state. A byte that leaves every state from which a match can still
// be reached ends the match at once, and reaching the sink (a match whatever follows)
// accepts at once. On short strings with digit runs (a decimal price) this is 1.6x
// faster than the table loop, which waits on a load per step; larger automata keep the
// tables so that the generated code stays small.
const (
	maxCodeStates = 32
	maxCodeEdges  = 96
	maxCodeRanges = 3 // a byte set of more ranges is tested through the class table
	maxScanRanges = 6 // the scanner has no class table: compares only
)

// A byteSet is a set of byte values.
type byteSet [4]uint64

func (s *byteSet) add(b int)      { s[b>>6] |= 1 << (b & 63) }
func (s *byteSet) has(b int) bool { return s[b>>6]>>(b&63)&1 != 0 }
func (s *byteSet) empty() bool    { return s[0]|s[1]|s[2]|s[3] == 0 }

// ranges returns the set as maximal runs [lo, hi].
func (s *byteSet) ranges() [][2]int {
	var out [][2]int
	for b := 0; b < 256; b++ {
		if !s.has(b) {
			continue
		}
		lo := b
		for b+1 < 256 && s.has(b+1) {
			b++
		}
		out = append(out, [2]int{lo, b})
	}
	return out
}

// A codeBlock is the code of one state: skip the bytes of stay, then at the end of the
// text accept or not, else take one byte and follow the first edge whose set holds it,
// refusing when none does.
type codeBlock struct {
	st     int
	stay   byteSet
	accept bool
	edges  []codeEdge
}

// A codeEdge leads to the block of state to, or accepts at once when to is -1.
type codeEdge struct {
	set byteSet
	to  int
}

// code returns the automaton as blocks in breadth-first order from the start, and the
// states some edge jumps to; false when it is too large to be written as code.
func (d *dfaPattern) code() (blocks []codeBlock, targets map[int]bool, ok bool) {
	live := d.live()
	if !live[0] {
		return nil, nil, false // no text matches: the table matcher says so as well
	}
	order := []int{0}
	index := map[int]int{0: 0}
	targets = map[int]bool{}
	edges := 0
	for k := 0; k < len(order); k++ {
		st := order[k]
		b := codeBlock{st: st, accept: d.accept[st]}
		byTarget := map[int]int{} // target -> index in b.edges
		for c := range 256 {
			next := int(d.next[st*d.ncls+int(d.class[c])])
			switch {
			case !live[next]:
				continue
			case next == st && st != d.sink:
				b.stay.add(c)
				continue
			case next == d.sink:
				next = -1
			}
			i, seen := byTarget[next]
			if !seen {
				i = len(b.edges)
				byTarget[next] = i
				b.edges = append(b.edges, codeEdge{to: next})
			}
			b.edges[i].set.add(c)
			if next < 0 {
				continue
			}
			targets[next] = true
			if _, queued := index[next]; !queued {
				index[next] = len(order)
				order = append(order, next)
			}
		}
		edges += len(b.edges)
		blocks = append(blocks, b)
		if len(order) > maxCodeStates || edges > maxCodeEdges {
			return nil, nil, false
		}
	}
	if d.ncls > 64 {
		// The class-mask test of a set of many ranges needs a class to be a bit of a
		// uint64.
		for _, b := range blocks {
			if len(b.stay.ranges()) > maxCodeRanges {
				return nil, nil, false
			}
			for _, e := range b.edges {
				if len(e.set.ranges()) > maxCodeRanges {
					return nil, nil, false
				}
			}
		}
	}
	return blocks, targets, true
}

// classMask returns the mask of the byte classes set is made of (set is a union of
// whole classes: the automaton treats every byte of a class alike).
func (d *dfaPattern) classMask(set byteSet) uint64 {
	var m uint64
	for b := range 256 {
		if set.has(b) {
			m |= 1 << d.class[b]
		}
	}
	return m
}

// emitBlocks writes the body of the automaton's blocks (d.code()): a matcher name(s) bool
// when scan is false, a scanner name(s []byte) int (scannable) when it is true. test
// writes the test that the byte v is in a set.
//
// A matcher's block accepts at the end of the text when its state does, jumps on the next
// byte, accepts at once on an edge to the sink, and refuses on any other byte; a block
// with no edge only checks that the text ended. A scanner's block returns -1 at the end
// of the input and, in an accepting state, the length read when the next byte is the
// closing quote.
func emitBlocks(gr *jen.Group, blocks []codeBlock, targets map[int]bool, scan bool, test func(v *jen.Statement, set byteSet) *jen.Statement) {
	si := func() *jen.Statement { return jen.Id("s").Index(jen.Id("i")) }
	no := jen.False()
	if scan {
		no = jen.Lit(-1)
	}
	var body []jen.Code
	readsByte := false
	for _, b := range blocks {
		var code []jen.Code
		if !b.stay.empty() {
			code = append(code, skipLoop(test(si(), b.stay), b.stay))
		}
		switch {
		case len(b.edges) == 0 && !scan:
			// Only the bytes of stay keep a match in reach.
			if b.accept {
				code = append(code, jen.Return(jen.Id("i").Op("==").Len(jen.Id("s"))))
			} else {
				code = append(code, jen.Return(jen.False()))
			}
		default:
			readsByte = true
			atEnd := jen.Lit(b.accept)
			if scan {
				atEnd = jen.Lit(-1)
			}
			code = append(code,
				jen.If(jen.Id("i").Op("==").Len(jen.Id("s"))).Block(jen.Return(atEnd)),
				jen.Id("c").Op("=").Add(si()),
				jen.Id("i").Op("++"),
			)
			for _, e := range b.edges {
				if e.to < 0 {
					code = append(code, jen.If(test(jen.Id("c"), e.set)).Block(jen.Return(jen.True())))
				} else {
					code = append(code, jen.If(test(jen.Id("c"), e.set)).Block(jen.Goto().Id(blockLabel(e.to))))
				}
			}
			if scan && b.accept {
				code = append(code, jen.If(jen.Id("c").Op("==").Add(byteLit('"'))).Block(jen.Return(jen.Id("i").Op("-").Lit(1))))
			}
			code = append(code, jen.Return(no.Clone()))
		}
		if targets[b.st] {
			code[0] = jen.Id(blockLabel(b.st)).Op(":").Line().Add(code[0])
		}
		body = append(body, code...)
	}
	gr.Id("i").Op(":=").Lit(0)
	if readsByte {
		gr.Var().Id("c").Byte()
	}
	for _, c := range body {
		gr.Add(c)
	}
}

// blockLabel is the label of the block of state st.
func blockLabel(st int) string { return "s" + strconv.Itoa(st) }

// emitDFACode writes the body of name(s) bool for d, written as blocks (d.code()), and
// reports whether it needs name+"Class", the byte-class table, for a set of more than
// maxCodeRanges ranges.
func emitDFACode(gr *jen.Group, name string, d *dfaPattern, blocks []codeBlock, targets map[int]bool) (usesClass bool) {
	emitBlocks(gr, blocks, targets, false, func(v *jen.Statement, set byteSet) *jen.Statement {
		if len(set.ranges()) > maxCodeRanges {
			usesClass = true
			return jen.Add(hexLit(d.classMask(set))).Op(">>").Parens(jen.Id(name + "Class").Index(v).Op("&").Lit(63)).Op("&").Lit(1).Op("!=").Lit(0)
		}
		return rangeTest(v, set)
	})
	return usesClass
}

// runBlocks is the reference of the code emitBlocks writes, for tests, the same steps: for
// a matcher (scan false) 1 when s matches and 0 when not; for a scanner the length of the
// string s starts with when it matches and a quote closes it, else -1.
func runBlocks(blocks []codeBlock, s []byte, scan bool) int {
	no := 0
	if scan {
		no = -1
	}
	at := map[int]int{}
	for i, b := range blocks {
		at[b.st] = i
	}
	b, i := &blocks[0], 0
	for {
		for i < len(s) && b.stay.has(int(s[i])) {
			i++
		}
		if i == len(s) {
			if !scan && b.accept {
				return 1
			}
			return no
		}
		c := int(s[i])
		i++
		next := -2
		for _, e := range b.edges {
			if e.set.has(c) {
				next = e.to
				break
			}
		}
		switch {
		case next == -1:
			return 1
		case next == -2 && scan && b.accept && c == '"':
			return i - 1
		case next == -2:
			return no
		}
		b = &blocks[at[next]]
	}
}

// byteLit renders a byte value as a character literal when it is printable ASCII.
func byteLit(b int) *jen.Statement {
	if b >= 0x20 && b < 0x7f {
		return jen.LitRune(rune(b))
	}
	return jen.Lit(b)
}

// scannable reports whether a decoder may match the strings of pattern pat in the input
// itself (emitDFAScan) instead of reading the string and then matching it: every string
// the pattern matches is plain (plainOnly: printable ASCII that JSON holds as it is, so
// the input's bytes are the string's) and its automaton is small enough to be code, with
// no edge that accepts whatever follows.
func scannable(pat string) bool {
	if !plainOnly(pat) {
		return false
	}
	d, ok := compileDFA(pat)
	if !ok {
		return false
	}
	blocks, _, ok := d.code()
	if !ok {
		return false
	}
	plain := func(set byteSet) bool {
		for b := range 256 {
			if set.has(b) && (b < 0x20 || b > 0x7e || b == '"' || b == '\\') {
				return false
			}
		}
		return true
	}
	for _, b := range blocks {
		if !plain(b.stay) || len(b.stay.ranges()) > maxScanRanges {
			return false
		}
		for _, e := range b.edges {
			if e.to < 0 || !plain(e.set) || len(e.set.ranges()) > maxScanRanges {
				return false
			}
		}
	}
	return true
}

// emitDFAScan writes name(s []byte) int, which matches the automaton d of pattern pat
// (scannable) against the input after a string's opening quote: the length of the string
// when its contents match and a quote follows them, else -1 (an escape, a byte the
// pattern refuses, the end of the input), where the decoder reads the string the usual
// way and reports why it is refused.
func emitDFAScan(f *jen.File, name, pat string, d *dfaPattern) {
	blocks, targets, _ := d.code()
	f.Line()
	f.Comment(name + " returns the length of the JSON string whose contents s starts with when")
	f.Comment("they match " + strconv.Quote(pat) + " and a quote closes them, else -1 (s is the")
	f.Comment("input after the opening quote; every string the pattern matches is plain ASCII).")
	f.Func().Id(name).Params(jen.Id("s").Index().Byte()).Int().BlockFunc(func(gr *jen.Group) {
		emitBlocks(gr, blocks, targets, true, rangeTest)
	})
}

// scanName is the name of the scanner of the pattern whose matcher is named match.
func scanName(match string) string { return strings.Replace(match, "matchPattern", "scanPattern", 1) }

// rangeTest is the test that v (a byte) is in set, as compares of its ranges.
func rangeTest(v *jen.Statement, set byteSet) *jen.Statement {
	var cond *jen.Statement
	for _, r := range set.ranges() {
		var t *jen.Statement
		switch lo, hi := r[0], r[1]; {
		case lo == hi:
			t = v.Clone().Op("==").Add(byteLit(lo))
		case lo == 0:
			t = v.Clone().Op("<=").Add(byteLit(hi))
		case hi == 255:
			t = v.Clone().Op(">=").Add(byteLit(lo))
		default:
			t = v.Clone().Op("-").Add(byteLit(lo)).Op("<=").Lit(hi - lo)
		}
		if cond == nil {
			cond = t
		} else {
			cond = cond.Op("||").Add(t)
		}
	}
	return cond
}

// skipLoop is the loop that moves i past the bytes of s in stay, t being the test of
// s[i] for them.
func skipLoop(t *jen.Statement, stay byteSet) jen.Code {
	if len(stay.ranges()) > 1 {
		t = jen.Parens(t) // an || chain under &&
	}
	return jen.For(jen.Id("i").Op("<").Len(jen.Id("s")).Op("&&").Add(t)).Block(jen.Id("i").Op("++"))
}
