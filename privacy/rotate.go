package privacy

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
	"github.com/mosaic-sec/mosaic/opstore"
)

// Keyed hashes are one-way, so a new key cannot be applied to the stored
// hashes: the plain values must be read again. Translator is the Hasher a
// rotation reads the company's latest exports with: it returns the new
// key's hash, as a scan with the new key would, and remembers which old
// hash each plain value had, so every stored hash whose value is in the
// exports can be rewritten, and every other one is known.

// Translator hashes with the new key and remembers old hash -> new hash.
// It implements mosaic.Hasher and is safe for concurrent readers.
type Translator struct {
	old, new mosaic.Hasher
	mu       sync.Mutex
	m        map[string]string
}

// NewTranslator returns a Translator from the old key's hasher to the new.
func NewTranslator(old, new mosaic.Hasher) *Translator {
	return &Translator{old: old, new: new, m: map[string]string{}}
}

// Hash implements mosaic.Hasher: the new key's hash of value.
func (t *Translator) Hash(field, value string) string {
	n := t.new.Hash(field, value)
	if n == "" {
		return ""
	}
	o := t.old.Hash(field, value)
	t.mu.Lock()
	t.m[o] = n
	t.mu.Unlock()
	return n
}

// Len is the number of distinct values seen.
func (t *Translator) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.m)
}

// lookup returns the new hash of an old one.
func (t *Translator) lookup(old string) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n, ok := t.m[old]
	return n, ok
}

// Unmatched is a stored hash whose plain value the exports did not hold:
// the record and the column, never the value.
type Unmatched struct {
	Table    string `json:"table"`
	RecordID string `json:"record_id"`
	Column   string `json:"column"`
	// EmployeeID is whose record it is.
	EmployeeID string `json:"employee_id"`
}

func (u Unmatched) String() string {
	return fmt.Sprintf("%s %s (%s, employee %s)", u.Table, u.RecordID, u.Column, u.EmployeeID)
}

// hashedTable is a record table with keyed-hash columns.
type hashedTable struct {
	name, key, owner string
	cols             []string
}

// hashedTables are every column that holds a keyed hash (see secret and
// the csvbundle reader): employees' SSN and birth date, payroll's routing,
// account and wallet numbers.
var hashedTables = []hashedTable{
	{"employees", "employee_id", "employee_id", []string{"ssn_hash", "dob_hash"}},
	{"payroll", "event_id", "employee_id", []string{"routing_hash", "account_hash", "wallet_hash"}},
}

// rewrite is one row's new hashes.
type rewrite struct {
	table, key string
	vals       []string
}

// RotatePlan is what a rotation would change.
type RotatePlan struct {
	rewrites []rewrite
	// Rows is the number of rows whose hashes change, by table.
	Rows map[string]int `json:"rows"`
	// Unmatched are the stored hashes the exports cannot renew.
	Unmatched []Unmatched `json:"unmatched"`
}

