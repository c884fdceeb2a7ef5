// Package clip bounds the input that this module's error texts quote, so that no hostile
// frame can make an error (or a log line holding one) larger than a few hundred bytes.
// Package wire uses it directly; generated code reaches it through package
// wire/wireimpl (Quote, Clip).
//
// The rule: an error quotes at most the first [MaxInput] bytes of an input value or
// member name, cut before a UTF-8 sequence (never inside one), and shorter still when
// escaping would make the quoted text longer than [MaxQuoted] bytes; a value cut short is
// followed by "… (N bytes)" giving its full length. A JSON pointer built from input
// member names keeps each name to the same bound and is at most about [MaxPointer]
// bytes, its middle tokens elided as "…(K more)".
package clip

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	// MaxInput is the number of input bytes an error quotes at most.
	MaxInput = 64
	// MaxQuoted bounds the quoted (escaped) form of those bytes.
	MaxQuoted = 2 * MaxInput
	// MaxPointer bounds a JSON pointer quoted in an error, give or take one token.
	MaxPointer = 4 * MaxInput
)

// prefix returns the longest prefix of s of at most n bytes that ends before a UTF-8
// sequence's first byte (or at the end of s).
func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	// Back off at most utf8.UTFMax-1 bytes: invalid UTF-8 may have no boundary to find.
	for i := 0; i < utf8.UTFMax-1 && n > 0 && !utf8.RuneStart(s[n]); i++ {
		n--
	}
	return s[:n]
}

// suffix is the marker of a value cut short.
func suffix(n int) string { return "… (" + strconv.Itoa(n) + " bytes)" }

// Quote returns strconv.Quote(s), or for a long s (see the package doc) the quote of a
// prefix followed by "… (N bytes)".
func Quote(s string) string {
	n := MaxInput
	for {
		p := prefix(s, n)
		q := strconv.Quote(p)
		if len(q) <= MaxQuoted+2 || n <= 1 {
			if len(p) == len(s) {
				return q
			}
			return q + suffix(len(s))
		}
		n = len(p) / 2
	}
}

// Text returns s with every non-printable rune (and invalid byte) escaped as Go escapes
// it in a quoted string, without the quotes, for text that reads well unquoted (number
// literals, raw JSON, pointer tokens); a long s is cut as [Quote] cuts it.
func Text(s string) string {
	if len(s) <= MaxInput && printable(s) {
		return s
	}
	n := MaxInput
	for {
		p := prefix(s, n)
		t := escape(p)
		if len(t) <= MaxQuoted || n <= 1 {
			if len(p) == len(s) {
				return t
			}
			return t + suffix(len(s))
		}
		n = len(p) / 2
	}
}

func printable(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			q := strconv.Quote(s[i : i+1]) // "\xff"
			b.WriteString(q[1 : len(q)-1])
		case unicode.IsPrint(r):
			b.WriteString(s[i : i+size])
		default:
			q := strconv.QuoteRune(r) // '\n', '\u2028'
			b.WriteString(q[1 : len(q)-1])
		}
		i += size
	}
	return b.String()
}

// Pointer bounds a JSON pointer whose tokens may be input member names: each token as
// [Text] writes it, and when the result is longer than [MaxPointer], the first token and
// the last tokens that fit in half of it, with "…(K more)" for the K tokens between.
func Pointer(p string) string {
	if p == "" || len(p) <= MaxPointer && printable(p) && !longToken(p) {
		return p
	}
	toks := strings.Split(p[1:], "/")
	total := 0
	for i, t := range toks {
		if !clipped(t) {
			toks[i] = Text(t)
		}
		total += 1 + len(toks[i])
	}
	if total <= MaxPointer {
		return "/" + strings.Join(toks, "/")
	}
	// The first token, then as many of the last as fit in MaxPointer/2.
	tail, size := len(toks), 0
	for tail > 1 && size+1+len(toks[tail-1]) <= MaxPointer/2 {
		tail--
		size += 1 + len(toks[tail])
	}
	if tail == len(toks) && tail > 1 {
		tail-- // always keep the last token, the value at fault
	}
	var b strings.Builder
	b.WriteString("/" + toks[0])
	if k := tail - 1; k > 0 {
		b.WriteString("/…(" + strconv.Itoa(k) + " more)")
	}
	for _, t := range toks[tail:] {
		b.WriteString("/" + t)
	}
	return b.String()
}

// clipped reports whether t is already the output of Text for a long name: at most
// MaxQuoted bytes and the suffix "… (N bytes)".
func clipped(t string) bool {
	i := strings.LastIndex(t, "… (")
	if i < 0 || len(t) > MaxQuoted+len(suffix(1<<62)) || !strings.HasSuffix(t, " bytes)") {
		return false
	}
	_, err := strconv.Atoi(t[i+len("… (") : len(t)-len(" bytes)")])
	return err == nil && printable(t)
}

// longToken reports whether a token of p is longer than MaxInput bytes.
func longToken(p string) bool {
	for _, t := range strings.Split(p[1:], "/") {
		if len(t) > MaxInput && !clipped(t) {
			return true
		}
	}
	return false
}
