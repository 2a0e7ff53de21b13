package email

import (
	"strings"
	"sync"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, raw string
		want      Email
		ok        bool
	}{
		{"gmail dots, tag, case", "John.Smith+jobs@GMail.com",
			Email{"johnsmith@gmail.com", "johnsmith", "gmail.com", "gmail.com", false, true}, true},
		{"googlemail becomes gmail", "j.smith@googlemail.com",
			Email{"jsmith@gmail.com", "jsmith", "gmail.com", "gmail.com", false, true}, true},
		{"outlook keeps dots, drops tag", "Yuki.Cho+x@outlook.com",
			Email{"yuki.cho@outlook.com", "yuki.cho", "outlook.com", "outlook.com", false, true}, true},
		{"hotmail uk tag", "a.b+c@hotmail.co.uk",
			Email{"a.b@hotmail.co.uk", "a.b", "hotmail.co.uk", "hotmail.co.uk", false, true}, true},
		{"icloud tag", "roberthall+work@icloud.com",
			Email{"roberthall@icloud.com", "roberthall", "icloud.com", "icloud.com", false, true}, true},
		{"proton tag keeps dots", "ashley.jung389+a@proton.me",
			Email{"ashley.jung389@proton.me", "ashley.jung389", "proton.me", "proton.me", false, true}, true},
		{"fastmail tag", "x+y@fastmail.com",
			Email{"x@fastmail.com", "x", "fastmail.com", "fastmail.com", false, true}, true},
		{"yahoo keeps plus", "jking26+a@yahoo.com",
			Email{"jking26+a@yahoo.com", "jking26+a", "yahoo.com", "yahoo.com", false, true}, true},
		{"company domain keeps dots and plus", "Eunji.Carter11+x@Northwind.Example",
			Email{"eunji.carter11+x@northwind.example", "eunji.carter11+x", "northwind.example", "northwind.example", false, false}, true},
		{"subdomain registered domain", "ops@mail.example.co.uk",
			Email{"ops@mail.example.co.uk", "ops", "mail.example.co.uk", "example.co.uk", false, false}, true},
		{"disposable", "throwaway@mailinator.com",
			Email{"throwaway@mailinator.com", "throwaway", "mailinator.com", "mailinator.com", true, false}, true},
		{"disposable subdomain", "x@eu.guerrillamail.com",
			Email{"x@eu.guerrillamail.com", "x", "eu.guerrillamail.com", "guerrillamail.com", true, false}, true},
		{"display name", "Jane Doe <Jane.Doe@Example.com>",
			Email{"jane.doe@example.com", "jane.doe", "example.com", "example.com", false, false}, true},
		{"mailto with query", "mailto:jane@example.com?subject=hi",
			Email{"jane@example.com", "jane", "example.com", "example.com", false, false}, true},
		{"trailing dot and spaces", "  jane@example.com.  ",
			Email{"jane@example.com", "jane", "example.com", "example.com", false, false}, true},
		{"full-width", "ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ",
			Email{"jane@example.com", "jane", "example.com", "example.com", false, false}, true},
		{"unicode domain to punycode", "josé@Bücher.de",
			Email{"josé@xn--bcher-kva.de", "josé", "xn--bcher-kva.de", "xn--bcher-kva.de", false, false}, true},
		{"punycode domain stays", "a@xn--bcher-kva.de",
			Email{"a@xn--bcher-kva.de", "a", "xn--bcher-kva.de", "xn--bcher-kva.de", false, false}, true},
		{"emoji domain in punycode (UTS 46 allows it, and such domains exist)", "a@💩.example",
			Email{"a@xn--ls8h.example", "a", "xn--ls8h.example", "xn--ls8h.example", false, false}, true},
		{"public suffix as domain", "a@co.uk",
			Email{"a@co.uk", "a", "co.uk", "co.uk", false, false}, true},

		{"empty", "", Email{}, false},
		{"no at", "jane.example.com", Email{}, false},
		{"no local", "@example.com", Email{}, false},
		{"no domain", "jane@", Email{}, false},
		{"single-label domain", "jane@localhost", Email{}, false},
		{"empty label", "jane@example..com", Email{}, false},
		{"space in local", "jane doe@example.com", Email{}, false},
		{"quoted local", `"jane"@example.com`, Email{}, false},
		{"underscore domain", "a@ex_ample.com", Email{}, false},
		{"ip literal", "a@[192.0.2.1]", Email{}, false},
		{"gmail only dots", "...@gmail.com", Email{}, false},
		{"gmail only tag", "+tag@gmail.com", Email{}, false},
		{"unclosed bracket", "Jane <jane@example.com", Email{}, false},
		{"control character", "ja\x00ne@example.com", Email{}, false},
		{"zero-width space", "ja\u200bne@example.com", Email{}, false},
		{"invalid utf-8", "ja\xffne@example.com", Email{}, false},
		{"local too long", strings.Repeat("a", 65) + "@example.com", Email{}, false},
		{"huge", strings.Repeat("a@", 100000), Email{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Normalize(tt.raw)
			if ok != tt.ok || got != tt.want {
				t.Errorf("Normalize(%q) =\n%+v, %v; want\n%+v, %v", tt.raw, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestNormalizeEmojiLocal(t *testing.T) {
	// SMTPUTF8 allows any letter or symbol in the local part; an emoji
	// mailbox is odd but valid and must round-trip.
	e, ok := Normalize("🙂@example.com")
	if !ok || e.Address != "🙂@example.com" {
		t.Fatalf("got %+v, %v", e, ok)
	}
}

func TestNormalizeIdempotent(t *testing.T) {
	for _, raw := range []string{"John.Smith+jobs@GoogleMail.com", "ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ", "josé@Bücher.de", "A.B+c@Hotmail.co.uk"} {
		e, ok := Normalize(raw)
		if !ok {
			t.Fatalf("Normalize(%q) failed", raw)
		}
		again, ok := Normalize(e.Address)
		if !ok || again != e {
			t.Errorf("Normalize(%q) = %+v, then %+v, %v", raw, e, again, ok)
		}
	}
}

func TestNormalizerCustomList(t *testing.T) {
	n := Normalizer{Disposable: NewDisposableList("corp-throwaway.example")}
	e, ok := n.Normalize("a@x.corp-throwaway.example")
	if !ok || !e.Disposable {
		t.Errorf("custom list: got %+v, %v", e, ok)
	}
	e, ok = n.Normalize("a@mailinator.com")
	if !ok || e.Disposable {
		t.Errorf("a custom list replaces the built-in one: got %+v, %v", e, ok)
	}
	n = Normalizer{Disposable: BuiltinDisposable().Union(NewDisposableList("corp-throwaway.example"))}
	for _, raw := range []string{"a@mailinator.com", "a@corp-throwaway.example"} {
		if e, _ := n.Normalize(raw); !e.Disposable {
			t.Errorf("union: %q not disposable", raw)
		}
	}
}

func TestNormalizeConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				if e, ok := Normalize("x@mailinator.com"); !ok || !e.Disposable {
					t.Errorf("got %+v, %v", e, ok)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func BenchmarkNormalize(b *testing.B) {
	inputs := []string{"John.Smith+jobs@GMail.com", "yuki.cho@outlook.com", "ops@mail.example.co.uk", "x@mailinator.com"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Normalize(inputs[i%len(inputs)])
	}
}
