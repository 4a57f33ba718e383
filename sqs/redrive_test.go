package sqs_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// Helpers of the dead-letter queue tests.

var dlqT0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func dlqSetup(t *testing.T) (*sim.Clock, *sqs.Service) {
	t.Helper()
	clk := sim.NewClock(dlqT0)
	return clk, sqs.New(sqs.WithClock(clk))
}

// dlqCreate creates a queue (FIFO when the name ends in .fifo) and returns
// its URL and ARN.
func dlqCreate(t *testing.T, svc *sqs.Service, name string, attrs map[string]string) (url, arn string) {
	t.Helper()
	all := map[string]string{}
	if len(name) > 5 && name[len(name)-5:] == ".fifo" {
		all[sqs.AttributeFifoQueue] = "true"
		all[sqs.AttributeContentBasedDeduplication] = "true"
	}
	for k, v := range attrs {
		all[k] = v
	}
	out, err := svc.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: name, Attributes: all})
	require.NoError(t, err)
	return out.QueueUrl, dlqAttr(t, svc, out.QueueUrl, sqs.AttributeQueueArn)
}

// dlqAttr returns one attribute of a queue, "" when it has none.
func dlqAttr(t *testing.T, svc *sqs.Service, url, name string) string {
	t.Helper()
	out, err := svc.GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{QueueUrl: url, AttributeNames: []string{name}})
	require.NoError(t, err)
	return out.Attributes[name]
}

// dlqPolicy is a RedrivePolicy value.
func dlqPolicy(targetARN string, maxReceiveCount int) string {
	return fmt.Sprintf(`{"deadLetterTargetArn":%q,"maxReceiveCount":%d}`, targetARN, maxReceiveCount)
}

// dlqRedrive is the attributes of a source queue whose messages go to
// targetARN after maxReceiveCount receives.
func dlqRedrive(targetARN string, maxReceiveCount int) map[string]string {
	return map[string]string{sqs.AttributeRedrivePolicy: dlqPolicy(targetARN, maxReceiveCount)}
}

func dlqSend(t *testing.T, svc *sqs.Service, url, body string) string {
	t.Helper()
	in := &sqs.SendMessageInput{QueueUrl: url, MessageBody: body}
	if len(url) > 5 && url[len(url)-5:] == ".fifo" {
		in.MessageGroupId = "g"
	}
	out, err := svc.SendMessage(context.Background(), in)
	require.NoError(t, err)
	return out.MessageId
}

// dlqReceive short-polls up to max messages with every attribute.
func dlqReceive(t *testing.T, svc *sqs.Service, url string, max int, visibility *time.Duration) []sqs.Message {
	t.Helper()
	out, err := svc.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{
		QueueUrl: url, MaxNumberOfMessages: max, VisibilityTimeout: visibility,
		MessageSystemAttributeNames: []string{sqs.SysAttributeAll}, MessageAttributeNames: []string{"All"},
	})
	require.NoError(t, err)
	return out.Messages
}

// dlqFail sends the bodies to a standard source queue whose
// maxReceiveCount is 1 and fails each once, so that the next receive moves
// them all to the dead-letter queue.
func dlqFail(t *testing.T, svc *sqs.Service, srcURL string, bodies ...string) {
	t.Helper()
	for _, b := range bodies {
		dlqSend(t, svc, srcURL, b)
	}
	got := dlqReceive(t, svc, srcURL, 10, sqs.Duration(0))
	require.Len(t, got, len(bodies), "first receive")
	require.Empty(t, dlqReceive(t, svc, srcURL, 10, nil), "second receive moves them")
}

func dlqMessages(svc *sqs.Service, url string) (bodies, ids []string) {
	bodies, ids = []string{}, []string{}
	for _, m := range svc.Inspect().Messages(url) {
		bodies = append(bodies, m.Body)
		ids = append(ids, m.MessageID)
	}
	return bodies, ids
}

// dlqTask returns the latest move task of the source queue.
func dlqTask(t *testing.T, svc *sqs.Service, sourceARN string) sqs.ListMessageMoveTasksResultEntry {
	t.Helper()
	out, err := svc.ListMessageMoveTasks(context.Background(), &sqs.ListMessageMoveTasksInput{SourceArn: sourceARN})
	require.NoError(t, err)
	require.Len(t, out.Results, 1)
	return out.Results[0]
}

// Moving to the dead-letter queue.

