package schema_test

import (
	"errors"
	"testing"

	"github.com/wsgen/wsgen/schema"
)

func TestIntegerRoles(t *testing.T) {
	p, err := schema.Parse("p.json", protocolWith([]string{"ping", "pong"}, `
"ping":{"type":"object","x-wsgen":{"direction":"client","correlationId":"reqid","reply":"pong"},"required":["type"],
  "properties":{"type":{"const":"ping"},"reqid":{"type":"integer","minimum":0}}},
"pong":{"type":"object","x-wsgen":{"direction":"server","correlationId":"reqid","eventId":"n"},"required":["type","n"],
  "properties":{"type":{"const":"pong"},"reqid":{"type":"integer"},"n":{"type":"integer"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if f := p.Messages[0].CorrelationID; f == nil || f.Type.Repr != schema.ReprInt {
		t.Errorf("ping correlation id = %+v, want the integer reqid", f)
	}
	if f := p.Messages[1].EventID; f == nil || f.Name != "n" {
		t.Errorf("pong event id = %+v, want n", f)
	}
	if len(p.Messages[0].Replies) != 1 {
		t.Errorf("ping replies = %d, want pong", len(p.Messages[0].Replies))
	}
}

func TestIntegerRoleRefusals(t *testing.T) {
	msg := func(role, prop string) string {
		return `"a":{"type":"object","x-wsgen":{` + role + `},"required":["type"],"properties":{"type":{"const":"a"},"r":` + prop + `}}`
	}
	for _, tt := range []struct{ name, defs, ptr, reason string }{
		{"multipleOf", msg(`"correlationId":"r"`, `{"type":"integer","multipleOf":2}`), "#/$defs/a/x-wsgen/correlationId",
			`the runtime generates correlation ids: an integer correlationId field "r" may be bounded only by an integer minimum and maximum`},
		{"exclusive bound", msg(`"correlationId":"r"`, `{"type":"integer","exclusiveMaximum":10}`), "#/$defs/a/x-wsgen/correlationId",
			`the runtime generates correlation ids: an integer correlationId field "r" may be bounded only by an integer minimum and maximum`},
		{"nullable", msg(`"correlationId":"r"`, `{"type":["integer","null"]}`), "#/$defs/a/x-wsgen/correlationId",
			`the correlationId field "r" must be a plain (non-null, non-enum) string or integer, or a member of type ["integer", "string"] (and "null") without other constraints`},
		{"integer enum", msg(`"eventId":"r"`, `{"type":"integer","enum":[1,2]}`), "#/$defs/a/x-wsgen/eventId",
			`the eventId field "r" must be a plain (non-null, non-enum) string or integer, or a member of type ["integer", "string"] (and "null") without other constraints`},
		{"integer stream", msg(`"stream":"r"`, `{"type":"integer"}`), "#/$defs/a/x-wsgen/stream",
			`the stream field "r" must be a plain (non-null, non-enum) string`},
		{"integer idempotency key", msg(`"idempotencyKey":"r"`, `{"type":"integer"}`), "#/$defs/a/x-wsgen/idempotencyKey",
			`the idempotencyKey field "r" must be a plain (non-null, non-enum) string`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := schema.Parse("p.json", protocolWith([]string{"a"}, tt.defs))
			var es schema.Errors
			if !errors.As(err, &es) {
				t.Fatalf("Parse = %v, want Errors", err)
			}
			for _, e := range es {
				if e.Pointer == tt.ptr && e.Reason == tt.reason {
					return
				}
			}
			t.Errorf("Parse errors:\n%v\nwant p.json:%s: %s", err, tt.ptr, tt.reason)
		})
	}
}
