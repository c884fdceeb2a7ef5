package gen

import (
	"fmt"
	"regexp/syntax"
	"slices"
	"strconv"

	"github.com/dave/jennifer/jen"
)

// A simplePattern is a pattern that is a sequence of ASCII byte classes anchored at both
// ends, every class repeated a fixed number of times except the last ("^[a-z0-9][a-z0-9_-]*$",
// "^[0-9]{5}$"). Generated code matches such patterns with a loop over byte tables
// instead of regexp: on valid UTF-8 (which Decode guarantees) a byte outside ASCII starts
// a rune outside every class, so the byte loop and RE2 agree.
type simplePattern []patItem

type patItem struct {
	class    [256]bool
	min, max int // max < 0: unbounded
}

// compileSimple returns the simplePattern of pat, or false when pat is not one.
func compileSimple(pat string) (simplePattern, bool) {
	re, err := syntax.Parse(pat, syntax.Perl)
	if err != nil || re.Op != syntax.OpConcat || len(re.Sub) < 2 {
		return nil, false
	}
	subs := re.Sub
	if subs[0].Op != syntax.OpBeginText || subs[len(subs)-1].Op != syntax.OpEndText {
		return nil, false
	}
	var p simplePattern
	for _, s := range subs[1 : len(subs)-1] {
		switch s.Op {
		case syntax.OpLiteral:
			if s.Flags&syntax.FoldCase != 0 {
				return nil, false
			}
			for _, r := range s.Rune {
				var it patItem
				if !it.set([]rune{r, r}) {
					return nil, false
				}
				it.min, it.max = 1, 1
				p = append(p, it)
			}
		case syntax.OpCharClass:
			var it patItem
			if !it.set(s.Rune) {
				return nil, false
			}
			it.min, it.max = 1, 1
			p = append(p, it)
		case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
			var it patItem
			sub := s.Sub[0]
			switch {
			case sub.Op == syntax.OpCharClass:
				if !it.set(sub.Rune) {
					return nil, false
				}
			case sub.Op == syntax.OpLiteral && len(sub.Rune) == 1 && sub.Flags&syntax.FoldCase == 0:
				if !it.set([]rune{sub.Rune[0], sub.Rune[0]}) {
					return nil, false
				}
			default:
				return nil, false
			}
			switch s.Op {
			case syntax.OpStar:
				it.min, it.max = 0, -1
			case syntax.OpPlus:
				it.min, it.max = 1, -1
			case syntax.OpQuest:
				it.min, it.max = 0, 1
			default:
				it.min, it.max = s.Min, s.Max
			}
			p = append(p, it)
		default:
			return nil, false
		}
	}
	for i, it := range p {
		if i < len(p)-1 && it.min != it.max {
			return nil, false
		}
	}
	return p, true
}

// set fills the class from rune ranges; false if a range leaves ASCII.
func (it *patItem) set(ranges []rune) bool {
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], ranges[i+1]
		if lo < 0 || hi > 127 {
			return false
		}
		for r := lo; r <= hi; r++ {
			it.class[r] = true
		}
	}
	return true
}

// fixed returns the length of the fixed-count prefix (all items but a variable last one).
func (p simplePattern) bounds() (min, max int) {
	for _, it := range p {
		min += it.min
		if max >= 0 {
			if it.max < 0 {
				max = -1
			} else {
				max += it.max
			}
		}
	}
	return min, max
}

// match is the reference of the generated matcher, for tests.
func (p simplePattern) match(s string) bool {
	min, max := p.bounds()
	if len(s) < min || (max >= 0 && len(s) > max) {
		return false
	}
	i := 0
	for k, it := range p {
		n := it.min
		if k == len(p)-1 {
			n = len(s) - i
		}
		for j := 0; j < n; j++ {
			if !it.class[s[i]] {
				return false
			}
			i++
		}
	}
	return i == len(s)
}

