package cloudwatch_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloudwatch"
)

// GetMetricData returns each metric's values and those of the metric
// math over them, newest first unless asked otherwise.
func TestGetMetricDataEvaluatesMetricMath(t *testing.T) {
	w := newWorld(t)
	for _, pair := range [][2]float64{{2, 100}, {0, 50}, {5, 0}} {
		_, err := w.cw.PutMetricData(t.Context(), &cloudwatch.PutMetricDataInput{Namespace: "App", MetricData: []cloudwatch.MetricDatum{
			{MetricName: "Errors", Value: cloudwatch.Float64(pair[0])}, {MetricName: "Requests", Value: cloudwatch.Float64(pair[1])},
		}})
		require.NoError(t, err)
		w.clk.Advance(time.Minute)
	}
	// A fourth minute with errors only: requests are missing there.
	_, err := w.cw.PutMetricData(t.Context(), &cloudwatch.PutMetricDataInput{Namespace: "App", MetricData: []cloudwatch.MetricDatum{{MetricName: "Errors", Value: cloudwatch.Float64(1)}}})
	require.NoError(t, err)
	w.clk.Advance(time.Minute)

	m := func(id, name string) cloudwatch.MetricDataQuery {
		return cloudwatch.MetricDataQuery{Id: id, ReturnData: cloudwatch.Bool(false), MetricStat: &cloudwatch.MetricStat{Metric: cloudwatch.Metric{Namespace: "App", MetricName: name}, Period: time.Minute, Stat: "Sum"}}
	}
	run := func(scan cloudwatch.ScanBy, exprs ...string) map[string][]float64 {
		qs := []cloudwatch.MetricDataQuery{m("e", "Errors"), m("r", "Requests")}
		for i, x := range exprs {
			qs = append(qs, cloudwatch.MetricDataQuery{Id: "x" + string(rune('a'+i)), Expression: x})
		}
		out, err := w.cw.GetMetricData(t.Context(), &cloudwatch.GetMetricDataInput{MetricDataQueries: qs, StartTime: start, EndTime: start.Add(4 * time.Minute), ScanBy: scan})
		require.NoError(t, err)
		got := map[string][]float64{}
		for i, r := range out.MetricDataResults {
			got[exprs[i]] = r.Values
		}
		return got
	}
	got := run(cloudwatch.ScanByTimestampAscending,
		"100 * e / r", "e + r", "-e", "SUM(e)", "AVG([e, r])", "MAX([e, r])", "IF(e > 1, e, 0)", "IF(r == 0, 1)",
		"FILL(r, 0)", "FILL(r, REPEAT)", "FILL(r, LINEAR)", "DIFF(e)", "RATE(e)", "e + SUM(r)", "e >= 2 AND r > 0", "ABS(e - 3)", "PERIOD(e)")
	assert.Equal(t, []float64{2, 0}, got["100 * e / r"], "x/0 has no datapoint, nor does a missing operand")
	assert.Equal(t, []float64{102, 50, 5}, got["e + r"])
	assert.Equal(t, []float64{-2, -0, -5, -1}, got["-e"])
	assert.Equal(t, []float64{8, 8, 8, 8}, got["SUM(e)"], "a scalar on every period")
	assert.Equal(t, []float64{51, 25, 2.5, 1}, got["AVG([e, r])"])
	assert.Equal(t, []float64{100, 50, 5, 1}, got["MAX([e, r])"])
	assert.Equal(t, []float64{2, 0, 5, 0}, got["IF(e > 1, e, 0)"])
	assert.Equal(t, []float64{1}, got["IF(r == 0, 1)"])
	assert.Equal(t, []float64{100, 50, 0, 0}, got["FILL(r, 0)"])
	assert.Equal(t, []float64{100, 50, 0, 0}, got["FILL(r, REPEAT)"])
	assert.Equal(t, []float64{100, 50, 0, 0}, got["FILL(r, LINEAR)"])
	assert.Equal(t, []float64{-2, 5, -4}, got["DIFF(e)"])
	assert.Equal(t, []float64{-2.0 / 60, 5.0 / 60, -4.0 / 60}, got["RATE(e)"])
	assert.Equal(t, []float64{152, 150, 155, 151}, got["e + SUM(r)"])
	assert.Equal(t, []float64{1, 0, 0}, got["e >= 2 AND r > 0"], "no datapoint where r has none")
	assert.Equal(t, []float64{1, 3, 2, 2}, got["ABS(e - 3)"])
	assert.Equal(t, []float64{60, 60, 60, 60}, got["PERIOD(e)"])

	desc := run("", "e")
	assert.Equal(t, []float64{1, 5, 0, 2}, desc["e"], "newest first by default")
}

