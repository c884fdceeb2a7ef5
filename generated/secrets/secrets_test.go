package secrets_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/wsgen/wsgen/generated/secrets"
	"github.com/wsgen/wsgen/wire"
)

// The values below are the secrets: no error text, log line or formatted message may
// hold any of them.
var secretValues = []string{"hunter2-secret", "424242", "135790", "078-05-1120", "word-one", "4111111111111111", "777.25"}

func login() *secrets.Login {
	return &secrets.Login{
		User:     "alice",
		Password: "hunter2-secret",
		Pin:      424242,
		Otp:      &secrets.Nullable[string]{Value: "135790"},
		Profile:  &secrets.Profile{Ssn: ptr("078-05-1120")},
		Recovery: &secrets.LoginRecovery{"word-one"},
	}
}

func payment() *secrets.Payment {
	return &secrets.Payment{ID: "p-1", Amount: 777.25, Card: "4111111111111111", Memo: ptr("lunch")}
}

func ptr[T any](v T) *T { return &v }

func assertNoSecret(t *testing.T, what, s string) {
	t.Helper()
	for _, secret := range secretValues {
		if strings.Contains(s, secret) {
			t.Errorf("%s holds the secret %q: %s", what, secret, s)
		}
	}
}

// TestFormatHidesSensitive formats messages with every verb and in every way a program
// might log them, and checks that no sensitive value shows while the others do.
func TestFormatHidesSensitive(t *testing.T) {
	l, p := login(), payment()
	var jsonLog, textLog bytes.Buffer
	slog.New(slog.NewJSONHandler(&jsonLog, nil)).Info("sent", "login", l, "payment", p)
	slog.New(slog.NewTextHandler(&textLog, nil)).Info("sent", "login", *l, "payment", *p)
	// A message value (not a pointer) still logs through its LogValue: the JSON handler
	// would otherwise marshal every field.
	var jsonValueLog bytes.Buffer
	slog.New(slog.NewJSONHandler(&jsonValueLog, nil)).Info("sent", "login", *l, "payment", *p)
	for _, tt := range []struct{ what, got, want string }{
		{"%v", fmt.Sprintf("%v", l), "{alice [redacted] [redacted] [redacted] [redacted] [redacted]}"},
		{"%+v", fmt.Sprintf("%+v", l), "{User:alice Password:[redacted] Pin:[redacted] Otp:[redacted] Profile:[redacted] Recovery:[redacted]}"},
		{"%#v", fmt.Sprintf("%#v", l), `secrets.Login{User:"alice", Password:[redacted], Pin:[redacted], Otp:[redacted], Profile:[redacted], Recovery:[redacted]}`},
		{"%s", fmt.Sprintf("%s", l), "{alice [redacted] [redacted] [redacted] [redacted] [redacted]}"},
		{"%q", fmt.Sprintf("%q", l), `{"alice" [redacted] [redacted] [redacted] [redacted] [redacted]}`},
		{"%v value", fmt.Sprintf("%v", *l), "{alice [redacted] [redacted] [redacted] [redacted] [redacted]}"},
		{"Sprint", fmt.Sprint(l), "{alice [redacted] [redacted] [redacted] [redacted] [redacted]}"},
		{"String", l.String(), "{alice [redacted] [redacted] [redacted] [redacted] [redacted]}"},
		{"GoString", l.GoString(), `secrets.Login{User:"alice", Password:[redacted], Pin:[redacted], Otp:[redacted], Profile:[redacted], Recovery:[redacted]}`},
		{"Println", fmt.Sprintln(l, p), "{alice [redacted] [redacted] [redacted] [redacted] [redacted]} {p-1 [redacted] [redacted] 0x"},
		{"%+v payment", fmt.Sprintf("%+v", p), "{ID:p-1 Amount:[redacted] Card:[redacted] Memo:"},
		{"%v in a slice", fmt.Sprintf("%v", []secrets.Message{l, p}), "[{alice [redacted]"},
		{"%+v in a map", fmt.Sprintf("%+v", map[string]secrets.Payment{"k": *p}), "map[k:{ID:p-1 Amount:[redacted] Card:[redacted] Memo:"},
		{"%+v in a struct", fmt.Sprintf("%+v", struct{ L *secrets.Login }{l}), "{L:{User:alice Password:[redacted]"},
		{"%x", fmt.Sprintf("%x", p), "{702d31 [redacted] [redacted]"},
		{"absent optional", fmt.Sprintf("%+v", &secrets.Login{User: "bob", Password: "hunter2-secret", Pin: 424242}), "{User:bob Password:[redacted] Pin:[redacted] Otp:<nil> Profile:<nil> Recovery:<nil>}"},
		{"absent optional %#v", fmt.Sprintf("%#v", secrets.Login{User: "bob"}), `secrets.Login{User:"bob", Password:[redacted], Pin:[redacted], Otp:nil, Profile:nil, Recovery:nil}`},
		{"nil", fmt.Sprintf("%v %+v", (*secrets.Login)(nil), (*secrets.Payment)(nil)), "<nil> <nil>"},
		{"slog JSON", jsonLog.String(), `"login":{"type":"login"},"payment":{"type":"payment"}`},
		{"slog text", textLog.String(), `login.type=login payment.type=payment`},
		{"slog JSON of values", jsonValueLog.String(), `"login":{"type":"login"},"payment":{"type":"payment"}`},
	} {
		assertNoSecret(t, tt.what, tt.got)
		if !strings.Contains(tt.got, tt.want) {
			t.Errorf("%s = %s, want it to hold %s", tt.what, tt.got, tt.want)
		}
	}
}