// emitSimplePattern writes name(s) bool for p, generic over string and []byte.
func emitSimplePattern(f *jen.File, name, pat string, p simplePattern) {
	min, max := p.bounds()
	f.Line()
	f.Comment(name + " reports whether s matches " + strconv.Quote(pat) + ", an anchored ASCII pattern")
	f.Comment("checked with byte tables instead of regexp (s is valid UTF-8).")
	f.Func().Id(name).Types(jen.Id("T").String().Op("|").Index().Byte()).Params(jen.Id("s").Id("T")).Bool().BlockFunc(func(gr *jen.Group) {
		cond := jen.Len(jen.Id("s")).Op("<").Lit(min)
		if max >= 0 {
			cond = cond.Op("||").Len(jen.Id("s")).Op(">").Lit(max)
		}
		gr.If(cond).Block(jen.Return(jen.False()))
		pos := 0
		for k, it := range p {
			table := fmt.Sprintf("%sClass%d", name, k)
			if k == len(p)-1 && it.min != it.max {
				gr.For(jen.Id("i").Op(":=").Lit(pos), jen.Id("i").Op("<").Len(jen.Id("s")), jen.Id("i").Op("++")).Block(
					jen.If(jen.Op("!").Id(table).Index(jen.Id("s").Index(jen.Id("i")))).Block(jen.Return(jen.False())))
				continue
			}
			if it.min == 1 {
				gr.If(jen.Op("!").Id(table).Index(jen.Id("s").Index(jen.Lit(pos)))).Block(jen.Return(jen.False()))
			} else if it.min > 1 {
				gr.For(jen.Id("i").Op(":=").Lit(pos), jen.Id("i").Op("<").Lit(pos+it.min), jen.Id("i").Op("++")).Block(
					jen.If(jen.Op("!").Id(table).Index(jen.Id("s").Index(jen.Id("i")))).Block(jen.Return(jen.False())))
			}
			pos += it.min
		}
		gr.Return(jen.True())
	})
	for k, it := range p {
		var members []byte
		for c := 0; c < 128; c++ {
			if it.class[c] {
				members = append(members, byte(c))
			}
		}
		f.Line()
		f.Var().Id(fmt.Sprintf("%sClass%d", name, k)).Op("=").Add(wirePkg("ByteClass")).Call(jen.Lit(string(members)))
	}
}

// matcherFunc reports whether generated code matches pat with a function of its own
// (a simplePattern loop or a dfaPattern) instead of regexp.
func matcherFunc(pat string) bool {
	if _, ok := compileSimple(pat); ok {
		return true
	}
	_, ok := compileDFA(pat)
	return ok
}

// plainOnly reports whether every string the pattern pat (RE2 syntax, unanchored)
// matches is made of printable ASCII bytes that a JSON string holds as they are (not '"'
// or '\\'; wire.AppendString writes '<', '>' and '&' as themselves): an encoder may copy such a
// string without escaping it, and its length in code points is its length in bytes. It
// is false when the automaton cannot be built.
func plainOnly(pat string) bool {
	d, ok := compileDFA(pat)
	if !ok {
		return false
	}
	n := len(d.accept)
	live := d.live()
	// Every byte that takes a state reachable on the way to a match to another such
	// state must be plain.
	seen := make([]bool, n)
	seen[0] = true
	for stack := []int{0}; len(stack) > 0; {
		st := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !live[st] {
			continue
		}
		for b := range 256 {
			next := int(d.next[st*d.ncls+int(d.class[b])])
			if !live[next] {
				continue
			}
			if b < 0x20 || b > 0x7e || b == '"' || b == '\\' {
				return false
			}
			if !seen[next] {
				seen[next] = true
				stack = append(stack, next)
			}
		}
	}
	return true
}

