package cloudwatch_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloudwatch"
)

func stats(t *testing.T, w *world, in *cloudwatch.GetMetricStatisticsInput) []cloudwatch.Datapoint {
	t.Helper()
	if in.Namespace == "" {
		in.Namespace, in.MetricName = "App", "Latency"
	}
	out, err := w.cw.GetMetricStatistics(t.Context(), in)
	require.NoError(t, err)
	return out.Datapoints
}

// The five statistics of a period aggregate every datum in it: single
// values, statistic sets and Values with Counts alike.
func TestStatisticsAggregateEveryKindOfDatum(t *testing.T) {
	w := newWorld(t)
	_, err := w.cw.PutMetricData(t.Context(), &cloudwatch.PutMetricDataInput{Namespace: "App", MetricData: []cloudwatch.MetricDatum{
		{MetricName: "Latency", Value: cloudwatch.Float64(10)},
		{MetricName: "Latency", StatisticValues: &cloudwatch.StatisticSet{SampleCount: 4, Sum: 20, Minimum: 2, Maximum: 8}},
		{MetricName: "Latency", Values: []float64{1, 30}, Counts: []float64{3, 1}},
	}})
	require.NoError(t, err)
	w.clk.Advance(90 * time.Second)
	_, err = w.cw.PutMetricData(t.Context(), &cloudwatch.PutMetricDataInput{Namespace: "App", MetricData: []cloudwatch.MetricDatum{
		{MetricName: "Latency", Value: cloudwatch.Float64(4)},
	}})
	require.NoError(t, err)

	dps := stats(t, w, &cloudwatch.GetMetricStatisticsInput{
		StartTime: start, EndTime: start.Add(2 * time.Minute), Period: time.Minute,
		Statistics: []cloudwatch.Statistic{cloudwatch.StatisticSampleCount, cloudwatch.StatisticSum, cloudwatch.StatisticAverage, cloudwatch.StatisticMinimum, cloudwatch.StatisticMaximum},
	})
	require.Len(t, dps, 2)
	first := dps[0]
	assert.Equal(t, start, first.Timestamp)
	assert.Equal(t, 9.0, *first.SampleCount)
	assert.Equal(t, 63.0, *first.Sum)
	assert.Equal(t, 7.0, *first.Average)
	assert.Equal(t, 1.0, *first.Minimum)
	assert.Equal(t, 30.0, *first.Maximum)
	assert.Equal(t, cloudwatch.UnitNone, first.Unit)
	assert.Equal(t, 4.0, *dps[1].Sum)

	five := stats(t, w, &cloudwatch.GetMetricStatisticsInput{StartTime: start, EndTime: start.Add(5 * time.Minute), Period: 5 * time.Minute, Statistics: []cloudwatch.Statistic{cloudwatch.StatisticSum}})
	require.Len(t, five, 1)
	assert.Equal(t, 67.0, *five[0].Sum)
}

// Percentiles are exact, by nearest rank over the stored values; a
// statistic set with unequal minimum and maximum hides its values and so
// has none, and neither has a period with a negative value.
func TestPercentilesAreExactNearestRank(t *testing.T) {
	w := newWorld(t)
	var vs []float64
	for i := 100; i >= 1; i-- {
		vs = append(vs, float64(i))
	}
	_, err := w.cw.PutMetricData(t.Context(), &cloudwatch.PutMetricDataInput{Namespace: "App", MetricData: []cloudwatch.MetricDatum{
		{MetricName: "Latency", Values: vs[:50]}, {MetricName: "Latency", Values: vs[50:]},
	}})
	require.NoError(t, err)
	w.clk.Advance(time.Minute)
	dps := stats(t, w, &cloudwatch.GetMetricStatisticsInput{StartTime: start, EndTime: start.Add(time.Minute), Period: time.Minute, ExtendedStatistics: []string{"p50", "p99", "p99.5", "p100", "p0"}})
	require.Len(t, dps, 1)
	assert.Equal(t, map[string]float64{"p50": 50, "p99": 99, "p99.5": 100, "p100": 100, "p0": 1}, dps[0].ExtendedStatistics)

	_, err = w.cw.PutMetricData(t.Context(), &cloudwatch.PutMetricDataInput{Namespace: "App", MetricData: []cloudwatch.MetricDatum{
		{MetricName: "Latency", StatisticValues: &cloudwatch.StatisticSet{SampleCount: 2, Sum: 3, Minimum: 1, Maximum: 2}},
		{MetricName: "Other", Values: []float64{-1, 5}},
	}})
	require.NoError(t, err)
	w.clk.Advance(time.Minute)
	for _, name := range []string{"Latency", "Other"} {
		dps = stats(t, w, &cloudwatch.GetMetricStatisticsInput{Namespace: "App", MetricName: name, StartTime: start.Add(time.Minute), EndTime: start.Add(2 * time.Minute), Period: time.Minute, ExtendedStatistics: []string{"p50"}})
		require.Len(t, dps, 1, name)
		assert.Empty(t, dps[0].ExtendedStatistics, name)
	}
}

