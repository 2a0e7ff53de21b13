package migrations

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
)

// QueryFunc runs a read-only query and calls row once per result row with
// a function that scans that row. The stores adapt database/sql and pgx to
// it, so counting and digesting are written once.
type QueryFunc func(ctx context.Context, query string, row func(scan func(dest ...any) error) error) error

// Counts returns the number of rows of every table in AllTables.
func Counts(ctx context.Context, query QueryFunc) (map[string]int64, error) {
	counts := make(map[string]int64, len(AllTables))
	for _, t := range AllTables {
		var n int64
		err := query(ctx, "SELECT COUNT(*) FROM "+t.Name, func(scan func(...any) error) error {
			return scan(&n)
		})
		if err != nil {
			return nil, fmt.Errorf("counting %s: %w", t.Name, err)
		}
		counts[t.Name] = n
	}
	return counts, nil
}

// Digest returns a SHA-256 (hex) over every row of every table, tables in
// AllTables order (journal tables left out) and rows in key order. Each value is typed and
// length-prefixed, so no two different contents share an encoding. Equal
// content gives an equal digest whatever the engine: the pipeline compares
// digests to prove that re-scanning the same bundle changed nothing.
func Digest(ctx context.Context, d Dialect, query QueryFunc) (string, error) {
	h := sha256.New()
	var buf []byte
	for _, t := range AllTables {
		if t.Journal {
			continue
		}
		buf = appendText(buf[:0], t.Name)
		h.Write(buf)

		dest := scanTargets(t)
		var rows uint64
		err := query(ctx, t.SelectSQL(d), func(scan func(...any) error) error {
			if err := scan(dest...); err != nil {
				return err
			}
			rows++
			buf = buf[:0]
			for i, c := range t.Columns {
				switch c.Type {
				case Text:
					buf = appendText(buf, *dest[i].(*string))
				case Integer:
					buf = binary.BigEndian.AppendUint64(append(buf, 'i'), uint64(*dest[i].(*int64)))
				case Real:
					buf = binary.BigEndian.AppendUint64(append(buf, 'f'), math.Float64bits(*dest[i].(*float64)))
				}
			}
			h.Write(buf)
			return nil
		})
		if err != nil {
			return "", fmt.Errorf("digesting %s: %w", t.Name, err)
		}
		buf = binary.BigEndian.AppendUint64(append(buf[:0], 'n'), rows)
		h.Write(buf)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// scanTargets returns one scan destination per column, typed by column:
// scanning into typed targets keeps the digest independent of how a driver
// chooses to represent values.
func scanTargets(t *Table) []any {
	dest := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		switch c.Type {
		case Text:
			dest[i] = new(string)
		case Integer:
			dest[i] = new(int64)
		case Real:
			dest[i] = new(float64)
		}
	}
	return dest
}

// appendText appends a tagged, length-prefixed string.
func appendText(buf []byte, s string) []byte {
	buf = binary.AppendUvarint(append(buf, 's'), uint64(len(s)))
	return append(buf, s...)
}
