package email

import "testing"

// FuzzNormalize checks that no input panics and that a canonical address
// normalises to itself.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"John.Smith+jobs@GMail.com", "Jane <jane@example.com>", "mailto:a@b.co?x", "josé@Bücher.de", "ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ", "@", "a@b", "\xff@x.com", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		e, ok := Normalize(raw)
		if !ok {
			return
		}
		again, ok := Normalize(e.Address)
		if !ok || again != e {
			t.Fatalf("Normalize(%q) = %+v, then Normalize(%q) = %+v, %v", raw, e, e.Address, again, ok)
		}
	})
}
