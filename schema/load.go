package schema

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v5"
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
func Parse(path string, data []byte) (*Protocol, error) {
	root, err := parseJSON(data)
	if err != nil {
		e := &Error{File: path, Pointer: "#", Reason: err.Error()}
		if se, ok := err.(*syntaxError); ok {
			e.Line, e.Column = se.line, se.col
		}
		return nil, Errors{e}
	}
	b := &builder{
		path:     path,
		root:     root,
		named:    map[string]*Type{},
		pending:  map[string]bool{},
		idents:   map[string]string{},
		patterns: map[string]string{},
		defGo:    map[string]string{},
		goNamed:  map[*node]bool{},
		p:        &Protocol{Path: path, Discriminator: "type"},
	}
	for _, n := range reservedPackageNames {
		b.idents[n] = "" // reserved
	}
	if err := b.safeBuild(); err != nil {
		return nil, Errors{{File: path, Pointer: "#", Reason: err.Error()}}
	}
	// The reference validator compiles patterns as RE2: give it the ECMA-262 patterns
	// translated by RE2Pattern, at their places (pointers are unchanged).
	if len(b.patterns) > 0 {
		data = root.appendJSON(nil, "", b.patterns)
	}
	validator, errs, meta := compile(path, data)
	b.p.validator = validator
	b.p.source = data
	if meta {
		// Report the builder's findings and the meta-schema's, once per location.
		seen := map[string]bool{}
		for _, e := range b.errs {
			seen[e.Pointer] = true
		}
		for _, e := range errs {
			if !seen[e.Pointer] {
				b.errs = append(b.errs, e)
			}
		}
	}
	if len(b.errs) > 0 {
		return nil, b.errs
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return b.p, nil
}

// compile validates data against the 2020-12 meta-schema and compiles it for
// Protocol.Validate. Remote references are refused. meta reports that the errors come
// from the meta-schema.
func compile(path string, data []byte) (_ *jsonschema.Schema, _ Errors, meta bool) {
	const url = "file:///wsgen/protocol.json"
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.LoadURL = func(s string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("remote reference %q is not allowed", s)
	}
	if err := c.AddResource(url, bytes.NewReader(data)); err != nil {
		return nil, Errors{{File: path, Pointer: "#", Reason: err.Error()}}, true
	}
	s, err := c.Compile(url)
	if err == nil {
		return s, nil, false
	}
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		var es Errors
		for _, leaf := range leaves(ve) {
			es = append(es, &Error{File: path, Pointer: "#" + leaf.InstanceLocation, Reason: "not a valid 2020-12 schema: " + leaf.Message})
		}
		return nil, es, true
	}
	// Unresolvable references and bad patterns are reported by the builder with better
	// locations; the builder runs only when compile succeeded, so report them here.
	reason := err.Error()
	var se *jsonschema.SchemaError
	if errors.As(err, &se) && se.Err != nil {
		reason = se.Err.Error()
	}
	reason = strings.ReplaceAll(reason, url, filepath.Base(path))
	return nil, Errors{{File: path, Pointer: "#", Reason: strings.ReplaceAll(reason, "\n", " ")}}, false
}

func leaves(ve *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(ve.Causes) == 0 {
		return []*jsonschema.ValidationError{ve}
	}
	var out []*jsonschema.ValidationError
	for _, c := range ve.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

type builder struct {
	path    string
	root    *node
	errs    Errors
	defs    []member
	named   map[string]*Type  // $defs key -> type
	msgDefs map[string]bool   // $defs keys that are messages
	pending map[string]bool   // $defs keys being built (recursion)
	idents  map[string]string // claimed package-level Go names -> claimant's pointer ("" reserved)
	defGo   map[string]string // $defs key -> Go name (x-wsgen goName or GoName)
	goNamed map[*node]bool    // schemas that may carry an x-wsgen holding only goName
	// patterns maps the pointer of each "pattern" keyword whose RE2 translation differs
	// from the ECMA-262 text to that translation.
	patterns map[string]string
	p        *Protocol
	// discList is the root x-wsgen "discriminator" as pointers (nil: inferred);
	// precNode its "precedence".
	discList []string
	precNode *node
}

// safeBuild runs build, turning a panic (a wsgen bug on an unusual file) into an error.
func (b *builder) safeBuild() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error while reading the description (please report): %v", r)
		}
	}()
	b.build()
	return nil
}

