package schema

import (
	"encoding/json"
	"math/big"
	"strconv"
	"strings"
)

func jsonUnquote(canon string, dst *string) error { return json.Unmarshal([]byte(canon), dst) }

var messageSettingKeys = map[string]bool{
	"direction": true, RoleEventID: true, RoleStream: true, RoleSequence: true,
	RoleCorrelationID: true, RoleIdempotencyKey: true, "sensitive": true, "snapshot": true,
	"heartbeat": true, "reply": true, "goName": true, "typeName": true,
}

// message builds the message at $defs/name (its Go name was claimed by build).
func (b *builder) message(name string) *Message {
	ptr := "/$defs/" + escapePointer(name)
	errs := len(b.errs)
	t := b.resolve(name, ptr)
	m := &Message{Name: name, GoName: b.defGoName(name), Type: t, Direction: DirBoth, Pointer: ptr}
	switch {
	case t.Repr == ReprStruct && t.Kinds == Object:
	case t.Repr == ReprTuple && t.Kinds == Array:
		// An array message: a tuple (prefixItems) or an array of items (docs/routing.md).
	default:
		b.errorf(ptr, "a message must be an object schema (\"type\": \"object\") with properties, or an array schema (\"type\": \"array\") with prefixItems or items, and not allow null")
		return nil
	}
	m.ConstName = "Type" + m.GoName
	b.ident(m.ConstName, ptr)
	if len(b.errs) > errs {
		// Report the settings' problems too: routing will not run.
		b.messageSettings(m, b.defNode(name).get("x-wsgen"), ptr+"/x-wsgen")
		return nil
	}
	return m
}

func (b *builder) defNode(name string) *node {
	if b.defIndex == nil {
		b.defIndex = make(map[string]*node, len(b.defs))
		for _, m := range b.defs {
			b.defIndex[m.name] = m.value
		}
	}
	return b.defIndex[name]
}

