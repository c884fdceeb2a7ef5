package schema

import (
	"sort"
	"strconv"
	"time"
)

var closeCodeKeys = map[string]bool{"code": true, "name": true, "action": true, "minDelayMs": true, "description": true}

func (b *builder) closeCodes(n *node, ptr string) {
	if n.kind != 'a' {
		b.errorf(ptr, "closeCodes must be an array of {code, name, action, minDelayMs}")
		return
	}
	seen := map[int]bool{}
	for i, e := range n.elems {
		ep := ptr + "/" + strconv.Itoa(i)
		if e.kind != 'o' {
			b.errorf(ep, "a close code must be an object {code, name, action, minDelayMs}")
			continue
		}
		ok := true
		for _, m := range e.members {
			if !closeCodeKeys[m.name] {
				b.errorf(ep+"/"+escapePointer(m.name), "unknown close-code key %q (known: action, code, description, minDelayMs, name)", m.name)
				ok = false
			}
		}
		var cc CloseCode
		code := e.get("code")
		if code == nil || code.kind != 'n' {
			b.errorf(ep, "a close code needs a numeric code")
			ok = false
		} else if v, err := strconv.Atoi(string(code.num)); err != nil || v < 4000 || v > 4999 {
			b.errorf(ep+"/code", "application close codes must be integers in 4000..4999")
			ok = false
		} else if seen[v] {
			b.errorf(ep+"/code", "close code %d is listed twice", v)
			ok = false
		} else {
			seen[v] = true
			cc.Code = v
		}
		if nm := e.get("name"); nm == nil || nm.kind != 's' || nm.str == "" {
			b.errorf(ep, "a close code needs a non-empty name")
			ok = false
		} else {
			cc.Name = nm.str
		}
		switch a := e.get("action"); {
		case a == nil || a.kind != 's':
			b.errorf(ep, "a close code needs an action: reconnect, refresh-auth or stop")
			ok = false
		case a.str == "reconnect" || a.str == "refresh-auth" || a.str == "stop":
			cc.Action = a.str
		default:
			b.errorf(ep+"/action", "unknown action %q (want reconnect, refresh-auth or stop)", a.str)
			ok = false
		}
		if d := e.get("minDelayMs"); d != nil {
			v, err := strconv.ParseInt(string(d.num), 10, 64)
			if d.kind != 'n' || err != nil || v < 0 {
				b.errorf(ep+"/minDelayMs", "minDelayMs must be a non-negative integer of milliseconds")
				ok = false
			}
			cc.MinDelay = time.Duration(v) * time.Millisecond
		}
		if ok {
			b.p.CloseCodes = append(b.p.CloseCodes, cc)
		}
	}
	sort.Slice(b.p.CloseCodes, func(i, j int) bool { return b.p.CloseCodes[i].Code < b.p.CloseCodes[j].Code })
}