func (b *builder) errorf(ptr, format string, args ...any) {
	b.errs = append(b.errs, &Error{File: b.path, Pointer: "#" + ptr, Reason: fmt.Sprintf(format, args...)})
}

// ident claims a package-level Go identifier for the schema value at ptr.
func (b *builder) ident(name, ptr string) {
	if name == "" {
		return
	}
	if other, ok := b.idents[name]; ok {
		if other == "" {
			b.errorf(ptr, "Go name %q is reserved: every generated package declares it (choose another with x-wsgen goName)", name)
		} else {
			b.errorf(ptr, "Go name %q is already taken by %s (choose another with x-wsgen goName)", name, other)
		}
		return
	}
	b.idents[name] = "#" + ptr
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
		}
	}
	if len(b.errs) == 0 {
		b.routes()
	}
	for _, m := range b.p.Messages {
		b.messageSettings(m, b.defNode(m.Name).get("x-wsgen"), m.Pointer+"/x-wsgen")
	}
	b.snapshotChecks()
	b.replyChecks()
}

func str(n *node) string {
	if n != nil && n.kind == 's' {
		return n.str
	}
	return ""
}

// defName resolves "#/$defs/NAME" (pointer-escaped and percent-encoded) to NAME when the
// root $defs has it.
func (b *builder) defName(ref string) (string, bool) {
	const prefix = "#/$defs/"
	if !strings.HasPrefix(ref, prefix) {
		return "", false
	}
	tok := ref[len(prefix):]
	if strings.Contains(tok, "/") {
		return "", false
	}
	if u, err := unpercent(tok); err == nil {
		tok = u
	} else {
		return "", false
	}
	name := unescapePointer(tok)
	for _, m := range b.defs {
		if m.name == name {
			return name, true
		}
	}
	return "", false
}

func unpercent(s string) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	var out []byte
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			out = append(out, s[i])
			continue
		}
		if i+2 >= len(s)+0 && i+2 > len(s)-1 {
			return "", errors.New("bad escape")
		}
		v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			return "", err
		}
		out = append(out, byte(v))
		i += 2
	}
	return string(out), nil
}

var rootSettingKeys = map[string]bool{"package": true, "discriminator": true, "closeCodes": true, "decimal": true, "precedence": true}

func (b *builder) rootSettings() {
	x := b.root.get("x-wsgen")
	pkg := filepath.Base(filepath.Dir(b.path))
	if pkg == "." || pkg == "/" || pkg == "" {
		pkg = strings.TrimSuffix(filepath.Base(b.path), filepath.Ext(b.path))
	}
	b.p.Package = strings.ToLower(pkg)
	if x == nil {
		if !isGoIdent(b.p.Package) {
			b.errorf("", "no x-wsgen package name, and %q is not a Go package name", b.p.Package)
		}
		return
	}
	if x.kind != 'o' {
		b.errorf("/x-wsgen", "x-wsgen must be an object")
		return
	}
	for _, m := range x.members {
		ptr := "/x-wsgen/" + escapePointer(m.name)
		if !rootSettingKeys[m.name] {
			b.errorf(ptr, "unknown x-wsgen key %q at the root (known: closeCodes, decimal, discriminator, package, precedence)", m.name)
			continue
		}
		switch m.name {
		case "package":
			if m.value.kind != 's' || !isGoIdent(m.value.str) {
				b.errorf(ptr, "package must be a Go package name")
				continue
			}
			b.p.Package = m.value.str
		case "discriminator":
			b.discriminators(m.value, ptr)
		case "precedence":
			b.precNode = m.value
		case "closeCodes":
			b.closeCodes(m.value, ptr)
		case "decimal":
			b.rootDecimal(m.value, ptr)
		}
	}
	if !isGoIdent(b.p.Package) {
		b.errorf("", "%q is not a Go package name", b.p.Package)
	}
}

