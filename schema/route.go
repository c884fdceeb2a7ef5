package schema

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"regexp/syntax"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/wsgen/wsgen/internal/jsonnum"
	"github.com/wsgen/wsgen/internal/jsonstr"
)

// Routing: how a frame finds its message (docs/routing.md). Each message has a [Route]:
// one [Cond] per [Slot] of the protocol, derived from its schema. The routes are
// necessary conditions (a frame the message's schema accepts satisfies its route), and
// the builder proves that no frame satisfies two routes (unless a precedence says which
// wins), so a router that reads only the slots picks the one message whose schema can
// accept the frame.

// MaxSlots bounds the members a router reads (discriminators and shape members).
const MaxSlots = 64

// maxNested bounds the depth of a discriminator pointer ("/a/b/c").
const maxNested = 3

// Slot is one member of a frame that routing reads.
type Slot struct {
	// Pointer is the member's JSON pointer in the frame ("/type", "/arg/channel").
	Pointer string
	// Tokens are the pointer's reference tokens, unescaped.
	Tokens []string
	// Value is true for a discriminator, whose value is read; false for a member of a
	// shape route, of which only the presence counts.
	Value bool
	// Position is true for a position of an array frame ("/3": Tokens[0] is the index,
	// Value is true): only array messages say anything of it, and only array frames are
	// read there.
	Position bool
}

// Index is the array index of a position slot.
func (s *Slot) Index() int {
	i, _ := strconv.Atoi(s.Tokens[0])
	return i
}

// Name is the slot's pointer without the leading "/" for a top-level member ("type"),
// else the pointer ("/arg/channel", "/3" for a position of an array frame).
func (s *Slot) Name() string {
	if len(s.Tokens) == 1 && !s.Position {
		return s.Tokens[0]
	}
	return s.Pointer
}

// Cond is what one message's schema says of one slot.
type Cond struct {
	// Absent: a frame of the message may lack the member. Present: it may have it.
	Absent, Present bool
	// When present: Values, when not nil, lists the accepted values in canonical JSON
	// (const, enum); else Kinds are the accepted kinds, and a string must match
	// PatternRE2 when it is not empty (Pattern is the ECMA-262 text).
	Values              []string
	Kinds               Kinds
	Pattern, PatternRE2 string
}

// Any reports whether the condition accepts everything.
func (c Cond) Any() bool {
	return c.Absent && c.Present && c.Values == nil && c.Kinds == Any && c.PatternRE2 == ""
}

// Positive reports whether the member must be present.
func (c Cond) Positive() bool { return c.Present && !c.Absent }

// Route is how a message is recognised.
type Route struct {
	// Conds has one condition per slot of the protocol (Protocol.Slots).
	Conds []Cond
	// Shape is true when no discriminator names the message: it is recognised by
	// which members are present.
	Shape bool
	// Closed (shape routes only): the message allows no member it does not declare, so
	// a frame with another member is not this message.
	Closed bool
	// Declared lists the top-level member names a closed shape message declares.
	Declared []string
	// Array is true for an array message: its frames are JSON arrays, routed only among
	// the array messages, by its conditions on the position slots and its length, which
	// is at least MinLen and, unless MaxLen is -1, at most MaxLen.
	Array          bool
	MinLen, MaxLen int64
}

// IsArray reports whether m is an array message (a tuple or an array of items).
func (m *Message) IsArray() bool { return m.Type.Repr == ReprTuple }

// arity returns the length bounds of an array message's type (max -1: none).
func arity(t *Type) (lo, hi int64) {
	hi = -1
	if t.MinItems != nil {
		lo = *t.MinItems
	}
	if !t.RestAllowed {
		hi = int64(len(t.Positions))
	}
	if t.MaxItems != nil && (hi < 0 || *t.MaxItems < hi) {
		hi = *t.MaxItems
	}
	return lo, hi
}

// posCond is what the array message type t says of the value at index p.
func posCond(t *Type, p int) Cond {
	lo, hi := arity(t)
	if hi >= 0 && int64(p) >= hi {
		return Cond{Absent: true}
	}
	required := int64(p) < lo
	switch {
	case p < len(t.Positions):
		return condOfType(t.Positions[p].Type, required)
	case t.Rest != nil:
		return condOfType(t.Rest, required)
	}
	return Cond{Absent: !required, Present: true, Kinds: Any}
}

// Describe renders m's route in words (MessageInfo.Route): "op=0 t=\"X\"", "c ~ \"^spot@\"",
// "has id, result".
func (p *Protocol) Describe(m *Message) string {
	var parts, has []string
	for i, c := range m.Route.Conds {
		s := p.Slots[i]
		if s.Position != m.Route.Array {
			continue
		}
		if cl, ok := ClassifyPattern(c.PatternRE2); c.Positive() && c.Values == nil && c.PatternRE2 != "" && ok && cl.Kind != PatRegexp {
			op := map[PatKind]string{PatPrefix: "^=", PatSuffix: "$=", PatExact: "="}[cl.Kind]
			parts = append(parts, s.Name()+op+quoteJSON(cl.Lit))
			continue
		}
		switch {
		case !c.Positive():
			continue
		case !s.Value:
			has = append(has, s.Name())
		case c.Values != nil && len(c.Values) == 1:
			parts = append(parts, s.Name()+"="+c.Values[0])
		case c.Values != nil:
			parts = append(parts, s.Name()+" in ["+strings.Join(c.Values, ", ")+"]")
		case c.PatternRE2 != "":
			parts = append(parts, s.Name()+"~"+quoteJSON(c.Pattern))
		case s.Value:
			continue
		default:
			has = append(has, s.Name())
		}
	}
	if len(has) > 0 {
		parts = append(parts, "has "+strings.Join(has, ", "))
	}
	if m.Route.Closed {
		parts = append(parts, "(and nothing else)")
	}
	if m.Route.Array {
		lo, hi := m.Route.MinLen, m.Route.MaxLen
		switch {
		case lo == hi:
			parts = append(parts, "("+plural(lo, "item")+")")
		case hi >= 0 && lo > 0:
			parts = append(parts, fmt.Sprintf("(%d to %s)", lo, plural(hi, "item")))
		case hi >= 0:
			parts = append(parts, "(at most "+plural(hi, "item")+")")
		case lo > 0:
			parts = append(parts, "(at least "+plural(lo, "item")+")")
		}
		return strings.Join(append([]string{"array"}, parts...), " ")
	}
	if len(parts) == 0 {
		return "any object"
	}
	return strings.Join(parts, " ")
}

