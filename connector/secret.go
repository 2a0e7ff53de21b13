package connector

import (
	"fmt"
	"log/slog"
	"os"
	"strings"
)

// Secret holds a credential. It prints, formats, logs and marshals as
// "[redacted]"; only Reveal gives the value, at the one place it is sent.
type Secret struct{ v string }

// NewSecret wraps a value.
func NewSecret(v string) Secret { return Secret{v: v} }

// Reveal returns the value.
func (s Secret) Reveal() string { return s.v }

// Empty reports whether there is no value.
func (s Secret) Empty() bool { return s.v == "" }

func (Secret) String() string               { return "[redacted]" }
func (Secret) GoString() string             { return "[redacted]" }
func (Secret) LogValue() slog.Value         { return slog.StringValue("[redacted]") }
func (Secret) MarshalText() ([]byte, error) { return []byte("[redacted]"), nil }
func (s Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte("[redacted]")) }
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"[redacted]"`), nil }

// ReadSecret loads a credential from a file (trailing newline trimmed) or,
// when file is "", from the environment variable env. what names the
// credential in errors; the value never appears in them.
func ReadSecret(file, env, what string) (Secret, error) {
	switch {
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return Secret{}, fmt.Errorf("%w: cannot read the %s file: %v", ErrConfig, what, err)
		}
		v := strings.TrimRight(string(b), "\r\n")
		if strings.TrimSpace(v) == "" {
			return Secret{}, fmt.Errorf("%w: the %s file %s is empty", ErrConfig, what, file)
		}
		return Secret{v: v}, nil
	case env != "":
		v, ok := os.LookupEnv(env)
		if !ok || strings.TrimSpace(v) == "" {
			return Secret{}, fmt.Errorf("%w: the environment variable %s (%s) is not set", ErrConfig, env, what)
		}
		return Secret{v: strings.TrimSpace(v)}, nil
	}
	return Secret{}, fmt.Errorf("%w: no %s: give a file or an environment variable", ErrConfig, what)
}