func (b *builder) messageSettings(m *Message, x *node, ptr string) {
	if x == nil {
		return
	}
	if x.kind != 'o' {
		b.errorf(ptr, "x-wsgen must be an object")
		return
	}
	field := func(key string, v *node) *Field {
		f, path := b.memberAt(m, key, v, ptr+"/"+key)
		if f != nil && strings.HasPrefix(v.str, "/") && m.Type.Repr != ReprTuple {
			if m.rolePointers == nil {
				m.rolePointers, m.RolePaths = map[string]string{}, map[string][]*Field{}
			}
			role := roleKeys[key]
			if role == "" {
				role = key
			}
			m.rolePointers[role], m.RolePaths[role] = v.str, path
		}
		return f
	}
	for _, e := range x.members {
		fp := ptr + "/" + escapePointer(e.name)
		if !messageSettingKeys[e.name] {
			b.errorf(fp, "unknown x-wsgen key %q (known: correlationId, direction, eventId, goName, heartbeat, idempotencyKey, reply, sensitive, sequence, snapshot, stream, typeName)", e.name)
			continue
		}
		switch e.name {
		case "goName":
			// Read by defGoName.
		case "typeName":
			if e.value.kind != 's' || e.value.str == "" {
				b.errorf(fp, "typeName must be a non-empty string")
			}
		case "direction":
			switch d := Direction(str(e.value)); d {
			case DirServer, DirClient, DirBoth:
				m.Direction = d
			default:
				b.errorf(fp, "direction must be \"server\", \"client\" or \"both\"")
			}
		case RoleEventID, RoleStream, RoleCorrelationID, RoleIdempotencyKey:
			f := field(e.name, e.value)
			if f == nil {
				continue
			}
			intRole := e.name == RoleEventID || e.name == RoleCorrelationID
			plain := !f.Type.Kinds.Has(Null) && f.Type.GoName == ""
			switch {
			case plain && f.Type.Repr == ReprString:
			case plain && f.Type.Repr == ReprInt && intRole && f.Type.Const == nil:
				if e.name == RoleCorrelationID && (f.Type.MultipleOf != "" || f.Type.ExclusiveMinimum != "" || f.Type.ExclusiveMaximum != "" || !intLiteral(f.Type.Minimum) || !intLiteral(f.Type.Maximum)) {
					b.errorf(fp, "the runtime generates correlation ids: an integer correlationId field %q may be bounded only by an integer minimum and maximum", f.Name)
					continue
				}
			case intRole && f.Type.Repr == ReprRaw && f.Type.Kinds&^(String|Int|Null) == 0 && f.Type.Kinds&(String|Int) != 0 && !idConstrained(f.Type):
				// An id that is a string or an integer (or null: none), as JSON-RPC's.
			case intRole:
				b.errorf(fp, "the %s field %q must be a plain (non-null, non-enum) string or integer, or a member of type [\"integer\", \"string\"] (and \"null\") without other constraints", e.name, f.Name)
				continue
			default:
				b.errorf(fp, "the %s field %q must be a plain (non-null, non-enum) string", e.name, f.Name)
				continue
			}
			switch e.name {
			case RoleEventID:
				m.EventID = f
			case RoleStream:
				m.Stream = f
			case RoleCorrelationID:
				m.CorrelationID = f
			case RoleIdempotencyKey:
				m.IdempotencyKey = f
			}
		case RoleSequence:
			b.sequenceRole(m, e.value, ptr, field)
		case "sensitive":
			if m.Type.Repr == ReprTuple {
				b.errorf(fp, "sensitive positions of an array message are not supported (their values would show in decode errors and formatting)")
				continue
			}
			if e.value.kind != 'a' {
				b.errorf(fp, "sensitive must be an array of property names")
				continue
			}
			for i, v := range e.value.elems {
				key := "sensitive/" + strconv.Itoa(i)
				if f, path := b.memberAt(m, key, v, ptr+"/"+key); f != nil {
					f.Sensitive = true
					m.Sensitive = append(m.Sensitive, f)
					m.SensitiveMembers = append(m.SensitiveMembers, v.str)
					if len(path) > 0 {
						holder := path[len(path)-1].Type
						if holder.Repr == ReprArray {
							holder = holder.Items
						}
						b.formatNames(holder)
					}
				}
			}
		case "snapshot":
			switch str(e.value) {
			case "request":
				m.SnapshotRequest = true
			case "reply":
				m.SnapshotReply = true
			default:
				b.errorf(fp, "snapshot must be \"request\" or \"reply\"")
			}
		case "heartbeat":
			switch e.value.kind {
			case 'b':
				m.Heartbeat = e.value.boolean
			case 'o':
				m.pingNode, m.pingPtr = e.value, fp // pingChecks
			default:
				b.errorf(fp, "heartbeat must be true or false (the client's heartbeat message), or an object {answer, echo} (a ping of the server and its answer)")
			}
		case "reply":
			m.replyPtr = fp
			switch e.value.kind {
			case 's':
				m.replyNames = []*node{e.value}
			case 'a':
				m.replyNames, m.replyArray = e.value.elems, true
			}
			ok := len(m.replyNames) > 0
			for _, v := range m.replyNames {
				ok = ok && v.kind == 's'
			}
			if !ok {
				b.errorf(fp, "reply must name a message or list messages (their $defs names)")
				m.replyNames = nil
			}
		}
	}
	for _, f := range m.Type.Properties {
		if f.Sensitive {
			b.formatNames(m.Type)
			break
		}
	}
}

// formatNames refuses fields named String, GoString or Format in the object type t, which
// has sensitive members: its generated String, GoString and Format methods hide them.
func (b *builder) formatNames(t *Type) {
	if b.formatChecked[t] {
		return
	}
	b.formatChecked[t] = true
	for _, f := range t.Properties {
		switch f.GoName {
		case "String", "GoString", "Format":
			b.errorf(f.Pointer, "Go name %q is reserved in an object with sensitive members: its String, GoString and Format methods hide them (choose another with x-wsgen goName)", f.GoName)
		}
	}
}

// HoldsSensitive reports whether a value of t may hold a sensitive member: t is an
// object with one (at any depth) or an array of such values.
func (t *Type) HoldsSensitive() bool { return holdsSensitive(t, map[*Type]bool{}) }

