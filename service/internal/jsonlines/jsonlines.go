// Package jsonlines turns an ingest body of JSON lines, or a JSON array,
// into the CSV the bundle readers take, under limits on what one body may
// cost (docs/limits.md). It is its own package so that its fuzz target
// builds without the rest of the service: Go's fuzzer instruments every
// package the test binary links and clears and copies all their coverage
// counters on every run.
package jsonlines

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/jsonrows"
)

// ToCSV turns JSON lines (or a JSON array) of flat objects into CSV with a
// header of every field seen, so the CSV readers (mapping, validation,
// hashing of sensitive columns) serve both. A line that is not a JSON
// object, or is over a limit, is rejected here with its line number;
// lineMap[csvLine] is the body line of each CSV line. name is the file the
// rejects name.
func ToCSV(body io.Reader, name string) (out []byte, lineMap []int, rejects []mosaic.Reject, err error) {
	data, err := io.ReadAll(body)
	if err != nil {
		return nil, nil, nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot read the request body")
	}
	type row struct {
		line int
		obj  map[string]any
	}
	var rows []row
	columns := map[string]bool{}
	// add judges one object (its line, or its place in an array) against
	// the limits, and keeps it or rejects it with the reason.
	add := func(line int, raw []byte) {
		if why := jsonRowProblem(raw); why != "" {
			rejects = append(rejects, mosaic.Reject{File: name, Line: line, Reason: why})
			return
		}
		var obj map[string]any
		if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
			rejects = append(rejects, mosaic.Reject{File: name, Line: line, Reason: "not a JSON object"})
			return
		}
		if len(obj) == 0 {
			rejects = append(rejects, mosaic.Reject{File: name, Line: line, Reason: "an empty JSON object"})
			return
		}
		if len(obj) > MaxFields {
			rejects = append(rejects, mosaic.Reject{File: name, Line: line, Reason: fmt.Sprintf("%d fields, more than the limit of %d", len(obj), MaxFields)})
			return
		}
		added := 0
		for k := range obj {
			if !columns[k] {
				added++
			}
		}
		if len(columns)+added > MaxColumns {
			rejects = append(rejects, mosaic.Reject{File: name, Line: line, Reason: fmt.Sprintf("its fields would make the body's columns more than the limit of %d", MaxColumns)})
			return
		}
		for k := range obj {
			columns[k] = true
		}
		rows = append(rows, row{line, obj})
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		var arr []json.RawMessage
		if err := json.Unmarshal(trimmed, &arr); err != nil {
			return nil, nil, nil, mosaic.WrapError(mosaic.EINVALID, err, "the body is not a JSON array of objects")
		}
		for i, raw := range arr {
			add(i+1, raw)
		}
	} else {
		r := bufio.NewReader(bytes.NewReader(data))
		for n := 1; ; n++ {
			line, size, err := readLine(r, MaxLineBytes)
			if size > MaxLineBytes {
				rejects = append(rejects, mosaic.Reject{File: name, Line: n, Reason: fmt.Sprintf("a line of %d bytes, longer than the limit of %d", size, MaxLineBytes)})
			} else if line = bytes.TrimSpace(line); len(line) > 0 {
				add(n, line)
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, nil, nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot read the JSON lines")
			}
		}
	}
	var header []string
	seen := make(map[string]bool, len(columns))
	for _, r := range rows {
		keys := make([]string, 0, len(r.obj))
		for k := range r.obj {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if !seen[k] {
				seen[k] = true
				header = append(header, k)
			}
		}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	lineMap = []int{0, 0} // line 1 is the header
	write := func(rec []string) {
		if len(rec) == 1 && rec[0] == "" {
			// encoding/csv writes a lone empty field as an empty line,
			// which CSV readers skip: the row would vanish uncounted.
			w.Flush()
			buf.WriteString("\"\"\n")
			return
		}
		_ = w.Write(rec)
	}
	write(header)
	for _, r := range rows {
		rec := make([]string, len(header))
		for i, k := range header {
			rec[i] = jsonScalar(r.obj[k])
		}
		write(rec)
		lineMap = append(lineMap, r.line)
	}
	w.Flush()
	if len(rows) == 0 {
		buf.Reset()
	}
	return buf.Bytes(), lineMap, rejects, nil
}

// Limits on a JSON-lines (or JSON array) ingest body, besides its size
// (http.Config.MaxBodyBytes). Each is checked before the row is decoded; a
// row over one is rejected with the reason and the rest of the body is read.
const (
	// MaxLineBytes bounds one line: it becomes one CSV row, which the
	// CSV reader bounds to 1 MiB as well.
	MaxLineBytes = 1 << 20
	// MaxDepth bounds how deep a row nests objects and arrays (a
	// nested value is kept as its JSON text in one column); in an array
	// body, each element is a row.
	MaxDepth = 32
	// MaxFields bounds the fields of one object.
	MaxFields = 1000
	// MaxColumns bounds the distinct field names of a whole body: the
	// CSV has one column per name and every row as many fields, so a body
	// of short lines each with a new name would otherwise grow as the
	// square of its lines.
	MaxColumns = 2000
)

// jsonRowProblem says why a row may not be decoded, or "".
func jsonRowProblem(raw []byte) string {
	if jsonrows.DepthOver(raw, MaxDepth) {
		return fmt.Sprintf("JSON nested deeper than the limit of %d levels", MaxDepth)
	}
	return ""
}

// readLine reads one line of r without its end, holding at most max
// bytes of it; size is the line's full length, and a line longer than max
// is read to its end and returned empty. err is io.EOF after the last line.
func readLine(r *bufio.Reader, max int) (line []byte, size int, err error) {
	for {
		chunk, err := r.ReadSlice('\n')
		size += len(chunk)
		if size <= max+1 { // the line end may take the last byte
			line = append(line, chunk...)
		} else {
			line = nil
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		if end := len(chunk); end > 0 && chunk[end-1] == '\n' {
			size--
		}
		if err == io.EOF && size == 0 && len(line) == 0 {
			return nil, 0, io.EOF
		}
		return line, size, err
	}
}

func jsonScalar(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	b, _ := json.Marshal(v)
	return string(b)
}
