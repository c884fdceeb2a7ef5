package bench

import (
	"encoding/json"
	"flag"
	"fmt"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wsgen/wsgen/generated/chat"
	"golang.org/x/sys/unix"
)

var (
	interleave = flag.String("interleave", "", "time the benchmarks matching this regexp (Decode/chat/wsgen style names) interleaved, in TestInterleaved")
	rounds     = flag.Int("rounds", 30, "rounds of TestInterleaved")
	slice      = flag.Duration("slice", 20*time.Millisecond, "time of one benchmark in one round of TestInterleaved")
)

// cpuNow is the process's CPU time: unlike the wall clock, it does not count the time
// the scheduler gives other processes, which on a shared machine is most of it.
func cpuNow() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts); err != nil {
		panic(err)
	}
	return time.Duration(ts.Nano())
}

// TestInterleaved measures benchmarks side by side on a loaded machine: each round runs
// every selected benchmark for about -slice, in rotating order, and the report gives the
// median ns/op and, per round, the ratio of each peer to wsgen on the same frame and
// direction (median and quartiles over rounds). go test -bench runs each benchmark's
// counts back to back, so a change of load between two benchmarks biases their ratio;
// here both sides of a ratio are timed within milliseconds of each other, in process
// CPU time (garbage collection included, time given to other processes excluded).
//
//	go test -run TestInterleaved -interleave 'Encode/chat/(wsgen|encoding_json)' -v
func TestInterleaved(t *testing.T) {
	if *interleave == "" {
		t.Skip("set -interleave REGEXP")
	}
	re := regexp.MustCompile(*interleave)
	type job struct {
		name string
		run  func()
		n    int
		ns   []float64
	}
	var jobs []*job
	for _, f := range frames() {
		for _, p := range f.peers {
			dec, enc := "Decode/"+f.name+"/"+p.name, "Encode/"+f.name+"/"+p.name
			if re.MatchString(dec) {
				jobs = append(jobs, &job{name: dec, run: func() {
					v, err := p.decode(f.data)
					if err != nil {
						t.Fatal(err)
					}
					valueSink = v
				}})
			}
			if re.MatchString(enc) {
				v, err := p.decode(f.data)
				if err != nil {
					t.Fatal(err)
				}
				jobs = append(jobs, &job{name: enc, run: func() {
					out, err := p.encode(v)
					if err != nil {
						t.Fatal(err)
					}
					bytesSink = out
				}})
			}
		}
	}
	// json.Marshal of the generated struct, as generated/chat's BenchmarkEncode measures
	// it (no "type" member: the struct has no field for it).
	if name := "Encode/chat/encoding_json_chatpkg"; re.MatchString(name) {
		m, err := chat.Decode(ChatFrame)
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, &job{name: name, run: func() {
			out, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			bytesSink = out
		}})
	}
	if len(jobs) == 0 {
		t.Fatalf("no benchmark matches %q", *interleave)
	}
	for _, j := range jobs {
		for j.n = 1; ; j.n *= 2 {
			start := cpuNow()
			for range j.n {
				j.run()
			}
			if cpuNow()-start >= *slice/2 {
				break
			}
		}
	}
	for r := range *rounds {
		for k := range jobs {
			j := jobs[(k+r)%len(jobs)]
			runtime.GC() // each slice pays for its own garbage only
			start := cpuNow()
			for range j.n {
				j.run()
			}
			j.ns = append(j.ns, float64(cpuNow()-start)/float64(j.n))
		}
	}
	median := func(xs []float64) float64 {
		s := slices.Clone(xs)
		slices.Sort(s)
		return s[len(s)/2]
	}
	quartiles := func(xs []float64) (float64, float64) {
		s := slices.Clone(xs)
		slices.Sort(s)
		return s[len(s)/4], s[len(s)*3/4]
	}
	base := map[string]*job{}
	for _, j := range jobs {
		if strings.HasSuffix(j.name, "/wsgen") {
			base[strings.TrimSuffix(j.name, "wsgen")] = j
		}
	}
	for _, j := range jobs {
		line := fmt.Sprintf("%-32s %10.0f ns/op", j.name, median(j.ns))
		prefix := j.name[:strings.LastIndexByte(j.name, '/')+1]
		if w := base[prefix]; w != nil && w != j {
			ratios := make([]float64, len(j.ns))
			for i := range ratios {
				ratios[i] = j.ns[i] / w.ns[i]
			}
			lo, hi := quartiles(ratios)
			line += fmt.Sprintf("   peer/wsgen %.2f× (quartiles %.2f–%.2f)", median(ratios), lo, hi)
		}
		fmt.Println(line)
	}
}