func holdsSensitive(t *Type, seen map[*Type]bool) bool {
	if t == nil || seen[t] {
		return false
	}
	seen[t] = true
	switch t.Repr {
	case ReprStruct:
		for _, f := range t.Properties {
			if f.Sensitive || holdsSensitive(f.Type, seen) {
				return true
			}
		}
	case ReprArray:
		return holdsSensitive(t.Items, seen)
	}
	return false
}

// logValueNames refuses a field named LogValue in a named object type that holds a
// sensitive member at any depth: its generated LogValue method logs it redacted (a
// message's LogValue is reserved everywhere). It runs once every message's sensitive
// members are marked.
func (b *builder) logValueNames() {
	for _, t := range b.p.Types {
		if t.Repr != ReprStruct || !t.HoldsSensitive() {
			continue
		}
		for _, f := range t.Properties {
			if f.GoName == "LogValue" {
				b.errorf(f.Pointer, "Go name %q is reserved in an object holding sensitive members: its LogValue method logs them redacted (choose another with x-wsgen goName)", f.GoName)
			}
		}
	}
}

// roleKeys maps the x-wsgen keys that name a role's member to the role ([Message.RolePaths]).
var roleKeys = map[string]string{
	RoleSequence + "/seq": RoleSequence, RoleSequence + "/last": RoleSequence,
	RoleSequence + "/prev": RoleSequencePrev, RoleSequence + "/first": RoleSequenceFirst,
}

// sensitiveRoleChecks refuses a role member that is sensitive: roles are logged. It runs
// once every message's settings are read, as a nested sensitive member is a member of a
// type that other messages may share.
func (b *builder) sensitiveRoleChecks() {
	for _, m := range b.p.Messages {
		for _, role := range []string{RoleEventID, RoleStream, RoleCorrelationID, RoleIdempotencyKey, RoleSequence, RoleSequencePrev, RoleSequenceFirst} {
			f := map[string]*Field{RoleEventID: m.EventID, RoleStream: m.Stream, RoleSequence: m.Sequence,
				RoleCorrelationID: m.CorrelationID, RoleIdempotencyKey: m.IdempotencyKey,
				RoleSequencePrev: m.SequencePrev, RoleSequenceFirst: m.SequenceFirst}[role]
			if f != nil && f.Sensitive {
				b.errorf(m.Pointer+"/x-wsgen", "role member %q cannot be sensitive: roles are logged", m.RoleMember(role))
			}
		}
	}
}

// snapshotChecks enforces what the runtime needs to recover from a sequence gap.
func (b *builder) snapshotChecks() {
	var req, rep *Message
	for _, m := range b.p.Messages {
		if m.SnapshotRequest {
			if req != nil {
				b.errorf(m.Pointer+"/x-wsgen/snapshot", "only one message can be the snapshot request (%s is already)", req.Name)
			}
			req = m
		}
		if m.SnapshotReply {
			if rep != nil {
				b.errorf(m.Pointer+"/x-wsgen/snapshot", "only one message can be the snapshot reply (%s is already)", rep.Name)
			}
			rep = m
		}
	}
	if req != nil {
		if req.Stream == nil || req.Sequence == nil {
			b.errorf(req.Pointer+"/x-wsgen", "the snapshot request needs stream and sequence roles")
		}
		for _, f := range snapshotUnfilled(req, req.Type) {
			b.errorf(f.Pointer, "the snapshot request may require only its discriminator, stream, sequence and correlationId fields, and the objects that hold them (NewSnapshotRequest cannot fill %q)", f.Name)
		}
		if len(req.Type.ExtraRequired) > 0 {
			b.errorf(req.Pointer+"/required", "the snapshot request requires undeclared members")
		}
		if req.Direction == DirServer {
			b.errorf(req.Pointer+"/x-wsgen/direction", "the snapshot request is sent by the client: direction must be client or both")
		}
	}
	if rep != nil {
		if rep.Stream == nil || rep.Sequence == nil {
			b.errorf(rep.Pointer+"/x-wsgen", "the snapshot reply needs stream and sequence roles")
		}
		if rep.Direction == DirClient {
			b.errorf(rep.Pointer+"/x-wsgen/direction", "the snapshot reply is received by the client: direction must be server or both")
		}
	}
	if (req == nil) != (rep == nil) {
		b.errorf("/$defs", "a snapshot request needs a snapshot reply and vice versa")
	}
}

