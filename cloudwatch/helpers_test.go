package cloudwatch_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/sim"
)

// start is where every test's clock begins: a minute boundary.
var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

const (
	topicARN  = "arn:aws:sns:us-east-1:000000000000:alerts"
	policyARN = "arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:8d1e6c2a-4b4f-4c9d-9a57-3f2e1f0b7c11:autoScalingGroupName/workers:policyName/scale-out"
)

// fake is a service that joins the account for one namespace and records
// what is delivered to it.
type fake struct {
	mu         sync.Mutex
	err        error
	deliveries []delivered
}

type delivered struct {
	At     time.Time
	Target string
	Body   string
}

func (f *fake) join(a *cloud.Account, namespace string) *fake {
	a.Join(namespace, "fake "+namespace, func(_ context.Context, target string, m cloud.Message) error {
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.err != nil {
			return f.err
		}
		f.deliveries = append(f.deliveries, delivered{At: a.Clock().Now(), Target: target, Body: m.Body})
		return nil
	})
	return f
}

func (f *fake) got() []delivered {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]delivered(nil), f.deliveries...)
}

// world is a CloudWatch on a sim.Clock in an account with fake SNS and
// Auto Scaling.
type world struct {
	clk        *sim.Clock
	acct       *cloud.Account
	cw         *cloudwatch.Service
	topics     *fake
	autoscaler *fake
}

func newWorld(t testing.TB, opts ...cloudwatch.Option) *world {
	t.Helper()
	clk := sim.NewClock(start)
	acct := cloud.New(cloud.WithClock(clk))
	w := &world{clk: clk, acct: acct}
	w.topics = (&fake{}).join(acct, "sns")
	w.autoscaler = (&fake{}).join(acct, "autoscaling")
	w.cw = cloudwatch.New(append([]cloudwatch.Option{cloudwatch.WithAccount(acct)}, opts...)...)
	return w
}

// put publishes one value of the test metric at the clock's time.
func (w *world) put(t testing.TB, v float64) {
	t.Helper()
	_, err := w.cw.PutMetricData(context.Background(), &cloudwatch.PutMetricDataInput{
		Namespace: "App", MetricData: []cloudwatch.MetricDatum{{MetricName: "Latency", Value: cloudwatch.Float64(v)}},
	})
	require.NoError(t, err)
}

// alarm makes an alarm on the test metric's Maximum above threshold.
func (w *world) alarm(t testing.TB, name string, m, n int, treat cloudwatch.TreatMissingData, change func(*cloudwatch.PutMetricAlarmInput)) {
	t.Helper()
	in := &cloudwatch.PutMetricAlarmInput{
		AlarmName: name, Namespace: "App", MetricName: "Latency", Statistic: cloudwatch.StatisticMaximum,
		Period: time.Minute, EvaluationPeriods: n, DatapointsToAlarm: m, Threshold: cloudwatch.Float64(3),
		ComparisonOperator: cloudwatch.GreaterThanOrEqualToThreshold, TreatMissingData: treat,
		AlarmActions: []string{topicARN}, OKActions: []string{topicARN},
	}
	if change != nil {
		change(in)
	}
	_, err := w.cw.PutMetricAlarm(context.Background(), in)
	require.NoError(t, err)
}

func (w *world) state(t testing.TB, name string) cloudwatch.StateValue {
	t.Helper()
	a, ok := w.cw.Inspect().Alarm(name)
	require.True(t, ok, name)
	return a.State
}

// minute publishes v (unless NaN is wanted: skip) then advances a minute.
func (w *world) minute(t testing.TB, vs ...float64) {
	t.Helper()
	for _, v := range vs {
		if v >= 0 {
			w.put(t, v)
		}
		w.clk.Advance(time.Minute)
	}
}
