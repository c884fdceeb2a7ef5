package gen

import (
	"encoding/json"
	"math/big"
	"math/bits"
	"sort"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/wsgen/wsgen/internal/jsonstr"
	"github.com/wsgen/wsgen/schema"
)

// The router (docs/routing.md): route reads the frame's top-level members once, narrowing
// a bit set of candidate messages (one bit per message, in schema order) with masks
// computed here from each message's route, and stops as soon as one candidate remains
// (whose decoder then checks the rest of its route). Masks are literal constants: the
// generated router does no map lookup and no allocation.

// router holds what the route function's generation needs.
type router struct {
	g        *generator
	p        *schema.Protocol
	words    int
	isSimple bool
	resume   bool // route reports a first member Decode can go on from (see resumeSlot)
	// byValue[i] indexes slot i: the messages listing each value, and those accepting
	// any value of some kinds (valueMask then costs what accepts the value, not every
	// message).
	byValue []map[string][]int
	anyVal  [][]int
	// byPrefix[i] and byExact[i]: the messages whose condition on slot i accepts only
	// strings with a literal prefix ("^lit") or the literal itself ("^lit$"), by literal.
	byPrefix, byExact []map[string][]int
	// keep: the route function uses routeKeep.
	keep bool
}

// maskSet is a set of message indexes as words.
type maskSet []uint64

func (r *router) empty() maskSet { return make(maskSet, r.words) }

func (r *router) maskOf(accept func(i int, m *schema.Message) bool) maskSet {
	s := r.empty()
	for i, m := range r.p.Messages {
		if accept(i, m) {
			s[i/64] |= 1 << (i % 64)
		}
	}
	return s
}

func (r *router) all() maskSet { return r.maskOf(func(int, *schema.Message) bool { return true }) }

func (s maskSet) full(o maskSet) bool {
	for i := range s {
		if s[i] != o[i] {
			return false
		}
	}
	return true
}

// candType is the type of the candidate set: uint64 for up to 64 messages.
func (r *router) candType() *jen.Statement {
	if r.words == 1 {
		return jen.Uint64()
	}
	return jen.Index(jen.Lit(r.words)).Uint64()
}

// and emits cand &= s (skipping words that stay as they are). With several words it
// lists the messages kept (routeKeep) instead when that is shorter: a mask of one message
// among 10,000 is one index, not 157 words, so the router's size grows with the number
// of messages, not with its square. (Listing the messages dropped is never shorter: each
// word that changes drops at least one.)
func (r *router) and(gr *jen.Group, s maskSet, all maskSet) {
	if r.words > 1 {
		words, kept := 0, 0
		for w, v := range s {
			if v != all[w] {
				words++
				kept += bits.OnesCount64(v & all[w])
			}
		}
		if kept < words {
			r.keep = true
			args := []jen.Code{jen.Op("&").Id("cand")}
			for w, v := range s {
				for b := range 64 {
					if bit := uint64(1) << b; all[w]&v&bit != 0 {
						args = append(args, jen.Lit(w*64+b))
					}
				}
			}
			gr.Id("routeKeep").Call(args...)
			return
		}
	}
	for w, v := range s {
		if v == all[w] {
			continue
		}
		if r.words == 1 {
			gr.Id("cand").Op("&=").Add(hexLit(v))
		} else {
			gr.Id("cand").Index(jen.Lit(w)).Op("&=").Add(hexLit(v))
		}
	}
}

// lit is a candidate-set literal.
func (r *router) lit(s maskSet) jen.Code {
	if r.words == 1 {
		return hexLit(s[0])
	}
	var vals []jen.Code
	for _, v := range s {
		vals = append(vals, hexLit(v))
	}
	return r.candType().Values(vals...)
}

// canonicalInt returns the int64 of a canonical integer value.
func canonicalInt(v string) (int64, bool) {
	rt, ok := new(big.Rat).SetString(v)
	if !ok || !rt.IsInt() || !rt.Num().IsInt64() {
		return 0, false
	}
	return rt.Num().Int64(), true
}

func quoted(s string) string { return jsonstr.Quote(s) }

// valueMask: the messages whose condition on slot i accepts the present value v
// (canonical JSON).
func (r *router) valueMask(i int, v string) maskSet {
	if r.byValue == nil {
		r.byValue = make([]map[string][]int, len(r.p.Slots))
		r.anyVal = make([][]int, len(r.p.Slots))
		r.byPrefix = make([]map[string][]int, len(r.p.Slots))
		r.byExact = make([]map[string][]int, len(r.p.Slots))
	}
	if r.byValue[i] == nil {
		r.byValue[i] = map[string][]int{}
		r.byPrefix[i], r.byExact[i] = map[string][]int{}, map[string][]int{}
		for j, m := range r.p.Messages {
			switch c := m.Route.Conds[i]; {
			case !c.Present:
			case c.Values == nil:
				if cl, ok := schema.ClassifyPattern(c.PatternRE2); ok && c.Kinds == schema.String && c.PatternRE2 != "" && cl.Kind == schema.PatPrefix {
					r.byPrefix[i][cl.Lit] = append(r.byPrefix[i][cl.Lit], j)
				} else if ok && c.Kinds == schema.String && c.PatternRE2 != "" && cl.Kind == schema.PatExact {
					r.byExact[i][cl.Lit] = append(r.byExact[i][cl.Lit], j)
				} else {
					r.anyVal[i] = append(r.anyVal[i], j)
				}
			default:
				for _, x := range c.Values {
					r.byValue[i][x] = append(r.byValue[i][x], j)
				}
			}
		}
	}
	s := r.empty()
	for _, j := range r.byValue[i][v] {
		s[j/64] |= 1 << (j % 64)
	}
	if strings.HasPrefix(v, `"`) && (len(r.byPrefix[i]) > 0 || len(r.byExact[i]) > 0) {
		// The prefixes a string has are its first k bytes: len(str)+1 lookups, not
		// one regular expression per pattern.
		var str string
		_ = json.Unmarshal([]byte(v), &str)
		for k := 0; k <= len(str); k++ {
			for _, j := range r.byPrefix[i][str[:k]] {
				s[j/64] |= 1 << (j % 64)
			}
		}
		for _, j := range r.byExact[i][str] {
			s[j/64] |= 1 << (j % 64)
		}
	}
	for _, j := range r.anyVal[i] {
		if schema.CondAccepts(r.p.Messages[j].Route.Conds[i], v) {
			s[j/64] |= 1 << (j % 64)
		}
	}
	return s
}

