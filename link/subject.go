package link

// Subject is one person as far as mosaic can tell, with the indices of the
// records that belong to them in the dataset.
//
// At company scale most subjects are applicants and nothing more, so a
// Subject carries its applications inline and everything else (employee
// records, sign-ins, devices, shipments, payroll, notes, attachments,
// merge reasons) in Records, allocated only when the first such record
// attaches. A million applicants then cost about 100 bytes each rather
// than 320. Read those lists through the methods, which are safe on a
// subject without records.
type Subject struct {
	Key          string // stable id: "S-" and the subject's first application or employee id
	Name         string
	Apps         []int
	CandidateIDs []string
	*Records
}

// Records are a subject's records beyond applications, as indices into
// the dataset. A nil *Records has none.
type Records struct {
	employees    []int
	signIns      []int
	hostRows     []int
	shipments    []int
	payroll      []int
	notes        []int
	resumes      []int
	photos       []int
	mergeReasons []string
}

// Employees are the subject's HR roster rows.
func (r *Records) Employees() []int {
	if r == nil {
		return nil
	}
	return r.employees
}

// SignIns are the subject's identity-provider events.
func (r *Records) SignIns() []int {
	if r == nil {
		return nil
	}
	return r.signIns
}

// HostRows are the endpoint-inventory rows of the subject's devices.
func (r *Records) HostRows() []int {
	if r == nil {
		return nil
	}
	return r.hostRows
}

// Shipments are the laptops shipped to the subject.
func (r *Records) Shipments() []int {
	if r == nil {
		return nil
	}
	return r.shipments
}

// Payroll are the subject's payroll changes.
func (r *Records) Payroll() []int {
	if r == nil {
		return nil
	}
	return r.payroll
}

// Notes are the HR and interview notes about the subject.
func (r *Records) Notes() []int {
	if r == nil {
		return nil
	}
	return r.notes
}

// Resumes are the resume attachments of the subject's applications.
func (r *Records) Resumes() []int {
	if r == nil {
		return nil
	}
	return r.resumes
}

// Photos are the photo attachments of the subject's applications.
func (r *Records) Photos() []int {
	if r == nil {
		return nil
	}
	return r.photos
}

// MergeReasons say, one sentence each, why records were merged into this
// subject.
func (r *Records) MergeReasons() []string {
	if r == nil {
		return nil
	}
	return r.mergeReasons
}

// records returns subject si's Records for writing, allocating them on
// the first write.
func (g *Graph) records(si int) *Records {
	s := g.Subjects[si]
	if s.Records == nil {
		s.Records = &Records{}
	}
	return s.Records
}