// With maxReceiveCount 3, receives 1 to 3 return the message and, after the
// fourth failed receive, it is in the dead-letter queue: same MessageId,
// body, attributes and SentTimestamp, and a DeadLetterQueueSourceArn.
func TestMessageMovesToDeadLetterQueueAfterMaxReceiveCount(t *testing.T) {
	ctx := context.Background()
	clk, svc := dlqSetup(t)
	dlqURL, dlqARN := dlqCreate(t, svc, "orders-dlq", nil)
	srcURL, srcARN := dlqCreate(t, svc, "orders", dlqRedrive(dlqARN, 3))
	sent, err := svc.SendMessage(ctx, &sqs.SendMessageInput{
		QueueUrl: srcURL, MessageBody: "order-1",
		MessageAttributes: map[string]sqs.MessageAttributeValue{"kind": {DataType: "String", StringValue: "order"}},
	})
	require.NoError(t, err)

	for i := 1; i <= 3; i++ {
		got := dlqReceive(t, svc, srcURL, 1, nil)
		require.Len(t, got, 1, "receive %d returns the message", i)
		assert.Equal(t, strconv.Itoa(i), got[0].Attributes[sqs.SysAttributeApproximateReceiveCount])
		clk.Advance(sqs.DefaultVisibilityTimeout) // not deleted: a failure
	}
	assert.Empty(t, dlqReceive(t, svc, srcURL, 1, nil), "the fourth attempt moves it instead")

	assert.Empty(t, svc.Inspect().Messages(srcURL))
	st, _ := svc.Inspect().Stats(srcURL)
	assert.Equal(t, 1, st.MovedToDLQ)
	got := dlqReceive(t, svc, dlqURL, 1, nil)
	require.Len(t, got, 1, "after the fourth failed receive it is in the dead-letter queue")
	m := got[0]
	assert.Equal(t, sent.MessageId, m.MessageId)
	assert.Equal(t, "order-1", m.Body)
	assert.Equal(t, sqs.MessageAttributeValue{DataType: "String", StringValue: "order"}, m.MessageAttributes["kind"])
	assert.Equal(t, sent.MD5OfMessageAttributes, m.MD5OfMessageAttributes)
	assert.Equal(t, strconv.FormatInt(dlqT0.UnixMilli(), 10), m.Attributes[sqs.SysAttributeSentTimestamp])
	assert.Equal(t, srcARN, m.Attributes[sqs.SysAttributeDeadLetterQueueSourceArn])
}

// A standard dead-letter queue keeps the message's original enqueue time:
// its retention period counts from the first send, not from the move.
func TestStandardDeadLetterQueueKeepsOriginalEnqueueTime(t *testing.T) {
	clk, svc := dlqSetup(t)
	dlqURL, dlqARN := dlqCreate(t, svc, "dlq", map[string]string{sqs.AttributeMessageRetentionPeriod: "86400"})
	srcURL, _ := dlqCreate(t, svc, "src", dlqRedrive(dlqARN, 1))
	dlqSend(t, svc, srcURL, "x")

	clk.Advance(20 * time.Hour)
	require.Len(t, dlqReceive(t, svc, srcURL, 1, nil), 1)
	clk.Advance(sqs.DefaultVisibilityTimeout)
	require.Empty(t, dlqReceive(t, svc, srcURL, 1, nil)) // moved at 20h00m30s

	msgs := svc.Inspect().Messages(dlqURL)
	require.Len(t, msgs, 1)
	assert.Equal(t, dlqT0, msgs[0].EnqueuedAt, "original enqueue time")
	assert.Equal(t, dlqT0, msgs[0].SentAt)

	clk.AdvanceTo(dlqT0.Add(24*time.Hour - time.Second))
	assert.Len(t, svc.Inspect().Messages(dlqURL), 1)
	clk.Advance(time.Second)
	assert.Empty(t, svc.Inspect().Messages(dlqURL), "gone one day after the first send, 4 h after the move")
}

