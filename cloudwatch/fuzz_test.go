package cloudwatch_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloudwatch"
)

// Fuzz tests: any input gives an AWS error or a correct result, never a
// panic, and a refused input changes nothing (DESIGN: "What bad input
// gets").

// fzRequireAWSError checks that err is a *cloudwatch.Error with a code
// and a 4xx status.
func fzRequireAWSError(t *testing.T, err error) {
	t.Helper()
	var e *cloudwatch.Error
	require.True(t, errors.As(err, &e), "not a *cloudwatch.Error: %T %v", err, err)
	require.NotEmpty(t, e.Code)
	require.GreaterOrEqual(t, e.StatusCode, 400, e.Error())
	require.Less(t, e.StatusCode, 500, e.Error())
}

func FuzzPutMetricData(f *testing.F) {
	f.Add("App", "Latency", "Service", "web", 1.5, int64(0), "Seconds", 60, 2, false)
	f.Add("AWS/SQS", "", "", "", math.NaN(), int64(-30*24*3600), "Furlongs", 5, 0, true)
	f.Add(":x", "m", ":d", "v", 1e300, int64(3*3600), "", 1, 200, false)
	f.Fuzz(func(t *testing.T, namespace, name, dimName, dimValue string, value float64, offset int64, unit string, resolution, values int, set bool) {
		w := newWorld(t)
		d := cloudwatch.MetricDatum{MetricName: name, Unit: cloudwatch.StandardUnit(unit), StorageResolution: resolution}
		if offset != 0 {
			d.Timestamp = start.Add(time.Duration(offset) * time.Second)
		}
		if dimName != "" || dimValue != "" {
			d.Dimensions = []cloudwatch.Dimension{{Name: dimName, Value: dimValue}}
		}
		switch {
		case set:
			d.StatisticValues = &cloudwatch.StatisticSet{SampleCount: value, Sum: value, Minimum: value, Maximum: value}
		case values > 0:
			d.Values = make([]float64, values%200)
			for i := range d.Values {
				d.Values[i] = value * float64(i)
			}
		default:
			d.Value = &value
		}
		_, err := w.cw.PutMetricData(t.Context(), &cloudwatch.PutMetricDataInput{Namespace: namespace, MetricData: []cloudwatch.MetricDatum{d}})
		if err != nil {
			fzRequireAWSError(t, err)
			require.Empty(t, w.cw.Inspect().Metrics(), "a refused put stores nothing")
			return
		}
		require.Len(t, w.cw.Inspect().Metrics(), 1)
		_, err = w.cw.GetMetricStatistics(t.Context(), &cloudwatch.GetMetricStatisticsInput{
			Namespace: namespace, MetricName: name, Dimensions: d.Dimensions, StartTime: start.Add(-15 * 24 * time.Hour), EndTime: start.Add(3 * time.Hour),
			Period: time.Hour, Statistics: []cloudwatch.Statistic{cloudwatch.StatisticAverage},
		})
		require.NoError(t, err)
	})
}

func FuzzPutMetricAlarm(f *testing.F) {
	f.Add("a", "App", "Latency", "Maximum", "", int64(60), 3, 2, 1.0, "GreaterThanThreshold", "missing", "arn:aws:sns:us-east-1:000000000000:t", "")
	f.Add("", "", "", "p99.9", "", int64(10), 0, 5, math.Inf(1), "Above", "zero", "alerts", "m1 + ")
	f.Add("b", "App", "X", "", "p50", int64(86400), 2, 0, 0.0, "LessThanThreshold", "", "", "IF(m1 > 2, FILL(m1, REPEAT), [m1, m1])")
	f.Fuzz(func(t *testing.T, name, namespace, metric, statistic, extended string, period int64, n, m int, threshold float64, op, treat, action, expr string) {
		w := newWorld(t)
		in := &cloudwatch.PutMetricAlarmInput{
			AlarmName: name, EvaluationPeriods: n, DatapointsToAlarm: m, Threshold: &threshold,
			ComparisonOperator: cloudwatch.ComparisonOperator(op), TreatMissingData: cloudwatch.TreatMissingData(treat),
		}
		if action != "" {
			in.AlarmActions = []string{action}
		}
		p := time.Duration(period) * time.Second
		if expr != "" {
			in.Metrics = []cloudwatch.MetricDataQuery{
				{Id: "m1", ReturnData: cloudwatch.Bool(false), MetricStat: &cloudwatch.MetricStat{Metric: cloudwatch.Metric{Namespace: namespace, MetricName: metric}, Period: p, Stat: statistic}},
				{Id: "e1", Expression: expr},
			}
		} else {
			in.Namespace, in.MetricName, in.Period = namespace, metric, p
			in.Statistic, in.ExtendedStatistic = cloudwatch.Statistic(statistic), extended
		}
		_, err := w.cw.PutMetricAlarm(t.Context(), in)
		if err != nil {
			fzRequireAWSError(t, err)
			require.Empty(t, w.cw.Inspect().Alarms(), "a refused alarm is not made")
			require.Zero(t, w.clk.Pending(), "nor scheduled")
			return
		}
		// A made alarm evaluates without panicking, on data or none.
		v := threshold
		if math.Abs(v) > 1e100 {
			v = 1
		}
		_, _ = w.cw.PutMetricData(t.Context(), &cloudwatch.PutMetricDataInput{Namespace: namespace, MetricData: []cloudwatch.MetricDatum{{MetricName: metric, Value: &v}}})
		w.clk.Advance(3 * p)
		_, ok := w.cw.Inspect().Alarm(name)
		require.True(t, ok)
	})
}

// FuzzPutCompositeAlarm: any AlarmRule gives a coded error and no alarm,
// or a composite alarm in ALARM or OK.
func FuzzPutCompositeAlarm(f *testing.F) {
	f.Add("ALARM(a) AND NOT (OK(\"b\") OR INSUFFICIENT_DATA(a))")
	f.Add("((TRUE")
	f.Add("NOT NOT false or ALARM(arn:aws:cloudwatch:us-east-1:000000000000:alarm:a)")
	f.Add(`ALARM("a`)
	f.Fuzz(func(t *testing.T, rule string) {
		w := newWorld(t)
		w.alarm(t, "a", 1, 1, "", nil)
		w.alarm(t, "b", 1, 1, "", nil)
		_, err := w.cw.PutCompositeAlarm(t.Context(), &cloudwatch.PutCompositeAlarmInput{AlarmName: "x", AlarmRule: rule})
		info, ok := w.cw.Inspect().Alarm("x")
		if err != nil {
			fzRequireAWSError(t, err)
			require.False(t, ok, "a refused rule made an alarm")
			return
		}
		require.True(t, ok)
		require.Contains(t, []cloudwatch.StateValue{cloudwatch.StateAlarm, cloudwatch.StateOK}, info.State)
	})
}
