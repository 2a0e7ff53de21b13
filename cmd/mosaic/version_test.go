package main

import (
	"bytes"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionCommand(t *testing.T) {
	code, out, stderr := mosaicRun(t, "version")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"mosaic ", "module:   github.com/mosaic-sec/mosaic", "revision: ", "go:       go1."} {
		if !strings.Contains(out, want) {
			t.Errorf("version output lacks %q:\n%s", want, out)
		}
	}
}

func TestVersionShowsBuildInfo(t *testing.T) {
	info := &debug.BuildInfo{
		GoVersion: "go1.26.8",
		Main:      debug.Module{Path: "github.com/mosaic-sec/mosaic", Version: "v0.3.1-0.20261126023907-a828f9e1b2c3+dirty"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "a828f9e1b2c3d4e5f60718293a4b5c6d7e8f9012"},
			{Key: "vcs.time", Value: "2026-11-26T02:39:07Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	var b bytes.Buffer
	writeVersion(&b, "dev", info)
	out := b.String()
	for _, want := range []string{
		"mosaic v0.3.1-0.20261126023907-a828f9e1b2c3+dirty\n",
		"module:   github.com/mosaic-sec/mosaic v0.3.1-0.20261126023907-a828f9e1b2c3+dirty",
		"revision: a828f9e1b2c3d4e5f60718293a4b5c6d7e8f9012 (2026-11-26T02:39:07Z), modified",
		"go:       go1.26.8",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	b.Reset()
	writeVersion(&b, "1.2.0", info)
	if !strings.HasPrefix(b.String(), "mosaic 1.2.0\n") {
		t.Errorf("an -ldflags version should lead: %s", b.String())
	}
}
