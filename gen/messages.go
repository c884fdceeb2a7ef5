package gen

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/dave/jennifer/jen"
	"github.com/wsgen/wsgen/schema"
)

// baseType is the Go type of a value of t, ignoring null.
func (g *generator) baseType(t *schema.Type) *jen.Statement {
	switch t.Repr {
	case schema.ReprBool:
		return jen.Bool()
	case schema.ReprInt:
		if t.GoName != "" {
			return jen.Id(t.GoName)
		}
		return jen.Int64()
	case schema.ReprFloat:
		if t.Decimal {
			return wirePkg("Decimal")
		}
		return jen.Float64()
	case schema.ReprString:
		if t.GoName != "" {
			return jen.Id(t.GoName)
		}
		return jen.String()
	case schema.ReprArray, schema.ReprMap, schema.ReprStruct, schema.ReprUnion, schema.ReprTuple, schema.ReprSum:
		return jen.Id(t.GoName)
	}
	return jen.Qual("encoding/json", "RawMessage")
}

// arrayType is the Go type underlying a named array type t (schema.ReprArray): the Go
// array [N]T when its length is fixed (schema.Type.FixedLen), else the slice []T.
func (g *generator) arrayType(t *schema.Type) *jen.Statement {
	if t.FixedLen > 0 {
		return jen.Index(jen.Lit(t.FixedLen)).Add(g.slotType(t.Items))
	}
	return jen.Index().Add(g.slotType(t.Items))
}

// slotType is the Go type of a required value of t: Nullable[T] when t allows null.
func (g *generator) slotType(t *schema.Type) *jen.Statement {
	if t.Nullable() {
		return jen.Id("Nullable").Types(g.baseType(t))
	}
	return g.baseType(t)
}

// fieldType is the Go type of a struct field: optional fields are pointers (nil: absent),
// except raw values, whose nil already means absent.
func (g *generator) fieldType(f *schema.Field) *jen.Statement {
	if !f.Required && f.Type.Repr != schema.ReprRaw && !isIface(f.Type) {
		return jen.Op("*").Add(g.slotType(f.Type))
	}
	return g.slotType(f.Type)
}

func comment(s string) string { return strings.Join(strings.Fields(s), " ") }

// docText is the Go doc of a schema's title and description, on one line: the title as
// a sentence, then the description (the title is left out when the description starts
// with it).
func docText(title, description string) string {
	title, description = comment(title), comment(description)
	if title == "" || strings.HasPrefix(strings.ToLower(description), strings.ToLower(strings.TrimRight(title, "."))) {
		return description
	}
	if !strings.HasSuffix(title, ".") && !strings.HasSuffix(title, "!") && !strings.HasSuffix(title, "?") {
		title += "."
	}
	if description == "" {
		return title
	}
	return title + " " + description
}

func (g *generator) messagesFile(f *jen.File) {
	p := g.p
	// Wire-name constants.
	f.Comment("Type names of the messages (what MessageType returns): a message's own string const")
	f.Comment("on a discriminator, else its $defs key.")
	f.Const().DefsFunc(func(gr *jen.Group) {
		for _, m := range p.Messages {
			gr.Id(m.ConstName).Op("=").Lit(m.Wire)
		}
	})
	f.Line()
	f.Comment("Message is one message of the protocol. It is implemented by the pointer types of")
	f.Comment("the messages (*" + p.Messages[0].GoName + " and so on) and by nothing else.")
	f.Type().Id("Message").Interface(
		jen.Comment("MessageType returns the message's wire name."),
		jen.Id("MessageType").Params().String(),
		jen.Id("LogValue").Params().Qual("log/slog", "Value"),
		jen.Id("decodeWire").Params(jen.Id("d").Op("*").Add(wirePkg("Decoder"))).Error(),
		jen.Id("appendWire").Params(jen.Id("b").Index().Byte()).Params(jen.Index().Byte(), jen.Error()),
	)
	for _, m := range p.Messages {
		g.messageDecl(f, m)
	}
	for _, t := range p.Types {
		g.typeDecl(f, t)
	}
}