// discriminators reads the root x-wsgen "discriminator": a member name or JSON pointer,
// or an array of them.
func (b *builder) discriminators(n *node, ptr string) {
	elems := []*node{n}
	if n.kind == 'a' {
		elems = n.elems
	}
	b.discList = []string{}
	seen := map[string]bool{}
	for i, e := range elems {
		ep := ptr
		if n.kind == 'a' {
			ep += "/" + strconv.Itoa(i)
		}
		if e.kind != 's' || e.str == "" {
			b.errorf(ep, "discriminator must be a member name or a JSON pointer (\"/arg/channel\"), or an array of them")
			continue
		}
		p := e.str
		if !strings.HasPrefix(p, "/") {
			p = "/" + escapePointer(p)
		}
		toks := pointerTokens(p)
		switch {
		case len(toks) > maxNested:
			b.errorf(ep, "discriminator %q is nested %d levels deep; at most %d are supported", e.str, len(toks), maxNested)
			continue
		case seen[p]:
			b.errorf(ep, "discriminator %q is listed twice", e.str)
			continue
		}
		for _, t := range toks {
			if t == "" {
				b.errorf(ep, "discriminator %q has an empty member name", e.str)
			}
		}
		seen[p] = true
		b.discList = append(b.discList, p)
	}
	if len(b.discList) == 0 && len(b.errs) == 0 {
		b.errorf(ptr, "discriminator lists no member")
	}
}

var closeCodeKeys = map[string]bool{"code": true, "name": true, "action": true, "minDelayMs": true, "description": true}

func (b *builder) closeCodes(n *node, ptr string) {
	if n.kind != 'a' {
		b.errorf(ptr, "closeCodes must be an array of {code, name, action, minDelayMs}")
		return
	}
	seen := map[int]bool{}
	for i, e := range n.elems {
		ep := ptr + "/" + strconv.Itoa(i)
		if e.kind != 'o' {
			b.errorf(ep, "a close code must be an object {code, name, action, minDelayMs}")
			continue
		}
		ok := true
		for _, m := range e.members {
			if !closeCodeKeys[m.name] {
				b.errorf(ep+"/"+escapePointer(m.name), "unknown close-code key %q (known: action, code, description, minDelayMs, name)", m.name)
				ok = false
			}
		}
		var cc CloseCode
		code := e.get("code")
		if code == nil || code.kind != 'n' {
			b.errorf(ep, "a close code needs a numeric code")
			ok = false
		} else if v, err := strconv.Atoi(string(code.num)); err != nil || v < 4000 || v > 4999 {
			b.errorf(ep+"/code", "application close codes must be integers in 4000..4999")
			ok = false
		} else if seen[v] {
			b.errorf(ep+"/code", "close code %d is listed twice", v)
			ok = false
		} else {
			seen[v] = true
			cc.Code = v
		}
		if nm := e.get("name"); nm == nil || nm.kind != 's' || nm.str == "" {
			b.errorf(ep, "a close code needs a non-empty name")
			ok = false
		} else {
			cc.Name = nm.str
		}
		switch a := e.get("action"); {
		case a == nil || a.kind != 's':
			b.errorf(ep, "a close code needs an action: reconnect, refresh-auth or stop")
			ok = false
		case a.str == "reconnect" || a.str == "refresh-auth" || a.str == "stop":
			cc.Action = a.str
		default:
			b.errorf(ep+"/action", "unknown action %q (want reconnect, refresh-auth or stop)", a.str)
			ok = false
		}
		if d := e.get("minDelayMs"); d != nil {
			v, err := strconv.ParseInt(string(d.num), 10, 64)
			if d.kind != 'n' || err != nil || v < 0 {
				b.errorf(ep+"/minDelayMs", "minDelayMs must be a non-negative integer of milliseconds")
				ok = false
			}
			cc.MinDelay = time.Duration(v) * time.Millisecond
		}
		if ok {
			b.p.CloseCodes = append(b.p.CloseCodes, cc)
		}
	}
	sort.Slice(b.p.CloseCodes, func(i, j int) bool { return b.p.CloseCodes[i].Code < b.p.CloseCodes[j].Code })
}