// Expressions AWS would refuse are refused before anything runs.
func TestGetMetricDataRefusesBadQueries(t *testing.T) {
	w := newWorld(t)
	metric := &cloudwatch.MetricStat{Metric: cloudwatch.Metric{Namespace: "App", MetricName: "X"}, Period: time.Minute, Stat: "Sum"}
	for _, c := range []struct {
		name string
		qs   []cloudwatch.MetricDataQuery
		want error
	}{
		{"no queries", nil, cloudwatch.ErrMissingRequiredParameterException},
		{"uppercase id", []cloudwatch.MetricDataQuery{{Id: "M1", MetricStat: metric}}, cloudwatch.ErrInvalidParameterValueException},
		{"two ids alike", []cloudwatch.MetricDataQuery{{Id: "m", MetricStat: metric}, {Id: "m", MetricStat: metric}}, cloudwatch.ErrInvalidParameterValueException},
		{"both", []cloudwatch.MetricDataQuery{{Id: "m", MetricStat: metric, Expression: "1"}}, cloudwatch.ErrInvalidParameterCombinationException},
		{"neither", []cloudwatch.MetricDataQuery{{Id: "m"}}, cloudwatch.ErrInvalidParameterCombinationException},
		{"unknown id", []cloudwatch.MetricDataQuery{{Id: "m", MetricStat: metric}, {Id: "e", Expression: "m + n"}}, cloudwatch.ErrInvalidParameterValueException},
		{"syntax", []cloudwatch.MetricDataQuery{{Id: "m", MetricStat: metric}, {Id: "e", Expression: "m +"}}, cloudwatch.ErrInvalidParameterValueException},
		{"unknown function", []cloudwatch.MetricDataQuery{{Id: "m", MetricStat: metric}, {Id: "e", Expression: "SEARCH(m)"}}, cloudwatch.ErrInvalidParameterValueException},
		{"itself", []cloudwatch.MetricDataQuery{{Id: "e", Expression: "e + 1"}}, cloudwatch.ErrInvalidParameterValueException},
		{"no metric", []cloudwatch.MetricDataQuery{{Id: "e", Expression: "1 + 1"}}, cloudwatch.ErrInvalidParameterValueException},
		{"bad stat", []cloudwatch.MetricDataQuery{{Id: "m", MetricStat: &cloudwatch.MetricStat{Metric: metric.Metric, Period: time.Minute, Stat: "Median"}}}, cloudwatch.ErrInvalidParameterValueException},
	} {
		_, err := w.cw.GetMetricData(t.Context(), &cloudwatch.GetMetricDataInput{MetricDataQueries: c.qs, StartTime: start, EndTime: start.Add(time.Hour)})
		assert.ErrorIs(t, err, c.want, c.name)
	}
}

