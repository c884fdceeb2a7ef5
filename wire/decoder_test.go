package wire

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// errKind classifies an error for table tests: "" (nil), "syntax", "dup",
// "utf8", "surrogate", "deep", "range", "notint" or "other".
func errKind(err error) string {
	var se *SyntaxError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrDuplicateKey):
		var de *DuplicateKeyError
		if !errors.As(err, &de) {
			return "other"
		}
		return "dup"
	case errors.Is(err, ErrInvalidUTF8):
		return "utf8"
	case errors.Is(err, ErrLoneSurrogate):
		return "surrogate"
	case errors.Is(err, ErrTooDeep):
		return "deep"
	case errors.Is(err, ErrRange):
		return "range"
	case errors.Is(err, ErrNotInteger):
		return "notint"
	case errors.As(err, &se):
		return "syntax"
	}
	return "other"
}

func TestReadString(t *testing.T) {
	for _, tt := range []struct {
		name, in, want, err string
	}{
		{"plain", `"hello"`, "hello", ""},
		{"empty", `""`, "", ""},
		{"leading space", " \t\r\n\"x\"", "x", ""},
		{"simple escapes", `"a\"b\\c\/d\be\ff\ng\rh\ti"`, "a\"b\\c/d\be\ff\ng\rh\ti", ""},
		{"unicode escape", `"\u00e9\u20AC"`, "é€", ""},
		{"escaped pair", `"\ud83d\ude00"`, "😀", ""},
		{"escaped pair upper hex", `"\uD83D\uDE00x"`, "😀x", ""},
		{"raw utf8", `"héllo 😀"`, "héllo 😀", ""},
		{"raw U+FFFD", "\"\xef\xbf\xbd\"", "\ufffd", ""},
		{"escaped nul", `"\u0000"`, "\x00", ""},
		{"lone high", `"\ud83d"`, "", "surrogate"},
		{"lone high then text", `"\ud83dabc"`, "", "surrogate"},
		{"high then non-low escape", `"\ud83d\u0041"`, "", "surrogate"},
		{"high then high", `"\ud83d\ud83d"`, "", "surrogate"},
		{"high then other escape", `"\ud83d\n"`, "", "surrogate"},
		{"lone low", `"\ude00"`, "", "surrogate"},
		{"low then high", `"\ude00\ud83d"`, "", "surrogate"},
		{"high then bad hex", `"\ud83d\uzzzz"`, "", "syntax"},
		{"invalid utf8 byte", "\"a\xffb\"", "", "utf8"},
		{"truncated utf8", "\"\xc3\"", "", "utf8"},
		{"overlong utf8", "\"\xc0\xaf\"", "", "utf8"},
		{"utf8 surrogate encoded", "\"\xed\xa0\x80\"", "", "utf8"},
		{"control char", "\"a\x01b\"", "", "syntax"},
		{"raw newline", "\"a\nb\"", "", "syntax"},
		{"raw tab", "\"a\tb\"", "", "syntax"},
		{"bad escape", `"\x"`, "", "syntax"},
		{"short unicode escape", `"\u12"`, "", "syntax"},
		{"bad hex", `"\u12g4"`, "", "syntax"},
		{"unterminated", `"abc`, "", "syntax"},
		{"unterminated after utf8", `"é`, "", "syntax"},
		{"truncated utf8 at end", "\"\xc3", "", "utf8"},
		{"utf8 then invalid", "\"éé\xe9\"", "", "utf8"},
		{"long utf8 run", `"` + strings.Repeat("é", 100) + `"`, strings.Repeat("é", 100), ""},
		{"unterminated escape", `"abc\`, "", "syntax"},
		{"not a string", `12`, "", "syntax"},
		{"eof", ``, "", "syntax"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDecoder([]byte(tt.in))
			got, err := d.ReadString()
			if errKind(err) != tt.err || (err == nil && got != tt.want) {
				t.Errorf("ReadString(%q) = %q, %v; want %q, %s error", tt.in, got, err, tt.want, tt.err)
			}
			d.Reset([]byte(tt.in))
			b, err := d.ReadStringBytes()
			if errKind(err) != tt.err || (err == nil && string(b) != tt.want) {
				t.Errorf("ReadStringBytes(%q) = %q, %v; want %q, %s error", tt.in, b, err, tt.want, tt.err)
			}
			d.Reset([]byte(tt.in))
			if err := d.Skip(); strings.HasPrefix(tt.in, `"`) && errKind(err) != tt.err {
				t.Errorf("Skip(%q) = %v, want %s error", tt.in, err, tt.err)
			}
		})
	}
}

