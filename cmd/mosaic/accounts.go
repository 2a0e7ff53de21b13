package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/mosaic-sec/mosaic"
	"github.com/mosaic-sec/mosaic/migrations"
	"github.com/mosaic-sec/mosaic/opstore"
)

// opstoreSQL is what opstore needs of a store.
type opstoreSQL = migrations.SQL

// openOps opens the database for the account, token and audit commands.
func openOps(ctx context.Context, db string) (*opstore.Store, func(), error) {
	st, ops, err := openServiceStore(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	return ops, func() { st.Close() }, nil
}

// operator names who runs a command, for the audit log.
func operator() string {
	if u := os.Getenv("USER"); u != "" {
		return "cli:" + u
	}
	return "cli"
}

func (a *app) tokensCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "tokens", Short: "Create, list and revoke API tokens for mosaic serve"}
	var db, role, name string
	create := &cobra.Command{
		Use:   "create",
		Short: "Create an API token and print it once",
		Long: `Create prints a new token once; only its hash is kept. Roles: ingest (a system that
posts records), viewer, analyst, admin.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ops, done, err := openOps(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer done()
			tok, err := ops.CreateToken(cmd.Context(), name, role, operator())
			if err != nil {
				return err
			}
			if err := ops.Audit(cmd.Context(), opstore.AuditEntry{Actor: operator(), Role: "operator", Action: "token_create", Target: name, Detail: "role " + role}); err != nil {
				return err
			}
			fmt.Fprintf(a.stderr, "Created a %s token %q. It is shown once; keep it secret:\n", role, name)
			fmt.Fprintln(a.stdout, tok)
			return nil
		},
	}
	create.Flags().StringVar(&db, "db", "mosaic.db", "database: a SQLite file, or a postgres:// URL")
	create.Flags().StringVar(&role, "role", "", "ingest, viewer, analyst or admin")
	create.Flags().StringVar(&name, "name", "", "what uses the token (e.g. ats, siem)")
	_ = create.MarkFlagRequired("role")
	_ = create.MarkFlagRequired("name")

	var listDB string
	list := &cobra.Command{
		Use: "list", Short: "List tokens (never the secrets)", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ops, done, err := openOps(cmd.Context(), listDB)
			if err != nil {
				return err
			}
			defer done()
			toks, err := ops.Tokens(cmd.Context())
			if err != nil {
				return err
			}
			for _, t := range toks {
				state := "active"
				if t.Revoked {
					state = "revoked"
				}
				fmt.Fprintf(a.stdout, "%-20s %-8s %-8s created %s by %s\n", t.Name, t.Role, state, t.CreatedAt.Format(time.RFC3339), t.CreatedBy)
			}
			return nil
		},
	}
	list.Flags().StringVar(&listDB, "db", "mosaic.db", "database")

	var revDB string
	revoke := &cobra.Command{
		Use: "revoke NAME", Short: "Revoke every token of that name", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ops, done, err := openOps(cmd.Context(), revDB)
			if err != nil {
				return err
			}
			defer done()
			n, err := ops.RevokeToken(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if n == 0 {
				return mosaic.Errorf(mosaic.ENOTFOUND, "no active token named %q", args[0])
			}
			if err := ops.Audit(cmd.Context(), opstore.AuditEntry{Actor: operator(), Role: "operator", Action: "token_revoke", Target: args[0]}); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "revoked %d token(s) named %q\n", n, args[0])
			return nil
		},
	}
	revoke.Flags().StringVar(&revDB, "db", "mosaic.db", "database")
	cmd.AddCommand(create, list, revoke)
	return cmd
}

func (a *app) usersCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "users", Short: "Manage the workbench's local accounts"}
	var db, role, passwordFile string
	add := &cobra.Command{
		Use:   "add NAME",
		Short: "Create or update an account (asks for a password)",
		Long: `add creates a local account, or replaces its role and password. The password is asked
for on the terminal, or read from the first line of --password-file (or standard input
when it is not a terminal). Passwords are hashed with argon2id. Roles: viewer, analyst, admin.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pw, err := a.readPassword(passwordFile)
			if err != nil {
				return err
			}
			ops, done, err := openOps(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer done()
			if err := ops.AddUser(cmd.Context(), args[0], role, pw); err != nil {
				return err
			}
			if err := ops.Audit(cmd.Context(), opstore.AuditEntry{Actor: operator(), Role: "operator", Action: "user_add", Target: args[0], Detail: "role " + role}); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "account %s (%s) saved\n", args[0], role)
			return nil
		},
	}
	add.Flags().StringVar(&db, "db", "mosaic.db", "database: a SQLite file, or a postgres:// URL")
	add.Flags().StringVar(&role, "role", "", "viewer, analyst or admin")
	add.Flags().StringVar(&passwordFile, "password-file", "", "read the password from this file's first line")
	_ = add.MarkFlagRequired("role")

	var listDB string
	list := &cobra.Command{
		Use: "list", Short: "List accounts", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ops, done, err := openOps(cmd.Context(), listDB)
			if err != nil {
				return err
			}
			defer done()
			users, err := ops.Users(cmd.Context())
			if err != nil {
				return err
			}
			for _, u := range users {
				fmt.Fprintf(a.stdout, "%-20s %-8s created %s\n", u.Name, u.Role, u.CreatedAt.Format(time.RFC3339))
			}
			return nil
		},
	}
	list.Flags().StringVar(&listDB, "db", "mosaic.db", "database")
	cmd.AddCommand(add, list)
	return cmd
}

