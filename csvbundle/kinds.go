package csvbundle

import (
	"time"

	"github.com/mosaic-sec/mosaic"
)

// The six files, column by column, as /work/shared/contract/README.md lists
// them. Columns marked must() are the contract's required ones.

var jobSchema = &schema[mosaic.Job]{
	kind: mosaic.KindJobs,
	columns: []column[mosaic.Job]{
		text("job_id", func(r *mosaic.Job, v string) { r.ID = v }).must(),
		text("title", func(r *mosaic.Job, v string) { r.Title = v }),
		timestamp("posted_at", func(r *mosaic.Job, v time.Time) { r.PostedAt = v }).must(),
		boolean("remote", func(r *mosaic.Job, v bool) { r.Remote = v }),
		text("location", func(r *mosaic.Job, v string) { r.Location = v }),
	},
	finish: func(r *mosaic.Job, o mosaic.Origin) { r.Origin = o },
}

var applicationSchema = &schema[mosaic.Application]{
	kind: mosaic.KindApplications,
	columns: []column[mosaic.Application]{
		text("application_id", func(r *mosaic.Application, v string) { r.ID = v }).must(),
		text("candidate_id", func(r *mosaic.Application, v string) { r.CandidateID = v }),
		text("job_id", func(r *mosaic.Application, v string) { r.JobID = v }).must(),
		timestamp("submitted_at", func(r *mosaic.Application, v time.Time) { r.SubmittedAt = v }).must(),
		text("first_name", func(r *mosaic.Application, v string) { r.FirstName = v }),
		text("last_name", func(r *mosaic.Application, v string) { r.LastName = v }),
		text("email", func(r *mosaic.Application, v string) { r.Email = v }),
		text("phone", func(r *mosaic.Application, v string) { r.Phone = v }),
		text("address_line1", func(r *mosaic.Application, v string) { r.Address.Line1 = v }),
		text("address_line2", func(r *mosaic.Application, v string) { r.Address.Line2 = v }),
		text("city", func(r *mosaic.Application, v string) { r.Address.City = v }),
		text("region", func(r *mosaic.Application, v string) { r.Address.Region = v }),
		text("postal_code", func(r *mosaic.Application, v string) { r.Address.PostalCode = v }),
		text("country", func(r *mosaic.Application, v string) { r.Address.Country = v }),
		text("linkedin_url", func(r *mosaic.Application, v string) { r.LinkedInURL = v }),
		text("github_url", func(r *mosaic.Application, v string) { r.GitHubURL = v }),
		text("source", func(r *mosaic.Application, v string) { r.Source = v }),
		text("resume_file", func(r *mosaic.Application, v string) { r.ResumeFile = v }),
		text("photo_file", func(r *mosaic.Application, v string) { r.PhotoFile = v }),
		text("ref1_name", func(r *mosaic.Application, v string) { reference(r, 0).Name = v }),
		text("ref1_email", func(r *mosaic.Application, v string) { reference(r, 0).Email = v }),
		text("ref1_phone", func(r *mosaic.Application, v string) { reference(r, 0).Phone = v }),
		text("ref2_name", func(r *mosaic.Application, v string) { reference(r, 1).Name = v }),
		text("ref2_email", func(r *mosaic.Application, v string) { reference(r, 1).Email = v }),
		text("ref2_phone", func(r *mosaic.Application, v string) { reference(r, 1).Phone = v }),
		text("submit_ip", func(r *mosaic.Application, v string) { r.SubmitIP = v }),
		text("user_agent", func(r *mosaic.Application, v string) { r.UserAgent = v }),
	},
	finish: func(r *mosaic.Application, o mosaic.Origin) {
		r.Origin = o
		r.References = dropEmptyReferences(r.References)
	},
}

// reference returns the i-th reference slot of an application, making room
// for it. Slots a row leaves empty are dropped by dropEmptyReferences.
func reference(r *mosaic.Application, i int) *mosaic.Reference {
	if len(r.References) <= i {
		if cap(r.References) <= i {
			refs := make([]mosaic.Reference, i+1, max(i+1, 2))
			copy(refs, r.References)
			r.References = refs
		}
		r.References = r.References[:i+1]
	}
	return &r.References[i]
}

