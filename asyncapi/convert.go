package asyncapi

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/wsgen/wsgen/schema"
)

// Result is a document read into a wsgen protocol.
type Result struct {
	// Path is the document's path as given.
	Path string
	// Version is the document's "asyncapi" version.
	Version string
	// Document is the equivalent wsgen protocol description (JSON Schema 2020-12 with
	// x-wsgen keys), indented, with a stable member order: what "wsgen convert" writes.
	Document []byte
	// Protocol is Document loaded by package schema: what gen consumes.
	Protocol *schema.Protocol
	// Warnings lists every inference and loosening, in the order found.
	Warnings []Warning
	// Messages reports each AsyncAPI message of the document, in document order.
	Messages []MessageReport
	// Examples are the message examples of the document, as JSON frames.
	Examples []Example
}

// MessageReport says what became of one AsyncAPI message.
type MessageReport struct {
	// Name is the message's name (its components/messages key) and Pointer its place.
	Name, Pointer string
	// Wsgen lists the $defs names of the wsgen messages that stand for it (several
	// when its payload is a oneOf; shared when messages share a discriminator value).
	Wsgen []string
	// Refused says why no wsgen message stands for it ("" when one does).
	Refused string
}

// Options adjust reading. A nil *Options reads referenced files with os.ReadFile.
type Options struct {
	// ReadFile reads a file referenced by a relative $ref (default os.ReadFile).
	ReadFile func(path string) ([]byte, error)
}

// conv holds the state of one conversion.
type conv struct {
	path     string
	readFile func(string) ([]byte, error)
	files    map[string]*node
	root     *node
	major    int
	errs     schema.Errors
	warns    []Warning

	msgs   []*amsg
	byNode map[string]*amsg

	defs     *node             // shared $defs translated so far
	defNames map[string]string // source file+pointer -> $defs name
	defTaken map[string]bool

	units []*unit
	prec  []*unit // the root x-wsgen precedence, built as overlaps are found

	work     int             // schemas translated so far (bounded by maxWork)
	inlining map[*node]bool  // allOf parts being translated
	inlined  map[*node]*node // allOf parts translated

	untyped   int   // schemas inferType gave a type
	untypedAt *node // the first of them
}

// unit is one wsgen message in the making: a message, or one branch of a message whose
// payload is a oneOf, or several of those merged because they share a wire name.
type unit struct {
	name    string
	msgs    []*amsg
	src     *node  // where it comes from (the payload or the branch)
	schema  *node  // the translated object schema
	wire    string // the string value of its first discriminator ("" if none)
	key     string // "member=value" of its first discriminator; "" when routed by shape
	xw      *node  // x-wsgen under construction
	refused string
	merged  bool
	// reqs holds, once the unit is merged, the required list of each unit merged into
	// it (its own first); loose says a merge widened a member (enums united, a differing
	// schema dropped), so the required sets cannot make the merge exact.
	reqs  []*node
	loose bool
	sets  *node // the oneOf or anyOf of required sets requiredSets made
}

// Load reads the AsyncAPI document at path (YAML or JSON).
func Load(path string, opts *Options) (*Result, error) {
	rf := osReadFile
	if opts != nil && opts.ReadFile != nil {
		rf = opts.ReadFile
	}
	data, err := rf(path)
	if err != nil {
		return nil, schema.Errors{{File: path, Pointer: "#", Reason: err.Error()}}
	}
	return Parse(path, data, opts)
}

// Parse reads an AsyncAPI document already in memory; path names it in messages and
// locates the files its relative $refs name. When the document is refused the error is
// a [schema.Errors] listing every problem, each "file:#/pointer: reason", and the
// result, when not nil, holds only the warnings found until then.
func Parse(path string, data []byte, opts *Options) (res *Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, schema.Errors{{File: path, Pointer: "#", Reason: fmt.Sprintf("internal error while reading the document (please report): %v", r)}}
		}
	}()
	c := &conv{
		path:     path,
		readFile: osReadFile,
		files:    map[string]*node{},
		byNode:   map[string]*amsg{},
		defs:     objNode(),
		defNames: map[string]string{},
		defTaken: map[string]bool{},
		inlining: map[*node]bool{},
		inlined:  map[*node]*node{},
	}
	if opts != nil && opts.ReadFile != nil {
		c.readFile = opts.ReadFile
	}
	var y yaml.Node
	if err := yaml.Unmarshal(data, &y); err != nil {
		return nil, schema.Errors{{File: path, Pointer: "#", Reason: "not a YAML or JSON document: " + strings.ReplaceAll(err.Error(), "\n", " ")}}
	}
	root, err := fromYAML(path, &y)
	if err != nil {
		if re, ok := err.(*readError); ok {
			return nil, schema.Errors{{File: path, Pointer: re.ptr, Reason: re.reason}}
		}
		return nil, schema.Errors{{File: path, Pointer: "#", Reason: err.Error()}}
	}
	c.files[path] = root
	c.root = root
	return c.run()
}