// A dfaPattern is a pattern compiled at generation time into a deterministic automaton
// over bytes: any pattern (anchored or not, with groups, alternation and counted
// repetition) whose characters are all ASCII, without case folding, '.', negated classes
// or assertions other than ^ at the start and $ at the end of the text. Like the
// simplePattern loop it is exact on valid UTF-8: a byte outside ASCII matches no
// character of the pattern and, since the search is unanchored unless ^ says otherwise,
// only moves the search on.
type dfaPattern struct {
	class  [256]uint8 // byte -> class
	ncls   int
	next   []uint8 // state*ncls + class -> state
	accept []bool  // the text matches if it ends in this state
	sink   int     // an accepting state no byte leaves, or -1
}

// maxDFAStates bounds the automaton (states are uint8); a pattern that needs more is
// matched with regexp.
const maxDFAStates = 200

// compileDFA returns the automaton of pat (RE2 syntax, unanchored), or false when pat
// uses what the automaton does not model or needs too many states.
func compileDFA(pat string) (*dfaPattern, bool) {
	re, err := syntax.Parse(pat, syntax.Perl)
	if err != nil {
		return nil, false
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return nil, false
	}
	for i := range prog.Inst {
		in := &prog.Inst[i]
		switch in.Op {
		case syntax.InstAlt, syntax.InstAltMatch, syntax.InstCapture, syntax.InstNop, syntax.InstMatch, syntax.InstFail:
		case syntax.InstEmptyWidth:
			if syntax.EmptyOp(in.Arg)&^(syntax.EmptyBeginText|syntax.EmptyEndText) != 0 {
				return nil, false
			}
		case syntax.InstRune, syntax.InstRune1:
			if syntax.Flags(in.Arg)&syntax.FoldCase != 0 {
				return nil, false
			}
			for _, r := range in.Rune {
				if r < 0 || r > 127 {
					return nil, false
				}
			}
			if in.Op == syntax.InstRune && len(in.Rune)%2 != 0 {
				return nil, false
			}
		default: // any character, including beyond ASCII
			return nil, false
		}
	}
	matches := func(pc uint32, b int) bool {
		return b < 128 && prog.Inst[pc].MatchRune(rune(b))
	}
	// closure follows the empty moves from seeds; it returns the character
	// instructions reached and whether Match is.
	closure := func(seeds []uint32, atStart, atEnd bool) (runes []uint32, match bool) {
		seen := map[uint32]bool{}
		stack := append([]uint32(nil), seeds...)
		for len(stack) > 0 {
			pc := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[pc] {
				continue
			}
			seen[pc] = true
			in := &prog.Inst[pc]
			switch in.Op {
			case syntax.InstAlt, syntax.InstAltMatch:
				stack = append(stack, in.Arg, in.Out)
			case syntax.InstCapture, syntax.InstNop:
				stack = append(stack, in.Out)
			case syntax.InstEmptyWidth:
				op := syntax.EmptyOp(in.Arg)
				if (op&syntax.EmptyBeginText == 0 || atStart) && (op&syntax.EmptyEndText == 0 || atEnd) {
					stack = append(stack, in.Out)
				}
			case syntax.InstMatch:
				match = true
			case syntax.InstRune, syntax.InstRune1:
				runes = append(runes, pc)
			}
		}
		slices.Sort(runes)
		return runes, match
	}
	// A state is the set of character instructions waiting for a byte, plus whether it
	// is the start (where ^ holds); the search restarts at every position.
	type state struct {
		seeds   []uint32
		atStart bool
	}
	key := func(s state) string { return fmt.Sprint(s.seeds, s.atStart) }
	var states []state
	index := map[string]int{}
	d := &dfaPattern{sink: -1}
	add := func(s state) int {
		k := key(s)
		if i, ok := index[k]; ok {
			return i
		}
		index[k] = len(states)
		states = append(states, s)
		return len(states) - 1
	}
	const matched = "matched"
	add(state{seeds: []uint32{uint32(prog.Start)}, atStart: true})
	// Byte classes: bytes that every character instruction treats alike.
	sig := map[string]uint8{}
	for b := range 256 {
		var k []byte
		for pc := range prog.Inst {
			if op := prog.Inst[pc].Op; (op == syntax.InstRune || op == syntax.InstRune1) && matches(uint32(pc), b) {
				k = fmt.Appendf(k, "%d,", pc)
			}
		}
		c, ok := sig[string(k)]
		if !ok {
			c = uint8(len(sig))
			sig[string(k)] = c
		}
		d.class[b] = c
	}
	d.ncls = len(sig)
	rep := make([]int, d.ncls) // a byte of each class
	for b := 255; b >= 0; b-- {
		rep[d.class[b]] = b
	}
	for i := 0; i < len(states); i++ {
		s := states[i]
		if i == d.sink {
			d.accept = append(d.accept, true)
			for range d.ncls {
				d.next = append(d.next, uint8(i))
			}
			continue
		}
		runes, _ := closure(s.seeds, s.atStart, false)
		_, atEnd := closure(s.seeds, s.atStart, true)
		d.accept = append(d.accept, atEnd)
		for c := range d.ncls {
			seeds := []uint32{uint32(prog.Start)}
			for _, pc := range runes {
				if matches(pc, rep[c]) {
					seeds = append(seeds, prog.Inst[pc].Out)
				}
			}
			slices.Sort(seeds)
			seeds = slices.Compact(seeds)
			ns := state{seeds: seeds}
			if _, m := closure(seeds, false, false); m {
				if _, ok := index[matched]; !ok {
					index[matched] = len(states)
					states = append(states, state{})
					d.sink = len(states) - 1
				}
				d.next = append(d.next, uint8(index[matched]))
				continue
			}
			d.next = append(d.next, uint8(add(ns)))
			if len(states) > maxDFAStates {
				return nil, false
			}
		}
	}
	// The start state itself may match (an empty match): every text matches.
	if _, m := closure(states[0].seeds, true, false); m {
		return &dfaPattern{ncls: 1, next: []uint8{0}, accept: []bool{true}, sink: 0}, true
	}
	return d, true
}

