package lambda_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
)

// Scenario tests of concurrency: reserved concurrency, the account's
// limit and throttling (AWS Lambda Developer Guide: "Configuring reserved
// concurrency for a function", "Lambda quotas"; AWS Lambda API Reference:
// Invoke), and the service's own safety for concurrent use.

// invReserve sets a function's reserved concurrency.
func invReserve(t testing.TB, svc *lambda.Service, name string, n int) {
	t.Helper()
	out, err := svc.PutFunctionConcurrency(context.Background(), &lambda.PutFunctionConcurrencyInput{FunctionName: name, ReservedConcurrentExecutions: n})
	require.NoError(t, err)
	require.Equal(t, n, out.ReservedConcurrentExecutions)
}

// invReserved returns a function's reserved concurrency, nil without one.
func invReserved(t testing.TB, svc *lambda.Service, name string) *int {
	t.Helper()
	out, err := svc.GetFunctionConcurrency(context.Background(), &lambda.GetFunctionConcurrencyInput{FunctionName: name})
	require.NoError(t, err)
	return out.ReservedConcurrentExecutions
}

// invThrottled checks that err is a throttle, 429 TooManyRequestsException
// "Rate Exceeded.", for reason.
func invThrottled(t testing.TB, err error, reason string) {
	t.Helper()
	require.ErrorIs(t, err, lambda.ErrTooManyRequestsException)
	assert.Equal(t, http.StatusTooManyRequests, invStatus(t, err))
	var te *lambda.Error
	require.ErrorAs(t, err, &te)
	assert.Equal(t, reason, te.Reason)
	assert.Equal(t, "Rate Exceeded.", te.Message)
	assert.Contains(t, err.Error(), "TooManyRequestsException: Rate Exceeded.")
}

// invLong creates a function whose invocations each last d (Timeout 15
// minutes), counting its handler's calls in c.
func invLong(t testing.TB, svc *lambda.Service, name string, d time.Duration, c *invCounter) {
	t.Helper()
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: name, Timeout: 15 * time.Minute, Code: lambda.Code{
		Handler: func(ctx context.Context, p []byte) ([]byte, error) {
			lambda.ReportDuration(ctx, d)
			return c.handler(ctx, p)
		},
	}})
}

// With reserved concurrency 1 an invocation that overlaps a running one is
// throttled, 429 with Reason ReservedFunctionConcurrentInvocationLimitExceeded;
// once the first one ends the next succeeds (AWS Lambda API Reference:
// Invoke; AWS Lambda Developer Guide: "Configuring reserved concurrency for
// a function").
func TestReservedConcurrencyThrottlesOverlappingInvocation(t *testing.T) {
	svc, clk := invSetup(t)
	c := &invCounter{}
	invLong(t, svc, "one", 10*time.Second, c)
	invReserve(t, svc, "one", 1)

	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "one"})
	clk.Advance(10*time.Second - time.Nanosecond)
	out, err := svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "one"})
	invThrottled(t, err, lambda.ReasonReservedFunctionConcurrentInvocationLimitExceeded)
	assert.Nil(t, out)
	assert.Equal(t, 1, c.n, "a throttled invocation runs nothing")
	st := invStats(t, svc, "one")
	assert.Equal(t, 1, st.Throttles)
	assert.Equal(t, 1, st.Invocations)

	clk.Advance(time.Nanosecond) // the first one ends
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "one"})
	assert.Equal(t, 2, c.n)
	st = invStats(t, svc, "one")
	assert.Equal(t, 1, st.Throttles)
	assert.Equal(t, 2, st.Invocations)
	assert.Equal(t, 1, st.ColdStarts, "the second ran in the first one's environment")
}

// Reserved concurrency 0 throttles every invocation, whatever the version
// (AWS Lambda Developer Guide: "Configuring reserved concurrency for a
// function").
func TestReservedConcurrencyZeroThrottlesEverything(t *testing.T) {
	svc, clk := invSetup(t)
	c := &invCounter{}
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "off", Publish: true, Code: lambda.Code{Handler: c.handler}})
	invReserve(t, svc, "off", 0)
	for _, in := range []lambda.InvokeInput{{FunctionName: "off"}, {FunctionName: "off", Qualifier: "1"}, {FunctionName: "off:$LATEST"}} {
		clk.Advance(time.Hour)
		_, err := svc.Invoke(t.Context(), &in)
		invThrottled(t, err, lambda.ReasonReservedFunctionConcurrentInvocationLimitExceeded)
	}
	assert.Equal(t, 0, c.n)
	st := invStats(t, svc, "off")
	assert.Equal(t, 3, st.Throttles)
	assert.Equal(t, 0, st.Invocations)

	dry := invInvoke(t, svc, lambda.InvokeInput{FunctionName: "off", InvocationType: lambda.InvocationTypeDryRun})
	assert.Equal(t, http.StatusNoContent, dry.StatusCode, "DryRun is not throttled")
}