// A FIFO dead-letter queue restarts the retention period at the move.
func TestFifoDeadLetterQueueRestartsRetentionPeriod(t *testing.T) {
	clk, svc := dlqSetup(t)
	dlqURL, dlqARN := dlqCreate(t, svc, "dlq.fifo", map[string]string{sqs.AttributeMessageRetentionPeriod: "86400"})
	srcURL, _ := dlqCreate(t, svc, "src.fifo", dlqRedrive(dlqARN, 1))
	dlqSend(t, svc, srcURL, "x")

	clk.Advance(20 * time.Hour)
	require.Len(t, dlqReceive(t, svc, srcURL, 1, nil), 1)
	clk.Advance(sqs.DefaultVisibilityTimeout)
	require.Empty(t, dlqReceive(t, svc, srcURL, 1, nil))
	movedAt := dlqT0.Add(20*time.Hour + sqs.DefaultVisibilityTimeout)

	msgs := svc.Inspect().Messages(dlqURL)
	require.Len(t, msgs, 1)
	assert.Equal(t, movedAt, msgs[0].EnqueuedAt, "retention restarts at the move")
	assert.Equal(t, dlqT0, msgs[0].SentAt, "SentTimestamp is kept")

	clk.AdvanceTo(movedAt.Add(24*time.Hour - time.Second))
	assert.Len(t, svc.Inspect().Messages(dlqURL), 1, "past a day after the send, still there")
	clk.Advance(time.Second)
	assert.Empty(t, svc.Inspect().Messages(dlqURL), "gone a day after the move")
}

// A message moved to a FIFO dead-letter queue takes its message ID as its
// deduplication ID.
func TestFifoDeadLetterQueueReplacesDeduplicationIdWithMessageId(t *testing.T) {
	ctx := context.Background()
	_, svc := dlqSetup(t)
	dlqURL, dlqARN := dlqCreate(t, svc, "dlq.fifo", nil)
	srcURL, _ := dlqCreate(t, svc, "src.fifo", dlqRedrive(dlqARN, 1))
	sent, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: srcURL, MessageBody: "x", MessageGroupId: "g", MessageDeduplicationId: "dedup-1"})
	require.NoError(t, err)

	require.Len(t, dlqReceive(t, svc, srcURL, 1, sqs.Duration(0)), 1)
	require.Empty(t, dlqReceive(t, svc, srcURL, 1, nil))

	got := dlqReceive(t, svc, dlqURL, 1, nil)
	require.Len(t, got, 1)
	assert.Equal(t, sent.MessageId, got[0].MessageId)
	assert.Equal(t, sent.MessageId, got[0].Attributes[sqs.SysAttributeMessageDeduplicationId])
	assert.Equal(t, "g", got[0].Attributes[sqs.SysAttributeMessageGroupId])
}

// A dead-letter queue must be of the same type as its source: FIFO for a
// FIFO queue, standard for a standard queue.
func TestDeadLetterQueueMustBeSameTypeAsSource(t *testing.T) {
	ctx := context.Background()
	_, svc := dlqSetup(t)
	_, stdDLQ := dlqCreate(t, svc, "std-dlq", nil)
	_, fifoDLQ := dlqCreate(t, svc, "fifo-dlq.fifo", nil)
	stdURL, _ := dlqCreate(t, svc, "std", nil)
	fifoURL, _ := dlqCreate(t, svc, "fifo.fifo", nil)

	_, err := svc.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: stdURL, Attributes: dlqRedrive(fifoDLQ, 3)})
	assert.True(t, errors.Is(err, sqs.ErrInvalidParameterValue), "standard source, FIFO DLQ: %v", err)
	assert.Empty(t, dlqAttr(t, svc, stdURL, sqs.AttributeRedrivePolicy))

	_, err = svc.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: fifoURL, Attributes: dlqRedrive(stdDLQ, 3)})
	assert.True(t, errors.Is(err, sqs.ErrInvalidParameterValue), "FIFO source, standard DLQ: %v", err)
	assert.Empty(t, dlqAttr(t, svc, fifoURL, sqs.AttributeRedrivePolicy))

	_, err = svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "new", Attributes: dlqRedrive(fifoDLQ, 3)})
	assert.True(t, errors.Is(err, sqs.ErrInvalidParameterValue), "CreateQueue: %v", err)
	_, err = svc.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: "new"})
	assert.True(t, errors.Is(err, sqs.ErrQueueDoesNotExist), "no queue created")

	_, err = svc.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: fifoURL, Attributes: dlqRedrive(fifoDLQ, 3)})
	require.NoError(t, err, "FIFO to FIFO")
	_, err = svc.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: stdURL, Attributes: dlqRedrive(stdDLQ, 3)})
	require.NoError(t, err, "standard to standard")
}

