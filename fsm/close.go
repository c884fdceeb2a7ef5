package fsm

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// CloseAction is what the machine does when the server closes with a code.
type CloseAction uint8

// The close actions.
const (
	CloseReconnect   CloseAction = iota // retry with backoff (plus the rule's MinDelay)
	CloseRefreshAuth                    // refresh the token once, then dial
	CloseStop                           // give up: state failed
	CloseComplete                       // normal completion: state closed
)

var closeActionNames = [...]string{"reconnect", "refresh-auth", "stop", "complete"}

// String returns the action's name as written in a protocol's x-wsgen
// closeCodes: reconnect, refresh-auth, stop, or complete.
func (a CloseAction) String() string {
	if int(a) < len(closeActionNames) {
		return closeActionNames[a]
	}
	return fmt.Sprintf("CloseAction(%d)", uint8(a))
}

// ParseCloseAction returns the action named s ("reconnect", "refresh-auth",
// "stop" or "complete"), as found in generated close-code tables.
func ParseCloseAction(s string) (CloseAction, error) {
	for i, n := range closeActionNames {
		if n == s {
			return CloseAction(i), nil
		}
	}
	return 0, fmt.Errorf("%w: %q", ErrUnknownCloseAction, s)
}

// CloseRule maps a close code to an action.
type CloseRule struct {
	Code     int
	Name     string
	Action   CloseAction
	MinDelay time.Duration // added to the backoff delay when Action is CloseReconnect
}

// Close codes with a meaning of their own to the machine.
const (
	CloseNormal       = 1000 // normal closure
	CloseNoStatus     = 1005 // a close frame without a code (never sent)
	CloseAbnormal     = 1006 // the transport was lost without a close frame (never sent)
	CloseTryAgain     = 1013 // try again later: reconnect after at least TryAgainDelay
	CloseUnauthorized = 3000 // IANA: unauthorized, refresh the token
	TryAgainDelay     = 5 * time.Second
)

// DefaultCloseRules returns the RFC 6455 / IANA registry table. Codes not in
// the table reconnect with backoff.
func DefaultCloseRules() []CloseRule {
	return []CloseRule{
		{Code: 1000, Name: "normal closure", Action: CloseComplete},
		{Code: 1001, Name: "going away", Action: CloseReconnect},
		{Code: 1002, Name: "protocol error", Action: CloseStop},
		{Code: 1003, Name: "unsupported data", Action: CloseStop},
		{Code: 1005, Name: "no status received", Action: CloseReconnect},
		{Code: 1006, Name: "abnormal closure", Action: CloseReconnect},
		{Code: 1007, Name: "invalid frame payload data", Action: CloseStop},
		{Code: 1008, Name: "policy violation", Action: CloseStop},
		{Code: 1009, Name: "message too big", Action: CloseStop},
		{Code: 1010, Name: "mandatory extension", Action: CloseStop},
		{Code: 1011, Name: "internal error", Action: CloseReconnect},
		{Code: 1012, Name: "service restart", Action: CloseReconnect},
		{Code: 1013, Name: "try again later", Action: CloseReconnect, MinDelay: TryAgainDelay},
		{Code: 1014, Name: "bad gateway", Action: CloseReconnect},
		{Code: 1015, Name: "TLS handshake", Action: CloseStop},
		{Code: 3000, Name: "unauthorized", Action: CloseRefreshAuth},
		{Code: 3003, Name: "forbidden", Action: CloseStop},
		{Code: 3008, Name: "timeout", Action: CloseReconnect},
	}
}

// MergeCloseRules returns base with the protocol's rules added; a protocol
// rule replaces a base rule of the same code. Protocol codes must lie in
// 4000–4999 ([ErrCloseCodeRange] otherwise). The result is sorted by code;
// neither argument is modified.
func MergeCloseRules(base, protocol []CloseRule) ([]CloseRule, error) {
	byCode := make(map[int]CloseRule, len(base)+len(protocol))
	for _, r := range base {
		byCode[r.Code] = r
	}
	for _, r := range protocol {
		if r.Code < 4000 || r.Code > 4999 {
			return nil, fmt.Errorf("%w: %d (%s)", ErrCloseCodeRange, r.Code, r.Name)
		}
		byCode[r.Code] = r
	}
	out := make([]CloseRule, 0, len(byCode))
	for _, r := range byCode {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b CloseRule) int { return a.Code - b.Code })
	return out, nil
}

// LookupCloseRule returns the rule for code in rules, or, for a code not in
// rules, a CloseReconnect rule named "unknown" (private and unknown codes
// retry with backoff).
func LookupCloseRule(rules []CloseRule, code int) CloseRule {
	for _, r := range rules {
		if r.Code == code {
			return r
		}
	}
	return CloseRule{Code: code, Name: "unknown", Action: CloseReconnect}
}

// MaxReasonBytes is the longest close reason RFC 6455 allows (125-byte
// control frame payload minus the 2-byte code).
const MaxReasonBytes = 123

// SafeReason returns s fit for logs and state records: control and format
// characters and invalid UTF-8 removed, truncated to [MaxReasonBytes] on a
// rune boundary.
func SafeReason(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		if r == utf8.RuneError && size <= 1 || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		if b.Len()+utf8.RuneLen(r) > MaxReasonBytes {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}
