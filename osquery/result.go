package osquery

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mosaic-sec/mosaic"
)

// A result line comes in three shapes: event format, one row per line
// ("columns", with "action" added, removed or snapshot); snapshot format (a
// "snapshot" array of rows); and batch format (logger_event_type=false:
// "diffResults" with "added" and "removed" arrays).

// resultLine is a line whose values are all strings, as osquery writes them
// unless numerics are on. Decoding straight into it is the fast path.
type resultLine struct {
	Name           string              `json:"name"`
	HostIdentifier string              `json:"hostIdentifier"`
	CalendarTime   string              `json:"calendarTime"`
	UnixTime       json.RawMessage     `json:"unixTime"` // a number, or a string in old versions
	Decorations    map[string]string   `json:"decorations"`
	Columns        map[string]string   `json:"columns"`
	Snapshot       []map[string]string `json:"snapshot"`
	DiffResults    *struct {
		Added   []map[string]string `json:"added"`
		Removed []map[string]string `json:"removed"`
	} `json:"diffResults"`
	Action string `json:"action"`
}

// rawLine is the slow path for lines with other values (numbers, nulls,
// nested objects, wrong types): every field stays raw so that a wrong type
// is a reject with a clear reason.
type rawLine struct {
	Name           json.RawMessage `json:"name"`
	HostIdentifier json.RawMessage `json:"hostIdentifier"`
	CalendarTime   json.RawMessage `json:"calendarTime"`
	UnixTime       json.RawMessage `json:"unixTime"`
	Decorations    json.RawMessage `json:"decorations"`
	Columns        json.RawMessage `json:"columns"`
	Snapshot       json.RawMessage `json:"snapshot"`
	DiffResults    json.RawMessage `json:"diffResults"`
	Action         json.RawMessage `json:"action"`
}

// calendarTimeLayout is osquery's calendarTime, e.g. "Mon Mar  2 01:00:00 2026 UTC".
const calendarTimeLayout = "Mon Jan _2 15:04:05 2006 MST"

// decoded is what one line gives: rows to accept (many says the line holds
// a set of rows, emitted with AcceptMany, even when empty), or a reject.
type decoded struct {
	rows   []mosaic.HostRow
	many   bool
	column string
	reason string
}

func rejectLine(column, reason string) decoded { return decoded{column: column, reason: reason} }

func decodeLine(data []byte, file string, line int) decoded {
	if !utf8.Valid(data) {
		return rejectLine("", "invalid UTF-8 at byte "+strconv.Itoa(firstInvalidUTF8(data)+1))
	}
	if data[0] != '{' {
		if !json.Valid(data) {
			return rejectLine("", syntaxReason(data))
		}
		return rejectLine("", "not a JSON object (an osquery result is an object)")
	}
	var r resultLine
	err := json.Unmarshal(data, &r)
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr):
		if d, ok := readRaw(data, &r); !ok {
			return d
		}
	case err != nil:
		return rejectLine("", syntaxReason(data))
	}
	return build(&r, file, line)
}