// resolve returns the type of the $defs entry name, building it on first use.
func (b *builder) resolve(name, refPtr string) *Type {
	if t, ok := b.named[name]; ok {
		return t
	}
	var n *node
	for _, m := range b.defs {
		if m.name == name {
			n = m.value
		}
	}
	if n == nil {
		b.errorf(refPtr, "unresolvable $ref to %q", name)
		return &Type{Kinds: Any, Repr: ReprRaw}
	}
	ptr := "/$defs/" + escapePointer(name)
	if b.pending[name] {
		b.errorf(refPtr, "recursive $ref to %q is not supported", name)
		return &Type{Kinds: Any, Repr: ReprRaw}
	}
	b.pending[name] = true
	gn := b.defGoName(name)
	if !b.msgDefs[name] {
		b.goNamed[n] = true
	}
	t := b.typeOf(n, ptr, gn, b.msgDefs[name])
	delete(b.pending, name)
	t.Ref = name
	b.named[name] = t
	return t
}

var typeKeywords = map[string]bool{
	"type": true, "properties": true, "required": true, "additionalProperties": true,
	"enum": true, "const": true, "minimum": true, "maximum": true, "exclusiveMinimum": true,
	"exclusiveMaximum": true, "multipleOf": true, "minLength": true, "maxLength": true,
	"pattern": true, "format": true, "items": true, "minItems": true, "maxItems": true,
	"uniqueItems": true, "prefixItems": true, "$ref": true, "title": true, "description": true, "default": true,
	"examples": true, "$comment": true,
}

var annotationKeywords = map[string]bool{"title": true, "description": true, "default": true, "examples": true, "$comment": true}

var kindNames = map[string]Kinds{"null": Null, "boolean": Bool, "integer": Int, "number": Number, "string": String, "array": Array, "object": Object}

// typeOf builds the type of the schema n at ptr; hint names its Go type if it needs one.
func (b *builder) typeOf(n *node, ptr, hint string, message bool) *Type {
	switch n.kind {
	case 'b':
		if n.boolean {
			return &Type{Pointer: ptr, Kinds: Any, Repr: ReprRaw}
		}
		return &Type{Pointer: ptr, Kinds: 0, Repr: ReprRaw}
	case 'o':
	default:
		b.errorf(ptr, "a schema must be an object or a boolean")
		return &Type{Pointer: ptr, Kinds: Any, Repr: ReprRaw}
	}
	for _, m := range n.members {
		if typeKeywords[m.name] || (m.name == "x-wsgen" && (message || b.goNamed[n])) {
			continue
		}
		switch m.name {
		case "$defs":
			b.errorf(ptr+"/$defs", "$defs is supported only at the root")
		case "oneOf", "anyOf":
			if requiredOnly(m.value) {
				continue // read by requiredSets
			}
			if m.name == "anyOf" {
				return b.sum(n, ptr, hint, "anyOf")
			}
			if !b.objectUnion(n.get("oneOf")) {
				return b.sum(n, ptr, hint, "oneOf")
			}
			return b.union(n, ptr, hint)
		case "x-wsgen":
			b.errorf(ptr+"/x-wsgen", "x-wsgen is allowed only at the root, on messages, on $defs entries and on properties")
		default:
			b.errorf(ptr+"/"+escapePointer(m.name), "unsupported keyword %q", m.name)
		}
	}
	if ref := n.get("$ref"); ref != nil {
		for _, m := range n.members {
			if m.name != "$ref" && !annotationKeywords[m.name] && !(m.name == "x-wsgen" && b.goNamed[n]) {
				b.errorf(ptr+"/"+escapePointer(m.name), "keyword %q next to $ref is not supported (only annotations may sit beside $ref)", m.name)
			}
		}
		name, ok := b.defName(str(ref))
		if !ok {
			b.errorf(ptr+"/$ref", "unresolvable $ref %q: wsgen resolves only \"#/$defs/NAME\"", str(ref))
			return &Type{Pointer: ptr, Kinds: Any, Repr: ReprRaw}
		}
		return b.resolve(name, ptr+"/$ref")
	}
	t := &Type{Pointer: ptr, Kinds: Any, Title: str(n.get("title")), Description: str(n.get("description"))}
	if tn := n.get("type"); tn != nil {
		t.Kinds = 0
		names := []*node{tn}
		if tn.kind == 'a' {
			names = tn.elems
		}
		for _, e := range names {
			t.Kinds |= kindNames[e.str]
		}
	}
	if c := n.get("const"); c != nil {
		s := c.canonical()
		t.Const = &s
		t.Kinds &= valueKinds(c)
	}
	if e := n.get("enum"); e != nil && e.kind == 'a' {
		var ks Kinds
		seen := map[string]bool{}
		for _, v := range e.elems {
			ks |= valueKinds(v)
			s := v.canonical()
			if !seen[s] {
				seen[s] = true
				t.Enum = append(t.Enum, s)
			}
		}
		if len(e.elems) == 0 {
			t.Enum = []string{}
		}
		t.Kinds &= ks
	}
	b.strings(n, t, ptr)
	b.numbers(n, t, ptr)

	nonNull := t.Kinds &^ Null
	switch nonNull {
	case Bool:
		t.Repr = ReprBool
	case Int:
		t.Repr = ReprInt
	case Frac, Number:
		t.Repr = ReprFloat
	case String:
		t.Repr = ReprString
	case Array:
		t.Repr = ReprArray
	case Object:
		t.Repr = ReprStruct
	default:
		t.Repr = ReprRaw
	}
	if n.get("prefixItems") != nil {
		b.tuple(n, t, ptr, hint)
	} else if t.Kinds.Has(Array) && hasAny(n, "items", "minItems", "maxItems", "uniqueItems") || t.Repr == ReprArray {
		b.array(n, t, ptr, hint)
	}
	if t.Kinds.Has(Object) && hasAny(n, "properties", "required", "additionalProperties") || t.Repr == ReprStruct {
		b.object(n, t, ptr, hint, message)
	}
	b.valueSettings(n, t, ptr)
	if t.Repr == ReprString && len(t.Enum) > 0 && t.Const == nil {
		b.stringEnum(t, ptr, hint)
	}
	if t.Repr == ReprInt && len(t.Enum) > 0 && t.Const == nil {
		b.intEnum(t, ptr, hint)
	}
	return t
}

