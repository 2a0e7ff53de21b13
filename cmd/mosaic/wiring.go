package main

import (
	"context"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/bundle"
	"github.com/mosaic-sec/mosaic/crowdstrike"
	"github.com/mosaic-sec/mosaic/csvbundle"
	"github.com/mosaic-sec/mosaic/defender"
	"github.com/mosaic-sec/mosaic/ecs"
	"github.com/mosaic-sec/mosaic/entra"
	"github.com/mosaic-sec/mosaic/gworkspace"
	"github.com/mosaic-sec/mosaic/ipinfo"
	"github.com/mosaic-sec/mosaic/jamf"
	"github.com/mosaic-sec/mosaic/kandji"
	"github.com/mosaic-sec/mosaic/okta"
	"github.com/mosaic-sec/mosaic/osquery"
	"github.com/mosaic-sec/mosaic/photohash"
	"github.com/mosaic-sec/mosaic/postgres"
	"github.com/mosaic-sec/mosaic/secret"
	"github.com/mosaic-sec/mosaic/sqlite"
)

// isPostgres reports whether a --db value names a PostgreSQL server.
func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// openStore opens the store a --db value names: a PostgreSQL URL, or a
// SQLite file path (the embedded default).
func openStore(ctx context.Context, db string) (mosaic.Store, error) {
	if isPostgres(db) {
		return postgres.Open(ctx, db)
	}
	return sqlite.Open(ctx, db)
}

// ensureDBFolder creates the folder of a new SQLite database, as the key
// beside it would be: `--db work/new/mosaic.db` is a place to start, not an
// error. It runs only once the bundle was found usable, so a refused scan
// still creates nothing.
func ensureDBFolder(db string) error {
	if db == "" || isPostgres(db) || db == sqlite.Memory {
		return nil
	}
	dir := filepath.Dir(db)
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return mosaic.WrapError(mosaic.EINVALID, err, "cannot create the database folder %s", dir)
	}
	return nil
}

// defaultKeyPath keeps the hashing key beside a SQLite file (never inside
// it), or in the working folder for a server database.
func defaultKeyPath(db string) string {
	if db == "" || isPostgres(db) {
		return "mosaic.key"
	}
	return strings.TrimSuffix(db, filepath.Ext(db)) + ".key"
}

// openKeyedHasher loads the hashing key for a database, creating it only
// when the database holds nothing a lost key could have hashed, and checks
// it against the key fingerprint the database keeps (secret.Open). The key
// itself is never logged.
func openKeyedHasher(ctx context.Context, path string, store mosaic.Store, db string, newKey bool, log *slog.Logger) (*secret.Hasher, error) {
	ks, ok := store.(secret.KeyStore)
	if !ok {
		return nil, mosaic.Errorf(mosaic.EINTERNAL, "the store keeps no key fingerprint")
	}
	h, opened, err := secret.Open(ctx, path, ks, redactDB(db), newKey)
	if err != nil {
		return nil, err
	}
	if opened.Created {
		log.Info("created a new hashing key; keep it with the database, apart from it", "path", path)
	}
	if opened.Replaced {
		log.Warn("--new-key: the database now records this key; hashes stored with the earlier key no longer link", "path", path)
	}
	return h, nil
}

// redactDB names a --db value in messages: a PostgreSQL URL without its
// password.
func redactDB(db string) string {
	if !isPostgres(db) {
		return db
	}
	u, err := url.Parse(db)
	if err != nil {
		return "the PostgreSQL database"
	}
	return u.Redacted()
}

// openHasher loads or creates a hashing key that no database depends on
// (a scan kept in memory, a throwaway evaluation). The key is never logged.
func openHasher(path string, log *slog.Logger) (*secret.Hasher, error) {
	key, created, err := secret.LoadOrCreateKey(path)
	if err != nil {
		return nil, err
	}
	if created {
		log.Info("created a new hashing key; keep it with the database, apart from it", "path", path)
	}
	return secret.NewHasher(key)
}

// extractors returns the readers of every source format, and the bundle
// layout the column mapping implies.
func extractors(h mosaic.Hasher, mapping *csvbundle.Mapping, log *slog.Logger) ([]mosaic.Extractor, bundle.Layout) {
	layout := bundle.DefaultLayout()
	layout.Mapped = map[mosaic.Kind]string{}
	for k := range layout.CSV {
		layout.CSV[k] = mapping.FileName(k)
		if name := mapping.MappedFile(k); name != "" {
			layout.Mapped[k] = name
		}
	}
	photos := photohash.NewDecoder(photohash.DefaultPixelBudget)
	xs := []mosaic.Extractor{
		csvbundle.New(h, mapping, log),
		okta.New(log),
		entra.New(log),
		gworkspace.New(log),
		ecs.New(log),
		osquery.New(log),
		defender.New(log),
		jamf.New(log),
		crowdstrike.New(log),
		kandji.New(log),
		// One decoder for every photo worker: the pixels decoded at once
		// are bounded for the process, not per core.
		bundle.Attachments{Fingerprint: func(path string) (any, error) { return photos.FromFile(context.Background(), path) }},
	}
	// Every kind a reader reads is looked for in the folder of its name,
	// and so never reported as unread.
	for _, x := range xs {
		layout.ReadKinds(x.Kinds()...)
	}
	return xs, layout
}

func loadMapping(path string) (*csvbundle.Mapping, error) {
	if path == "" {
		return csvbundle.DefaultMapping(), nil
	}
	return csvbundle.LoadMapping(path)
}

// loadIP loads the built-in IP data and layers the operator's lists over it
// (KIND=FILE, kind corporate, vpn, hosting or tor).
func loadIP(lists []string) (func(string) ipinfo.Info, error) {
	db, err := ipinfo.Builtin()
	if err != nil {
		return nil, err
	}
	var extra []ipinfo.List
	for _, spec := range lists {
		kind, path, ok := strings.Cut(spec, "=")
		if !ok {
			return nil, mosaic.Errorf(mosaic.EINVALID, "--ip-list %q: write KIND=FILE, e.g. corporate=egress.txt", spec)
		}
		l, err := ipinfo.LoadList(path, kind)
		if err != nil {
			return nil, err
		}
		extra = append(extra, l)
	}
	if len(extra) > 0 {
		db = db.WithLists(extra...)
	}
	return db.LookupString, nil
}