func quote(s string) string { return jen.Lit(s).GoString() }

// jsonTag returns the json struct tag of the member name: the name, with ",omitempty"
// when the member is optional, so that encoding/json reads and writes the field under
// the wire name; "-" (encoding/json leaves the field out) when encoding/json cannot take
// the name in a tag, rather than a tag it would read as another name or ignore for the
// Go field name.
func jsonTag(name string, required bool) string {
	switch {
	case !jsonTagName(name):
		return "-"
	case !required:
		return name + ",omitempty"
	case name == "-":
		return "-," // "-" alone drops the field
	}
	return name
}

// jsonTagName reports whether encoding/json takes name as it is from a struct tag: a
// non-empty string of letters, digits, spaces and the punctuation !#$%&()*+-./:;<=>?@[]^_{|}~
// (its isValidTag). It ignores a tag holding anything else — a quote, a backslash, a
// backquote, a control character, a symbol such as € — and a comma ends the name.
func jsonTagName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		if !strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c) && !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			return false
		}
	}
	return true
}

func (g *generator) structFields(t *schema.Type, message bool) []jen.Code {
	var fields []jen.Code
	for _, fd := range t.Properties {
		if fd.Discriminator && message {
			continue
		}
		if d := docText(fd.Title, fd.Description); d != "" {
			fields = append(fields, jen.Comment(d))
		}
		fields = append(fields, jen.Id(fd.GoName).Add(g.fieldType(fd)).Tag(map[string]string{"json": jsonTag(fd.Name, fd.Required)}))
	}
	switch {
	case t.Additional != nil:
		fields = append(fields, jen.Comment("Extra holds the members not declared in properties."),
			jen.Id("Extra").Map(jen.String()).Add(g.slotType(t.Additional)).Tag(map[string]string{"json": "-"}))
	case t.AdditionalAllowed:
		fields = append(fields, jen.Comment("Extra holds the members not declared in properties, in the order received;"),
			jen.Comment("Encode writes them back after the declared ones."),
			jen.Id("Extra").Index().Id("Member").Tag(map[string]string{"json": "-"}))
	}
	return fields
}

