package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/spf13/cobra"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/bundle"
	"github.com/mosaic-sec/mosaic/privacy"
	"github.com/mosaic-sec/mosaic/secret"
)

func (a *app) keyCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "key",
		Short: "Look after the key that hashes SSNs, birth dates and bank and wallet numbers",
	}
	var db, oldPath, newPath, from, mapping, by string
	var eraseUnmatched, dryRun bool
	var rf ruleFlags
	rotate := &cobra.Command{
		Use:   "rotate",
		Short: "Re-hash every stored sensitive value with a new key, from the company's latest exports",
		Long: `Keyed hashes are one-way, so a new key needs the plain values again. rotate reads
the employees and payroll exports of the bundle --from with the new key, and
rewrites every stored hash whose value it finds there, then records the new
key's fingerprint, all in one transaction: the database never holds hashes of
two keys, and linking works across the rotation.

A stored hash whose value is not in the exports (someone no longer in the HR
export, an old bank account) could never link again. rotate lists such
records and stops, changing nothing; with --erase-unmatched it erases those
people (and lone payroll events), as 'mosaic erase' does, and goes on.

--new names a key file; it is created when missing. Afterwards the database
accepts only the new key: move it into the old one's place (or pass --key),
keep the old one with the backup until the new one is verified, then destroy
both. Stop mosaic serve first. See docs/privacy.md for the whole procedure.`,
		Example: `  mosaic key rotate --db mosaic.db --old mosaic.key --new mosaic.key.new --from exports/2026-05-01`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if newPath == "" || from == "" {
				return mosaic.Errorf(mosaic.EINVALID, "--new and --from are required")
			}
			if oldPath == "" {
				oldPath = defaultKeyPath(db)
			}
			actor, err := who(by)
			if err != nil {
				actor = operator()
			}
			p, err := openPrivacyStore(ctx, db, rf)
			if err != nil {
				return err
			}
			defer p.store.Close()
			return a.rotateKey(ctx, p, oldPath, newPath, from, mapping, actor, eraseUnmatched, dryRun)
		},
	}
	fl := rotate.Flags()
	fl.StringVar(&db, "db", "mosaic.db", "database: a SQLite file, or a postgres:// URL")
	fl.StringVar(&oldPath, "old", "", "the key file the database was written with (default: beside the SQLite file, or ./mosaic.key)")
	fl.StringVar(&newPath, "new", "", "the new key file (created when missing; required)")
	fl.StringVar(&from, "from", "", "bundle folder of the company's latest exports, with employees and payroll (required)")
	fl.StringVar(&mapping, "mapping", "", "YAML file mapping your column names onto mosaic's (as for scan)")
	fl.StringVar(&by, "by", "", "who rotates, for the audit log (default: $USER)")
	fl.BoolVar(&eraseUnmatched, "erase-unmatched", false, "erase the people and payroll events whose hashed values are not in the exports, instead of stopping")
	fl.BoolVar(&dryRun, "dry-run", false, "report what would be rehashed and what is unmatched, and change nothing")
	rf.register(rotate)
	cmd.AddCommand(rotate)
	return cmd
}

