package gen

import (
	"io"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/dave/jennifer/jen"
)

func TestCompileSimple(t *testing.T) {
	for _, tt := range []struct {
		pat    string
		simple bool
	}{
		{`^[a-z0-9][a-z0-9_-]*$`, true},
		{`^[0-9]{5}$`, true},
		{`^[0-9]{4}$`, true},
		{`^ab?$`, true},
		{`^[A-Z]{2}-[0-9]{2,4}$`, true},
		{`^$`, true},
		{`^a*$`, true},
		{`^a*b$`, false},   // a variable item before the last
		{`[a-z]+`, false},  // unanchored
		{`^[a-z]+`, false}, // open end
		{`^(?i)k$`, false}, // folds to the Kelvin sign
		{`^[^a]$`, false},  // negated class reaches beyond ASCII
		{`^é$`, false},     // non-ASCII
		{`^(ab)+$`, false}, // group
		{`^a|b$`, false},   // alternation
		{`^\d+$`, true},    // \d is ASCII in RE2
		{`^\w{3}$`, true},
		{`^.$`, false},
		{`(?m)^a$`, false},
	} {
		if _, ok := compileSimple(tt.pat); ok != tt.simple {
			t.Errorf("compileSimple(%q) simple = %v, want %v", tt.pat, ok, tt.simple)
		}
	}
}

// TestSimplePatternAgreesWithRegexp compares the byte-table matcher with RE2 on random
// and edge-case strings.
func TestSimplePatternAgreesWithRegexp(t *testing.T) {
	pats := []string{`^[a-z0-9][a-z0-9_-]*$`, `^[0-9]{5}$`, `^ab?$`, `^[A-Z]{2}-[0-9]{2,4}$`, `^$`, `^a*$`, `^\d+$`, `^\w{3}$`, `^x{0,2}$`, `^[-.]+$`}
	alphabet := []string{"a", "b", "z", "0", "9", "_", "-", ".", "A", "Z", "x", "é", "\n", " ", "k", "K"}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, pat := range pats {
		sp, ok := compileSimple(pat)
		if !ok {
			t.Fatalf("%q is not simple", pat)
		}
		re := regexp.MustCompile(pat)
		for range 20000 {
			n := rng.IntN(8)
			s := ""
			for range n {
				s += alphabet[rng.IntN(len(alphabet))]
			}
			if got, want := sp.match(s), re.MatchString(s); got != want {
				t.Fatalf("pattern %q on %q: table matcher %v, regexp %v", pat, s, got, want)
			}
		}
	}
}

// TestDFAPatternAgreesWithRegexp compares the automaton with RE2 on random strings, for
// patterns the automaton models, anchored or not.
func TestDFAPatternAgreesWithRegexp(t *testing.T) {
	pats := []string{
		`^(0|[1-9][0-9]*)(\.[0-9]+)?$`, `^[A-Z0-9]+/[A-Z0-9]+$`, `^[a-z0-9][a-z0-9_-]*$`,
		`[a-z]+`, `ab`, `^ab`, `ab$`, `^(ab|a)*b$`, `^(a|b){2,4}$`, `^$`, `a*`, `^-?[0-9]+(\.[0-9]{1,8})?$`,
		`x(y|z)?x`, `^(\d{3}-)?\d{4}$`, `^[a-z]+(-[a-z]+)*$`, `(ab|b)c$`, `^a{3}$|^b$`, `\d`,
		`^[ac-dx-z019.]+/[b-c]$`, `^(a|b){1,40}$`,
	}
	alphabet := []string{"a", "b", "c", "x", "y", "z", "0", "1", "9", ".", "-", "/", "A", "Z", "é", "\n", " ", `"`, `\`}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, pat := range pats {
		d, ok := compileDFA(pat)
		if !ok {
			t.Fatalf("compileDFA(%q) refused", pat)
		}
		re := regexp.MustCompile(pat)
		blocks, _, code := d.code()
		scan := scannable(pat)
		for range 20000 {
			n := rng.IntN(10)
			s := ""
			for range n {
				s += alphabet[rng.IntN(len(alphabet))]
			}
			want := re.MatchString(s)
			if got := d.match(s); got != want {
				t.Fatalf("pattern %q on %q: automaton %v, regexp %v", pat, s, got, want)
			}
			if code {
				if got := runBlocks(blocks, []byte(s), false) == 1; got != want {
					t.Fatalf("pattern %q on %q: automaton as code %v, regexp %v", pat, s, got, want)
				}
			}
			if scan {
				// The scanner sees the input after an opening quote: s, a quote, more.
				in := s + `"` + s
				q := strings.IndexByte(in, '"')
				wantN := -1
				if re.MatchString(in[:q]) {
					wantN = q
				}
				if got := runBlocks(blocks, []byte(in), true); got != wantN {
					t.Fatalf("pattern %q on %q: scanner %d, want %d", pat, in, got, wantN)
				}
			}
		}
	}
	for _, pat := range []string{`(?i)k`, `^.$`, `[^a]`, `é`, `\bword\b`, `(?m)^a$`, `^a{1000}$`} {
		if _, ok := compileDFA(pat); ok {
			t.Errorf("compileDFA(%q) accepted a pattern it does not model", pat)
		}
	}
}