// kindMask: the messages accepting a present value of kind k that is none of the
// literal values the router knows (no const/enum of theirs can hold it).
func (r *router) kindMask(i int, k schema.Kinds, patternsStatic bool) maskSet {
	return r.maskOf(func(_ int, m *schema.Message) bool {
		c := m.Route.Conds[i]
		if !c.Present || c.Values != nil || !c.Kinds.Has(k) {
			return false
		}
		return k != schema.String || c.PatternRE2 == "" || patternsStatic
	})
}

func (r *router) absentMask(i int) maskSet {
	return r.maskOf(func(_ int, m *schema.Message) bool { return m.Route.Conds[i].Absent })
}

func (r *router) presentMask(i int) maskSet {
	return r.maskOf(func(_ int, m *schema.Message) bool { return m.Route.Conds[i].Present })
}

// posSlots is the set of slots a message's route requires present.
func (r *router) posSlots(m *schema.Message) uint64 {
	var s uint64
	for i, c := range m.Route.Conds {
		if c.Positive() {
			s |= 1 << i
		}
	}
	return s
}

// simple reports whether the protocol has the default form: one discriminator, at the top
// level, that every message requires with string values. Such a router keeps the
// historical errors: a frame without the discriminator, or with one that is not a string,
// is refused as malformed (not as an unknown type).
func (r *router) simple() bool {
	if len(r.p.Slots) != 1 || !r.p.Slots[0].Value || len(r.p.Slots[0].Tokens) != 1 {
		return false
	}
	for _, m := range r.p.Messages {
		c := m.Route.Conds[0]
		if !c.Positive() || c.Values == nil {
			return false
		}
		for _, v := range c.Values {
			if !strings.HasPrefix(v, `"`) {
				return false
			}
		}
	}
	return true
}

