package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print mosaic's version, the source revision it was built from and the Go version",
		Long: `Version prints the module version and the version-control revision stamped
into the binary by the Go toolchain (go build and go install record them; a
binary built from a working tree with uncommitted changes says "modified").
Quote it when you report a problem.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			info, _ := debug.ReadBuildInfo()
			writeVersion(a.stdout, version, info)
			return nil
		},
	}
}

// writeVersion writes what the build info says about this binary: the module
// and its version, the VCS revision and time, whether the tree was modified,
// and the Go version. ldVersion is the -ldflags "-X main.version=..." value,
// shown when it was set. info may be nil (a binary built without module
// support).
func writeVersion(w io.Writer, ldVersion string, info *debug.BuildInfo) {
	module, modVersion := "github.com/mosaic-sec/mosaic", "unknown"
	goVersion := runtime.Version()
	settings := map[string]string{}
	if info != nil {
		if info.Main.Path != "" {
			module = info.Main.Path
		}
		if info.Main.Version != "" {
			modVersion = info.Main.Version
		}
		if info.GoVersion != "" {
			goVersion = info.GoVersion
		}
		for _, s := range info.Settings {
			settings[s.Key] = s.Value
		}
	}
	if modVersion == "(devel)" {
		modVersion = "(devel: built from a source tree, no version tag)"
	}
	v := ldVersion
	if v == "" || v == "dev" {
		v = strings.SplitN(modVersion, " ", 2)[0]
	}
	fmt.Fprintf(w, "mosaic %s\n", v)
	fmt.Fprintf(w, "  module:   %s %s\n", module, modVersion)
	if rev := settings["vcs.revision"]; rev != "" {
		line := rev
		if t := settings["vcs.time"]; t != "" {
			line += " (" + t + ")"
		}
		if settings["vcs.modified"] == "true" {
			line += ", modified"
		}
		fmt.Fprintf(w, "  revision: %s\n", line)
	} else {
		fmt.Fprintf(w, "  revision: unknown (not stamped: built by go test, or with -buildvcs=false, or outside a repository)\n")
	}
	fmt.Fprintf(w, "  go:       %s %s/%s\n", goVersion, runtime.GOOS, runtime.GOARCH)
}