// TestPlainOnly: a pattern whose matches are all plain ASCII lets the encoder copy a
// matching string without escaping it; any pattern that admits another byte, anywhere
// (an unanchored end admits every byte), must not.
func TestPlainOnly(t *testing.T) {
	for _, tt := range []struct {
		pat  string
		want bool
	}{
		{`^(0|[1-9][0-9]*)(\.[0-9]+)?$`, true},
		{`^[A-Z0-9]+/[A-Z0-9]+$`, true},
		{`^[a-z]*$`, true},
		{`^(ab|cd){2,3}$`, true},
		{`[0-9]+`, false},  // unanchored: any prefix and suffix
		{`^[a-z]+`, false}, // any suffix
		{`[a-z]+$`, false}, // any prefix
		{`^a"b$`, false},   // a quote needs escaping
		{`^a\\b$`, false},  // a backslash
		{`^[a<]+$`, true},  // wire.AppendString writes <, > and & as themselves
		{`^a&b$`, true},
		{`^a\x01$`, false},     // a control character
		{`^a\x7f$`, false},     // DEL is not printable
		{`^(a|b\x1f)$`, false}, // in one branch only
		{`^[[:alpha:]]+$`, true},
	} {
		if got := plainOnly(tt.pat); got != tt.want {
			t.Errorf("plainOnly(%q) = %v, want %v", tt.pat, got, tt.want)
		}
	}
}

// TestDFACode: the automata of the patterns above are written as code when small (with
// ranges, the class table for a set of more ranges, an accepting sink), and kept as
// tables when large.
func TestDFACode(t *testing.T) {
	for _, tt := range []struct {
		pat       string
		code      bool
		usesClass bool
	}{
		{`^(0|[1-9][0-9]*)(\.[0-9]+)?$`, true, false},
		{`^[ac-dx-z019.]+/[b-c]$`, true, true},
		{`ab`, true, false},
		{`^(a|b){1,40}$`, false, false},
	} {
		d, ok := compileDFA(tt.pat)
		if !ok {
			t.Fatalf("compileDFA(%q) refused", tt.pat)
		}
		_, _, code := d.code()
		if code != tt.code {
			t.Errorf("%q: written as code %v, want %v", tt.pat, code, tt.code)
			continue
		}
		if !code {
			continue
		}
		f := jen.NewFile("p")
		var usesClass bool
		f.Func().Id("m").Params(jen.Id("s").String()).Bool().BlockFunc(func(gr *jen.Group) {
			blocks, targets, _ := d.code()
			usesClass = emitDFACode(gr, "m", d, blocks, targets)
		})
		if usesClass != tt.usesClass {
			t.Errorf("%q: uses the class table %v, want %v", tt.pat, usesClass, tt.usesClass)
		}
		if err := f.Render(io.Discard); err != nil {
			t.Errorf("%q: %v", tt.pat, err)
		}
	}
}

// TestScannable: only a pattern whose every match is plain ASCII, with an automaton small
// enough to be code, gets a scanner.
func TestScannable(t *testing.T) {
	for _, tt := range []struct {
		pat  string
		want bool
	}{
		{`^(0|[1-9][0-9]*)(\.[0-9]+)?$`, true},
		{`^[A-Z0-9]+/[A-Z0-9]+$`, true},
		{`^[a-z0-9][a-z0-9_-]*$`, true},
		{`^(a|b){1,40}$`, false},           // too many states for code
		{`[0-9]+`, false},                  // unanchored: any byte around
		{`^a"b$`, false},                   // a quote
		{`^[a<]+$`, true},                  // < is plain (not HTML-escaped)
		{`^a\x7f$`, false},                 // not plain for the encoder (plainOnly)
		{`^[ac-eg-ik-mo-qs-uw-y]$`, false}, // more ranges than the scanner compares
	} {
		if got := scannable(tt.pat); got != tt.want {
			t.Errorf("scannable(%q) = %v, want %v", tt.pat, got, tt.want)
		}
	}
}
