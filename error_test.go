package mosaic_test

import (
	"errors"
	"testing"

	"github.com/mosaic-sec/mosaic"
)

// TestErrorCodeSeesThroughAnInternalWrapper: "cannot save the results"
// (internal) around "the disk is full" (unavailable) is exit 2: the store
// knew the cause, its caller did not.
func TestErrorCodeSeesThroughAnInternalWrapper(t *testing.T) {
	full := mosaic.Errorf(mosaic.EUNAVAILABLE, "the disk is full")
	err := mosaic.WrapError(mosaic.EINTERNAL, full, "cannot save the results")
	if got := mosaic.ErrorCode(err); got != mosaic.EUNAVAILABLE || mosaic.ExitCode(err) != 2 {
		t.Errorf("code %q, exit %d", got, mosaic.ExitCode(err))
	}
	bug := mosaic.WrapError(mosaic.EINTERNAL, errors.New("nil map"), "cannot save the results")
	if mosaic.ExitCode(bug) != 3 {
		t.Errorf("an internal error without a classified cause: exit %d", mosaic.ExitCode(bug))
	}
	// An outer code other than internal is kept.
	if got := mosaic.ErrorCode(mosaic.WrapError(mosaic.ENOTFOUND, full, "x")); got != mosaic.ENOTFOUND {
		t.Errorf("outer code lost: %q", got)
	}
}
