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
)

// Tests of the faults an invocation injects from the account's fault plan.

// faultPlan sets the fault plan of svc's account to one rule named
// "test" of fault that always fires, edited by edit.
func faultPlan(t testing.TB, svc *lambda.Service, fault string, edit func(*cloud.FaultRule)) {
	t.Helper()
	r := cloud.FaultRule{Name: "test", Fault: fault, Probability: 1}
	if edit != nil {
		edit(&r)
	}
	require.NoError(t, svc.Account().SetFaultPlan(r))
}

// faultEvents returns the account's Fault events in their text form,
// without their request IDs.
func faultEvents(svc *lambda.Service) []string {
	var out []string
	for _, e := range svc.Account().Events() {
		if e.Kind == "Fault" {
			e.ID = ""
			out = append(out, e.String())
		}
	}
	return out
}

// Under FaultServiceError an invocation fails with ServiceException, HTTP
// 500, before its handler runs: nothing runs, nothing is counted, and the
// environment it would have used stays warm for the next one.
func TestServiceErrorFaultFailsBeforeTheHandler(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	c := &invCounter{}
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{Handler: c.handler}})
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	clk.Advance(time.Second)

	faultPlan(t, svc, lambda.FaultServiceError, func(r *cloud.FaultRule) { r.Count = 1 })
	_, err := svc.Invoke(context.Background(), &lambda.InvokeInput{FunctionName: "f"})
	require.ErrorIs(t, err, lambda.ErrServiceException)
	assert.Equal(t, 500, invStatus(t, err))
	assert.Equal(t, 1, c.n, "the handler did not run")
	assert.Equal(t, 1, invStats(t, svc, "f").Invocations)

	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	assert.False(t, invLast(t, svc).ColdStart, "the environment stayed warm")
	assert.Equal(t, 1, invLast(t, svc).EnvironmentID)
	assert.Equal(t, []string{"2026-01-01T00:00:01.000Z lambda Fault f fault=ServiceError rule=test"}, faultEvents(svc))
}

// An Event invocation that Lambda fails with a service error is retried
// with backoff, 1 and then 2 seconds later, as throttles are, and runs
// once the faults stop.
func TestServiceErrorFaultRetriesAnEventInvocation(t *testing.T) {
	svc, clk := invSetup(t)
	var ran []time.Duration
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{Handler: func(context.Context, []byte) ([]byte, error) {
		ran = append(ran, clk.Now().Sub(invStart))
		return nil, nil
	}}})
	faultPlan(t, svc, lambda.FaultServiceError, func(r *cloud.FaultRule) { r.Count = 2 })
	invEvent(t, svc, "f", `{}`)
	assert.Equal(t, []time.Duration{0, time.Second, 3 * time.Second}, invEventTimes(t, clk, invStart, 10))
	assert.Equal(t, []time.Duration{3 * time.Second}, ran)
	assert.Equal(t, map[string]int{"test": 2}, svc.Account().FaultsFired())
}

// A mapping's batch that Lambda fails with a service error comes back
// after the queue's visibility timeout, and is processed then.
func TestServiceErrorFaultReturnsAMappingBatch(t *testing.T) {
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", esmVisibility(30*time.Second))
	f := esmFunction(t, env, "worker", 0, time.Second, nil)
	faultPlan(t, env.fns, lambda.FaultServiceError, func(r *cloud.FaultRule) { r.Count = 1 })
	esmSend(t, env, url, "m")
	esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})
	assert.Empty(t, f.batches)

	env.clk.Advance(time.Minute)
	require.Len(t, f.batches, 1)
	assert.False(t, f.batches[0].At.Before(esmStart.Add(30*time.Second)), "batch at %v", f.batches[0].At)
	assert.Equal(t, "2", f.batches[0].Records[0].Attributes["ApproximateReceiveCount"])
	assert.Equal(t, 1, esmQueueStats(t, env, url).Deleted)
}