// A RedrivePolicy names an existing queue and a maxReceiveCount from 1 to
// 1000, as a JSON number or a string of digits; anything else is
// InvalidParameterValue and leaves the queue as it was.
func TestRedrivePolicyIsValidated(t *testing.T) {
	const missing = "arn:aws:sqs:us-east-1:000000000000:missing"
	cases := []struct {
		name   string
		policy func(dlq string) string
		want   string // the stored policy; "" when refused
	}{
		{"target does not exist", func(string) string { return dlqPolicy(missing, 3) }, ""},
		{"maxReceiveCount 0", func(dlq string) string { return dlqPolicy(dlq, 0) }, ""},
		{"maxReceiveCount 1001", func(dlq string) string { return dlqPolicy(dlq, 1001) }, ""},
		{"no maxReceiveCount", func(dlq string) string { return fmt.Sprintf(`{"deadLetterTargetArn":%q}`, dlq) }, ""},
		{"no deadLetterTargetArn", func(string) string { return `{"maxReceiveCount":3}` }, ""},
		{"not JSON", func(string) string { return `deadLetterTargetArn=x` }, ""},
		{"maxReceiveCount not a number", func(dlq string) string {
			return fmt.Sprintf(`{"deadLetterTargetArn":%q,"maxReceiveCount":"five"}`, dlq)
		}, ""},
		{"maxReceiveCount 1", func(dlq string) string { return dlqPolicy(dlq, 1) }, "1"},
		{"maxReceiveCount 1000", func(dlq string) string { return dlqPolicy(dlq, 1000) }, "1000"},
		{"maxReceiveCount as string", func(dlq string) string {
			return fmt.Sprintf(`{"deadLetterTargetArn":%q,"maxReceiveCount":"5"}`, dlq)
		}, "5"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, svc := dlqSetup(t)
			_, dlqARN := dlqCreate(t, svc, "dlq", nil)
			srcURL, _ := dlqCreate(t, svc, "src", nil)

			_, err := svc.SetQueueAttributes(context.Background(), &sqs.SetQueueAttributesInput{
				QueueUrl: srcURL, Attributes: map[string]string{sqs.AttributeRedrivePolicy: tc.policy(dlqARN)},
			})
			if tc.want == "" {
				assert.True(t, errors.Is(err, sqs.ErrInvalidParameterValue), "got %v", err)
				assert.Empty(t, dlqAttr(t, svc, srcURL, sqs.AttributeRedrivePolicy), "no policy stored")
				return
			}
			require.NoError(t, err)
			n, _ := strconv.Atoi(tc.want)
			assert.JSONEq(t, dlqPolicy(dlqARN, n), dlqAttr(t, svc, srcURL, sqs.AttributeRedrivePolicy))
		})
	}
}

// A dead-letter queue's RedriveAllowPolicy denyAll refuses every source
// queue when its RedrivePolicy is set.
func TestRedriveAllowPolicyDenyAllRefusesSources(t *testing.T) {
	ctx := context.Background()
	_, svc := dlqSetup(t)
	_, dlqARN := dlqCreate(t, svc, "dlq", map[string]string{sqs.AttributeRedriveAllowPolicy: `{"redrivePermission":"denyAll"}`})
	srcURL, _ := dlqCreate(t, svc, "src", nil)

	_, err := svc.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: srcURL, Attributes: dlqRedrive(dlqARN, 3)})
	assert.True(t, errors.Is(err, sqs.ErrInvalidParameterValue), "got %v", err)
	assert.Empty(t, dlqAttr(t, svc, srcURL, sqs.AttributeRedrivePolicy))

	_, err = svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "src2", Attributes: dlqRedrive(dlqARN, 3)})
	assert.True(t, errors.Is(err, sqs.ErrInvalidParameterValue), "CreateQueue: %v", err)
}

// RedriveAllowPolicy byQueue lets only the listed source queues use the
// queue as their dead-letter queue.
func TestRedriveAllowPolicyByQueueAllowsOnlyListedSources(t *testing.T) {
	ctx := context.Background()
	_, svc := dlqSetup(t)
	allowedURL, allowedARN := dlqCreate(t, svc, "allowed", nil)
	otherURL, _ := dlqCreate(t, svc, "other", nil)
	_, dlqARN := dlqCreate(t, svc, "dlq", map[string]string{
		sqs.AttributeRedriveAllowPolicy: fmt.Sprintf(`{"redrivePermission":"byQueue","sourceQueueArns":[%q]}`, allowedARN),
	})

	_, err := svc.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: allowedURL, Attributes: dlqRedrive(dlqARN, 3)})
	require.NoError(t, err)
	_, err = svc.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: otherURL, Attributes: dlqRedrive(dlqARN, 3)})
	assert.True(t, errors.Is(err, sqs.ErrInvalidParameterValue), "got %v", err)
	assert.Empty(t, dlqAttr(t, svc, otherURL, sqs.AttributeRedrivePolicy))
}

