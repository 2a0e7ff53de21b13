package postgres

// SetStrategy lets the external benchmarks compare how rows travel.
func SetStrategy(db *DB, rowsPerStatement, copyThreshold int) {
	db.rowsPerStatement = rowsPerStatement
	db.copyThreshold = copyThreshold
}