// Under FaultThrottle an invocation is throttled with nothing else
// running: TooManyRequestsException, HTTP 429, with Lambda's invocation
// rate limit as its Reason, counted in Throttles.
func TestThrottleFaultThrottlesBelowTheConcurrencyLimit(t *testing.T) {
	svc, _ := invSetup(t)
	c := &invCounter{}
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{Handler: c.handler}})
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "g"})
	faultPlan(t, svc, lambda.FaultThrottle, func(r *cloud.FaultRule) { r.Resource = "f" })
	_, err := svc.Invoke(context.Background(), &lambda.InvokeInput{FunctionName: "f"})
	invThrottled(t, err, lambda.ReasonFunctionInvocationRateLimitExceeded)
	assert.Equal(t, 0, c.n)
	assert.Equal(t, 1, invStats(t, svc, "f").Throttles)
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "g"}) // the rule is for f only
}

// Under FaultSlowColdStart a cold start takes the rule's Delay longer
// (a second when it names none); a warm start is not slowed.
func TestSlowColdStartFaultLengthensInit(t *testing.T) {
	for _, c := range []struct {
		delay, want time.Duration
	}{{2 * time.Second, 2300 * time.Millisecond}, {0, 1300 * time.Millisecond}} {
		svc, clk := invSetup(t, lambda.WithHistory())
		invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{
			InitDuration: 300 * time.Millisecond, Duration: lambda.FixedDuration(100 * time.Millisecond),
		}})
		faultPlan(t, svc, lambda.FaultSlowColdStart, func(r *cloud.FaultRule) { r.Delay = c.delay })
		out := invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
		cold := invLast(t, svc)
		assert.True(t, cold.ColdStart)
		assert.Equal(t, c.want, cold.InitDuration)
		assert.Equal(t, c.want+100*time.Millisecond, out.Duration)

		clk.Advance(time.Minute)
		invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
		warm := invLast(t, svc)
		assert.False(t, warm.ColdStart)
		assert.Zero(t, warm.InitDuration)
		assert.Equal(t, map[string]int{"test": 1}, svc.Account().FaultsFired(), "a warm start is no opportunity")
	}
}

// faultRun invokes f 60 times, a second apart, under plan, and returns
// what each invocation gave: its error code, or its request ID, cold
// start and init.
func faultRun(t *testing.T, seed uint64, plan ...cloud.FaultRule) []string {
	t.Helper()
	svc, clk := invSetup(t, lambda.WithHistory(), lambda.WithSeed(seed), lambda.WithIdleTimeout(2*time.Second))
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{InitDuration: 200 * time.Millisecond}})
	require.NoError(t, svc.Account().SetFaultPlan(plan...))
	var log []string
	for i := range 60 {
		_, err := svc.Invoke(context.Background(), &lambda.InvokeInput{FunctionName: "f"})
		var e *lambda.Error
		switch {
		case errors.As(err, &e):
			log = append(log, e.Code)
		case err != nil:
			t.Fatal(err)
		default:
			inv := invLast(t, svc)
			log = append(log, inv.RequestID+" "+inv.InitDuration.String())
		}
		clk.Advance(time.Duration(1+i%3) * time.Second)
	}
	return log
}

// The same seed draws the same faults: two runs of one scenario under a
// probabilistic plan give the same outcomes, and the plan did fire.
func TestLambdaFaultsReplayFromTheSeed(t *testing.T) {
	plan := []cloud.FaultRule{
		{Name: "500", Fault: lambda.FaultServiceError, Probability: 0.2},
		{Name: "429", Fault: lambda.FaultThrottle, Probability: 0.2},
		{Name: "slow", Fault: lambda.FaultSlowColdStart, Probability: 0.5, Delay: 3 * time.Second},
	}
	first := faultRun(t, 7, plan...)
	assert.Equal(t, first, faultRun(t, 7, plan...))
	joined := strings.Join(first, "\n")
	for _, want := range []string{"ServiceException", "TooManyRequestsException", " 3.2s", " 200ms"} {
		assert.Contains(t, joined, want)
	}
}

// Without a plan for lambda, invocations are exactly as without any plan:
// the same request IDs, cold starts and outcomes.
func TestNoLambdaFaultWithoutAPlanForIt(t *testing.T) {
	none := faultRun(t, 7)
	assert.Equal(t, none, faultRun(t, 7, cloud.FaultRule{Name: "other", Fault: "sqs:Redeliver", Probability: 1}))
	assert.NotContains(t, strings.Join(none, "\n"), "Exception")
}
