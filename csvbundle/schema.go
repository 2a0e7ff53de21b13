package csvbundle

import (
	"time"

	"github.com/mosaic-sec/mosaic"
)

// valueType says how a column's text becomes a record field.
type valueType uint8

const (
	textValue   valueType = iota
	timeValue             // RFC 3339 or YYYY-MM-DD HH:MM:SS
	dateValue             // YYYY-MM-DD
	boolValue             // true/false, yes/no, 1/0
	secretValue           // normalised, then replaced by its keyed hash
)

// Hasher field names, as mosaic.Hasher documents them. The column names of
// the contract are the same words.
const (
	secretSSN     = "ssn"
	secretDOB     = "date_of_birth"
	secretAccount = "account_number"
	secretRouting = "routing_number"
	secretWallet  = "wallet_address"
)

// column is one column of a kind's CSV file and where its value goes in R,
// the record type. Only the setter matching typ is set.
type column[R any] struct {
	name     string // as the contract spells it
	typ      valueType
	required bool
	setText  func(*R, string) // textValue and secretValue (receives the hash)
	setTime  func(*R, time.Time)
	setBool  func(*R, bool)
}

// schema describes the file of one kind.
type schema[R any] struct {
	kind    mosaic.Kind
	columns []column[R]
	// finish completes a record once every column is set.
	finish func(*R, mosaic.Origin)
}

func (s *schema[R]) names() []string {
	names := make([]string, len(s.columns))
	for i, c := range s.columns {
		names[i] = c.name
	}
	return names
}

func text[R any](name string, set func(*R, string)) column[R] {
	return column[R]{name: name, typ: textValue, setText: set}
}

func timestamp[R any](name string, set func(*R, time.Time)) column[R] {
	return column[R]{name: name, typ: timeValue, setTime: set}
}

func date[R any](name string, set func(*R, time.Time)) column[R] {
	return column[R]{name: name, typ: dateValue, setTime: set}
}

func boolean[R any](name string, set func(*R, bool)) column[R] {
	return column[R]{name: name, typ: boolValue, setBool: set}
}

// secret is a sensitive column: its name is also the Hasher field name.
func secret[R any](name string, set func(*R, string)) column[R] {
	return column[R]{name: name, typ: secretValue, setText: set}
}

func (c column[R]) must() column[R] {
	c.required = true
	return c
}
