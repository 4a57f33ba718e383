package beanstalk_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// withSNS makes the world's Elastic Beanstalk again, on the same lower
// services, with an SNS service of the account, and returns it.
func (w *world) withSNS() *sns.Service {
	w.t.Helper()
	topics := sns.New(sns.WithAccount(w.acct))
	old := w.svc
	w.svc = beanstalk.New(beanstalk.WithAccount(w.acct), beanstalk.WithSNS(topics),
		beanstalk.WithCloudWatch(old.CloudWatch()), beanstalk.WithSQS(old.SQS()), beanstalk.WithELB(old.ELB()), beanstalk.WithAutoScaling(old.AutoScaling()))
	_, err := w.svc.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{
		ApplicationName: "shop", VersionLabel: "v1", AutoCreateApplication: true, SourceBundle: &beanstalk.SourceBundle{Server: w.server},
	})
	require.NoError(w.t, err)
	return topics
}

// subjects returns the subjects of the notifications in queue url.
func (w *world) subjects(url string) []string {
	w.t.Helper()
	var out []string
	for {
		got, err := w.svc.SQS().ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10})
		require.NoError(w.t, err)
		if len(got.Messages) == 0 {
			return out
		}
		for _, m := range got.Messages {
			var n struct{ Subject string }
			require.NoError(w.t, json.Unmarshal([]byte(m.Body), &n))
			out = append(out, n.Subject)
			_, err := w.svc.SQS().DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: m.ReceiptHandle})
			require.NoError(w.t, err)
		}
	}
}

// With a Notification Endpoint, Elastic Beanstalk makes a topic for the
// environment, subscribes the endpoint with the Notification Protocol,
// publishes the environment's events to it from the first, and deletes
// it when the environment terminates, after its last events.
func TestNotificationEndpointGetsATopicOfItsOwn(t *testing.T) {
	w := newWorld(t)
	topics := w.withSNS()
	inbox, err := w.svc.SQS().CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "inbox"})
	require.NoError(t, err)
	w.create("shop-prod", nil,
		option(beanstalk.NamespaceSNS, "Notification Endpoint", "arn:aws:sqs:us-east-1:000000000000:inbox"),
		option(beanstalk.NamespaceSNS, "Notification Protocol", "sqs"))
	w.clk.Advance(2 * time.Minute)

	list, err := topics.ListTopics(ctx, &sns.ListTopicsInput{})
	require.NoError(t, err)
	topic := "arn:aws:sns:us-east-1:000000000000:ElasticBeanstalkNotifications-Environment-shop-prod"
	assert.Equal(t, []string{topic}, list.Topics)
	subs, err := topics.ListSubscriptionsByTopic(ctx, &sns.ListSubscriptionsByTopicInput{TopicArn: topic})
	require.NoError(t, err)
	require.Len(t, subs.Subscriptions, 1)
	assert.Equal(t, "sqs", subs.Subscriptions[0].Protocol)
	got := w.subjects(inbox.QueueUrl)
	require.NotEmpty(t, got)
	assert.Equal(t, "AWS Elastic Beanstalk Notification - createEnvironment is starting.", got[0], "the first event too")
	assert.Contains(t, w.events("shop-prod"), "Created SNS topic named: "+topic)
	assert.Len(t, got, len(w.events("shop-prod")), "one notification per event")

	_, err = w.svc.TerminateEnvironment(ctx, &beanstalk.TerminateEnvironmentInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	w.clk.Advance(5 * time.Minute)
	got = w.subjects(inbox.QueueUrl)
	require.GreaterOrEqual(t, len(got), 2)
	assert.Equal(t, []string{
		"AWS Elastic Beanstalk Notification - Deleting SNS topic for environment shop-prod.",
		"AWS Elastic Beanstalk Notification - terminateEnvironment completed successfully.",
	}, got[len(got)-2:])
	list, err = topics.ListTopics(ctx, &sns.ListTopicsInput{})
	require.NoError(t, err)
	assert.Empty(t, list.Topics)
}

// The Notification Protocol is email unless set.
func TestNotificationProtocolIsEmailByDefault(t *testing.T) {
	w := newWorld(t)
	topics := w.withSNS()
	w.create("shop-prod", nil, option(beanstalk.NamespaceSNS, "Notification Endpoint", "ops@example.com"))
	subs, err := topics.ListSubscriptions(ctx, &sns.ListSubscriptionsInput{})
	require.NoError(t, err)
	require.Len(t, subs.Subscriptions, 1)
	assert.Equal(t, sns.ProtocolEmail, subs.Subscriptions[0].Protocol)
	assert.Equal(t, "ops@example.com", subs.Subscriptions[0].Endpoint)
}

// A Service made without an SNS service has nowhere to make the topic
// of a Notification Endpoint: such an environment is refused, and none
// is made.
func TestNotificationEndpointNeedsAnSNSService(t *testing.T) {
	w := newWorld(t)
	_, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v1",
		OptionSettings: []beanstalk.ConfigurationOptionSetting{option(beanstalk.NamespaceSNS, "Notification Endpoint", "ops@example.com")}})
	require.ErrorIs(t, err, beanstalk.ErrInvalidParameterValue)
	out, err := w.svc.DescribeEnvironments(ctx, &beanstalk.DescribeEnvironmentsInput{})
	require.NoError(t, err)
	assert.Empty(t, out.Environments)
}