func TestReadStringBytesAliases(t *testing.T) {
	in := []byte(`["abc","a\nb"]`)
	d := NewDecoder(in)
	_ = d.ArrayStart()
	_, _ = d.NextElem()
	b, err := d.ReadStringBytes()
	if err != nil || string(b) != "abc" || &b[0] != &in[2] {
		t.Errorf("ReadStringBytes without escape = %q, %v; want an alias of the input", b, err)
	}
	_, _ = d.NextElem()
	b, err = d.ReadStringBytes()
	if err != nil || string(b) != "a\nb" {
		t.Errorf("ReadStringBytes with escape = %q, %v", b, err)
	}
	if ok, err := d.NextElem(); ok || err != nil {
		t.Errorf("NextElem at end = %v, %v", ok, err)
	}
	if err := d.End(); err != nil {
		t.Errorf("End = %v", err)
	}
}

func TestReadNumber(t *testing.T) {
	for _, tt := range []struct {
		in, want, err string
	}{
		{"0", "0", ""},
		{"-0", "-0", ""},
		{"123", "123", ""},
		{"-1.5e+10", "-1.5e+10", ""},
		{"1E-2", "1E-2", ""},
		{"0.000", "0.000", ""},
		{"1e400", "1e400", ""},
		{" 42 ", "42", ""},
		{"12,", "12", ""},
		{"01", "", "syntax"},
		{"-01", "", "syntax"},
		{"00", "", "syntax"},
		{"-", "", "syntax"},
		{"-a", "", "syntax"},
		{"1.", "", "syntax"},
		{"1.e5", "", "syntax"},
		{".5", "", "syntax"},
		{"1e", "", "syntax"},
		{"1e+", "", "syntax"},
		{"1E-x", "", "syntax"},
		{"+1", "", "syntax"},
		{"", "", "syntax"},
		{"NaN", "", "syntax"},
	} {
		d := NewDecoder([]byte(tt.in))
		got, err := d.ReadNumber()
		if errKind(err) != tt.err || string(got) != tt.want {
			t.Errorf("ReadNumber(%q) = %q, %v; want %q, %s error", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestReadLiterals(t *testing.T) {
	for _, tt := range []struct {
		in   string
		kind Kind
		ok   bool
	}{
		{"null", KindNull, true},
		{"true", KindBool, true},
		{"false", KindBool, true},
		{" nul", KindNull, false},
		{"tru", KindBool, false},
		{"fals", KindBool, false},
		{"nulL", KindNull, false},
		{"True", KindInvalid, false},
	} {
		d := NewDecoder([]byte(tt.in))
		if k := d.Peek(); k != tt.kind {
			t.Errorf("Peek(%q) = %v, want %v", tt.in, k, tt.kind)
		}
		var err error
		var v bool
		if tt.kind == KindNull {
			err = d.ReadNull()
		} else {
			v, err = d.ReadBool()
		}
		if (err == nil) != tt.ok {
			t.Errorf("read(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
		}
		if err == nil && tt.kind == KindBool && v != (strings.TrimSpace(tt.in) == "true") {
			t.Errorf("ReadBool(%q) = %v", tt.in, v)
		}
		if err == nil {
			if err := d.End(); err != nil {
				t.Errorf("End after %q = %v", tt.in, err)
			}
		} else if errKind(err) != "syntax" {
			t.Errorf("read(%q) error %v is not a *SyntaxError", tt.in, err)
		}
	}
}

func TestPeek(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Kind
	}{
		{"null", KindNull}, {"true", KindBool}, {"false", KindBool}, {"-1", KindNumber},
		{"7", KindNumber}, {`"s"`, KindString}, {"[", KindArray}, {" {", KindObject},
		{"", KindInvalid}, {"   ", KindInvalid}, {".5", KindInvalid}, {"}", KindInvalid},
	} {
		if got := NewDecoder([]byte(tt.in)).Peek(); got != tt.want {
			t.Errorf("Peek(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if KindObject.String() != "object" || Kind(200).String() != "invalid" {
		t.Errorf("Kind.String: %q %q", KindObject.String(), Kind(200).String())
	}
}

// walk decodes in with the streaming API, skipping each member and element
// value with Skip, and returns the keys seen and the first error.
func walk(in string) (keys []string, err error) {
	d := NewDecoder([]byte(in))
	switch d.Peek() {
	case KindObject:
		if err := d.ObjectStart(); err != nil {
			return keys, err
		}
		for {
			k, ok, err := d.NextKey()
			if err != nil {
				return keys, err
			}
			if !ok {
				break
			}
			keys = append(keys, string(k))
			if err := d.Skip(); err != nil {
				return keys, err
			}
		}
	case KindArray:
		if err := d.ArrayStart(); err != nil {
			return keys, err
		}
		for {
			ok, err := d.NextElem()
			if err != nil {
				return keys, err
			}
			if !ok {
				break
			}
			if err := d.Skip(); err != nil {
				return keys, err
			}
		}
	default:
		if err := d.Skip(); err != nil {
			return keys, err
		}
	}
	return keys, d.End()
}

func TestObjectsAndArrays(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		keys     []string
		err      string
	}{
		{"empty object", `{}`, nil, ""},
		{"members", ` { "a" : 1 , "b":[ ] ,"c":{}} `, []string{"a", "b", "c"}, ""},
		{"escaped key", `{"\u0061\n":1}`, []string{"a\n"}, ""},
		{"empty array", `[]`, nil, ""},
		{"elements", `[1, "x", null, [true], {"k":false}]`, nil, ""},
		{"missing comma", `{"a":1 "b":2}`, []string{"a"}, "syntax"},
		{"trailing comma object", `{"a":1,}`, []string{"a"}, "syntax"},
		{"leading comma object", `{,"a":1}`, nil, "syntax"},
		{"missing colon", `{"a" 1}`, nil, "syntax"},
		{"unquoted key", `{a:1}`, nil, "syntax"},
		{"number key", `{1:1}`, nil, "syntax"},
		{"wrong close object", `{"a":1]`, []string{"a"}, "syntax"},
		{"unclosed object", `{"a":1`, []string{"a"}, "syntax"},
		{"missing value", `{"a":}`, []string{"a"}, "syntax"},
		{"trailing comma array", `[1,]`, nil, "syntax"},
		{"leading comma array", `[,1]`, nil, "syntax"},
		{"double comma", `[1,,2]`, nil, "syntax"},
		{"wrong close array", `[1}`, nil, "syntax"},
		{"unclosed array", `[1`, nil, "syntax"},
		{"trailing data", `{} x`, nil, "syntax"},
		{"two values", `1 2`, nil, "syntax"},
		{"empty input", ``, nil, "syntax"},
		{"bad key utf8", "{\"\xff\":1}", nil, "utf8"},
		{"bad key surrogate", `{"\udc00":1}`, nil, "surrogate"},
		{"nested dup", `{"a":{"x":1,"x":2}}`, []string{"a"}, "dup"},
		{"nested escaped dup", `[{"a":1,"\u0061":2}]`, nil, "dup"},
		{"nested dup in array in object", `{"a":[{"b":1},{"b":1,"c":0,"b":2}]}`, []string{"a"}, "dup"},
		{"same name in sibling objects", `[{"a":1},{"a":2}]`, nil, ""},
		{"same name at different levels", `[{"a":{"a":{"a":1}},"b":{"a":2}}]`, nil, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			keys, err := walk(tt.in)
			if errKind(err) != tt.err || strings.Join(keys, ",") != strings.Join(tt.keys, ",") {
				t.Errorf("walk(%q) = %q, %v; want %q, %s error", tt.in, keys, err, tt.keys, tt.err)
			}
		})
	}
}

func TestDuplicateKeys(t *testing.T) {
	big := func(n int, dupAt int) string {
		var b strings.Builder
		b.WriteString("[{")
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			k := i
			if i == dupAt {
				k = 3
			}
			b.WriteString(`"k` + itoa(k) + `":{"inner":` + itoa(i) + `,"k1":0}`)
		}
		b.WriteString("}]")
		return b.String()
	}
	for _, tt := range []struct {
		name, in, key string
	}{
		{"plain", `{"a":1,"a":2}`, "a"},
		{"nested plain", `[{"a":1,"b":2,"a":3}]`, "a"},
		{"escaped equal", `[{"a":1,"\u0061":2}]`, "a"},
		{"both escaped", `[{"\u00e9":1,"\u00E9":2}]`, "é"},
		{"escape vs raw utf8", `[{"é":1,"\u00e9":2}]`, "é"},
		{"escaped pair vs raw", `[{"😀":1,"\ud83d\ude00":2}]`, "😀"},
		{"empty names", `[{"":1,"":2}]`, ""},
		{"no dup large", big(1000, -1), "-"},
		{"dup large early", big(1000, 20), "k3"},
		{"dup large late", big(1000, 999), "k3"},
		{"dup at threshold", big(17, 16), "k3"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDecoder([]byte(tt.in))
			err := d.Skip()
			var de *DuplicateKeyError
			switch {
			case tt.key == "-":
				if err != nil {
					t.Errorf("Skip = %v, want nil", err)
				}
			case !errors.As(err, &de) || !errors.Is(err, ErrDuplicateKey):
				t.Errorf("Skip = %v, want a *DuplicateKeyError", err)
			case de.Key != tt.key:
				t.Errorf("DuplicateKeyError.Key = %q, want %q", de.Key, tt.key)
			}
		})
	}
	// Reuse: a decoder that saw a large object keeps working on others.
	d := NewDecoder([]byte(big(100, -1)))
	for i := 0; i < 3; i++ {
		d.Reset([]byte(big(100, -1)))
		if err := d.Skip(); err != nil {
			t.Fatalf("Skip on reuse %d = %v", i, err)
		}
		d.Reset([]byte(big(40, 39)))
		if err := d.Skip(); !errors.Is(err, ErrDuplicateKey) {
			t.Fatalf("Skip on reuse %d = %v, want duplicate", i, err)
		}
	}
}

func itoa(i int) string { return string(AppendInt(nil, int64(i))) }

func TestDepth(t *testing.T) {
	nest := func(n int, open, close string) string {
		return strings.Repeat(open, n) + strings.Repeat(close, n)
	}
	for _, tt := range []struct {
		name, in string
		err      string
	}{
		{"arrays at limit", nest(MaxDepth, "[", "]"), ""},
		{"arrays beyond limit", nest(MaxDepth+1, "[", "]"), "deep"},
		{"objects at limit", nest(MaxDepth, `{"a":`, "}") + "", "syntax"}, // innermost needs a value
		{"objects beyond limit", nest(MaxDepth+1, `{"a":`, "}"), "deep"},
		{"100000 arrays", nest(100000, "[", "]"), "deep"},
		{"100000 objects", nest(100000, `{"a":`, "}"), "deep"},
		{"100000 open only", strings.Repeat("[", 100000), "deep"},
		{"mixed at limit", nest(MaxDepth/2, `[{"a":`, "}]"), "syntax"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDecoder([]byte(tt.in))
			err := d.Skip()
			if err == nil {
				err = d.End()
			}
			if errKind(err) != tt.err {
				t.Errorf("Skip = %v, want %s error", err, tt.err)
			}
		})
	}
	// Objects exactly at the limit with a value innermost.
	in := strings.Repeat(`{"a":`, MaxDepth-1) + "{}" + strings.Repeat("}", MaxDepth-1)
	if err := NewDecoder([]byte(in)).Skip(); err != nil {
		t.Errorf("Skip(objects at MaxDepth) = %v", err)
	}
	// The streaming readers count depth too.
	d := NewDecoder([]byte(strings.Repeat("[", MaxDepth+1)))
	var err error
	for i := 0; i <= MaxDepth && err == nil; i++ {
		err = d.ArrayStart()
		if err == nil {
			_, err = d.NextElem()
		}
	}
	if !errors.Is(err, ErrTooDeep) {
		t.Errorf("ArrayStart beyond MaxDepth = %v, want ErrTooDeep", err)
	}
	// Depth within Skip adds to the caller's depth.
	d = NewDecoder([]byte("[" + nest(MaxDepth, "[", "]") + "]"))
	_ = d.ArrayStart()
	_, _ = d.NextElem()
	if err := d.Skip(); !errors.Is(err, ErrTooDeep) {
		t.Errorf("Skip under ArrayStart = %v, want ErrTooDeep", err)
	}
}

func TestReadRaw(t *testing.T) {
	d := NewDecoder([]byte(`{"a": [1, {"b":"c"}] , "d" : "e"}`))
	_ = d.ObjectStart()
	_, _, _ = d.NextKey()
	raw, err := d.ReadRaw()
	if err != nil || string(raw) != `[1, {"b":"c"}]` {
		t.Errorf("ReadRaw = %q, %v", raw, err)
	}
	k, ok, err := d.NextKey()
	if string(k) != "d" || !ok || err != nil {
		t.Errorf("NextKey after ReadRaw = %q, %v, %v", k, ok, err)
	}
	raw, err = d.ReadRaw()
	if err != nil || string(raw) != `"e"` {
		t.Errorf("ReadRaw = %q, %v", raw, err)
	}
	if _, ok, err := d.NextKey(); ok || err != nil {
		t.Errorf("NextKey at end = %v, %v", ok, err)
	}
	if err := d.End(); err != nil {
		t.Errorf("End = %v", err)
	}
	if _, err := NewDecoder([]byte(`[1,`)).ReadRaw(); errKind(err) != "syntax" {
		t.Errorf("ReadRaw(truncated) = %v", err)
	}
}

func TestErrorMessages(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
	}{
		{`[1 2]`, "wire: syntax error at offset 3: unexpected '2', expected ',' or ']'"},
		{`[1,`, "wire: syntax error at offset 3: unexpected end of input, expected value"},
		{"[\"\xff\"]", "wire: invalid UTF-8 in string at offset 2"},
		{`[{"a":1,"a":2}]`, `wire: duplicate member name "a" at offset 8`},
		{"{\"a\":\x01}", "wire: syntax error at offset 5: unexpected byte 0x01, expected value"},
	} {
		err := NewDecoder([]byte(tt.in)).Skip()
		if err == nil || err.Error() != tt.want {
			t.Errorf("Skip(%q) = %v, want %q", tt.in, err, tt.want)
		}
	}
}

