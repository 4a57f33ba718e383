package lambda_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
)

// metStart is on a minute boundary, as CloudWatch's periods are.
var metStart = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// metStat returns the minute's datapoint of a function's metric starting
// at from, and false when there is none.
func metStat(t *testing.T, cw *cloudwatch.Service, fn, metric string, from time.Time) (cloudwatch.Datapoint, bool) {
	t.Helper()
	out, err := cw.GetMetricStatistics(context.Background(), &cloudwatch.GetMetricStatisticsInput{
		Namespace: "AWS/Lambda", MetricName: metric, Dimensions: []cloudwatch.Dimension{{Name: "FunctionName", Value: fn}},
		StartTime: from, EndTime: from.Add(time.Minute), Period: time.Minute,
		Statistics: []cloudwatch.Statistic{cloudwatch.StatisticSum, cloudwatch.StatisticSampleCount, cloudwatch.StatisticMinimum, cloudwatch.StatisticMaximum},
	})
	require.NoError(t, err)
	if len(out.Datapoints) == 0 {
		return cloudwatch.Datapoint{}, false
	}
	return out.Datapoints[0], true
}

// Lambda publishes per function per minute: invocations, errors and
// throttles counted, Duration as a statistic of the minute's invocations
// in milliseconds, ConcurrentExecutions as the minute's peak; a minute
// without activity has no datapoint (AWS Lambda Developer Guide: "Types
// of metrics for Lambda functions").
func TestMetricsDescribeEachMinutesInvocations(t *testing.T) {
	ctx := context.Background()
	clk := sim.NewClock(metStart)
	cw := cloudwatch.New(cloudwatch.WithAccount(cloud.New(cloud.WithClock(clk))))
	fns := lambda.New(lambda.WithMetrics(cw))
	_, err := fns.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: "resize", Role: "arn:aws:iam::000000000000:role/r",
		Code: lambda.Code{
			Handler: func(_ context.Context, p []byte) ([]byte, error) {
				if string(p) == `"bad"` {
					return nil, errors.New("bad image")
				}
				return p, nil
			},
			Duration: func(p []byte) time.Duration { return time.Duration(len(p)) * 50 * time.Millisecond },
		},
	})
	require.NoError(t, err)
	clk.Advance(time.Second) // Pending → Active
	for _, p := range []string{`1`, `"ok"`, `"bad"`} {
		_, err := fns.Invoke(ctx, &lambda.InvokeInput{FunctionName: "resize", Payload: []byte(p)})
		require.NoError(t, err)
		clk.Advance(time.Second)
	}
	clk.Advance(2 * time.Minute)

	sum := func(metric string) float64 {
		d, ok := metStat(t, cw, "resize", metric, metStart)
		require.True(t, ok, metric)
		return *d.Sum
	}
	assert.Equal(t, 3.0, sum(lambda.MetricInvocations))
	assert.Equal(t, 1.0, sum(lambda.MetricErrors))
	assert.Equal(t, 0.0, sum(lambda.MetricThrottles))
	d, ok := metStat(t, cw, "resize", lambda.MetricDuration, metStart)
	require.True(t, ok)
	assert.Equal(t, 3.0, *d.SampleCount)
	assert.Equal(t, 50.0, *d.Minimum)
	assert.Equal(t, 250.0, *d.Maximum)
	assert.Equal(t, 500.0, *d.Sum)
	c, ok := metStat(t, cw, "resize", lambda.MetricConcurrentExecutions, metStart)
	require.True(t, ok)
	assert.Equal(t, 1.0, *c.Maximum, "one at a time")

	_, ok = metStat(t, cw, "resize", lambda.MetricInvocations, metStart.Add(time.Minute))
	assert.False(t, ok, "no datapoint for a minute without activity")
}

// AsyncEventAge is "the time between when Lambda successfully queues the
// event and when the function is invoked", and grows as an event is
// retried (AWS Lambda Developer Guide: "Types of metrics for Lambda
// functions", asynchronous invocation metrics): the first attempt of an
// event invoked at once is 0 ms old, its retry a minute after the failed
// 200 ms attempt 60,200 ms old. Synchronous invocations add nothing.
func TestAsyncEventAgeIsTheTimeFromQueueingToEachInvocation(t *testing.T) {
	clk := sim.NewClock(metStart)
	cw := cloudwatch.New(cloudwatch.WithAccount(cloud.New(cloud.WithClock(clk))))
	fns := lambda.New(lambda.WithMetrics(cw))
	calls := 0
	invCreate(t, fns, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{
		Handler: func(context.Context, []byte) ([]byte, error) {
			if calls++; calls == 2 {
				return nil, errors.New("first attempt fails")
			}
			return nil, nil
		},
		Duration: lambda.FixedDuration(200 * time.Millisecond),
	}})
	clk.Advance(time.Second) // Pending → Active
	invInvoke(t, fns, lambda.InvokeInput{FunctionName: "f"})
	invEvent(t, fns, "f", `{}`)
	clk.Advance(3 * time.Minute)
	require.Equal(t, 3, calls)

	d, ok := metStat(t, cw, "f", lambda.MetricAsyncEventAge, metStart)
	require.True(t, ok)
	assert.Equal(t, cloudwatch.UnitMilliseconds, d.Unit)
	assert.Equal(t, []float64{1, 0}, []float64{*d.SampleCount, *d.Maximum}, "the event's first attempt, at once; not the synchronous call")
	d, ok = metStat(t, cw, "f", lambda.MetricAsyncEventAge, metStart.Add(time.Minute))
	require.True(t, ok)
	assert.Equal(t, []float64{1, 60200}, []float64{*d.SampleCount, *d.Maximum}, "the retry")
	_, ok = metStat(t, cw, "f", lambda.MetricAsyncEventAge, metStart.Add(2*time.Minute))
	assert.False(t, ok, "no datapoint for a minute without asynchronous invocations")
}
