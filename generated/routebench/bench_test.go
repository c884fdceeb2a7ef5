package routebench_test

import (
	"encoding/json"
	"sort"
	"testing"
	"time"

	"github.com/wsgen/wsgen/generated/routebase"
	"github.com/wsgen/wsgen/generated/routebench"
	"github.com/wsgen/wsgen/internal/routetest"
)

const trade = `"symbol":"BTCUSDT","price":"43210.55","qty":"0.0125","side":"buy","ts":1764792000123,"id":98765432`

// routeFrames: one realistic frame per routing form, in the 56-message protocol routed by
// event, /arg/channel, op + t, a stream prefix and shape; base is the same message of the
// protocol that names every message by a top-level "type" (the default form).
var routeFrames = []struct {
	form, typ, frame, base string
}{
	{"const", "trade_07", `{"event":"trade_07",` + trade + `}`, `{"type":"ev_07","event":"trade_07",` + trade + `}`},
	{"nested", "trade_22", `{"arg":{"channel":"trade_22","instId":"BTCUSDT"},` + trade + `}`, `{"type":"ch_07","arg":{"channel":"trade_22","instId":"BTCUSDT"},` + trade + `}`},
	{"compound", "TRADE_33", `{"op":0,"t":"TRADE_33",` + trade + `}`, `{"type":"op_03","op":0,"t":"TRADE_33",` + trade + `}`},
	{"pattern", "st_05", `{"stream":"trade_47@btcusdt",` + trade + `}`, `{"type":"st_05","stream":"trade_47@btcusdt",` + trade + `}`},
	{"shape", "result", `{"id":7,"result":{` + trade + `}}`, `{"type":"result","id":7,"result":{` + trade + `}}`},
}

// plain is the Go struct json.Unmarshal fills for the same frames.
type plain struct {
	Event string `json:"event,omitempty"`
	Arg   *struct {
		Channel string `json:"channel"`
		InstID  string `json:"instId"`
	} `json:"arg,omitempty"`
	Op     *int64 `json:"op,omitempty"`
	T      string `json:"t,omitempty"`
	Stream string `json:"stream,omitempty"`
	ID     int64  `json:"id"`
	Result *struct {
		Symbol, Price, Qty, Side string
		Ts, ID                   int64
	} `json:"result,omitempty"`
	Symbol string `json:"symbol"`
	Price  string `json:"price"`
	Qty    string `json:"qty"`
	Side   string `json:"side"`
	Ts     int64  `json:"ts"`
}

func TestRouteFrames(t *testing.T) {
	for _, tt := range routeFrames {
		m, err := routebench.Decode([]byte(tt.frame))
		if err != nil || m.MessageType() != tt.typ {
			t.Errorf("Decode(%s) = %v, %v; want a %q", tt.frame, m, err, tt.typ)
		}
		if _, err := routebase.Decode([]byte(tt.base)); err != nil {
			t.Errorf("routebase.Decode(%s) = %v", tt.base, err)
		}
	}
	p := routetest.Load(t, "../../testdata/routebench/protocol.json")
	var fs [][]byte
	for _, tt := range routeFrames {
		fs = append(fs, []byte(tt.frame))
	}
	n, valid := routetest.Diff(t, p, func(b []byte) (string, error) {
		m, err := routebench.Decode(b)
		if err != nil {
			return "", err
		}
		return m.MessageType(), nil
	}, fs)
	t.Logf("%d frames, %d valid", n, valid)
}

// BenchmarkRoute decodes one frame of each routing form (routed), the same message in the
// single-"type" protocol (type), and the frame with encoding/json into a plain struct
// (encoding_json). The routing forms must cost at most 1.25x the type form.
func BenchmarkRoute(b *testing.B) {
	for _, tt := range routeFrames {
		frame, base := []byte(tt.frame), []byte(tt.base)
		b.Run(tt.form+"/routed", func(b *testing.B) {
			b.SetBytes(int64(len(frame)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := routebench.Decode(frame); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(tt.form+"/type", func(b *testing.B) {
			b.SetBytes(int64(len(base)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := routebase.Decode(base); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(tt.form+"/encoding_json", func(b *testing.B) {
			b.SetBytes(int64(len(frame)))
			b.ReportAllocs()
			for b.Loop() {
				var v plain
				if err := json.Unmarshal(frame, &v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRouteRatio measures the three decoders of each form interleaved, in slices of
// 500 decodes, and reports the median time of each and the ratios routed/type and
// encoding_json/routed: on a shared machine the ratio of interleaved medians is steadier
// than separate benchmarks. b.N is the number of rounds.
func BenchmarkRouteRatio(b *testing.B) {
	const slice = 500
	for _, tt := range routeFrames {
		frame, base := []byte(tt.frame), []byte(tt.base)
		b.Run(tt.form, func(b *testing.B) {
			var routed, typed, std []float64
			timeIt := func(f func()) float64 {
				start := time.Now()
				for i := 0; i < slice; i++ {
					f()
				}
				return float64(time.Since(start).Nanoseconds()) / slice
			}
			for b.Loop() {
				routed = append(routed, timeIt(func() { _, _ = routebench.Decode(frame) }))
				typed = append(typed, timeIt(func() { _, _ = routebase.Decode(base) }))
				std = append(std, timeIt(func() { var v plain; _ = json.Unmarshal(frame, &v) }))
			}
			r, ty, s := median(routed), median(typed), median(std)
			b.ReportMetric(r, "routed-ns/op")
			b.ReportMetric(ty, "type-ns/op")
			b.ReportMetric(s, "json-ns/op")
			b.ReportMetric(r/ty, "routed/type")
			b.ReportMetric(s/r, "json/routed")
		})
	}
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}
