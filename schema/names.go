package schema

import (
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

// reservedPackageNames are declared by every generated package.
var reservedPackageNames = []string{
	"Message", "Decode", "Encode", "Handler", "Dispatch", "UnimplementedHandler",
	"DecodeError", "EncodeError", "ErrUnknownType", "ErrAmbiguousType", "MessageInfo", "Messages", "CloseCode",
	"CloseCodes", "NewSnapshotRequest", "SnapshotReplyType", "SnapshotRequestType",
	"Member", "Nullable", "Direction", "DirectionServer", "DirectionClient",
	"DirectionBoth", "LookupMessage", "Protocol", "Unknown", "DispatchFrame",
	// the typed client (gen's wsgen_client.go)
	"Client", "NewClient", "DialClient", "UnexpectedReplyError",
}

// reservedMessageMembers are methods or fields every generated message has.
var reservedMessageMembers = []string{
	"MessageType", "LogValue", "MarshalJSON", "UnmarshalJSON", "RoleEventID",
	"RoleStream", "RoleSequence", "RoleCorrelationID", "RoleIdempotencyKey",
	"SetRoleCorrelationID", "SetRoleIdempotencyKey", "IsSnapshot", "Extra",
}

// reservedStructMembers are methods or fields every generated nested struct has.
var reservedStructMembers = []string{"MarshalJSON", "UnmarshalJSON", "Extra"}

// isGoIdent reports whether s is a valid, non-keyword Go identifier.
func isGoIdent(s string) bool {
	if s == "" || goKeywords[s] {
		return false
	}
	for i, r := range s {
		if !(unicode.IsLetter(r) || r == '_' || (i > 0 && unicode.IsDigit(r))) {
			return false
		}
	}
	return true
}

// isExportedIdent reports whether s is a valid exported Go identifier.
func isExportedIdent(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isGoIdent(s) && unicode.IsUpper(r)
}

var goKeywords = map[string]bool{
	"break": true, "case": true, "chan": true, "const": true, "continue": true,
	"default": true, "defer": true, "else": true, "fallthrough": true, "for": true,
	"func": true, "go": true, "goto": true, "if": true, "import": true,
	"interface": true, "map": true, "package": true, "range": true, "return": true,
	"select": true, "struct": true, "switch": true, "type": true, "var": true,
}
