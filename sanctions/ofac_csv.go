package sanctions

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/mosaic-sec/mosaic"
	"golang.org/x/text/encoding/charmap"
)

// OFAC's legacy CSV files have no header and mark an empty value "-0-".
//
//	sdn.csv / cons_prim.csv:        ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
//	                                Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks
//	alt.csv / cons_alt.csv:         ent_num, alt_num, alt_type, alt_name, alt_remarks
//	add.csv / cons_add.csv:         ent_num, add_num, address, city/state/postal, country, add_remarks
//	sdn_comments.csv / cons_comments.csv: ent_num, remarks continued
//
// Remarks longer than the field allows continue in the comments file; the
// two are joined before they are read.

// ofacCSV holds the files of one OFAC list in the legacy CSV format; only
// the primary file is required.
type ofacCSV struct {
	primary, alt, add, comments []byte
}

func readOFACCSV(list string, files ofacCSV) ([]Entry, error) {
	rows, err := csvRows(files.primary)
	if err != nil {
		return nil, err
	}
	comments := map[string]string{}
	if files.comments != nil {
		crs, err := csvRows(files.comments)
		if err != nil {
			return nil, err
		}
		for _, r := range crs {
			if len(r) >= 2 {
				comments[r[0]] += value(r[1])
			}
		}
	}
	var out []Entry
	index := map[string]int{}
	for _, r := range rows {
		if len(r) < 12 || value(r[0]) == "" || value(r[1]) == "" {
			continue // the trailing DOS end-of-file byte, or a damaged row
		}
		id := value(r[0])
		e := Entry{List: list, ID: id, Type: entryType(value(r[2])), Names: []string{value(r[1])}}
		for _, p := range strings.Split(value(r[3]), "] [") {
			if p = strings.Trim(p, "[] "); p != "" {
				e.Programs = append(e.Programs, p)
			}
		}
		applyRemarks(&e, value(r[11])+comments[id])
		index[id] = len(out)
		out = append(out, e)
	}
	if files.alt != nil {
		ars, err := csvRows(files.alt)
		if err != nil {
			return nil, err
		}
		for _, r := range ars {
			if len(r) >= 4 && value(r[3]) != "" {
				if i, ok := index[value(r[0])]; ok {
					out[i].Names = append(out[i].Names, value(r[3]))
				}
			}
		}
	}
	if files.add != nil {
		ars, err := csvRows(files.add)
		if err != nil {
			return nil, err
		}
		for _, r := range ars {
			if len(r) < 5 {
				continue
			}
			i, ok := index[value(r[0])]
			if !ok {
				continue
			}
			a := Address{Line: value(r[2]), City: value(r[3]), Country: value(r[4])}
			if a == (Address{}) {
				continue
			}
			out[i].Addresses = append(out[i].Addresses, a)
			if a.Country != "" {
				out[i].Countries = append(out[i].Countries, a.Country)
			}
		}
	}
	for i := range out {
		tidy(&out[i])
	}
	return out, nil
}

// csvRows reads a legacy OFAC CSV file: Windows-1252 unless it is valid
// UTF-8, no header, rows of varying length, a trailing 0x1A byte.
func csvRows(data []byte) ([][]string, error) {
	data = bytes.TrimRight(data, "\x1a\r\n")
	if !utf8.Valid(data) {
		d, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "the list is neither UTF-8 nor Windows-1252")
		}
		data = d
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "the list is not CSV")
		}
		rows = append(rows, rec)
	}
}

// value trims a field and reads OFAC's "-0-" as empty.
func value(s string) string {
	s = strings.TrimSpace(s)
	if s == "-0-" {
		return ""
	}
	return s
}

func entryType(t string) string {
	switch strings.ToLower(strings.TrimSpace(t)) {
	case "individual":
		return "individual"
	case "vessel":
		return "vessel"
	case "aircraft":
		return "aircraft"
	}
	return "entity"
}

// tidy removes repeated values an entry collected from several places.
func tidy(e *Entry) {
	e.Names = dedupe(e.Names)
	e.DOBs = dedupe(e.DOBs)
	e.Countries = dedupe(e.Countries)
	e.Emails = dedupe(e.Emails)
	e.Websites = dedupe(e.Websites)
	e.Phones = dedupe(e.Phones)
	e.Nationalities = dedupe(e.Nationalities)
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	out := xs[:0]
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
