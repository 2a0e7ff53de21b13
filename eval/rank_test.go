package eval

import (
	"math"
	"testing"
)

func TestAveragePrecision(t *testing.T) {
	F := func(s float64) scored { return scored{score: s, fraud: true} }
	L := func(s float64) scored { return scored{score: s} }
	tests := []struct {
		name                    string
		people                  []scored
		pessimistic, optimistic float64
	}{
		{"perfect", []scored{L(10), F(90), L(5), F(80), L(0)}, 1, 1},
		{"worst", []scored{F(1), F(2), L(3), L(4)}, (1.0/3 + 2.0/4) / 2, (1.0/3 + 2.0/4) / 2},
		// F L F L F: (1/1 + 2/3 + 3/5) / 3
		{"mixed", []scored{L(60), F(50), F(70), L(80), F(90)}, (1 + 2.0/3 + 3.0/5) / 3, (1 + 2.0/3 + 3.0/5) / 3},
		// tie at 50: pessimistic L F F -> (1/2 + 2/3)/2, optimistic F L F -> (1 + 2/3)/2
		{"tie", []scored{F(50), L(50), F(10)}, (1.0/2 + 2.0/3) / 2, (1 + 2.0/3) / 2},
		// everyone unseen at 0: pessimistic puts both fraud after both honest
		{"all tied", []scored{F(0), L(0), F(0), L(0)}, (1.0/3 + 2.0/4) / 2, 1},
		{"no fraud", []scored{L(1), L(2)}, 0, 0},
		{"nobody", nil, 0, 0},
		{"only fraud", []scored{F(1), F(0)}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := averagePrecision(tt.people, tiesPessimistic); !near(got, tt.pessimistic) {
				t.Errorf("pessimistic AP = %.6f, want %.6f", got, tt.pessimistic)
			}
			if got := averagePrecision(tt.people, tiesOptimistic); !near(got, tt.optimistic) {
				t.Errorf("optimistic AP = %.6f, want %.6f", got, tt.optimistic)
			}
		})
	}
}

func TestAveragePrecisionLeavesInputAlone(t *testing.T) {
	in := []scored{{score: 1}, {score: 2, fraud: true}}
	averagePrecision(in, tiesPessimistic)
	if in[0].score != 1 || in[1].score != 2 {
		t.Errorf("input reordered: %+v", in)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
