package autoscaling_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sqs"
)

// hookQueue makes an SQS queue in the world's account for lifecycle
// notifications and returns its URL and ARN.
func (w *world) hookQueue() (*sqs.Service, string, string) {
	w.t.Helper()
	queues := sqs.New(sqs.WithAccount(w.acct))
	q, err := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "hooks"})
	require.NoError(w.t, err)
	attrs, err := queues.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: q.QueueUrl, AttributeNames: []string{sqs.AttributeQueueArn}})
	require.NoError(w.t, err)
	return queues, q.QueueUrl, attrs.Attributes[sqs.AttributeQueueArn]
}

// messages receives what is in the queue, decoded.
func messages(t *testing.T, queues *sqs.Service, url string) []map[string]string {
	t.Helper()
	out, err := queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10})
	require.NoError(t, err)
	var got []map[string]string
	for _, m := range out.Messages {
		var v map[string]string
		require.NoError(t, json.Unmarshal([]byte(m.Body), &v), m.Body)
		got = append(got, v)
		_, err := queues.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: m.ReceiptHandle})
		require.NoError(t, err)
	}
	return got
}

// A launch hook holds a new instance in Pending:Wait and tells its
// target; with no answer, the heartbeat timeout applies the default
// result ABANDON: the instance is terminated, its launch fails, and the
// group launches another.
func TestLaunchHookThatTimesOutAbandonsTheInstance(t *testing.T) {
	w := newWorld(t)
	queues, url, queueARN := w.hookQueue()
	w.group("app", 0, 4, 0, nil)
	_, err := w.svc.PutLifecycleHook(ctx, &autoscaling.PutLifecycleHookInput{
		AutoScalingGroupName: "app", LifecycleHookName: "warm-cache", LifecycleTransition: autoscaling.TransitionLaunching,
		HeartbeatTimeout: time.Minute, NotificationTargetARN: queueARN, NotificationMetadata: "cache=v2",
	})
	require.NoError(t, err)
	test := messages(t, queues, url)
	require.Len(t, test, 1)
	assert.Equal(t, "autoscaling:TEST_NOTIFICATION", test[0]["Event"])

	_, err = w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "app", DesiredCapacity: 1})
	require.NoError(t, err)
	g := w.describe("app")
	require.Len(t, g.Instances, 1)
	first := g.Instances[0].InstanceId
	assert.Equal(t, autoscaling.StatePendingWait, g.Instances[0].LifecycleState)
	got := messages(t, queues, url)
	require.Len(t, got, 1)
	assert.Equal(t, map[string]string{
		"Origin": "EC2", "Destination": "AutoScalingGroup", "LifecycleHookName": "warm-cache", "AccountId": "000000000000",
		"RequestId": got[0]["RequestId"], "LifecycleTransition": autoscaling.TransitionLaunching, "AutoScalingGroupName": "app",
		"Service": "AWS Auto Scaling", "Time": "2026-03-02T09:00:00.000Z", "EC2InstanceId": first,
		"LifecycleActionToken": got[0]["LifecycleActionToken"], "NotificationMetadata": "cache=v2",
	}, got[0])

	w.clk.Advance(time.Minute - time.Second)
	assert.Equal(t, autoscaling.StatePendingWait, w.describe("app").Instances[0].LifecycleState, "booted, but still waiting")
	w.clk.Advance(time.Second)
	g = w.describe("app")
	require.Len(t, g.Instances, 1)
	assert.NotEqual(t, first, g.Instances[0].InstanceId, "replaced")
	acts, err := w.svc.DescribeScalingActivities(ctx, &autoscaling.DescribeScalingActivitiesInput{AutoScalingGroupName: "app"})
	require.NoError(t, err)
	failed := acts.Activities[1]
	assert.Equal(t, "Launching a new EC2 instance: "+first, failed.Description)
	assert.Equal(t, "Failed", failed.StatusCode)
	assert.Equal(t, "Instance failed to complete user's Lifecycle Action: Lifecycle Action with token "+got[0]["LifecycleActionToken"]+" was abandoned: Heartbeat Timeout", failed.StatusMessage)
}