// sensitiveRefusals are frames refused for the value of a sensitive member, and the
// reason Decode must give: what was expected, never the value.
var sensitiveRefusals = []struct {
	frame, pointer, reason string
}{
	{`{"type":"login","user":"a","password":"hunter2-secret","pin":424242.5}`, "/pin", "expected integer (value hidden: sensitive)"},
	{`{"type":"login","user":"a","password":"hunter2-secret","pin":-424242}`, "/pin", "less than the minimum 0"},
	{`{"type":"login","user":"a","password":"hunter2-secret","pin":"424242"}`, "/pin", "expected integer, got string"},
	{`{"type":"login","user":"a","password":"135790","pin":1}`, "/password", "string shorter than 8 characters"},
	{`{"type":"login","user":"a","password":"hunter2-secret","pin":1,"otp":"135790x"}`, "/otp", `string does not match pattern "^[0-9]{6}$"`},
	{`{"type":"login","user":"a","password":"hunter2-secret","pin":1,"profile":{"ssn":"078-05-1120","age":424242.5}}`, "/profile/age", "expected integer (value hidden: sensitive)"},
	{`{"type":"login","user":"a","password":"hunter2-secret","pin":1,"recovery":["word-one",777.25]}`, "/recovery/1", "expected string, got number"},
	{`{"type":"payment","id":"p","amount":777.25000000000000001,"card":"4111111111111111"}`, "/amount", "number not held exactly by float64 (value hidden: sensitive)"},
	{`{"type":"payment","id":"p","amount":777.25,"card":"4111111111111111` + "\x01" + `"}`, "/card", "syntax error at offset 67 (value hidden: sensitive)"},
	{`{"type":"payment","id":"p","amount":777.25,"card":4111111111111111}`, "/card", "expected string, got number"},
}

// TestDecodeErrorHidesSensitive: the refusal of a sensitive member's value names the
// pointer and what was expected, in the error's text, its fields, the errors it wraps,
// and errors.Join of several.
func TestDecodeErrorHidesSensitive(t *testing.T) {
	var all []error
	for _, tt := range sensitiveRefusals {
		_, err := secrets.Decode([]byte(tt.frame))
		var de *secrets.DecodeError
		if !errors.As(err, &de) {
			t.Fatalf("Decode(%s) = %v, want a *DecodeError", tt.frame, err)
		}
		if de.Pointer != tt.pointer || de.Reason != tt.reason {
			t.Errorf("Decode(%s) = pointer %q reason %q, want %q %q", tt.frame, de.Pointer, de.Reason, tt.pointer, tt.reason)
		}
		all = append(all, err)
		chain := ""
		for e := error(de); e != nil; e = errors.Unwrap(e) {
			chain += e.Error() + " | " + fmt.Sprintf("%+v %#v", e, e) + "\n"
		}
		assertNoSecret(t, "error chain of "+tt.frame, chain)
	}
	joined := errors.Join(all...)
	assertNoSecret(t, "errors.Join", joined.Error())
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Error("refused", "error", joined)
	assertNoSecret(t, "slog of errors.Join", buf.String())
	// The sentinels are still found.
	_, err := secrets.Decode([]byte(sensitiveRefusals[7].frame))
	if !errors.Is(err, wire.ErrInexact) {
		t.Errorf("inexact amount: errors.Is(%v, wire.ErrInexact) = false", err)
	}
	_, err = secrets.Decode([]byte(sensitiveRefusals[8].frame))
	if se := (*wire.SyntaxError)(nil); !errors.As(err, &se) || se.Offset != 67 {
		t.Errorf("control character in card: %v, want a *wire.SyntaxError at offset 67", err)
	}
}

// TestDecodeErrorQuotesOtherValues: a value that is not sensitive is still quoted, so the
// redaction is not an accident of the reader.
func TestDecodeErrorQuotesOtherValues(t *testing.T) {
	_, err := secrets.Decode([]byte(`{"type":"tally","counts":{"a":424242.5}}`))
	if want := "secrets: decode \"tally\" at /counts/a: expected integer, got 424242.5"; err == nil || err.Error() != want {
		t.Errorf("Decode = %v, want %s", err, want)
	}
}

