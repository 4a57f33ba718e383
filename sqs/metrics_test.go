package sqs_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// metStart is on a minute boundary, as CloudWatch's periods are.
var metStart = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// metSetup returns a queue service publishing to a CloudWatch service of
// the same account, on a sim.Clock.
func metSetup(t *testing.T) (*sim.Clock, *sqs.Service, *cloudwatch.Service) {
	t.Helper()
	clk := sim.NewClock(metStart)
	cw := cloudwatch.New(cloudwatch.WithAccount(cloud.New(cloud.WithClock(clk))))
	return clk, sqs.New(sqs.WithMetrics(cw)), cw
}

// metOrders is metSetup with a queue named orders.
func metOrders(t *testing.T) (*sim.Clock, *sqs.Service, *cloudwatch.Service, *sqs.CreateQueueOutput) {
	t.Helper()
	clk, queues, cw := metSetup(t)
	q, err := queues.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: "orders"})
	require.NoError(t, err)
	return clk, queues, cw, q
}

// metMinute returns the statistic of a queue's metric for the minute
// starting at from.
func metMinute(t *testing.T, cw *cloudwatch.Service, queue, metric string, stat cloudwatch.Statistic, from time.Time) (float64, bool) {
	t.Helper()
	out, err := cw.GetMetricStatistics(context.Background(), &cloudwatch.GetMetricStatisticsInput{
		Namespace: "AWS/SQS", MetricName: metric, Dimensions: []cloudwatch.Dimension{{Name: "QueueName", Value: queue}},
		StartTime: from, EndTime: from.Add(time.Minute), Period: time.Minute, Statistics: []cloudwatch.Statistic{stat},
	})
	require.NoError(t, err)
	if len(out.Datapoints) == 0 {
		return 0, false
	}
	d := out.Datapoints[0]
	switch stat {
	case cloudwatch.StatisticSum:
		return *d.Sum, true
	default:
		return *d.Maximum, true
	}
}

// SQS publishes each queue's counters per minute: the messages sent,
// received and deleted during that minute, not running totals (Amazon SQS
// Developer Guide: "Available CloudWatch metrics for Amazon SQS").
func TestMetricsCountEachMinutesMessages(t *testing.T) {
	ctx := context.Background()
	clk, queues, cw, q := metOrders(t)
	var err error
	for range 3 {
		_, err := queues.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: "o"})
		require.NoError(t, err)
	}
	clk.Advance(time.Minute)
	out, err := queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MaxNumberOfMessages: 2, VisibilityTimeout: sqs.Duration(5 * time.Minute)})
	require.NoError(t, err)
	_, err = queues.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: q.QueueUrl, ReceiptHandle: out.Messages[0].ReceiptHandle})
	require.NoError(t, err)
	clk.Advance(time.Minute)

	for _, c := range []struct {
		metric string
		minute int
		want   float64
	}{
		{sqs.MetricNumberOfMessagesSent, 0, 3}, {sqs.MetricNumberOfMessagesSent, 1, 0},
		{sqs.MetricNumberOfMessagesReceived, 0, 0}, {sqs.MetricNumberOfMessagesReceived, 1, 2},
		{sqs.MetricNumberOfMessagesDeleted, 1, 1},
		{sqs.MetricApproximateNumberOfMessagesVisible, 0, 3}, {sqs.MetricApproximateNumberOfMessagesVisible, 1, 1},
		{sqs.MetricApproximateNumberOfMessagesNotVisible, 1, 1},
		{sqs.MetricApproximateAgeOfOldestMessage, 1, 120},
	} {
		stat := cloudwatch.StatisticSum
		if c.metric[0] == 'A' { // the gauges
			stat = cloudwatch.StatisticMaximum
		}
		got, ok := metMinute(t, cw, "orders", c.metric, stat, metStart.Add(time.Duration(c.minute)*time.Minute))
		require.True(t, ok, "%s in minute %d", c.metric, c.minute)
		assert.Equal(t, c.want, got, "%s in minute %d", c.metric, c.minute)
	}
}

// An alarm on a queue's ApproximateAgeOfOldestMessage fires five minutes
// after its consumer stops, from the metrics the queue publishes itself.
func TestAgeAlarmFiresFiveMinutesAfterTheConsumerStops(t *testing.T) {
	ctx := context.Background()
	clk, queues, cw := metSetup(t)
	var pages []time.Time
	queues.Account().Join("sns", "pager", func(context.Context, string, cloud.Message) error {
		pages = append(pages, clk.Now())
		return nil
	})
	q, err := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "work"})
	require.NoError(t, err)
	_, err = cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName: "work-stuck", Namespace: "AWS/SQS", MetricName: sqs.MetricApproximateAgeOfOldestMessage,
		Dimensions: []cloudwatch.Dimension{{Name: "QueueName", Value: "work"}},
		Statistic:  cloudwatch.StatisticMaximum, Period: time.Minute, EvaluationPeriods: 1,
		Threshold: cloudwatch.Float64(300), ComparisonOperator: cloudwatch.GreaterThanOrEqualToThreshold,
		AlarmActions: []string{"arn:aws:sns:us-east-1:000000000000:pager"},
	})
	require.NoError(t, err)

	// A consumer keeps up for ten minutes, then stops.
	for range 10 {
		_, err := queues.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: "job"})
		require.NoError(t, err)
		out, err := queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl})
		require.NoError(t, err)
		_, err = queues.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: q.QueueUrl, ReceiptHandle: out.Messages[0].ReceiptHandle})
		require.NoError(t, err)
		clk.Advance(time.Minute)
	}
	stopped := clk.Now()
	_, err = queues.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: "unread"})
	require.NoError(t, err)
	clk.Advance(10 * time.Minute)

	require.Len(t, pages, 1)
	assert.Equal(t, stopped.Add(5*time.Minute), pages[0], "the minute whose sample reached 300 s is evaluated at its end")
}

