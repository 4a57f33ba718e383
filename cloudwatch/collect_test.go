package cloudwatch_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/sim"
)

// fakeQueue is a service that publishes AWS/SQS metrics the way the seam
// is meant for: it keeps its state and a running total as it works, and
// its collector samples the gauge and reports the counter's difference
// once a minute, at no cost per message.
type fakeQueue struct {
	mu       sync.Mutex
	clk      *sim.Clock
	enqueued []time.Time // oldest first
	sent     int         // running total
	reported int         // the total at the last collection
	calls    int
}

func (q *fakeQueue) send() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.enqueued = append(q.enqueued, q.clk.Now())
	q.sent++
}

func (q *fakeQueue) consumeAll() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.enqueued = q.enqueued[:0]
}

func (q *fakeQueue) collect(_, end time.Time) []cloudwatch.MetricDatum {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.calls++
	age := 0.0
	if len(q.enqueued) > 0 {
		age = end.Sub(q.enqueued[0]).Seconds()
	}
	dims := []cloudwatch.Dimension{{Name: "QueueName", Value: "orders"}}
	sent := float64(q.sent - q.reported)
	q.reported = q.sent
	return []cloudwatch.MetricDatum{
		{MetricName: "ApproximateAgeOfOldestMessage", Dimensions: dims, Value: &age, Unit: cloudwatch.UnitSeconds},
		{MetricName: "NumberOfMessagesSent", Dimensions: dims, Value: &sent, Unit: cloudwatch.UnitCount},
	}
}

// An alarm on a queue's age of oldest message, published once a minute
// by its service, fires five minutes after the consumer stops: the end
// of the minute at which the oldest message is 300 seconds old.
func TestAnAlarmOnAQueuesAgeFiresFiveMinutesAfterTheConsumerStops(t *testing.T) {
	w := newWorld(t)
	q := &fakeQueue{clk: w.clk}
	stop := w.cw.Collect("AWS/SQS", q.collect)
	_, err := w.cw.PutMetricAlarm(t.Context(), &cloudwatch.PutMetricAlarmInput{
		AlarmName: "orders-stuck", Namespace: "AWS/SQS", MetricName: "ApproximateAgeOfOldestMessage",
		Dimensions: []cloudwatch.Dimension{{Name: "QueueName", Value: "orders"}},
		Statistic:  cloudwatch.StatisticMaximum, Period: time.Minute, EvaluationPeriods: 1,
		Threshold: cloudwatch.Float64(300), ComparisonOperator: cloudwatch.GreaterThanOrEqualToThreshold,
		AlarmActions: []string{topicARN},
	})
	require.NoError(t, err)

	stopped := start.Add(10 * time.Minute)
	for w.clk.Now().Before(start.Add(30 * time.Minute)) {
		q.send() // a producer, every 10 seconds
		if w.clk.Now().Before(stopped) {
			q.consumeAll() // a consumer that keeps up, until it stalls
		}
		w.clk.Advance(10 * time.Second)
	}
	got := w.topics.got()
	require.Len(t, got, 1)
	assert.Equal(t, stopped.Add(5*time.Minute), got[0].At)
	assert.Contains(t, got[0].Body, `[300.0 (02/03/26 09:14:00)] was greater than or equal to the threshold (300.0)`)

	// The counter, summed per minute, adds up to every message sent.
	out, err := w.cw.GetMetricStatistics(t.Context(), &cloudwatch.GetMetricStatisticsInput{
		Namespace: "AWS/SQS", MetricName: "NumberOfMessagesSent", Dimensions: []cloudwatch.Dimension{{Name: "QueueName", Value: "orders"}},
		StartTime: start, EndTime: start.Add(30 * time.Minute), Period: 30 * time.Minute, Statistics: []cloudwatch.Statistic{cloudwatch.StatisticSum},
	})
	require.NoError(t, err)
	require.Len(t, out.Datapoints, 1)
	assert.Equal(t, 180.0, *out.Datapoints[0].Sum)
	assert.Equal(t, 30, q.calls, "once a minute")

	stop()
	_, err = w.cw.DeleteAlarms(t.Context(), &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"orders-stuck"}})
	require.NoError(t, err)
	assert.Zero(t, w.clk.Pending(), "no collector, no alarm: nothing on the clock")
	w.clk.Advance(time.Hour)
	assert.Equal(t, 30, q.calls)
}