// replyChecks resolves each message's x-wsgen "reply" and refuses replies a runtime
// could not match to their request: the request must be sent by the client and carry a
// correlation id, and each reply must be a message the client receives, with a
// correlation id too.
func (b *builder) replyChecks() {
	byName := map[string]*Message{}
	for _, m := range b.p.Messages {
		byName[m.Name] = m
	}
	for _, m := range b.p.Messages {
		if m.replyNames == nil {
			continue
		}
		if m.Direction == DirServer {
			b.errorf(m.replyPtr, "a message with a reply is sent by the client: direction must be client or both")
		}
		if m.CorrelationID == nil {
			b.errorf(m.replyPtr, "a message with a reply needs a correlationId role to match the reply to it")
		}
		seen := map[string]bool{}
		for i, v := range m.replyNames {
			fp := m.replyPtr
			if m.replyArray {
				fp += "/" + strconv.Itoa(i)
			}
			r, ok := byName[v.str]
			switch {
			case seen[v.str]:
				b.errorf(fp, "reply lists %q twice", v.str)
			case !ok && b.msgDefs[v.str]:
				// A message that was refused: its own error says why.
			case !ok:
				b.errorf(fp, "reply names %q, which is not a message (a $defs entry listed in the root oneOf)", v.str)
			case !r.Direction.Inbound():
				b.errorf(fp, "reply names %q, which the client never receives (direction %s)", v.str, r.Direction)
			case r.CorrelationID == nil:
				b.errorf(fp, "reply names %q, which has no correlationId role to say which request it answers", v.str)
			default:
				m.Replies = append(m.Replies, r)
			}
			seen[v.str] = true
		}
		m.replyNames = nil
	}
}

// idConstrained reports whether an id of several kinds has constraints beyond its type,
// which an id the runtime makes might break.
func idConstrained(t *Type) bool {
	return t.Const != nil || t.Enum != nil || t.MinLength != nil || t.MaxLength != nil || t.Pattern != "" ||
		t.Minimum != "" || t.Maximum != "" || t.ExclusiveMinimum != "" || t.ExclusiveMaximum != "" || t.MultipleOf != ""
}

// intLiteral reports whether lit is empty or an integer literal int64 holds.
func intLiteral(lit string) bool {
	if lit == "" {
		return true
	}
	r, ok := new(big.Rat).SetString(lit)
	return ok && r.IsInt() && r.Num().IsInt64()
}

// snapshotUnfilled lists the required members of the object t of the snapshot request req
// that NewSnapshotRequest cannot fill: those that are not its stream, sequence or
// correlation id member, nor an object holding one of them (at a nested pointer) whose
// own required members it can fill.
func snapshotUnfilled(req *Message, t *Type) []*Field {
	leaf, onPath := map[*Field]bool{}, map[*Field]bool{}
	for _, role := range []string{RoleStream, RoleSequence, RoleCorrelationID} {
		if f := map[string]*Field{RoleStream: req.Stream, RoleSequence: req.Sequence, RoleCorrelationID: req.CorrelationID}[role]; f != nil {
			leaf[f] = true
		}
		for _, f := range req.RolePaths[role] {
			onPath[f] = true
		}
	}
	var out []*Field
	var walk func(t *Type)
	walk = func(t *Type) {
		for _, f := range t.Properties {
			switch {
			case !f.Required || f.Discriminator || leaf[f]:
			case onPath[f]:
				walk(f.Type)
				if len(f.Type.ExtraRequired) > 0 {
					out = append(out, f)
				}
			default:
				out = append(out, f)
			}
		}
	}
	walk(t)
	return out
}