func hasAny(n *node, keys ...string) bool {
	for _, k := range keys {
		if n.get(k) != nil {
			return true
		}
	}
	return false
}

// valueKinds is the kind of one JSON value, for narrowing by enum and const.
func valueKinds(v *node) Kinds {
	switch v.kind {
	case 'z':
		return Null
	case 'b':
		return Bool
	case 'n':
		if isIntegral(v.num) {
			return Int
		}
		return Frac
	case 's':
		return String
	case 'a':
		return Array
	}
	return Object
}

func nonNegInt(n *node) (*int64, bool) {
	if n == nil {
		return nil, true
	}
	r, ok := new(big.Rat).SetString(string(n.num))
	if n.kind != 'n' || !ok || !r.IsInt() || r.Sign() < 0 || !r.Num().IsInt64() {
		return nil, false
	}
	v := r.Num().Int64()
	return &v, true
}

func (b *builder) strings(n *node, t *Type, ptr string) {
	var ok bool
	if t.MinLength, ok = nonNegInt(n.get("minLength")); !ok {
		b.errorf(ptr+"/minLength", "minLength must be a non-negative integer")
	}
	if t.MaxLength, ok = nonNegInt(n.get("maxLength")); !ok {
		b.errorf(ptr+"/maxLength", "maxLength must be a non-negative integer")
	}
	if p := n.get("pattern"); p != nil && p.kind == 's' {
		re2, err := RE2Pattern(p.str)
		if err == nil {
			_, err = regexp.Compile(re2)
			if err != nil {
				err = fmt.Errorf("Go's regexp (RE2) cannot compile it: %v", err)
			}
		}
		if err != nil {
			b.errorf(ptr+"/pattern", "pattern %q is not supported: %v", p.str, err)
		} else if re2 != p.str {
			b.patterns[ptr+"/pattern"] = re2
		}
		t.Pattern, t.PatternRE2 = p.str, re2
	}
	t.Format = str(n.get("format"))
}

func (b *builder) numbers(n *node, t *Type, ptr string) {
	for _, e := range []struct {
		key string
		dst *string
	}{{"minimum", &t.Minimum}, {"maximum", &t.Maximum}, {"exclusiveMinimum", &t.ExclusiveMinimum}, {"exclusiveMaximum", &t.ExclusiveMaximum}, {"multipleOf", &t.MultipleOf}} {
		v := n.get(e.key)
		if v == nil {
			continue
		}
		if v.kind != 'n' {
			b.errorf(ptr+"/"+e.key, "%s must be a number", e.key)
			continue
		}
		*e.dst = string(v.num)
	}
	if t.MultipleOf != "" {
		if r, _ := new(big.Rat).SetString(t.MultipleOf); r == nil || r.Sign() <= 0 {
			b.errorf(ptr+"/multipleOf", "multipleOf must be greater than 0")
		}
	}
}

