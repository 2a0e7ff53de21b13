// Package sanctions reads sanctions lists a company downloads (the OFAC SDN
// and Consolidated lists as CSV or XML, the UN Security Council Consolidated
// List as XML), keeps them beside the database, and screens the people in
// a company's records against them.
//
// An identifier on a list (an e-mail address, a website, a digital-currency
// wallet, a phone number, a document number) that a person also gives is
// strong evidence. A name is compared the way screening tools compare names
// (folded, transliterated, token by token with Jaro-Winkler, in any order),
// but a name match counts only together with a second identifier of the
// listed person (date of birth, document, address); a name alone is listed
// for compliance review and never raises anyone. Names of some origins
// resemble listed names far more often than others: scoring a name alone
// would judge people by where their names come from, which mosaic never does.
//
// Nationality is read from the lists (it is part of an entry) and shown to
// a reviewer, never compared.
package sanctions

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// List names.
const (
	ListSDN          = "OFAC SDN"
	ListConsolidated = "OFAC Consolidated (non-SDN)"
	ListUN           = "UN Security Council Consolidated"
)

// Entry is one listed party.
type Entry struct {
	List string `json:"list"`
	ID   string `json:"id"`
	// Type is individual, entity, vessel or aircraft.
	Type string `json:"type"`
	// Names holds the primary name first, then the aliases, as listed.
	Names []string `json:"names"`
	// DOBs are dates of birth as "2006-01-02", "2006-01" or "2006" (the
	// lists often give only a year).
	DOBs      []string   `json:"dobs,omitempty"`
	Countries []string   `json:"countries,omitempty"` // of the listed addresses, as listed
	Addresses []Address  `json:"addresses,omitempty"`
	Documents []Document `json:"documents,omitempty"`
	Emails    []string   `json:"emails,omitempty"`
	Websites  []string   `json:"websites,omitempty"`
	Wallets   []Wallet   `json:"wallets,omitempty"`
	Phones    []string   `json:"phones,omitempty"`
	Programs  []string   `json:"programs,omitempty"`
	// Nationalities are read for a reviewer to see; no comparison uses them.
	Nationalities []string `json:"nationalities,omitempty"`
}

// Address is a listed address.
type Address struct {
	Line    string `json:"line,omitempty"`
	City    string `json:"city,omitempty"`
	Region  string `json:"region,omitempty"`
	Postal  string `json:"postal,omitempty"`
	Country string `json:"country,omitempty"`
}

// Document is an identity document or registration number.
type Document struct {
	Type    string `json:"type"`
	Number  string `json:"number"`
	Country string `json:"country,omitempty"`
}

// Wallet is a listed digital-currency address.
type Wallet struct {
	Currency string `json:"currency"` // XBT, ETH, USDT, ...
	Address  string `json:"address"`
}

// List is one loaded list.
type List struct {
	Name string `json:"name"`
	// Published is the list's own publication date (zero when it carries
	// none, as the legacy CSV files do; then the files' modification time
	// is used and Dated says so).
	Published time.Time `json:"published"`
	Dated     string    `json:"dated"` // "list" or "file"
	Loaded    time.Time `json:"loaded"`
	Files     []string  `json:"files"`
	Entries   []Entry   `json:"entries"`
}

// Lists are the loaded lists, as kept beside the database.
type Lists struct {
	Format string  `json:"format"` // FormatV1
	Lists  []*List `json:"lists"`
}

// FormatV1 is the stored file's format.
const FormatV1 = "mosaic.sanctions/v1"

// Entries returns every entry of every list.
func (ls *Lists) Entries() []Entry {
	var out []Entry
	for _, l := range ls.Lists {
		out = append(out, l.Entries...)
	}
	return out
}

// Merge replaces each list of other by name and keeps the others.
func (ls *Lists) Merge(other *Lists) {
	for _, l := range other.Lists {
		replaced := false
		for i, have := range ls.Lists {
			if have.Name == l.Name {
				ls.Lists[i], replaced = l, true
			}
		}
		if !replaced {
			ls.Lists = append(ls.Lists, l)
		}
	}
	sort.Slice(ls.Lists, func(i, j int) bool { return ls.Lists[i].Name < ls.Lists[j].Name })
}

// StorePath is where the lists of a database are kept: beside a SQLite
// file ("mosaic.db" -> "mosaic.sanctions.json"), or in the working folder
// for a server database, as the hashing key is.
func StorePath(db string) string {
	if db == "" || strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		return "mosaic.sanctions.json"
	}
	return strings.TrimSuffix(db, filepath.Ext(db)) + ".sanctions.json"
}

// Save writes the lists to path atomically (a reader never sees half a
// file: mosaic serve re-reads it when it changes).
func Save(path string, ls *Lists) error {
	ls.Format = FormatV1
	data, err := json.Marshal(ls)
	if err != nil {
		return mosaic.WrapError(mosaic.EINTERNAL, err, "encoding the sanctions lists")
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sanctions-*.json")
	if err != nil {
		return mosaic.WrapError(mosaic.EINVALID, err, "cannot write the sanctions lists beside %s", path)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return mosaic.WrapError(mosaic.EINVALID, err, "cannot write %s", path)
	}
	if err := tmp.Close(); err != nil {
		return mosaic.WrapError(mosaic.EINVALID, err, "cannot write %s", path)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return mosaic.WrapError(mosaic.EINVALID, err, "cannot write %s", path)
	}
	return nil
}

// Load reads lists saved by Save. A missing file is ENOTFOUND.
func Load(path string) (*Lists, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, mosaic.Errorf(mosaic.ENOTFOUND, "no sanctions lists at %s (load them with mosaic lists update --from DIR)", path)
	}
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot read %s", path)
	}
	var ls Lists
	if err := json.Unmarshal(data, &ls); err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "%s is not a sanctions list file", path)
	}
	if ls.Format != FormatV1 {
		return nil, mosaic.Errorf(mosaic.EINVALID, "%s has format %q, want %q", path, ls.Format, FormatV1)
	}
	return &ls, nil
}