// TestDecodeErrorBounded: a megabyte of input in any position quoted by an error gives an
// error of a few hundred bytes that gives the full length.
func TestDecodeErrorBounded(t *testing.T) {
	const size = 1 << 20
	mb := strings.Repeat("a", size)
	digits := strings.Repeat("1", size)
	for _, tt := range []struct {
		name, frame string
		typ         bool // the long value is the discriminator, in Type
	}{
		{"discriminator", `{"type":"` + mb + `"}`, true},
		{"fraction for an integer", `{"type":"tally","counts":{"a":` + digits + `.5}}`, false},
		{"long inexact number", `{"type":"payment","id":"p","amount":0.` + digits + `,"card":"c"}`, false},
		{"long string for an integer", `{"type":"tally","counts":{"a":"` + mb + `"}}`, false},
		{"member name under additionalProperties", `{"type":"tally","counts":{"` + mb + `":"x"}}`, false},
		{"member name not allowed", `{"type":"login","user":"a","password":"hunter2-secret","pin":1,"` + mb + `":1}`, false},
		{"duplicate member name", `{"type":"tally","counts":{"` + mb + `":1,"` + mb + `":2}}`, false},
		{"duplicate in a kept value", `{"type":"payment","id":"p","amount":1,"card":"c","x":{"` + mb + `":1,"` + mb + `":2}}`, false},
		{"deep pointer", `{"type":"payment","id":"p","amount":1,"card":"c","x":` + strings.Repeat(`{"`+mb[:100]+`":`, 50) + `"\ud800"` + strings.Repeat("}", 50) + `}`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := secrets.Decode([]byte(tt.frame))
			if err == nil {
				t.Fatalf("Decode accepted the frame")
			}
			text := err.Error()
			if len(text) >= 512 {
				t.Errorf("error text is %d bytes: %.300s…", len(text), text)
			}
			if quotes := !strings.HasPrefix(tt.name, "long") && tt.name != "deep pointer"; quotes && !strings.Contains(text, "("+strconv.Itoa(size)+" bytes)") && !strings.Contains(text, "("+strconv.Itoa(size+2)+" bytes)") {
				t.Errorf("error %q does not give the length", text)
			}
			var de *secrets.DecodeError
			if errors.As(err, &de) {
				if len(de.Pointer)+len(de.Reason) >= 512 {
					t.Errorf("Pointer and Reason are %d bytes", len(de.Pointer)+len(de.Reason))
				}
				if tt.typ && de.Type != mb {
					t.Errorf("Type holds %d bytes, want the discriminator as received", len(de.Type))
				}
			}
		})
	}
}

// TestDecodeErrorBoundedRandom: for random frames built from hostile pieces (long names
// and values, bytes that need escaping, deep nesting), the error text stays bounded and
// on one line.
func TestDecodeErrorBoundedRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 14))
	long := func() string {
		pieces := []string{"a", "é", "\\n", "\\u2028", "\\\"", "/", "~", "\\u0000", "𝄞"}
		var b strings.Builder
		for n := r.IntN(3000); n > 0; n-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		return b.String()
	}
	var value func(depth int) string
	value = func(depth int) string {
		switch k := r.IntN(8); {
		case k == 0 && depth < 40:
			return `{"` + long() + `":` + value(depth+1) + `}`
		case k == 1 && depth < 40:
			return `[` + value(depth+1) + `,` + value(depth+1) + `]`
		case k == 2:
			return strings.Repeat("9", r.IntN(5000)) + "." + strings.Repeat("1", r.IntN(50)+1)
		case k == 3:
			return `"` + long() + "\xff" + `"`
		case k == 4:
			return `"\ud800"`
		default:
			return `"` + long() + `"`
		}
	}
	members := []string{"type", "user", "password", "pin", "otp", "profile", "recovery", "id", "amount", "card", "memo", "counts"}
	types := []string{`"login"`, `"payment"`, `"tally"`, value(0)}
	for i := 0; i < 3000; i++ {
		var b strings.Builder
		b.WriteString(`{"type":` + types[r.IntN(len(types))])
		for n := r.IntN(6); n > 0; n-- {
			name := members[r.IntN(len(members))]
			if r.IntN(4) == 0 {
				name = long()
			}
			b.WriteString(`,"` + name + `":` + value(0))
		}
		b.WriteString("}")
		_, err := secrets.Decode([]byte(b.String()))
		if err == nil {
			continue
		}
		if s := err.Error(); len(s) > 1024 || strings.ContainsAny(s, "\n\r\u2028") {
			t.Fatalf("error of %d bytes (frame of %d bytes): %.2000q", len(s), b.Len(), s)
		}
	}
}

// TestEncodeErrorHidesSensitive: Encode's refusals of sensitive members' values name the
// member and the constraint, never the value.
func TestEncodeErrorHidesSensitive(t *testing.T) {
	for _, m := range []secrets.Message{
		&secrets.Login{User: "a", Password: "hunter2", Pin: 424242},
		&secrets.Login{User: "a", Password: "hunter2-secret", Pin: -424242},
		&secrets.Login{User: "a", Password: "hunter2-secret", Pin: 1, Otp: &secrets.Nullable[string]{Value: "135790x"}},
		&secrets.Login{User: "a", Password: "hunter2-secret\xff", Pin: 1},
	} {
		_, err := secrets.Encode(m)
		if err == nil {
			t.Errorf("Encode(%v) = nil, want an error", m)
			continue
		}
		assertNoSecret(t, "Encode error", err.Error()+fmt.Sprintf(" %+v %#v", err, err))
	}
}
