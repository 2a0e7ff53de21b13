package email

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

func TestDisposableListContains(t *testing.T) {
	l := NewDisposableList("Mailinator.com", "*.wildcard.example", ".dot.example", "not a domain", "", "bücher.example")
	tests := []struct {
		domain string
		want   bool
	}{
		{"mailinator.com", true},
		{"MAILINATOR.COM.", true},
		{"a.b.mailinator.com", true},
		{"notmailinator.com", false},
		{"mailinator.com.evil.example", false},
		{"com", false},
		{"x.wildcard.example", true},
		{"dot.example", true},
		{"xn--bcher-kva.example", true},
		{"", false},
	}
	for _, tt := range tests {
		if got := l.Contains(tt.domain); got != tt.want {
			t.Errorf("Contains(%q) = %v; want %v", tt.domain, got, tt.want)
		}
	}
	if l.Len() != 4 {
		t.Errorf("Len() = %d; want 4 (invalid entries skipped)", l.Len())
	}
	var nilList *DisposableList
	if nilList.Contains("mailinator.com") || nilList.Len() != 0 {
		t.Error("a nil list must be empty")
	}
}

func TestBuiltinDisposable(t *testing.T) {
	l := BuiltinDisposable()
	if l.Len() < 100 {
		t.Errorf("built-in list has %d domains; want about 100 or more", l.Len())
	}
	for _, d := range []string{"mailinator.com", "guerrillamail.com", "10minutemail.com", "temp-mail.org", "yopmail.com", "sharklasers.com"} {
		if !l.Contains(d) {
			t.Errorf("built-in list lacks %s", d)
		}
	}
	for _, d := range []string{"gmail.com", "outlook.com", "proton.me", "yahoo.com"} {
		if l.Contains(d) {
			t.Errorf("built-in list holds the real provider %s", d)
		}
	}
}

func TestReadDisposableList(t *testing.T) {
	in := "# comment\n// another\n\nmailinator.com\r\n  yopmail.com  \nbad domain\n"
	l, err := ReadDisposableList(context.Background(), strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if l.Len() != 2 || !l.Contains("yopmail.com") || !l.Contains("mailinator.com") {
		t.Errorf("got %d domains", l.Len())
	}
}

func TestReadDisposableListHostile(t *testing.T) {
	_, err := ReadDisposableList(context.Background(), strings.NewReader(strings.Repeat("a", 10000)))
	if mosaic.ErrorCode(err) != mosaic.EINVALID {
		t.Errorf("huge line: err = %v; want EINVALID", err)
	}
	l, err := ReadDisposableList(context.Background(), strings.NewReader("\xff\xfe\x00\n\x1b[31m\na b\n"))
	if err != nil || l.Len() != 0 {
		t.Errorf("binary junk: %d domains, err %v; want 0, nil", l.Len(), err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ReadDisposableList(ctx, strings.NewReader("a.com\n")); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

func TestLoadDisposableFile(t *testing.T) {
	ctx := context.Background()
	l, err := LoadDisposableFile(ctx, filepath.Join("testdata", "disposable_domains.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !l.Contains("inbox.throwaway.example") || l.Contains("example.com") {
		t.Errorf("testdata list: unexpected contents (%d domains)", l.Len())
	}
	_, err = LoadDisposableFile(ctx, filepath.Join(t.TempDir(), "missing.txt"))
	if mosaic.ErrorCode(err) != mosaic.ENOTFOUND {
		t.Errorf("missing file: err = %v; want ENOTFOUND", err)
	}
	_, err = LoadDisposableFile(ctx, t.TempDir())
	if mosaic.ErrorCode(err) != mosaic.EINVALID {
		t.Errorf("directory: err = %v; want EINVALID", err)
	}
}

// TestLoadPublicList reads the public disposable-email-domains list when the
// shared real data is present.
func TestLoadPublicList(t *testing.T) {
	path := publicListPath()
	if path == "" {
		t.Skip("public disposable list (shared/realdata/email/disposable_email_blocklist.conf) not present; skipping")
	}
	l, err := LoadDisposableFile(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if l.Len() < 1000 {
		t.Errorf("public list: %d domains; want thousands", l.Len())
	}
	for _, d := range builtinDisposable {
		if !l.Contains(d) {
			t.Errorf("built-in %s is not on the public list", d)
		}
	}
	n := Normalizer{Disposable: l}
	for _, raw := range []string{"someone@0-mail.com", "x@sub.mailinator.com"} {
		if e, ok := n.Normalize(raw); !ok || !e.Disposable {
			t.Errorf("%s: got %+v, %v", raw, e, ok)
		}
	}
	for _, raw := range []string{"someone@gmail.com", "a@northwind.example"} {
		if e, _ := n.Normalize(raw); e.Disposable {
			t.Errorf("%s flagged disposable by the public list", raw)
		}
	}
}

// publicListPath finds the shared real data beside the checkout
// (../../../shared from here) or inside it (../../shared), or returns "".
func publicListPath() string {
	for _, root := range []string{filepath.Join("..", "..", ".."), filepath.Join("..", "..")} {
		p := filepath.Join(root, "shared", "realdata", "email", "disposable_email_blocklist.conf")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

func BenchmarkLoadPublicList(b *testing.B) {
	path := publicListPath()
	if path == "" {
		b.Skip("public disposable list not present")
	}
	for b.Loop() {
		if _, err := LoadDisposableFile(context.Background(), path); err != nil {
			b.Fatal(err)
		}
	}
}