func (g *generator) messageDecl(f *jen.File, m *schema.Message) {
	t := m.Type
	f.Line()
	doc := m.GoName + " is the " + quote(m.Wire) + " message"
	switch m.Direction {
	case schema.DirServer:
		doc += " (server to client)."
	case schema.DirClient:
		doc += " (client to server)."
	default:
		doc += " (sent both ways)."
	}
	f.Comment(doc)
	if d := docText(t.Title, t.Description); d != "" {
		f.Comment(d)
	}
	if m.IsArray() {
		// A JSON array on the wire: one field per position, encoded positionally.
		f.Type().Id(m.GoName).Struct(g.tupleFields(t)...)
	} else {
		f.Type().Id(m.GoName).Struct(g.structFields(t, true)...)
	}
	recv := jen.Id("x").Op("*").Id(m.GoName)
	f.Line()
	f.Comment("MessageType returns " + m.ConstName + ".")
	f.Func().Params(recv.Clone()).Id("MessageType").Params().String().Block(jen.Return(jen.Id(m.ConstName)))

	// LogValue: type and role fields, never sensitive ones.
	f.Line()
	// A value receiver: a message value, not only a pointer, logs through it (the JSON
	// handler would otherwise marshal every field, sensitive ones included).
	f.Comment("LogValue implements slog.LogValuer: the message type and its role fields only.")
	f.Func().Params(jen.Id("x").Id(m.GoName)).Id("LogValue").Params().Qual("log/slog", "Value").BlockFunc(func(gr *jen.Group) {
		gr.Id("attrs").Op(":=").Make(jen.Index().Qual("log/slog", "Attr"), jen.Lit(0), jen.Lit(6))
		gr.Id("attrs").Op("=").Append(jen.Id("attrs"), jen.Qual("log/slog", "String").Call(jen.Lit(m.TypeKey), jen.Id(m.ConstName)))
		for _, role := range []string{schema.RoleEventID, schema.RoleStream, schema.RoleSequenceFirst, schema.RoleSequencePrev, schema.RoleSequence, schema.RoleCorrelationID, schema.RoleIdempotencyKey} {
			fd := roleField(m, role)
			if fd == nil || fd.Sensitive {
				continue
			}
			key := m.RoleMember(role) // the member name, or the pointer of a nested one
			val := roleVal("x", m, role)
			if fd.Type.Repr == schema.ReprRaw {
				g.needRawID = true
				gr.If(jen.Id("id").Op(":=").Id("rawID").Call(val), jen.Id("id").Op("!=").Lit("")).Block(
					jen.Id("attrs").Op("=").Append(jen.Id("attrs"), jen.Qual("log/slog", "String").Call(jen.Lit(key), jen.Id("id"))))
				continue
			}
			ctor := "String"
			if fd.Type.Repr == schema.ReprInt {
				ctor = "Int64"
			}
			if !fd.Required {
				gr.If(val.Clone().Op("!=").Nil()).Block(
					jen.Id("attrs").Op("=").Append(jen.Id("attrs"), jen.Qual("log/slog", ctor).Call(jen.Lit(key), jen.Op("*").Add(val))))
				continue
			}
			gr.Id("attrs").Op("=").Append(jen.Id("attrs"), jen.Qual("log/slog", ctor).Call(jen.Lit(key), val))
		}
		gr.Return(jen.Qual("log/slog", "GroupValue").Call(jen.Id("attrs").Op("...")))
	})
	g.formatDecl(f, m.Type, m.GoName)

	roles := []struct {
		role, name string
		setter     bool
	}{
		{schema.RoleEventID, "EventID", false}, {schema.RoleStream, "Stream", false}, {schema.RoleSequence, "Sequence", false},
		{schema.RoleCorrelationID, "CorrelationID", true}, {schema.RoleIdempotencyKey, "IdempotencyKey", true},
	}
	for _, r := range roles {
		fd := roleField(m, r.role)
		if fd == nil {
			continue
		}
		if fd.Type.Repr == schema.ReprRaw {
			g.rawRoleAccessors(f, m, r.role, r.name, r.setter)
			continue
		}
		if r.name != "Sequence" && fd.Type.Repr == schema.ReprInt {
			g.intRoleAccessors(f, m, r.role, r.name, r.setter)
			continue
		}
		typ := jen.String()
		if fd.Type.Repr == schema.ReprInt {
			typ = jen.Int64()
		}
		val := roleVal("x", m, r.role)
		f.Line()
		f.Comment("Role" + r.name + " returns " + roleGo(m, r.role) + " (the " + quote(m.RoleMember(r.role)) + " member), the message's " + roleWords[r.name] + ".")
		if fd.Required {
			f.Func().Params(recv.Clone()).Id("Role" + r.name).Params().Add(typ).Block(jen.Return(val))
		} else {
			f.Func().Params(recv.Clone()).Id("Role"+r.name).Params().Add(typ).Block(
				jen.If(val.Clone().Op("==").Nil()).Block(jen.Return(jen.Id(map[bool]string{true: "0", false: `""`}[fd.Type.Repr == schema.ReprInt]))),
				jen.Return(jen.Op("*").Add(val.Clone())))
		}
		if r.setter {
			f.Line()
			f.Comment("SetRole" + r.name + " sets " + roleGo(m, r.role) + " (the " + quote(m.RoleMember(r.role)) + " member).")
			v := jen.Id("v")
			if !fd.Required {
				v = jen.Op("&").Id("v")
			}
			f.Func().Params(recv.Clone()).Id("SetRole" + r.name).Params(jen.Id("v").String()).Block(val.Clone().Op("=").Add(v))
		}
	}
	g.sequenceKindAccessors(f, m)
	for _, fd := range t.Properties {
		if fd.Type.Format == "date-time" && fd.Type.Repr == schema.ReprString && !fd.Type.Nullable() {
			g.timeAccessor(f, m.GoName, fd)
		}
	}
	g.decimalAccessors(f, m.GoName, t.Properties)
}