// readRaw reads a line with non-string values into r, or says why not.
func readRaw(data []byte, r *resultLine) (decoded, bool) {
	var raw rawLine
	if err := json.Unmarshal(data, &raw); err != nil {
		return rejectLine("", syntaxReason(data)), false
	}
	*r = resultLine{UnixTime: raw.UnixTime}
	r.Name, _ = text(raw.Name)
	r.HostIdentifier, _ = text(raw.HostIdentifier)
	r.CalendarTime, _ = text(raw.CalendarTime)
	r.Action, _ = text(raw.Action)
	var err error
	if present(raw.Decorations) {
		if r.Decorations, err = columns(raw.Decorations); err != nil {
			return rejectLine("decorations", "decorations is not an object"), false
		}
	}
	if present(raw.Columns) {
		if r.Columns, err = columns(raw.Columns); err != nil {
			return rejectLine("columns", "columns is not an object"), false
		}
	}
	if present(raw.Snapshot) {
		var rows []json.RawMessage
		if json.Unmarshal(raw.Snapshot, &rows) != nil {
			return rejectLine("snapshot", "snapshot is not an array"), false
		}
		r.Snapshot = make([]map[string]string, len(rows))
		for i, row := range rows {
			if r.Snapshot[i], err = columns(row); err != nil {
				return rejectLine("snapshot", "snapshot row "+strconv.Itoa(i+1)+" is not an object"), false
			}
		}
	}
	if present(raw.DiffResults) {
		var diff struct {
			Added   []json.RawMessage `json:"added"`
			Removed []json.RawMessage `json:"removed"`
		}
		if json.Unmarshal(raw.DiffResults, &diff) != nil {
			return rejectLine("diffResults", "diffResults is not an object of added and removed rows"), false
		}
		r.DiffResults = &struct {
			Added   []map[string]string `json:"added"`
			Removed []map[string]string `json:"removed"`
		}{}
		for _, part := range []struct {
			action string
			raw    []json.RawMessage
			rows   *[]map[string]string
		}{{"added", diff.Added, &r.DiffResults.Added}, {"removed", diff.Removed, &r.DiffResults.Removed}} {
			for i, row := range part.raw {
				cols, err := columns(row)
				if err != nil {
					return rejectLine("diffResults", "diffResults "+part.action+" row "+strconv.Itoa(i+1)+" is not an object"), false
				}
				*part.rows = append(*part.rows, cols)
			}
		}
	}
	return decoded{}, true
}

// build checks a line and turns it into rows.
func build(r *resultLine, file string, line int) decoded {
	if r.Name == "" {
		return rejectLine("name", "name is missing")
	}
	if r.HostIdentifier == "" {
		return rejectLine("hostIdentifier", "hostIdentifier is missing")
	}
	at, ok := unixTime(r.UnixTime)
	if !ok {
		t, err := time.Parse(calendarTimeLayout, r.CalendarTime)
		if err != nil {
			return rejectLine("unixTime", "unixTime and calendarTime are missing or not times")
		}
		at = t.UTC()
	}
	base := mosaic.HostRow{
		Name: r.Name, HostIdentifier: r.HostIdentifier, Hostname: r.HostIdentifier, Time: at,
		Serial: r.Decorations["serial_number"], Username: r.Decorations["username"],
		Origin: mosaic.Origin{File: file, Line: line},
	}
	if h := r.Decorations["hostname"]; h != "" {
		base.Hostname = h
	}

	switch {
	case r.Snapshot != nil:
		d := decoded{many: true, rows: make([]mosaic.HostRow, 0, len(r.Snapshot))}
		for i, cols := range r.Snapshot {
			if cols == nil {
				return rejectLine("snapshot", "snapshot row "+strconv.Itoa(i+1)+" is not an object")
			}
			d.rows = append(d.rows, makeRow(base, "snapshot", cols))
		}
		return d
	case r.DiffResults != nil:
		d := decoded{many: true, rows: make([]mosaic.HostRow, 0, len(r.DiffResults.Added)+len(r.DiffResults.Removed))}
		for _, part := range []struct {
			action string
			rows   []map[string]string
		}{{"added", r.DiffResults.Added}, {"removed", r.DiffResults.Removed}} {
			for i, cols := range part.rows {
				if cols == nil {
					return rejectLine("diffResults", "diffResults "+part.action+" row "+strconv.Itoa(i+1)+" is not an object")
				}
				d.rows = append(d.rows, makeRow(base, part.action, cols))
			}
		}
		return d
	}
	switch r.Action {
	case "added", "removed", "snapshot":
	case "":
		return rejectLine("action", "action is missing")
	default:
		return rejectLine("action", "action must be added, removed or snapshot")
	}
	if r.Columns == nil {
		return rejectLine("columns", "columns is missing")
	}
	return decoded{rows: []mosaic.HostRow{makeRow(base, r.Action, r.Columns)}}
}