func dropEmptyReferences(refs []mosaic.Reference) []mosaic.Reference {
	kept := refs[:0]
	for _, ref := range refs {
		if ref != (mosaic.Reference{}) {
			kept = append(kept, ref)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	return kept
}

var employeeSchema = &schema[mosaic.Employee]{
	kind: mosaic.KindEmployees,
	columns: []column[mosaic.Employee]{
		text("employee_id", func(r *mosaic.Employee, v string) { r.ID = v }).must(),
		text("candidate_id", func(r *mosaic.Employee, v string) { r.CandidateID = v }),
		text("application_id", func(r *mosaic.Employee, v string) { r.ApplicationID = v }),
		text("first_name", func(r *mosaic.Employee, v string) { r.FirstName = v }),
		text("last_name", func(r *mosaic.Employee, v string) { r.LastName = v }),
		text("work_email", func(r *mosaic.Employee, v string) { r.WorkEmail = v }),
		text("personal_email", func(r *mosaic.Employee, v string) { r.PersonalEmail = v }),
		text("phone", func(r *mosaic.Employee, v string) { r.Phone = v }),
		text("address_line1", func(r *mosaic.Employee, v string) { r.Address.Line1 = v }),
		text("address_line2", func(r *mosaic.Employee, v string) { r.Address.Line2 = v }),
		text("city", func(r *mosaic.Employee, v string) { r.Address.City = v }),
		text("region", func(r *mosaic.Employee, v string) { r.Address.Region = v }),
		text("postal_code", func(r *mosaic.Employee, v string) { r.Address.PostalCode = v }),
		text("country", func(r *mosaic.Employee, v string) { r.Address.Country = v }),
		text("timezone", func(r *mosaic.Employee, v string) { r.Timezone = v }),
		date("hire_date", func(r *mosaic.Employee, v time.Time) { r.HireDate = v }),
		date("termination_date", func(r *mosaic.Employee, v time.Time) { r.TerminationDate = v }),
		text("employment_type", func(r *mosaic.Employee, v string) { r.EmploymentType = v }),
		text("vendor", func(r *mosaic.Employee, v string) { r.Vendor = v }),
		text("title", func(r *mosaic.Employee, v string) { r.Title = v }),
		secret(secretSSN, func(r *mosaic.Employee, h string) { r.SSNHash = h }),
		secret(secretDOB, func(r *mosaic.Employee, h string) { r.DOBHash = h }),
	},
	finish: func(r *mosaic.Employee, o mosaic.Origin) { r.Origin = o },
}

var shipmentSchema = &schema[mosaic.Shipment]{
	kind: mosaic.KindShipments,
	columns: []column[mosaic.Shipment]{
		text("shipment_id", func(r *mosaic.Shipment, v string) { r.ID = v }).must(),
		text("employee_id", func(r *mosaic.Shipment, v string) { r.EmployeeID = v }).must(),
		text("asset_tag", func(r *mosaic.Shipment, v string) { r.AssetTag = v }),
		text("serial_number", func(r *mosaic.Shipment, v string) { r.SerialNumber = v }),
		text("hostname", func(r *mosaic.Shipment, v string) { r.Hostname = v }),
		timestamp("requested_at", func(r *mosaic.Shipment, v time.Time) { r.RequestedAt = v }),
		timestamp("shipped_at", func(r *mosaic.Shipment, v time.Time) { r.ShippedAt = v }),
		timestamp("delivered_at", func(r *mosaic.Shipment, v time.Time) { r.DeliveredAt = v }),
		text("ship_to_name", func(r *mosaic.Shipment, v string) { r.ShipToName = v }),
		text("ship_to_line1", func(r *mosaic.Shipment, v string) { r.ShipTo.Line1 = v }),
		text("ship_to_line2", func(r *mosaic.Shipment, v string) { r.ShipTo.Line2 = v }),
		text("ship_to_city", func(r *mosaic.Shipment, v string) { r.ShipTo.City = v }),
		text("ship_to_region", func(r *mosaic.Shipment, v string) { r.ShipTo.Region = v }),
		text("ship_to_postal_code", func(r *mosaic.Shipment, v string) { r.ShipTo.PostalCode = v }),
		text("ship_to_country", func(r *mosaic.Shipment, v string) { r.ShipTo.Country = v }),
		timestamp("address_change_requested_at", func(r *mosaic.Shipment, v time.Time) { r.AddressChangeRequestedAt = v }),
		text("address_change_reason", func(r *mosaic.Shipment, v string) { r.AddressChangeReason = v }),
	},
	finish: func(r *mosaic.Shipment, o mosaic.Origin) { r.Origin = o },
}

var payrollSchema = &schema[mosaic.PayrollEvent]{
	kind: mosaic.KindPayroll,
	columns: []column[mosaic.PayrollEvent]{
		text("event_id", func(r *mosaic.PayrollEvent, v string) { r.ID = v }).must(),
		text("employee_id", func(r *mosaic.PayrollEvent, v string) { r.EmployeeID = v }).must(),
		timestamp("occurred_at", func(r *mosaic.PayrollEvent, v time.Time) { r.OccurredAt = v }),
		text("kind", func(r *mosaic.PayrollEvent, v string) { r.Kind = v }),
		text("bank_name", func(r *mosaic.PayrollEvent, v string) { r.BankName = v }),
		text("bank_country", func(r *mosaic.PayrollEvent, v string) { r.BankCountry = v }),
		secret(secretRouting, func(r *mosaic.PayrollEvent, h string) { r.RoutingHash = h }),
		secret(secretAccount, func(r *mosaic.PayrollEvent, h string) { r.AccountHash = h }),
		text("account_holder", func(r *mosaic.PayrollEvent, v string) { r.AccountHolder = v }),
		text("payment_provider", func(r *mosaic.PayrollEvent, v string) { r.PaymentProvider = v }),
		secret(secretWallet, func(r *mosaic.PayrollEvent, h string) { r.WalletHash = h }),
		text("amount", func(r *mosaic.PayrollEvent, v string) { r.Amount = v }),
		text("currency", func(r *mosaic.PayrollEvent, v string) { r.Currency = v }),
	},
	finish: func(r *mosaic.PayrollEvent, o mosaic.Origin) { r.Origin = o },
}

var noteSchema = &schema[mosaic.Note]{
	kind: mosaic.KindNotes,
	columns: []column[mosaic.Note]{
		text("note_id", func(r *mosaic.Note, v string) { r.ID = v }).must(),
		text("subject_type", func(r *mosaic.Note, v string) { r.SubjectType = v }),
		text("subject_id", func(r *mosaic.Note, v string) { r.SubjectID = v }),
		timestamp("occurred_at", func(r *mosaic.Note, v time.Time) { r.OccurredAt = v }),
		text("author_role", func(r *mosaic.Note, v string) { r.AuthorRole = v }),
		text("kind", func(r *mosaic.Note, v string) { r.Kind = v }),
		text("outcome", func(r *mosaic.Note, v string) { r.Outcome = v }),
		text("text", func(r *mosaic.Note, v string) { r.Text = v }),
	},
	finish: func(r *mosaic.Note, o mosaic.Origin) { r.Origin = o },
}

// csvKinds lists the kinds this package reads, in the order a bundle is
// usually read (jobs before the applications that name them).
var csvKinds = []mosaic.Kind{
	mosaic.KindJobs,
	mosaic.KindApplications,
	mosaic.KindEmployees,
	mosaic.KindShipments,
	mosaic.KindPayroll,
	mosaic.KindNotes,
}

// columnNames returns the contract's columns of a kind, nil for a kind this
// package does not read. The mapping file is checked against it.
func columnNames(k mosaic.Kind) []string {
	switch k {
	case mosaic.KindJobs:
		return jobSchema.names()
	case mosaic.KindApplications:
		return applicationSchema.names()
	case mosaic.KindEmployees:
		return employeeSchema.names()
	case mosaic.KindShipments:
		return shipmentSchema.names()
	case mosaic.KindPayroll:
		return payrollSchema.names()
	case mosaic.KindNotes:
		return noteSchema.names()
	}
	return nil
}