// Data is kept at each resolution as long as AWS keeps it: after 15 days
// 1-minute periods find nothing, 5-minute ones still do, without
// percentiles; after 63 days only 1-hour periods do.
func TestRetentionFollowsAWSsResolutions(t *testing.T) {
	w := newWorld(t)
	w.put(t, 7)
	read := func(period time.Duration) []cloudwatch.Datapoint {
		return stats(t, w, &cloudwatch.GetMetricStatisticsInput{StartTime: start, EndTime: start.Add(time.Hour), Period: period, Statistics: []cloudwatch.Statistic{cloudwatch.StatisticMaximum}})
	}
	w.clk.Advance(14 * 24 * time.Hour)
	assert.Len(t, read(time.Minute), 1)
	w.clk.Advance(2 * 24 * time.Hour)
	assert.Empty(t, read(time.Minute), "16 days: no 1-minute data")
	require.Len(t, read(5*time.Minute), 1)
	assert.Equal(t, 7.0, *read(5 * time.Minute)[0].Maximum)
	w.clk.Advance(50 * 24 * time.Hour)
	assert.Empty(t, read(5*time.Minute), "66 days: no 5-minute data")
	assert.Len(t, read(time.Hour), 1)
	w.clk.Advance(400 * 24 * time.Hour)
	assert.Empty(t, read(time.Hour), "466 days: nothing")
	assert.Zero(t, w.cw.Inspect().Metrics()[0].Buckets)
}

// High-resolution data has 1-second periods for three hours.
func TestHighResolutionDataHasSubMinutePeriods(t *testing.T) {
	w := newWorld(t)
	for i := range 20 {
		_, err := w.cw.PutMetricData(t.Context(), &cloudwatch.PutMetricDataInput{Namespace: "App", MetricData: []cloudwatch.MetricDatum{
			{MetricName: "Latency", Value: cloudwatch.Float64(float64(i)), StorageResolution: 1},
		}})
		require.NoError(t, err)
		w.clk.Advance(time.Second)
	}
	dps := stats(t, w, &cloudwatch.GetMetricStatisticsInput{StartTime: start, EndTime: start.Add(20 * time.Second), Period: 10 * time.Second, Statistics: []cloudwatch.Statistic{cloudwatch.StatisticSum}})
	require.Len(t, dps, 2)
	assert.Equal(t, 45.0, *dps[0].Sum)
	assert.Equal(t, 145.0, *dps[1].Sum)
	w.clk.Advance(4 * time.Hour)
	dps = stats(t, w, &cloudwatch.GetMetricStatisticsInput{StartTime: start, EndTime: start.Add(20 * time.Second), Period: 10 * time.Second, Statistics: []cloudwatch.Statistic{cloudwatch.StatisticSum}})
	assert.Empty(t, dps)
	dps = stats(t, w, &cloudwatch.GetMetricStatisticsInput{StartTime: start, EndTime: start.Add(time.Minute), Period: time.Minute, Statistics: []cloudwatch.Statistic{cloudwatch.StatisticSum}})
	require.Len(t, dps, 1)
	assert.Equal(t, 190.0, *dps[0].Sum)
}

// Units are kept apart: a query for one unit sees only its data.
func TestUnitsAreKeptApart(t *testing.T) {
	w := newWorld(t)
	_, err := w.cw.PutMetricData(t.Context(), &cloudwatch.PutMetricDataInput{Namespace: "App", MetricData: []cloudwatch.MetricDatum{
		{MetricName: "Latency", Value: cloudwatch.Float64(1), Unit: cloudwatch.UnitSeconds},
		{MetricName: "Latency", Value: cloudwatch.Float64(500), Unit: cloudwatch.UnitMilliseconds},
	}})
	require.NoError(t, err)
	sum := func(u cloudwatch.StandardUnit) float64 {
		dps := stats(t, w, &cloudwatch.GetMetricStatisticsInput{StartTime: start, EndTime: start.Add(time.Minute), Period: time.Minute, Statistics: []cloudwatch.Statistic{cloudwatch.StatisticSum}, Unit: u})
		if len(dps) == 0 {
			return math.NaN()
		}
		return *dps[0].Sum
	}
	assert.Equal(t, 1.0, sum(cloudwatch.UnitSeconds))
	assert.Equal(t, 500.0, sum(cloudwatch.UnitMilliseconds))
	assert.Equal(t, 501.0, sum(""))
	assert.True(t, math.IsNaN(sum(cloudwatch.UnitBytes)))
}