// PlanRotation compares every stored hash with what t saw in the exports.
func PlanRotation(ctx context.Context, db migrations.SQL, t *Translator) (*RotatePlan, error) {
	if f, ok := db.(finisher); ok {
		if err := f.FinishRecords(ctx); err != nil {
			return nil, err
		}
	}
	plan := &RotatePlan{Rows: map[string]int{}}
	for _, ht := range hashedTables {
		q := "SELECT " + ht.key + ", " + ht.owner + ", " + strings.Join(ht.cols, ", ") + " FROM " + ht.name
		err := db.Query(ctx, q, nil, func(scan func(...any) error) error {
			var key, owner string
			vals := make([]string, len(ht.cols))
			dest := []any{&key, &owner}
			for i := range vals {
				dest = append(dest, &vals[i])
			}
			if err := scan(dest...); err != nil {
				return err
			}
			changed := false
			for i, v := range vals {
				if v == "" {
					continue
				}
				n, ok := t.lookup(v)
				if !ok {
					plan.Unmatched = append(plan.Unmatched, Unmatched{Table: ht.name, RecordID: key, Column: ht.cols[i], EmployeeID: owner})
					continue
				}
				vals[i], changed = n, true
			}
			if changed {
				plan.rewrites = append(plan.rewrites, rewrite{table: ht.name, key: key, vals: vals})
				plan.Rows[ht.name]++
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(plan.Unmatched, func(i, j int) bool {
		a, b := plan.Unmatched[i], plan.Unmatched[j]
		if a.Table != b.Table {
			return a.Table < b.Table
		}
		if a.RecordID != b.RecordID {
			return a.RecordID < b.RecordID
		}
		return a.Column < b.Column
	})
	return plan, nil
}

// RotateOptions say who rotates, and the clock.
type RotateOptions struct {
	Actor string
	// OldFingerprint and NewFingerprint identify the keys (secret.Fingerprint).
	OldFingerprint, NewFingerprint string
	Now                            func() time.Time
}

// Rotate rewrites every planned hash with the new key's and records the
// new key's fingerprint, in one transaction, so the database never holds
// hashes of two keys: a failure leaves it wholly on the old key. A plan
// with unmatched hashes is refused (ECONFLICT): they would never link
// again. Erase their owners first (see EraseUnmatched) and plan again.
func Rotate(ctx context.Context, db migrations.SQL, plan *RotatePlan, opts RotateOptions) error {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if len(plan.Unmatched) > 0 {
		return mosaic.Errorf(mosaic.ECONFLICT, "%d stored hashes have no plain value in the exports; nothing was changed", len(plan.Unmatched))
	}
	if opts.NewFingerprint == "" || opts.NewFingerprint == opts.OldFingerprint {
		return mosaic.Errorf(mosaic.EINVALID, "the new key must differ from the old one")
	}
	return db.InTx(ctx, func(tx migrations.SQL) error {
		var stored string
		err := tx.Query(ctx, "SELECT fingerprint FROM key_check WHERE id = 1", nil, func(scan func(...any) error) error { return scan(&stored) })
		if err != nil {
			return err
		}
		if stored != "" && stored != opts.OldFingerprint {
			return mosaic.Errorf(mosaic.ECONFLICT, "the database's key changed while rotating; nothing was changed")
		}
		for _, ht := range hashedTables {
			set := make([]string, len(ht.cols))
			for i, c := range ht.cols {
				set[i] = c + " = ?"
			}
			q := "UPDATE " + ht.name + " SET " + strings.Join(set, ", ") + " WHERE " + ht.key + " = ?"
			for _, r := range plan.rewrites {
				if r.table != ht.name {
					continue
				}
				if _, err := tx.Exec(ctx, q, append(anys(r.vals), r.key)...); err != nil {
					return err
				}
			}
		}
		if err := migrations.SetKeyFingerprint(ctx, tx, opts.NewFingerprint, opts.Now()); err != nil {
			return err
		}
		detail := fmt.Sprintf("key %s replaced by %s; rows rehashed: employees %d, payroll %d",
			opts.OldFingerprint, opts.NewFingerprint, plan.Rows["employees"], plan.Rows["payroll"])
		return opstore.New(tx, opts.Now).Audit(ctx, opstore.AuditEntry{Actor: opts.Actor, Action: "key_rotate", Target: "key_check", Detail: detail})
	})
}

// EraseUnmatched erases, so that a rotation can go ahead, what the exports
// no longer hold: every person with an unmatched employee hash (someone no
// longer in the HR export), and the single payroll events with an
// unmatched hash of people who stay. A person under legal hold stops it
// (ECONFLICT) before anything is erased. subjects are as for Resolve.
func EraseUnmatched(ctx context.Context, db migrations.SQL, subjects []mosaic.Subject, plan *RotatePlan, opts EraseOptions) (people []Erased, events int64, err error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	gone := map[string]bool{}
	var persons []Person
	for _, u := range plan.Unmatched {
		if u.Table != "employees" || gone[u.RecordID] {
			continue
		}
		p, err := Resolve(ctx, db, subjects, u.RecordID)
		if err != nil {
			return nil, 0, err
		}
		held, err := Held(ctx, db, p.SubjectID)
		if err != nil {
			return nil, 0, err
		}
		if held {
			return nil, 0, mosaic.Errorf(mosaic.ECONFLICT, "%s (employee %s) is under a legal hold and its hashes cannot be renewed from the exports: add the person's values to the exports, or release the hold", p.SubjectID, u.RecordID)
		}
		for _, id := range p.EmployeeIDs {
			gone[id] = true
		}
		gone[u.RecordID] = true
		persons = append(persons, p)
	}
	if opts.Reason == "" {
		opts.Reason = "key rotation: values no longer in the exports"
	}
	for _, p := range persons {
		res, err := Erase(ctx, db, p, opts)
		if err != nil {
			return people, events, err
		}
		people = append(people, res)
	}
	var ids []string
	for _, u := range plan.Unmatched {
		if u.Table == "payroll" && !gone[u.EmployeeID] {
			ids = append(ids, u.RecordID)
		}
	}
	ids = uniq(ids)
	if len(ids) == 0 {
		return people, 0, nil
	}
	err = db.InTx(ctx, func(tx migrations.SQL) error {
		for start := 0; start < len(ids); start += 500 {
			chunk := ids[start:min(start+500, len(ids))]
			n, err := tx.Exec(ctx, "DELETE FROM payroll WHERE event_id IN ("+marks(len(chunk))+")", anys(chunk)...)
			if err != nil {
				return err
			}
			events += n
		}
		return opstore.New(tx, opts.Now).Audit(ctx, opstore.AuditEntry{Actor: opts.Actor, Role: opts.Role, Action: "erase_records",
			Target: "payroll", Detail: fmt.Sprintf("reason: %s; deleted payroll %d", opts.Reason, events)})
	})
	return people, events, err
}
