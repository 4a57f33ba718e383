package sns_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// SNS publishes per topic per minute the messages published, the
// notifications delivered, those it gave up on and those filter policies
// turned away (Amazon SNS Developer Guide: "Monitoring Amazon SNS topics
// using CloudWatch").
func TestMetricsCountEachMinutesNotifications(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clk := sim.NewClock(start)
	acct := cloud.New(cloud.WithClock(clk))
	cw := cloudwatch.New(cloudwatch.WithAccount(acct))
	queues := sqs.New(sqs.WithAccount(acct))
	topics := sns.New(sns.WithMetrics(cw), sns.WithoutSignatures())
	topic, err := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "orders"})
	require.NoError(t, err)
	for _, name := range []string{"all", "refunds"} {
		_, err = queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: name})
		require.NoError(t, err)
	}
	for _, sub := range []sns.SubscribeInput{
		{Protocol: sns.ProtocolSQS, Endpoint: "arn:aws:sqs:us-east-1:000000000000:all"},
		{Protocol: sns.ProtocolSQS, Endpoint: "arn:aws:sqs:us-east-1:000000000000:gone"}, // no such queue: refused, not retried
		{Protocol: sns.ProtocolSQS, Endpoint: "arn:aws:sqs:us-east-1:000000000000:refunds",
			Attributes: map[string]string{sns.SubscriptionAttributeFilterPolicy: `{"kind":["refund"]}`, sns.SubscriptionAttributeRawMessageDelivery: "true"}},
	} {
		sub.TopicArn = topic.TopicArn
		_, err := topics.Subscribe(ctx, &sub)
		require.NoError(t, err)
	}
	for range 2 {
		_, err := topics.Publish(ctx, &sns.PublishInput{TopicArn: topic.TopicArn, Message: "order"})
		require.NoError(t, err)
	}
	clk.Advance(2 * time.Minute)

	for metric, want := range map[string]float64{
		sns.MetricNumberOfMessagesPublished:        2,
		sns.MetricNumberOfNotificationsDelivered:   2,
		sns.MetricNumberOfNotificationsFailed:      2,
		sns.MetricNumberOfNotificationsFilteredOut: 2,
	} {
		out, err := cw.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
			Namespace: "AWS/SNS", MetricName: metric, Dimensions: []cloudwatch.Dimension{{Name: "TopicName", Value: "orders"}},
			StartTime: start, EndTime: start.Add(2 * time.Minute), Period: time.Minute, Statistics: []cloudwatch.Statistic{cloudwatch.StatisticSum},
		})
		require.NoError(t, err)
		require.Len(t, out.Datapoints, 1, "%s: one minute with traffic", metric)
		assert.Equal(t, start, out.Datapoints[0].Timestamp, metric)
		assert.Equal(t, want, *out.Datapoints[0].Sum, metric)
	}
}
