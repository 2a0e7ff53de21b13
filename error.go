package mosaic

import (
	"errors"
	"fmt"
)

// Error codes, in the manner of WTF Dial: a few codes that map to exit codes
// and HTTP statuses. The message is for people; details go to the log.
const (
	EINVALID  = "invalid"   // unusable input or flags: exit 2, HTTP 400
	ENOTFOUND = "not_found" // a file, folder or record that does not exist: exit 2, HTTP 404
	ECONFLICT = "conflict"  // exit 2, HTTP 409
	EINTERNAL = "internal"  // a bug or an unexpected failure: exit 3, HTTP 500

	ETOOLARGE     = "too_large"    // an input over a size limit: exit 2, HTTP 413
	EUNAUTHORIZED = "unauthorized" // no credentials, or bad ones: exit 2, HTTP 401
	EFORBIDDEN    = "forbidden"    // a role without the right: exit 2, HTTP 403
	EUNAVAILABLE  = "unavailable"  // a store or server that cannot be reached now: exit 2, HTTP 503
)

// Error is an application error with a code and a human message.
type Error struct {
	Code    string
	Message string
	Err     error // the underlying cause, for the log
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Message, e.Err)
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WrapError returns an Error with the given code and message around err.
func WrapError(code string, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// ErrorCode returns the code of err, EINTERNAL for errors of unknown origin
// and "" for nil. An EINTERNAL error wrapped around a cause with another
// code takes the cause's code: a caller that wrapped a store failure as
// "cannot save the results" did not know the disk was full, the store did.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if !errors.As(err, &e) {
		return EINTERNAL
	}
	for e.Code == EINTERNAL && e.Err != nil {
		var inner *Error
		if !errors.As(e.Err, &inner) {
			break
		}
		e = inner
	}
	return e.Code
}

// ErrorMessage returns the human message of err.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// ExitCode maps an error to the process exit code: 0 for nil, 2 for input and
// flag errors, 3 for internal errors. Exit code 1 is kept for --fail-on.
func ExitCode(err error) int {
	switch ErrorCode(err) {
	case "":
		return 0
	case EINVALID, ENOTFOUND, ECONFLICT, ETOOLARGE, EUNAUTHORIZED, EFORBIDDEN, EUNAVAILABLE:
		return 2
	default:
		return 3
	}
}
