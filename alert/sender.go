package alert

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"
)

// Sender delivers an alert to one destination.
type Sender interface {
	// Name identifies the destination in the outbox. It must stay the same
	// across restarts, or deliveries queued under the old name are orphaned.
	Name() string
	// Send delivers a. An error wrapped by Permanent will not succeed on
	// retry; one carrying RetryAfter says when to try again.
	Send(ctx context.Context, a Alert) error
}

// DestinationName returns a stable destination name for a sender of a kind
// ("webhook", "slack", "syslog") and its target: the kind and 8 hex digits
// of the target's SHA-256. The outbox stores the name, and a hash keeps a
// credential in the target (a Slack URL, a token in a query) out of it.
func DestinationName(kind, target string) string {
	sum := sha256.Sum256([]byte(target))
	return kind + ":" + hex.EncodeToString(sum[:4])
}

type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks err as one that retrying will not fix (a 4xx from the
// receiver, an alert that cannot be encoded). The dispatcher still keeps the
// delivery, retrying at the longest backoff, so a fixed receiver or
// configuration gets it in the end; nil stays nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

// IsPermanent reports whether err, or an error it wraps, was marked Permanent.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

type retryAfterError struct {
	err   error
	after time.Duration
}

func (e *retryAfterError) Error() string { return e.err.Error() }
func (e *retryAfterError) Unwrap() error { return e.err }

// RetryAfter attaches the receiver's requested wait (an HTTP Retry-After) to
// err; the dispatcher waits at least that long before the next attempt.
func RetryAfter(err error, d time.Duration) error {
	if err == nil {
		return nil
	}
	return &retryAfterError{err, d}
}

// RetryAfterOf returns the wait attached to err by RetryAfter, if any.
func RetryAfterOf(err error) (time.Duration, bool) {
	var r *retryAfterError
	if errors.As(err, &r) {
		return r.after, true
	}
	return 0, false
}
