package cloudwatch_test

import (
	"context"
	"encoding/json"
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

// The composed path with the real services: an alarm notifies an SNS
// topic by ARN, the topic fans out to an SQS queue, and the queue holds
// AWS's alarm JSON inside SNS's notification envelope. The alarm watches
// the age of the oldest message of another queue, which sqs publishes
// (sqs.WithMetrics).
func TestAnAlarmReachesAQueueThroughATopic(t *testing.T) {
	ctx := context.Background()
	clk := sim.NewClock(start)
	acct := cloud.New(cloud.WithClock(clk))
	cw := cloudwatch.New(cloudwatch.WithAccount(acct), cloudwatch.WithHistory())
	queues := sqs.New(sqs.WithAccount(acct), sqs.WithMetrics(cw))
	topics := sns.New(sns.WithAccount(acct), sns.WithoutSignatures())

	work, err := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "work"})
	require.NoError(t, err)
	pager, err := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "pager"})
	require.NoError(t, err)
	topic, err := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "alarms"})
	require.NoError(t, err)
	_, err = topics.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: sns.ProtocolSQS, Endpoint: "arn:aws:sqs:us-east-1:000000000000:pager"})
	require.NoError(t, err)

	dims := []cloudwatch.Dimension{{Name: "QueueName", Value: "work"}}
	_, err = cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName: "work-stuck", Namespace: "AWS/SQS", MetricName: "ApproximateAgeOfOldestMessage", Dimensions: dims,
		Statistic: cloudwatch.StatisticMaximum, Period: time.Minute, EvaluationPeriods: 1,
		Threshold: cloudwatch.Float64(300), ComparisonOperator: cloudwatch.GreaterThanOrEqualToThreshold,
		AlarmActions: []string{topic.TopicArn},
	})
	require.NoError(t, err)

	_, err = queues.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: work.QueueUrl, MessageBody: "nobody reads me"})
	require.NoError(t, err)
	clk.Advance(5 * time.Minute)

	out, err := queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: pager.QueueUrl})
	require.NoError(t, err)
	require.Len(t, out.Messages, 1, "the alarm, five minutes after the message was sent")
	var envelope struct{ Type, TopicArn, Subject, Message string }
	require.NoError(t, json.Unmarshal([]byte(out.Messages[0].Body), &envelope))
	assert.Equal(t, "Notification", envelope.Type)
	assert.Equal(t, `ALARM: "work-stuck" in US East (N. Virginia)`, envelope.Subject)
	assert.Equal(t, topic.TopicArn, envelope.TopicArn)
	var alarm struct {
		AlarmName, NewStateValue, OldStateValue, NewStateReason, AlarmArn string
		Trigger                                                           struct{ MetricName, Namespace string }
	}
	require.NoError(t, json.Unmarshal([]byte(envelope.Message), &alarm))
	assert.Equal(t, "work-stuck", alarm.AlarmName)
	assert.Equal(t, "ALARM", alarm.NewStateValue)
	assert.Equal(t, "OK", alarm.OldStateValue, "OK while the message was younger")
	assert.Equal(t, "arn:aws:cloudwatch:us-east-1:000000000000:alarm:work-stuck", alarm.AlarmArn)
	assert.Equal(t, "AWS/SQS", alarm.Trigger.Namespace)
	assert.Contains(t, alarm.NewStateReason, "[300.0 (02/03/26 09:04:00)]")
}
