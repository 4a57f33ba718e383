package lambda_test

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"
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

// The handler's context of a RequestResponse invocation is cancelled when
// the caller's is, and Invoke then returns the caller's ctx.Err(), as an
// SDK call whose context is cancelled does; the invocation still counts.
func TestHandlerContextIsCancelledWithSyncCaller(t *testing.T) {
	svc, _ := invSetup(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var seen error
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "waits", Code: lambda.Code{
		Handler: func(hctx context.Context, _ []byte) ([]byte, error) {
			cancel() // the caller gives up while the handler runs
			seen = hctx.Err()
			return nil, hctx.Err()
		},
	}})

	out, err := svc.Invoke(ctx, &lambda.InvokeInput{FunctionName: "waits"})
	assert.ErrorIs(t, seen, context.Canceled, "the handler's context was not cancelled with the caller's")
	assert.ErrorIs(t, err, context.Canceled, "Invoke returned %+v", out)
	assert.Equal(t, 1, invStats(t, svc, "waits").Invocations)
}

// A handler's context ends with its invocation: a goroutine the handler
// left waiting on it is released.
func TestHandlerContextIsCancelledWhenInvocationEnds(t *testing.T) {
	svc, _ := invSetup(t)
	var hctx context.Context
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{
		Handler: func(ctx context.Context, _ []byte) ([]byte, error) {
			hctx = ctx
			return nil, nil
		},
	}})
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	assert.ErrorIs(t, hctx.Err(), context.Canceled)
}

// The handler's context carries the invocation as aws-lambda-go's
// lambdacontext reads it (AWS Lambda Developer Guide: "Using the Lambda
// context object to retrieve Go function information"): the request ID,
// the invoked ARN and the client context of a synchronous invocation, and
// as its deadline the virtual instant the function times out.
func TestLambdacontextFromContextWorksInHandler(t *testing.T) {
	svc, _ := invSetup(t, lambda.WithHistory())
	var lc *lambdacontext.LambdaContext
	var deadline time.Time
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "ctx", Timeout: 7 * time.Second, Code: lambda.Code{
		Handler: func(ctx context.Context, _ []byte) ([]byte, error) {
			got, ok := lambdacontext.FromContext(ctx)
			require.True(t, ok, "lambdacontext.FromContext found nothing")
			lc = got
			deadline, _ = ctx.Deadline()
			return nil, nil
		},
	}})
	cc := base64.StdEncoding.EncodeToString([]byte(`{"client":{"app_title":"shop"},"custom":{"tier":"gold"},"env":{"locale":"en"}}`))

	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "ctx", Qualifier: "$LATEST", ClientContext: cc})
	require.NotNil(t, lc)
	assert.Equal(t, invLast(t, svc).RequestID, lc.AwsRequestID)
	assert.Equal(t, invARNPrefix+"ctx:$LATEST", lc.InvokedFunctionArn)
	assert.Equal(t, "shop", lc.ClientContext.Client.AppTitle)
	assert.Equal(t, map[string]string{"tier": "gold"}, lc.ClientContext.Custom)
	assert.Equal(t, map[string]string{"locale": "en"}, lc.ClientContext.Env)
	assert.Equal(t, invStart.Add(7*time.Second), deadline, "virtual start + Timeout")
}

// A client context that is not base64-encoded JSON, or is over 3,583
// bytes, is refused before anything runs.
func TestInvokeBadClientContextIsInvalidRequestContent(t *testing.T) {
	svc, _ := invSetup(t)
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f"})
	for name, cc := range map[string]string{
		"not base64": "%%%",
		"not JSON":   base64.StdEncoding.EncodeToString([]byte("nope")),
		"too long":   base64.StdEncoding.EncodeToString([]byte(`{"custom":{"k":"` + strings.Repeat("x", 3000) + `"}}`)),
	} {
		_, err := svc.Invoke(context.Background(), &lambda.InvokeInput{FunctionName: "f", ClientContext: cc})
		assert.ErrorIs(t, err, lambda.ErrInvalidRequestContentException, name)
	}
	assert.Equal(t, 0, invStats(t, svc, "f").Invocations)
}

// A negative simulated duration is refused the same way from either
// source: the invocation fails as a crash of the function,
// Runtime.ExitError, whose message names the value, where before one was
// ignored (1 ms) and the other clamped (0 s).
func TestNegativeDurationIsACrashOfTheFunction(t *testing.T) {
	for _, tc := range []struct {
		name string
		code lambda.Code
		want string
	}{
		{"ReportDuration", lambda.Code{Handler: func(ctx context.Context, _ []byte) ([]byte, error) {
			lambda.ReportDuration(ctx, -time.Hour)
			return nil, nil
		}}, "lambda.ReportDuration: negative duration -1h0m0s"},
		{"Duration model", lambda.Code{
			Handler:  func(context.Context, []byte) ([]byte, error) { return nil, nil },
			Duration: func([]byte) time.Duration { return -time.Hour },
		}, "the Code.Duration model of lambda function late: negative duration -1h0m0s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc, _ := ucSetup(t)
			invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "late", Code: tc.code})

			out := invInvoke(t, svc, lambda.InvokeInput{FunctionName: "late"})

			assert.Equal(t, "Unhandled", out.FunctionError)
			assert.JSONEq(t, `{"errorMessage":"`+tc.want+`","errorType":"Runtime.ExitError"}`, string(out.Payload))
		})
	}
}

// FixedDuration refuses a negative duration when the model is made.
func TestFixedDurationPanicsOnNegative(t *testing.T) {
	assert.PanicsWithValue(t, "lambda.FixedDuration: negative duration -1s", func() { lambda.FixedDuration(-time.Second) })
	assert.NotPanics(t, func() { lambda.FixedDuration(0) })
}