// routeFuncs writes route, routeOne, routePick and routeError.
func (g *generator) routeFuncs(f *jen.File) {
	p := g.p
	r := &router{g: g, p: p, words: (len(p.Messages) + 63) / 64}
	r.isSimple = r.simple()
	all := r.all()
	ct := r.candType()
	objects := r.maskOf(func(_ int, m *schema.Message) bool { return !m.Route.Array })
	arrays := r.maskOf(func(_ int, m *schema.Message) bool { return m.Route.Array })
	hasArrays := !arrays.full(r.empty())
	objSlots := 0
	for _, s := range p.Slots {
		if !s.Position {
			objSlots++
		}
	}

	f.Line()
	f.Comment("route reads the members of the frame's object that tell its message apart (see")
	f.Comment("MessageInfo.Route) and returns the index in Messages() of the message whose route the")
	f.Comment("frame satisfies: -1 when none does, -2 when several do and no precedence decides;")
	f.Comment("cand is the set of candidates left (one bit per message). It stops reading as soon as")
	f.Comment("one candidate is left: that message's decoder checks the rest of its route.")
	if r.resume = g.anyResumable(); r.resume {
		f.Comment("When the first member decides the message and is its fixed discriminator, route")
		f.Comment("sets *first to that member's slot and leaves d after it: the message's decoder goes")
		f.Comment("on from there instead of reading the discriminator again.")
	}
	params := []jen.Code{jen.Id("d").Op("*").Add(wirePkg("Decoder"))}
	if r.resume {
		params = append(params, jen.Id("first").Op("*").Int())
	}
	f.Func().Id("route").Params(params...).Params(jen.Id("n").Int(), jen.Id("cand").Add(ct.Clone()), jen.Err().Error()).BlockFunc(func(gr *jen.Group) {
		if hasArrays {
			gr.If(jen.Id("d").Dot("Peek").Call().Op("==").Add(wirePkg("KindArray"))).Block(jen.Return(jen.Id("routeArray").Call(jen.Id("d"))))
		}
		gr.If(jen.Err().Op(":=").Add(wirePkg("ExpectObject")).Call(jen.Id("d")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Lit(-1), jen.Id("cand"), jen.Err()))
		if hasArrays {
			gr.Comment("Object frames are routed among the object messages only.")
			gr.Id("cand").Op("=").Add(r.lit(objects))
		} else {
			gr.Id("cand").Op("=").Add(r.lit(all))
		}
		if objSlots > 0 {
			gr.Var().Id("seen").Uint64()
		}
		// Group slots by their first token.
		type group struct {
			name   string
			top    int // slot index of the top-level slot, or -1
			nested []int
			dup    string
		}
		var groups []*group
		byName := map[string]*group{}
		for i, s := range p.Slots {
			if s.Position {
				continue
			}
			gp := byName[s.Tokens[0]]
			if gp == nil {
				gp = &group{name: s.Tokens[0], top: -1}
				byName[s.Tokens[0]] = gp
				groups = append(groups, gp)
			}
			if len(s.Tokens) == 1 {
				gp.top = i
			} else {
				gp.nested = append(gp.nested, i)
			}
		}
		for _, gp := range groups {
			if gp.top < 0 {
				gp.dup = g.tmp("dup")
				gr.Var().Id(gp.dup).Bool()
			}
		}
		closed := r.maskOf(func(_ int, m *schema.Message) bool { return m.Route.Closed })
		hasClosed := false
		for _, v := range closed {
			hasClosed = hasClosed || v != 0
		}
		if r.resume {
			gr.Id("members").Op(":=").Lit(0)
		}
		// The first routing member (the discriminator) usually comes first in a frame.
		hint := ""
		if len(groups) > 0 {
			if q := jsonString(groups[0].name); !strings.Contains(q, "\\") {
				hint = q
			}
		}
		gr.For().BlockFunc(func(loop *jen.Group) {
			if hint != "" {
				loop.List(jen.Id("key"), jen.Id("ok"), jen.Err()).Op(":=").Id("d").Dot("NextKeyHint").Call(jen.Lit(hint))
			} else {
				loop.List(jen.Id("key"), jen.Id("ok"), jen.Err()).Op(":=").Id("d").Dot("NextKey").Call()
			}
			loop.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Lit(-1), jen.Id("cand"), jen.Err()))
			loop.If(jen.Op("!").Id("ok")).Block(jen.Break())
			if r.resume {
				loop.Id("members").Op("++")
			}
			loop.Switch(jen.String().Call(jen.Id("key"))).BlockFunc(func(sw *jen.Group) {
				for _, gp := range groups {
					sw.Case(jen.Lit(gp.name)).BlockFunc(func(c *jen.Group) {
						if gp.top >= 0 {
							r.slotRead(c, gp.top, []string{gp.name}, len(gp.nested) > 0, gp.nested, all)
						} else {
							c.If(jen.Id(gp.dup)).Block(jen.Return(jen.Lit(-1), jen.Id("cand"), wirePkg("Duplicate").Call(jen.Lit(gp.name))))
							c.Id(gp.dup).Op("=").True()
							r.nestedRead(c, []string{gp.name}, gp.nested, all)
						}
					})
				}
				sw.Default().BlockFunc(func(c *jen.Group) {
					if hasClosed {
						notClosed := r.empty()
						for w := range closed {
							notClosed[w] = all[w] &^ closed[w]
						}
						r.and(c, notClosed, all)
					}
					c.If(jen.Err().Op(":=").Id("d").Dot("Skip").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Lit(-1), jen.Id("cand"), jen.Err()))
				})
			})
		})
		if r.isSimple {
			gr.If(jen.Id("seen").Op("==").Lit(0)).Block(jen.Return(jen.Lit(-1), jen.Id("cand"), wirePkg("Invalid").Call(jen.Lit("missing discriminator "+strconv.Quote(p.Slots[0].Name())))))
		}
		for i, s := range p.Slots {
			if s.Position {
				continue
			}
			ab := r.absentMask(i)
			if ab.full(all) {
				continue
			}
			gr.If(jen.Id("seen").Op("&").Add(hexLit(1 << i)).Op("==").Lit(0)).BlockFunc(func(c *jen.Group) { r.and(c, ab, all) })
		}
		gr.Return(jen.Id("routePick").Call(jen.Id("cand")), jen.Id("cand"), jen.Nil())
	})
	if hasArrays {
		r.arrayRoute(f, arrays, all)
	}
	if r.keep {
		f.Line()
		f.Comment("routeKeep narrows cand to the messages listed.")
		f.Func().Id("routeKeep").Params(jen.Id("cand").Op("*").Add(ct.Clone()), jen.Id("idx").Op("...").Int()).Block(
			jen.Var().Id("m").Add(ct.Clone()),
			jen.For(jen.List(jen.Id("_"), jen.Id("i")).Op(":=").Range().Id("idx")).Block(
				jen.Id("m").Index(jen.Id("i").Op("/").Lit(64)).Op("|=").Lit(1).Op("<<").Parens(jen.Id("i").Op("%").Lit(64))),
			jen.For(jen.Id("w").Op(":=").Range().Id("cand")).Block(
				jen.Id("cand").Index(jen.Id("w")).Op("&=").Id("m").Index(jen.Id("w"))),
		)
	}

	// routeOne and routePick.
	f.Line()
	f.Comment("routeOne returns the only message in cand, or -1.")
	f.Func().Id("routeOne").Params(jen.Id("cand").Add(ct.Clone())).Int().BlockFunc(func(gr *jen.Group) {
		if r.words == 1 {
			gr.If(jen.Id("cand").Op("==").Lit(0).Op("||").Id("cand").Op("&").Parens(jen.Id("cand").Op("-").Lit(1)).Op("!=").Lit(0)).Block(jen.Return(jen.Lit(-1)))
			gr.Return(jen.Qual("math/bits", "TrailingZeros64").Call(jen.Id("cand")))
			return
		}
		gr.Id("n").Op(":=").Lit(-1)
		gr.For(jen.List(jen.Id("i"), jen.Id("w")).Op(":=").Range().Id("cand")).Block(
			jen.If(jen.Id("w").Op("==").Lit(0)).Block(jen.Continue()),
			jen.If(jen.Id("w").Op("&").Parens(jen.Id("w").Op("-").Lit(1)).Op("!=").Lit(0).Op("||").Id("n").Op(">=").Lit(0)).Block(jen.Return(jen.Lit(-1))),
			jen.Id("n").Op("=").Id("i").Op("*").Lit(64).Op("+").Qual("math/bits", "TrailingZeros64").Call(jen.Id("w")),
		)
		gr.Return(jen.Id("n"))
	})
	has := func(idx int) *jen.Statement {
		if r.words == 1 {
			return jen.Id("cand").Op("&").Add(hexLit(1 << idx)).Op("!=").Lit(0)
		}
		return jen.Id("cand").Index(jen.Lit(idx / 64)).Op("&").Add(hexLit(1 << (idx % 64))).Op("!=").Lit(0)
	}
	idx := map[*schema.Message]int{}
	for i, m := range p.Messages {
		idx[m] = i
	}
	f.Line()
	f.Comment("routePick returns the message cand stands for: the only one, or the winner the")
	f.Comment("protocol's precedence names among several; -1 for none, -2 for an undecided overlap.")
	f.Func().Id("routePick").Params(jen.Id("cand").Add(ct.Clone())).Int().BlockFunc(func(gr *jen.Group) {
		gr.If(jen.Id("n").Op(":=").Id("routeOne").Call(jen.Id("cand")), jen.Id("n").Op(">=").Lit(0)).Block(jen.Return(jen.Id("n")))
		if r.words == 1 {
			gr.If(jen.Id("cand").Op("==").Lit(0)).Block(jen.Return(jen.Lit(-1)))
		} else {
			gr.If(jen.Id("cand").Op("==").Add(ct.Clone()).Values()).Block(jen.Return(jen.Lit(-1)))
		}
		if len(p.Precedence) > 0 {
			listed := r.maskOf(func(_ int, m *schema.Message) bool {
				for _, w := range p.Precedence {
					if w == m {
						return true
					}
				}
				return false
			})
			var outside jen.Code
			if r.words == 1 {
				outside = jen.Id("cand").Op("&^").Add(hexLit(listed[0])).Op("!=").Lit(0)
			} else {
				var conds []jen.Code
				for w, v := range listed {
					conds = append(conds, jen.Id("cand").Index(jen.Lit(w)).Op("&^").Add(hexLit(v)).Op("!=").Lit(0))
				}
				e := jen.Add(conds[0])
				for _, c := range conds[1:] {
					e = e.Op("||").Add(c)
				}
				outside = e
			}
			gr.If(outside).Block(jen.Return(jen.Lit(-2)))
			for _, w := range p.Precedence {
				gr.If(has(idx[w])).Block(jen.Return(jen.Lit(idx[w])))
			}
		}
		gr.Return(jen.Lit(-2))
	})
	r.errorFunc(f)
}

