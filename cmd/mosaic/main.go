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
	"io/fs"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	_ "time/tzdata" // declared time zones resolve on machines without a zoneinfo database

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mosaic-sec/mosaic"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit())
	}
	ctx, stop := notifyContext(context.Background())
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// signalCause is why the context of a command was cancelled: a signal.
type signalCause struct{ sig os.Signal }

func (c signalCause) Error() string { return "received " + c.sig.String() }

// exitCode is the shell's convention for a process ended by the signal:
// 128 + its number (130 for Ctrl-C, 143 for SIGTERM).
func (c signalCause) exitCode() int {
	if s, ok := c.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 130
}

// notifyContext returns a context cancelled, with a signalCause saying
// which, by the first SIGINT or SIGTERM (signal.NotifyContext does not say
// which signal arrived). After the first, the signals get their default
// action again, so a second Ctrl-C ends a command that is slow to stop.
func notifyContext(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			signal.Stop(sigs)
			cancel(signalCause{sig})
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel(nil)
	}
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
	root.SetFlagErrorFunc(flagError)
	err := root.ExecuteContext(ctx)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errFailOn):
		return 1
	}
	// A command stopped by a signal fails with whatever it was doing when
	// its context was cancelled (a store write, a file read, cobra's
	// own error); that is not a usage error, and says nothing useful.
	var sc signalCause
	if errors.As(context.Cause(ctx), &sc) {
		what := "interrupted"
		if sc.sig == syscall.SIGTERM {
			what = "terminated"
		}
		fmt.Fprintf(stderr, "mosaic: %s (%s); stopped before finishing\n", what, sc.sig)
		if app.log != nil {
			app.log.Debug("command stopped", "error", err)
		}
		return sc.exitCode()
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "mosaic: interrupted")
		return 130
	}
	var me *mosaic.Error
	if !errors.As(err, &me) {
		// cobra's own errors (unknown flag, bad argument count) are usage errors.
		if app.log != nil {
			app.log.Debug("command failed", "error", err)
		}
		fmt.Fprintf(stderr, "mosaic: %s\nRun 'mosaic --help' for usage.\n", reason(err))
		return 2
	}
	fmt.Fprintf(stderr, "mosaic: %s\n", humanError(err))
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
	root.AddCommand(a.scanCommand(), a.demoCommand(), a.simulateCommand(), a.evalCommand(), a.rulesCommand(), a.benchCommand(), a.feedbackCommand(), a.versionCommand(), a.serveCommand(), a.tokensCommand(), a.usersCommand(), a.auditCommand(), a.reportCommand(), a.listsCommand(), a.loadtestCommand())
	root.AddCommand(a.dbCommand())
	root.AddCommand(a.eraseCommand(), a.holdCommand(), a.retentionCommand(), a.keyCommand())
	return root
}

// humanError is the line a person reads for a mosaic error: its message
// and, where it helps, the underlying reason in plain words ("cannot
// connect to PostgreSQL at db:5432: connection refused"), never a Go error
// such as strconv.ParseInt's.
func humanError(err error) string {
	var me *mosaic.Error
	if !errors.As(err, &me) {
		return reason(err)
	}
	msg := me.Message
	if me.Err == nil {
		return msg
	}
	r := reason(me.Err)
	if r == "" || strings.Contains(msg, r) {
		return msg
	}
	return msg + ": " + r
}

// reason says in a few words why an operation failed, from the innermost
// cause that people understand: the operating system's reason (no such
// file or directory, permission denied, connection refused), the database
// server's message, an unknown host, a timeout.
func reason(err error) string {
	var me *mosaic.Error
	var pg *pgconn.PgError
	var dns *net.DNSError
	var errno syscall.Errno
	var num *strconv.NumError
	var pe *fs.PathError
	switch {
	case errors.As(err, &me):
		return humanError(me)
	case errors.As(err, &pg):
		return pg.Message
	case errors.As(err, &dns):
		if dns.IsNotFound {
			return "no such host " + dns.Name
		}
		return "cannot look up " + dns.Name + ": " + dns.Err
	case errors.As(err, &errno):
		return errno.Error()
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded):
		return "timed out"
	case errors.As(err, &num):
		if errors.Is(num.Err, strconv.ErrRange) {
			return strconv.Quote(num.Num) + " is out of range"
		}
		return strconv.Quote(num.Num) + " is not a number"
	case errors.As(err, &pe):
		return pe.Err.Error()
	}
	// SQLite's driver ends its messages with the numeric result code.
	msg := err.Error()
	if i := strings.LastIndex(msg, " ("); i > 0 && strings.HasSuffix(msg, ")") {
		if _, convErr := strconv.Atoi(msg[i+2 : len(msg)-1]); convErr == nil {
			msg = msg[:i]
		}
	}
	return msg
}

// flagError turns a flag that does not parse into a message that names the
// flag and says what it takes, instead of strconv's words.
func flagError(cmd *cobra.Command, err error) error {
	var iv *pflag.InvalidValueError
	if !errors.As(err, &iv) {
		return mosaic.Errorf(mosaic.EINVALID, "%s (see mosaic %s --help)", err, cmd.Name())
	}
	f := iv.GetFlag()
	want := "a valid value"
	switch f.Value.Type() {
	case "int", "int64", "int32", "uint", "uint64":
		want = "a whole number"
	case "float64", "float32":
		want = "a number, such as 40 or 62.5"
	case "bool":
		want = "true or false"
	case "duration":
		want = "a duration, such as 30s or 5m"
	}
	var num *strconv.NumError
	if errors.As(err, &num) && errors.Is(num.Err, strconv.ErrRange) {
		return mosaic.Errorf(mosaic.EINVALID, "--%s %q is out of range: it takes %s", f.Name, iv.GetValue(), want)
	}
	return mosaic.Errorf(mosaic.EINVALID, "--%s takes %s, not %q", f.Name, want, iv.GetValue())
}