func (b *builder) array(n *node, t *Type, ptr, hint string) {
	var ok bool
	if t.MinItems, ok = nonNegInt(n.get("minItems")); !ok {
		b.errorf(ptr+"/minItems", "minItems must be a non-negative integer")
	}
	if t.MaxItems, ok = nonNegInt(n.get("maxItems")); !ok {
		b.errorf(ptr+"/maxItems", "maxItems must be a non-negative integer")
	}
	if u := n.get("uniqueItems"); u != nil && u.kind == 'b' {
		t.UniqueItems = u.boolean
	}
	name := hint
	if t.Repr == ReprRaw && t.Kinds.Has(Object) && hasAny(n, "properties", "required", "additionalProperties") {
		name = hint + "Array"
	}
	if it := n.get("items"); it != nil {
		t.Items = b.typeOf(it, ptr+"/items", hint+"Item", false)
	} else {
		t.Items = &Type{Pointer: ptr + "/items", Kinds: Any, Repr: ReprRaw}
	}
	if t.Repr == ReprArray {
		t.GoName = name
	} else {
		t.ArrayName = name
	}
	b.ident(name, ptr)
	b.p.Types = append(b.p.Types, t)
}

func (b *builder) object(n *node, t *Type, ptr, hint string, message bool) {
	reserved := reservedStructMembers
	if message {
		reserved = reservedMessageMembers
	}
	fieldNames := map[string]string{}
	for _, r := range reserved {
		fieldNames[r] = "" // reserved
	}
	taken := func(other string) string {
		if other == "" {
			what := "object type"
			if message {
				what = "message"
			}
			return fmt.Sprintf("is reserved: every generated %s has a method or field of that name (choose another with x-wsgen goName)", what)
		}
		return "is already taken by " + other + " (choose another with x-wsgen goName)"
	}
	required := map[string]bool{}
	if rq := n.get("required"); rq != nil {
		for _, e := range rq.elems {
			if !required[e.str] {
				required[e.str] = true
				t.Required = append(t.Required, e.str)
			}
		}
	}
	props := n.get("properties")
	if props != nil {
		caseGo := caseNames(props.members)
		for _, m := range props.members {
			fp := ptr + "/properties/" + escapePointer(m.name)
			f := &Field{Name: m.name, GoName: caseGo[m.name], Required: required[m.name], Pointer: fp}
			b.goNamed[m.value] = true
			if gn, ok := b.xGoName(m.value, fp, true); ok {
				f.GoName = gn
			} else if f.GoName == "" {
				b.errorf(fp, "property name %q cannot be turned into a Go name (choose one with x-wsgen goName)", m.name)
			}
			f.Type = b.typeOf(m.value, fp, hint+f.GoName, false)
			f.Title, f.Description = str(m.value.get("title")), str(m.value.get("description"))
			if f.Title == "" && f.Description == "" {
				f.Title, f.Description = f.Type.Title, f.Type.Description
			}
			if !f.Discriminator && f.GoName != "" {
				if other, ok := fieldNames[f.GoName]; ok {
					b.errorf(fp, "Go field name %q %s", f.GoName, taken(other))
				} else {
					fieldNames[f.GoName] = "#" + fp
				}
				if f.Type.Decimal && f.Type.Repr == ReprString {
					acc := f.GoName + "Decimal"
					if other, ok := fieldNames[acc]; ok {
						b.errorf(fp, "the accessor %s of this decimal string field %s", acc, taken(other))
					} else {
						fieldNames[acc] = "#" + fp + " (its decimal accessor)"
					}
				}
				if f.Type.Format == "date-time" && f.Type.Repr == ReprString {
					acc := f.GoName + "Time"
					if other, ok := fieldNames[acc]; ok {
						b.errorf(fp, "the accessor %s of this date-time field %s", acc, taken(other))
					} else {
						fieldNames[acc] = "#" + fp + " (its date-time accessor)"
					}
				}
			}
			t.Properties = append(t.Properties, f)
		}
	}
	for _, r := range t.Required {
		found := false
		for _, f := range t.Properties {
			found = found || f.Name == r
		}
		if !found {
			t.ExtraRequired = append(t.ExtraRequired, r)
		}
	}
	t.AdditionalAllowed = true
	if ap := n.get("additionalProperties"); ap != nil {
		switch {
		case ap.kind == 'b':
			t.AdditionalAllowed = ap.boolean
		default:
			t.Additional = b.typeOf(ap, ptr+"/additionalProperties", hint+"Value", false)
			if t.Additional.Kinds == 0 {
				t.Additional, t.AdditionalAllowed = nil, false
			}
		}
	}
	if t.Repr == ReprStruct && len(t.Properties) == 0 && t.Additional != nil {
		t.Repr = ReprMap
	}
	if message {
		t.GoName = hint
		return // the message's name was claimed already
	}
	name := hint
	if t.Repr == ReprRaw && t.ArrayName != "" {
		name = hint + "Object"
	}
	if t.Repr == ReprRaw {
		t.ObjectName = name
	} else {
		t.GoName = name
	}
	b.ident(name, ptr)
	if t.ArrayName == "" {
		b.p.Types = append(b.p.Types, t)
	}
}

