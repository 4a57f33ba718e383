package lambda_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
)

// Scenario tests of asynchronous (Event) invocation: queueing, retries of
// function errors and of throttles (AWS Lambda Developer Guide: "Invoking a
// Lambda function asynchronously", "How Lambda handles errors and retries
// with asynchronous invocation").

// invEvent invokes asynchronously and requires 202.
func invEvent(t testing.TB, svc *lambda.Service, name string, payload string) {
	t.Helper()
	out := invInvoke(t, svc, lambda.InvokeInput{FunctionName: name, InvocationType: lambda.InvocationTypeEvent, Payload: []byte(payload)})
	require.Equal(t, http.StatusAccepted, out.StatusCode)
	require.Empty(t, out.Payload)
	require.Empty(t, out.FunctionError)
}

// invEventTimes steps the clock through every pending event and returns
// when each ran, as offsets from start.
func invEventTimes(t testing.TB, clk *sim.Clock, start time.Time, max int) []time.Duration {
	t.Helper()
	var at []time.Duration
	for range max {
		next, ok := clk.Next()
		if !ok {
			return at
		}
		at = append(at, next.Sub(start))
		clk.Step()
	}
	t.Fatalf("still events pending after %d", max)
	return nil
}

// An Event invocation is accepted with 202 and queued: it runs when the
// clock next advances, at the instant it was queued, never on the
// caller's goroutine within Invoke (AWS Lambda Developer Guide: "Invoking
// a Lambda function asynchronously").
func TestEventReturns202AndRunsWhenClockAdvances(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	var got []string
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{
		Handler: func(_ context.Context, p []byte) ([]byte, error) {
			got = append(got, string(p))
			return []byte(`"ignored"`), nil
		},
	}})
	clk.Advance(time.Minute)
	queuedAt := clk.Now()
	payload := []byte(`{"n":1}`)
	out := invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f", InvocationType: lambda.InvocationTypeEvent, Payload: payload})
	assert.Equal(t, http.StatusAccepted, out.StatusCode)
	assert.Empty(t, out.Payload)
	copy(payload, `{"n":2}`) // the caller may reuse its buffer
	assert.Empty(t, got, "nothing runs within Invoke")
	assert.Equal(t, 0, invStats(t, svc, "f").Invocations)
	assert.Equal(t, 1, clk.Pending())

	clk.Advance(time.Second)
	assert.Equal(t, []string{`{"n":1}`}, got)
	rec := invLast(t, svc)
	assert.Equal(t, queuedAt, rec.Start, "it ran at the instant it was queued")
	assert.Equal(t, 1, rec.Attempt)
	assert.Empty(t, rec.FunctionError)
	assert.Equal(t, 0, clk.Pending())
}

// A function error is retried twice, about one minute and then two
// minutes later, and then the event is dropped (AWS Lambda Developer
// Guide: "How Lambda handles errors and retries with asynchronous
// invocation"; no dead-letter queue yet, doc.go).
func TestFailingEventIsRetriedTwiceThenDropped(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	calls := 0
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{
		Handler: func(context.Context, []byte) ([]byte, error) {
			calls++
			return nil, errors.New("always")
		},
		Duration: lambda.FixedDuration(200 * time.Millisecond),
	}})
	clk.Advance(time.Minute)
	t0 := clk.Now()
	invEvent(t, svc, "f", `{}`)

	// Each wait runs from the end of the failed attempt (200 ms long).
	second, third := time.Minute+200*time.Millisecond, 3*time.Minute+400*time.Millisecond
	assert.Equal(t, []time.Duration{0, second, third}, invEventTimes(t, clk, t0, 10))
	recs := svc.Inspect().Invocations()
	require.Len(t, recs, 3)
	for i, r := range recs {
		assert.Equal(t, i+1, r.Attempt)
		assert.Equal(t, "Unhandled", r.FunctionError)
	}
	assert.Equal(t, t0, recs[0].Start)
	assert.Equal(t, t0.Add(second), recs[1].Start)
	assert.Equal(t, t0.Add(third), recs[2].Start)
	assert.Equal(t, recs[0].RequestID, recs[1].RequestID, "retries of an event keep its request ID")

	clk.Advance(24 * time.Hour)
	assert.Equal(t, 3, calls, "dropped after the second retry")
	st := invStats(t, svc, "f")
	assert.Equal(t, 3, st.Invocations)
	assert.Equal(t, 3, st.Errors)
}