// arrayRoute writes routeArray, the router of array frames among the array messages
// (docs/routing.md): it reads the frame's items once, narrowing the candidates by the
// value of each position slot, stops when one candidate is left (whose decoder checks
// the rest: its positions, its length), and else narrows by the number of items.
func (r *router) arrayRoute(f *jen.File, arrays, all maskSet) {
	p := r.p
	var positions []int // slot indexes, by position
	for i, s := range p.Slots {
		if s.Position {
			positions = append(positions, i)
		}
	}
	sort.SliceStable(positions, func(a, b int) bool { return p.Slots[positions[a]].Index() < p.Slots[positions[b]].Index() })
	var msgs []int
	for i, m := range p.Messages {
		if m.Route.Array {
			msgs = append(msgs, i)
		}
	}
	ret := func(e jen.Code) jen.Code { return jen.Return(jen.Lit(-1), jen.Id("cand"), e) }
	simple := r.isSimple
	r.isSimple = false // a position's value of another kind is no error: it narrows
	defer func() { r.isSimple = simple }()
	f.Line()
	f.Comment("routeArray routes an array frame among the array messages: by the items at the")
	f.Comment("positions where their schemas differ, then by the number of items. It stops as soon")
	f.Comment("as one candidate is left: that message's decoder checks every item and the length.")
	f.Func().Id("routeArray").Params(jen.Id("d").Op("*").Add(wirePkg("Decoder"))).Params(jen.Id("n").Int(), jen.Id("cand").Add(r.candType()), jen.Err().Error()).BlockFunc(func(gr *jen.Group) {
		gr.Id("cand").Op("=").Add(r.lit(arrays))
		if len(msgs) == 1 {
			gr.Comment("A single array message: its decoder reads the frame.")
			gr.Return(jen.Lit(msgs[0]), jen.Id("cand"), jen.Nil())
			return
		}
		gr.If(jen.Err().Op(":=").Add(wirePkg("ExpectArray")).Call(jen.Id("d")), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
		gr.Id("i").Op(":=").Lit(0)
		gr.For(jen.Empty(), jen.Empty(), jen.Id("i").Op("++")).BlockFunc(func(loop *jen.Group) {
			loop.List(jen.Id("more"), jen.Err()).Op(":=").Id("d").Dot("NextElem").Call()
			loop.If(jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
			loop.If(jen.Op("!").Id("more")).Block(jen.Break())
			skip := jen.If(jen.Err().Op(":=").Id("d").Dot("Skip").Call(), jen.Err().Op("!=").Nil()).Block(ret(wirePkg("AtIndex").Call(jen.Err(), jen.Id("i"))))
			if len(positions) == 0 {
				loop.Add(skip)
				return
			}
			loop.Switch(jen.Id("i")).BlockFunc(func(sw *jen.Group) {
				for _, si := range positions {
					s := p.Slots[si]
					sw.Case(jen.Lit(s.Index())).BlockFunc(func(c *jen.Group) {
						r.valueRead(c, si, []string{s.Tokens[0]}, false, nil, all)
						if r.words == 1 {
							c.If(jen.Id("cand").Op("==").Lit(0)).Block(jen.Return(jen.Lit(-1), jen.Id("cand"), jen.Nil()))
						} else {
							c.If(jen.Id("cand").Op("==").Add(r.candType()).Values()).Block(jen.Return(jen.Lit(-1), jen.Id("cand"), jen.Nil()))
						}
						c.If(jen.Id("n").Op(":=").Id("routeOne").Call(jen.Id("cand")), jen.Id("n").Op(">=").Lit(0)).Block(
							jen.Return(jen.Id("n"), jen.Id("cand"), jen.Nil()))
					})
				}
				sw.Default().Block(skip)
			})
		})
		// The number of items: drop the messages whose bounds it is outside.
		mins, maxs := map[int64]bool{}, map[int64]bool{}
		for _, j := range msgs {
			rt := p.Messages[j].Route
			if rt.MinLen > 0 {
				mins[rt.MinLen] = true
			}
			if rt.MaxLen >= 0 {
				maxs[rt.MaxLen] = true
			}
		}
		for _, k := range sortedKeys(mins) {
			keep := r.maskOf(func(_ int, m *schema.Message) bool { return m.Route.Array && m.Route.MinLen < k })
			gr.If(jen.Id("i").Op("<").Lit(int(k))).BlockFunc(func(c *jen.Group) { r.and(c, keep, all) })
		}
		for _, k := range sortedKeys(maxs) {
			keep := r.maskOf(func(_ int, m *schema.Message) bool {
				return m.Route.Array && (m.Route.MaxLen < 0 || m.Route.MaxLen > k)
			})
			gr.If(jen.Id("i").Op(">").Lit(int(k))).BlockFunc(func(c *jen.Group) { r.and(c, keep, all) })
		}
		gr.Return(jen.Id("routePick").Call(jen.Id("cand")), jen.Id("cand"), jen.Nil())
	})
}

func sortedKeys(m map[int64]bool) []int64 {
	var ks []int64
	for k := range m {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(a, b int) bool { return ks[a] < ks[b] })
	return ks
}

// slotRead emits the handling of the top-level member of slot i (whose value is then
// consumed); nested lists the slots below it.
func (r *router) slotRead(c *jen.Group, i int, path []string, hasNested bool, nested []int, all maskSet) {
	s := r.p.Slots[i]
	bit := uint64(1) << i
	c.If(jen.Id("seen").Op("&").Add(hexLit(bit)).Op("!=").Lit(0)).Block(jen.Return(jen.Lit(-1), jen.Id("cand"), wirePkg("Duplicate").Call(jen.Lit(path[len(path)-1]))))
	c.Id("seen").Op("|=").Add(hexLit(bit))
	if !s.Value {
		r.and(c, r.presentMask(i), all)
		r.earlyExit(c)
		if hasNested {
			r.nestedRead(c, path, nested, all)
		} else {
			c.If(jen.Err().Op(":=").Id("d").Dot("Skip").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Lit(-1), jen.Id("cand"), jen.Err()))
		}
		return
	}
	r.valueRead(c, i, path, hasNested, nested, all)
	if r.resume && !hasNested && len(s.Tokens) == 1 {
		r.earlyExitAt(c, i)
		return
	}
	r.earlyExit(c)
}

func (r *router) earlyExit(c *jen.Group) { r.earlyExitAt(c, -1) }

// earlyExitAt is earlyExit after the value of top-level slot i (-1: another read): when
// that member was the frame's first, route tells Decode so (see first).
func (r *router) earlyExitAt(c *jen.Group, i int) {
	// No candidate left: no route can match any more.
	if r.words == 1 {
		c.If(jen.Id("cand").Op("==").Lit(0)).Block(jen.Return(jen.Lit(-1), jen.Id("cand"), jen.Nil()))
	} else {
		c.If(jen.Id("cand").Op("==").Add(r.candType()).Values()).Block(jen.Return(jen.Lit(-1), jen.Id("cand"), jen.Nil()))
	}
	// Stop when one candidate is left and its route's required members are all seen.
	// One candidate left: its decoder checks the rest of its route (required members,
	// consts, patterns, closedness), so reading on would decide nothing.
	c.If(jen.Id("n").Op(":=").Id("routeOne").Call(jen.Id("cand")), jen.Id("n").Op(">=").Lit(0)).BlockFunc(func(c *jen.Group) {
		if i >= 0 {
			c.If(jen.Id("members").Op("==").Lit(1)).Block(jen.Op("*").Id("first").Op("=").Lit(i))
		}
		c.Return(jen.Id("n"), jen.Id("cand"), jen.Nil())
	})
	if len(r.p.Precedence) > 0 {
		// Or when the precedence's winner among the candidates left has had every
		// member its route constrains read: nothing later can change the outcome.
		c.If(jen.Id("n").Op(":=").Id("routePick").Call(jen.Id("cand")), jen.Id("n").Op(">=").Lit(0).Op("&&").Id("routeFixed").Index(jen.Id("n")).Op("&^").Id("seen").Op("==").Lit(0)).Block(
			jen.Return(jen.Id("n"), jen.Id("cand"), jen.Nil()))
	}
}

func errAt(path []string, e jen.Code) jen.Code {
	for i := len(path) - 1; i >= 0; i-- {
		e = wirePkg("AtName").Call(e, jen.Lit(path[i]))
	}
	return e
}

// valueRead emits the read of a discriminator's value (at path) and the narrowing.
func (r *router) valueRead(c *jen.Group, i int, path []string, hasNested bool, nested []int, all maskSet) {
	var strs []string
	var ints []int64
	seenS, seenI := map[string]bool{}, map[int64]bool{}
	hasPattern := false
	for _, m := range r.p.Messages {
		cd := m.Route.Conds[i]
		for _, v := range cd.Values {
			if strings.HasPrefix(v, `"`) {
				var s string
				_ = json.Unmarshal([]byte(v), &s)
				if !seenS[s] {
					seenS[s] = true
					strs = append(strs, s)
				}
			} else if n, ok := canonicalInt(v); ok && !seenI[n] {
				seenI[n] = true
				ints = append(ints, n)
			}
		}
		if cd.Present && cd.Values == nil && cd.PatternRE2 != "" && cd.Kinds.Has(schema.String) {
			hasPattern = true
		}
	}
	sort.Strings(strs)
	sort.Slice(ints, func(a, b int) bool { return ints[a] < ints[b] })
	ret := func(e jen.Code) jen.Code { return jen.Return(jen.Lit(-1), jen.Id("cand"), errAt(path, e)) }
	c.Switch(jen.Id("d").Dot("Peek").Call()).BlockFunc(func(sw *jen.Group) {
		sw.Case(wirePkg("KindString")).BlockFunc(func(k *jen.Group) {
			other := r.kindMask(i, schema.String, false)
			if len(strs) == 0 && !hasPattern {
				k.List(jen.Id("_"), jen.Err()).Op(":=").Id("d").Dot("ReadStringBytes").Call()
				k.If(jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
				r.and(k, other, all)
				return
			}
			k.List(jen.Id("s"), jen.Err()).Op(":=").Id("d").Dot("ReadStringBytes").Call()
			k.If(jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
			if len(strs) > 0 {
				k.Switch(jen.String().Call(jen.Id("s"))).BlockFunc(func(ss *jen.Group) {
					for _, s := range strs {
						ss.Case(jen.Lit(s)).BlockFunc(func(cs *jen.Group) { r.and(cs, r.valueMask(i, quoted(s)), all) })
					}
					ss.Default().BlockFunc(func(cs *jen.Group) { r.patternNarrow(cs, i, other, all) })
				})
			} else {
				r.patternNarrow(k, i, other, all)
			}
		})
		if r.isSimple {
			sw.Default().Block(ret(wirePkg("KindErr").Call(jen.Id("d"), jen.Lit("string"))))
			return
		}
		sw.Case(wirePkg("KindNumber")).BlockFunc(func(k *jen.Group) {
			k.List(jen.Id("num"), jen.Err()).Op(":=").Id("d").Dot("ReadNumber").Call()
			k.If(jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
			intOther, frac := r.kindMask(i, schema.Int, true), r.kindMask(i, schema.Frac, true)
			if len(ints) == 0 {
				k.If(jen.Id("num").Dot("IsInteger").Call()).BlockFunc(func(b *jen.Group) { r.and(b, intOther, all) }).Else().BlockFunc(func(b *jen.Group) { r.and(b, frac, all) })
				return
			}
			k.If(jen.Op("!").Id("num").Dot("IsInteger").Call()).BlockFunc(func(b *jen.Group) { r.and(b, frac, all) }).Else().If(
				jen.List(jen.Id("v"), jen.Err()).Op(":=").Id("num").Dot("Int64").Call(), jen.Err().Op("!=").Nil()).BlockFunc(func(b *jen.Group) { r.and(b, intOther, all) }).Else().BlockFunc(func(b *jen.Group) {
				b.Switch(jen.Id("v")).BlockFunc(func(ss *jen.Group) {
					for _, n := range ints {
						ss.Case(intLit(n)).BlockFunc(func(cs *jen.Group) { r.and(cs, r.valueMask(i, schema.CanonicalNumber(strconv.FormatInt(n, 10))), all) })
					}
					ss.Default().BlockFunc(func(cs *jen.Group) { r.and(cs, intOther, all) })
				})
			})
		})
		if hasNested {
			sw.Case(wirePkg("KindObject")).BlockFunc(func(k *jen.Group) {
				r.and(k, r.kindMask(i, schema.Object, true), all)
				r.nestedRead(k, path, nested, all)
			})
		}
		sw.Default().BlockFunc(func(k *jen.Group) {
			kinds := []struct {
				kind string
				k    schema.Kinds
			}{{"KindNull", schema.Null}, {"KindBool", schema.Bool}, {"KindArray", schema.Array}, {"KindObject", schema.Object}}
			k.Switch(jen.Id("d").Dot("Peek").Call()).BlockFunc(func(ks *jen.Group) {
				for _, e := range kinds {
					if e.k == schema.Object && hasNested {
						continue
					}
					m := r.kindMask(i, e.k, true)
					if m.full(all) {
						continue
					}
					ks.Case(wirePkg(e.kind)).BlockFunc(func(b *jen.Group) { r.and(b, m, all) })
				}
			})
			k.If(jen.Err().Op(":=").Id("d").Dot("Skip").Call(), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
		})
	})
}

// patternNarrow narrows by a string that is none of the known literals: the messages that
// accept any string, plus those whose pattern it matches.
func (r *router) patternNarrow(c *jen.Group, i int, other maskSet, all maskSet) {
	type pm struct {
		idx int
		re2 string
		src string
	}
	var pats []pm
	for j, m := range r.p.Messages {
		cd := m.Route.Conds[i]
		if cd.Present && cd.Values == nil && cd.PatternRE2 != "" && cd.Kinds.Has(schema.String) {
			pats = append(pats, pm{j, cd.PatternRE2, cd.Pattern})
		}
	}
	if len(pats) == 0 {
		r.and(c, other, all)
		return
	}
	c.Var().Id("m").Add(r.candType()).Op("=").Add(r.lit(other))
	for _, pt := range pats {
		var test *jen.Statement
		cl, ok := schema.ClassifyPattern(pt.re2)
		switch {
		case ok && cl.Kind == schema.PatPrefix:
			test = jen.Qual("bytes", "HasPrefix").Call(jen.Id("s"), jen.Index().Byte().Call(jen.Lit(cl.Lit)))
		case ok && cl.Kind == schema.PatSuffix:
			test = jen.Qual("bytes", "HasSuffix").Call(jen.Id("s"), jen.Index().Byte().Call(jen.Lit(cl.Lit)))
		case ok && cl.Kind == schema.PatExact:
			test = jen.String().Call(jen.Id("s")).Op("==").Lit(cl.Lit)
		default:
			if _, ok := r.g.patSrc[pt.re2]; !ok {
				r.g.patSrc[pt.re2] = pt.src
			}
			_, simple := compileSimple(pt.re2)
			if _, dfa := compileDFA(pt.re2); simple || dfa {
				// A byte-table function (emitSimplePattern, emitDFAPattern), not a regexp.
				test = r.g.pattern(pt.re2).Call(jen.Id("s"))
			} else {
				test = r.g.pattern(pt.re2).Dot("Match").Call(jen.Id("s"))
			}
		}
		w, bit := pt.idx/64, uint64(1)<<(pt.idx%64)
		if r.words == 1 {
			c.If(test).Block(jen.Id("m").Op("|=").Add(hexLit(bit)))
		} else {
			c.If(test).Block(jen.Id("m").Index(jen.Lit(w)).Op("|=").Add(hexLit(bit)))
		}
	}
	if r.words == 1 {
		c.Id("cand").Op("&=").Id("m")
	} else {
		for w := range all {
			c.Id("cand").Index(jen.Lit(w)).Op("&=").Id("m").Index(jen.Lit(w))
		}
	}
}

// nestedRead emits the scan of the object at path for the nested slots.
func (r *router) nestedRead(c *jen.Group, path []string, nested []int, all maskSet) {
	depth := len(path)
	type sub struct {
		name   string
		top    int
		nested []int
	}
	var subs []*sub
	byName := map[string]*sub{}
	for _, i := range nested {
		t := r.p.Slots[i].Tokens[depth]
		sb := byName[t]
		if sb == nil {
			sb = &sub{name: t, top: -1}
			byName[t] = sb
			subs = append(subs, sb)
		}
		if len(r.p.Slots[i].Tokens) == depth+1 {
			sb.top = i
		} else {
			sb.nested = append(sb.nested, i)
		}
	}
	ret := func(e jen.Code) jen.Code { return jen.Return(jen.Lit(-1), jen.Id("cand"), errAt(path, e)) }
	c.If(jen.Id("d").Dot("Peek").Call().Op("!=").Add(wirePkg("KindObject"))).BlockFunc(func(b *jen.Group) {
		b.If(jen.Err().Op(":=").Id("d").Dot("Skip").Call(), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
	}).Else().BlockFunc(func(b *jen.Group) {
		b.If(jen.Err().Op(":=").Add(wirePkg("ExpectObject")).Call(jen.Id("d")), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
		dups := map[*sub]string{}
		for _, sb := range subs {
			if sb.top < 0 {
				dups[sb] = r.g.tmp("dup")
				b.Var().Id(dups[sb]).Bool()
			}
		}
		b.For().BlockFunc(func(loop *jen.Group) {
			loop.List(jen.Id("key"), jen.Id("ok"), jen.Err()).Op(":=").Id("d").Dot("NextKey").Call()
			loop.If(jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
			loop.If(jen.Op("!").Id("ok")).Block(jen.Break())
			loop.Switch(jen.String().Call(jen.Id("key"))).BlockFunc(func(sw *jen.Group) {
				for _, sb := range subs {
					sp := append(append([]string{}, path...), sb.name)
					sw.Case(jen.Lit(sb.name)).BlockFunc(func(cs *jen.Group) {
						if sb.top >= 0 {
							r.slotRead(cs, sb.top, sp, len(sb.nested) > 0, sb.nested, all)
						} else {
							cs.If(jen.Id(dups[sb])).Block(ret(wirePkg("Duplicate").Call(jen.Lit(sb.name))))
							cs.Id(dups[sb]).Op("=").True()
							r.nestedRead(cs, sp, sb.nested, all)
						}
					})
				}
				sw.Default().Block(jen.If(jen.Err().Op(":=").Id("d").Dot("Skip").Call(), jen.Err().Op("!=").Nil()).Block(ret(jen.Err())))
			})
		})
	})
}

// arrayPositions returns the indexes of the position slots (sorted), or nil when the
// protocol has no array message.
func (r *router) arrayPositions() []int {
	has := false
	for _, m := range r.p.Messages {
		has = has || m.Route.Array
	}
	if !has {
		return nil
	}
	ks := []int{}
	for _, s := range r.p.Slots {
		if s.Position {
			ks = append(ks, s.Index())
		}
	}
	sort.Ints(ks)
	return ks
}

// errorFunc writes routeFixed (with a precedence) and routeError.
func (r *router) errorFunc(f *jen.File) {
	p := r.p
	if len(p.Precedence) > 0 {
		f.Line()
		f.Comment("routeFixed holds, for each message, the routing members its route constrains (a")
		f.Comment("closed shape route constrains every member).")
		f.Var().Id("routeFixed").Op("=").Index(jen.Lit(len(p.Messages))).Uint64().ValuesFunc(func(gr *jen.Group) {
			for _, m := range p.Messages {
				var s uint64
				for i, c := range m.Route.Conds {
					if !c.Any() || m.Route.Closed {
						s |= 1 << i
					}
				}
				if m.Route.Closed {
					s = ^uint64(0)
				}
				gr.Add(hexLit(s))
			}
		})
	}
	// Top-level names the reason mentions: each slot's first token, in slot order.
	var names []string
	seen := map[string]bool{}
	for _, s := range p.Slots {
		if !s.Position && !seen[s.Tokens[0]] {
			seen[s.Tokens[0]] = true
			names = append(names, s.Tokens[0])
		}
	}
	first := ""
	if len(p.Slots) > 0 && len(p.Slots[0].Tokens) == 1 && p.Slots[0].Value && !p.Slots[0].Position {
		first = p.Slots[0].Tokens[0]
	}
	f.Line()
	f.Comment("routeError is the error for a frame that route (n < 0) matched to no message or to")
	f.Comment("several (cand): it names the routing members the frame has, with their values, and")
	f.Comment("those it lacks. It runs only on that error path.")
	f.Func().Id("routeError").Params(jen.Id("data").Index().Byte(), jen.Id("n").Int(), jen.Id("cand").Add(r.candType())).Error().BlockFunc(func(gr *jen.Group) {
		gr.Var().Id("looked").Index().String()
		gr.Id("typ").Op(":=").Lit("")
		if hasArrays := r.arrayPositions(); hasArrays != nil {
			// An array frame: its number of items and the values at the routing positions.
			gr.If(jen.Id("d").Op(":=").Add(wirePkg("NewDecoder")).Call(jen.Id("data")), jen.Id("d").Dot("Peek").Call().Op("==").Add(wirePkg("KindArray")).Op("&&").Add(wirePkg("ExpectArray")).Call(jen.Id("d")).Op("==").Nil()).BlockFunc(func(b *jen.Group) {
				b.Id("items").Op(":=").Lit(0)
				b.For().BlockFunc(func(l *jen.Group) {
					l.List(jen.Id("more"), jen.Err()).Op(":=").Id("d").Dot("NextElem").Call()
					l.If(jen.Err().Op("!=").Nil().Op("||").Op("!").Id("more")).Block(jen.Break())
					var cases []jen.Code
					for _, k := range hasArrays {
						cases = append(cases, jen.Lit(k))
					}
					if len(cases) == 0 {
						l.If(jen.Id("d").Dot("Skip").Call().Op("!=").Nil()).Block(jen.Break())
					} else {
						l.List(jen.Id("raw"), jen.Err()).Op(":=").Id("d").Dot("ReadRaw").Call()
						l.If(jen.Err().Op("!=").Nil()).Block(jen.Break())
						l.Switch(jen.Id("items")).Block(jen.Case(cases...).Block(
							jen.Id("looked").Op("=").Append(jen.Id("looked"), jen.Lit("/").Op("+").Qual("strconv", "Itoa").Call(jen.Id("items")).Op("+").Lit("=").Op("+").Add(wirePkg("Clip")).Call(jen.String().Call(jen.Id("raw"))))))
					}
					l.Id("items").Op("++")
				})
				b.Id("count").Op(":=").Qual("strconv", "Itoa").Call(jen.Id("items")).Op("+").Lit(" items")
				b.If(jen.Id("items").Op("==").Lit(1)).Block(jen.Id("count").Op("=").Lit("1 item"))
				b.Id("looked").Op("=").Append(jen.Index().String().Values(jen.Id("count")), jen.Id("looked").Op("..."))
			})
		}
		if len(names) > 0 {
			objectPart := gr
			if r.arrayPositions() != nil {
				// Only an object frame lacks members.
				gr.If(jen.Id("len").Call(jen.Id("looked")).Op("==").Lit(0)).BlockFunc(func(b *jen.Group) { objectPart = b })
			}
			gr := objectPart
			gr.Id("has").Op(":=").Map(jen.String()).Bool().Values()
			gr.Id("d").Op(":=").Add(wirePkg("NewDecoder")).Call(jen.Id("data"))
			gr.If(wirePkg("ExpectObject").Call(jen.Id("d")).Op("==").Nil()).Block(
				jen.For().Block(
					jen.List(jen.Id("key"), jen.Id("ok"), jen.Err()).Op(":=").Id("d").Dot("NextKey").Call(),
					jen.If(jen.Err().Op("!=").Nil().Op("||").Op("!").Id("ok")).Block(jen.Break()),
					jen.Id("name").Op(":=").String().Call(jen.Id("key")),
					jen.List(jen.Id("raw"), jen.Err()).Op(":=").Id("d").Dot("ReadRaw").Call(),
					jen.If(jen.Err().Op("!=").Nil()).Block(jen.Break()),
					jen.Switch(jen.Id("name")).Block(
						jen.Case(litList(names)...).Block(
							jen.Id("has").Index(jen.Id("name")).Op("=").True(),
							jen.If(jen.Id("name").Op("==").Lit(first).Op("&&").Len(jen.Id("raw")).Op(">").Lit(0).Op("&&").Id("raw").Index(jen.Lit(0)).Op("==").LitByte('"')).Block(
								jen.Id("_").Op("=").Qual("encoding/json", "Unmarshal").Call(jen.Id("raw"), jen.Op("&").Id("typ"))),
							r.looked(names),
						),
					),
				),
			)
			gr.For(jen.List(jen.Id("_"), jen.Id("name")).Op(":=").Range().Index().String().Values(litList(names)...)).Block(
				jen.If(jen.Op("!").Id("has").Index(jen.Id("name"))).Block(jen.Id("looked").Op("=").Append(jen.Id("looked"), jen.Id("name").Op("+").Lit(" absent"))),
			)
		}
		gr.Id("what").Op(":=").Qual("strings", "Join").Call(jen.Id("looked"), jen.Lit(", "))
		gr.If(jen.Id("n").Op("==").Lit(-2)).BlockFunc(func(b *jen.Group) {
			b.Var().Id("types").Index().String()
			b.For(jen.List(jen.Id("i"), jen.Id("mi")).Op(":=").Range().Id("messageInfos")).BlockFunc(func(l *jen.Group) {
				if r.words == 1 {
					l.If(jen.Id("cand").Op("&").Parens(jen.Lit(1).Op("<<").Id("i")).Op("!=").Lit(0)).Block(jen.Id("types").Op("=").Append(jen.Id("types"), jen.Qual("strconv", "Quote").Call(jen.Id("mi").Dot("Type"))))
				} else {
					l.If(jen.Id("cand").Index(jen.Id("i").Op("/").Lit(64)).Op("&").Parens(jen.Lit(1).Op("<<").Parens(jen.Id("i").Op("%").Lit(64))).Op("!=").Lit(0)).Block(jen.Id("types").Op("=").Append(jen.Id("types"), jen.Qual("strconv", "Quote").Call(jen.Id("mi").Dot("Type"))))
				}
			})
			b.Return(jen.Op("&").Id("DecodeError").Values(jen.Dict{
				jen.Id("Type"):   jen.Id("typ"),
				jen.Id("Reason"): jen.Lit("several messages match (").Op("+").Qual("strings", "Join").Call(jen.Id("types"), jen.Lit(", ")).Op("+").Lit("): ").Op("+").Id("what"),
				jen.Id("Err"):    jen.Id("ErrAmbiguousType"),
			}))
		})
		reason := jen.Lit("no message matches (").Op("+").Id("what").Op("+").Lit(")")
		if r.isSimple {
			// The default form keeps its old reason.
			reason = jen.Lit("unknown message type ").Op("+").Add(wirePkg("Quote")).Call(jen.Id("typ"))
		}
		gr.Return(jen.Op("&").Id("DecodeError").Values(jen.Dict{
			jen.Id("Type"):   jen.Id("typ"),
			jen.Id("Reason"): reason,
			jen.Id("Err"):    jen.Id("ErrUnknownType"),
		}))
	})
}

func litList(ss []string) []jen.Code {
	var out []jen.Code
	for _, s := range ss {
		out = append(out, jen.Lit(s))
	}
	return out
}
