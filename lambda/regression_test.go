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
	"github.com/awssim/awssim/sqs"
)

const rvRole = "arn:aws:iam::000000000000:role/r"

var rvStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func rvFn(t *testing.T, svc *lambda.Service, name string, code lambda.Code) {
	t.Helper()
	_, err := svc.CreateFunction(context.Background(), &lambda.CreateFunctionInput{FunctionName: name, Role: rvRole, Timeout: 900 * time.Second, Code: code})
	require.NoError(t, err)
}

func rvLong(d time.Duration) lambda.Code {
	return lambda.Code{Handler: func(context.Context, []byte) ([]byte, error) { return nil, nil }, Duration: lambda.FixedDuration(d)}
}

// Deleting a reservation while its environments are busy moves them to the
// unreserved pool at once: the account never runs over its limit.
func TestDeletingReservationWhileBusyKeepsAccountLimit(t *testing.T) {
	clk := sim.NewClock(rvStart)
	svc := lambda.New(lambda.WithClock(clk), lambda.WithConcurrencyLimit(110))
	rvFn(t, svc, "a", rvLong(time.Minute))
	rvFn(t, svc, "b", rvLong(time.Minute))
	_, err := svc.PutFunctionConcurrency(t.Context(), &lambda.PutFunctionConcurrencyInput{FunctionName: "a", ReservedConcurrentExecutions: 10})
	require.NoError(t, err)
	for range 10 {
		_, err := svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "a"})
		require.NoError(t, err)
	}
	_, err = svc.DeleteFunctionConcurrency(t.Context(), &lambda.GetFunctionConcurrencyInput{FunctionName: "a"})
	require.NoError(t, err)
	ok := 0
	for range 200 {
		if _, err := svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "b"}); err == nil {
			ok++
		}
	}
	sa, _ := svc.Inspect().Stats("a")
	sb, _ := svc.Inspect().Stats("b")
	assert.LessOrEqual(t, sa.ConcurrentExecutions+sb.ConcurrentExecutions, 110, "account limit 110 exceeded: a=%d b=%d", sa.ConcurrentExecutions, sb.ConcurrentExecutions)
}

// The invocations of a deleted function still count against the account
// until they end.
func TestDeletingReservedFunctionWhileBusyKeepsAccountLimit(t *testing.T) {
	clk := sim.NewClock(rvStart)
	svc := lambda.New(lambda.WithClock(clk), lambda.WithConcurrencyLimit(110))
	rvFn(t, svc, "a", rvLong(time.Minute))
	rvFn(t, svc, "b", rvLong(time.Minute))
	_, err := svc.PutFunctionConcurrency(t.Context(), &lambda.PutFunctionConcurrencyInput{FunctionName: "a", ReservedConcurrentExecutions: 10})
	require.NoError(t, err)
	for range 10 {
		_, err := svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "a"})
		require.NoError(t, err)
	}
	_, err = svc.DeleteFunction(t.Context(), &lambda.DeleteFunctionInput{FunctionName: "a"})
	require.NoError(t, err)
	ok := 0
	for range 200 {
		if _, err := svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "b"}); err == nil {
			ok++
		}
	}
	// a's 10 environments run for another minute (release() counts them).
	assert.LessOrEqual(t, ok+10, 110, "b got %d environments while a's 10 still run", ok)
}

// Putting a reservation on a function whose environments are busy moves
// them out of the unreserved pool: they are not counted twice.
func TestPuttingReservationWhileBusyMovesItsEnvironments(t *testing.T) {
	clk := sim.NewClock(rvStart)
	svc := lambda.New(lambda.WithClock(clk), lambda.WithConcurrencyLimit(110))
	rvFn(t, svc, "a", rvLong(time.Minute))
	rvFn(t, svc, "b", rvLong(time.Minute))
	for range 10 {
		_, err := svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "a"})
		require.NoError(t, err)
	}
	_, err := svc.PutFunctionConcurrency(t.Context(), &lambda.PutFunctionConcurrencyInput{FunctionName: "a", ReservedConcurrentExecutions: 10})
	require.NoError(t, err)
	ok := 0
	for range 200 {
		if _, err := svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "b"}); err == nil {
			ok++
		}
	}
	assert.Equal(t, 100, ok, "unreserved pool is 100; a's busy envs are within its reservation")
}