func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.FormatInt(n, 10) + " " + noun + "s"
}

var routeKeys = map[string]bool{"typeName": true}

// routes builds every message's route and type name, marks the fixed discriminator
// fields, and proves the routes disjoint (or ordered by precedence).
func (b *builder) routes() {
	msgs := b.p.Messages
	if len(msgs) == 0 {
		return
	}
	b.slots()
	if len(b.p.Slots) > MaxSlots {
		b.errorf("/x-wsgen", "routing would read %d members (discriminators and members of shape messages); at most %d are supported", len(b.p.Slots), MaxSlots)
		return
	}
	for _, m := range msgs {
		m.Route = &Route{}
		if m.IsArray() {
			m.Route.Array = true
			m.Route.MinLen, m.Route.MaxLen = arity(m.Type)
			for _, s := range b.p.Slots {
				if s.Position {
					m.Route.Conds = append(m.Route.Conds, posCond(m.Type, s.Index()))
				} else {
					m.Route.Conds = append(m.Route.Conds, Cond{Absent: true})
				}
			}
			b.checkRoute(m)
			// Fixed positions, as fixed members: Encode writes them, they are no fields.
			for _, f := range m.Type.Positions {
				f.Discriminator = fixedConst(f)
			}
			continue
		}
		for _, s := range b.p.Slots {
			if s.Position {
				m.Route.Conds = append(m.Route.Conds, Cond{Absent: true})
			} else {
				m.Route.Conds = append(m.Route.Conds, condAt(m.Type, s.Tokens))
			}
		}
		m.Route.Shape = true
		for i, s := range b.p.Slots {
			c := m.Route.Conds[i]
			if s.Value && c.Positive() && (c.Values != nil || c.PatternRE2 != "") {
				m.Route.Shape = false
			}
		}
		if m.Route.Shape && !m.Type.AdditionalAllowed {
			m.Route.Closed = true
			for _, f := range m.Type.Properties {
				m.Route.Declared = append(m.Route.Declared, f.Name)
			}
		}
		b.checkRoute(m)
		// Fixed members: required top-level string or integer consts (discriminators or
		// not, as JSON-RPC's "jsonrpc": "2.0"): Encode writes them, they are no fields.
		for _, f := range m.Type.Properties {
			f.Discriminator = fixedConst(f)
		}
	}
	b.typeNames()
	b.precedence()
	b.disjoint()
}

// fixedConst reports whether f is a fixed member (or position): required, with one
// string or integer const and no other constraint.
func fixedConst(f *Field) bool {
	if f.Required && f.Type.Const != nil && f.Type.Enum == nil && f.Type.GoName == "" && !f.Type.Kinds.Has(Null) &&
		(f.Type.Repr == ReprString || f.Type.Repr == ReprInt) && f.Type.Pattern == "" && f.Type.MinLength == nil && f.Type.MaxLength == nil &&
		f.Type.Minimum == "" && f.Type.Maximum == "" && f.Type.ExclusiveMinimum == "" && f.Type.ExclusiveMaximum == "" && f.Type.MultipleOf == "" {
		_, ok := int64Const(*f.Type.Const)
		return f.Type.Repr != ReprInt || ok
	}
	return false
}

// slots fills Protocol.Slots: the discriminators (declared in x-wsgen "discriminator",
// else inferred), then the members of shape routes.
func (b *builder) slots() {
	p := b.p
	seen := map[string]bool{}
	add := func(s *Slot) {
		if !seen[s.Pointer] {
			seen[s.Pointer] = true
			p.Slots = append(p.Slots, s)
		}
	}
	var objects, arrays []*Message
	for _, m := range p.Messages {
		if m.IsArray() {
			arrays = append(arrays, m)
		} else {
			objects = append(objects, m)
		}
	}
	defer b.positionSlots(arrays)
	if b.discList != nil {
		for _, ptr := range b.discList {
			add(&Slot{Pointer: ptr, Tokens: pointerTokens(ptr), Value: true})
		}
	} else {
		// Default: every message requires a string const "type".
		all := len(objects) > 0
		for _, m := range objects {
			c := condAt(m.Type, []string{"type"})
			all = all && c.Positive() && len(c.Values) == 1 && strings.HasPrefix(c.Values[0], `"`)
		}
		if all {
			add(&Slot{Pointer: "/type", Tokens: []string{"type"}, Value: true})
		} else {
			checked := map[string]bool{} // universal is O(messages): once per pointer
			for _, m := range objects {
				for _, ptr := range inferDiscriminators(m.Type, "", 0) {
					if checked[ptr] {
						continue
					}
					checked[ptr] = true
					s := &Slot{Pointer: ptr, Tokens: pointerTokens(ptr), Value: true}
					if !universal(objects, s) {
						add(s)
					}
				}
			}
		}
	}
	if len(p.Slots) > 0 {
		p.Discriminator = p.Slots[0].Name()
	}
	if len(objects) == 0 {
		return
	}
	// Shape members: the top-level members every message without a discriminator
	// declares or requires.
	for _, m := range objects {
		shape := true
		for _, s := range p.Slots {
			if !s.Value {
				continue
			}
			c := condAt(m.Type, s.Tokens)
			if c.Positive() && (c.Values != nil || c.PatternRE2 != "") {
				shape = false
			}
		}
		if !shape {
			continue
		}
		var names []string
		for _, f := range m.Type.Properties {
			names = append(names, f.Name)
		}
		names = append(names, m.Type.ExtraRequired...)
		for _, n := range names {
			ptr := "/" + escapePointer(n)
			if !seen[ptr] {
				add(&Slot{Pointer: ptr, Tokens: []string{n}})
			}
		}
	}
}

