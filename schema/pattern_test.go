package schema_test

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wsgen/wsgen/schema"
)

func TestRE2Pattern(t *testing.T) {
	for _, tt := range []struct {
		pattern        string
		match, noMatch []string
	}{
		{`^\s$`, []string{" ", "\t", "\v", "\f", "\n", "\r", "\u00a0", "\u1680", "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\ufeff"}, []string{"a", "\u180e", "\u200b", "\u0085", ""}},
		{`^\S$`, []string{"a", "\u180e", "\u200b", "\U0001F432"}, []string{" ", "\u00a0", "\u3000", "\ufeff"}},
		{`^[\s]$`, []string{"\u00a0", " "}, []string{"a"}},
		{`^[^\s]$`, []string{"a"}, []string{"\u00a0", " "}},
		{`^[\S]$`, []string{"a", "\U0001F432"}, []string{"\u00a0", "\u2029"}},
		{`^.$`, []string{"a", "\u0085", "\U0001F432"}, []string{"\n", "\r", "\u2028", "\u2029", ""}},
		{`^[.]$`, []string{"."}, []string{"a"}},
		{`^\.$`, []string{"."}, []string{"a"}},
		{`^\d\w$`, []string{"1a", "0_"}, []string{"\u0660a", "1\u00e9"}},
		{`^abc$`, []string{"abc"}, []string{"abc\n", "\nabc"}},
		{`^\u0041\u{1F432}$`, []string{"A\U0001F432"}, []string{"A"}},
		{`^\uD83D\uDC32$`, []string{"\U0001F432"}, []string{"\ufffd"}},
		{`^\cJ\x41\0$`, []string{"\nA\x00"}, []string{"cJx410"}},
		{`^[\b]$`, []string{"\b"}, []string{"b"}},
		{`\bfoo\b`, []string{"a foo b"}, []string{"foobar"}},
		{`^[^]$`, []string{"\n", "x"}, []string{""}},
		{`[]`, nil, []string{"", "a"}},
		{`^[[:a]]$`, []string{"[]", ":]", "a]"}, []string{"a", "[:a]"}},
		{`^(?<y>\d{4})$`, []string{"2024"}, []string{"24"}},
		{`^\p{Script=Greek}\p{gc=Lu}\P{L}$`, []string{"\u03b1A1"}, []string{"aA1"}},
		{`^a\/b\-c$`, []string{"a/b-c"}, []string{"ab"}},
		{`^é+$`, []string{"éé"}, []string{"e"}},
	} {
		re2, err := schema.RE2Pattern(tt.pattern)
		if err != nil {
			t.Errorf("RE2Pattern(%q) = %v", tt.pattern, err)
			continue
		}
		re, err := regexp.Compile(re2)
		if err != nil {
			t.Errorf("RE2Pattern(%q) = %q, which does not compile: %v", tt.pattern, re2, err)
			continue
		}
		for _, s := range tt.match {
			if !re.MatchString(s) {
				t.Errorf("pattern %q (RE2 %q) does not match %q, ECMA-262 does", tt.pattern, re2, s)
			}
		}
		for _, s := range tt.noMatch {
			if re.MatchString(s) {
				t.Errorf("pattern %q (RE2 %q) matches %q, ECMA-262 does not", tt.pattern, re2, s)
			}
		}
	}
}

