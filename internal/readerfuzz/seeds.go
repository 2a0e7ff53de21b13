package readerfuzz

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/mosaic-sec/mosaic/jsonrows"
)

// seedHead is how much of a testdata file seeds the fuzzer as it is. Go's
// fuzzer minimises every input that reaches new code by trying to remove
// each byte and then each run of bytes, a number of runs that grows with
// the square of the input's length: with seeds of kilobytes it spent its
// whole time minimising (up to 60 s an input) and reported a dozen
// executions a minute. Inputs of a few hundred bytes are minimised in
// milliseconds; whole files are read by the packages' ordinary tests.
const seedHead = 256

// maxSeed bounds a seed made of a file's first event; a larger one is
// left out (the file's head still seeds it).
const maxSeed = 768

// maxSeedString is where a seed's long strings (a user agent, a display
// name) are cut: their length matters to no reader, and every byte of a
// seed costs minimisation time.
const maxSeedString = 40

// pageKeys are the members that hold the events of the API pages the
// readers know (Graph's "value", Event Hubs' "records", Google's "items",
// Jamf's "results", CrowdStrike's "resources").
var pageKeys = []string{"value", "records", "items", "results", "resources"}

// head is the start of a file up to a line end within seedHead bytes: the
// layout (a page's or an array's opening, a CSV header and its first row).
func head(data []byte) []byte {
	if len(data) <= seedHead {
		return data
	}
	if i := bytes.LastIndexByte(data[:seedHead], '\n'); i > 0 {
		return data[:i+1]
	}
	return data[:seedHead]
}

// firstEvent is the first event of a JSON export, decoded, with what
// carries nothing (null, "", [], {}) left out, every array cut to its
// first element and long strings cut short; ok is false for a file that is
// not JSON or has no event.
func firstEvent(data []byte) (event map[string]any, ok bool) {
	r := jsonrows.NewReader(bytes.NewReader(data), jsonrows.Options{PageKeys: pageKeys})
	row, err := r.Next()
	if err != nil || row.Data == nil || json.Unmarshal(row.Data, &event) != nil {
		return nil, false
	}
	_, ok = prune(event)
	return event, ok
}

// prune drops what carries nothing from a decoded JSON value, cuts arrays
// to their first element and long strings to maxSeedString bytes; ok is
// false when nothing is left.
func prune(v any) (any, bool) {
	switch v := v.(type) {
	case nil:
		return nil, false
	case string:
		if len(v) > maxSeedString {
			v = strings.ToValidUTF8(v[:maxSeedString], "")
		}
		return v, v != ""
	case map[string]any:
		for k, m := range v {
			if p, ok := prune(m); ok {
				v[k] = p
			} else {
				delete(v, k)
			}
		}
		return v, len(v) > 0
	case []any:
		for _, e := range v {
			if p, ok := prune(e); ok {
				return []any{p}, true
			}
		}
		return nil, false
	}
	return v, true
}

// dropUnread removes, member by member, what the reader's outcome does not
// depend on (same records, same rejects without it), descending into the
// objects it does read: an exported sign-in has dozens of members a reader
// never looks at. outcome runs the reader on one event.
func dropUnread(event map[string]any, outcome func([]byte) string) {
	encode := func() []byte { b, _ := json.Marshal(event); return append(b, '\n') }
	want := outcome(encode())
	var walk func(m map[string]any)
	walk = func(m map[string]any) {
		for k, v := range m {
			delete(m, k)
			if outcome(encode()) == want {
				continue
			}
			m[k] = v
			if sub, ok := v.(map[string]any); ok {
				walk(sub)
			}
		}
	}
	walk(event)
}

// shortStrings is what shortenStrings cuts a string to.
const shortStrings = 8

// shortenStrings cuts each string of the event to shortStrings bytes where
// the reader still takes the event as before (outcome the same: accepted,
// or rejected alike); identifiers and names need not be long to be read,
// and the seed shrinks to a few hundred bytes.
func shortenStrings(event map[string]any, outcome func([]byte) string) {
	encode := func() []byte { b, _ := json.Marshal(event); return append(b, '\n') }
	want := outcome(encode())
	var walk func(m map[string]any)
	walk = func(m map[string]any) {
		for k, v := range m {
			switch v := v.(type) {
			case string:
				if len(v) <= shortStrings {
					continue
				}
				m[k] = strings.ToValidUTF8(v[:shortStrings], "")
				if outcome(encode()) != want {
					m[k] = v
				}
			case map[string]any:
				walk(v)
			}
		}
	}
	walk(event)
}