// universal reports whether every message says the same of the slot (JSON-RPC's
// "jsonrpc": "2.0"): such a member tells no message apart, so it is not inferred as a
// discriminator (each message's decoder still checks it).
func universal(msgs []*Message, s *Slot) bool {
	first := condAt(msgs[0].Type, s.Tokens)
	for _, m := range msgs[1:] {
		if !sameCond(condAt(m.Type, s.Tokens), first) {
			return false
		}
	}
	return len(msgs) > 1
}

func sameCond(c, first Cond) bool {
	return c.Absent == first.Absent && c.Present == first.Present && c.Kinds == first.Kinds && c.PatternRE2 == first.PatternRE2 &&
		strings.Join(c.Values, "\x00") == strings.Join(first.Values, "\x00") && (c.Values == nil) == (first.Values == nil)
}

// positionSlots adds the positions of array frames that routing reads: with several
// array messages, every prefixItems position at which they do not all say the same (a
// const, enum or pattern, or only the kinds or the presence). A position at which they
// all agree tells none apart; beyond the longest prefixItems each message says the same
// of every index, so the length bounds (Route.MinLen, MaxLen) tell them apart there.
func (b *builder) positionSlots(arrays []*Message) {
	if len(arrays) < 2 {
		return
	}
	n := 0
	for _, m := range arrays {
		n = max(n, len(m.Type.Positions))
	}
	for i := 0; i < n && len(b.p.Slots) <= MaxSlots; i++ {
		first := posCond(arrays[0].Type, i)
		for _, m := range arrays[1:] {
			if !sameCond(posCond(m.Type, i), first) {
				ptr := "/" + strconv.Itoa(i)
				b.p.Slots = append(b.p.Slots, &Slot{Pointer: ptr, Tokens: []string{strconv.Itoa(i)}, Value: true, Position: true})
				break
			}
		}
	}
}

// inferDiscriminators lists the pointers (below prefix) of required members with a
// string or integer const in the object type t, and of such members inside required
// object members, depth first.
func inferDiscriminators(t *Type, prefix string, depth int) []string {
	var out []string
	if depth >= maxNested || t.Repr != ReprStruct {
		return nil
	}
	for _, f := range t.Properties {
		if !f.Required {
			continue
		}
		ptr := prefix + "/" + escapePointer(f.Name)
		if f.Type.Const != nil && (f.Type.Kinds&^Null == String || f.Type.Kinds&^Null == Int) {
			out = append(out, ptr)
			continue
		}
		if f.Type.Repr == ReprStruct && f.Type.Kinds == Object {
			out = append(out, inferDiscriminators(f.Type, ptr, depth+1)...)
		}
	}
	return out
}

func pointerTokens(ptr string) []string {
	var toks []string
	for _, t := range strings.Split(ptr[1:], "/") {
		toks = append(toks, unescapePointer(t))
	}
	return toks
}

func int64Const(v string) (int64, bool) {
	r, ok := new(big.Rat).SetString(v)
	if !ok || !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}

// condAt is what the object type t says of the member at tokens.
func condAt(t *Type, tokens []string) Cond {
	anyCond := Cond{Absent: true, Present: true, Kinds: Any}
	if t.Repr != ReprStruct && t.ObjectName == "" {
		if t.Kinds.Has(Object) {
			return anyCond
		}
		return Cond{Absent: true} // never an object: the pointer never resolves
	}
	var f *Field
	for _, p := range t.Properties {
		if p.Name == tokens[0] {
			f = p
		}
	}
	required := false
	for _, r := range t.Required {
		required = required || r == tokens[0]
	}
	var ft *Type
	switch {
	case f != nil:
		ft = f.Type
	case t.Additional != nil:
		ft = t.Additional
	case t.AdditionalAllowed:
		c := anyCond
		c.Absent = !required
		return c
	default:
		if required {
			return Cond{} // required and forbidden: nothing satisfies it
		}
		return Cond{Absent: true}
	}
	if len(tokens) > 1 {
		var c Cond
		switch {
		case ft.Repr == ReprStruct || ft.ObjectName != "":
			c = condAt(ft, tokens[1:])
		case ft.Kinds.Has(Object):
			c = anyCond
		default:
			c = Cond{Absent: true}
		}
		if !required {
			c.Absent = true
		}
		return c
	}
	return condOfType(ft, required)
}

