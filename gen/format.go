package gen

import (
	"fmt"
	"regexp"

	"github.com/dave/jennifer/jen"
	"github.com/wsgen/wsgen/schema"
)

// Privacy of sensitive members (x-wsgen "sensitive"): the decoder refuses their values
// without quoting them (atSensitive), the route error does not show them (looked), and a
// message that has any formats with them hidden (formatDecl).

// atSensitive is atToken for a sensitive member: its refusals quote no value.
func atSensitive(token string) func(jen.Code) jen.Code {
	return func(e jen.Code) jen.Code { return wirePkg("AtSensitive").Call(e, jen.Lit(token)) }
}

// looked appends the routing member name (one of names) and its raw value, bounded
// (wireimpl.Clip), to the routeError's list; the value of a member some message marks
// sensitive is left out.
func (r *router) looked(names []string) jen.Code {
	sensitive := map[string]bool{}
	for _, m := range r.p.Messages {
		for _, f := range m.Sensitive {
			sensitive[f.Name] = true
		}
	}
	var hidden []string
	for _, n := range names {
		if sensitive[n] {
			hidden = append(hidden, n)
		}
	}
	value := jen.Id("name").Op("+").Lit("=").Op("+").Add(wirePkg("Clip")).Call(jen.String().Call(jen.Id("raw")))
	if len(hidden) == 0 {
		return jen.Id("looked").Op("=").Append(jen.Id("looked"), value)
	}
	return jen.If(jen.Qual("slices", "Contains").Call(jen.Index().String().Values(litList(hidden)...), jen.Id("name"))).Block(
		jen.Id("looked").Op("=").Append(jen.Id("looked"), jen.Id("name").Op("+").Lit(" (value hidden: sensitive)")),
	).Else().Block(
		jen.Id("looked").Op("=").Append(jen.Id("looked"), value),
	)
}

// formatDecl writes String, GoString and Format for a message or object type with
// sensitive members (a nested object's are named by pointer in a message's x-wsgen):
// the default Go formatting of the struct (every verb and flag: %v, %+v, %#v, %s, %q),
// with each sensitive member's value printed as [redacted] (<nil> when an optional one is
// absent). Format formats a copy of the struct in a local type of the same name whose
// sensitive fields are wireimpl.Redacted, so fmt does the rest; being on the value, the
// methods serve *X too (printed without the leading &).
func (g *generator) formatDecl(f *jen.File, t *schema.Type, goName string) {
	var hidden []string
	for _, fd := range t.Properties {
		if fd.Sensitive && !fd.Discriminator {
			hidden = append(hidden, fd.Name)
		}
	}
	if len(hidden) == 0 {
		return
	}
	// The local type takes the message's name (so %#v prints it), unless a field's type
	// names the message itself.
	local := goName
	self := regexp.MustCompile(`\b` + regexp.QuoteMeta(goName) + `\b`)
	var fields []jen.Code
	var values []jen.Code
	value := func(name string, v jen.Code) { values = append(values, jen.Line().Id(name).Op(":").Add(v)) }
	for _, fd := range t.Properties {
		if fd.Discriminator {
			continue
		}
		typ := g.fieldType(fd)
		if fd.Sensitive {
			typ = wirePkg("Redacted")
			present := jen.True()
			if !fd.Required || fd.Type.Repr == schema.ReprRaw || isIface(fd.Type) {
				present = jen.Id("x").Dot(fd.GoName).Op("!=").Nil()
			}
			value(fd.GoName, wirePkg("Redacted").Call(present))
		} else {
			if self.MatchString(fmt.Sprintf("%#v", typ)) {
				local = goName + "Redacted"
			}
			value(fd.GoName, jen.Id("x").Dot(fd.GoName))
		}
		fields = append(fields, jen.Id(fd.GoName).Add(typ))
	}
	if t.Additional != nil {
		fields = append(fields, jen.Id("Extra").Map(jen.String()).Add(g.slotType(t.Additional)))
		value("Extra", jen.Id("x").Dot("Extra"))
	} else if t.AdditionalAllowed {
		fields = append(fields, jen.Id("Extra").Index().Id("Member"))
		value("Extra", jen.Id("x").Dot("Extra"))
	}
	recv := jen.Id("x").Id(goName)
	f.Line()
	f.Comment("Format implements fmt.Formatter: x as fmt formats the struct, for every verb and flag, with")
	f.Comment(fmt.Sprintf("its sensitive members (%s) printed as [redacted], or <nil> when absent.", joinQuoted(hidden)))
	f.Func().Params(recv.Clone()).Id("Format").Params(jen.Id("s").Qual("fmt", "State"), jen.Id("verb").Rune()).BlockFunc(func(gr *jen.Group) {
		gr.Type().Id(local).Struct(fields...)
		gr.Qual("fmt", "Fprintf").Call(jen.Id("s"), jen.Qual("fmt", "FormatString").Call(jen.Id("s"), jen.Id("verb")), jen.Id(local).Values(append(values, jen.Line())...))
	})
	f.Line()
	f.Comment("String returns x formatted with %v: its sensitive members print as [redacted].")
	f.Func().Params(recv.Clone()).Id("String").Params().String().Block(jen.Return(jen.Qual("fmt", "Sprint").Call(jen.Id("x"))))
	f.Line()
	f.Comment("GoString returns x formatted with %#v: its sensitive members print as [redacted].")
	f.Func().Params(recv.Clone()).Id("GoString").Params().String().Block(jen.Return(jen.Qual("fmt", "Sprintf").Call(jen.Lit("%#v"), jen.Id("x"))))
}