// live reports for each state whether an accepting state can be reached from it.
func (d *dfaPattern) live() []bool {
	live := slices.Clone(d.accept)
	for changed := true; changed; {
		changed = false
		for st := range live {
			for c := 0; !live[st] && c < d.ncls; c++ {
				if live[d.next[st*d.ncls+c]] {
					live[st], changed = true, true
				}
			}
		}
	}
	return live
}

// stayMasks returns, for each state st, the mask with bit c set when class c leaves st
// where it is (the sink excepted), or nil when no state has such a class or there are
// more than 64 classes: the generated matcher skips a run of such bytes in a loop that
// does not wait on the table load of each step.
func (d *dfaPattern) stayMasks() []uint64 {
	if d.ncls > 64 {
		return nil
	}
	stay := make([]uint64, len(d.accept))
	found := false
	for st := range stay {
		for c := range d.ncls {
			if st != d.sink && int(d.next[st*d.ncls+c]) == st {
				stay[st] |= 1 << c
				found = true
			}
		}
	}
	if !found {
		return nil
	}
	return stay
}

// match is the reference of the generated matcher, for tests: the same steps.
func (d *dfaPattern) match(s string) bool {
	stay := d.stayMasks()
	st := 0
	for i := 0; i < len(s); {
		st = int(d.next[st*d.ncls+int(d.class[s[i]])])
		i++
		if st == d.sink {
			return true
		}
		if stay != nil {
			for m := stay[st]; i < len(s) && m>>(d.class[s[i]]&63)&1 != 0; i++ {
			}
		}
	}
	return d.accept[st]
}

