package schema

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// PatternError explains why [RE2Pattern] refuses an ECMA-262 pattern.
type PatternError struct {
	// Offset is the byte offset in the pattern where the refused construct starts.
	Offset int
	// Reason says what is refused and why, in one line.
	Reason string
}

func (e *PatternError) Error() string {
	return "at offset " + strconv.Itoa(e.Offset) + ": " + e.Reason
}

// ecmaSpaces are the ranges of ECMA-262's \s: WhiteSpace (TAB, VT, FF, ZWNBSP and every
// Zs space) and LineTerminator (LF, CR, LS, PS). RE2's \s is ASCII only.
var ecmaSpaces = [][2]rune{
	{'\t', '\r'}, {' ', ' '}, {0xA0, 0xA0}, {0x1680, 0x1680}, {0x2000, 0x200A},
	{0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF},
}

// ecmaLineTerminators are the code points ECMA-262's "." does not match.
var ecmaLineTerminators = [][2]rune{{'\n', '\n'}, {'\r', '\r'}, {0x2028, 0x2029}}

// classBody writes ranges as the inside of an RE2 character class.
func classBody(ranges [][2]rune) string {
	var b strings.Builder
	for _, r := range ranges {
		b.WriteString(hexRune(r[0]))
		if r[1] != r[0] {
			b.WriteByte('-')
			b.WriteString(hexRune(r[1]))
		}
	}
	return b.String()
}

// complement returns the ranges of code points (0..U+10FFFF) outside sorted ranges.
func complement(ranges [][2]rune) [][2]rune {
	var out [][2]rune
	next := rune(0)
	for _, r := range ranges {
		if r[0] > next {
			out = append(out, [2]rune{next, r[0] - 1})
		}
		next = r[1] + 1
	}
	if next <= utf8.MaxRune {
		out = append(out, [2]rune{next, utf8.MaxRune})
	}
	return out
}

func hexRune(r rune) string { return `\x{` + strconv.FormatInt(int64(r), 16) + `}` }

var (
	spaceClass    = classBody(ecmaSpaces)
	nonSpaceClass = classBody(complement(ecmaSpaces))
	dotClass      = "[^" + classBody(ecmaLineTerminators) + "]"
)