func (b *builder) stringEnum(t *Type, ptr, hint string) {
	t.GoName = hint
	b.ident(hint, ptr)
	for _, v := range t.Enum {
		var s string
		_ = jsonUnquote(v, &s)
		vn := GoName(s)
		if s == "" {
			vn = "Empty"
		}
		if vn == "" {
			b.errorf(ptr+"/enum", "enum value %s cannot be turned into a Go name", v)
			continue
		}
		t.EnumValues = append(t.EnumValues, EnumValue{Value: s, GoName: hint + vn})
		b.ident(hint+vn, ptr+"/enum")
	}
	b.p.Types = append(b.p.Types, t)
}

// intEnum names an integer enum: a named int64 type with one constant per value that
// int64 holds, named for the value ("depth" 10 → Depth10, -1 → DepthMinus1).
func (b *builder) intEnum(t *Type, ptr, hint string) {
	t.GoName = hint
	b.ident(hint, ptr)
	for _, v := range t.Enum {
		r, ok := new(big.Rat).SetString(v)
		if !ok || !r.IsInt() || !r.Num().IsInt64() {
			continue // not an integer int64 holds: no value of the Go type has it
		}
		n := r.Num().Int64()
		vn := r.Num().String()
		if n < 0 {
			vn = "Minus" + vn[1:]
		}
		t.EnumValues = append(t.EnumValues, EnumValue{Value: strconv.FormatInt(n, 10), GoName: hint + vn, Int: n})
		b.ident(hint+vn, ptr+"/enum")
	}
	b.p.Types = append(b.p.Types, t)
}