// A timeout is a function error too, and is retried.
func TestTimedOutEventIsRetried(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{
		Handler: invEcho, Duration: lambda.FixedDuration(time.Hour),
	}})
	invEvent(t, svc, "f", `{}`)
	// Each attempt lasts the 3-second timeout; the waits run from its end.
	assert.Equal(t, []time.Duration{0, 63 * time.Second, 186 * time.Second}, invEventTimes(t, clk, invStart, 10))
	for _, r := range svc.Inspect().Invocations() {
		assert.True(t, r.ColdStart, "a timeout resets the environment")
	}
}

// An event that fails once and then succeeds runs twice and is done.
func TestEventSucceedingOnRetryStops(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	calls := 0
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{
		Handler: func(_ context.Context, p []byte) ([]byte, error) {
			calls++
			if calls == 1 {
				return nil, errors.New("first time")
			}
			return p, nil
		},
	}})
	invEvent(t, svc, "f", `{}`)
	assert.Equal(t, []time.Duration{0, time.Minute + time.Millisecond}, invEventTimes(t, clk, invStart, 10), "a minute after the 1 ms attempt ended")
	recs := svc.Inspect().Invocations()
	require.Len(t, recs, 2)
	assert.Equal(t, 2, recs[1].Attempt)
	assert.Empty(t, recs[1].FunctionError)
}

// An event that succeeds runs once.
func TestSucceedingEventRunsOnce(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	c := &invCounter{}
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{Handler: c.handler}})
	invEvent(t, svc, "f", `{}`)
	clk.Advance(24 * time.Hour)
	assert.Equal(t, 1, c.n)
	recs := svc.Inspect().Invocations()
	require.Len(t, recs, 1)
	assert.Equal(t, 1, recs[0].Attempt)
	assert.Equal(t, 0, clk.Pending())
	assert.Equal(t, 1, invStats(t, svc, "f").Invocations)
}

// Several events queued at one instant run in the order they were queued.
func TestEventsRunInOrder(t *testing.T) {
	svc, clk := invSetup(t)
	var got []string
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{
		Handler: func(_ context.Context, p []byte) ([]byte, error) {
			got = append(got, string(p))
			return nil, nil
		},
	}})
	for _, p := range []string{`1`, `2`, `3`, `4`} {
		invEvent(t, svc, "f", p)
	}
	clk.Advance(0)
	assert.Equal(t, []string{`1`, `2`, `3`, `4`}, got)
}

// An event of a function whose concurrency is reserved to zero is not
// retried: it goes straight to the dead-letter queue or on-failure
// destination, and here, with neither, nowhere (AWS Lambda Developer
// Guide: "Capturing records of Lambda asynchronous invocations").
func TestEventOfFunctionReservedToZeroIsNotRetried(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	c := &invCounter{}
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{Handler: c.handler}})
	invReserve(t, svc, "f", 0)
	invEvent(t, svc, "f", `{}`)

	assert.Equal(t, []time.Duration{0}, invEventTimes(t, clk, invStart, 1000))
	st := invStats(t, svc, "f")
	assert.Equal(t, 1, st.Throttles)
	assert.Equal(t, 0, c.n)
}

// A throttled event runs once concurrency is available again, as its
// first attempt: throttles are not retries of a function error.
func TestThrottledEventRunsWhenConcurrencyIsFree(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	c := &invCounter{}
	invLong(t, svc, "f", 10*time.Second, c)
	invReserve(t, svc, "f", 1)
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"}) // busy for 10 s
	invEvent(t, svc, "f", `{}`)
	// Throttled at 0, 1, 3 and 7 s; the retry at 15 s finds it free.
	assert.Equal(t, []time.Duration{0, time.Second, 3 * time.Second, 7 * time.Second, 15 * time.Second}, invEventTimes(t, clk, invStart, 100))
	assert.Equal(t, 2, c.n)
	rec := invLast(t, svc)
	assert.Equal(t, invStart.Add(15*time.Second), rec.Start)
	assert.Equal(t, 1, rec.Attempt)
	assert.False(t, rec.ColdStart)
	assert.Equal(t, 4, invStats(t, svc, "f").Throttles)
}

