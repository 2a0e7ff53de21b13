package report

import (
	"embed"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
)

//go:embed templates/report.html.tmpl
var templateFS embed.FS

// workbenchCSS is the workbench's stylesheet, kept here once: the report
// inlines it so it looks like the workbench's pages, and the workbench
// serves it as /static/mosaic.css (Stylesheet).
//
//go:embed templates/mosaic.css
var workbenchCSS string

// Stylesheet returns the stylesheet the workbench and the HTML report share.
func Stylesheet() string { return workbenchCSS }

// pageTemplate is parsed once; html/template escapes every value it writes
// by context, and is safe for concurrent use.
var pageTemplate = template.Must(template.New("report.html.tmpl").
	Funcs(template.FuncMap{"count": groupDigits,
		// The stylesheet is the program's own text, not data.
		"workbenchCSS": func() template.CSS { return template.CSS(workbenchCSS) }}).
	ParseFS(templateFS, "templates/report.html.tmpl"))

// renderHTML writes one self-contained page: no scripts, no external assets,
// styles inline, and a Content-Security-Policy that forbids anything else.
// The rings are inline SVG laid out here, and the filter by level is radio
// buttons and CSS, so the page works from disk with scripts off.
func renderHTML(w io.Writer, r *mosaic.Report, opts Options) error {
	if err := pageTemplate.ExecuteTemplate(w, "page", newPage(r, opts)); err != nil {
		return mosaic.WrapError(mosaic.EINTERNAL, err, "cannot write the html report")
	}
	return nil
}

// page is what the template shows, with every value already formatted:
// the template only lays it out.
type page struct {
	Schema    string
	Generated string
	Input     mosaic.InputSummary
	MinScore  string
	Legend    string
	Counts    []levelCount
	Filters   []levelFilter
	Subjects  []pageSubject
	Clusters  []pageCluster
	Screening []pageReview // name-only sanctions matches (screening.go)
}

// levelFilter is one choice of the filter by level.
type levelFilter struct {
	ID, Label string
}

type pageSubject struct {
	Anchor         string
	AtLeast        string // ge-… classes: the level filters this person passes
	Rank           int
	Score          string
	Level          string
	LevelClass     string
	Name           string
	ID             string
	ApplicationIDs string
	CandidateIDs   string
	EmployeeIDs    string
	FirstFlagged   string
	Verdict        string // an analyst's verdict, "" when none
	VerdictEffect  string // what it does to the score
	Cluster        *pageRef
	MergeReasons   []string
	TopReason      string
	Signals        []pageSignal
}

type pageSignal struct {
	Title       string
	RuleID      string
	Area        string // where the finding comes from, in plain words
	At          string
	Strength    string // the rule's weight, as "12×": how much likelier under fraud
	PartOfScore string // the signal's share of the score
	Explanation string
	Evidence    []string
}

type pageCluster struct {
	Anchor  string
	ID      string
	Members []pageRef
	Links   []pageLink
	Ring    *pageRing
}

type pageLink struct {
	A, B        pageRef
	Kind        string
	Strength    string
	Explanation string
}

// pageRef names a subject or cluster and, when it is on the page, its anchor.
type pageRef struct {
	Anchor string
	Name   string
}

func newPage(r *mosaic.Report, opts Options) page {
	subjects := rankSubjects(r, opts.MinScore)
	p := page{
		Schema:    text(r.Schema),
		Generated: formatTime(r.GeneratedAt),
		Input:     r.Input,
		Legend:    legend(false),
		Counts:    levelCounts(subjects),
		Filters:   []levelFilter{{"all", "any level"}},
	}
	for _, l := range mosaic.Levels {
		switch l {
		case mosaic.LevelNone:
		case mosaic.LevelCritical:
			p.Filters = append(p.Filters, levelFilter{string(l), string(l)})
		default:
			p.Filters = append(p.Filters, levelFilter{string(l), string(l) + " or above"})
		}
	}
	if p.Schema == "" {
		p.Schema = mosaic.ReportSchema
	}
	if opts.MinScore > 0 {
		p.MinScore = strconv.FormatFloat(opts.MinScore, 'f', -1, 64)
	}

	// Anchors are positions, not ids: ids are data and need not be valid
	// fragment identifiers.
	subjectRefs := make(map[string]pageRef, len(r.Subjects))
	for i := range r.Subjects {
		s := &r.Subjects[i]
		subjectRefs[s.ID] = pageRef{Name: displayName(s)}
	}
	for _, s := range subjects {
		subjectRefs[s.ID] = pageRef{Anchor: "subject-" + strconv.Itoa(s.Rank), Name: displayName(s.Subject)}
	}
	clusterRefs := make(map[string]pageRef, len(r.Clusters))
	for i, k := range r.Clusters {
		clusterRefs[k.ID] = pageRef{Anchor: "cluster-" + strconv.Itoa(i+1), Name: text(k.ID)}
	}

	for _, s := range subjects {
		p.Subjects = append(p.Subjects, newPageSubject(s, subjectRefs, clusterRefs))
	}
	byID := make(map[string]*mosaic.Subject, len(r.Subjects))
	for i := range r.Subjects {
		byID[r.Subjects[i].ID] = &r.Subjects[i]
	}
	for _, k := range r.Clusters {
		pc := pageCluster{Anchor: clusterRefs[k.ID].Anchor, ID: text(k.ID)}
		ref := func(id string) pageRef {
			if ref, ok := subjectRefs[id]; ok {
				return ref
			}
			return pageRef{Name: text(id)}
		}
		var members []ringMember
		for _, id := range k.SubjectIDs {
			pc.Members = append(pc.Members, ref(id))
			m := ringMember{id: id, ref: ref(id)}
			if s, ok := byID[id]; ok {
				m.level, m.score = s.Level, s.Score
			}
			members = append(members, m)
		}
		pc.Ring = newPageRing(k, members)
		for _, l := range k.Links {
			pl := pageLink{A: ref(l.A), B: ref(l.B), Kind: text(strings.ReplaceAll(l.Kind, "_", " ")), Explanation: text(l.Explanation)}
			if l.Strength != 0 {
				pl.Strength = strconv.FormatFloat(l.Strength, 'f', 2, 64)
			}
			pc.Links = append(pc.Links, pl)
		}
		p.Clusters = append(p.Clusters, pc)
	}
	p.Screening = screeningRows(r, subjectRefs)
	return p
}