// ListDeadLetterSourceQueues lists, in name order, the queues whose
// RedrivePolicy targets the queue, with NextToken paging when MaxResults
// is given.
func TestListDeadLetterSourceQueuesListsSourcesInOrder(t *testing.T) {
	ctx := context.Background()
	_, svc := dlqSetup(t)
	dlqURL, dlqARN := dlqCreate(t, svc, "dlq", nil)
	_, otherARN := dlqCreate(t, svc, "other-dlq", nil)
	for _, name := range []string{"c-src", "a-src", "b-src"} {
		dlqCreate(t, svc, name, dlqRedrive(dlqARN, 3))
	}
	dlqCreate(t, svc, "d-src", dlqRedrive(otherARN, 3))
	url := func(name string) string { return "https://sqs.us-east-1.amazonaws.com/000000000000/" + name }

	all, err := svc.ListDeadLetterSourceQueues(ctx, &sqs.ListDeadLetterSourceQueuesInput{QueueUrl: dlqURL})
	require.NoError(t, err)
	assert.Equal(t, []string{url("a-src"), url("b-src"), url("c-src")}, all.QueueUrls)
	assert.Empty(t, all.NextToken, "no token without MaxResults")

	page1, err := svc.ListDeadLetterSourceQueues(ctx, &sqs.ListDeadLetterSourceQueuesInput{QueueUrl: dlqURL, MaxResults: 2})
	require.NoError(t, err)
	assert.Equal(t, []string{url("a-src"), url("b-src")}, page1.QueueUrls)
	require.NotEmpty(t, page1.NextToken)
	page2, err := svc.ListDeadLetterSourceQueues(ctx, &sqs.ListDeadLetterSourceQueuesInput{QueueUrl: dlqURL, MaxResults: 2, NextToken: page1.NextToken})
	require.NoError(t, err)
	assert.Equal(t, []string{url("c-src")}, page2.QueueUrls)
	assert.Empty(t, page2.NextToken)

	_, err = svc.ListDeadLetterSourceQueues(ctx, &sqs.ListDeadLetterSourceQueuesInput{QueueUrl: url("nope")})
	assert.True(t, errors.Is(err, sqs.ErrQueueDoesNotExist), "got %v", err)
}

// Message move tasks.

// StartMessageMoveTask needs a source that is some queue's dead-letter
// queue, an existing destination, a rate of at most 500, and no other
// active task on the source.
func TestStartMessageMoveTaskIsValidated(t *testing.T) {
	ctx := context.Background()
	_, svc := dlqSetup(t)
	dlqURL, dlqARN := dlqCreate(t, svc, "dlq", nil)
	srcURL, srcARN := dlqCreate(t, svc, "src", dlqRedrive(dlqARN, 1))
	dlqFail(t, svc, srcURL, "x")

	cases := []struct {
		name string
		in   sqs.StartMessageMoveTaskInput
		want error
	}{
		{"source is not a dead-letter queue", sqs.StartMessageMoveTaskInput{SourceArn: srcARN}, sqs.ErrInvalidParameterValue},
		{"source does not exist", sqs.StartMessageMoveTaskInput{SourceArn: "arn:aws:sqs:us-east-1:000000000000:nope"}, sqs.ErrResourceNotFoundException},
		{"destination does not exist", sqs.StartMessageMoveTaskInput{SourceArn: dlqARN, DestinationArn: "arn:aws:sqs:us-east-1:000000000000:nope"}, sqs.ErrResourceNotFoundException},
		{"rate 501", sqs.StartMessageMoveTaskInput{SourceArn: dlqARN, MaxNumberOfMessagesPerSecond: 501}, sqs.ErrInvalidParameterValue},
		{"negative rate", sqs.StartMessageMoveTaskInput{SourceArn: dlqARN, MaxNumberOfMessagesPerSecond: -1}, sqs.ErrInvalidParameterValue},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := svc.StartMessageMoveTask(ctx, &tc.in)
			assert.Nil(t, out)
			assert.True(t, errors.Is(err, tc.want), "got %v, want %v", err, tc.want)
		})
	}
	none, err := svc.ListMessageMoveTasks(ctx, &sqs.ListMessageMoveTasksInput{SourceArn: dlqARN, MaxResults: 10})
	require.NoError(t, err)
	assert.Empty(t, none.Results, "no task was started")
	assert.Len(t, svc.Inspect().Messages(dlqURL), 1, "nothing moved")

	_, err = svc.StartMessageMoveTask(ctx, &sqs.StartMessageMoveTaskInput{SourceArn: dlqARN, MaxNumberOfMessagesPerSecond: 500})
	require.NoError(t, err)
	_, err = svc.StartMessageMoveTask(ctx, &sqs.StartMessageMoveTaskInput{SourceArn: dlqARN})
	assert.True(t, errors.Is(err, sqs.ErrInvalidParameterValue), "second task while one runs: %v", err)
	tasks, err := svc.ListMessageMoveTasks(ctx, &sqs.ListMessageMoveTasksInput{SourceArn: dlqARN, MaxResults: 10})
	require.NoError(t, err)
	assert.Len(t, tasks.Results, 1)
}