// condOfType is the condition a member (or an array position) of type ft sets: present
// with a value ft accepts, or, unless required, absent.
func condOfType(ft *Type, required bool) Cond {
	c := Cond{Absent: !required, Present: ft.Kinds != 0, Kinds: ft.Kinds}
	if ft.Repr == ReprUnion {
		c.Kinds = Object
	}
	switch {
	case ft.Const != nil && ft.Enum != nil:
		c.Values = []string{}
		if contains(ft.Enum, *ft.Const) {
			c.Values = []string{*ft.Const}
		}
	case ft.Const != nil:
		c.Values = []string{*ft.Const}
	case ft.Enum != nil:
		c.Values = append([]string{}, ft.Enum...)
	}
	if c.Values != nil {
		for _, v := range c.Values {
			if k := kindOf(v); k != String && k != Int {
				// Routes compare strings and integers by value; other values by kind.
				c.Values = nil
				c.Kinds = ft.Kinds
				c.Pattern, c.PatternRE2 = ft.Pattern, ft.PatternRE2
				return c
			}
		}
		// Values the kinds and pattern refuse are no values.
		var vs []string
		for _, v := range c.Values {
			if valueOK(Cond{Present: true, Kinds: ft.Kinds, PatternRE2: ft.PatternRE2}, v) {
				vs = append(vs, v)
			}
		}
		c.Values = vs
		if c.Values == nil {
			c.Values = []string{}
		}
		if len(c.Values) == 0 {
			c.Present = false
		}
	} else {
		c.Pattern, c.PatternRE2 = ft.Pattern, ft.PatternRE2
	}
	return c
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// kindOf is the kind of a canonical JSON value.
func kindOf(v string) Kinds {
	switch {
	case v == "null":
		return Null
	case v == "true" || v == "false":
		return Bool
	case strings.HasPrefix(v, `"`):
		return String
	case strings.HasPrefix(v, "["):
		return Array
	case strings.HasPrefix(v, "{"):
		return Object
	}
	if jsonnum.IsInteger([]byte(v)) { // not big.Rat: Match reads frames, 1e999999 included
		return Int
	}
	return Frac
}

// patternCache holds compiled route patterns (nil for one that does not compile); Parse
// may run concurrently.
var patternCache sync.Map

func compiled(re2 string) *regexp.Regexp {
	if r, ok := patternCache.Load(re2); ok {
		return r.(*regexp.Regexp)
	}
	r, err := regexp.Compile(re2)
	if err != nil {
		r = nil
	}
	patternCache.Store(re2, r)
	return r
}

// CondAccepts reports whether the present value v (canonical JSON: a string or an integer
// for the values routes compare) satisfies c.
func CondAccepts(c Cond, v string) bool { return valueOK(c, v) }

// valueOK reports whether the present value v (canonical JSON) satisfies c.
func valueOK(c Cond, v string) bool {
	if !c.Present {
		return false
	}
	if c.Values != nil {
		return contains(c.Values, v)
	}
	if !c.Kinds.Has(kindOf(v)) {
		return false
	}
	if c.PatternRE2 != "" && kindOf(v) == String {
		var s string
		_ = json.Unmarshal([]byte(v), &s)
		if r := compiled(c.PatternRE2); r == nil || !r.MatchString(s) {
			return false
		}
	}
	return true
}

// checkRoute refuses a route no frame satisfies.
func (b *builder) checkRoute(m *Message) {
	if r := m.Route; r.Array && r.MaxLen >= 0 && r.MinLen > r.MaxLen {
		b.errorf(m.Pointer+"/minItems", "unsatisfiable route: minItems %d is more than the %d items the array may have", r.MinLen, r.MaxLen)
	}
	for i, s := range b.p.Slots {
		c := m.Route.Conds[i]
		if c.Absent || c.Present && (c.Values == nil || len(c.Values) > 0) {
			continue
		}
		ptr := m.Pointer
		for _, t := range s.Tokens {
			if s.Position {
				ptr += "/prefixItems/" + t
				continue
			}
			ptr += "/properties/" + escapePointer(t)
		}
		reason := "no value satisfies the discriminator " + strconv.Quote(s.Name())
		if c.Values != nil {
			reason += " (its const or enum values are refused by its own type or pattern, or const and enum disagree)"
		} else {
			reason += " (it is required where the schema cannot hold it)"
		}
		b.errorf(ptr, "unsatisfiable route: %s", reason)
	}
}

// typeNames gives each message its type name (x-wsgen typeName; else its string const on
// a discriminator that no other message shares there; else its $defs key) and refuses
// duplicates.
func (b *builder) typeNames() {
	msgs := b.p.Messages
	names := map[string]string{}
	// holders[i][v]: how many messages accept the value v on slot i.
	holders := make([]map[string]int, len(b.p.Slots))
	for i, s := range b.p.Slots {
		if !s.Value {
			continue
		}
		holders[i] = map[string]int{}
		for _, m := range msgs {
			vs := m.Route.Conds[i].Values
			if len(vs) == 1 {
				holders[i][vs[0]]++
				continue
			}
			once := make(map[string]bool, len(vs))
			for _, v := range vs {
				if !once[v] {
					once[v] = true
					holders[i][v]++
				}
			}
		}
	}
	for _, m := range msgs {
		m.Wire = ""
		m.TypeKey = "type"
		if tn := str(b.xwsgen(m).get("typeName")); tn != "" {
			m.Wire = tn
		}
		for i, s := range b.p.Slots {
			c := m.Route.Conds[i]
			if m.Wire != "" || !s.Value || !c.Positive() || len(c.Values) != 1 || kindOf(c.Values[0]) != String {
				continue
			}
			if holders[i][c.Values[0]] == 1 { // m alone
				_ = json.Unmarshal([]byte(c.Values[0]), &m.Wire)
				if len(s.Tokens) == 1 && !s.Position {
					m.TypeKey = s.Tokens[0]
				}
			}
		}
		if m.Wire == "" {
			m.Wire = m.Name
		}
		if m.TypeKey == "type" {
			// "type" names the type name in logs, unless a member "type" of the message
			// says something else there.
			for i, s := range b.p.Slots {
				if s.Name() == "type" && !m.Route.Conds[i].Any() && !(len(m.Route.Conds[i].Values) == 1 && m.Route.Conds[i].Values[0] == strconv.Quote(m.Wire)) {
					m.TypeKey = "messageType"
				}
			}
		}
		if other, ok := names[m.Wire]; ok {
			b.errorf(m.Pointer, "type name %q is already used by %s (give one of them another with x-wsgen typeName)", m.Wire, other)
			continue
		}
		names[m.Wire] = "#" + m.Pointer
	}
}

func (b *builder) xwsgen(m *Message) *node {
	if n := b.defNode(m.Name); n != nil {
		if x := n.get("x-wsgen"); x != nil && x.kind == 'o' {
			return x
		}
	}
	return &node{kind: 'o'}
}

func (b *builder) precedence() {
	if b.precNode == nil {
		return
	}
	ptr := "/x-wsgen/precedence"
	if b.precNode.kind != 'a' {
		b.errorf(ptr, "precedence must be an array of message names ($defs keys), the winner first")
		return
	}
	byName := map[string]*Message{}
	for _, m := range b.p.Messages {
		byName[m.Name] = m
	}
	seen := map[string]bool{}
	for i, e := range b.precNode.elems {
		ep := ptr + "/" + strconv.Itoa(i)
		m, ok := byName[str(e)]
		switch {
		case e.kind != 's':
			b.errorf(ep, "precedence must list message names ($defs keys)")
		case seen[e.str]:
			b.errorf(ep, "precedence lists %q twice", e.str)
		case !ok && b.msgDefs[e.str]:
			// refused message: its own error says why
		case !ok:
			b.errorf(ep, "precedence names %q, which is not a message", e.str)
		default:
			seen[e.str] = true
			b.p.Precedence = append(b.p.Precedence, m)
		}
	}
}

// precedes reports whether a and b are both listed in the precedence (so their overlap is
// resolved).
func (p *Protocol) precedes(a, b *Message) bool {
	ia, ib := -1, -1
	for i, m := range p.Precedence {
		if m == a {
			ia = i
		}
		if m == b {
			ib = i
		}
	}
	return ia >= 0 && ib >= 0
}

// maxOverlapErrors bounds the overlapping pairs disjoint reports: a protocol of n copies
// of one message has n²/2 of them.
const maxOverlapErrors = 100

// disjoint refuses every pair of routes a frame can both satisfy, with an example frame.
// Only the pairs candidatePairs finds are compared (those no discriminator value tells
// apart), so n messages told apart by consts cost O(n), not O(n²).
func (b *builder) disjoint() {
	// Object frames and array frames never meet: each kind is routed among its own.
	var objects, arrays []*Message
	for _, m := range b.p.Messages {
		if m.Route.Array {
			arrays = append(arrays, m)
		} else {
			objects = append(objects, m)
		}
	}
	if !b.disjointAmong(objects) {
		return
	}
	b.disjointAmong(arrays)
}

// disjointAmong refuses the overlapping pairs of msgs (all object or all array
// messages); false when it gave up after maxOverlapErrors pairs.
func (b *builder) disjointAmong(msgs []*Message) bool {
	if len(msgs) < 2 {
		return true
	}
	listed := make(map[*Message]bool, len(b.p.Precedence))
	for _, m := range b.p.Precedence {
		listed[m] = true
	}
	routes := make([][]Cond, len(msgs))
	for i, m := range msgs {
		routes[i] = m.Route.Conds
	}
	type refusal struct {
		pair  [2]int
		frame string
	}
	var found []refusal
	complete := candidatePairs(routes, len(b.p.Slots), func(i, j int) bool {
		a, o := msgs[i], msgs[j]
		if listed[a] && listed[o] {
			return true
		}
		if frame, ok := b.p.overlap(a, o); ok {
			found = append(found, refusal{[2]int{i, j}, frame})
		}
		return len(found) <= maxOverlapErrors
	})
	sort.Slice(found, func(x, y int) bool {
		p, q := found[x].pair, found[y].pair
		return p[0] < q[0] || p[0] == q[0] && p[1] < q[1]
	})
	if !complete {
		found = found[:maxOverlapErrors] // the first maxOverlapErrors+1 found, sorted
	}
	for _, f := range found {
		a, o := msgs[f.pair[0]], msgs[f.pair[1]]
		b.errorf(a.Pointer, "the routes of #%s and #%s overlap: both match %s (make them disjoint, or list both in the root x-wsgen precedence)", a.Pointer, o.Pointer, f.frame)
	}
	if !complete {
		b.errorf("/oneOf", "more routes overlap than the %d pairs listed; make those disjoint first", maxOverlapErrors)
	}
	return complete
}

// strItem is a string a route's condition names: a value, an exact pattern's literal, or
// a prefix pattern's literal (prefix).
type strItem struct {
	s      string
	m      int
	prefix bool
}

// stringLiteralPattern returns the literal of a condition that accepts only strings and
// has a prefix ("^lit") or exact ("^lit$") pattern.
func stringLiteralPattern(c Cond) (lit string, prefix, ok bool) {
	if c.Kinds != String || c.PatternRE2 == "" || c.Values != nil {
		return "", false, false
	}
	p, ok := ClassifyPattern(c.PatternRE2)
	if !ok || compiled(c.PatternRE2) == nil {
		return "", false, false
	}
	switch p.Kind {
	case PatPrefix:
		return p.Lit, true, true
	case PatExact:
		return p.Lit, false, true
	}
	return "", false, false
}

// candidatePairs calls check(i, j), i < j, once for every pair of routes that no slot
// proves disjoint by itself, and perhaps for a few more; it stops, returning false, as
// soon as check returns false. The routes are split slot by slot: messages that may lack
// the member; one group per value (consts, enums and exact patterns, looked up in a map);
// one per prefix pattern ("^lit"), with the strings and prefixes that start with its
// literal (a range of the sorted strings); and the messages that accept any value of some
// kinds or another pattern, which join every group. A slot is skipped when that copies
// too many messages; a group of at most a few messages, or one that no slot splits, is
// compared pairwise.
func candidatePairs(routes [][]Cond, slots int, check func(i, j int) bool) bool {
	const small = 8
	n := len(routes)
	seen := map[[2]int]bool{}
	// budget bounds the messages copied into groups; past it the rest is compared
	// pairwise (correct, only slower).
	budget := 8*n*(slots+1) + 1<<16
	var split func(set []int, slot int) bool
	pairwise := func(set []int) bool {
		for x, i := range set {
			for _, j := range set[x+1:] {
				if i == j {
					continue
				}
				p := [2]int{min(i, j), max(i, j)}
				if seen[p] {
					continue
				}
				seen[p] = true
				if !check(p[0], p[1]) {
					return false
				}
			}
		}
		return true
	}
	split = func(set []int, slot int) bool {
		for ; slot < slots && len(set) > small && budget > 0; slot++ {
			var absent, wild []int
			byValue := map[string][]int{} // "v" + a JSON value, or "s" + a string
			var values []string
			add := func(key string, m int) {
				g := byValue[key]
				if len(g) > 0 && g[len(g)-1] == m {
					return // a value listed twice
				}
				if g == nil {
					values = append(values, key)
				}
				byValue[key] = append(g, m)
			}
			// strs: every string a value or an exact pattern accepts, and every prefix
			// pattern's literal, sorted; a prefix group is the range its literal starts.
			var strs []strItem
			for _, m := range set {
				c := routes[m][slot]
				if c.Absent {
					absent = append(absent, m)
				}
				switch {
				case !c.Present:
				case c.Values == nil:
					lit, prefix, ok := stringLiteralPattern(c)
					switch {
					case !ok:
						wild = append(wild, m)
					case prefix:
						strs = append(strs, strItem{lit, m, true})
					default:
						strs = append(strs, strItem{lit, m, false})
						add("s"+lit, m)
					}
				default:
					for _, v := range c.Values {
						if kindOf(v) != String {
							add("v"+v, m)
							continue
						}
						var str string
						_ = json.Unmarshal([]byte(v), &str)
						strs = append(strs, strItem{str, m, false})
						add("s"+str, m)
					}
				}
			}
			groups := [][]int{absent, wild}
			total := len(absent) + len(wild)
			for _, v := range values {
				g := byValue[v]
				if len(wild) > 0 {
					g = append(g[:len(g):len(g)], wild...)
				}
				groups = append(groups, g)
				total += len(g)
			}
			sort.Slice(strs, func(i, j int) bool { return strs[i].s < strs[j].s })
			for _, it := range strs {
				if !it.prefix {
					continue
				}
				if total > 2*len(set) {
					break // the slot is skipped below: no need to finish
				}
				g := []int{it.m}
				in := map[int]bool{it.m: true}
				for k := sort.Search(len(strs), func(k int) bool { return strs[k].s >= it.s }); k < len(strs) && strings.HasPrefix(strs[k].s, it.s); k++ {
					if !in[strs[k].m] {
						in[strs[k].m] = true
						g = append(g, strs[k].m)
					}
				}
				g = append(g, wild...)
				groups = append(groups, g)
				total += len(g)
			}
			largest := 0
			for _, g := range groups {
				largest = max(largest, len(g))
			}
			if largest == len(set) || total > 2*len(set) {
				continue // this slot does not split the set, or copies too much
			}
			budget -= total
			for _, g := range groups {
				if len(g) > 1 && !split(g, slot+1) {
					return false
				}
			}
			return true
		}
		return pairwise(set)
	}
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	return split(all, 0)
}

// witness is one slot's value in an example frame.
type witness struct {
	absent bool
	json   string
}

// overlap returns an example frame both routes accept, and whether there is one.
func (p *Protocol) overlap(a, o *Message) (string, bool) {
	if a.Route.Array || o.Route.Array {
		if !a.Route.Array || !o.Route.Array {
			return "", false
		}
		return arrayOverlap(a, o)
	}
	ws := make([]witness, len(p.Slots))
	for i := range p.Slots {
		w, ok := intersect(a.Route.Conds[i], o.Route.Conds[i])
		if !ok {
			return "", false
		}
		ws[i] = w
	}
	return p.exampleFrame(ws), true
}

// maxWitnessItems bounds the items an example array frame shows.
const maxWitnessItems = 16

// arrayOverlap returns an example array frame both array messages' routes accept. A
// length L fits both when it is within both messages' bounds and every index below L
// holds a value both accept (an index at or past L is absent, which both allow since L
// is at least each one's minItems). Values at different indexes are independent, so the
// shortest length both allow is the one to try: it needs the fewest indexes to agree.
// Every index at or beyond both prefixItems says the same as the last one checked, so
// at most max(len(prefixItems))+1 indexes are compared.
func arrayOverlap(a, o *Message) (string, bool) {
	lo := max(a.Route.MinLen, o.Route.MinLen)
	hi := a.Route.MaxLen
	if hi < 0 || o.Route.MaxLen >= 0 && o.Route.MaxLen < hi {
		hi = o.Route.MaxLen
	}
	if hi >= 0 && lo > hi {
		return "", false
	}
	last := int64(max(len(a.Type.Positions), len(o.Type.Positions)))
	var items []string
	for i := int64(0); i < lo; i++ {
		k := int(min(i, last))
		ca, co := posCond(a.Type, k), posCond(o.Type, k)
		ca.Absent, co.Absent = false, false
		w, ok := intersect(ca, co)
		if !ok {
			return "", false
		}
		if i < maxWitnessItems {
			items = append(items, w.json)
		}
		if i >= last && lo > last+1 {
			// Every later index says the same: fill the rest with this value.
			for j := i + 1; j < lo && j < maxWitnessItems; j++ {
				items = append(items, w.json)
			}
			break
		}
	}
	frame := "[" + strings.Join(items, ",")
	if lo > maxWitnessItems {
		frame += fmt.Sprintf(",… (%d items)", lo)
	}
	return frame + "]", true
}

// intersect returns a value (or absence) both conditions accept.
func intersect(x, y Cond) (witness, bool) {
	if x.Absent && y.Absent {
		return witness{absent: true}, true
	}
	if !x.Present || !y.Present {
		return witness{}, false
	}
	if x.Values == nil && y.Values != nil {
		x, y = y, x
	}
	if x.Values != nil {
		for _, v := range x.Values {
			if valueOK(y, v) {
				return witness{json: v}, true
			}
		}
		return witness{}, false
	}
	k := x.Kinds & y.Kinds
	if k == 0 {
		return witness{}, false
	}
	if k.Has(String) {
		if s, ok := patternWitness(x.PatternRE2, y.PatternRE2); ok {
			return witness{json: quoteJSON(s)}, true
		}
		k &^= String
	} else if k&^String == 0 {
		return witness{}, false
	}
	for _, e := range []struct {
		k Kinds
		v string
	}{{Int, "0"}, {Frac, "0.5"}, {Bool, "true"}, {Null, "null"}, {Object, "{}"}, {Array, "[]"}} {
		if k.Has(e.k) {
			return witness{json: e.v}, true
		}
	}
	return witness{}, false
}

func quoteJSON(s string) string { return jsonstr.Quote(s) }

// patternWitness returns a string matching both patterns ("" means none), or false when
// they are proven disjoint. Two general expressions that cannot be told apart are taken
// to overlap (the check then asks for a precedence).
func patternWitness(x, y string) (string, bool) {
	if x == "" && y == "" {
		return "x", true
	}
	if x == "" {
		x, y = y, x
	}
	rx := compiled(x)
	if rx == nil {
		return "", false
	}
	if y == "" {
		return sampleOf(x), true
	}
	ry := compiled(y)
	if ry == nil {
		return "", false
	}
	px, ok1 := ClassifyPattern(x)
	py, ok2 := ClassifyPattern(y)
	if ok1 && ok2 {
		switch {
		case px.Kind == PatPrefix && py.Kind == PatPrefix:
			if strings.HasPrefix(px.Lit, py.Lit) {
				return px.Lit, true
			}
			if strings.HasPrefix(py.Lit, px.Lit) {
				return py.Lit, true
			}
			return "", false
		case px.Kind == PatSuffix && py.Kind == PatSuffix:
			if strings.HasSuffix(px.Lit, py.Lit) {
				return px.Lit, true
			}
			if strings.HasSuffix(py.Lit, px.Lit) {
				return py.Lit, true
			}
			return "", false
		}
	}
	// Anchored literal prefixes that differ prove disjointness.
	if lx, okx := anchoredPrefix(x); okx {
		if ly, oky := anchoredPrefix(y); oky && !strings.HasPrefix(lx, ly) && !strings.HasPrefix(ly, lx) {
			return "", false
		}
	}
	for _, s := range []string{sampleOf(x), sampleOf(y), sampleOf(x) + sampleOf(y), sampleOf(y) + sampleOf(x)} {
		if rx.MatchString(s) && ry.MatchString(s) {
			return s, true
		}
	}
	if (ok1 && px.Kind == PatExact) || (ok2 && py.Kind == PatExact) {
		return "", false // an exact literal was tested above
	}
	return sampleOf(x), true // not proven disjoint
}

// PatKind classifies a pattern used as a discriminator.
type PatKind int

// The pattern kinds: a literal prefix ("^lit"), a literal suffix ("lit$"), the literal
// itself ("^lit$"), or any other regular expression.
const (
	PatRegexp PatKind = iota
	PatPrefix
	PatSuffix
	PatExact
)

// Pattern is a classified discriminator pattern.
type Pattern struct {
	Kind PatKind
	// Lit is the literal of a prefix, suffix or exact pattern.
	Lit string
}

// ClassifyPattern classifies an RE2 pattern: ok is false when it does not parse.
func ClassifyPattern(re2 string) (Pattern, bool) {
	re, err := syntax.Parse(re2, syntax.Perl)
	if err != nil {
		return Pattern{}, false
	}
	re = re.Simplify()
	subs := []*syntax.Regexp{re}
	if re.Op == syntax.OpConcat {
		subs = re.Sub
	}
	begin := len(subs) > 0 && subs[0].Op == syntax.OpBeginText
	end := len(subs) > 0 && subs[len(subs)-1].Op == syntax.OpEndText
	mid := subs
	if begin {
		mid = mid[1:]
	}
	if end && len(mid) > 0 {
		mid = mid[:len(mid)-1]
	}
	var lit strings.Builder
	for _, s := range mid {
		if s.Op != syntax.OpLiteral || s.Flags&syntax.FoldCase != 0 {
			return Pattern{Kind: PatRegexp}, true
		}
		lit.WriteString(string(s.Rune))
	}
	switch {
	case begin && end:
		return Pattern{Kind: PatExact, Lit: lit.String()}, true
	case begin:
		return Pattern{Kind: PatPrefix, Lit: lit.String()}, true
	case end:
		return Pattern{Kind: PatSuffix, Lit: lit.String()}, true
	}
	return Pattern{Kind: PatRegexp}, true
}

// anchoredPrefix returns the literal every match of a ^-anchored pattern starts with.
func anchoredPrefix(re2 string) (string, bool) {
	re, err := syntax.Parse(re2, syntax.Perl)
	if err != nil {
		return "", false
	}
	re = re.Simplify()
	if re.Op != syntax.OpConcat || len(re.Sub) == 0 || re.Sub[0].Op != syntax.OpBeginText {
		return "", false
	}
	var lit strings.Builder
	for _, s := range re.Sub[1:] {
		if s.Op != syntax.OpLiteral || s.Flags&syntax.FoldCase != 0 {
			break
		}
		lit.WriteString(string(s.Rune))
	}
	return lit.String(), true
}

// sampleOf returns a string that the RE2 pattern matches (best effort).
func sampleOf(re2 string) string {
	re, err := syntax.Parse(re2, syntax.Perl)
	if err != nil {
		return ""
	}
	var b strings.Builder
	sample(&b, re.Simplify())
	return b.String()
}

func sample(b *strings.Builder, re *syntax.Regexp) {
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		if len(re.Rune) > 0 {
			r := re.Rune[0]
			// Prefer a printable ASCII letter or digit inside the class.
			for i := 0; i+1 < len(re.Rune); i += 2 {
				for _, c := range "aA0" {
					if re.Rune[i] <= c && c <= re.Rune[i+1] {
						r = c
					}
				}
			}
			b.WriteRune(r)
		}
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte('a')
	case syntax.OpCapture:
		sample(b, re.Sub[0])
	case syntax.OpPlus:
		sample(b, re.Sub[0])
	case syntax.OpRepeat:
		for i := 0; i < re.Min; i++ {
			sample(b, re.Sub[0])
		}
	case syntax.OpConcat:
		for _, s := range re.Sub {
			sample(b, s)
		}
	case syntax.OpAlternate:
		sample(b, re.Sub[0])
	}
}