// run converts the document. On error the result still carries the warnings found.
func (c *conv) run() (res *Result, err error) {
	res = &Result{Path: c.path}
	defer func() {
		if res != nil {
			res.Warnings = c.warns
		}
	}()
	if c.root.kind != 'o' {
		return nil, schema.Errors{{File: c.path, Pointer: "#", Reason: "an AsyncAPI document must be an object"}}
	}
	v := c.root.get("asyncapi")
	if !v.isStr() {
		return nil, schema.Errors{{File: c.path, Pointer: "#/asyncapi", Reason: "no \"asyncapi\" version string: not an AsyncAPI document"}}
	}
	res.Version = v.str
	switch {
	case strings.HasPrefix(v.str, "2.") && len(v.str) > 2:
		c.major = 2
	case strings.HasPrefix(v.str, "3.0.") || strings.HasPrefix(v.str, "3.1."):
		c.major = 3
	default:
		return nil, schema.Errors{{File: c.path, Pointer: "#/asyncapi", Reason: fmt.Sprintf("AsyncAPI version %q is not supported (2.x and 3.0/3.1 are)", v.str)}}
	}
	msgs := c.messages()
	if len(c.errs) > 0 {
		return res, c.errs
	}
	if len(msgs) == 0 {
		return res, schema.Errors{{File: c.path, Pointer: "#", Reason: "the document describes no message"}}
	}
	// Reserve the message names before any schema is translated, so shared $defs
	// never take them.
	for _, m := range msgs {
		c.defTaken[m.name] = true
	}
	for _, m := range msgs {
		c.split(m)
	}
	c.inferredTypes()
	c.refuseScalars()
	if len(c.errs) > 0 {
		return res, c.errs
	}
	disc := c.discriminators()
	for _, u := range c.units {
		if u.refused == "" {
			c.route(u, disc)
		}
	}
	c.mergeUnits()
	c.roles()
	doc := c.document(disc)
	p, doc, err := c.load(doc)
	if err != nil {
		return res, err
	}
	res.Protocol = p
	c.examples(res)
	res.Document = doc.pretty()
	for _, m := range msgs {
		r := MessageReport{Name: m.name, Pointer: m.n.ptr}
		var why []string
		for _, u := range c.units {
			if !u.hasMsg(m) {
				continue
			}
			if u.refused != "" {
				why = append(why, u.refused)
			} else if !contains(r.Wsgen, u.name) {
				r.Wsgen = append(r.Wsgen, u.name)
			}
		}
		if len(r.Wsgen) == 0 {
			r.Refused = strings.Join(why, "; ")
			if r.Refused == "" {
				r.Refused = m.refused
			}
		}
		res.Messages = append(res.Messages, r)
	}
	return res, nil
}

// refuseScalars leaves out the units whose payload is a bare value (neither an object
// nor an array), saying why: its kind, or its contentType when that is not JSON.
func (c *conv) refuseScalars() {
	for _, u := range c.units {
		k := scalarOnly(u.schema)
		if k == "" {
			continue
		}
		if ct := c.contentType(u.msgs[0]); ct != "" && !strings.Contains(strings.ToLower(ct), "json") {
			// AssemblyAI's audio chunks: a binary frame, not JSON at all.
			u.refused = "its contentType is " + ct + ", not JSON"
			c.warnf(u.src, "message %q left out: its contentType is %s (%s), not JSON; wsgen models JSON text frames only", u.name, ct, k)
			continue
		}
		u.refused = "its payload is " + k + ", not an object or an array"
		c.warnf(u.src, "message %q left out: its payload is %s; a wsgen message is a JSON object or array (a bare value has nowhere to carry its kind)", u.name, k)
	}
}