// A move task at 2 messages per second moves 5 messages back to the queues
// they came from over 3 virtual seconds, as new messages; it is RUNNING,
// with a TaskHandle, until it is COMPLETED.
func TestMessageMoveTaskMovesAtItsRateBackToSourceQueues(t *testing.T) {
	ctx := context.Background()
	clk, svc := dlqSetup(t)
	dlqURL, dlqARN := dlqCreate(t, svc, "dlq", nil)
	ordersURL, _ := dlqCreate(t, svc, "orders", dlqRedrive(dlqARN, 1))
	paymentsURL, _ := dlqCreate(t, svc, "payments", dlqRedrive(dlqARN, 1))
	dlqFail(t, svc, ordersURL, "o1", "o2", "o3")
	dlqFail(t, svc, paymentsURL, "p1", "p2")
	_, deadIDs := dlqMessages(svc, dlqURL)
	require.Len(t, deadIDs, 5)

	clk.Advance(time.Minute)
	start, err := svc.StartMessageMoveTask(ctx, &sqs.StartMessageMoveTaskInput{SourceArn: dlqARN, MaxNumberOfMessagesPerSecond: 2})
	require.NoError(t, err)
	require.NotEmpty(t, start.TaskHandle)
	task := dlqTask(t, svc, dlqARN)
	assert.Equal(t, sqs.ListMessageMoveTasksResultEntry{
		TaskHandle: start.TaskHandle, Status: sqs.MoveTaskRunning, SourceArn: dlqARN,
		MaxNumberOfMessagesPerSecond: 2, ApproximateNumberOfMessagesToMove: 5,
		StartedTimestamp: dlqT0.Add(time.Minute).UnixMilli(),
	}, task)

	progress := []struct {
		advance  time.Duration
		moved    int
		status   string
		orders   []string
		payments []string
	}{
		{0, 2, sqs.MoveTaskRunning, []string{"o1", "o2"}, []string{}},
		{time.Second, 4, sqs.MoveTaskRunning, []string{"o1", "o2", "o3"}, []string{"p1"}},
		{time.Second, 5, sqs.MoveTaskCompleted, []string{"o1", "o2", "o3"}, []string{"p1", "p2"}},
	}
	for i, p := range progress {
		clk.Advance(p.advance)
		task := dlqTask(t, svc, dlqARN)
		assert.Equal(t, p.status, task.Status, "second %d", i)
		assert.Equal(t, p.moved, task.ApproximateNumberOfMessagesMoved, "second %d", i)
		assert.Equal(t, 5, task.ApproximateNumberOfMessagesToMove)
		if p.status == sqs.MoveTaskRunning {
			assert.Equal(t, start.TaskHandle, task.TaskHandle, "second %d", i)
		} else {
			assert.Empty(t, task.TaskHandle, "no handle once completed")
		}
		orders, _ := dlqMessages(svc, ordersURL)
		payments, _ := dlqMessages(svc, paymentsURL)
		assert.Equal(t, p.orders, orders, "second %d", i)
		assert.Equal(t, p.payments, payments, "second %d", i)
	}

	assert.Empty(t, svc.Inspect().Messages(dlqURL))
	for _, url := range []string{ordersURL, paymentsURL} {
		for _, m := range svc.Inspect().Messages(url) {
			assert.NotContains(t, deadIDs, m.MessageID, "a moved message is a new message")
			assert.Equal(t, 0, m.ReceiveCount)
			assert.Empty(t, m.DeadLetterSourceARN)
			assert.True(t, m.SentAt.After(dlqT0), "sent anew")
		}
	}
	clk.Advance(time.Minute)
	assert.Equal(t, sqs.MoveTaskCompleted, dlqTask(t, svc, dlqARN).Status)
}