// exampleFrame renders witnesses as a JSON object (members sorted by name).
func (p *Protocol) exampleFrame(ws []witness) string {
	type obj map[string]any
	root := obj{}
	for i, w := range ws {
		if w.absent {
			continue
		}
		cur := root
		toks := p.Slots[i].Tokens
		for _, t := range toks[:len(toks)-1] {
			next, ok := cur[t].(obj)
			if !ok {
				next = obj{}
				cur[t] = next
			}
			cur = next
		}
		if _, ok := cur[toks[len(toks)-1]].(obj); !ok {
			cur[toks[len(toks)-1]] = json.RawMessage(w.json)
		}
	}
	var render func(o obj) string
	render = func(o obj) string {
		keys := make([]string, 0, len(o))
		for k := range o {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var sb strings.Builder
		sb.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(quoteJSON(k))
			sb.WriteByte(':')
			switch v := o[k].(type) {
			case obj:
				sb.WriteString(render(v))
			case json.RawMessage:
				sb.Write(v)
			}
		}
		sb.WriteByte('}')
		return sb.String()
	}
	return render(root)
}

// Match returns the messages whose routes the frame v (as encoding/json decodes it, with
// UseNumber) satisfies, in schema order, and the message Decode picks: the only one, or
// the precedence's winner; nil when none or no precedence decides. It is the reference
// for the generated router.
func (p *Protocol) Match(v any) (matches []*Message, pick *Message) {
	switch x := v.(type) {
	case map[string]any:
		for _, m := range p.Messages {
			if !m.Route.Array && p.routeHolds(m, x) {
				matches = append(matches, m)
			}
		}
	case []any:
		for _, m := range p.Messages {
			if m.Route.Array && p.arrayRouteHolds(m, x) {
				matches = append(matches, m)
			}
		}
	default:
		return nil, nil
	}
	switch {
	case len(matches) == 1:
		return matches, matches[0]
	case len(matches) > 1:
		for _, w := range p.Precedence {
			if !contains2(matches, w) {
				continue
			}
			for _, o := range matches {
				if o != w && !p.precedes(w, o) {
					return matches, nil
				}
			}
			return matches, w
		}
	}
	return matches, nil
}

