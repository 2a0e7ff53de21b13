package mosaic

// Coverage says what a scan could see and do: which sources were present,
// which detections could run and which could not (and why), and rows that
// were accepted but used by nothing (sign-ins of accounts not in the
// roster, osquery rows of other query packs). A report carries it so a
// reader knows what a quiet result rests on.
type Coverage struct {
	Sources    []SourceCoverage    `json:"sources"`
	Unread     []UnreadFile        `json:"unread,omitempty"`
	Detections []DetectionCoverage `json:"detections"`
	Unused     []UnusedRows        `json:"unused"`
}

// SourceCoverage is one kind of source: present when at least one of its
// rows was accepted.
type SourceCoverage struct {
	Kind     Kind `json:"kind"`
	Present  bool `json:"present"`
	Files    int  `json:"files"`
	Accepted int  `json:"rows_accepted"`
}

// UnreadFile is a file or folder of the bundle mosaic did not read, with
// what it looks like.
type UnreadFile struct {
	Path string `json:"path"`
	Note string `json:"note"`
}

// DetectionCoverage says whether a rule had the data it needs; Why says
// what was missing when it did not.
type DetectionCoverage struct {
	RuleID string `json:"rule_id"`
	Silo   Silo   `json:"silo"`
	Ran    bool   `json:"ran"`
	Why    string `json:"why,omitempty"`
}

// UnusedRows counts accepted rows of one kind that no person could use.
type UnusedRows struct {
	Kind   Kind   `json:"kind"`
	Rows   int    `json:"rows"`
	Reason string `json:"reason"`
}