func makeRow(base mosaic.HostRow, action string, cols map[string]string) mosaic.HostRow {
	row := base
	row.Action = action
	row.Columns = cols
	row.Query = Recognise(row.Name, cols)
	row.Origin.EventID = eventID(row)
	return row
}

// eventID is a stable id for a row, so re-reading the same log (or the
// same row logged twice) de-duplicates. Every part is length-prefixed so
// that no two different rows hash the same input.
func eventID(r mosaic.HostRow) string {
	h := sha256.New()
	var n [8]byte
	put := func(s string) {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	put(r.Name)
	put(r.HostIdentifier)
	put(strconv.FormatInt(r.Time.Unix(), 10))
	put(r.Action)
	keys := make([]string, 0, len(r.Columns))
	for k := range r.Columns {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		put(k)
		put(r.Columns[k])
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func present(raw json.RawMessage) bool {
	return len(raw) > 0 && !bytes.Equal(raw, []byte("null"))
}

// text reads a string, or a number or boolean as written; ok is false for
// anything else.
func text(raw json.RawMessage) (string, bool) {
	if !present(raw) {
		return "", false
	}
	switch raw[0] {
	case '"':
		return unquote(raw), true
	case '{', '[':
		return "", false
	}
	return plainNumber(raw), true
}

// columns reads an object of osquery values as strings: osquery logs them
// as strings unless numerics are on, when numbers come as numbers.
func columns(raw json.RawMessage) (map[string]string, error) {
	if len(raw) == 0 || raw[0] != '{' {
		return nil, errors.New("not an object")
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = value(v)
	}
	return out, nil
}

// value renders one column value: strings as they are, numbers plainly
// (no exponent), booleans as true/false, null as "", anything else as
// compact JSON.
func value(raw json.RawMessage) string {
	switch raw[0] {
	case '"':
		return unquote(raw)
	case 'n':
		return ""
	case 't', 'f':
		return string(raw)
	case '{', '[':
		var b bytes.Buffer
		if json.Compact(&b, raw) == nil {
			return b.String()
		}
		return string(raw)
	}
	return plainNumber(raw)
}

func unquote(raw json.RawMessage) string {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : len(raw)-1])
	}
	var s string
	json.Unmarshal(raw, &s) // valid: the whole line was checked
	return s
}

// plainNumber writes 1.5e3 and 1500.0 as 1500 and leaves integers as
// logged, so large ones keep every digit.
func plainNumber(raw json.RawMessage) string {
	if !bytes.ContainsAny(raw, ".eE") {
		return string(raw)
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || math.IsInf(f, 0) {
		return string(raw)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// unixTime reads unixTime, a number or a string of one; 0 counts as absent.
func unixTime(raw json.RawMessage) (time.Time, bool) {
	s, ok := text(raw)
	if !ok {
		return time.Time{}, false
	}
	if sec, err := strconv.ParseInt(s, 10, 64); err == nil {
		if sec <= 0 {
			return time.Time{}, false
		}
		return time.Unix(sec, 0).UTC(), true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 || f > math.MaxInt64/2 {
		return time.Time{}, false
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), true
}

// syntaxReason says where a line stops being JSON, without quoting it.
func syntaxReason(data []byte) string {
	var v any
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return "invalid JSON"
	}
	if strings.Contains(se.Error(), "unexpected end of JSON input") {
		return "JSON cut short at byte " + strconv.Itoa(len(data))
	}
	msg := se.Error()
	if rest, ok := strings.CutPrefix(msg, "invalid character "); ok {
		// Drop the quoted character: it is a piece of the row.
		if i := strings.LastIndex(rest, "' "); i >= 0 {
			msg = "unexpected character " + rest[i+2:]
		}
	}
	return "invalid JSON at byte " + strconv.FormatInt(se.Offset, 10) + ": " + msg
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}
