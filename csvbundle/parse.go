package csvbundle

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/normalize/bank"
)

// rowParser turns the rows of one file into records of type R.
type rowParser[R mosaic.Record] struct {
	file   string
	schema *schema[R]
	header []string
	match  headerMatch
	times  timeParser
	hasher mosaic.Hasher

	timeForms string // the accepted forms, for reject reasons
	dateForms string

	placeholderSSNs int

	// scratch is the record being filled. The setters take its address,
	// which would move a local record to the heap on every row; a field
	// of the parser is already there.
	scratch R
}

// newRowParser reads the header and places every contract column in it. A
// required column missing from the header makes the file unreadable.
func newRowParser[R mosaic.Record](file string, rows *rowReader, s *schema[R], fm fileMapping, h mosaic.Hasher) (*rowParser[R], error) {
	header, err := readHeader(file, rows)
	if err != nil {
		return nil, err
	}
	p := &rowParser[R]{
		file:      file,
		schema:    s,
		header:    header,
		match:     matchHeader(header, s.names(), fm),
		times:     timeParser{timeLayouts: fm.timeLayouts, dateLayouts: fm.dateLayouts},
		hasher:    h,
		timeForms: "RFC 3339 such as 2026-04-18T14:39:00Z, or 2026-04-18 14:39:00 in UTC",
		dateForms: "YYYY-MM-DD",
	}
	if len(fm.timeLayouts) > 0 {
		p.timeForms += ", or the mapping's time_format " + quoteList(fm.timeLayouts)
	}
	if len(fm.dateLayouts) > 0 {
		p.dateForms += ", or the mapping's date_format " + quoteList(fm.dateLayouts)
	}
	var missing []string
	for ci, c := range s.columns {
		if c.required && p.match.index[ci] < 0 {
			missing = append(missing, describeLookup(c.name, fm))
		}
	}
	if len(missing) > 0 {
		return nil, missingColumnsError(file, header, missing)
	}
	return p, nil
}

// parse makes a record of one row, or says why it cannot. Reasons name the
// column and the expected form, never the value: rows carry SSNs.
func (p *rowParser[R]) parse(rw row) (R, mosaic.Reject, bool) {
	var zero R
	p.scratch = zero
	rec := &p.scratch
	fail := func(column, reason string) (R, mosaic.Reject, bool) {
		return zero, mosaic.Reject{File: p.file, Line: rw.line, Column: column, Reason: reason}, false
	}
	switch {
	case rw.tooLong:
		return fail("", "the row is longer than 1 MiB and was skipped")
	case rw.problem != "":
		name := fieldName(p.header, rw.badField)
		return fail(name, fmt.Sprintf("the value in column %s %s", quote(name), rw.problem))
	case len(rw.fields) != len(p.header):
		return fail("", fmt.Sprintf("the row has %d fields but the header has %d; a comma or a quote may be missing or extra",
			len(rw.fields), len(p.header)))
	}

	for ci, c := range p.schema.columns {
		i := p.match.index[ci]
		if i < 0 {
			continue
		}
		column, label := p.match.header[ci], p.match.label[ci]
		v := strings.TrimSpace(rw.fields[i])
		if v == "" {
			if c.required {
				return fail(column, label+" is required but empty")
			}
			continue
		}
		if !utf8.ValidString(v) {
			return fail(column, label+" is not valid UTF-8; export the file as UTF-8")
		}
		switch c.typ {
		case textValue:
			c.setText(rec, v)
		case timeValue:
			t, ok := p.times.parseTime(v)
			if !ok {
				return fail(column, label+" is not a time; expected "+p.timeForms)
			}
			c.setTime(rec, t)
		case dateValue:
			t, ok := p.times.parseDate(v)
			if !ok {
				return fail(column, label+" is not a date; expected "+p.dateForms)
			}
			c.setTime(rec, t)
		case boolValue:
			b, ok := parseBool(v)
			if !ok {
				return fail(column, label+" is not true or false; expected true/false, yes/no or 1/0")
			}
			c.setBool(rec, b)
		case secretValue:
			h, ok := p.hashSecret(c.name, v)
			if !ok {
				return fail(column, label+" is not a date; expected "+p.dateForms)
			}
			c.setText(rec, h)
		}
	}
	p.schema.finish(rec, mosaic.Origin{File: p.file, Line: rw.line})
	return *rec, mosaic.Reject{}, true
}

// hashSecret normalises a sensitive value so equal values link, then hashes
// it. ok is false only for a date of birth that is no date. An SSN of the
// wrong length is still hashed as it is: the row is worth keeping, and the
// hash still links it to the same typo elsewhere.
func (p *rowParser[R]) hashSecret(field, v string) (hash string, ok bool) {
	var norm string
	switch field {
	case secretSSN:
		norm = digitsOnly(v)
		if isPlaceholderSSN(norm) {
			p.placeholderSSNs++
			return "", true
		}
	case secretDOB:
		t, ok := p.times.parseDate(v)
		if !ok {
			return "", false
		}
		norm = t.Format(layoutDate)
	case secretAccount:
		norm = bank.NormalizeAccount(v)
	case secretRouting:
		norm = digitsOnly(v)
	case secretWallet:
		norm = normaliseWallet(v)
	default:
		norm = v
	}
	if norm == "" {
		return "", true
	}
	return p.hasher.Hash(field, norm), true
}

func quoteList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = quote(s)
	}
	return strings.Join(quoted, " or ")
}