// ListMetrics finds metrics by namespace, name and dimension, once each
// whatever the order of its dimensions, and forgets those with no data in
// two weeks.
func TestListMetricsFiltersAndForgetsQuietMetrics(t *testing.T) {
	w := newWorld(t)
	put := func(name string, dims ...cloudwatch.Dimension) {
		_, err := w.cw.PutMetricData(t.Context(), &cloudwatch.PutMetricDataInput{Namespace: "App", MetricData: []cloudwatch.MetricDatum{{MetricName: name, Dimensions: dims, Value: cloudwatch.Float64(1)}}})
		require.NoError(t, err)
	}
	a, b := cloudwatch.Dimension{Name: "A", Value: "1"}, cloudwatch.Dimension{Name: "B", Value: "2"}
	put("Latency", a, b)
	put("Latency", b, a)
	put("Errors", a)
	out, err := w.cw.ListMetrics(t.Context(), &cloudwatch.ListMetricsInput{Namespace: "App"})
	require.NoError(t, err)
	assert.Equal(t, []cloudwatch.Metric{
		{Namespace: "App", MetricName: "Errors", Dimensions: []cloudwatch.Dimension{a}},
		{Namespace: "App", MetricName: "Latency", Dimensions: []cloudwatch.Dimension{a, b}},
	}, out.Metrics)
	out, err = w.cw.ListMetrics(t.Context(), &cloudwatch.ListMetricsInput{Dimensions: []cloudwatch.DimensionFilter{{Name: "B"}}})
	require.NoError(t, err)
	assert.Len(t, out.Metrics, 1)

	w.clk.Advance(13 * 24 * time.Hour)
	put("Errors", a)
	w.clk.Advance(2 * 24 * time.Hour)
	out, err = w.cw.ListMetrics(t.Context(), &cloudwatch.ListMetricsInput{})
	require.NoError(t, err)
	require.Len(t, out.Metrics, 1)
	assert.Equal(t, "Errors", out.Metrics[0].MetricName)
}

