package eval

// Confusion counts people by truth and by whether the report flagged them at
// the chosen level. Fraud is the positive class.
type Confusion struct {
	TruePositives  int `json:"tp"` // fraud, flagged
	FalsePositives int `json:"fp"` // honest, flagged
	FalseNegatives int `json:"fn"` // fraud, not flagged (or never seen)
	TrueNegatives  int `json:"tn"` // honest, not flagged
	// Recall is TP / fraud people; 0 when there is none.
	Recall float64 `json:"recall"`
	// Precision is TP / flagged people; 0 when nobody is flagged.
	Precision float64 `json:"precision"`
	// FalsePositiveRate is FP / honest people; 0 when there is none.
	FalsePositiveRate float64 `json:"false_positive_rate"`
}

func (c *Confusion) add(fraud, flagged bool) {
	switch {
	case fraud && flagged:
		c.TruePositives++
	case fraud:
		c.FalseNegatives++
	case flagged:
		c.FalsePositives++
	default:
		c.TrueNegatives++
	}
}

func (c *Confusion) finish() {
	c.Recall = ratio(c.TruePositives, c.TruePositives+c.FalseNegatives)
	c.Precision = ratio(c.TruePositives, c.TruePositives+c.FalsePositives)
	c.FalsePositiveRate = ratio(c.FalsePositives, c.FalsePositives+c.TrueNegatives)
}

// ratio is n/d, and 0 when d is 0: the counts beside it tell the two apart.
func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// f1 is the harmonic mean of precision and recall; 0 when both are 0.
func f1(precision, recall float64) float64 {
	if precision+recall == 0 {
		return 0
	}
	return 2 * precision * recall / (precision + recall)
}
