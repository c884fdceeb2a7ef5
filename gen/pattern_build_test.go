package gen_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestGeneratedMatchersAgreeWithRegexp compiles the matchers generated for patterns of
// every form the generator writes as a function (an automaton as code, with ranges and
// with the class table, an unanchored one with an accepting sink, one kept as tables, a
// simple byte-class loop) and checks that Decode and Encode refuse a string exactly when
// RE2 does not match it, on random strings over an alphabet that includes a quote, a
// backslash, a control character and a non-ASCII letter, written plain or with every
// character escaped; a string Decode accepts is the string written.
func TestGeneratedMatchersAgreeWithRegexp(t *testing.T) {
	pats := []string{
		`^(0|[1-9][0-9]*)(\.[0-9]+)?$`, `^[A-Z0-9]+/[A-Z0-9]+$`, `^-?[0-9]+(\.[0-9]{1,8})?$`,
		`^[ac-dx-z019.]+/[b-c]$`, `^(a|b){1,40}$`, `ab`, `x(y|z)?x`, `(ab|b)c$`, `^(ab|a)*b$`,
		`^[a-z]+(-[a-z]+)*$`, `^a{3}$|^b$`, `^[a-z0-9][a-z0-9_-]*$`, `^$`,
	}
	var defs, refs []string
	for k, pat := range pats {
		p, _ := json.Marshal(pat)
		refs = append(refs, fmt.Sprintf(`{"$ref": "#/$defs/m%d"}`, k))
		defs = append(defs, fmt.Sprintf(`"m%d": {"type": "object", "properties": {"type": {"const": "m%d"}, "v": {"type": "string", "pattern": %s}}, "required": ["type", "v"]}`, k, k, p))
	}
	proto := `{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "pats",
  "x-wsgen": {"package": "conf", "discriminator": "type"},
  "oneOf": [` + strings.Join(refs, ", ") + `],
  "$defs": {` + strings.Join(defs, ",\n") + `}}`
	pj, _ := json.Marshal(pats)
	got := runGenerated(t, []byte(proto), `package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp"

	"conformance/conf"
)

func main() {
	var pats []string
	if err := json.Unmarshal([]byte(`+"`"+string(pj)+"`"+`), &pats); err != nil {
		panic(err)
	}
	alphabet := []string{"a", "b", "c", "x", "y", "z", "0", "1", "9", ".", "-", "/", "A", "Z", "é", "\n", " ", "\"", "\\"}
	rng := rand.New(rand.NewPCG(5, 6))
	checked, bad := 0, 0
	for k, pat := range pats {
		re := regexp.MustCompile(pat)
		for range 4000 {
			s := ""
			for range rng.IntN(10) {
				s += alphabet[rng.IntN(len(alphabet))]
			}
			if k == 0 || k == 4 {
				for range rng.IntN(40) { // long runs of the classes that repeat
					s += []string{"a", "b", "1", "0"}[rng.IntN(4)]
				}
			}
			want := re.MatchString(s)
			v, _ := json.Marshal(s)
			if rng.IntN(4) == 0 { // every byte escaped: the same string, read the slow way
				v = []byte{'"'}
				for _, r := range s {
					v = fmt.Appendf(v, "\\u%04x", r)
				}
				v = append(v, '"')
			}
			if rng.IntN(8) == 0 {
				v = append([]byte(" "), v...) // white space before the value
			}
			m, err := conf.Decode([]byte(fmt.Sprintf(`+"`"+`{"type":"m%d","v":%s}`+"`"+`, k, v)))
			if (err == nil) != want {
				bad++
				fmt.Printf("Decode: pattern %q on %s: err %v, regexp %v\n", pat, v, err, want)
				continue
			}
			if want {
				if got := reflect.ValueOf(m).Elem().FieldByName("V").String(); got != s {
					bad++
					fmt.Printf("Decode: pattern %q on %s: decoded %q\n", pat, v, got)
				}
			}
			if want {
				reflect.ValueOf(m).Elem().FieldByName("V").SetString(s)
				if _, err := conf.Encode(m); err != nil {
					bad++
					fmt.Printf("Encode: pattern %q on %q: %v\n", pat, s, err)
				}
				checked++
			}
		}
	}
	fmt.Println("bad", bad, "matched", checked > 1000)
}
`)
	if got != "bad 0 matched true\n" {
		t.Errorf("driver printed:\n%s", got)
	}
}