func TestStreamingEdges(t *testing.T) {
	d := NewDecoder([]byte(`{"a":[{}]}`))
	_ = d.ObjectStart()
	_, _, _ = d.NextKey()
	_ = d.ArrayStart()
	if d.Depth() != 2 {
		t.Errorf("Depth = %d, want 2", d.Depth())
	}
	if err := d.End(); errKind(err) != "syntax" {
		t.Errorf("End with open containers = %v, want a syntax error", err)
	}
	for _, tt := range []struct {
		name string
		f    func(*Decoder) error
	}{
		{"ObjectStart", (*Decoder).ObjectStart},
		{"ArrayStart", (*Decoder).ArrayStart},
		{"ReadNull", (*Decoder).ReadNull},
		{"ReadBool", func(d *Decoder) error { _, err := d.ReadBool(); return err }},
		{"ReadNumber", func(d *Decoder) error { _, err := d.ReadNumber(); return err }},
	} {
		if err := tt.f(NewDecoder([]byte(`"x"`))); errKind(err) != "syntax" {
			t.Errorf("%s on a string = %v, want a syntax error", tt.name, err)
		}
	}
	d = NewDecoder([]byte(strings.Repeat(`{"a":`, MaxDepth+1)))
	var err error
	for err == nil {
		if err = d.ObjectStart(); err == nil {
			_, _, err = d.NextKey()
		}
	}
	if !errors.Is(err, ErrTooDeep) || d.Depth() != MaxDepth {
		t.Errorf("ObjectStart beyond MaxDepth = %v at depth %d, want ErrTooDeep at %d", err, d.Depth(), MaxDepth)
	}
	if Number("1.5").String() != "1.5" {
		t.Errorf("Number.String")
	}
	if Compare(Number("a"), Number("b")) != -1 || Compare(Number("ab"), Number("a")) != 1 {
		t.Errorf("Compare of invalid literals is not bytewise")
	}
}