// joinQuoted writes names as a list of quoted names: "a", "b" and "c".
func joinQuoted(names []string) string {
	s := ""
	for i, n := range names {
		switch {
		case i == 0:
		case i == len(names)-1:
			s += " and "
		default:
			s += ", "
		}
		s += quote(n)
	}
	return s
}

// arrayFormatDecl writes String, GoString and Format for a named array type whose items
// hold sensitive members: fmt formats a copy in a local slice (or Go array) type of the same name, so
// each item prints through its own Format. Without them, a pointer to the array (an
// optional member) printed with a verb it does not take (%s) would be printed by fmt's
// error path, which calls no method of the items.
func (g *generator) arrayFormatDecl(f *jen.File, t *schema.Type) {
	if !t.HoldsSensitive() {
		return
	}
	recv := jen.Id("x").Id(t.GoName)
	f.Line()
	f.Comment("Format implements fmt.Formatter: x as fmt formats the slice, for every verb and flag,")
	f.Comment("each item through its own Format, which hides its sensitive members.")
	f.Func().Params(recv.Clone()).Id("Format").Params(jen.Id("s").Qual("fmt", "State"), jen.Id("verb").Rune()).BlockFunc(func(gr *jen.Group) {
		gr.Type().Id(t.GoName).Add(g.arrayType(t))
		gr.Qual("fmt", "Fprintf").Call(jen.Id("s"), jen.Qual("fmt", "FormatString").Call(jen.Id("s"), jen.Id("verb")), jen.Id(t.GoName).Call(jen.Id("x")))
	})
	f.Line()
	f.Comment("String returns x formatted with %v: its items' sensitive members print as [redacted].")
	f.Func().Params(recv.Clone()).Id("String").Params().String().Block(jen.Return(jen.Qual("fmt", "Sprint").Call(jen.Id("x"))))
	f.Line()
	f.Comment("GoString returns x formatted with %#v: its items' sensitive members print as [redacted].")
	f.Func().Params(recv.Clone()).Id("GoString").Params().String().Block(jen.Return(jen.Qual("fmt", "Sprintf").Call(jen.Lit("%#v"), jen.Id("x"))))
	logValueDecl(f, recv)
}

// logValueDecl writes the LogValue of a named type that holds sensitive members, at any
// depth (recv a value receiver, so a pointer and a value alike log through it): fmt's
// %+v, which formats them [redacted] through the Format methods, instead of the fields a
// slog handler that marshals values (the JSON handler) would write.
func logValueDecl(f *jen.File, recv *jen.Statement) {
	f.Line()
	f.Comment("LogValue implements slog.LogValuer: x formatted with %+v, sensitive members [redacted]")
	f.Comment("(a handler that marshals values, as the JSON handler does, would write them).")
	f.Func().Params(recv.Clone()).Id("LogValue").Params().Qual("log/slog", "Value").Block(
		jen.Return(jen.Qual("log/slog", "StringValue").Call(jen.Qual("fmt", "Sprintf").Call(jen.Lit("%+v"), jen.Id("x")))))
}