// readPassword reads a password from a file, the terminal (asked twice) or
// standard input.
func (a *app) readPassword(file string) (string, error) {
	if file != "" {
		fh, err := os.Open(file)
		if err != nil {
			return "", mosaic.WrapError(mosaic.EINVALID, err, "cannot read the password file %s", file)
		}
		defer fh.Close()
		line, _ := bufio.NewReader(fh).ReadString('\n')
		return strings.TrimRight(line, "\r\n"), nil
	}
	if term.IsTerminal(int(os.Stdin.Fd())) {
		fmt.Fprint(a.stderr, "Password: ")
		p1, err := term.ReadPassword(int(os.Stdin.Fd()))
		fmt.Fprintln(a.stderr)
		if err != nil {
			return "", mosaic.WrapError(mosaic.EINVALID, err, "cannot read the password")
		}
		fmt.Fprint(a.stderr, "Again: ")
		p2, err := term.ReadPassword(int(os.Stdin.Fd()))
		fmt.Fprintln(a.stderr)
		if err != nil || string(p1) != string(p2) {
			return "", mosaic.Errorf(mosaic.EINVALID, "the two passwords differ")
		}
		return string(p1), nil
	}
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", mosaic.WrapError(mosaic.EINVALID, err, "cannot read the password from standard input")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func (a *app) auditCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "audit", Short: "Verify and export the audit log"}
	var db string
	verify := &cobra.Command{
		Use: "verify", Short: "Check the audit log's hash chain: exit 0 when intact, 2 when it was tampered with", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ops, done, err := openOps(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer done()
			n, err := ops.VerifyAudit(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "audit log intact: %d entries, each chained to the one before\n", n)
			return nil
		},
	}
	verify.Flags().StringVar(&db, "db", "mosaic.db", "database")
	var exDB, format string
	export := &cobra.Command{
		Use: "export", Short: "Write the audit log as JSON lines or CSV", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ops, done, err := openOps(cmd.Context(), exDB)
			if err != nil {
				return err
			}
			defer done()
			entries, err := ops.AuditLog(cmd.Context(), time.Time{}, 0)
			if err != nil {
				return err
			}
			switch format {
			case "json":
				enc := json.NewEncoder(a.stdout)
				for _, e := range entries {
					if err := enc.Encode(e); err != nil {
						return err
					}
				}
			case "csv":
				w := csv.NewWriter(a.stdout)
				_ = w.Write([]string{"seq", "at", "actor", "role", "action", "target", "detail", "remote", "prev_hash", "hash"})
				for _, e := range entries {
					_ = w.Write([]string{fmt.Sprint(e.Seq), e.At.Format(time.RFC3339Nano), e.Actor, e.Role, e.Action, e.Target, e.Detail, e.Remote, e.PrevHash, e.Hash})
				}
				w.Flush()
				return w.Error()
			default:
				return mosaic.Errorf(mosaic.EINVALID, "--format must be json or csv")
			}
			return nil
		},
	}
	export.Flags().StringVar(&exDB, "db", "mosaic.db", "database")
	export.Flags().StringVar(&format, "format", "json", "json (one entry a line) or csv")
	cmd.AddCommand(verify, export)
	return cmd
}