// intIDMax is the largest integer id a setter makes from text: 2^53-1, the largest
// integer every JSON parser (JavaScript's included) holds exactly.
const intIDMax = 1<<53 - 1

// intRoleAccessors writes the accessors of an integer event id or correlation id: the
// runtime reads ids as strings, so RoleX formats the integer in decimal ("" when an
// optional field is absent) and SetRoleX (correlation ids) parses one, hashing an id that
// is not a decimal integer in the field's range (see wireimpl.IntID) into 1..2^53-1 within
// the field's minimum and maximum.
func (g *generator) intRoleAccessors(f *jen.File, m *schema.Message, role, name string, setter bool) {
	fd := roleField(m, role)
	recv := jen.Id("x").Op("*").Id(m.GoName)
	val := roleVal("x", m, role)
	f.Line()
	f.Comment("Role" + name + " returns " + roleGo(m, role) + " (the " + quote(m.RoleMember(role)) + " member), the message's " + roleWords[name] + ", in decimal.")
	if fd.Required {
		f.Func().Params(recv.Clone()).Id("Role" + name).Params().String().Block(
			jen.Return(jen.Qual("strconv", "FormatInt").Call(val.Clone(), jen.Lit(10))))
	} else {
		f.Func().Params(recv.Clone()).Id("Role"+name).Params().String().Block(
			jen.If(val.Clone().Op("==").Nil()).Block(jen.Return(jen.Lit(""))),
			jen.Return(jen.Qual("strconv", "FormatInt").Call(jen.Op("*").Add(val.Clone()), jen.Lit(10))))
	}
	if !setter {
		return
	}
	lo, hi := int64(1), int64(intIDMax)
	minV, minOK := int64Of(fd.Type.Minimum)
	maxV, maxOK := int64Of(fd.Type.Maximum)
	if minOK && minV > lo {
		lo = minV
	}
	if maxOK && maxV < hi {
		hi = maxV
	}
	if lo > hi { // the range holds no positive id: use the schema's own bounds
		lo = -intIDMax
		if minOK {
			lo = minV
		}
	}
	f.Line()
	f.Comment("SetRole" + name + " sets " + roleGo(m, role) + " (the " + quote(m.RoleMember(role)) + " member) to v when v is a decimal integer")
	f.Comment(fmt.Sprintf("in %d..%d, else to a stable hash of v in that range (wireimpl.IntID): the runtime", lo, hi))
	f.Comment("makes ids as text and reads them back with Role" + name + ".")
	set := jen.Id("n")
	if !fd.Required {
		set = jen.Op("&").Id("n")
	}
	f.Func().Params(recv.Clone()).Id("SetRole"+name).Params(jen.Id("v").String()).Block(
		jen.Id("n").Op(":=").Add(wirePkg("IntID")).Call(jen.Id("v"), intLit(lo), intLit(hi)),
		val.Clone().Op("=").Add(set))
}

