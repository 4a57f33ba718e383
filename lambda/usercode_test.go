package lambda_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
)

// Scenario tests of user code that misbehaves (issue 16): handlers that
// block, cancellation and deadlines flowing into a handler, impossible
// simulated durations.

// ucWatchdog is the real-time limit of the watchdog in these tests.
const ucWatchdog = 20 * time.Millisecond

// ucSetup returns a service whose account has a watchdog of ucWatchdog.
func ucSetup(t *testing.T, opts ...lambda.Option) (*lambda.Service, *sim.Clock) {
	t.Helper()
	clk := sim.NewClock(invStart)
	acct := cloud.New(cloud.WithClock(clk), cloud.WithWatchdog(ucWatchdog))
	return lambda.New(append([]lambda.Option{lambda.WithAccount(acct), lambda.WithHistory()}, opts...)...), clk
}

// ucBlocking returns a handler that blocks until release is closed, or
// gives up after a second of real time so that a simulator without a
// watchdog fails the test instead of hanging it.
func ucBlocking(release <-chan struct{}) lambda.Handler {
	return func(context.Context, []byte) ([]byte, error) {
		select {
		case <-release:
		case <-time.After(time.Second):
		}
		return []byte(`"done"`), nil
	}
}

// With a watchdog, a handler that does not return fails the synchronous
// Invoke with an error naming the function and the virtual instant, and
// the invocation is recorded as what AWS makes of a handler that never
// returns: a timeout (Sandbox.Timedout) that resets its environment.
func TestBlockedHandlerFailsSyncInvokeWithWatchdog(t *testing.T) {
	svc, _ := ucSetup(t)
	release := make(chan struct{})
	defer close(release)
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "stuck", Timeout: 5 * time.Second, Code: lambda.Code{Handler: ucBlocking(release)}})

	out, err := svc.Invoke(context.Background(), &lambda.InvokeInput{FunctionName: "stuck"})
	require.Error(t, err, "Invoke returned %+v", out)
	assert.True(t, errors.Is(err, cloud.ErrBlocked), "errors.Is(%v, cloud.ErrBlocked)", err)
	var b *cloud.BlockedError
	require.True(t, errors.As(err, &b))
	assert.Equal(t, "lambda function stuck", b.What)
	assert.True(t, b.At.Equal(invStart), "virtual instant %s, want %s", b.At, invStart)
	assert.Contains(t, err.Error(), "2026-01-01T00:00:00Z")

	st := invStats(t, svc, "stuck")
	assert.Equal(t, 1, st.Invocations)
	assert.Equal(t, 1, st.Errors)
	inv := invLast(t, svc)
	assert.Equal(t, "Unhandled", inv.FunctionError)
	assert.Equal(t, 5*time.Second, inv.Duration, "a handler that never returns runs to its timeout")
}

// With a watchdog, an Event invocation whose handler blocks does not hang
// the goroutine that advances the clock: each attempt times out and is
// retried as a function error (one and two minutes after it ended).
func TestBlockedEventHandlerDoesNotHangAdvanceWithWatchdog(t *testing.T) {
	svc, clk := ucSetup(t)
	release := make(chan struct{})
	defer close(release)
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "stuck", Code: lambda.Code{Handler: ucBlocking(release)}})

	_, err := svc.Invoke(context.Background(), &lambda.InvokeInput{FunctionName: "stuck", InvocationType: lambda.InvocationTypeEvent})
	require.NoError(t, err)
	clk.Advance(5 * time.Minute)

	st := invStats(t, svc, "stuck")
	assert.Equal(t, 3, st.Invocations, "the first attempt and two retries")
	assert.Equal(t, 3, st.Errors)
	for _, inv := range svc.Inspect().Invocations() {
		assert.Equal(t, "Unhandled", inv.FunctionError)
	}
}

// With a watchdog, a handler's panic is still Runtime.ExitError, an
// Unhandled function error: it is recovered on the handler's goroutine.
func TestPanicWithWatchdogIsUnhandledRuntimeExitError(t *testing.T) {
	svc, _ := ucSetup(t)
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "crash", Code: lambda.Code{
		Handler: func(context.Context, []byte) ([]byte, error) { panic("out of cheese") },
	}})
	out := invInvoke(t, svc, lambda.InvokeInput{FunctionName: "crash"})
	assert.Equal(t, "Unhandled", out.FunctionError)
	assert.JSONEq(t, `{"errorMessage":"out of cheese","errorType":"Runtime.ExitError"}`, string(out.Payload))
	assert.False(t, strings.Contains(string(out.Payload), "Timedout"))
}
