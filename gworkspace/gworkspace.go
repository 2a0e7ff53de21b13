// Package gworkspace reads Google Workspace login activity, and the
// identity events of the user_accounts, admin and mobile applications
// (identity.go): Admin SDK Reports API activities of applicationName=login
// (and those three), as
// GET admin/reports/v1/activity/users/all/applications/login returns them
// (pages {"kind":"admin#reports#activities","items":[...],"nextPageToken":...})
// or one activity per line (the Elastic input writes them so, with events as
// a single object rather than an array; both are read).
//
// Each event of an activity becomes a mosaic.SignIn:
//
//	actor.email                      Actor (lower-cased: it joins the roster's work_email)
//	id.time                          Published
//	ipAddress                        IP
//	networkInfo.regionCode           Country (ISO 3166-1, as Entra gives)
//	networkInfo.subdivisionCode      Region, without its country prefix ("US-AZ" gives "AZ")
//	networkInfo.ipAsn[0]             ASNumber
//	events[].name                    EventType (login_success, login_failure, ...)
//	events[].name and parameters     Outcome, see below
//	id (time, uniqueQualifier,       ID: a name-based UUID of them, stable across reads
//	customerId, applicationName)     and across the two shapes
//	and the event's name
//
// Outcome: login_success and logout are SUCCESS; login_failure is FAILURE;
// login_challenge and login_verification are SUCCESS or FAILURE by their
// login_challenge_status ("passed" or "Challenge Passed."), CHALLENGE when
// it is missing; risky_sensitive_action_allowed is ALLOW and ..._blocked
// DENY. Account warnings Google raises on its own (suspicious_login,
// account_disabled_*, gov_attack_warning) and names not listed are
// UNKNOWN: the detectors count only successful events as the person's own
// presence at an address.
//
// Google logs no coordinates, city, user agent or device id for a login,
// so impossible travel and shared devices cannot be seen in this source.
// The parameters login_type, login_challenge_method and is_suspicious
// have no place in mosaic.SignIn and are read past.
//
// An activity whose caller is not a user (callerType KEY: an OAuth client
// or service account) is read and accepted with no record, like Entra's
// service principals. An activity of another application than login is
// rejected.
package gworkspace

import (
	"context"
	"encoding/json"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/jsonrows"
)

// Extractor reads Google Workspace login activity. It holds only settings,
// so one Extractor may read several files at once.
type Extractor struct {
	log *slog.Logger
}

var _ mosaic.Extractor = (*Extractor)(nil)

// New returns an Extractor. A nil log discards log output.
func New(log *slog.Logger) *Extractor {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Extractor{log: log}
}

// Kinds returns the kind of file the Extractor reads.
func (x *Extractor) Kinds() []mosaic.Kind { return []mosaic.Kind{mosaic.KindGoogleWorkspace} }

// Extract reads f and calls emit once per activity: Accept with a
// mosaic.SignIn (AcceptMany when an activity holds several events, or none
// for a non-user caller), or Reject with the reason. It returns an error
// only when the file as a whole cannot be read or is not Google Workspace
// activity.
func (x *Extractor) Extract(ctx context.Context, f mosaic.File, emit mosaic.Emitter) error {
	return jsonrows.Extract(ctx, f, emit, jsonrows.Format{
		Name:     "Google Workspace login or account activity (Admin SDK Reports API activities)",
		PageKeys: []string{"items"},
		Decode:   func(row jsonrows.Row) jsonrows.Decoded { return decode(f.Path, row) },
	}, x.log)
}

type activity struct {
	ID *struct {
		Time            jsonrows.Scalar `json:"time"`
		UniqueQualifier jsonrows.Scalar `json:"uniqueQualifier"`
		ApplicationName jsonrows.Scalar `json:"applicationName"`
		CustomerID      jsonrows.Scalar `json:"customerId"`
	} `json:"id"`
	Actor struct {
		CallerType jsonrows.Scalar `json:"callerType"`
		Email      jsonrows.Scalar `json:"email"`
	} `json:"actor"`
	IPAddress   jsonrows.Scalar `json:"ipAddress"`
	NetworkInfo struct {
		IPAsn           []jsonrows.Scalar `json:"ipAsn"`
		RegionCode      jsonrows.Scalar   `json:"regionCode"`
		SubdivisionCode jsonrows.Scalar   `json:"subdivisionCode"`
	} `json:"networkInfo"`
	// Events is an array in the API and a single object as the Elastic
	// input writes it.
	Events json.RawMessage `json:"events"`
}

type event struct {
	Type       jsonrows.Scalar `json:"type"`
	Name       jsonrows.Scalar `json:"name"`
	Parameters []struct {
		Name  jsonrows.Scalar `json:"name"`
		Value jsonrows.Scalar `json:"value"`
	} `json:"parameters"`
}

func (e *event) param(name string) string {
	for _, p := range e.Parameters {
		if p.Name.Str() == name {
			return p.Value.Str()
		}
	}
	return ""
}

const namespace = "mosaic/google_workspace"

// probe tells an activity from other logs before its fields are checked:
// an activity's id is an object and it has events; an Entra signIn's id
// is a string, and Okta's and ECS's events have no such members.
type probe struct {
	ID     jsonrows.Scalar `json:"id"`
	Events jsonrows.Scalar `json:"events"`
}