// TestReadStringMultiByte: ReadString accepts a two-, three- or four-byte sequence exactly
// when it is valid UTF-8, inside a string and at its end.
func TestReadStringMultiByte(t *testing.T) {
	check := func(seq []byte) {
		for _, doc := range [][]byte{
			append(append([]byte(`"a`), seq...), '"'),
			append(append([]byte(`"a`), seq...), `bc"`...),
		} {
			_, err := NewDecoder(doc).ReadString()
			if valid := utf8.Valid(seq); (err == nil) != valid {
				t.Fatalf("ReadString(%q): error %v, want valid=%v", doc, err, valid)
			}
		}
	}
	for c := 0xc0; c < 0xe0; c++ {
		for c1 := 0x20; c1 < 256; c1++ {
			if c1 != '"' && c1 != '\\' {
				check([]byte{byte(c), byte(c1)})
			}
		}
	}
	for c := 0xe0; c < 0xf0; c++ {
		for c1 := 0x70; c1 < 0xd0; c1++ {
			for c2 := 0x70; c2 < 0xd0; c2++ {
				check([]byte{byte(c), byte(c1), byte(c2)})
			}
		}
	}
	edges := []byte{0x7f, 0x80, 0xbf, 0xc0}
	for c := 0xf0; c < 0xf8; c++ {
		for c1 := 0x70; c1 < 0xd0; c1++ {
			for _, c2 := range edges {
				for _, c3 := range edges {
					check([]byte{byte(c), byte(c1), c2, c3})
				}
			}
		}
	}
}