// With a DestinationArn a move task sends every message there instead of
// back to its source.
func TestMessageMoveTaskMovesToExplicitDestination(t *testing.T) {
	ctx := context.Background()
	clk, svc := dlqSetup(t)
	dlqURL, dlqARN := dlqCreate(t, svc, "dlq", nil)
	srcURL, _ := dlqCreate(t, svc, "src", dlqRedrive(dlqARN, 1))
	replayURL, replayARN := dlqCreate(t, svc, "replay", nil)
	dlqFail(t, svc, srcURL, "a", "b", "c")

	_, err := svc.StartMessageMoveTask(ctx, &sqs.StartMessageMoveTaskInput{SourceArn: dlqARN, DestinationArn: replayARN})
	require.NoError(t, err)
	clk.Advance(0)

	task := dlqTask(t, svc, dlqARN)
	assert.Equal(t, sqs.MoveTaskCompleted, task.Status)
	assert.Equal(t, replayARN, task.DestinationArn)
	assert.Equal(t, 3, task.ApproximateNumberOfMessagesMoved)
	assert.Zero(t, task.MaxNumberOfMessagesPerSecond, "no rate given")
	replay, _ := dlqMessages(svc, replayURL)
	assert.Equal(t, []string{"a", "b", "c"}, replay)
	assert.Empty(t, svc.Inspect().Messages(srcURL))
	assert.Empty(t, svc.Inspect().Messages(dlqURL))
}

// CancelMessageMoveTask makes a running task CANCELLING, and CANCELLED at
// its next second; messages moved stay moved. A malformed handle is
// InvalidParameterValue, an unknown one ResourceNotFoundException.
func TestCancelMessageMoveTaskStopsTheTask(t *testing.T) {
	ctx := context.Background()
	clk, svc := dlqSetup(t)
	dlqURL, dlqARN := dlqCreate(t, svc, "dlq", nil)
	srcURL, _ := dlqCreate(t, svc, "src", dlqRedrive(dlqARN, 1))
	dlqFail(t, svc, srcURL, "a", "b", "c")

	start, err := svc.StartMessageMoveTask(ctx, &sqs.StartMessageMoveTaskInput{SourceArn: dlqARN, MaxNumberOfMessagesPerSecond: 1})
	require.NoError(t, err)
	clk.Advance(0)
	require.Equal(t, 1, dlqTask(t, svc, dlqARN).ApproximateNumberOfMessagesMoved)

	out, err := svc.CancelMessageMoveTask(ctx, &sqs.CancelMessageMoveTaskInput{TaskHandle: start.TaskHandle})
	require.NoError(t, err)
	assert.Equal(t, 1, out.ApproximateNumberOfMessagesMoved)
	task := dlqTask(t, svc, dlqARN)
	assert.Equal(t, sqs.MoveTaskCancelling, task.Status)
	assert.Empty(t, task.TaskHandle)
	_, err = svc.StartMessageMoveTask(ctx, &sqs.StartMessageMoveTaskInput{SourceArn: dlqARN})
	assert.True(t, errors.Is(err, sqs.ErrInvalidParameterValue), "still active while cancelling: %v", err)

	clk.Advance(time.Second)
	task = dlqTask(t, svc, dlqARN)
	assert.Equal(t, sqs.MoveTaskCancelled, task.Status)
	assert.Equal(t, 1, task.ApproximateNumberOfMessagesMoved)
	dead, _ := dlqMessages(svc, dlqURL)
	assert.Equal(t, []string{"b", "c"}, dead, "the rest stays in the dead-letter queue")
	moved, _ := dlqMessages(svc, srcURL)
	assert.Equal(t, []string{"a"}, moved)

	_, err = svc.CancelMessageMoveTask(ctx, &sqs.CancelMessageMoveTaskInput{TaskHandle: start.TaskHandle})
	assert.True(t, errors.Is(err, sqs.ErrResourceNotFoundException), "a cancelled task cannot be cancelled: %v", err)
	_, err = svc.CancelMessageMoveTask(ctx, &sqs.CancelMessageMoveTaskInput{TaskHandle: "not a handle"})
	assert.True(t, errors.Is(err, sqs.ErrInvalidParameterValue), "malformed: %v", err)
	unknown := base64.StdEncoding.EncodeToString([]byte(`{"taskId":"00000000-0000-4000-8000-000000000000","sourceArn":"` + dlqARN + `"}`))
	_, err = svc.CancelMessageMoveTask(ctx, &sqs.CancelMessageMoveTaskInput{TaskHandle: unknown})
	assert.True(t, errors.Is(err, sqs.ErrResourceNotFoundException), "unknown: %v", err)
}

