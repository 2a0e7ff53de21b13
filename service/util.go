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

// overBodyLimit reports whether err is net/http's body-limit error (the
// HTTP adapter bounds bodies with http.MaxBytesReader).
func overBodyLimit(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}
