package gen

import (
	"fmt"
	"regexp/syntax"
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
