package bundle

import (
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// TestIdentityProviderFolders: once their readers are registered, entra/,
// google_workspace/ (or gworkspace/) and ecs/ are read as their kinds.
func TestIdentityProviderFolders(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "applications.csv", "application_id\n")
	write(t, dir, "entra/signins.json", `{"value":[]}`)
	write(t, dir, "google_workspace/login.jsonl", "{}\n")
	write(t, dir, "gworkspace/login_2.json", `{"items":[]}`)
	write(t, dir, "ecs/auth.ndjson", "{}\n")
	layout := DefaultLayout()
	layout.ReadKinds(mosaic.KindEntra, mosaic.KindGoogleWorkspace, mosaic.KindECS)
	l, err := Walk(dir, layout)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]mosaic.Kind{}
	for _, f := range l.Files {
		got[f.Path] = f.Kind
	}
	for path, want := range map[string]mosaic.Kind{
		"entra/signins.json":           mosaic.KindEntra,
		"google_workspace/login.jsonl": mosaic.KindGoogleWorkspace,
		"gworkspace/login_2.json":      mosaic.KindGoogleWorkspace,
		"ecs/auth.ndjson":              mosaic.KindECS,
	} {
		if got[path] != want {
			t.Errorf("%s read as %q, want %q", path, got[path], want)
		}
	}
	if len(l.Unread) != 0 {
		t.Errorf("unread: %v", l.Unread)
	}
	if f := layout.readsFrom(mosaic.KindGoogleWorkspace); f != "google_workspace" {
		t.Errorf("Google Workspace is named after %s/", f)
	}
}