// Reserved concurrency must leave at least 100 unreserved executions in
// the account: InvalidParameterValueException with AWS's message, and the
// reservations stay as they were (AWS Lambda API Reference:
// PutFunctionConcurrency).
func TestPutFunctionConcurrencyMustLeave100Unreserved(t *testing.T) {
	svc, _ := invSetup(t)
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "a"})
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "b"})

	refused := func(name string, n int) {
		t.Helper()
		out, err := svc.PutFunctionConcurrency(t.Context(), &lambda.PutFunctionConcurrencyInput{FunctionName: name, ReservedConcurrentExecutions: n})
		require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException)
		assert.Equal(t, http.StatusBadRequest, invStatus(t, err))
		var e *lambda.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].", e.Message)
		assert.Nil(t, out)
	}
	refused("a", 901)
	assert.Nil(t, invReserved(t, svc, "a"), "a refused reservation changes nothing")

	invReserve(t, svc, "a", 900) // 100 left
	refused("b", 1)
	assert.Nil(t, invReserved(t, svc, "b"))
	assert.Equal(t, 900, *invReserved(t, svc, "a"))

	invReserve(t, svc, "a", 500) // replacing a reservation frees the old amount
	invReserve(t, svc, "b", 400)
	refused("a", 501)
	assert.Equal(t, 500, *invReserved(t, svc, "a"))

	out, err := svc.PutFunctionConcurrency(t.Context(), &lambda.PutFunctionConcurrencyInput{FunctionName: "a", ReservedConcurrentExecutions: -1})
	require.ErrorIs(t, err, lambda.ErrValidationException, "a negative reservation")
	assert.Nil(t, out)
	assert.Equal(t, 500, *invReserved(t, svc, "a"))
}

// The limit follows the account's quota, WithConcurrencyLimit.
func TestPutFunctionConcurrencyFollowsAccountLimit(t *testing.T) {
	svc, _ := invSetup(t, lambda.WithConcurrencyLimit(150))
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "a"})
	_, err := svc.PutFunctionConcurrency(t.Context(), &lambda.PutFunctionConcurrencyInput{FunctionName: "a", ReservedConcurrentExecutions: 51})
	require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException)
	invReserve(t, svc, "a", 50)
}

// Reserved concurrency applies to functions only: a qualified name is
// InvalidParameterValueException, an unknown function
// ResourceNotFoundException (AWS Lambda API Reference:
// PutFunctionConcurrency).
func TestPutFunctionConcurrencyOnQualifiedNameIsInvalid(t *testing.T) {
	svc, _ := invSetup(t)
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Publish: true})
	for _, name := range []string{"f:1", "f:$LATEST", invARNPrefix + "f:1"} {
		out, err := svc.PutFunctionConcurrency(t.Context(), &lambda.PutFunctionConcurrencyInput{FunctionName: name, ReservedConcurrentExecutions: 5})
		require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException, name)
		assert.Contains(t, err.Error(), "This operation is permitted on Lambda functions only. Aliases and versions do not support this operation.")
		assert.Nil(t, out)
	}
	assert.Nil(t, invReserved(t, svc, "f"))

	_, err := svc.PutFunctionConcurrency(t.Context(), &lambda.PutFunctionConcurrencyInput{FunctionName: "ghost", ReservedConcurrentExecutions: 5})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)

	invReserve(t, svc, invARNPrefix+"f", 5) // an unqualified ARN is a function
	assert.Equal(t, 5, *invReserved(t, svc, "f"))
}

