package wire_test

import (
	"errors"
	"fmt"

	"github.com/wsgen/wsgen/wire"
)

// Reading a message the way generated code does: object members by name,
// numbers checked exactly, then End.
func Example() {
	data := []byte(`{"type":"chat","seq":3.0,"text":"caf\u00e9"}`)
	var d wire.Decoder
	d.Reset(data)
	if err := d.ObjectStart(); err != nil {
		fmt.Println(err)
		return
	}
	for {
		key, ok, err := d.NextKey()
		if err != nil {
			fmt.Println(err)
			return
		}
		if !ok {
			break
		}
		switch string(key) {
		case "seq":
			n, _ := d.ReadNumber()
			seq, err := n.Int64() // 3.0 is an integer
			fmt.Println("seq", seq, err, "minimum 1 ok:", wire.Compare(n, wire.Number("1")) >= 0)
		default:
			s, err := d.ReadString()
			fmt.Printf("%s %q %v\n", key, s, err)
		}
	}
	fmt.Println("end:", d.End())
	// Output:
	// type "chat" <nil>
	// seq 3 <nil> minimum 1 ok: true
	// text "café" <nil>
	// end: <nil>
}

// Skip validates a whole value, including duplicate member names, invalid
// UTF-8 and lone surrogates that encoding/json lets through.
func ExampleDecoder_Skip() {
	for _, in := range []string{
		`{"a":[1,2,{"b":null}]}`,
		`{"a":1,"\u0061":2}`,
		`["\ud800"]`,
		`[1,]`,
	} {
		d := wire.NewDecoder([]byte(in))
		err := d.Skip()
		if err == nil {
			err = d.End()
		}
		var dup *wire.DuplicateKeyError
		switch {
		case errors.As(err, &dup):
			fmt.Printf("%s: duplicate %q\n", in, dup.Key)
		case err != nil:
			fmt.Printf("%s: %v\n", in, err)
		default:
			fmt.Printf("%s: ok\n", in)
		}
	}
	// Output:
	// {"a":[1,2,{"b":null}]}: ok
	// {"a":1,"\u0061":2}: duplicate "a"
	// ["\ud800"]: wire: lone surrogate escape in string at offset 2
	// [1,]: wire: syntax error at offset 3: unexpected ']', expected value
}

// Numbers are compared as exact decimals, as JSON Schema requires.
func ExampleMultipleOf() {
	fmt.Println(wire.MultipleOf(wire.Number("0.07"), wire.Number("0.01")))
	fmt.Println(wire.Equal(wire.Number("1"), wire.Number("1.0")))
	fmt.Println(wire.Compare(wire.Number("1e400"), wire.Number("9.9e399")))
	_, err := wire.Number("1e400").Float64()
	fmt.Println(err)
	// Output:
	// true
	// true
	// 1
	// wire: number out of range
}

// Encoding appends to a buffer, byte for byte as json.Marshal would, except that '<',
// '>' and '&' are not escaped (a frame is never pasted into a page).
func ExampleAppendString() {
	b := make([]byte, 0, 64)
	b = append(b, `{"text":`...)
	b = wire.AppendString(b, "<b>café</b>\n")
	b = append(b, `,"ratio":`...)
	b = wire.AppendFloat(b, 1e-7)
	b = append(b, '}')
	fmt.Println(string(b))
	// Output:
	// {"text":"<b>café</b>\n","ratio":1e-7}
}