func decode(file string, row jsonrows.Row) jsonrows.Decoded {
	var p probe
	if col, why := jsonrows.Unmarshal(row.Data, &p); why != "" {
		return jsonrows.Reject(col, why)
	}
	if p.ID.Kind != jsonrows.Other && p.Events.Kind == jsonrows.Absent {
		return jsonrows.Decoded{Foreign: true, Reason: "not a Google Workspace activity: no id object and no events"}
	}
	var a activity
	if col, why := jsonrows.Unmarshal(row.Data, &a); why != "" {
		return jsonrows.Reject(col, why)
	}
	if a.ID == nil {
		return jsonrows.Reject("id", "id is missing: an activity is identified by its time and uniqueQualifier")
	}
	app := strings.ToLower(a.ID.ApplicationName.Str())
	if app == "" {
		return jsonrows.Reject("id.applicationName", "id.applicationName is missing: only login, user_accounts, admin and mobile activity is read")
	} else if !readApps[app] {
		return jsonrows.Reject("id.applicationName", "not login, user_accounts, admin or mobile activity (applicationName "+jsonrows.Printable(a.ID.ApplicationName.Str())+")")
	}
	stamp := a.ID.Time.Str()
	if stamp == "" {
		return jsonrows.Reject("id.time", a.ID.Time.Missing("id.time", ""))
	}
	t, err := time.Parse(time.RFC3339Nano, stamp)
	if err != nil {
		return jsonrows.Reject("id.time", "id.time is not an RFC 3339 time")
	}
	uq := a.ID.UniqueQualifier.Literal()
	if uq == "" {
		return jsonrows.Reject("id.uniqueQualifier", "id.uniqueQualifier is required to de-duplicate")
	}
	events, col, why := eventsOf(a.Events)
	if why != "" {
		return jsonrows.Reject(col, why)
	}
	if len(events) == 0 {
		return jsonrows.Reject("events", "the activity has no events")
	}
	actor := strings.ToLower(a.Actor.Email.Str())
	if actor == "" {
		if strings.EqualFold(a.Actor.CallerType.Str(), "KEY") {
			return jsonrows.Accept() // an OAuth client or service account: read, valid, no person's
		}
		return jsonrows.Reject("actor.email", a.Actor.Email.Missing("actor.email", ": a login names its user"))
	}

	base := mosaic.SignIn{
		Published: t.UTC(),
		Actor:     actor,
		IP:        a.IPAddress.Str(),
		Country:   strings.ToUpper(a.NetworkInfo.RegionCode.Str()),
	}
	if sub := a.NetworkInfo.SubdivisionCode.Str(); sub != "" {
		// ISO 3166-2: "US-AZ". HR rosters give the part after the dash.
		if c, r, ok := strings.Cut(sub, "-"); ok && (base.Country == "" || strings.EqualFold(c, base.Country)) {
			sub = r
			if base.Country == "" {
				base.Country = strings.ToUpper(c)
			}
		}
		base.Region = sub
	}
	if len(a.NetworkInfo.IPAsn) > 0 {
		if n, ok := a.NetworkInfo.IPAsn[0].Int(); ok && n > 0 && n <= 1<<32-1 {
			base.ASNumber = int(n)
		}
	}
	stampKey := t.UTC().Format(time.RFC3339Nano)
	seen := map[string]int{}
	recs := make([]mosaic.Record, 0, len(events))
	for i := range events {
		ev := &events[i]
		name := ev.Name.Str()
		if name == "" {
			return jsonrows.Reject("events.name", "an event has no name")
		}
		// The n-th event of a name within the activity: the API's
		// events[] and the one-event-per-row shape give the same ids.
		n := seen[name]
		seen[name]++
		e := base
		e.EventType = name
		if app == "login" {
			e.Outcome = outcome(ev)
		} else {
			var keep bool
			if e, keep = identityEvent(e, app, ev); !keep {
				continue
			}
		}
		e.ID = jsonrows.NameUUID(namespace, a.ID.CustomerID.Literal(), app, stampKey, uq, name, strconv.Itoa(n))
		e.Origin = mosaic.Origin{File: file, Line: row.Line, EventID: e.ID}
		recs = append(recs, e)
	}
	return jsonrows.Accept(recs...)
}

// eventsOf reads events as an array or as one object.
func eventsOf(raw json.RawMessage) ([]event, string, string) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, "", ""
	}
	if raw[0] == '{' {
		var e event
		if col, why := jsonrows.Unmarshal(raw, &e); why != "" {
			return nil, joinColumn("events", col), why
		}
		return []event{e}, "", ""
	}
	if raw[0] != '[' {
		return nil, "events", "events is not an array of objects"
	}
	var es []event
	if err := json.Unmarshal(raw, &es); err != nil {
		return nil, "events", "events is not an array of objects"
	}
	return es, "", ""
}

func joinColumn(parent, col string) string {
	if col == "" {
		return parent
	}
	return parent + "." + col
}

func outcome(e *event) string {
	name := strings.ToLower(e.Name.Str())
	switch name {
	case "login_success", "logout":
		return "SUCCESS"
	case "login_failure":
		return "FAILURE"
	case "login_challenge", "login_verification":
		status := strings.ToLower(e.param("login_challenge_status"))
		switch {
		case strings.Contains(status, "pass"):
			return "SUCCESS"
		case strings.Contains(status, "fail"):
			return "FAILURE"
		}
		return "CHALLENGE"
	case "risky_sensitive_action_allowed":
		return "ALLOW"
	case "risky_sensitive_action_blocked":
		return "DENY"
	}
	return "UNKNOWN"
}
