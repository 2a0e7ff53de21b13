package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// csvHeader names the columns of the csv format.
var csvHeader = []string{
	"rank", "subject_id", "display_name", "score", "level", "first_flagged_at", "cluster_id",
	"application_ids", "candidate_ids", "employee_ids", "signal_count", "top_reasons",
	"verdict", // an analyst's (mosaic feedback), empty when none; added last so column positions stay
}

// idSep joins the ids of one subject inside a cell.
const idSep = ";"

// renderCSV writes one RFC 4180 row per subject (CRLF line ends, quotes where
// needed), highest score first. Nulls are empty cells; reasons are given in
// full, joined by " | ".
func renderCSV(w io.Writer, r *mosaic.Report, opts Options) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	row := make([]string, len(csvHeader))
	for _, s := range rankSubjects(r, opts.MinScore) {
		row[0] = strconv.Itoa(s.Rank)
		row[1] = csvCell(s.ID)
		row[2] = csvCell(s.DisplayName)
		row[3] = strconv.FormatFloat(s.Score, 'f', -1, 64)
		row[4] = csvCell(string(s.Level))
		row[5] = ""
		if s.FirstFlaggedAt != nil {
			row[5] = s.FirstFlaggedAt.UTC().Format(time.RFC3339)
		}
		row[6] = ""
		if s.ClusterID != nil {
			row[6] = csvCell(*s.ClusterID)
		}
		row[7] = csvCell(strings.Join(s.ApplicationIDs, idSep))
		row[8] = csvCell(strings.Join(s.CandidateIDs, idSep))
		row[9] = csvCell(strings.Join(s.EmployeeIDs, idSep))
		row[10] = strconv.Itoa(len(s.Signals))
		row[11] = csvCell(strings.Join(topReasons(s.Subject, maxReasons), " | "))
		row[12] = csvCell(s.Disposition)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvCell makes untrusted text safe for a spreadsheet: one line of valid
// UTF-8, and no leading character (= + - @) that Excel or LibreOffice would
// run as a formula. Such a cell gets a leading apostrophe, as OWASP advises
// against CSV injection; an applicant chooses their own name.
func csvCell(s string) string {
	s = cleanText(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}