// union builds a nested oneOf: {"oneOf": [{"$ref": "#/$defs/A"}, …]} whose variants are
// object types that all require one member with a distinct string const. Such a oneOf
// accepts exactly the objects one variant accepts, chosen by that member.
func (b *builder) union(n *node, ptr, hint string) *Type {
	t := &Type{Pointer: ptr, Kinds: Object, Repr: ReprUnion, Title: str(n.get("title")), Description: str(n.get("description"))}
	bad := false
	for _, m := range n.members {
		if m.name != "oneOf" && !annotationKeywords[m.name] && !(m.name == "type" && str(m.value) == "object") && !(m.name == "x-wsgen" && b.goNamed[n]) {
			b.errorf(ptr+"/"+escapePointer(m.name), "keyword %q next to oneOf is not supported (only annotations and \"type\": \"object\")", m.name)
			bad = true
		}
	}
	one := n.get("oneOf")
	if one.kind != 'a' || len(one.elems) == 0 {
		b.errorf(ptr+"/oneOf", "oneOf must be a non-empty array")
		return &Type{Pointer: ptr, Kinds: Any, Repr: ReprRaw}
	}
	for i, e := range one.elems {
		ep := ptr + "/oneOf/" + strconv.Itoa(i)
		ref := e.get("$ref")
		name, ok := "", false
		if e.kind == 'o' && ref != nil {
			name, ok = b.defName(str(ref))
		}
		if !ok {
			b.errorf(ep, "a nested oneOf must list {\"$ref\": \"#/$defs/NAME\"} object types told apart by a const member")
			bad = true
			continue
		}
		for _, m := range e.members {
			if m.name != "$ref" && !annotationKeywords[m.name] {
				b.errorf(ep+"/"+escapePointer(m.name), "keyword %q next to $ref is not supported (only annotations may sit beside $ref)", m.name)
				bad = true
			}
		}
		v := b.resolve(name, ep+"/$ref")
		if v.Repr != ReprStruct || v.Kinds != Object {
			b.errorf(ep, "oneOf variant %q must be an object type (\"type\": \"object\")", name)
			bad = true
			continue
		}
		t.Variants = append(t.Variants, v)
	}
	if bad {
		return &Type{Pointer: ptr, Kinds: Any, Repr: ReprRaw}
	}
	constOf := func(v *Type, prop string) (string, bool) {
		for _, f := range v.Properties {
			if f.Name == prop && f.Required && f.Type.Repr == ReprString && f.Type.Kinds == String && f.Type.Const != nil {
				var s string
				_ = jsonUnquote(*f.Type.Const, &s)
				return s, true
			}
		}
		return "", false
	}
	for _, f := range t.Variants[0].Properties {
		wires := []string{}
		seen := map[string]bool{}
		for _, v := range t.Variants {
			w, ok := constOf(v, f.Name)
			if !ok || seen[w] {
				wires = nil
				break
			}
			seen[w] = true
			wires = append(wires, w)
		}
		if wires != nil {
			t.UnionProp, t.UnionWires = f.Name, wires
			break
		}
	}
	if t.UnionProp == "" {
		b.errorf(ptr+"/oneOf", "oneOf variants need a required member with a distinct string const in each (a discriminator)")
		return &Type{Pointer: ptr, Kinds: Any, Repr: ReprRaw}
	}
	t.GoName = hint
	b.ident(hint, ptr)
	b.p.Types = append(b.p.Types, t)
	return t
}

// defGoName returns the Go name of the $defs entry name: its x-wsgen "goName" or
// GoName(name). It reports a name that cannot be used once and returns "" for it.
func (b *builder) defGoName(name string) string {
	if gn, ok := b.defGo[name]; ok {
		return gn
	}
	ptr := "/$defs/" + escapePointer(name)
	gn, ok := b.xGoName(b.defNode(name), ptr, !b.msgDefs[name])
	if !ok {
		gn = GoName(name)
		if gn == "" {
			b.errorf(ptr, "name %q cannot be turned into a Go name (choose one with x-wsgen goName)", name)
		}
	}
	b.defGo[name] = gn
	return gn
}

// xGoName reads the x-wsgen "goName" of the schema n at ptr: ok is false when it has none
// or it is refused (the refusal is reported). With only set, x-wsgen may hold nothing
// else (a $defs type or a property; messages have more settings, checked elsewhere).
func (b *builder) xGoName(n *node, ptr string, only bool) (string, bool) {
	if n == nil || n.kind != 'o' {
		return "", false
	}
	x := n.get("x-wsgen")
	if x == nil {
		return "", false
	}
	xp := ptr + "/x-wsgen"
	if x.kind != 'o' {
		if only {
			b.errorf(xp, "x-wsgen must be an object")
		}
		return "", false
	}
	if only {
		for _, m := range x.members {
			if m.name != "goName" && !valueSettingKeys[m.name] {
				b.errorf(xp+"/"+escapePointer(m.name), "unknown x-wsgen key %q (known on $defs types and properties: decimal, goName)", m.name)
			}
		}
	}
	v := x.get("goName")
	if v == nil {
		return "", false
	}
	if v.kind != 's' || !isExportedIdent(v.str) {
		shown := v.canonical()
		if v.kind == 'n' {
			shown = string(v.num)
		}
		b.errorf(xp+"/goName", "goName must be an exported Go identifier (an upper-case letter, then letters, digits or underscores), not %s", shown)
		return "", false
	}
	return v.str, true
}