func contains2(ms []*Message, m *Message) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

// arrayRouteHolds reports whether the array frame arr satisfies the array message m's
// route: its length bounds and its conditions on the position slots.
func (p *Protocol) arrayRouteHolds(m *Message, arr []any) bool {
	n := int64(len(arr))
	if n < m.Route.MinLen || m.Route.MaxLen >= 0 && n > m.Route.MaxLen {
		return false
	}
	for i, s := range p.Slots {
		if !s.Position {
			continue
		}
		c := m.Route.Conds[i]
		k := s.Index()
		if k >= len(arr) {
			if !c.Absent {
				return false
			}
			continue
		}
		canon, ok := canonicalOf(arr[k])
		if !ok || !valueOK(c, canon) {
			return false
		}
	}
	return true
}

func (p *Protocol) routeHolds(m *Message, obj map[string]any) bool {
	for i, s := range p.Slots {
		if s.Position {
			continue
		}
		c := m.Route.Conds[i]
		val, present := lookup(obj, s.Tokens)
		if !present {
			if !c.Absent {
				return false
			}
			continue
		}
		if !s.Value {
			if !c.Present {
				return false
			}
			continue
		}
		canon, ok := canonicalOf(val)
		if !ok || !valueOK(c, canon) {
			return false
		}
	}
	if m.Route.Closed {
		for k := range obj {
			if !contains(m.Route.Declared, k) {
				return false
			}
		}
	}
	return true
}

func lookup(obj map[string]any, toks []string) (any, bool) {
	var cur any = obj
	for _, t := range toks {
		o, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		cur, ok = o[t]
		if !ok {
			return nil, false
		}
	}
	return cur, true
}

// canonicalOf renders a decoded value's kind-relevant canonical form (objects and arrays
// as {} and []: routes compare only strings, numbers, booleans and null by value).
func canonicalOf(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "null", true
	case bool:
		return strconv.FormatBool(x), true
	case string:
		return quoteJSON(x), true
	case json.Number:
		return CanonicalNumber(string(x)), true
	case map[string]any:
		return "{}", true
	case []any:
		return "[]", true
	}
	return fmt.Sprint(v), false
}
