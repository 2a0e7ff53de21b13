// Package bank checks and normalises bank identifiers: US ABA routing
// numbers, IBANs and account numbers. Callers hash the results (see
// mosaic.Hasher); nothing here logs or returns a value in an error.
package bank

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// maxInput bounds the work done on hostile input: no bank identifier is
// near this long.
const maxInput = 256

// compact folds s with NFKC (full-width digits become ASCII) and keeps only
// ASCII letters, upper-cased, and digits.
func compact(s string) string {
	if len(s) > maxInput {
		s = s[:maxInput]
	}
	s = norm.NFKC.String(strings.ToValidUTF8(s, ""))
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c >= 'A' && c <= 'Z':
			b.WriteByte(c)
		case c >= 'a' && c <= 'z':
			b.WriteByte(c - 'a' + 'A')
		}
	}
	return b.String()
}

// NormalizeAccount returns an account number as letters and digits only,
// upper case: "0012-3456 78" and "001234567 8" are one account. Leading
// zeros are kept: banks treat them as part of the number.
func NormalizeAccount(s string) string {
	return compact(s)
}

// ValidABA reports whether routing is a well-formed US ABA routing number:
// nine digits (spaces and dashes allowed between them), a Federal Reserve
// prefix in use (00-12, 21-32, 61-72, 80) and a correct check digit
// (weights 3, 7, 1).
func ValidABA(routing string) bool {
	var d [9]int
	n := 0
	if len(routing) > maxInput {
		return false
	}
	for _, r := range routing {
		switch {
		case r >= '0' && r <= '9':
			if n == len(d) {
				return false
			}
			d[n] = int(r - '0')
			n++
		case r == ' ' || r == '-':
		default:
			return false
		}
	}
	if n != len(d) {
		return false
	}
	prefix := d[0]*10 + d[1]
	if !(prefix <= 12 || prefix >= 21 && prefix <= 32 || prefix >= 61 && prefix <= 72 || prefix == 80) {
		return false
	}
	if d == [9]int{} {
		return false // passes the checksum, names no bank
	}
	sum := 3*(d[0]+d[3]+d[6]) + 7*(d[1]+d[4]+d[7]) + (d[2] + d[5] + d[8])
	return sum%10 == 0
}
