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