// GetFunctionConcurrency returns the reservation, nothing without one;
// DeleteFunctionConcurrency removes it, and the function shares the
// unreserved pool again.
func TestGetAndDeleteFunctionConcurrency(t *testing.T) {
	svc, clk := invSetup(t)
	c := &invCounter{}
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{Handler: c.handler}})
	assert.Nil(t, invReserved(t, svc, "f"))

	invReserve(t, svc, "f", 0)
	require.NotNil(t, invReserved(t, svc, "f"))
	assert.Equal(t, 0, *invReserved(t, svc, "f"), "zero is a reservation, not its absence")
	got, err := svc.GetFunction(t.Context(), &lambda.GetFunctionInput{FunctionName: "f"})
	require.NoError(t, err)
	require.NotNil(t, got.Concurrency)
	assert.Equal(t, 0, *got.Concurrency)
	_, err = svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "f"})
	invThrottled(t, err, lambda.ReasonReservedFunctionConcurrentInvocationLimitExceeded)

	_, err = svc.DeleteFunctionConcurrency(t.Context(), &lambda.DeleteFunctionConcurrencyInput{FunctionName: "f"})
	require.NoError(t, err)
	assert.Nil(t, invReserved(t, svc, "f"))
	clk.Advance(time.Second)
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	assert.Equal(t, 1, c.n)

	_, err = svc.DeleteFunctionConcurrency(t.Context(), &lambda.DeleteFunctionConcurrencyInput{FunctionName: "f"})
	require.NoError(t, err, "deleting an absent reservation succeeds")
	_, err = svc.GetFunctionConcurrency(t.Context(), &lambda.GetFunctionConcurrencyInput{FunctionName: "ghost"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	_, err = svc.DeleteFunctionConcurrency(t.Context(), &lambda.DeleteFunctionConcurrencyInput{FunctionName: "ghost"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)

	// The freed reservation is available to others again.
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "g"})
	invReserve(t, svc, "f", 900)
	_, err = svc.DeleteFunctionConcurrency(t.Context(), &lambda.DeleteFunctionConcurrencyInput{FunctionName: "f"})
	require.NoError(t, err)
	invReserve(t, svc, "g", 900)
}

// The account's concurrency limit caps the invocations running at once:
// with a limit of 100 and invocations of a minute, the 101st overlapping
// one is throttled with Reason ConcurrentInvocationLimitExceeded (AWS
// Lambda API Reference: Invoke; AWS Lambda Developer Guide: "Lambda
// quotas").
func TestAccountConcurrencyLimitThrottles101stInvocation(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithConcurrencyLimit(100))
	c := &invCounter{}
	invLong(t, svc, "minute", time.Minute, c)
	for i := range 100 {
		clk.Advance(100 * time.Millisecond) // all within the first one's minute
		out, err := svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "minute"})
		require.NoError(t, err, "invocation %d", i+1)
		assert.Empty(t, out.FunctionError)
	}
	_, err := svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "minute"})
	invThrottled(t, err, lambda.ReasonConcurrentInvocationLimitExceeded)
	assert.Equal(t, 100, c.n)
	st := invStats(t, svc, "minute")
	assert.Equal(t, 100, st.ConcurrentExecutions)
	assert.Equal(t, 100, st.PeakConcurrentExecutions)
	assert.Equal(t, 1, st.Throttles)

	clk.AdvanceTo(invStart.Add(100*time.Millisecond + time.Minute)) // the first one ends
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "minute"})
	_, err = svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "minute"})
	invThrottled(t, err, lambda.ReasonConcurrentInvocationLimitExceeded)
	assert.Equal(t, 101, c.n)
	assert.Equal(t, 100, invStats(t, svc, "minute").ColdStarts, "the 101st reused the first environment")
}

// Another function's reservation is taken out of the unreserved pool that
// functions without one share, and is kept for that function however busy
// the others are (AWS Lambda Developer Guide: "Configuring reserved
// concurrency for a function").
func TestReservationReducesUnreservedPool(t *testing.T) {
	svc, _ := invSetup(t, lambda.WithConcurrencyLimit(250))
	a, b, r := &invCounter{}, &invCounter{}, &invCounter{}
	invLong(t, svc, "a", time.Minute, a)
	invLong(t, svc, "b", time.Minute, b)
	invLong(t, svc, "r", time.Minute, r)
	invReserve(t, svc, "r", 150) // 100 unreserved left

	for i := range 100 {
		name := "a"
		if i%2 == 1 {
			name = "b"
		}
		invInvoke(t, svc, lambda.InvokeInput{FunctionName: name})
	}
	for _, name := range []string{"a", "b"} {
		_, err := svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: name})
		invThrottled(t, err, lambda.ReasonConcurrentInvocationLimitExceeded)
	}
	assert.Equal(t, 50, a.n)
	assert.Equal(t, 50, b.n)

	for range 150 {
		invInvoke(t, svc, lambda.InvokeInput{FunctionName: "r"})
	}
	_, err := svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "r"})
	invThrottled(t, err, lambda.ReasonReservedFunctionConcurrentInvocationLimitExceeded)
	assert.Equal(t, 150, r.n)
}