// RE2Pattern translates a JSON Schema pattern, an ECMA-262 regular expression, into Go
// regexp (RE2) syntax with the same meaning on every valid UTF-8 string, so that
// regexp.MustCompile(re2).MatchString(s) is the ECMA-262 test /pattern/u.test(s).
//
// The pattern is read as ECMA-262 with the "u" flag (code points, not UTF-16 units, the
// way JSON Schema validators on UTF-8 text behave), accepting also the Annex B leniencies
// that mean the same in RE2 (a literal "{", "}" or "]"). The translation rewrites what the
// dialects read differently:
//
//   - \s and \S: ECMA-262 counts the Unicode spaces (U+00A0, U+1680, U+2000–U+200A,
//     U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF) besides ASCII whitespace;
//   - ".": ECMA-262 excludes \r, U+2028 and U+2029 besides \n;
//   - \uXXXX, \u{X…}, surrogate pairs, \cX, \0 and [\b] (backspace) become \x{…};
//   - [] matches nothing and [^] any character; "[" inside a class is a literal (RE2
//     would read "[:alpha:]" as a POSIX class);
//   - (?<name>…) becomes (?P<name>…), \p{Script=Greek} and \p{gc=Lu} become \p{Greek}
//     and \p{Lu}.
//
// \d, \w, \b, \B, ^ and $ (no "m" flag) mean the same in both and are kept. RE2Pattern
// refuses, with a [*PatternError], what RE2 cannot express or would read differently:
// lookahead and lookbehind, backreferences (\1, \k<name>), inline flags such as "(?i)",
// octal escapes, and escapes of letters or digits that ECMA-262 does not define (RE2
// gives \A, \z, \Q… meanings of its own). The result still has to compile with package
// regexp: Unicode property escapes (\p{…}) are passed through and RE2 knows only the
// general categories and scripts by their short names (\p{L}, \p{Greek}).
func RE2Pattern(ecma string) (string, error) {
	var b strings.Builder
	s := ecma
	i := 0
	inClass := false
	fail := func(at int, format string, args ...any) (string, error) {
		return "", &PatternError{Offset: at, Reason: fmt.Sprintf(format, args...)}
	}
	if !utf8.ValidString(s) {
		for j := 0; j < len(s); {
			r, n := utf8.DecodeRuneInString(s[j:])
			if r == utf8.RuneError && n == 1 {
				return fail(j, "pattern is not valid UTF-8")
			}
			j += n
		}
	}
	for i < len(s) {
		c := s[i]
		start := i
		switch {
		case c == '\\':
			if i+1 >= len(s) {
				return fail(start, `a pattern cannot end with "\"`)
			}
			e := s[i+1]
			i += 2
			switch e {
			case 'd', 'D', 'w', 'W', 't', 'n', 'r', 'f', 'v':
				b.WriteByte('\\')
				b.WriteByte(e)
			case 'b', 'B':
				if inClass {
					if e == 'B' {
						return fail(start, `\B is not allowed in a character class`)
					}
					b.WriteString(`\x{8}`)
				} else {
					b.WriteByte('\\')
					b.WriteByte(e)
				}
			case 's':
				if inClass {
					b.WriteString(spaceClass)
				} else {
					b.WriteString("[" + spaceClass + "]")
				}
			case 'S':
				if inClass {
					b.WriteString(nonSpaceClass)
				} else {
					b.WriteString("[^" + spaceClass + "]")
				}
			case '0':
				if i < len(s) && s[i] >= '0' && s[i] <= '9' {
					return fail(start, `octal escapes such as \0%c are not supported`, s[i])
				}
				b.WriteString(`\x{0}`)
			case '1', '2', '3', '4', '5', '6', '7', '8', '9':
				return fail(start, `backreference \%c is not supported: RE2 has no backreferences`, e)
			case 'k':
				return fail(start, `named backreference \k is not supported: RE2 has no backreferences`)
			case 'x':
				if i+2 > len(s) || !isHex(s[i:i+2]) {
					return fail(start, `\x needs two hexadecimal digits`)
				}
				v, _ := strconv.ParseUint(s[i:i+2], 16, 8)
				b.WriteString(hexRune(rune(v)))
				i += 2
			case 'u':
				r, n, msg := unicodeEscape(s[i:])
				if msg != "" {
					return fail(start, "%s", msg)
				}
				b.WriteString(hexRune(r))
				i += n
			case 'c':
				if i >= len(s) || !isASCIILetter(s[i]) {
					return fail(start, `\c needs an ASCII letter`)
				}
				b.WriteString(hexRune(rune(s[i] % 32)))
				i++
			case 'p', 'P':
				end := strings.IndexByte(s[i:], '}')
				if i >= len(s) || s[i] != '{' || end < 0 {
					return fail(start, `\%c needs a property name in braces`, e)
				}
				name := s[i+1 : i+end]
				if k, v, ok := strings.Cut(name, "="); ok {
					switch k {
					case "General_Category", "gc", "Script", "sc":
						name = v
					default:
						return fail(start, `property %q is not supported (only General_Category and Script)`, k)
					}
				}
				b.WriteString(`\` + string(e) + "{" + name + "}")
				i += end + 1
			default:
				switch {
				case e == '-' || strings.IndexByte(`^$\.*+?()[]{}|/`, e) >= 0:
					b.WriteByte('\\')
					b.WriteByte(e)
				case e < utf8.RuneSelf && (isASCIILetter(e) || e >= '0' && e <= '9'):
					return fail(start, `escape \%c is not defined by ECMA-262`, e)
				case e < utf8.RuneSelf:
					// An identity escape of punctuation: RE2 reads it as the same literal.
					b.WriteByte('\\')
					b.WriteByte(e)
				default:
					r, n := utf8.DecodeRuneInString(s[i-1:])
					b.WriteString(regexp.QuoteMeta(string(r)))
					i += n - 1
				}
			}
		case inClass:
			i++
			switch c {
			case ']':
				inClass = false
				b.WriteByte(']')
			case '[':
				b.WriteString(`\[`)
			default:
				r, n := utf8.DecodeRuneInString(s[start:])
				if r == utf8.RuneError && n <= 1 {
					return fail(start, "pattern is not valid UTF-8")
				}
				b.WriteString(s[start : start+n])
				i = start + n
			}
		case c == '[':
			i++
			neg := i < len(s) && s[i] == '^'
			if neg {
				i++
			}
			if i < len(s) && s[i] == ']' {
				i++
				if neg {
					b.WriteString(`[\x{0}-\x{10ffff}]`)
				} else {
					b.WriteString(`[^\x{0}-\x{10ffff}]`)
				}
				continue
			}
			inClass = true
			if neg {
				b.WriteString("[^")
			} else {
				b.WriteString("[")
			}
			// A "^" that ECMA-262 reads as a literal right after "[^" is also literal in RE2.
		case c == '.':
			i++
			b.WriteString(dotClass)
		case c == '(':
			i++
			if i < len(s) && s[i] == '?' {
				rest := s[i+1:]
				switch {
				case strings.HasPrefix(rest, ":"):
					b.WriteString("(?:")
					i += 2
				case strings.HasPrefix(rest, "="), strings.HasPrefix(rest, "!"):
					return fail(start, "lookahead %q is not supported: RE2 has no lookaround", "(?"+rest[:1])
				case strings.HasPrefix(rest, "<="), strings.HasPrefix(rest, "<!"):
					return fail(start, "lookbehind %q is not supported: RE2 has no lookaround", "(?"+rest[:2])
				case strings.HasPrefix(rest, "<"):
					end := strings.IndexByte(rest, '>')
					if end < 0 {
						return fail(start, "unterminated group name")
					}
					b.WriteString("(?P<" + rest[1:end+1])
					i += 1 + end + 1
				default:
					return fail(start, `"(?" must be followed by ":", "=", "!" or "<" in ECMA-262 (inline flags are not supported)`)
				}
				continue
			}
			b.WriteByte('(')
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n <= 1 {
				return fail(start, "pattern is not valid UTF-8")
			}
			b.WriteString(s[i : i+n])
			i += n
		}
	}
	if inClass {
		return fail(len(s), "missing ] at the end of a character class")
	}
	return b.String(), nil
}

// unicodeEscape reads the part of a \u escape after "\u": XXXX (a surrogate pair
// \uHHHH\uLLLL is one code point) or {X…}. It returns the code point, the bytes read and
// a reason when the escape is refused.
func unicodeEscape(s string) (rune, int, string) {
	if strings.HasPrefix(s, "{") {
		end := strings.IndexByte(s, '}')
		if end < 2 || end > 7 || !isHex(s[1:end]) {
			return 0, 0, `\u{…} needs 1 to 6 hexadecimal digits`
		}
		v, _ := strconv.ParseUint(s[1:end], 16, 32)
		if v > utf8.MaxRune || (v >= 0xD800 && v <= 0xDFFF) {
			return 0, 0, `\u{…} must be a Unicode scalar value`
		}
		return rune(v), end + 1, ""
	}
	if len(s) < 4 || !isHex(s[:4]) {
		return 0, 0, `\u needs four hexadecimal digits`
	}
	v, _ := strconv.ParseUint(s[:4], 16, 32)
	r := rune(v)
	switch {
	case r >= 0xD800 && r <= 0xDBFF:
		if len(s) >= 10 && s[4] == '\\' && s[5] == 'u' && isHex(s[6:10]) {
			lo, _ := strconv.ParseUint(s[6:10], 16, 32)
			if lo >= 0xDC00 && lo <= 0xDFFF {
				return (r-0xD800)<<10 | (rune(lo) - 0xDC00) + 0x10000, 10, ""
			}
		}
		return 0, 0, `a lone surrogate \u escape never matches UTF-8 text`
	case r >= 0xDC00 && r <= 0xDFFF:
		return 0, 0, `a lone surrogate \u escape never matches UTF-8 text`
	}
	return r, 4, ""
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return s != ""
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