// A queue cannot be its own dead-letter queue: SetQueueAttributes refuses
// it, where accepting it made every receive past maxReceiveCount loop.
func TestQueueCannotBeItsOwnDeadLetterQueue(t *testing.T) {
	for _, name := range []string{"self", "self.fifo"} {
		_, svc := dlqSetup(t)
		url, arn := dlqCreate(t, svc, name, nil)
		_, err := svc.SetQueueAttributes(context.Background(), &sqs.SetQueueAttributesInput{
			QueueUrl: url, Attributes: map[string]string{sqs.AttributeRedrivePolicy: dlqPolicy(arn, 1)},
		})
		require.ErrorIs(t, err, sqs.ErrInvalidParameterValue, name)
	}
}

// A message dead-lettered twice (A → B → C) keeps its place in C's
// retention order and can be received and deleted there.
func TestMessageDeadLetteredTwiceCanBeDeleted(t *testing.T) {
	ctx := context.Background()
	clk, svc := dlqSetup(t)
	urlC, arnC := dlqCreate(t, svc, "c", nil)
	urlB, arnB := dlqCreate(t, svc, "b", dlqRedrive(arnC, 1))
	urlA, _ := dlqCreate(t, svc, "a", dlqRedrive(arnB, 1))
	dlqSend(t, svc, urlA, "m")
	clk.Advance(time.Second)
	dlqSend(t, svc, urlB, "newer") // m arrives in B older than B's newest message
	require.Len(t, regReceive(t, svc, urlA, time.Second, ""), 1)
	clk.Advance(time.Second)
	require.Empty(t, regReceive(t, svc, urlA, time.Second, ""), "m moves to B")
	require.Len(t, stdReceive(t, svc, urlB, 10), 1, "newer is received; m moves on to C")

	msgs := regReceive(t, svc, urlC, time.Hour, "")
	require.Len(t, msgs, 1)
	_, err := svc.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: urlC, ReceiptHandle: msgs[0].ReceiptHandle})
	require.NoError(t, err)
	st, _ := svc.Inspect().Stats(urlC)
	assert.Zero(t, st.Visible+st.InFlight+st.Delayed)
}

// A long poll on a dead-letter queue is not handed a message that arrives
// already past the queue's retention period (the enqueue time of a
// standard queue's message survives the move), just as a short poll would
// not see it.
func TestLongPollIsNotHandedAnExpiredDeadLetter(t *testing.T) {
	clk, svc := dlqSetup(t)
	dlqURL, dlqARN := dlqCreate(t, svc, "dlq", map[string]string{sqs.AttributeMessageRetentionPeriod: "60"})
	src, _ := dlqCreate(t, svc, "src", dlqRedrive(dlqARN, 1))
	dlqSend(t, svc, src, "old")
	require.Len(t, regReceive(t, svc, src, 0, ""), 1)
	clk.Advance(2 * time.Minute)
	var got *sqs.ReceiveMessageOutput
	svc.ReceiveMessageAsync(&sqs.ReceiveMessageInput{QueueUrl: dlqURL, WaitTime: sqs.Duration(20 * time.Second)},
		func(o *sqs.ReceiveMessageOutput, err error) { got = o })
	require.Empty(t, regReceive(t, svc, src, 0, ""), "the receive moves old to the dead-letter queue")
	clk.Advance(20 * time.Second)
	require.NotNil(t, got)
	assert.Empty(t, got.Messages)
}

// Once a queue's dead-letter queue is deleted, the queue's other attributes
// can still be changed.
func TestAttributesChangeAfterDeadLetterQueueIsDeleted(t *testing.T) {
	ctx := context.Background()
	_, svc := dlqSetup(t)
	dlqURL, dlqARN := dlqCreate(t, svc, "dlq", nil)
	src, _ := dlqCreate(t, svc, "src", dlqRedrive(dlqARN, 3))
	_, err := svc.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: dlqURL})
	require.NoError(t, err)
	_, err = svc.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: src, Attributes: map[string]string{sqs.AttributeVisibilityTimeout: "10"}})
	require.NoError(t, err)
}
