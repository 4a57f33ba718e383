package beanstalk_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// With a notification topic, each event of the environment is published
// to it, with Elastic Beanstalk's subject and message.
func TestEventsArePublishedToTheNotificationTopic(t *testing.T) {
	w := newWorld(t)
	topics := sns.New(sns.WithAccount(w.acct))
	topic, err := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "eb-events"})
	require.NoError(t, err)
	q, err := w.svc.SQS().CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "inbox"})
	require.NoError(t, err)
	_, err = topics.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: sns.ProtocolSQS, Endpoint: "arn:aws:sqs:us-east-1:000000000000:inbox"})
	require.NoError(t, err)
	w.create("shop-prod", nil, option(beanstalk.NamespaceSNS, "Notification Topic ARN", topic.TopicArn))
	w.clk.Advance(2 * time.Minute)

	out, err := w.svc.SQS().ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MaxNumberOfMessages: 10})
	require.NoError(t, err)
	require.NotEmpty(t, out.Messages)
	var first struct{ Subject, Message string }
	require.NoError(t, json.Unmarshal([]byte(out.Messages[0].Body), &first))
	assert.Equal(t, "AWS Elastic Beanstalk Notification - createEnvironment is starting.", first.Subject)
	assert.True(t, strings.HasPrefix(first.Message, "Timestamp: Mon Mar 02 2026 09:00:00 GMT+0000"), first.Message)
	assert.Contains(t, first.Message, "Message: createEnvironment is starting.")
	assert.Contains(t, first.Message, "Environment: shop-prod\nApplication: shop")
	events, err := w.svc.DescribeEvents(ctx, &beanstalk.DescribeEventsInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	assert.Equal(t, len(events.Events), w.depth(q.QueueUrl), "one notification per event")
}