// contentType is the message's contentType, else the document's defaultContentType
// ("" when neither is a string).
func (c *conv) contentType(m *amsg) string {
	if ct := m.n.get("contentType"); ct.isStr() {
		return ct.str
	}
	if ct := c.root.get("defaultContentType"); ct.isStr() {
		return ct.str
	}
	return ""
}

// scalarOnly names the kinds a schema allows when its "type" allows neither an object
// nor an array ("a string", "a string or null"); "" otherwise.
func scalarOnly(s *node) string {
	t := s.get("type")
	var kinds []string
	switch {
	case t.isStr():
		kinds = []string{t.str}
	case t != nil && t.kind == 'a':
		for _, e := range t.elems {
			kinds = append(kinds, e.str)
		}
	default:
		return ""
	}
	for _, k := range kinds {
		if k == "object" || k == "array" {
			return ""
		}
	}
	if len(kinds) == 0 || kinds[0] == "" {
		return ""
	}
	article := "a "
	if strings.IndexByte("aeiou", kinds[0][0]) >= 0 {
		article = "an "
	}
	return article + strings.Join(kinds, " or ")
}

func (u *unit) hasMsg(m *amsg) bool { return containsMsg(u.msgs, m) }

// flows reports whether the client sends any of the unit's messages, and whether it
// receives any.
func (u *unit) flows() (sent, received bool) {
	for _, m := range u.msgs {
		sent, received = sent || m.sent, received || m.received
	}
	return sent, received
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// split makes a message's units: one for its payload, or one per branch when the
// payload's root is a oneOf or an anyOf (each branch merged with the keywords beside it).
func (c *conv) split(m *amsg) {
	payload := m.n.get("payload")
	if payload == nil {
		m.refused = "the message has no payload"
		c.warnf(m.n, "message %q has no payload: wsgen has nothing to decode and leaves it out", m.name)
		return
	}
	fmtNode := m.n.get("schemaFormat")
	if c.major == 3 && payload.kind == 'o' && payload.has("schema") && payload.has("schemaFormat") {
		fmtNode, payload = payload.get("schemaFormat"), payload.get("schema")
	}
	if fmtNode != nil && !jsonSchemaFormat(fmtNode.str) {
		m.refused = "schemaFormat " + fmtNode.str + " is not a JSON Schema"
		c.warnf(fmtNode, "schemaFormat %q is not AsyncAPI or JSON Schema: wsgen leaves the message out", fmtNode.str)
		return
	}
	root, err := c.deref(payload)
	if err != nil {
		c.errorf(payload, "%v", err)
		return
	}
	key := "oneOf"
	if !root.has(key) {
		key = "anyOf" // split the same way: a frame several branches accept is read as one
	}
	one := root.get(key)
	if one == nil || one.kind != 'a' || len(one.elems) == 0 {
		u := &unit{name: m.name, msgs: []*amsg{m}, src: root}
		u.schema = c.schema(root, 0)
		u.schema.file, u.schema.ptr = payload.file, payload.ptr
		c.units = append(c.units, u)
		return
	}
	rest := objNode().from(root)
	for i, k := range root.keys {
		if k != key {
			rest.set(k, root.vals[i])
		}
	}
	for i, b := range one.elems {
		name := fmt.Sprintf("%s_%d", m.name, i)
		if b.kind == 'o' && b.get("$ref").isStr() {
			ref := b.get("$ref").str
			name = unescapeToken(ref[strings.LastIndex(ref, "/")+1:])
		}
		if c.defTaken[name] && name != m.name {
			name = m.name + "_" + name
		}
		c.defTaken[name] = true
		syn := objNode().from(b)
		syn.set("allOf", arrNode(rest, b).from(b))
		u := &unit{name: name, msgs: []*amsg{m}, src: b}
		u.schema = c.schema(syn, 0)
		c.units = append(c.units, u)
	}
	if key == "anyOf" {
		c.warnf(one, "message %q is an anyOf of %d schemas: wsgen makes one message of each (named after the branch), and reads a frame that several accept as one of them", m.name, len(one.elems))
		return
	}
	c.warnf(one, "message %q is a oneOf of %d schemas: wsgen makes one message of each (named after the branch)", m.name, len(one.elems))
}

func jsonSchemaFormat(f string) bool {
	f = strings.ToLower(f)
	return strings.HasPrefix(f, "application/vnd.aai.asyncapi") || strings.HasPrefix(f, "application/schema+json") || strings.HasPrefix(f, "application/schema+yaml")
}

// mergeUnits joins units that share a wire name into one wsgen message: members are
// united, a member required by all stays required. The merged message accepts more
// frames than the separate ones (a warning says so).
func (c *conv) mergeUnits() {
	byWire := map[string]*unit{}
	var out []*unit
	for _, u := range c.units {
		if u.refused != "" {
			out = append(out, u)
			continue
		}
		if u.key == "" {
			out = append(out, u) // recognised by shape: never merged
			continue
		}
		first, ok := byWire[u.key]
		if !ok {
			byWire[u.key] = u
			out = append(out, u)
			continue
		}
		cross := crossing(first, u)
		if !first.merged && len(first.msgs) == 1 && len(u.msgs) == 1 && first.msgs[0] == u.msgs[0] {
			first.name = first.msgs[0].name // branches of one message merge back under its name
		}
		if !first.merged {
			first.reqs = []*node{cloneRequired(first.schema)}
		}
		first.merged = true
		first.reqs = append(first.reqs, cloneRequired(u.schema))
		for _, m := range u.msgs {
			if !containsMsg(first.msgs, m) {
				first.msgs = append(first.msgs, m)
			}
		}
		if mergeLoose(c, first.schema, u.schema) {
			first.loose = true
		}
		key := c.requiredSets(first)
		if key == "" {
			c.warnf(u.src, "message %q has the route %s of %q%s: wsgen merges them into one message %q with the members of both, required only where both require them, which accepts frames mixing their members", u.name, u.key, firstName(first), cross, first.name)
		} else {
			c.warnf(u.src, "message %q has the route %s of %q%s: wsgen merges them into one message %q with the members of both and %s of the members each requires beyond the others", u.name, u.key, firstName(first), cross, first.name, map[string]string{"oneOf": "a oneOf", "anyOf": "an anyOf"}[key])
		}
	}
	c.units = out
}

// crossing explains a merge of units that flow in opposite directions (a request and
// its reply sharing an op, as lemmy's Login and LoginResponse): wsgen routes the frames of
// both directions through one oneOf, so it cannot keep them apart. "" otherwise.
func crossing(a, b *unit) string {
	as, ar := a.flows()
	bs, br := b.flows()
	if as != ar && bs != br && as != bs {
		return " sent the other way (the routes of both directions are one set in wsgen)"
	}
	return ""
}

// cloneRequired is a copy of the "required" list of the object schema n (nil: none).
func cloneRequired(n *node) *node {
	r := n.get("required")
	if r == nil || r.kind != 'a' {
		return nil
	}
	return arrNode(r.elems...).from(r)
}

// requiredSets keeps a merged unit exact where the merged messages differ by the
// members they require: it sets the schema's oneOf (the units are branches of one
// message's oneOf) or anyOf (separate messages) of the members each unit requires beyond
// those all require, and returns the keyword. It returns "" (and removes a set it made
// before) when a merge widened a member, a unit requires nothing beyond the others, or
// the schema has its own oneOf or anyOf.
func (c *conv) requiredSets(u *unit) string {
	key := "anyOf"
	if len(u.msgs) == 1 {
		key = "oneOf"
	}
	for _, k := range []string{"oneOf", "anyOf"} {
		if n := u.schema.get(k); n != nil && n != u.sets {
			return ""
		}
		u.schema.del(k)
	}
	u.sets = nil
	if u.loose {
		return ""
	}
	common := u.schema.get("required")
	var sets []*node
	for _, r := range u.reqs {
		var own []*node
		for _, e := range r.elemsOrNil() {
			shared := false
			for _, cr := range common.elemsOrNil() {
				shared = shared || equal(cr, e)
			}
			if !shared {
				own = append(own, e)
			}
		}
		if len(own) == 0 {
			return ""
		}
		set := objNode()
		set.set("required", arrNode(own...))
		sets = append(sets, set)
	}
	u.sets = arrNode(sets...)
	u.schema.set(key, u.sets)
	return key
}

func firstName(u *unit) string { return u.msgs[0].name }

// mergeLoose makes dst accept the frames of dst or src (for two object schemas). It
// reports whether it widened a member both declare (united enums or consts, or kept
// the first of two differing schemas).
func mergeLoose(c *conv, dst, src *node) (widened bool) {
	dp, sp := dst.get("properties"), src.get("properties")
	if dp == nil {
		dp = objNode()
		dst.set("properties", dp)
	}
	if sp != nil {
		for i, k := range sp.keys {
			old := dp.get(k)
			switch {
			case old == nil:
				dp.set(k, sp.vals[i])
			case equal(old, sp.vals[i]):
			default:
				if e1, e2 := old.get("enum"), sp.vals[i].get("enum"); e1 != nil && e2 != nil && e1.kind == 'a' && e2.kind == 'a' {
					for _, v := range e2.elems {
						dup := false
						for _, o := range e1.elems {
							dup = dup || equal(o, v)
						}
						if !dup {
							e1.elems = append(e1.elems, v)
						}
					}
					widened = true
					continue
				}
				if oc, sc := old.get("const"), sp.vals[i].get("const"); oc != nil && sc != nil && !equal(oc, sc) {
					old.del("const")
					old.set("enum", arrNode(oc, sc))
					widened = true
					continue
				}
				widened = true
				c.warnf(sp.vals[i], "member %q differs between merged messages; wsgen keeps the first schema", k)
			}
		}
	}
	dr, sr := dst.get("required"), src.get("required")
	if dr != nil {
		var keep []*node
		for _, r := range dr.elems {
			for _, s := range sr.elemsOrNil() {
				if equal(r, s) {
					keep = append(keep, r)
					break
				}
			}
		}
		dr.elems = keep
	}
	if dst.get("additionalProperties") != nil && !equal(dst.get("additionalProperties"), orTrue(src.get("additionalProperties"))) {
		dst.del("additionalProperties")
		widened = true
	}
	return widened
}

func (n *node) elemsOrNil() []*node {
	if n == nil {
		return nil
	}
	return n.elems
}

func orTrue(n *node) *node {
	if n == nil {
		return boolNode(true)
	}
	return n
}

// roles sets each unit's direction, correlation id and replies.
func (c *conv) roles() {
	unitsOf := func(m *amsg) []*unit {
		var out []*unit
		for _, u := range c.units {
			if u.refused == "" && u.hasMsg(m) {
				out = append(out, u)
			}
		}
		return out
	}
	for _, u := range c.units {
		if u.refused != "" {
			continue
		}
		u.xw = objNode()
		sent, received := u.flows()
		dir := "both"
		switch {
		case sent && !received:
			dir = "client"
		case received && !sent:
			dir = "server"
		}
		u.xw.set("direction", strNode(dir))
		for _, m := range u.msgs {
			if u.xw.has("correlationId") {
				break
			}
			c.correlation(u, m)
		}
	}
	for _, u := range c.units {
		if u.refused != "" {
			continue
		}
		var replies []*unit
		for _, m := range u.msgs {
			for _, r := range m.replies {
				for _, ru := range unitsOf(r) {
					if !containsUnit(replies, ru) {
						replies = append(replies, ru)
					}
				}
			}
		}
		if len(replies) == 0 {
			continue
		}
		if u.xw.get("direction").str == "server" {
			continue
		}
		cid := u.xw.get("correlationId")
		if cid == nil {
			c.warnf(u.src, "message %q has replies but no correlationId: wsgen cannot match them, so its method will not wait for one", u.name)
			continue
		}
		list := arrNode()
		for _, r := range replies {
			if r.xw.get("direction").str == "client" {
				continue
			}
			if !r.xw.has("correlationId") {
				if p := r.schema.get("properties").get(cid.str); p != nil {
					r.xw.set("correlationId", strNode(cid.str))
					c.warnf(r.src, "message %q answers %q but has no correlationId; wsgen infers %q, the member that carries the request's id", r.name, u.name, cid.str)
				} else {
					c.warnf(r.src, "message %q answers %q but has no member %q to carry the request's id; wsgen does not match it as a reply", r.name, u.name, cid.str)
					continue
				}
			}
			list.elems = append(list.elems, strNode(r.name))
		}
		if len(list.elems) > 0 {
			u.xw.set("reply", list)
		}
	}
}

func containsUnit(l []*unit, u *unit) bool {
	for _, x := range l {
		if x == u {
			return true
		}
	}
	return false
}

// correlation reads a message's correlationId location ("$message.payload#/reqid").
func (c *conv) correlation(u *unit, m *amsg) {
	cv := m.n.get("correlationId")
	if cv == nil {
		return
	}
	cn, err := c.deref(cv)
	if err != nil {
		c.errorf(cv, "%v", err)
		return
	}
	loc := cn.get("location")
	if !loc.isStr() {
		c.warnf(cn, "correlationId without a location; ignored")
		return
	}
	p, ok := strings.CutPrefix(loc.str, "$message.payload#")
	if !ok {
		c.warnf(loc, "correlationId location %q is not in the payload; wsgen reads correlation ids from the payload only, so it is ignored", loc.str)
		return
	}
	toks := strings.Split(strings.TrimPrefix(p, "/"), "/")
	if len(toks) != 1 || toks[0] == "" {
		c.warnf(loc, "correlationId location %q is nested; wsgen's roles name a top-level member, so it is ignored", loc.str)
		return
	}
	name := unescapeToken(toks[0])
	if u.schema.get("properties").get(name) == nil {
		c.warnf(loc, "correlationId location %q names no member of message %q; ignored", loc.str, u.name)
		return
	}
	u.xw.set("correlationId", strNode(name))
}

// document builds the wsgen protocol description.
func (c *conv) document(disc []string) *node {
	doc := objNode()
	doc.set("$schema", strNode("https://json-schema.org/draft/2020-12/schema"))
	info := c.root.get("info")
	title := ""
	if t := info.get("title"); t.isStr() {
		title = t.str
		if v := info.get("version"); v != nil && (v.kind == 's' || v.kind == 'n') {
			title += " " + v.str
		}
		doc.set("title", strNode(title))
	}
	doc.set("description", strNode(fmt.Sprintf("Translated by wsgen convert from the AsyncAPI %s document %s.", c.root.get("asyncapi").str, filepath.Base(c.path))))
	xw := objNode()
	if rx := c.root.get("x-wsgen"); rx != nil && rx.kind == 'o' {
		xw = rx.clone()
	}
	if !xw.has("package") {
		xw.set("package", strNode(packageName(title, c.path)))
	}
	// An inferred discriminator is a member name; one that starts with "/" would be
	// read as a JSON pointer, so it is written as the pointer to that member.
	written := func(d string) *node {
		if strings.HasPrefix(d, "/") && !c.root.get("x-wsgen").has("discriminator") {
			return strNode("/" + escapeToken(d))
		}
		return strNode(d)
	}
	if len(disc) == 1 {
		xw.set("discriminator", written(disc[0]))
	} else if len(disc) > 1 {
		l := arrNode()
		for _, d := range disc {
			l.elems = append(l.elems, written(d))
		}
		xw.set("discriminator", l)
	}
	doc.set("x-wsgen", xw)
	one := arrNode()
	defs := objNode()
	for _, u := range c.units {
		if u.refused != "" {
			continue
		}
		one.elems = append(one.elems, objNode().with("$ref", strNode("#/$defs/"+escapeToken(u.name))))
		s := u.schema
		if len(u.msgs) == 1 {
			m := u.msgs[0]
			if !s.has("description") {
				for _, k := range []string{"description", "summary"} {
					if d := m.n.get(k); d.isStr() {
						s.set("description", strNode(d.str))
						break
					}
				}
			}
		}
		// The message's own x-wsgen overrides what wsgen inferred.
		for _, m := range u.msgs {
			if mx := m.n.get("x-wsgen"); mx != nil && mx.kind == 'o' {
				for i, k := range mx.keys {
					u.xw.set(k, mx.vals[i].clone())
				}
			}
		}
		if sx := s.get("x-wsgen"); sx != nil && sx.kind == 'o' {
			for i, k := range sx.keys {
				u.xw.set(k, sx.vals[i])
			}
		}
		s.set("x-wsgen", u.xw)
		defs.set(u.name, s)
	}
	for i, k := range c.defs.keys {
		defs.set(k, c.defs.vals[i])
	}
	doc.set("oneOf", one)
	doc.set("$defs", defs)
	return doc
}

func (n *node) with(k string, v *node) *node { n.set(k, v); return n }

// packageName derives a Go package name from the first word of the title, else from
// the file name.
func packageName(title, path string) string {
	clean := func(s string) string {
		var b strings.Builder
		for _, r := range strings.ToLower(s) {
			if r < 128 && (unicode.IsLetter(r) || (unicode.IsDigit(r) && b.Len() > 0)) {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	if f := strings.Fields(title); len(f) > 0 {
		if p := clean(f[0]); p != "" {
			return p
		}
	}
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	base, _, _ = strings.Cut(base, "_")
	base, _, _ = strings.Cut(base, "-")
	if p := clean(base); p != "" {
		return p
	}
	return "protocol"
}