func (a *app) rotateKey(ctx context.Context, p *privacyStore, oldPath, newPath, from, mapping, actor string, eraseUnmatched, dryRun bool) error {
	ks, ok := p.store.(secret.KeyStore)
	if !ok {
		return mosaic.Errorf(mosaic.EINTERNAL, "the store keeps no key fingerprint")
	}
	// The old key must be the database's: secret.Open refuses a foreign
	// or missing one and never writes a key (newKey false).
	oldHasher, _, err := secret.Open(ctx, oldPath, ks, redactDB(p.db), false)
	if err != nil {
		return err
	}
	newKey, err := secret.LoadKey(newPath)
	created := false
	if errors.Is(err, fs.ErrNotExist) && !dryRun {
		newKey, created, err = secret.CreateKey(newPath)
	} else if errors.Is(err, fs.ErrNotExist) {
		newKey, err = make([]byte, secret.KeySize), nil // a dry run writes no key
	}
	if err != nil {
		return err
	}
	newHasher, err := secret.NewHasher(newKey)
	if err != nil {
		return err
	}
	if newHasher.Fingerprint() == oldHasher.Fingerprint() {
		return mosaic.Errorf(mosaic.EINVALID, "--new %s holds the same key as --old %s", newPath, oldPath)
	}
	if created {
		a.log.Info("created the new hashing key", "path", newPath)
	}

	tr := privacy.NewTranslator(oldHasher, newHasher)
	if err := readSensitive(ctx, tr, from, mapping, a); err != nil {
		return err
	}
	plan, err := privacy.PlanRotation(ctx, p.sql, tr)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "the exports hold %d sensitive values; rehashing %d employees and %d payroll events\n", tr.Len(), plan.Rows["employees"], plan.Rows["payroll"])
	if len(plan.Unmatched) > 0 {
		fmt.Fprintf(a.stdout, "%d stored hashes have no value in the exports:\n", len(plan.Unmatched))
		for _, u := range plan.Unmatched {
			fmt.Fprintf(a.stdout, "  %s\n", u)
		}
		if dryRun {
			return nil
		}
		if !eraseUnmatched {
			return mosaic.Errorf(mosaic.ECONFLICT, "%d stored hashes have no value in the exports of %s; nothing was changed: export them too, or pass --erase-unmatched to erase those records", len(plan.Unmatched), from)
		}
		rep, err := p.analyze(ctx, a)
		if err != nil {
			return err
		}
		had, err := p.hasResults(ctx)
		if err != nil {
			return err
		}
		people, events, err := privacy.EraseUnmatched(ctx, p.sql, rep.Subjects, plan, privacy.EraseOptions{Actor: actor, Role: "operator"})
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "erased %d people and %d payroll events no longer in the exports\n", len(people), events)
		if err := p.refreshResults(ctx, a, had); err != nil {
			return err
		}
		if plan, err = privacy.PlanRotation(ctx, p.sql, tr); err != nil {
			return err
		}
	}
	if dryRun {
		return nil
	}
	if err := privacy.Rotate(ctx, p.sql, plan, privacy.RotateOptions{Actor: actor,
		OldFingerprint: oldHasher.Fingerprint(), NewFingerprint: newHasher.Fingerprint()}); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "rotated: the database now takes only the key in %s (fingerprint %s)\n", newPath, newHasher.Fingerprint())
	fmt.Fprintf(a.stdout, "next: move %s into the place of %s (or pass --key %s), verify with a report, then destroy the old key and its backups\n", newPath, oldPath, newPath)
	return nil
}

// readSensitive reads the bundle's employees and payroll exports through
// the translator, which is all that holds sensitive values; the records
// themselves are dropped (the rotation changes hashes, nothing else).
func readSensitive(ctx context.Context, tr *privacy.Translator, dir, mappingPath string, a *app) error {
	m, err := loadMapping(mappingPath)
	if err != nil {
		return err
	}
	xs, layout := extractors(tr, m, a.log)
	listing, err := bundle.Walk(dir, layout)
	if err != nil {
		return err
	}
	byKind := map[mosaic.Kind]mosaic.Extractor{}
	for _, x := range xs {
		for _, k := range x.Kinds() {
			byKind[k] = x
		}
	}
	read := 0
	for _, f := range listing.Files {
		if f.Kind != mosaic.KindEmployees && f.Kind != mosaic.KindPayroll {
			continue
		}
		x, ok := byKind[f.Kind]
		if !ok {
			continue
		}
		if err := x.Extract(ctx, f, discard{}); err != nil {
			return err
		}
		read++
	}
	if read == 0 {
		return mosaic.Errorf(mosaic.EINVALID, "%s holds no employees or payroll export: the rotation needs them to hash the values again", dir)
	}
	return nil
}

// discard is an Emitter that keeps nothing.
type discard struct{}

func (discard) Accept(mosaic.Record) error       { return nil }
func (discard) AcceptMany([]mosaic.Record) error { return nil }
func (discard) Reject(mosaic.Reject) error       { return nil }