func TestRE2PatternRefused(t *testing.T) {
	for _, tt := range []struct {
		pattern, reason string
		offset          int
	}{
		{`a(?=b)`, "lookahead", 1},
		{`a(?!b)`, "lookahead", 1},
		{`(?<=a)b`, "lookbehind", 0},
		{`(?<!a)b`, "lookbehind", 0},
		{`(a)\1`, "backreference", 3},
		{`(?<n>a)\k<n>`, "backreference", 7},
		{`(?i)a`, "inline flags", 0},
		{`\Aa\z`, `escape \A`, 0},
		{`\Qa\E`, `escape \Q`, 0},
		{`\pL`, "braces", 0},
		{`\p{scx=Grek}`, `"scx"`, 0},
		{`\01`, "octal", 0},
		{`\x4`, "hexadecimal", 0},
		{`\uD800`, "surrogate", 0},
		{`\u{110000}`, "scalar", 0},
		{`\c1`, "letter", 0},
		{`[a`, "missing ]", 2},
		{`a\`, `end with`, 1},
	} {
		_, err := schema.RE2Pattern(tt.pattern)
		var pe *schema.PatternError
		if !errors.As(err, &pe) {
			t.Errorf("RE2Pattern(%q) error = %v, want a *PatternError", tt.pattern, err)
			continue
		}
		if !strings.Contains(pe.Reason, tt.reason) || pe.Offset != tt.offset {
			t.Errorf("RE2Pattern(%q) = %v, want offset %d and a reason with %q", tt.pattern, err, tt.offset, tt.reason)
		}
	}
}

// patternProtocol is a one-message protocol whose "s" member has the given pattern.
func patternProtocol(pattern string) []byte {
	q := strings.ReplaceAll(strings.ReplaceAll(pattern, `\`, `\\`), `"`, `\"`)
	return []byte(`{"$schema":"https://json-schema.org/draft/2020-12/schema","x-wsgen":{"package":"p"},
"oneOf":[{"$ref":"#/$defs/m"}],
"$defs":{"m":{"type":"object","required":["type","s"],"properties":{"type":{"const":"m"},"s":{"type":"string","pattern":"` + q + `"}}}}}`)
}

func TestPatternRefusal(t *testing.T) {
	for _, tt := range []struct{ pattern, reason string }{
		{`^(?=a)`, `pattern "^(?=a)" is not supported: at offset 1: lookahead "(?=" is not supported: RE2 has no lookaround`},
		{`a{2000}`, `pattern "a{2000}" is not supported: Go's regexp (RE2) cannot compile it: error parsing regexp: invalid repeat count: ` + "`{2000}`"},
	} {
		_, err := schema.Parse("p.json", patternProtocol(tt.pattern))
		var es schema.Errors
		if !errors.As(err, &es) || len(es) != 1 {
			t.Errorf("Parse with pattern %q: %v, want one error", tt.pattern, err)
			continue
		}
		if es[0].Pointer != "#/$defs/m/properties/s/pattern" || es[0].Reason != tt.reason {
			t.Errorf("Parse with pattern %q: %s: %s\nwant #/$defs/m/properties/s/pattern: %s", tt.pattern, es[0].Pointer, es[0].Reason, tt.reason)
		}
	}
}

func TestValidateECMAPattern(t *testing.T) {
	p, err := schema.Parse("p.json", patternProtocol(`^\s.$`))
	if err != nil {
		t.Fatal(err)
	}
	f := p.Messages[0].Type.Properties[1]
	if f.Type.Pattern != `^\s.$` || f.Type.PatternRE2 == f.Type.Pattern {
		t.Errorf("Pattern, PatternRE2 = %q, %q; want the ECMA-262 text and its translation", f.Type.Pattern, f.Type.PatternRE2)
	}
	for _, tt := range []struct {
		s     string
		valid bool
	}{
		{"\u00a0x", true}, {" x", true}, {"\u3000\u0085", true}, {"x ", false}, {" \r", false}, {"\ufeff\u2028", false},
	} {
		frame := fmt.Sprintf(`{"type":"m","s":%q}`, tt.s)
		if _, err := p.Validate([]byte(frame)); (err == nil) != tt.valid {
			t.Errorf("Validate(%s) = %v, want valid=%v", frame, err, tt.valid)
		}
	}
}

func ExampleRE2Pattern() {
	re2, _ := schema.RE2Pattern(`^[A-Z\s]+$`)
	fmt.Println(regexp.MustCompile(re2).MatchString("XBT\u00a0USD"))
	_, err := schema.RE2Pattern(`^(?!x)`)
	fmt.Println(err)
	// Output:
	// true
	// at offset 1: lookahead "(?!" is not supported: RE2 has no lookaround
}

func FuzzRE2Pattern(f *testing.F) {
	for _, s := range []string{`^\s$`, `.`, `[^\S]`, `\u{1F432}`, `(?<n>a)`, `[]`, `[^]`, `\p{Script=Greek}`, `a(?=b)`, `\cA\0\x41`, `[\b-\d]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pat string) {
		re2, err := schema.RE2Pattern(pat)
		if err != nil {
			var pe *schema.PatternError
			if !errors.As(err, &pe) || pe.Offset < 0 || pe.Offset > len(pat) {
				t.Fatalf("RE2Pattern(%q) error %v: want a *PatternError with an offset in the pattern", pat, err)
			}
			return
		}
		if !utf8.ValidString(re2) {
			t.Fatalf("RE2Pattern(%q) = %q, not valid UTF-8", pat, re2)
		}
		if strings.IndexAny(pat, `\.[](){}|^$*+?`) < 0 && re2 != pat {
			t.Fatalf("RE2Pattern(%q) = %q, want a pattern without metacharacters unchanged", pat, re2)
		}
	})
}
