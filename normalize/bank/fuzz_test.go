package bank

import "testing"

// FuzzBank checks that no input panics, that NormalizeAccount is
// idempotent, and that a valid IBAN stays valid once normalised.
func FuzzBank(f *testing.F) {
	for _, s := range []string{"011000015", "GB82 WEST 1234 5698 7654 32", "0012-3456 78", "\xff", "１２３"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_ = ValidABA(s)
		n := NormalizeAccount(s)
		if NormalizeAccount(n) != n {
			t.Fatalf("NormalizeAccount not idempotent on %q", s)
		}
		if ValidIBAN(s) && !ValidIBAN(n) {
			t.Fatalf("valid IBAN %q invalid once normalised (%q)", s, n)
		}
	})
}
