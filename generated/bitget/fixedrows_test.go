package bitget

import (
	"errors"
	"strings"
	"testing"
)

// candleFrame is a candle message whose data holds the given rows (each a JSON array).
func candleFrame(rows ...string) []byte {
	return []byte(`{"action":"snapshot","arg":{"instType":"SPOT","channel":"candle1m","instId":"ETHUSDT"},"data":[` +
		strings.Join(rows, ",") + `],"ts":1695715462250}`)
}

const (
	row1 = `["1695685500000","1627.2","1627.3","1627.1","1627.2","0.5","0.6","0.7"]`
	row2 = `["1695685560000","1628.2","1628.3","1628.1","1628.2","1.5","1.6","1.7"]`
)

// TestFixedRows: the rows of CandleData (exactly 8 strings: minItems = maxItems = 8) are
// Go arrays, held in the one CandleData slice; Encode writes the frame back byte for byte.
func TestFixedRows(t *testing.T) {
	frame := candleFrame(row1, row2, row1)
	m, err := Decode(frame)
	if err != nil {
		t.Fatal(err)
	}
	data := m.(*Candle).Data
	var row [8]string = data[1] // SubscriptionData is a Go array
	if len(data) != 3 || row[0] != "1695685560000" || data[2][7] != "0.7" {
		t.Fatalf("Decode: data = %q", data)
	}
	data[0][0] = "x"
	if data[2][0] != "1695685500000" {
		t.Errorf("setting row 0 changed row 2: %q", data[2])
	}
	data[0][0] = "1695685500000"
	b, err := Encode(m)
	if err != nil || string(b) != string(frame) {
		t.Errorf("Encode(Decode(%s)) = %s, %v; want the frame", frame, b, err)
	}
}

// TestFixedRowsErrors: a refusal inside a row names the row and the item, as for any
// nested array; a row of 7 or 9 items is refused at the row.
func TestFixedRowsErrors(t *testing.T) {
	for _, tt := range []struct {
		name, row, pointer, reason string
	}{
		{"item of another kind", `["1","2","3","4","5","6",7,"8"]`, "/data/1/6", "expected string"},
		{"too few", `["1","2"]`, "/data/1", "fewer than 8 items"},
		{"too many", `["1","2","3","4","5","6","7","8","9"]`, "/data/1", "more than 8 items"},
		{"not an array", `"1"`, "/data/1", "expected array"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(candleFrame(row1, tt.row))
			var de *DecodeError
			if !errors.As(err, &de) || de.Pointer != tt.pointer || !strings.Contains(de.Reason, tt.reason) {
				t.Errorf("Decode(row %s) = %v, want pointer %s and reason %q", tt.row, err, tt.pointer, tt.reason)
			}
		})
	}
}
