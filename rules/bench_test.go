package rules

import (
	"testing"
	"time"
)

// benchVars gives realistic variables for each scope: a record that fires a
// few rules and a subject with every fact group filled in.
func benchVars() map[string]map[string]any {
	subject := map[string]any{
		"id": "S-1", "hired": true, "applications": int64(2), "is_it_staff": false,
		"employment_type": "full_time", "declared_timezone": "America/Chicago",
		"declared_utc_offset_hours": -6.0, "declared_country": "US",
		"hire_date":       time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC),
		"ssn_shared_with": int64(0), "dob_shared_with": int64(0),
		"signins": map[string]any{
			"total": int64(420), "success": int64(400), "proxy_count": int64(120), "proxy_share": 0.3,
			"hosting_share": 0.1, "vpn_share": 0.25, "tor_count": int64(0), "corporate_share": 0.0,
			"countries": []any{"US"}, "undeclared_countries": []any{}, "far_from_home_days": int64(12),
			"impossible_travel": int64(0), "shared_ip_employees": int64(0), "shared_ip_with": []any{},
			"shared_fingerprint_accounts": int64(0), "activity_days": int64(40), "asia_hours_share": 0.7,
			"workday_center_utc": 3.5, "declared_zone_consistent": false,
		},
		"devices": map[string]any{
			"remote_access": []any{"AnyDesk"}, "remote_access_count": int64(1),
			"remote_access_days_after_hire": 2.0, "ipkvm": []any{}, "keep_awake": []any{"Caffeine"},
			"device_timezone": "Asia/Shanghai", "device_timezone_mismatch": true,
			"context_keyboard_layouts": []any{"us"},
		},
		"cluster":     map[string]any{"size": int64(3), "hired": int64(1), "ship_to_shared": int64(0), "cities": int64(2), "flagged_neighbours": int64(1), "linked_confirmed": int64(0)},
		"disposition": "",
	}
	return map[string]map[string]any{
		ScopeApplication: {"subject": subject, "app": map[string]any{
			"id": "A-1", "job_id": "J-1", "source": "linkedin", "submitted_at": time.Date(2025, 1, 2, 3, 0, 0, 0, time.UTC),
			"hours_after_posting": 3.0, "email_domain": "example.com", "email_disposable": false, "email_freemail": true,
			"phone_e164": "+12025550143", "phone_type": "voip", "phone_shared_with": int64(2), "phone_sharers": []any{"A-7", "A-9"},
			"reference_shared_with": int64(0), "reference_sharers": []any{}, "resume_similarity": 0.4, "resume_similar_to": []any{},
			"resume_template_group": int64(0), "photo_background_matches": int64(0), "photo_background_similar_to": []any{},
			"profile_shared_with": int64(0), "profile_sharers": []any{},
			"ip":              map[string]any{"address": "203.0.113.9", "country": "US", "asn": int64(64500), "org": "Example VPN", "hosting": true, "vpn": true, "tor": false, "proxy": false, "corporate": false, "known": true},
			"claimed_country": "US", "ip_country_mismatch": false, "linked_same_job": int64(2), "linked_in_burst": int64(2),
		}},
		ScopeNote: {"subject": subject, "note": map[string]any{
			"id": "N-1", "on": "application", "author_role": "interviewer", "kind": "interview", "outcome": "concern",
			"text":       "Candidate refused to turn on camera, said webcam was broken. Long pauses before each answer, eyes reading off another screen.",
			"text_lower": "candidate refused to turn on camera, said webcam was broken. long pauses before each answer, eyes reading off another screen.",
		}},
		ScopeShipment: {"subject": subject, "shipment": map[string]any{
			"id": "SH-1", "asset_tag": "LT-1", "shipped_at": time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), "change_requested": true,
			"hours_change_before_ship": 20.0, "to_known_address": false, "to_home": false, "ship_to_name_matches": false,
			"ship_to_name_empty": false, "employees_at_address": int64(3), "reason": "staying with a friend",
		}},
		ScopePayroll: {"subject": subject, "pay": map[string]any{
			"id": "P-1", "kind": "direct_deposit_change", "occurred_at": time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC),
			"days_after_hire": 7.0, "provider": "Payoneer", "provider_kind": "platform", "bank_country": "US",
			"declared_country": "US", "account_shared_with": int64(1), "holder_matches_employee": false, "holder_empty": false,
			"changes_90d": int64(3), "declared_abroad": false,
		}},
		ScopeSubject: {"subject": subject},
	}
}

func BenchmarkEvaluate(b *testing.B) {
	s := mustBuiltin(b)
	for _, scope := range Scopes {
		vars := benchVars()[scope]
		b.Run(scope, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Evaluate(scope, vars); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkBuiltin(b *testing.B) {
	for b.Loop() {
		if _, err := Builtin(); err != nil {
			b.Fatal(err)
		}
	}
}