// emitDFAPattern writes name(s) bool for d, generic over string and []byte, with its
// tables as string constants.
func emitDFAPattern(f *jen.File, name, pat string, d *dfaPattern) {
	class := make([]byte, 256)
	for b, c := range d.class {
		class[b] = c
	}
	accept := make([]byte, len(d.accept))
	for i, a := range d.accept {
		if a {
			accept[i] = 1
		}
	}
	f.Line()
	if blocks, targets, ok := d.code(); ok {
		f.Comment(name + " reports whether s matches " + strconv.Quote(pat) + " with an automaton")
		f.Comment("built from the pattern by wsgen and written as code, one block per state (s is")
		f.Comment("valid UTF-8).")
		usesClass := false
		f.Func().Id(name).Types(jen.Id("T").String().Op("|").Index().Byte()).Params(jen.Id("s").Id("T")).Bool().BlockFunc(func(gr *jen.Group) {
			usesClass = emitDFACode(gr, name, d, blocks, targets)
		})
		if usesClass {
			f.Line()
			f.Const().Id(name + "Class").Op("=").Lit(string(class))
		}
		return
	}
	f.Comment(name + " reports whether s matches " + strconv.Quote(pat) + " with an automaton over")
	f.Comment("byte classes built from the pattern by wsgen (s is valid UTF-8).")
	stay := d.stayMasks()
	f.Func().Id(name).Types(jen.Id("T").String().Op("|").Index().Byte()).Params(jen.Id("s").Id("T")).Bool().BlockFunc(func(gr *jen.Group) {
		gr.Id("st").Op(":=").Lit(0)
		step := jen.Id("st").Op("=").Int().Call(jen.Id(name + "Next").Index(jen.Id("st").Op("*").Lit(d.ncls).Op("+").Int().Call(jen.Id(name + "Class").Index(jen.Id("s").Index(jen.Id("i"))))))
		if stay == nil {
			gr.For(jen.Id("i").Op(":=").Lit(0), jen.Id("i").Op("<").Len(jen.Id("s")), jen.Id("i").Op("++")).BlockFunc(func(loop *jen.Group) {
				loop.Add(step)
				if d.sink >= 0 {
					loop.If(jen.Id("st").Op("==").Lit(d.sink)).Block(jen.Return(jen.True()))
				}
			})
		} else {
			gr.For(jen.Id("i").Op(":=").Lit(0), jen.Id("i").Op("<").Len(jen.Id("s")), jen.Empty()).BlockFunc(func(loop *jen.Group) {
				loop.Add(step)
				loop.Id("i").Op("++")
				if d.sink >= 0 {
					loop.If(jen.Id("st").Op("==").Lit(d.sink)).Block(jen.Return(jen.True()))
				}
				loop.For(
					jen.Id("stay").Op(":=").Id(name+"Stay").Index(jen.Id("st")),
					jen.Id("i").Op("<").Len(jen.Id("s")).Op("&&").Id("stay").Op(">>").Parens(jen.Id(name+"Class").Index(jen.Id("s").Index(jen.Id("i"))).Op("&").Lit(63)).Op("&").Lit(1).Op("!=").Lit(0),
					jen.Id("i").Op("++"),
				).Block()
			})
		}
		gr.Return(jen.Id(name + "Accept").Index(jen.Id("st")).Op("==").Lit(1))
	})
	if stay != nil {
		f.Line()
		f.Comment(name + "Stay[st] has bit c set when byte class c keeps the automaton in state st.")
		f.Var().Id(name + "Stay").Op("=").Index(jen.Lit(len(stay))).Uint64().ValuesFunc(func(g *jen.Group) {
			for _, m := range stay {
				g.Op(fmt.Sprintf("%#x", m))
			}
		})
	}
	f.Line()
	f.Const().Defs(
		jen.Id(name+"Class").Op("=").Lit(string(class)),
		jen.Id(name+"Next").Op("=").Lit(string(d.next)),
		jen.Id(name+"Accept").Op("=").Lit(string(accept)),
	)
}