func newPageSubject(s ranked, subjects, clusters map[string]pageRef) pageSubject {
	ps := pageSubject{
		Anchor:         subjects[s.ID].Anchor,
		Rank:           s.Rank,
		Score:          strconv.FormatFloat(s.Score, 'f', 1, 64),
		Level:          text(string(s.Level)),
		LevelClass:     "unknown",
		Name:           displayName(s.Subject),
		ID:             text(s.ID),
		ApplicationIDs: joinIDs(s.ApplicationIDs),
		CandidateIDs:   joinIDs(s.CandidateIDs),
		EmployeeIDs:    joinIDs(s.EmployeeIDs),
		FirstFlagged:   "never",
	}
	if s.Level.Rank() >= 0 {
		ps.LevelClass = string(s.Level)
		ps.AtLeast = atLeastClasses(s.Level)
	}
	if s.FirstFlaggedAt != nil {
		ps.FirstFlagged = formatTime(*s.FirstFlaggedAt)
	}
	if s.Disposition != "" {
		ps.Verdict = text(s.Disposition)
		_, effect, _ := strings.Cut(verdictText(s.Disposition), " (")
		ps.VerdictEffect = strings.TrimSuffix(effect, ")")
	}
	if s.ClusterID != nil {
		ref, ok := clusters[*s.ClusterID]
		if !ok {
			ref = pageRef{Name: text(*s.ClusterID)}
		}
		ps.Cluster = &ref
	}
	for _, m := range s.MergeReasons {
		ps.MergeReasons = append(ps.MergeReasons, text(m))
	}
	if reasons := topReasons(s.Subject, 1); len(reasons) > 0 {
		ps.TopReason = reasons[0]
	}
	for _, sig := range s.Signals {
		ps.Signals = append(ps.Signals, pageSignal{
			Title:       text(sig.Title),
			RuleID:      text(sig.RuleID),
			Area:        text(areaName(sig.Silo)),
			At:          formatTime(sig.At),
			Strength:    strconv.FormatFloat(sig.Weight, 'f', -1, 64) + "×",
			PartOfScore: strconv.FormatFloat(sig.Share*100, 'f', 0, 64) + "%",
			Explanation: text(sig.Explanation),
			Evidence:    evidenceList(sig.Evidence),
		})
	}
	return ps
}

// evidenceList writes each evidence row as file:line or event id, with the
// field it rests on.
func evidenceList(evidence []mosaic.Evidence) []string {
	out := make([]string, 0, len(evidence))
	for _, e := range evidence {
		var s string
		switch {
		case e.File != "" && e.Line > 0:
			s = e.File + ":" + strconv.Itoa(e.Line)
		case e.File != "":
			s = e.File
		}
		if e.EventID != "" {
			if s != "" {
				s += " "
			}
			s += "event " + e.EventID
		}
		if e.Field != "" {
			s += " (" + e.Field + ")"
		}
		out = append(out, text(s))
	}
	return out
}

// text is untrusted data made valid UTF-8 for the page; html/template does
// the escaping.
func text(s string) string {
	return strings.ToValidUTF8(s, "\uFFFD")
}

func joinIDs(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return text(strings.Join(ids, ", "))
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// areaNames say in plain words where each silo's findings come from; the
// JSON and CSV keep the silo's id.
var areaNames = map[mosaic.Silo]string{
	mosaic.SiloHiring:     "application",
	mosaic.SiloIdentity:   "identity records",
	mosaic.SiloOnboarding: "laptop shipping",
	mosaic.SiloNetwork:    "sign-ins",
	mosaic.SiloEndpoint:   "company laptop",
	mosaic.SiloPayroll:    "payroll",
	mosaic.SiloHR:         "manager notes",
	mosaic.SiloCluster:    "links to other people",
	mosaic.SiloSanctions:  "sanctions lists",
}

func areaName(s mosaic.Silo) string {
	if n, ok := areaNames[s]; ok {
		return n
	}
	return string(s)
}