// Removing a reservation hands its share back to the unreserved pool.
func TestDeletingReservationGrowsUnreservedPool(t *testing.T) {
	svc, _ := invSetup(t, lambda.WithConcurrencyLimit(101))
	c := &invCounter{}
	invLong(t, svc, "a", time.Minute, c)
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "r"})
	invReserve(t, svc, "r", 1)
	for range 100 {
		invInvoke(t, svc, lambda.InvokeInput{FunctionName: "a"})
	}
	_, err := svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "a"})
	invThrottled(t, err, lambda.ReasonConcurrentInvocationLimitExceeded)
	_, err = svc.DeleteFunctionConcurrency(t.Context(), &lambda.DeleteFunctionConcurrencyInput{FunctionName: "r"})
	require.NoError(t, err)
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "a"})
	_, err = svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "a"})
	invThrottled(t, err, lambda.ReasonConcurrentInvocationLimitExceeded)
	assert.Equal(t, 101, c.n)
}

// Stats report the environments busy now and the most there were at once.
func TestStatsConcurrentAndPeakExecutions(t *testing.T) {
	svc, clk := invSetup(t)
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{
		Handler: invEcho, Duration: lambda.FixedDuration(time.Second),
	}})
	for range 3 {
		invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
		clk.Advance(100 * time.Millisecond)
	}
	st := invStats(t, svc, "f")
	assert.Equal(t, 3, st.ConcurrentExecutions)
	assert.Equal(t, 3, st.PeakConcurrentExecutions)

	clk.AdvanceTo(invStart.Add(time.Second)) // the first one ends
	st = invStats(t, svc, "f")
	assert.Equal(t, 2, st.ConcurrentExecutions)
	assert.Equal(t, 3, st.PeakConcurrentExecutions)
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	assert.Equal(t, 3, invStats(t, svc, "f").ConcurrentExecutions)

	clk.Advance(time.Hour)
	st = invStats(t, svc, "f")
	assert.Equal(t, 0, st.ConcurrentExecutions)
	assert.Equal(t, 3, st.PeakConcurrentExecutions)
	assert.Equal(t, 3, st.ColdStarts)
	_, ok := svc.Inspect().Stats("ghost")
	assert.False(t, ok)
}

// invWithin runs call on another goroutine and returns its output,
// failing the test if it has not returned within ten real seconds: a
// watchdog against deadlock, which fires only on failure.
func invWithin(t *testing.T, call func() (*lambda.InvokeOutput, error)) *lambda.InvokeOutput {
	t.Helper()
	type result struct {
		out *lambda.InvokeOutput
		err error
	}
	done := make(chan result, 1)
	go func() {
		out, err := call()
		done <- result{out, err}
	}()
	select {
	case r := <-done:
		require.NoError(t, r.err)
		return r.out
	case <-time.After(10 * time.Second):
		t.Fatal("Invoke did not return: deadlock")
		return nil
	}
}