// CompleteLifecycleAction with CONTINUE lets the instance go in service
// once it has booted; a heartbeat extends the wait.
func TestLaunchHookContinuesOnCompleteAndWaitsLongerOnHeartbeat(t *testing.T) {
	w := newWorld(t)
	w.webGroup("web", 1, 4, 1, func(in *autoscaling.CreateAutoScalingGroupInput) {
		in.LifecycleHookSpecificationList = []autoscaling.LifecycleHookSpecification{{
			LifecycleHookName: "setup", LifecycleTransition: autoscaling.TransitionLaunching, HeartbeatTimeout: time.Minute,
		}}
	})
	id := w.describe("web").Instances[0].InstanceId
	w.clk.Advance(50 * time.Second)
	heartbeat := &autoscaling.CompleteLifecycleActionInput{AutoScalingGroupName: "web", LifecycleHookName: "setup", InstanceId: id}
	_, err := w.svc.RecordLifecycleActionHeartbeat(ctx, heartbeat)
	require.NoError(t, err)
	w.clk.Advance(50 * time.Second) // past the first timeout
	assert.Equal(t, autoscaling.StatePendingWait, w.describe("web").Instances[0].LifecycleState)
	assert.Empty(t, w.targets(), "not registered before it goes in service")

	_, err = w.svc.CompleteLifecycleAction(ctx, &autoscaling.CompleteLifecycleActionInput{
		AutoScalingGroupName: "web", LifecycleHookName: "setup", InstanceId: id, LifecycleActionResult: autoscaling.ResultContinue,
	})
	require.NoError(t, err)
	assert.Equal(t, []string{id}, w.inService("web"))
	assert.Contains(t, w.targets(), id)

	_, err = w.svc.CompleteLifecycleAction(ctx, &autoscaling.CompleteLifecycleActionInput{
		AutoScalingGroupName: "web", LifecycleHookName: "setup", InstanceId: id, LifecycleActionResult: autoscaling.ResultContinue,
	})
	assert.True(t, errors.Is(err, autoscaling.ErrValidationError), "no action waits any more: %v", err)
}

// A terminate hook runs after the instance has left its target groups
// and drained, and holds it in Terminating:Wait until completed.
func TestTerminateHookRunsAfterDraining(t *testing.T) {
	w := newWorld(t)
	w.webGroup("web", 0, 4, 1, nil)
	w.clk.Advance(2 * time.Minute)
	_, err := w.svc.PutLifecycleHook(ctx, &autoscaling.PutLifecycleHookInput{
		AutoScalingGroupName: "web", LifecycleHookName: "flush-logs", LifecycleTransition: autoscaling.TransitionTerminating,
		DefaultResult: autoscaling.ResultContinue, HeartbeatTimeout: 10 * time.Minute,
	})
	require.NoError(t, err)
	_, err = w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "web", DesiredCapacity: 0})
	require.NoError(t, err)
	w.clk.Advance(elb.DefaultDeregistrationDelay)
	assert.Equal(t, map[string]int{autoscaling.StateTerminatingWait: 1}, w.states("web"))
	w.clk.Advance(10 * time.Minute) // the default result, CONTINUE
	assert.Empty(t, w.describe("web").Instances)
}

// Bad hooks are refused with ValidationError, and nothing changes.
func TestPutLifecycleHookValidates(t *testing.T) {
	w := newWorld(t)
	w.group("app", 0, 1, 0, nil)
	for name, in := range map[string]autoscaling.PutLifecycleHookInput{
		"no transition":       {LifecycleHookName: "h"},
		"bad transition":      {LifecycleHookName: "h", LifecycleTransition: "autoscaling:EC2_INSTANCE_REBOOTING"},
		"heartbeat too short": {LifecycleHookName: "h", LifecycleTransition: autoscaling.TransitionLaunching, HeartbeatTimeout: 29 * time.Second},
		"heartbeat too long":  {LifecycleHookName: "h", LifecycleTransition: autoscaling.TransitionLaunching, HeartbeatTimeout: 7201 * time.Second},
		"bad default":         {LifecycleHookName: "h", LifecycleTransition: autoscaling.TransitionLaunching, DefaultResult: "RETRY"},
		"bad name":            {LifecycleHookName: "a hook", LifecycleTransition: autoscaling.TransitionLaunching},
		"unreachable target":  {LifecycleHookName: "h", LifecycleTransition: autoscaling.TransitionLaunching, NotificationTargetARN: "arn:aws:sqs:us-east-1:000000000000:missing"},
	} {
		in.AutoScalingGroupName = "app"
		_, err := w.svc.PutLifecycleHook(ctx, &in)
		assert.True(t, errors.Is(err, autoscaling.ErrValidationError), "%s: %v", name, err)
	}
	out, err := w.svc.DescribeLifecycleHooks(ctx, &autoscaling.DescribeLifecycleHooksInput{AutoScalingGroupName: "app"})
	require.NoError(t, err)
	assert.Empty(t, out.LifecycleHooks)
}
