package autoscaling_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/sns"
)

// A group with a notification configuration sends the topic a test
// notification, then a message for each launch and termination of the
// types asked for, when the activity ends, with AWS's subject and JSON.
func TestNotificationsPublishLaunchesAndTerminationsToTheTopic(t *testing.T) {
	w := newWorld(t)
	queues, url, queueARN := w.hookQueue()
	topics := sns.New(sns.WithAccount(w.acct))
	topic, err := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "scaling"})
	require.NoError(t, err)
	_, err = topics.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: sns.ProtocolSQS, Endpoint: queueARN})
	require.NoError(t, err)
	w.group("app", 0, 4, 0, nil)
	_, err = w.svc.PutNotificationConfiguration(ctx, &autoscaling.PutNotificationConfigurationInput{
		AutoScalingGroupName: "app", TopicARN: topic.TopicArn, NotificationTypes: []string{autoscaling.EventLaunch, autoscaling.EventTerminate},
	})
	require.NoError(t, err)

	_, err = w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "app", DesiredCapacity: 1})
	require.NoError(t, err)
	w.clk.Advance(time.Minute)
	id := w.inService("app")[0]
	_, err = w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "app", DesiredCapacity: 0})
	require.NoError(t, err)

	type envelope struct{ Subject, Message string }
	var got []envelope
	for _, m := range messages(t, queues, url) {
		got = append(got, envelope{m["Subject"], m["Message"]})
	}
	require.Len(t, got, 3)
	assert.Equal(t, `Auto Scaling: test notification for group "app"`, got[0].Subject)
	assert.Equal(t, `Auto Scaling: launch for group "app"`, got[1].Subject)
	assert.Equal(t, `Auto Scaling: termination for group "app"`, got[2].Subject)
	var launch map[string]any
	require.NoError(t, json.Unmarshal([]byte(got[1].Message), &launch))
	assert.Equal(t, autoscaling.EventLaunch, launch["Event"])
	assert.Equal(t, id, launch["EC2InstanceId"])
	assert.Equal(t, "Launching a new EC2 instance: "+id, launch["Description"])
	assert.Equal(t, "Successful", launch["StatusCode"])
	assert.Equal(t, 100.0, launch["Progress"])
	assert.Equal(t, "2026-03-02T09:00:00.000Z", launch["StartTime"])
	assert.Equal(t, "2026-03-02T09:01:00.000Z", launch["EndTime"])
	assert.Equal(t, map[string]any{"Availability Zone": "us-east-1a"}, launch["Details"])
	assert.Contains(t, launch["Cause"], "a user request explicitly set group desired capacity changing the desired capacity from 0 to 1.")

	out, err := w.svc.DescribeNotificationConfigurations(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, out.NotificationConfigurations, 2)
	_, err = w.svc.PutNotificationConfiguration(ctx, &autoscaling.PutNotificationConfigurationInput{
		AutoScalingGroupName: "app", TopicARN: topic.TopicArn, NotificationTypes: []string{"autoscaling:EC2_INSTANCE_REBOOT"},
	})
	assert.True(t, errors.Is(err, autoscaling.ErrValidationError), "%v", err)
	_, err = w.svc.DeleteNotificationConfiguration(ctx, &autoscaling.DeleteNotificationConfigurationInput{AutoScalingGroupName: "app", TopicARN: topic.TopicArn})
	require.NoError(t, err)
	out, err = w.svc.DescribeNotificationConfigurations(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, out.NotificationConfigurations)
}