// A collector is called before the alarms due at the same instant are
// evaluated, so an alarm sees the minute that just ended, even when the
// alarm was made first.
func TestCollectorsRunBeforeTheAlarmsOfTheSameInstant(t *testing.T) {
	w := newWorld(t)
	w.alarm(t, "latency", 1, 1, "", nil)
	w.cw.Collect("App", func(_, _ time.Time) []cloudwatch.MetricDatum {
		return []cloudwatch.MetricDatum{{MetricName: "Latency", Value: cloudwatch.Float64(9)}}
	})
	w.clk.Advance(time.Minute)
	assert.Equal(t, cloudwatch.StateAlarm, w.state(t, "latency"))
}

// A collector that returns bad data is a bug in its service, and panics
// naming its namespace; so does a bad registration.
func TestBadCollectorsPanic(t *testing.T) {
	w := newWorld(t)
	assert.PanicsWithValue(t, "cloudwatch.Service.Collect: nil collector for AWS/SQS", func() { w.cw.Collect("AWS/SQS", nil) })
	assert.Panics(t, func() { w.cw.Collect("", func(_, _ time.Time) []cloudwatch.MetricDatum { return nil }) })
	w.cw.Collect("AWS/SQS", func(_, _ time.Time) []cloudwatch.MetricDatum { return []cloudwatch.MetricDatum{{MetricName: "X"}} })
	assert.PanicsWithValue(t, "cloudwatch: the collector of AWS/SQS returned bad data: InvalidParameterCombination: The parameters MetricData.member.1.Value, MetricData.member.1.StatisticValues and MetricData.member.1.Values are exclusive, and one of them must be given.", func() { w.clk.Advance(time.Minute) })
}

// Each minute's data goes to the metric it names, also when a collector
// names other metrics, in another order, than the minute before, and
// bad data is refused (a panic) after good data of the same metric.
func TestCollectedDataGoesToTheMetricItNamesEveryMinute(t *testing.T) {
	w := newWorld(t)
	dims := func(q string) []cloudwatch.Dimension { return []cloudwatch.Dimension{{Name: "QueueName", Value: q}} }
	minutes := [][]cloudwatch.MetricDatum{
		{cloudwatch.Count("Depth", dims("a"), 1), cloudwatch.Count("Depth", dims("b"), 2)},
		{cloudwatch.Count("Depth", dims("b"), 20), cloudwatch.Count("Depth", dims("a"), 10), cloudwatch.Count("Depth", dims("c"), 30)},
		{cloudwatch.Count("Depth", dims("a"), 100)},
	}
	minute := 0
	w.cw.Collect("AWS/SQS", func(_, _ time.Time) []cloudwatch.MetricDatum {
		if minute < len(minutes) {
			minute++
			return minutes[minute-1]
		}
		return []cloudwatch.MetricDatum{{MetricName: "Depth", Dimensions: dims("a"), Value: cloudwatch.Float64(-1), StorageResolution: 7}}
	})
	w.clk.Advance(3 * time.Minute)
	sum := func(q string) float64 {
		out, err := w.cw.GetMetricStatistics(t.Context(), &cloudwatch.GetMetricStatisticsInput{
			Namespace: "AWS/SQS", MetricName: "Depth", Dimensions: dims(q), StartTime: start, EndTime: start.Add(3 * time.Minute),
			Period: 3 * time.Minute, Statistics: []cloudwatch.Statistic{cloudwatch.StatisticSum},
		})
		require.NoError(t, err)
		require.Len(t, out.Datapoints, 1, q)
		return *out.Datapoints[0].Sum
	}
	assert.Equal(t, []float64{111, 22, 30}, []float64{sum("a"), sum("b"), sum("c")})
	assert.Panics(t, func() { w.clk.Advance(time.Minute) }, "StorageResolution 7 is refused")
}
