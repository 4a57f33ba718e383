package awserr_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/aws/smithy-go"

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
		smithy smithy.ErrorFault
	}{
		{400, awserr.FaultSender, smithy.FaultClient},
		{404, awserr.FaultSender, smithy.FaultClient},
		{429, awserr.FaultSender, smithy.FaultClient},
		{500, awserr.FaultReceiver, smithy.FaultServer},
		{503, awserr.FaultReceiver, smithy.FaultServer},
	} {
		e := awserr.New("X", c.status).With("m")
		if e.Fault != c.want || e.ErrorFault() != c.smithy {
			t.Errorf("status %d: fault %q (smithy %v), want %q (%v)", c.status, e.Fault, e.ErrorFault(), c.want, c.smithy)
		}
	}
}

// An *Error is a smithy.APIError, so code written against aws-sdk-go-v2's
// errors reads it with errors.As as it reads AWS's.
func TestErrorIsASmithyAPIError(t *testing.T) {
	var err error = fmt.Errorf("send: %w", awserr.New("AWS.SimpleQueueService.NonExistentQueue", 400).With("no queue"))
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatal("errors.As(err, *smithy.APIError) = false")
	}
	if apiErr.ErrorCode() != "AWS.SimpleQueueService.NonExistentQueue" || apiErr.ErrorMessage() != "no queue" || apiErr.ErrorFault() != smithy.FaultClient {
		t.Errorf("APIError reads %q, %q, %v", apiErr.ErrorCode(), apiErr.ErrorMessage(), apiErr.ErrorFault())
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
