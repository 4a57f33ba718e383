package lambda_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
)

// Each function scales by at most 1,000 new execution environments every
// 10 seconds, refilled continuously and never banked beyond 1,000; past it,
// invocations are throttled with 429 (Lambda developer guide, scaling
// behavior).
func TestScalingRateLimitsNewEnvironmentsPerFunction(t *testing.T) {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	svc := lambda.New(lambda.WithClock(clk), lambda.WithConcurrencyLimit(5000))
	for _, name := range []string{"a", "b"} {
		_, err := svc.CreateFunction(ctx, &lambda.CreateFunctionInput{
			FunctionName: name, Role: "arn:aws:iam::000000000000:role/r", Timeout: 15 * time.Minute,
			Code: lambda.Code{Handler: func(context.Context, []byte) ([]byte, error) { return nil, nil }, Duration: lambda.FixedDuration(10 * time.Minute)},
		})
		require.NoError(t, err)
	}
	invoke := func(name string) error {
		_, err := svc.Invoke(ctx, &lambda.InvokeInput{FunctionName: name})
		return err
	}
	for i := range 1000 {
		require.NoError(t, invoke("a"), "environment %d", i+1)
	}
	err := invoke("a")
	require.ErrorIs(t, err, lambda.ErrTooManyRequestsException, "the 1,001st new environment within 10 s")
	var te *lambda.Error
	require.True(t, errors.As(err, &te))
	require.Equal(t, lambda.ReasonConcurrentInvocationLimitExceeded, te.Reason)
	assert.NoError(t, invoke("b"), "the rate is per function")

	clk.Advance(10 * time.Millisecond)
	assert.NoError(t, invoke("a"), "10 ms refills one environment")
	assert.Error(t, invoke("a"))

	clk.Advance(time.Minute)
	for i := range 1000 {
		require.NoError(t, invoke("a"), "after the refill, environment %d", i+1)
	}
	assert.Error(t, invoke("a"), "a minute idle banks no more than 1,000")
}