// PutMetricData refuses what AWS refuses, with its codes, and stores
// nothing of a refused call.
func TestPutMetricDataRefusesWhatAWSRefuses(t *testing.T) {
	v := cloudwatch.Float64(1)
	ok := cloudwatch.MetricDatum{MetricName: "Fine", Value: v}
	many := make([]cloudwatch.MetricDatum, 1001)
	for i := range many {
		many[i] = ok
	}
	dims := make([]cloudwatch.Dimension, 31)
	for i := range dims {
		dims[i] = cloudwatch.Dimension{Name: "d" + strings.Repeat("x", i), Value: "v"}
	}
	for _, c := range []struct {
		name      string
		namespace string
		data      []cloudwatch.MetricDatum
		want      error
	}{
		{"no namespace", "", []cloudwatch.MetricDatum{ok}, cloudwatch.ErrMissingRequiredParameterException},
		{"AWS/ namespace", "AWS/SQS", []cloudwatch.MetricDatum{ok}, cloudwatch.ErrInvalidParameterValueException},
		{"namespace with a colon first", ":App", []cloudwatch.MetricDatum{ok}, cloudwatch.ErrInvalidParameterValueException},
		{"no data", "App", nil, cloudwatch.ErrMissingRequiredParameterException},
		{"1,001 data", "App", many, cloudwatch.ErrInvalidParameterValueException},
		{"no metric name", "App", []cloudwatch.MetricDatum{ok, {Value: v}}, cloudwatch.ErrMissingRequiredParameterException},
		{"no value", "App", []cloudwatch.MetricDatum{{MetricName: "X"}}, cloudwatch.ErrInvalidParameterCombinationException},
		{"value and values", "App", []cloudwatch.MetricDatum{{MetricName: "X", Value: v, Values: []float64{1}}}, cloudwatch.ErrInvalidParameterCombinationException},
		{"NaN", "App", []cloudwatch.MetricDatum{{MetricName: "X", Value: cloudwatch.Float64(math.NaN())}}, cloudwatch.ErrInvalidParameterValueException},
		{"too large", "App", []cloudwatch.MetricDatum{{MetricName: "X", Value: cloudwatch.Float64(math.Ldexp(1, 361))}}, cloudwatch.ErrInvalidParameterValueException},
		{"31 dimensions", "App", []cloudwatch.MetricDatum{{MetricName: "X", Value: v, Dimensions: dims}}, cloudwatch.ErrInvalidParameterValueException},
		{"empty dimension value", "App", []cloudwatch.MetricDatum{{MetricName: "X", Value: v, Dimensions: []cloudwatch.Dimension{{Name: "A"}}}}, cloudwatch.ErrMissingRequiredParameterException},
		{"151 values", "App", []cloudwatch.MetricDatum{{MetricName: "X", Values: make([]float64, 151)}}, cloudwatch.ErrInvalidParameterValueException},
		{"counts of another size", "App", []cloudwatch.MetricDatum{{MetricName: "X", Values: []float64{1, 2}, Counts: []float64{1}}}, cloudwatch.ErrInvalidParameterValueException},
		{"minimum over maximum", "App", []cloudwatch.MetricDatum{{MetricName: "X", StatisticValues: &cloudwatch.StatisticSet{SampleCount: 1, Minimum: 2, Maximum: 1}}}, cloudwatch.ErrInvalidParameterValueException},
		{"three weeks old", "App", []cloudwatch.MetricDatum{{MetricName: "X", Value: v, Timestamp: start.Add(-21 * 24 * time.Hour)}}, cloudwatch.ErrInvalidParameterValueException},
		{"three hours ahead", "App", []cloudwatch.MetricDatum{{MetricName: "X", Value: v, Timestamp: start.Add(3 * time.Hour)}}, cloudwatch.ErrInvalidParameterValueException},
		{"unknown unit", "App", []cloudwatch.MetricDatum{{MetricName: "X", Value: v, Unit: "Furlongs"}}, cloudwatch.ErrInvalidParameterValueException},
		{"resolution 5", "App", []cloudwatch.MetricDatum{{MetricName: "X", Value: v, StorageResolution: 5}}, cloudwatch.ErrInvalidParameterValueException},
	} {
		w := newWorld(t)
		_, err := w.cw.PutMetricData(t.Context(), &cloudwatch.PutMetricDataInput{Namespace: c.namespace, MetricData: c.data})
		var e *cloudwatch.Error
		require.True(t, errors.As(err, &e), "%s: %v", c.name, err)
		assert.ErrorIs(t, err, c.want, c.name)
		assert.NotEmpty(t, e.Message, c.name)
		assert.Empty(t, w.cw.Inspect().Metrics(), "%s: nothing stored", c.name)
	}
	w := newWorld(t)
	require.NoError(t, w.cw.Publish("AWS/SQS", cloudwatch.MetricDatum{MetricName: "NumberOfMessagesSent", Value: v}), "services publish in AWS/ namespaces")
}

// GetMetricStatistics refuses what AWS refuses.
func TestGetMetricStatisticsRefusesWhatAWSRefuses(t *testing.T) {
	w := newWorld(t)
	base := func() *cloudwatch.GetMetricStatisticsInput {
		return &cloudwatch.GetMetricStatisticsInput{Namespace: "App", MetricName: "X", StartTime: start, EndTime: start.Add(time.Hour), Period: time.Minute, Statistics: []cloudwatch.Statistic{cloudwatch.StatisticSum}}
	}
	for _, c := range []struct {
		name   string
		change func(*cloudwatch.GetMetricStatisticsInput)
		want   error
	}{
		{"period 45 s", func(in *cloudwatch.GetMetricStatisticsInput) { in.Period = 45 * time.Second }, cloudwatch.ErrInvalidParameterValueException},
		{"no period", func(in *cloudwatch.GetMetricStatisticsInput) { in.Period = 0 }, cloudwatch.ErrMissingRequiredParameterException},
		{"end before start", func(in *cloudwatch.GetMetricStatisticsInput) { in.EndTime = start }, cloudwatch.ErrInvalidParameterValueException},
		{"both kinds", func(in *cloudwatch.GetMetricStatisticsInput) { in.ExtendedStatistics = []string{"p99"} }, cloudwatch.ErrInvalidParameterCombinationException},
		{"neither kind", func(in *cloudwatch.GetMetricStatisticsInput) { in.Statistics = nil }, cloudwatch.ErrInvalidParameterCombinationException},
		{"bad percentile", func(in *cloudwatch.GetMetricStatisticsInput) {
			in.Statistics, in.ExtendedStatistics = nil, []string{"p101"}
		}, cloudwatch.ErrInvalidParameterValueException},
		{"1,441 datapoints", func(in *cloudwatch.GetMetricStatisticsInput) { in.EndTime = start.Add(1441 * time.Minute) }, cloudwatch.ErrInvalidParameterCombinationException},
	} {
		in := base()
		c.change(in)
		_, err := w.cw.GetMetricStatistics(t.Context(), in)
		assert.ErrorIs(t, err, c.want, c.name)
	}
}
