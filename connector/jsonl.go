package connector

import (
	"bytes"
	"encoding/json"
)

// CompactJSON returns raw on one line (JSON lines need no newline inside a
// record).
func CompactJSON(raw []byte) ([]byte, error) {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