// A panic in a duration model is a crash of the function: a function error
// that resets the environment, not a panic out of Invoke.
func TestPanickingDurationModelReleasesEnvironment(t *testing.T) {
	clk := sim.NewClock(rvStart)
	svc := lambda.New(lambda.WithClock(clk))
	rvFn(t, svc, "a", lambda.Code{
		Handler: func(context.Context, []byte) ([]byte, error) { return nil, nil },
		Duration: func(p []byte) time.Duration {
			if string(p) == `"boom"` {
				panic("model")
			}
			return time.Millisecond
		},
	})
	_, err := svc.PutFunctionConcurrency(t.Context(), &lambda.PutFunctionConcurrencyInput{FunctionName: "a", ReservedConcurrentExecutions: 1})
	require.NoError(t, err)
	func() {
		defer func() { recover() }()
		svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "a", Payload: []byte(`"boom"`)})
	}()
	clk.Advance(time.Hour)
	_, err = svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "a", Payload: []byte(`"ok"`)})
	assert.NoError(t, err, "environment leaked by the panic")
}

type rvErr struct{ msg *string }

func (e *rvErr) Error() string { return *e.msg }

// A handler returning an error whose Error method panics (a typed nil
// pointer) is a function error, not a panic out of Invoke.
func TestTypedNilErrorIsAFunctionError(t *testing.T) {
	clk := sim.NewClock(rvStart)
	svc := lambda.New(lambda.WithClock(clk))
	rvFn(t, svc, "a", lambda.Code{Handler: func(context.Context, []byte) ([]byte, error) {
		var e *rvErr
		return nil, e
	}})
	var out *lambda.InvokeOutput
	var err error
	assert.NotPanics(t, func() { out, err = svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "a"}) })
	_ = out
	_ = err
	st, _ := svc.Inspect().Stats("a")
	clk.Advance(time.Hour)
	st, _ = svc.Inspect().Stats("a")
	assert.Equal(t, 0, st.ConcurrentExecutions)
}

// A negative InitDuration would end an invocation before it starts: it is
// refused.
func TestNegativeInitDurationIsRefused(t *testing.T) {
	clk := sim.NewClock(rvStart)
	svc := lambda.New(lambda.WithClock(clk), lambda.WithHistory())
	_, err := svc.CreateFunction(t.Context(), &lambda.CreateFunctionInput{FunctionName: "a", Role: rvRole, Code: lambda.Code{
		Handler: func(context.Context, []byte) ([]byte, error) { return nil, nil }, Duration: lambda.FixedDuration(time.Second), InitDuration: -time.Hour,
	}})
	require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException)
}

// An EventAgeExceeded outcome is delivered no earlier than the end of the
// failing attempt in virtual time.
func TestEventAgeExceededIsDeliveredAfterTheAttemptEnds(t *testing.T) {
	clk := sim.NewClock(rvStart)
	queues := sqs.New(sqs.WithClock(clk))
	svc := lambda.New(lambda.WithClock(clk), lambda.WithSQS(queues), lambda.WithHistory())
	q, err := queues.CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: "fail"})
	require.NoError(t, err)
	rvFn(t, svc, "a", lambda.Code{Handler: func(context.Context, []byte) ([]byte, error) { return nil, errors.New("x") }, Duration: lambda.FixedDuration(2 * time.Minute)})
	age := time.Minute
	_, err = svc.PutFunctionEventInvokeConfig(t.Context(), &lambda.PutFunctionEventInvokeConfigInput{FunctionName: "a", MaximumEventAge: &age,
		DestinationConfig: &lambda.DestinationConfig{OnFailure: "arn:aws:sqs:us-east-1:000000000000:fail"}})
	require.NoError(t, err)
	_, err = svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "a", InvocationType: lambda.InvocationTypeEvent})
	require.NoError(t, err)
	clk.Advance(90 * time.Second) // the only attempt runs until 2m
	out, err := queues.ReceiveMessage(t.Context(), &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl})
	require.NoError(t, err)
	assert.Empty(t, out.Messages, "failure record delivered at 60s, before the attempt ended at 120s")
}
