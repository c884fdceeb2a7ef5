package schema

import (
	"fmt"
	"os"
	"strconv"
)

// Load reads, checks and models the protocol description at path. When the file is
// refused the error is an [Errors] listing every problem found.
func Load(path string) (*Protocol, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, Errors{{File: path, Pointer: "#", Reason: err.Error()}}
	}
	return Parse(path, data)
}

// Parse is [Load] for a description already in memory; path is used in messages, in
// the default package name and in generated headers.
//
// It works in three passes, each on a document the previous one accepted: the text
// (UTF-8 without a byte-order mark, JSON without duplicate member names, nested at most
// [MaxNesting] levels, no JSON pointer longer than [MaxPointer], no number beyond 1e±1000,
// which math/big would expand), the JSON Schema 2020-12 meta-schema (see metaCheck), then the builder, which refuses what wsgen
// cannot generate and models the rest. Time and memory grow linearly with the file's
// size (routes are compared only within groups no discriminator value tells apart). The reference validator behind [Protocol.Validate]
// is compiled on first use only.
func Parse(path string, data []byte) (*Protocol, error) {
	if e := checkText(path, data); e != nil {
		return nil, Errors{e}
	}
	root, err := parseJSON(data)
	if err != nil {
		e := &Error{File: path, Pointer: "#", Reason: err.Error()}
		if se, ok := err.(*syntaxError); ok {
			e.Line, e.Column = se.line, se.col
		}
		return nil, Errors{e}
	}
	b := &builder{
		path:          path,
		root:          root,
		named:         map[string]*Type{},
		pending:       map[string]bool{},
		idents:        map[string]string{},
		patterns:      map[string]string{},
		defGo:         map[string]string{},
		goNamed:       map[*node]bool{},
		declPtr:       map[*node]string{},
		formatChecked: map[*Type]bool{},
		p:             &Protocol{Path: path, Discriminator: "type"},
	}
	b.metaCheck(root, "")
	meta := b.errs
	b.errs = nil
	for _, n := range reservedPackageNames {
		b.idents[n] = "" // reserved
	}
	b.build()
	if len(meta) > 0 {
		// The builder read the tree with the refused keywords removed: keep its findings
		// away from them, once per location.
		seen := map[string]bool{}
		for _, e := range meta {
			seen[e.Pointer] = true
		}
		for _, e := range b.errs {
			if !seen[e.Pointer] {
				meta = append(meta, e)
			}
		}
		return nil, meta
	}
	if len(b.errs) > 0 {
		return nil, b.errs
	}
	// The reference validator compiles patterns as RE2: give it the ECMA-262 patterns
	// translated by RE2Pattern, at their places (pointers are unchanged).
	if len(b.patterns) > 0 {
		data = root.appendJSON(nil, "", b.patterns)
	}
	b.p.source = data
	return b.p, nil
}

type builder struct {
	path string
	root *node
	errs Errors
	defs []member
	// defIndex finds a root $defs entry by name (built on first use by defNode).
	defIndex map[string]*node
	named    map[string]*Type  // $defs key -> type
	msgDefs  map[string]bool   // $defs keys that are messages
	pending  map[string]bool   // $defs keys being built (recursion)
	idents   map[string]string // claimed package-level Go names -> claimant's pointer ("" reserved)
	defGo    map[string]string // $defs key -> Go name (x-wsgen goName or GoName)
	goNamed  map[*node]bool    // schemas that may carry an x-wsgen holding only goName
	declPtr  map[*node]string  // property schemas merged from an allOf part -> their pointer
	// formatChecked: object types with sensitive members checked by formatNames.
	formatChecked map[*Type]bool
	// patterns maps the pointer of each "pattern" keyword whose RE2 translation differs
	// from the ECMA-262 text to that translation.
	patterns map[string]string
	p        *Protocol
	// discList is the root x-wsgen "discriminator" as pointers (nil: inferred);
	// precNode its "precedence".
	discList []string
	precNode *node
	// gapPtr is the pointer of the root x-wsgen "gap"; gapSet says it is an object,
	// gapPolicy that it has a "policy" (valid or not).
	gapPtr            string
	gapSet, gapPolicy bool
}

func (b *builder) errorf(ptr, format string, args ...any) {
	b.errs = append(b.errs, &Error{File: b.path, Pointer: "#" + ptr, Reason: fmt.Sprintf(format, args...)})
}

var rootKeywords = map[string]bool{"$schema": true, "$defs": true, "oneOf": true, "x-wsgen": true, "title": true, "description": true, "type": true, "$comment": true}

func (b *builder) build() {
	r := b.root
	if r.kind != 'o' {
		b.errorf("", "the protocol description must be a JSON object")
		return
	}
	for _, m := range r.members {
		if !rootKeywords[m.name] {
			b.errorf("/"+escapePointer(m.name), "unsupported keyword %q at the root (the root is a oneOf of $refs to messages in $defs)", m.name)
		}
	}
	if t := r.get("type"); t != nil && !(t.kind == 's' && t.str == "object") {
		b.errorf("/type", "the root type must be \"object\"")
	}
	b.p.Title, b.p.Description = str(r.get("title")), str(r.get("description"))
	b.rootSettings()
	if d := r.get("$defs"); d != nil && d.kind == 'o' {
		b.defs = d.members
	}
	one := r.get("oneOf")
	if one == nil || one.kind != 'a' || len(one.elems) == 0 {
		b.errorf("", "the root needs a oneOf listing the messages as {\"$ref\": \"#/$defs/NAME\"}")
		return
	}
	msgDefs := map[string]bool{}
	var msgNames []string
	for i, e := range one.elems {
		ptr := "/oneOf/" + strconv.Itoa(i)
		ref := e.get("$ref")
		if e.kind != 'o' || len(e.members) != 1 || ref == nil || ref.kind != 's' {
			b.errorf(ptr, "each root oneOf entry must be exactly {\"$ref\": \"#/$defs/NAME\"}")
			continue
		}
		name, ok := b.defName(ref.str)
		if !ok {
			b.errorf(ptr+"/$ref", "unresolvable $ref %q: messages must be entries of the root $defs", ref.str)
			continue
		}
		if msgDefs[name] {
			b.errorf(ptr+"/$ref", "message %q is listed twice", name)
			continue
		}
		msgDefs[name] = true
		msgNames = append(msgNames, name)
	}
	b.msgDefs = msgDefs
	// Claim message names first so nested types never take a message's name.
	for _, name := range msgNames {
		if gn := b.defGoName(name); gn != "" {
			b.ident(gn, "/$defs/"+escapePointer(name))
		}
	}
	for _, m := range b.defs {
		if !msgDefs[m.name] {
			b.resolve(m.name, "/$defs/"+escapePointer(m.name))
		}
	}
	for _, name := range msgNames {
		if msg := b.message(name); msg != nil {
			b.p.Messages = append(b.p.Messages, msg)
			if msg.Type.Repr == ReprTuple && r.get("type") != nil {
				b.errorf("/type", "the root type \"object\" refuses the array message %q: remove the root \"type\"", name)
			}
		}
	}
	if len(b.errs) == 0 {
		b.routes()
	}
	for _, m := range b.p.Messages {
		b.messageSettings(m, b.defNode(m.Name).get("x-wsgen"), m.Pointer+"/x-wsgen")
	}
	b.sensitiveRoleChecks()
	b.logValueNames()
	b.snapshotChecks()
	b.gapChecks()
	b.sequenceChecks()
	b.replyChecks()
	b.pingChecks()
	b.heartbeatChecks()
}

func str(n *node) string {
	if n != nil && n.kind == 's' {
		return n.str
	}
	return ""
}
