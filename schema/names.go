package schema

import (
	"go/token"
	"strings"
	"unicode"
	"unicode/utf8"
)

// commonInitialisms are written in upper case inside Go names (the golint list).
var commonInitialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true, "DNS": true,
	"EOF": true, "GUID": true, "HTML": true, "HTTP": true, "HTTPS": true, "ID": true,
	"IP": true, "JSON": true, "LHS": true, "QPS": true, "RAM": true, "RHS": true,
	"RPC": true, "SLA": true, "SMTP": true, "SQL": true, "SSH": true, "TCP": true,
	"TLS": true, "TTL": true, "UDP": true, "UI": true, "UID": true, "UUID": true,
	"URI": true, "URL": true, "UTF8": true, "VM": true, "XML": true, "XMPP": true,
	"XSRF": true, "XSS": true,
}

// GoName turns a wire or $defs name into an exported Go identifier: words split at
// anything but ASCII letters and digits and at lower-to-upper changes, each word
// capitalised, common initialisms upper-cased ("send_chat" → "SendChat", "id" → "ID",
// "sent_at" → "SentAt", "userURL" → "UserURL"). A leading digit gets an "X" prefix. It
// returns "" when name has no ASCII letter or digit.
func GoName(name string) string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		isAlnum := r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r))
		if !isAlnum {
			flush()
			continue
		}
		if len(cur) > 0 && unicode.IsUpper(r) {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && rs[i+1] < 128 && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	var b strings.Builder
	for _, w := range words {
		u := strings.ToUpper(w)
		if commonInitialisms[u] {
			b.WriteString(u)
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]))
		b.WriteString(strings.ToLower(w[1:]))
	}
	out := b.String()
	if out != "" && out[0] >= '0' && out[0] <= '9' {
		out = "X" + out
	}
	return out
}

// The names generated code declares are gen's; these lists mirror them so that a
// protocol naming a message or member like one is refused with a reason rather than
// generating code that does not compile. TestReservedNamesMatchGenerated checks them
// against every generated package in the repository, both ways.

// reservedPackageNames are declared by every generated package (some only when the
// protocol needs them: NewSnapshotRequest, the typed client).
var reservedPackageNames = []string{
	"Message", "Decode", "Encode", "Handler", "Dispatch", "UnimplementedHandler",
	"DecodeError", "EncodeError", "ErrUnknownType", "ErrAmbiguousType", "MessageInfo", "Messages", "CloseCode",
	"CloseCodes", "NewSnapshotRequest", "SnapshotReplyType", "SnapshotRequestType",
	"Member", "Nullable", "LookupMessage", "Protocol", "DispatchFrame",
	// the typed client (gen's wsgen_client.go)
	"Client", "NewClient", "DialClient", "UnexpectedReplyError",
}

// reservedMessageMembers are methods or fields every generated message has.
var reservedMessageMembers = []string{
	"MessageType", "LogValue", "RoleEventID",
	"RoleStream", "RoleSequence", "RoleCorrelationID", "RoleIdempotencyKey",
	"RoleSequencePrev", "RoleSequenceFirst", "RoleSequencePerSocket",
	"SetRoleCorrelationID", "SetRoleIdempotencyKey", "Extra", "Validate",
}

// reservedStructMembers are methods or fields every generated nested struct has.
var reservedStructMembers = []string{"Extra", "Validate"}

// isGoIdent reports whether s is a valid, non-keyword Go identifier other than the
// blank identifier "_" (which can name neither a package nor a declaration).
func isGoIdent(s string) bool { return token.IsIdentifier(s) && s != "_" }

// isExportedIdent reports whether s is a valid exported Go identifier.
func isExportedIdent(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isGoIdent(s) && unicode.IsUpper(r)
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
