package conn

import (
	"fmt"
	"testing"
)

func TestDedupWindow(t *testing.T) {
	for _, tt := range []struct {
		name string
		size int
		ids  []string
		want []bool // Add result per id
	}{
		{"new ids", 3, []string{"a", "b", "c"}, []bool{true, true, true}},
		{"duplicate inside window", 3, []string{"a", "b", "a"}, []bool{true, true, false}},
		{"oldest evicted", 2, []string{"a", "b", "c", "a"}, []bool{true, true, true, true}},
		{"recent kept after eviction", 2, []string{"a", "b", "c", "b", "c"}, []bool{true, true, true, false, false}},
		{"duplicate does not refresh or evict", 2, []string{"a", "b", "a", "c", "b", "a"}, []bool{true, true, false, true, false, true}},
		{"size one", 1, []string{"a", "a", "b", "a"}, []bool{true, false, true, true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := newDedup(tt.size)
			for i, id := range tt.ids {
				if got := d.Add(id); got != tt.want[i] {
					t.Errorf("step %d: Add(%q) = %v, want %v", i, id, got, tt.want[i])
				}
			}
			if d.Len() > tt.size {
				t.Errorf("Len = %d, want <= %d", d.Len(), tt.size)
			}
		})
	}
}

func TestDedupDefaultWindow(t *testing.T) {
	d := newDedup(defaultDedupWindow)
	for i := range defaultDedupWindow + 5 {
		d.Add(fmt.Sprint(i))
	}
	if d.Len() != defaultDedupWindow {
		t.Fatalf("Len = %d, want %d", d.Len(), defaultDedupWindow)
	}
	for _, tt := range []struct {
		id   string
		seen bool
	}{{"0", false}, {"4", false}, {"5", true}, {fmt.Sprint(defaultDedupWindow + 4), true}} {
		if got := d.Seen(tt.id); got != tt.seen {
			t.Errorf("Seen(%q) = %v, want %v", tt.id, got, tt.seen)
		}
	}
}

func BenchmarkDedupAdd(b *testing.B) {
	d := newDedup(defaultDedupWindow)
	ids := make([]string, 4096)
	for i := range ids {
		ids[i] = fmt.Sprintf("evt-%d", i)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		d.Add(ids[i%len(ids)])
	}
}