// An Event payload is limited to 1 MB: RequestTooLargeException (413);
// the same payload is fine synchronously (AWS Lambda API Reference:
// Invoke; AWS Lambda Developer Guide: "Lambda quotas").
func TestEventPayloadOver1MBIsRequestTooLarge(t *testing.T) {
	svc, clk := invSetup(t)
	c := &invCounter{}
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{Handler: c.handler}})
	jsonOf := func(n int) []byte { return []byte(`"` + strings.Repeat("a", n-2) + `"`) }

	out, err := svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "f", InvocationType: lambda.InvocationTypeEvent, Payload: jsonOf(1024*1024 + 1)})
	require.ErrorIs(t, err, lambda.ErrRequestTooLargeException)
	assert.Equal(t, http.StatusRequestEntityTooLarge, invStatus(t, err))
	assert.ErrorContains(t, err, "1048577 byte payload is too large for the Event invocation type (limit 1048576 bytes)")
	assert.Nil(t, out)
	assert.Equal(t, 0, clk.Pending(), "nothing queued")

	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f", Payload: jsonOf(1024*1024 + 1)})
	assert.Equal(t, 1, c.n)
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f", InvocationType: lambda.InvocationTypeEvent, Payload: jsonOf(lambda.MaxAsyncPayload)})
	clk.Advance(time.Second)
	assert.Equal(t, 2, c.n)
}

// An Event invocation of a function that does not exist fails at Invoke
// with ResourceNotFoundException, and queues nothing; a bad payload does
// too.
func TestEventUnknownFunctionFailsAtInvoke(t *testing.T) {
	svc, clk := invSetup(t)
	out, err := svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "ghost", InvocationType: lambda.InvocationTypeEvent, Payload: []byte(`{}`)})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	assert.Equal(t, http.StatusNotFound, invStatus(t, err))
	assert.Contains(t, err.Error(), "Function not found: "+invARNPrefix+"ghost")
	assert.Nil(t, out)

	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f"})
	_, err = svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "f", Qualifier: "nope", InvocationType: lambda.InvocationTypeEvent})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	_, err = svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "f", InvocationType: lambda.InvocationTypeEvent, Payload: []byte(`{`)})
	require.ErrorIs(t, err, lambda.ErrInvalidRequestContentException)
	assert.Equal(t, 0, clk.Pending())
}

// An event whose function is deleted before it runs is dropped.
func TestEventOfDeletedFunctionIsDropped(t *testing.T) {
	svc, clk := invSetup(t)
	c := &invCounter{}
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{Handler: c.handler}})
	invEvent(t, svc, "f", `{}`)
	_, err := svc.DeleteFunction(t.Context(), &lambda.DeleteFunctionInput{FunctionName: "f"})
	require.NoError(t, err)
	clk.Advance(time.Hour)
	assert.Equal(t, 0, c.n)
	assert.Equal(t, 0, clk.Pending())
}

// The same seed and the same calls give the same request IDs, for
// synchronous and asynchronous invocations alike (doc.go, Determinism).
func TestSameSeedSameRequestIDs(t *testing.T) {
	run := func(seed uint64) []string {
		svc, clk := invSetup(t, lambda.WithHistory(), lambda.WithSeed(seed))
		var ids []string
		invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{
			Handler: func(ctx context.Context, p []byte) ([]byte, error) {
				ic, _ := lambda.FromContext(ctx)
				ids = append(ids, ic.RequestID)
				if string(p) == `"fail"` {
					return nil, errors.New("fail")
				}
				return p, nil
			},
		}})
		invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
		invEvent(t, svc, "f", `"fail"`)
		invEvent(t, svc, "f", `"ok"`)
		clk.Advance(time.Hour)
		invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
		var recorded []string
		for _, r := range svc.Inspect().Invocations() {
			recorded = append(recorded, r.RequestID)
		}
		assert.Equal(t, ids, recorded)
		return ids
	}
	a, b, c := run(7), run(7), run(8)
	require.Len(t, a, 6)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c)
}
