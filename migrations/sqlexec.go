package migrations

import (
	"context"
	"strconv"
	"strings"
)

// SQL is the little a store must offer for code that is written once for
// both engines (the service's accounts, audit log, outbox and cursors):
// statements with '?' placeholders, which the PostgreSQL store rebinds to
// $1, $2, ...
type SQL interface {
	Dialect() Dialect
	// Exec runs a statement and returns the number of rows it changed.
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	// Query runs a query and calls row once per result row.
	Query(ctx context.Context, query string, args []any, row func(scan func(dest ...any) error) error) error
	// InTx runs fn in one transaction: committed when fn returns nil,
	// rolled back otherwise. Inside fn, InTx runs fn' in the same one.
	InTx(ctx context.Context, fn func(SQL) error) error
}

// Rebind turns '?' placeholders into the dialect's. Statements given to SQL
// hold no '?' inside string literals.
func Rebind(d Dialect, query string) string {
	if d != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}