// NumberOfEmptyReceives is "the number of ReceiveMessage API calls that
// did not return a message" (Amazon SQS Developer Guide: "Available
// CloudWatch metrics for Amazon SQS"): a short poll that finds none
// counts when it returns, a long poll when its wait ends empty, and a
// receive that gets messages does not count.
func TestMetricsCountReceivesThatReturnNoMessage(t *testing.T) {
	ctx := context.Background()
	clk, queues, cw, q := metOrders(t)
	var err error
	for range 2 {
		_, err := queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl})
		require.NoError(t, err)
	}
	_, err = queues.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: "o"})
	require.NoError(t, err)
	out, err := queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, WaitTime: sqs.Duration(20 * time.Second)})
	require.NoError(t, err)
	require.Len(t, out.Messages, 1, "a receive that returns a message is not empty")
	_, err = queues.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: q.QueueUrl, ReceiptHandle: out.Messages[0].ReceiptHandle})
	require.NoError(t, err)
	clk.Advance(30 * time.Second)
	var got *sqs.ReceiveMessageOutput
	queues.ReceiveMessageAsync(&sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, WaitTime: sqs.Duration(20 * time.Second)}, func(o *sqs.ReceiveMessageOutput, err error) {
		require.NoError(t, err)
		got = o
	})
	clk.Advance(15 * time.Second)
	assert.Nil(t, got, "still waiting")
	clk.Advance(15 * time.Second) // the wait ends at 0:50, empty, in the first minute
	require.NotNil(t, got)
	assert.Empty(t, got.Messages)
	clk.Advance(time.Minute)

	n, ok := metMinute(t, cw, "orders", sqs.MetricNumberOfEmptyReceives, cloudwatch.StatisticSum, metStart)
	require.True(t, ok)
	assert.Equal(t, 3.0, n, "two short polls and one long poll came back empty")
	n, ok = metMinute(t, cw, "orders", sqs.MetricNumberOfEmptyReceives, cloudwatch.StatisticSum, metStart.Add(time.Minute))
	require.True(t, ok)
	assert.Zero(t, n)
	st, ok := queues.Inspect().Stats(q.QueueUrl)
	require.True(t, ok)
	assert.Equal(t, 3, st.EmptyReceives)
}

// SentMessageSize is "the size of messages added to a queue", in bytes,
// and is not published until a message is sent (Amazon SQS Developer
// Guide): each minute's messages, body and attributes, as one statistic
// set, and no datapoint for a minute without a send.
func TestMetricsSentMessageSizeIsTheMinutesMessagesSizes(t *testing.T) {
	ctx := context.Background()
	clk, queues, cw, q := metOrders(t)
	var err error
	clk.Advance(time.Minute) // minute 0: nothing sent
	_, err = queues.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: "abcd"})
	require.NoError(t, err)
	_, err = queues.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: q.QueueUrl, Entries: []sqs.SendMessageBatchRequestEntry{
		{Id: "a", MessageBody: "0123456789"},
		{Id: "b", MessageBody: "xy", MessageAttributes: map[string]sqs.MessageAttributeValue{"k": {DataType: "String", StringValue: "v"}}}, // 2 + 1 + 6 + 1
	}})
	require.NoError(t, err)
	clk.Advance(time.Minute)

	stats, err := cw.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
		Namespace: "AWS/SQS", MetricName: sqs.MetricSentMessageSize, Dimensions: []cloudwatch.Dimension{{Name: "QueueName", Value: "orders"}},
		StartTime: metStart, EndTime: metStart.Add(2 * time.Minute), Period: time.Minute,
		Statistics: []cloudwatch.Statistic{cloudwatch.StatisticSampleCount, cloudwatch.StatisticSum, cloudwatch.StatisticMinimum, cloudwatch.StatisticMaximum},
	})
	require.NoError(t, err)
	require.Len(t, stats.Datapoints, 1, "no datapoint for the minute without a send")
	d := stats.Datapoints[0]
	assert.Equal(t, metStart.Add(time.Minute), d.Timestamp)
	assert.Equal(t, cloudwatch.UnitBytes, d.Unit)
	assert.Equal(t, []float64{3, 24, 4, 10}, []float64{*d.SampleCount, *d.Sum, *d.Minimum, *d.Maximum})
}
