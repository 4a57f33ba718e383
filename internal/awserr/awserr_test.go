package awserr_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/awssim/awssim/internal/awserr"
)

func TestErrorMatchesSentinelByCodeWhateverTheMessage(t *testing.T) {
	sentinel := awserr.New("AWS.SimpleQueueService.NonExistentQueue", 400)
	err := fmt.Errorf("wrapped: %w", sentinel.With("The specified queue %s does not exist.", "q"))
	if !errors.Is(err, sentinel) {
		t.Fatal("errors.Is does not match a derived error with the sentinel")
	}
	if errors.Is(err, awserr.New("OverLimit", 403)) {
		t.Fatal("errors.Is matches a different code")
	}
	var e *awserr.Error
	if !errors.As(err, &e) || e.StatusCode != 400 || e.ErrorCode() != sentinel.Code {
		t.Fatalf("errors.As gives %+v", e)
	}
}

func TestErrorPrintsCodeColonMessage(t *testing.T) {
	e := awserr.New("OverLimit", 403)
	if got := e.Error(); got != "OverLimit" {
		t.Errorf("sentinel prints %q", got)
	}
	if got := e.With("%d in flight", 3).Error(); got != "OverLimit: 3 in flight" {
		t.Errorf("derived error prints %q", got)
	}
	if got := e.With("queue full").ErrorMessage(); got != "queue full" {
		t.Errorf("ErrorMessage gives %q", got)
	}
}

// The fault follows the status: a 4xx error is the sender's, a 5xx one the
// receiver's, and derived errors keep it.
func TestFaultFollowsTheStatus(t *testing.T) {
	for _, c := range []struct {
		status int
		want   awserr.Fault
	}{{400, awserr.FaultSender}, {404, awserr.FaultSender}, {429, awserr.FaultSender}, {500, awserr.FaultReceiver}, {503, awserr.FaultReceiver}} {
		e := awserr.New("X", c.status).With("m")
		if e.Fault != c.want || e.ErrorFault() != c.want {
			t.Errorf("status %d: fault %q, want %q", c.status, e.Fault, c.want)
		}
	}
}

// A reason prints after the message, and the error still matches its
// sentinel.
func TestReasonPrintsAfterTheMessage(t *testing.T) {
	sentinel := awserr.New("TooManyRequestsException", 429)
	e := sentinel.With("Rate Exceeded.").WithReason("ConcurrentInvocationLimitExceeded")
	if got := e.Error(); got != "TooManyRequestsException: Rate Exceeded. (Reason: ConcurrentInvocationLimitExceeded)" {
		t.Errorf("prints %q", got)
	}
	if !errors.Is(e, sentinel) || sentinel.Reason != "" {
		t.Errorf("the sentinel changed or no longer matches: %+v", sentinel)
	}
}
