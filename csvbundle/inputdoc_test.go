package csvbundle

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// docColumn is one column as docs/input.md must describe it.
type docColumn struct{ name, typ, need string }

// typeWords are the words docs/input.md uses for each value type.
var typeWords = map[valueType]string{
	textValue:   "text",
	timeValue:   "time",
	dateValue:   "date",
	boolValue:   "boolean",
	secretValue: "sensitive",
}

func schemaColumns[R any](s *schema[R]) []docColumn {
	out := make([]docColumn, len(s.columns))
	for i, c := range s.columns {
		need := "optional"
		if c.required {
			need = "required"
		}
		out[i] = docColumn{c.name, typeWords[c.typ], need}
	}
	return out
}

// schemaDoc lists, per file, the columns of the code's own schema.
func schemaDoc() map[mosaic.Kind][]docColumn {
	return map[mosaic.Kind][]docColumn{
		mosaic.KindJobs:         schemaColumns(jobSchema),
		mosaic.KindApplications: schemaColumns(applicationSchema),
		mosaic.KindEmployees:    schemaColumns(employeeSchema),
		mosaic.KindShipments:    schemaColumns(shipmentSchema),
		mosaic.KindPayroll:      schemaColumns(payrollSchema),
		mosaic.KindNotes:        schemaColumns(noteSchema),
	}
}

// TestInputDocMatchesSchema keeps docs/input.md from drifting: every CSV
// file of the schema has a section "## <kind>.csv" whose column table lists
// exactly the schema's columns, in order, with their type and whether they
// are required; and every time, date and boolean the document gives as
// accepted parses.
func TestInputDocMatchesSchema(t *testing.T) {
	f, err := os.Open("../docs/input.md")
	if err != nil {
		t.Fatalf("docs/input.md: %v", err)
	}
	defer f.Close()
	got := map[mosaic.Kind][]docColumn{}
	var section mosaic.Kind
	var times, dates, bools []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if name, ok := strings.CutPrefix(line, "## "); ok {
			section = ""
			if k, ok := strings.CutSuffix(strings.TrimSpace(name), ".csv"); ok {
				section = mosaic.Kind(k)
				got[section] = []docColumn{}
			}
			continue
		}
		for prefix, list := range map[string]*[]string{"- accepted time: `": &times, "- accepted date: `": &dates, "- accepted boolean: `": &bools} {
			if rest, ok := strings.CutPrefix(line, prefix); ok {
				v, _, _ := strings.Cut(rest, "`")
				*list = append(*list, v)
			}
		}
		if section == "" || !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) < 4 {
			t.Errorf("%s.csv: a column row needs | column | type | required or optional | meaning |: %s", section, line)
			continue
		}
		got[section] = append(got[section], docColumn{
			strings.Trim(strings.TrimSpace(cells[0]), "`"), strings.TrimSpace(cells[1]), strings.TrimSpace(cells[2]),
		})
	}
	for k, want := range schemaDoc() {
		have, ok := got[k]
		if !ok {
			t.Errorf("docs/input.md has no section \"## %s.csv\"", k)
			continue
		}
		if fmt.Sprint(have) != fmt.Sprint(want) {
			t.Errorf("docs/input.md, %s.csv, differs from the schema (column, type, required):\n doc:    %v\n schema: %v", k, have, want)
		}
	}
	var p timeParser
	if len(times) == 0 || len(dates) == 0 || len(bools) == 0 {
		t.Fatalf("docs/input.md lists no accepted times, dates or booleans")
	}
	for _, v := range times {
		if _, ok := p.parseTime(v); !ok {
			t.Errorf("docs/input.md says time %q is accepted; it does not parse", v)
		}
	}
	for _, v := range dates {
		if _, ok := p.parseDate(v); !ok {
			t.Errorf("docs/input.md says date %q is accepted; it does not parse", v)
		}
	}
	for _, v := range bools {
		if _, ok := parseBool(v); !ok {
			t.Errorf("docs/input.md says boolean %q is accepted; it does not parse", v)
		}
	}
	if os.Getenv("MOSAIC_PRINT_SCHEMA") != "" {
		for _, k := range csvKinds {
			for _, c := range schemaDoc()[k] {
				fmt.Printf("%s|%s|%s|%s\n", k, c.name, c.typ, c.need)
			}
		}
	}
}