// rawRoleAccessors writes the accessors of an id whose type is a string or an integer
// (JSON-RPC's "id"): RoleX reads a string as is and an integer in decimal ("" for null or
// absent), SetRoleX writes a JSON string.
func (g *generator) rawRoleAccessors(f *jen.File, m *schema.Message, role, name string, setter bool) {
	g.needRawID = true
	recv := jen.Id("x").Op("*").Id(m.GoName)
	f.Line()
	f.Comment("Role" + name + " returns " + roleGo(m, role) + " (the " + quote(m.RoleMember(role)) + " member), the message's " + roleWords[name] + ": a string as")
	f.Comment("is, an integer in decimal, \"\" for null or absent.")
	f.Func().Params(recv.Clone()).Id("Role" + name).Params().String().Block(jen.Return(jen.Id("rawID").Call(roleVal("x", m, role))))
	if !setter {
		return
	}
	f.Line()
	f.Comment("SetRole" + name + " sets " + roleGo(m, role) + " (the " + quote(m.RoleMember(role)) + " member) to the JSON string v.")
	f.Func().Params(recv.Clone()).Id("SetRole" + name).Params(jen.Id("v").String()).Block(
		roleVal("x", m, role).Op("=").Add(wirePkg("AppendString")).Call(jen.Nil(), jen.Id("v")))
}

// roleField is the field of the message's role (a schema role name, or
// schema.RoleSequencePrev or RoleSequenceFirst), nil without one.
func roleField(m *schema.Message, role string) *schema.Field {
	return map[string]*schema.Field{schema.RoleEventID: m.EventID, schema.RoleStream: m.Stream, schema.RoleSequence: m.Sequence,
		schema.RoleCorrelationID: m.CorrelationID, schema.RoleIdempotencyKey: m.IdempotencyKey,
		schema.RoleSequencePrev: m.SequencePrev, schema.RoleSequenceFirst: m.SequenceFirst}[role]
}

// roleVal is the Go expression of the role's member in the message recv: recv.ID, or,
// for a member at a nested pointer, through the objects that hold it (required and not
// nullable, so value fields): recv.Params.ID.
func roleVal(recv string, m *schema.Message, role string) *jen.Statement {
	s := jen.Id(recv)
	for _, p := range m.RolePaths[role] {
		s = s.Dot(p.GoName)
	}
	return s.Dot(roleField(m, role).GoName)
}

// roleGo names the role's field for a doc comment: ID, or Params.ID.
func roleGo(m *schema.Message, role string) string {
	s := ""
	for _, p := range m.RolePaths[role] {
		s += p.GoName + "."
	}
	return s + roleField(m, role).GoName
}

var roleWords = map[string]string{
	"EventID": "event id (for de-duplication)", "Stream": "stream (for ordering)",
	"Sequence": "sequence number in its stream", "CorrelationID": "correlation id (matching a reply to its request)",
	"IdempotencyKey": "idempotency key",
}

func (g *generator) timeAccessor(f *jen.File, typeName string, fd *schema.Field) {
	f.Line()
	f.Comment(fd.GoName + "Time parses " + fd.GoName + " as an RFC 3339 date-time (format \"date-time\").")
	f.Comment("The decoder keeps the string as received: format is an annotation in JSON Schema 2020-12.")
	val := jen.Id("x").Dot(fd.GoName)
	body := []jen.Code{}
	if !fd.Required {
		body = append(body, jen.If(val.Clone().Op("==").Nil()).Block(
			jen.Return(jen.Qual("time", "Time").Values(), jen.Qual("errors", "New").Call(jen.Lit(g.o.Package+": "+fd.Name+" is absent")))))
		val = jen.Op("*").Add(val)
	}
	body = append(body, jen.Return(jen.Qual("time", "Parse").Call(jen.Qual("time", "RFC3339Nano"), val)))
	f.Func().Params(jen.Id("x").Op("*").Id(typeName)).Id(fd.GoName+"Time").Params().Params(jen.Qual("time", "Time"), jen.Error()).Block(body...)
}

