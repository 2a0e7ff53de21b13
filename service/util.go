package service

import (
	"errors"
	"net/http"
	"sort"
)

func sortedStrings(xs []string) []string {
	sort.Strings(xs)
	return xs
}

// errorsAsMaxBytes reports whether err is net/http's body-limit error.
func errorsAsMaxBytes(err error, target *interface{ Error() string }) bool {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		*target = mb
		return true
	}
	return false
}
