package cloudwatch_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/sim"
)

// threeBreachingMinutes is one scenario for every clock: an alarm of 3 of
// 3 datapoints, three breaching minutes, one notification at the end of
// the third. advance moves the clock by a minute.
func threeBreachingMinutes(t *testing.T, clk clock.Clock, advance func()) {
	t.Helper()
	ctx := context.Background()
	acct := cloud.New(cloud.WithClock(clk))
	bodies := make(chan string, 10)
	acct.Join("sns", "fake sns", func(_ context.Context, _ string, m cloud.Message) error {
		bodies <- m.Body
		return nil
	})
	cw := cloudwatch.New(cloudwatch.WithAccount(acct))
	_, err := cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName: "latency", Namespace: "App", MetricName: "Latency", Statistic: cloudwatch.StatisticMaximum,
		Period: time.Minute, EvaluationPeriods: 3, Threshold: cloudwatch.Float64(3),
		ComparisonOperator: cloudwatch.GreaterThanThreshold, AlarmActions: []string{topicARN},
	})
	require.NoError(t, err)
	for range 3 {
		_, err := cw.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: "App", MetricData: []cloudwatch.MetricDatum{{MetricName: "Latency", Value: cloudwatch.Float64(5)}}})
		require.NoError(t, err)
		advance()
	}
	var body string
	select {
	case body = <-bodies:
	case <-time.After(10 * time.Second): // a real wait only with clock.Mock, whose timers fire on goroutines
		t.Fatal("no notification")
	}
	assert.Contains(t, body, `"NewStateValue":"ALARM"`)
	a, _ := cw.Inspect().Alarm("latency")
	assert.Equal(t, cloudwatch.StateAlarm, a.State)
	assert.Len(t, bodies, 0, "one notification")
}

// The scenario on a *sim.Clock: evaluations run on the advancing
// goroutine, so the notification is there when Advance returns.
func TestAlarmScenarioOnSimClock(t *testing.T) {
	clk := sim.NewClock(start)
	threeBreachingMinutes(t, clk, func() { clk.Advance(time.Minute) })
}

// The scenario on clock.Mock, whose timers fire on goroutines of their
// own: the notification arrives, and the state is right.
func TestAlarmScenarioOnMockClock(t *testing.T) {
	mock := clock.NewMock()
	mock.Set(start)
	threeBreachingMinutes(t, mock, func() { mock.Add(time.Minute) })
}

// The scenario on the real clock inside a testing/synctest bubble, where
// time moves when every goroutine of the bubble is blocked.
func TestAlarmScenarioOnRealClockInSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		threeBreachingMinutes(t, clock.New(), func() {
			time.Sleep(time.Minute)
			synctest.Wait()
		})
	})
}