func (g *generator) typeDecl(f *jen.File, t *schema.Type) {
	f.Line()
	doc := func(name, what string) {
		c := name + " is " + what + " (" + t.Pointer + ")."
		if t.Ref != "" {
			c = name + " is the " + quote(t.Ref) + " type" + " (" + t.Pointer + ")."
		}
		f.Comment(c)
		if d := docText(t.Title, t.Description); d != "" {
			f.Comment(d)
		}
	}
	switch {
	case t.Repr == schema.ReprString && len(t.EnumValues) > 0:
		doc(t.GoName, "an enumeration")
		f.Type().Id(t.GoName).String()
		f.Line()
		f.Comment("The values of " + t.GoName + ".")
		f.Const().DefsFunc(func(gr *jen.Group) {
			for _, v := range t.EnumValues {
				gr.Id(v.GoName).Id(t.GoName).Op("=").Lit(v.Value)
			}
		})
	case t.Repr == schema.ReprInt && t.GoName != "":
		doc(t.GoName, "an integer enumeration")
		f.Type().Id(t.GoName).Int64()
		if len(t.EnumValues) > 0 {
			f.Line()
			f.Comment("The values of " + t.GoName + ".")
			f.Const().DefsFunc(func(gr *jen.Group) {
				for _, v := range t.EnumValues {
					gr.Id(v.GoName).Id(t.GoName).Op("=").Add(intLit(v.Int))
				}
			})
		}
	case t.Repr == schema.ReprUnion:
		doc(t.GoName, "one of several object types, told apart by the "+quote(t.UnionProp)+" member")
		var names []string
		for _, v := range t.Variants {
			names = append(names, "*"+v.GoName)
		}
		f.Comment("It is implemented by " + strings.Join(names, ", ") + ".")
		f.Type().Id(t.GoName).Interface(jen.Id("is" + t.GoName).Params())
		for _, v := range t.Variants {
			f.Line()
			f.Func().Params(jen.Op("*").Id(v.GoName)).Id("is" + t.GoName).Params().Block()
		}
	case t.Repr == schema.ReprStruct:
		doc(t.GoName, "an object")
		f.Type().Id(t.GoName).Struct(g.structFields(t, false)...)
		g.formatDecl(f, t, t.GoName)
		if t.HoldsSensitive() {
			logValueDecl(f, jen.Id("x").Id(t.GoName))
		}
		g.decimalAccessors(f, t.GoName, t.Properties)
	case t.Repr == schema.ReprSum:
		g.sumDecl(f, t, doc)
	case t.Repr == schema.ReprTuple:
		doc(t.GoName, "a tuple: an array with one schema per position, each a field, encoded in order")
		f.Type().Id(t.GoName).Struct(g.tupleFields(t)...)
		g.decimalAccessors(f, t.GoName, t.Positions)
	case t.Repr == schema.ReprMap:
		doc(t.GoName, "a map of member name to value")
		f.Type().Id(t.GoName).Map(jen.String()).Add(g.slotType(t.Additional))
	case t.Repr == schema.ReprArray:
		doc(t.GoName, "an array")
		if t.FixedLen > 0 {
			f.Comment(fmt.Sprintf("Its length is fixed (minItems = maxItems = %d): a Go array, whose type holds it.", t.FixedLen))
		}
		f.Type().Id(t.GoName).Add(g.arrayType(t))
		g.arrayFormatDecl(f, t)
	case t.ObjectName != "":
		f.Comment(t.ObjectName + " checks the object values of the schema at " + t.Pointer + ", which also allows other kinds of values.")
		f.Type().Id(t.ObjectName).Struct(g.structFields(t, false)...)
		if t.ArrayName != "" {
			f.Line()
			f.Comment(t.ArrayName + " checks the array values of the schema at " + t.Pointer + ".")
			f.Type().Id(t.ArrayName).Index().Add(g.slotType(t.Items))
		}
	case t.ArrayName != "":
		f.Comment(t.ArrayName + " checks the array values of the schema at " + t.Pointer + ", which also allows other kinds of values.")
		f.Type().Id(t.ArrayName).Index().Add(g.slotType(t.Items))
	}
}