// PutMetricAlarm refuses what AWS refuses, with its codes, and changes
// nothing.
func TestPutMetricAlarmRefusesWhatAWSRefuses(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(*cloudwatch.PutMetricAlarmInput)
		want   error
	}{
		{"no name", func(in *cloudwatch.PutMetricAlarmInput) { in.AlarmName = "" }, cloudwatch.ErrMissingRequiredParameterException},
		{"control character", func(in *cloudwatch.PutMetricAlarmInput) { in.AlarmName = "a\nb" }, cloudwatch.ErrInvalidParameterValueException},
		{"no evaluation periods", func(in *cloudwatch.PutMetricAlarmInput) { in.EvaluationPeriods = 0 }, cloudwatch.ErrMissingRequiredParameterException},
		{"no threshold", func(in *cloudwatch.PutMetricAlarmInput) { in.Threshold = nil }, cloudwatch.ErrMissingRequiredParameterException},
		{"M over N", func(in *cloudwatch.PutMetricAlarmInput) { in.DatapointsToAlarm = 4 }, cloudwatch.ErrInvalidParameterValueException},
		{"period 20 s", func(in *cloudwatch.PutMetricAlarmInput) { in.Period = 20 * time.Second }, cloudwatch.ErrInvalidParameterValueException},
		{"over a day", func(in *cloudwatch.PutMetricAlarmInput) { in.Period, in.EvaluationPeriods = time.Hour, 25 }, cloudwatch.ErrInvalidParameterValueException},
		{"both statistics", func(in *cloudwatch.PutMetricAlarmInput) { in.ExtendedStatistic = "p99" }, cloudwatch.ErrInvalidParameterCombinationException},
		{"no statistic", func(in *cloudwatch.PutMetricAlarmInput) { in.Statistic = "" }, cloudwatch.ErrInvalidParameterCombinationException},
		{"bad comparison", func(in *cloudwatch.PutMetricAlarmInput) { in.ComparisonOperator = "Above" }, cloudwatch.ErrInvalidParameterValueException},
		{"anomaly band", func(in *cloudwatch.PutMetricAlarmInput) { in.ComparisonOperator = "GreaterThanUpperThreshold" }, cloudwatch.ErrInvalidParameterValueException},
		{"bad treatment", func(in *cloudwatch.PutMetricAlarmInput) { in.TreatMissingData = "zero" }, cloudwatch.ErrInvalidParameterValueException},
		{"action not an ARN", func(in *cloudwatch.PutMetricAlarmInput) { in.AlarmActions = []string{"alerts"} }, cloudwatch.ErrInvalidParameterValueException},
		{"six actions", func(in *cloudwatch.PutMetricAlarmInput) {
			in.OKActions = []string{topicARN, topicARN, topicARN, topicARN, topicARN, topicARN}
		}, cloudwatch.ErrInvalidParameterValueException},
		{"metric and Metrics", func(in *cloudwatch.PutMetricAlarmInput) {
			in.Metrics = []cloudwatch.MetricDataQuery{{Id: "e", Expression: "1"}}
		}, cloudwatch.ErrInvalidParameterCombinationException},
		{"two returned", func(in *cloudwatch.PutMetricAlarmInput) {
			in.MetricName, in.Namespace, in.Statistic, in.Period = "", "", "", 0
			ms := &cloudwatch.MetricStat{Metric: cloudwatch.Metric{Namespace: "App", MetricName: "X"}, Period: time.Minute, Stat: "Sum"}
			in.Metrics = []cloudwatch.MetricDataQuery{{Id: "m", MetricStat: ms}, {Id: "e", Expression: "m * 2"}}
		}, cloudwatch.ErrInvalidParameterValueException},
		{"periods differ", func(in *cloudwatch.PutMetricAlarmInput) {
			in.MetricName, in.Namespace, in.Statistic, in.Period = "", "", "", 0
			a := &cloudwatch.MetricStat{Metric: cloudwatch.Metric{Namespace: "App", MetricName: "X"}, Period: time.Minute, Stat: "Sum"}
			b := &cloudwatch.MetricStat{Metric: cloudwatch.Metric{Namespace: "App", MetricName: "Y"}, Period: 5 * time.Minute, Stat: "Sum"}
			in.Metrics = []cloudwatch.MetricDataQuery{{Id: "a", MetricStat: a, ReturnData: cloudwatch.Bool(false)}, {Id: "b", MetricStat: b, ReturnData: cloudwatch.Bool(false)}, {Id: "e", Expression: "a + b"}}
		}, cloudwatch.ErrInvalidParameterValueException},
	} {
		w := newWorld(t)
		in := &cloudwatch.PutMetricAlarmInput{
			AlarmName: "a", Namespace: "App", MetricName: "X", Statistic: cloudwatch.StatisticSum, Period: time.Minute,
			EvaluationPeriods: 3, Threshold: cloudwatch.Float64(1), ComparisonOperator: cloudwatch.GreaterThanThreshold,
		}
		c.change(in)
		_, err := w.cw.PutMetricAlarm(t.Context(), in)
		assert.ErrorIs(t, err, c.want, c.name)
		assert.Empty(t, w.cw.Inspect().Alarms(), c.name)
		assert.Empty(t, w.cw.Inspect().History(), c.name)
		assert.Zero(t, w.clk.Pending(), c.name)
	}
}

// The account's alarm quota is enforced on creation, not on update.
func TestTheAlarmQuotaIsEnforced(t *testing.T) {
	w := newWorld(t, cloudwatch.WithAlarmLimit(1))
	w.alarm(t, "a", 1, 1, "", nil)
	w.alarm(t, "a", 1, 1, "", nil)
	_, err := w.cw.PutMetricAlarm(t.Context(), &cloudwatch.PutMetricAlarmInput{
		AlarmName: "b", Namespace: "App", MetricName: "X", Statistic: cloudwatch.StatisticSum, Period: time.Minute,
		EvaluationPeriods: 1, Threshold: cloudwatch.Float64(1), ComparisonOperator: cloudwatch.GreaterThanThreshold,
	})
	assert.ErrorIs(t, err, cloudwatch.ErrLimitExceededFault)
}
