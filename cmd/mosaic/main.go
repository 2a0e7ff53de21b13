// Command mosaic finds fraudulent remote workers by pooling the small
// signals that recruiting, HR, IT, security and payroll each see alone.
//
// This package only wires the adapters together; the logic lives in the
// packages it imports.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	_ "time/tzdata" // declared time zones resolve on machines without a zoneinfo database

	"github.com/mosaic-sec/mosaic"
	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// errFailOn is returned when --fail-on finds a subject at or above the level.
var errFailOn = errors.New("a subject reached the --fail-on level")

// run executes the command line and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := &app{stdout: stdout, stderr: stderr}
	root := app.rootCommand()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errFailOn):
		return 1
	}
	var me *mosaic.Error
	if !errors.As(err, &me) {
		// cobra's own errors (unknown flag, bad argument count) are usage errors.
		if app.log != nil {
			app.log.Debug("command failed", "error", err)
		}
		fmt.Fprintf(stderr, "mosaic: %v\nRun 'mosaic --help' for usage.\n", err)
		return 2
	}
	fmt.Fprintf(stderr, "mosaic: %s\n", mosaic.ErrorMessage(err))
	if app.log != nil && me.Err != nil {
		app.log.Debug("error details", "error", me.Err)
	}
	return mosaic.ExitCode(err)
}

// app holds what every command shares.
type app struct {
	stdout, stderr io.Writer
	log            *slog.Logger
	logLevel       string
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "mosaic",
		Short: "Find fraudulent remote workers by pooling hiring, HR, IT, security and payroll signals",
		Long: `mosaic reads the exports a company already has (ATS applications, HR roster,
laptop shipments, payroll changes, notes, Okta sign-ins, osquery logs), links the
records that belong to one person, runs detections and ranks people by an
explainable risk score.

Start with 'mosaic demo', then 'mosaic scan DIR' on your own exports.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			var level slog.Level
			if err := level.UnmarshalText([]byte(a.logLevel)); err != nil {
				return mosaic.Errorf(mosaic.EINVALID, "--log-level must be debug, info, warn or error, not %q", a.logLevel)
			}
			a.log = slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: level}))
			return nil
		},
	}
	root.PersistentFlags().StringVar(&a.logLevel, "log-level", "warn", "log level: debug, info, warn or error (logs go to stderr)")
	root.AddCommand(a.scanCommand(), a.demoCommand(), a.simulateCommand(), a.evalCommand(), a.rulesCommand(), a.benchCommand(), a.feedbackCommand(), a.versionCommand())
	return root
}
