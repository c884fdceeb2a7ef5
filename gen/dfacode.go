package gen

import (
	"strconv"

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

// matchCode is the reference of the code emitDFACode writes, for tests: the same steps
// over the same blocks.
func (d *dfaPattern) matchCode(s string) bool {
	blocks, _, ok := d.code()
	if !ok {
		panic("matchCode: automaton too large for code")
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
			return b.accept
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
		switch next {
		case -2:
			return false
		case -1:
			return true
		}
		b = &blocks[at[next]]
	}
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

// emitDFACode writes the body of name(s) bool for d as blocks of code, and reports
// whether it needs name+"Class", the byte-class table; false when d is too large.
func emitDFACode(gr *jen.Group, name string, d *dfaPattern) (usesClass, ok bool) {
	blocks, targets, ok := d.code()
	if !ok {
		return false, false
	}
	test := func(v func() *jen.Statement, set byteSet) *jen.Statement {
		rs := set.ranges()
		if len(rs) > maxCodeRanges {
			usesClass = true
			m := d.classMask(set)
			return jen.Add(hexLit(m)).Op(">>").Parens(jen.Id(name + "Class").Index(v()).Op("&").Lit(63)).Op("&").Lit(1).Op("!=").Lit(0)
		}
		var cond *jen.Statement
		for _, r := range rs {
			var t *jen.Statement
			switch lo, hi := r[0], r[1]; {
			case lo == hi:
				t = v().Op("==").Add(byteLit(lo))
			case lo == 0:
				t = v().Op("<=").Add(byteLit(hi))
			case hi == 255:
				t = v().Op(">=").Add(byteLit(lo))
			default:
				t = v().Op("-").Add(byteLit(lo)).Op("<=").Lit(hi - lo)
			}
			if cond == nil {
				cond = t
			} else {
				cond = cond.Op("||").Add(t)
			}
		}
		return cond
	}
	label := func(st int) string { return "s" + strconv.Itoa(st) }
	si := func() *jen.Statement { return jen.Id("s").Index(jen.Id("i")) }
	ci := func() *jen.Statement { return jen.Id("c") }
	var body []jen.Code
	readsByte := false
	for _, b := range blocks {
		var code []jen.Code
		if !b.stay.empty() {
			t := test(si, b.stay)
			if len(b.stay.ranges()) > 1 {
				t = jen.Parens(t) // an || chain under &&
			}
			code = append(code, jen.For(jen.Id("i").Op("<").Len(jen.Id("s")).Op("&&").Add(t)).Block(jen.Id("i").Op("++")))
		}
		if len(b.edges) == 0 {
			// Only the bytes of stay keep a match in reach.
			if b.accept {
				code = append(code, jen.Return(jen.Id("i").Op("==").Len(jen.Id("s"))))
			} else {
				code = append(code, jen.Return(jen.False()))
			}
		} else {
			readsByte = true
			code = append(code,
				jen.If(jen.Id("i").Op("==").Len(jen.Id("s"))).Block(jen.Return(jen.Lit(b.accept))),
				jen.Id("c").Op("=").Add(si()),
				jen.Id("i").Op("++"),
			)
			for _, e := range b.edges {
				if e.to < 0 {
					code = append(code, jen.If(test(ci, e.set)).Block(jen.Return(jen.True())))
				} else {
					code = append(code, jen.If(test(ci, e.set)).Block(jen.Goto().Id(label(e.to))))
				}
			}
			code = append(code, jen.Return(jen.False()))
		}
		if targets[b.st] {
			code[0] = jen.Id(label(b.st)).Op(":").Line().Add(code[0])
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
	return usesClass, true
}

// byteLit renders a byte value as a character literal when it is printable ASCII.
func byteLit(b int) *jen.Statement {
	if b >= 0x20 && b < 0x7f {
		return jen.LitRune(rune(b))
	}
	return jen.Lit(b)
}
