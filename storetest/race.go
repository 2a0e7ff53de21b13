//go:build race

package storetest

// raceEnabled scales the large batches down under the race detector, which
// slows the pure-Go SQLite by two orders of magnitude.
const raceEnabled = true
