package greenhouse

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"time"
)

// This file holds everything that depends on the shape of Harvest v3
// records (see the package doc for what is assumed) and on mosaic's
// applications.csv contract.

// ID is a Greenhouse id: a JSON number (or, defensively, a string).
type ID string

// UnmarshalJSON takes a number, a string or null.
func (id *ID) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "null" {
		*id = ""
		return nil
	}
	if strings.HasPrefix(s, `"`) {
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*id = ID(v)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*id = ID(n.String())
	return nil
}

// String returns the id.
func (id ID) String() string { return string(id) }

// Typed is a {value, type} entry of a candidate's contact arrays.
type Typed struct {
	Value   string `json:"value"`
	Type    string `json:"type"`
	Primary bool   `json:"primary"`
}

// Application is the part of a v3 application mosaic reads.
type Application struct {
	ID          ID `json:"id"`
	CandidateID ID `json:"candidate_id"`
	JobID       ID `json:"job_id"`
	Jobs        []struct {
		ID ID `json:"id"`
	} `json:"jobs"` // v1 shape, read when job_id is absent
	Prospect  bool   `json:"prospect"`
	AppliedAt string `json:"applied_at"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
	SourceID  ID     `json:"source_id"`
	Source    *struct {
		ID         ID     `json:"id"`
		PublicName string `json:"public_name"`
		Name       string `json:"name"`
	} `json:"source"`
}

// Candidate is the part of a v3 candidate mosaic reads.
type Candidate struct {
	ID                   ID      `json:"id"`
	FirstName            string  `json:"first_name"`
	LastName             string  `json:"last_name"`
	UpdatedAt            string  `json:"updated_at"`
	EmailAddresses       []Typed `json:"email_addresses"`
	PhoneNumbers         []Typed `json:"phone_numbers"`
	Addresses            []Typed `json:"addresses"`
	WebsiteAddresses     []Typed `json:"website_addresses"`
	SocialMediaAddresses []Typed `json:"social_media_addresses"`
}

// Columns is the applications.csv header, in the contract's order.
var Columns = []string{
	"application_id", "candidate_id", "job_id", "submitted_at", "first_name", "last_name", "email", "phone",
	"address_line1", "address_line2", "city", "region", "postal_code", "country", "linkedin_url", "github_url",
	"source", "resume_file", "photo_file", "ref1_name", "ref1_email", "ref1_phone", "ref2_name", "ref2_email",
	"ref2_phone", "submit_ip", "user_agent",
}

// Row is one applications.csv row by column name.
type Row map[string]string

// MapApplication turns an application and its candidate (nil when it could
// not be fetched) into a row. A prospect with no job is left out (false):
// applications.csv requires job_id.
//
// Greenhouse keeps a candidate's address as one free-text value; it goes to
// address_line1 whole, for mosaic's address normaliser to split. Resumes,
// photos, references, the submitting IP and user agent are not in these
// two resources and stay empty.
func MapApplication(a Application, cand *Candidate) (Row, bool) {
	job := a.JobID.String()
	if job == "" && len(a.Jobs) > 0 {
		job = a.Jobs[0].ID.String()
	}
	if job == "" {
		return nil, false
	}
	r := Row{
		"application_id": a.ID.String(),
		"candidate_id":   a.CandidateID.String(),
		"job_id":         job,
		"submitted_at":   rfc3339(firstNonEmpty(a.AppliedAt, a.CreatedAt)),
	}
	switch {
	case a.Source != nil && firstNonEmpty(a.Source.PublicName, a.Source.Name) != "":
		r["source"] = firstNonEmpty(a.Source.PublicName, a.Source.Name)
	case a.SourceID != "":
		r["source"] = "greenhouse_source:" + a.SourceID.String()
	}
	if cand != nil {
		r["first_name"] = cand.FirstName
		r["last_name"] = cand.LastName
		r["email"] = pick(cand.EmailAddresses, "personal")
		r["phone"] = pick(cand.PhoneNumbers, "mobile")
		r["address_line1"] = pick(cand.Addresses, "home")
		for _, l := range append(append([]Typed(nil), cand.SocialMediaAddresses...), cand.WebsiteAddresses...) {
			v := strings.TrimSpace(l.Value)
			low := strings.ToLower(v)
			switch {
			case r["linkedin_url"] == "" && strings.Contains(low, "linkedin.com/"):
				r["linkedin_url"] = v
			case r["github_url"] == "" && strings.Contains(low, "github.com/"):
				r["github_url"] = v
			}
		}
	}
	return r, true
}

// pick returns the primary value, else the first of the preferred type,
// else the first value.
func pick(list []Typed, preferred string) string {
	for _, t := range list {
		if t.Primary && strings.TrimSpace(t.Value) != "" {
			return strings.TrimSpace(t.Value)
		}
	}
	for _, t := range list {
		if strings.EqualFold(t.Type, preferred) && strings.TrimSpace(t.Value) != "" {
			return strings.TrimSpace(t.Value)
		}
	}
	for _, t := range list {
		if v := strings.TrimSpace(t.Value); v != "" {
			return v
		}
	}
	return ""
}

// rfc3339 normalises a timestamp to UTC RFC 3339; an unparseable one is
// passed on for the sink to reject with a reason.
func rfc3339(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return t.UTC().Format(time.RFC3339)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// encodeCSV writes rows under the Columns header.
func encodeCSV(rows []Row) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(Columns); err != nil {
		return nil, err
	}
	rec := make([]string, len(Columns))
	for _, r := range rows {
		for i, c := range Columns {
			rec[i] = r[c]
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}