// No lock is held while a handler runs, so a handler may invoke another
// function, or its own, synchronously (doc.go, Concurrency).
func TestHandlerMayInvokeAnotherFunction(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "inner", Code: lambda.Code{
		Handler: func(_ context.Context, p []byte) ([]byte, error) {
			return append([]byte(`{"inner":`), append(p, '}')...), nil
		},
	}})
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "outer", Code: lambda.Code{
		Handler: func(ctx context.Context, p []byte) ([]byte, error) {
			if string(p) == `"self"` {
				out, err := svc.Invoke(ctx, &lambda.InvokeInput{FunctionName: "outer", Payload: []byte(`"leaf"`)})
				if err != nil {
					return nil, err
				}
				return out.Payload, nil
			}
			if string(p) == `"leaf"` {
				_, ok := svc.Inspect().Stats("outer") // the inspector is free too
				return []byte(fmt.Sprintf(`"leaf %v"`, ok)), nil
			}
			out, err := svc.Invoke(ctx, &lambda.InvokeInput{FunctionName: "inner", Payload: p})
			if err != nil {
				return nil, err
			}
			return out.Payload, nil
		},
	}})

	first := invWithin(t, func() (*lambda.InvokeOutput, error) {
		return svc.Invoke(context.Background(), &lambda.InvokeInput{FunctionName: "outer", Payload: []byte(`7`)})
	})
	clk.Advance(time.Second) // outer's environment is free again
	second := invWithin(t, func() (*lambda.InvokeOutput, error) {
		return svc.Invoke(context.Background(), &lambda.InvokeInput{FunctionName: "outer", Payload: []byte(`"self"`)})
	})
	outs := []*lambda.InvokeOutput{first, second}
	assert.Equal(t, `{"inner":7}`, string(outs[0].Payload))
	assert.Equal(t, `"leaf true"`, string(outs[1].Payload))
	assert.Equal(t, 1, invStats(t, svc, "inner").Invocations)
	outer := invStats(t, svc, "outer")
	assert.Equal(t, 3, outer.Invocations)
	assert.Equal(t, 2, outer.PeakConcurrentExecutions, "the nested invocation of itself needed a second environment")
	names := map[string]int{}
	for _, r := range svc.Inspect().Invocations() {
		names[r.FunctionName]++
	}
	assert.Equal(t, map[string]int{"inner": 1, "outer": 3}, names)
}

// The service is safe for concurrent use: invocations from many
// goroutines at one virtual instant each get their own environment and
// request ID, and every one is counted (run with -race).
func TestConcurrentInvokesFromGoroutines(t *testing.T) {
	const workers, each = 8, 50
	svc, clk := invSetup(t, lambda.WithHistory())
	var mu sync.Mutex
	seen := make(map[string]bool)
	for _, name := range []string{"a", "b"} {
		invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: name, Code: lambda.Code{
			Handler: func(ctx context.Context, p []byte) ([]byte, error) {
				ic, _ := lambda.FromContext(ctx)
				mu.Lock()
				seen[ic.RequestID] = true
				mu.Unlock()
				return p, nil
			},
			Duration: lambda.FixedDuration(time.Second),
		}})
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			name := []string{"a", "b"}[w%2]
			for i := range each {
				payload := fmt.Appendf(nil, `{"w":%d,"i":%d}`, w, i)
				out, err := svc.Invoke(context.Background(), &lambda.InvokeInput{FunctionName: name, Payload: payload})
				if !assert.NoError(t, err) {
					return
				}
				assert.Equal(t, string(payload), string(out.Payload))
				svc.Inspect().Stats(name)
			}
		})
	}
	wg.Wait()

	assert.Len(t, seen, workers*each, "request IDs are unique")
	assert.Len(t, svc.Inspect().Invocations(), workers*each)
	for _, name := range []string{"a", "b"} {
		st := invStats(t, svc, name)
		assert.Equal(t, workers*each/2, st.Invocations)
		assert.Equal(t, workers*each/2, st.ColdStarts, "all overlap at one instant")
		assert.Equal(t, workers*each/2, st.ConcurrentExecutions)
		assert.Equal(t, workers*each/2, st.PeakConcurrentExecutions)
	}
	clk.Advance(time.Second)
	assert.Equal(t, 0, invStats(t, svc, "a").ConcurrentExecutions)
	assert.Equal(t, workers*each/2, svc.Inspect().WarmEnvironments("a"))
}

// Invoke with a cancelled context returns the context's error and runs
// nothing.
func TestInvokeWithCancelledContext(t *testing.T) {
	svc, _ := invSetup(t)
	c := &invCounter{}
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{Handler: c.handler}})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := svc.Invoke(ctx, &lambda.InvokeInput{FunctionName: "f"})
	assert.True(t, errors.Is(err, context.Canceled))
	assert.Equal(t, 0, c.n)
}

// rvRole and rvStart are the role and the start of the reservation tests
// and of others that share their helpers.
const rvRole = "arn:aws:iam::000000000000:role/r"

var rvStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// rvFn creates a function with the longest timeout.
func rvFn(t *testing.T, svc *lambda.Service, name string, code lambda.Code) {
	t.Helper()
	_, err := svc.CreateFunction(context.Background(), &lambda.CreateFunctionInput{FunctionName: name, Role: rvRole, Timeout: 900 * time.Second, Code: code})
	require.NoError(t, err)
}

// rvLong is code that does nothing for d.
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
	_, err = svc.DeleteFunctionConcurrency(t.Context(), &lambda.DeleteFunctionConcurrencyInput{FunctionName: "a"})
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
