package sqs_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// Helpers of the FIFO tests.

var fifoT0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// fifoSetup returns a virtual clock at fifoT0 and a service on it.
func fifoSetup(t *testing.T, opts ...sqs.Option) (*sim.Clock, *sqs.Service) {
	t.Helper()
	clk := sim.NewClock(fifoT0)
	return clk, sqs.New(append([]sqs.Option{sqs.WithClock(clk)}, opts...)...)
}

// fifoQueue creates the FIFO queue name with the given extra attributes.
func fifoQueue(t *testing.T, svc *sqs.Service, name string, attrs map[string]string) string {
	t.Helper()
	all := map[string]string{sqs.AttributeFifoQueue: "true"}
	for k, v := range attrs {
		all[k] = v
	}
	out, err := svc.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: name, Attributes: all})
	require.NoError(t, err)
	return out.QueueUrl
}

// fifoSend sends body to group with an explicit deduplication ID (none
// when dedup is empty).
func fifoSend(t *testing.T, svc *sqs.Service, url, group, dedup, body string) *sqs.SendMessageOutput {
	t.Helper()
	out, err := svc.SendMessage(context.Background(), &sqs.SendMessageInput{
		QueueUrl: url, MessageBody: body, MessageGroupId: group, MessageDeduplicationId: dedup,
	})
	require.NoError(t, err)
	return out
}

// fifoReceive short-polls up to max messages with every system attribute.
func fifoReceive(t *testing.T, svc *sqs.Service, url string, max int) []sqs.Message {
	t.Helper()
	out, err := svc.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{
		QueueUrl: url, MaxNumberOfMessages: max, MessageSystemAttributeNames: []string{sqs.SysAttributeAll},
	})
	require.NoError(t, err)
	return out.Messages
}

func fifoDelete(t *testing.T, svc *sqs.Service, url string, msgs ...sqs.Message) {
	t.Helper()
	for _, m := range msgs {
		_, err := svc.DeleteMessage(context.Background(), &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: m.ReceiptHandle})
		require.NoError(t, err)
	}
}

func fifoBodies(msgs []sqs.Message) []string {
	out := []string{}
	for _, m := range msgs {
		out = append(out, m.Body)
	}
	return out
}

// fifoStats returns the queue's counters.
func fifoStats(t *testing.T, svc *sqs.Service, url string) sqs.QueueStats {
	t.Helper()
	st, ok := svc.Inspect().Stats(url)
	require.True(t, ok, "queue %s", url)
	return st
}

// fifoQueueNames lists the names of the service's queues.
func fifoQueueNames(t *testing.T, svc *sqs.Service) []string {
	t.Helper()
	out, err := svc.ListQueues(context.Background(), &sqs.ListQueuesInput{})
	require.NoError(t, err)
	return out.QueueUrls
}

// Creation rules.

// A FIFO queue is created with FifoQueue=true and a name ending in .fifo;
// each without the other is refused, and FIFO attributes are refused on a
// standard queue.
func TestFifoQueueNeedsBothFifoQueueAttributeAndFifoName(t *testing.T) {
	cases := []struct {
		name  string
		queue string
		attrs map[string]string
		want  error
	}{
		{"FifoQueue true without .fifo", "orders", map[string]string{sqs.AttributeFifoQueue: "true"}, sqs.ErrInvalidParameterValue},
		{".fifo name without FifoQueue", "orders.fifo", nil, sqs.ErrInvalidParameterValue},
		{"FifoQueue false with .fifo name", "orders.fifo", map[string]string{sqs.AttributeFifoQueue: "false"}, sqs.ErrInvalidAttributeName},
		{"FifoQueue not a boolean", "orders.fifo", map[string]string{sqs.AttributeFifoQueue: "yes"}, sqs.ErrInvalidAttributeValue},
		{"ContentBasedDeduplication on standard", "orders", map[string]string{sqs.AttributeContentBasedDeduplication: "true"}, sqs.ErrInvalidAttributeName},
		{"DeduplicationScope on standard", "orders", map[string]string{sqs.AttributeDeduplicationScope: "queue"}, sqs.ErrInvalidAttributeName},
		{"FifoThroughputLimit on standard", "orders", map[string]string{sqs.AttributeFifoThroughputLimit: "perQueue"}, sqs.ErrInvalidAttributeName},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, svc := fifoSetup(t)
			_, err := svc.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: tc.queue, Attributes: tc.attrs})
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.want), "got %v, want %v", err, tc.want)
			assert.Empty(t, fifoQueueNames(t, svc), "no queue is created")
		})
	}

	_, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "orders.fifo", nil)
	attrs, err := svc.GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{QueueUrl: url, AttributeNames: []string{sqs.AttributeAll}})
	require.NoError(t, err)
	assert.Equal(t, "true", attrs.Attributes[sqs.AttributeFifoQueue])
	assert.Equal(t, "false", attrs.Attributes[sqs.AttributeContentBasedDeduplication])
	assert.Equal(t, "queue", attrs.Attributes[sqs.AttributeDeduplicationScope])
	assert.Equal(t, "perQueue", attrs.Attributes[sqs.AttributeFifoThroughputLimit])
}

// DeduplicationScope is "queue" or "messageGroup", FifoThroughputLimit is
// "perQueue" or "perMessageGroupId", and perMessageGroupId needs the
// messageGroup scope.
func TestFifoHighThroughputAttributesTakeOnlyValidValues(t *testing.T) {
	cases := []struct {
		name  string
		attrs map[string]string
		want  error // nil: accepted
	}{
		{"scope queue", map[string]string{sqs.AttributeDeduplicationScope: "queue"}, nil},
		{"scope messageGroup", map[string]string{sqs.AttributeDeduplicationScope: "messageGroup"}, nil},
		{"scope unknown", map[string]string{sqs.AttributeDeduplicationScope: "group"}, sqs.ErrInvalidAttributeValue},
		{"limit perQueue", map[string]string{sqs.AttributeFifoThroughputLimit: "perQueue"}, nil},
		{"limit unknown", map[string]string{sqs.AttributeFifoThroughputLimit: "perGroup"}, sqs.ErrInvalidAttributeValue},
		{"perMessageGroupId with messageGroup scope", map[string]string{
			sqs.AttributeDeduplicationScope: "messageGroup", sqs.AttributeFifoThroughputLimit: "perMessageGroupId",
		}, nil},
		{"perMessageGroupId with queue scope", map[string]string{
			sqs.AttributeDeduplicationScope: "queue", sqs.AttributeFifoThroughputLimit: "perMessageGroupId",
		}, sqs.ErrInvalidAttributeValue},
		{"perMessageGroupId with default scope", map[string]string{sqs.AttributeFifoThroughputLimit: "perMessageGroupId"}, sqs.ErrInvalidAttributeValue},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, svc := fifoSetup(t)
			attrs := map[string]string{sqs.AttributeFifoQueue: "true"}
			for k, v := range tc.attrs {
				attrs[k] = v
			}
			_, err := svc.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: "q.fifo", Attributes: attrs})
			if tc.want == nil {
				require.NoError(t, err)
				assert.Len(t, fifoQueueNames(t, svc), 1)
				return
			}
			assert.True(t, errors.Is(err, tc.want), "got %v, want %v", err, tc.want)
			assert.Empty(t, fifoQueueNames(t, svc))
		})
	}
}

// The perMessageGroupId throughput limit is allowed only with
// DeduplicationScope messageGroup, also when SetQueueAttributes changes
// one of the two.
func TestFifoPerMessageGroupIdThroughputNeedsMessageGroupScope(t *testing.T) {
	ctx := context.Background()
	_, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "hi.fifo", map[string]string{
		sqs.AttributeDeduplicationScope: "messageGroup", sqs.AttributeFifoThroughputLimit: "perMessageGroupId",
	})

	_, err := svc.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{
		QueueUrl: url, Attributes: map[string]string{sqs.AttributeDeduplicationScope: "queue"},
	})
	assert.True(t, errors.Is(err, sqs.ErrInvalidAttributeValue), "got %v", err)

	got, err := svc.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: url, AttributeNames: []string{sqs.AttributeAll}})
	require.NoError(t, err)
	assert.Equal(t, "messageGroup", got.Attributes[sqs.AttributeDeduplicationScope], "refused change leaves the scope")
	assert.Equal(t, "perMessageGroupId", got.Attributes[sqs.AttributeFifoThroughputLimit])

	_, err = svc.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{
		QueueUrl: url, Attributes: map[string]string{sqs.AttributeDeduplicationScope: "queue", sqs.AttributeFifoThroughputLimit: "perQueue"},
	})
	require.NoError(t, err, "both changed together is fine")
}

// Sending.

// SendMessage to a FIFO queue without MessageGroupId fails with
// MissingParameter.
func TestFifoSendMessageRequiresMessageGroupId(t *testing.T) {
	_, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", nil)

	_, err := svc.SendMessage(context.Background(), &sqs.SendMessageInput{QueueUrl: url, MessageBody: "x", MessageDeduplicationId: "d"})
	assert.True(t, errors.Is(err, sqs.ErrMissingParameter), "got %v", err)
	assert.Equal(t, 0, fifoStats(t, svc, url).Sent)
	assert.Empty(t, svc.Inspect().Messages(url))
}

// A SendMessageBatch to a FIFO queue with an entry lacking MessageGroupId
// fails as a whole with InvalidParameterValue: no entry is sent.
func TestFifoSendMessageBatchWithoutMessageGroupIdFailsWholeBatch(t *testing.T) {
	_, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", nil)

	out, err := svc.SendMessageBatch(context.Background(), &sqs.SendMessageBatchInput{QueueUrl: url, Entries: []sqs.SendMessageBatchRequestEntry{
		{Id: "a", MessageBody: "a", MessageGroupId: "g", MessageDeduplicationId: "a"},
		{Id: "b", MessageBody: "b", MessageDeduplicationId: "b"},
	}})
	assert.Nil(t, out)
	assert.True(t, errors.Is(err, sqs.ErrInvalidParameterValue), "got %v", err)
	assert.Empty(t, svc.Inspect().Messages(url), "the valid entry is not sent either")
}

// A FIFO queue has no per-message delay: DelaySeconds other than 0 is
// refused (on SendMessage, and per entry in a batch), 0 is accepted.
func TestFifoPerMessageDelayIsRejectedUnlessZero(t *testing.T) {
	ctx := context.Background()
	_, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", nil)

	_, err := svc.SendMessage(ctx, &sqs.SendMessageInput{
		QueueUrl: url, MessageBody: "late", MessageGroupId: "g", MessageDeduplicationId: "late", Delay: sqs.Duration(5 * time.Second),
	})
	assert.True(t, errors.Is(err, sqs.ErrInvalidParameterValue), "got %v", err)
	assert.Empty(t, svc.Inspect().Messages(url))

	_, err = svc.SendMessage(ctx, &sqs.SendMessageInput{
		QueueUrl: url, MessageBody: "now", MessageGroupId: "g", MessageDeduplicationId: "now", Delay: sqs.Duration(0),
	})
	require.NoError(t, err)

	out, err := svc.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: url, Entries: []sqs.SendMessageBatchRequestEntry{
		{Id: "late", MessageBody: "late", MessageGroupId: "g", MessageDeduplicationId: "late", Delay: sqs.Duration(time.Second)},
		{Id: "zero", MessageBody: "zero", MessageGroupId: "g", MessageDeduplicationId: "zero", Delay: sqs.Duration(0)},
	}})
	require.NoError(t, err)
	require.Len(t, out.Failed, 1)
	assert.Equal(t, "late", out.Failed[0].Id)
	assert.Equal(t, "InvalidParameterValue", out.Failed[0].Code)
	assert.True(t, out.Failed[0].SenderFault)
	require.Len(t, out.Successful, 1)
	assert.Equal(t, "zero", out.Successful[0].Id)

	msgs := svc.Inspect().Messages(url)
	require.Len(t, msgs, 2)
	for _, m := range msgs {
		assert.Equal(t, sqs.StateVisible, m.State, "%s is not delayed", m.Body)
	}
}

// Order and group locking.

// Messages of one group are received in the order sent, across receives
// and redeliveries.
func TestFifoMessagesOfAGroupAreReceivedInOrder(t *testing.T) {
	clk, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", nil)
	for i := range 6 {
		fifoSend(t, svc, url, "g", "d"+strconv.Itoa(i), "m"+strconv.Itoa(i))
	}

	first := fifoReceive(t, svc, url, 2)
	assert.Equal(t, []string{"m0", "m1"}, fifoBodies(first))
	clk.Advance(sqs.DefaultVisibilityTimeout) // not deleted: they come back first

	var got []string
	for range 10 {
		msgs := fifoReceive(t, svc, url, 2)
		if len(msgs) == 0 {
			break
		}
		got = append(got, fifoBodies(msgs)...)
		fifoDelete(t, svc, url, msgs...)
	}
	assert.Equal(t, []string{"m0", "m1", "m2", "m3", "m4", "m5"}, got)
}

// While a message of a group is in flight, the group yields no other
// message until it is deleted or visible again; other groups are still
// served.
func TestFifoGroupWithMessageInFlightYieldsNothingMore(t *testing.T) {
	clk, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", nil)
	fifoSend(t, svc, url, "A", "a1", "a1")
	fifoSend(t, svc, url, "A", "a2", "a2")
	fifoSend(t, svc, url, "B", "b1", "b1")

	a1 := fifoReceive(t, svc, url, 1)
	require.Equal(t, []string{"a1"}, fifoBodies(a1))

	clk.Advance(5 * time.Second)
	assert.Equal(t, []string{"b1"}, fifoBodies(fifoReceive(t, svc, url, 10)), "group A is locked, B is served")
	assert.Empty(t, fifoReceive(t, svc, url, 10), "both groups locked")

	clk.Advance(sqs.DefaultVisibilityTimeout - 6*time.Second)
	assert.Empty(t, fifoReceive(t, svc, url, 10), "a1 still in flight")
	clk.Advance(time.Second) // a1 visible again: A is unlocked, a1 comes first
	again := fifoReceive(t, svc, url, 10)
	require.Equal(t, []string{"a1", "a2"}, fifoBodies(again), "a1 again, then the rest of A (B still locked)")
	assert.Equal(t, "2", again[0].Attributes[sqs.SysAttributeApproximateReceiveCount])

	fifoDelete(t, svc, url, again[0])
	assert.Empty(t, fifoReceive(t, svc, url, 10), "a2 in flight locks A after a1 is deleted")
}

// Deleting the in-flight message of a group unlocks the group at once.
func TestFifoDeletingInFlightMessageUnlocksGroup(t *testing.T) {
	_, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", nil)
	fifoSend(t, svc, url, "A", "a1", "a1")
	fifoSend(t, svc, url, "A", "a2", "a2")

	a1 := fifoReceive(t, svc, url, 1)
	assert.Empty(t, fifoReceive(t, svc, url, 1))
	fifoDelete(t, svc, url, a1...)
	assert.Equal(t, []string{"a2"}, fifoBodies(fifoReceive(t, svc, url, 1)))
}

// A batch receive takes as many messages of one group as it can, in order,
// then fills up from other groups.
func TestFifoBatchReceiveTakesOneGroupThenFillsFromOthers(t *testing.T) {
	_, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", nil)
	for _, s := range []struct{ group, body string }{
		{"A", "a1"}, {"B", "b1"}, {"A", "a2"}, {"C", "c1"}, {"B", "b2"}, {"A", "a3"},
	} {
		fifoSend(t, svc, url, s.group, s.body, s.body)
	}

	assert.Equal(t, []string{"a1", "a2", "a3", "b1"}, fifoBodies(fifoReceive(t, svc, url, 4)))
	assert.Equal(t, []string{"c1"}, fifoBodies(fifoReceive(t, svc, url, 4)), "B is locked by b1")
}

// Receivable groups are served in the order they became receivable: a
// group just received, or whose messages became visible again, goes to the
// back of the line. The sequence is the one AWS returned in LocalStack's
// AWS-validated test_fifo_receive_message_with_zero_visibility_timeout.
func TestFifoGroupsAreServedInTheOrderTheyBecameReceivable(t *testing.T) {
	_, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", nil)
	for _, s := range []struct{ group, body string }{
		{"g1", "g1-m1"}, {"g1", "g1-m2"}, {"g2", "g2-m1"}, {"g2", "g2-m2"}, {"g3", "g3-m1"},
	} {
		fifoSend(t, svc, url, s.group, s.body, s.body)
	}

	first, err := svc.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{
		QueueUrl: url, MaxNumberOfMessages: 3, VisibilityTimeout: sqs.Duration(0),
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"g1-m1", "g1-m2", "g2-m1"}, fifoBodies(first.Messages))
	assert.Equal(t, []string{"g3-m1", "g1-m1", "g1-m2", "g2-m1", "g2-m2"}, fifoBodies(fifoReceive(t, svc, url, 10)))
}

// Deduplication.

// Within five minutes, a message with a deduplication ID already used is
// accepted, gets the first message's MessageId and SequenceNumber, and is
// not enqueued.
func TestFifoDuplicateDeduplicationIdIsAcceptedButNotEnqueued(t *testing.T) {
	clk, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", nil)
	first := fifoSend(t, svc, url, "g", "order-1", "first")

	clk.Advance(4 * time.Minute)
	dup := fifoSend(t, svc, url, "g", "order-1", "second")
	assert.Equal(t, first.MessageId, dup.MessageId)
	assert.Equal(t, first.SequenceNumber, dup.SequenceNumber)
	assert.Equal(t, "a9f0e61a137d86aa9db53465e0801612", dup.MD5OfMessageBody, "MD5 of the body sent")

	msgs := svc.Inspect().Messages(url)
	require.Len(t, msgs, 1)
	assert.Equal(t, "first", msgs[0].Body)
	assert.Equal(t, 1, fifoStats(t, svc, url).Sent)
}

// A deduplication ID is remembered for five minutes even after its message
// was received and deleted.
func TestFifoDeduplicationIdIsRememberedAfterDelete(t *testing.T) {
	clk, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", nil)
	first := fifoSend(t, svc, url, "g", "order-1", "first")
	fifoDelete(t, svc, url, fifoReceive(t, svc, url, 1)...)

	clk.Advance(time.Minute)
	dup := fifoSend(t, svc, url, "g", "order-1", "again")
	assert.Equal(t, first.MessageId, dup.MessageId)
	assert.Empty(t, svc.Inspect().Messages(url))
	assert.Empty(t, fifoReceive(t, svc, url, 10))
}

// After five minutes the deduplication ID is forgotten: the same ID is a
// new message.
func TestFifoDeduplicationIdIsForgottenAfterFiveMinutes(t *testing.T) {
	clk, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", nil)
	first := fifoSend(t, svc, url, "g", "order-1", "first")

	clk.Advance(sqs.DeduplicationInterval - time.Second)
	assert.Equal(t, first.MessageId, fifoSend(t, svc, url, "g", "order-1", "dup").MessageId, "4m59s: still a duplicate")

	clk.Advance(time.Second)
	again := fifoSend(t, svc, url, "g", "order-1", "new")
	assert.NotEqual(t, first.MessageId, again.MessageId, "5m: a new message")
	assert.Equal(t, []string{"first", "new"}, fifoBodies(fifoReceive(t, svc, url, 10)))
}

// With ContentBasedDeduplication the deduplication ID is the SHA-256 of the
// body, attributes ignored; an explicit ID overrides it.
func TestFifoContentBasedDeduplicationHashesTheBodyOnly(t *testing.T) {
	ctx := context.Background()
	_, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", map[string]string{sqs.AttributeContentBasedDeduplication: "true"})
	send := func(body, attr, dedup string) string {
		t.Helper()
		out, err := svc.SendMessage(ctx, &sqs.SendMessageInput{
			QueueUrl: url, MessageBody: body, MessageGroupId: "g", MessageDeduplicationId: dedup,
			MessageAttributes: map[string]sqs.MessageAttributeValue{"v": {DataType: "String", StringValue: attr}},
		})
		require.NoError(t, err)
		return out.MessageId
	}

	id := send("hello", "1", "")
	assert.Equal(t, id, send("hello", "2", ""), "other attributes, same body: duplicate")
	assert.NotEqual(t, id, send("hello!", "1", ""), "other body: new message")
	assert.NotEqual(t, id, send("hello", "1", "explicit"), "an explicit ID overrides the content hash")

	msgs := svc.Inspect().Messages(url)
	require.Len(t, msgs, 3)
	sum := sha256.Sum256([]byte("hello"))
	assert.Equal(t, hex.EncodeToString(sum[:]), msgs[0].MessageDeduplicationID)
	assert.Equal(t, "1", msgs[0].MessageAttributes["v"].StringValue)
	assert.Equal(t, "explicit", msgs[2].MessageDeduplicationID)
}

// Without ContentBasedDeduplication a FIFO message needs an explicit
// MessageDeduplicationId: InvalidParameterValue otherwise.
func TestFifoSendWithoutDeduplicationIdNeedsContentBasedDeduplication(t *testing.T) {
	_, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", nil)

	_, err := svc.SendMessage(context.Background(), &sqs.SendMessageInput{QueueUrl: url, MessageBody: "x", MessageGroupId: "g"})
	require.Error(t, err)
	assert.True(t, errors.Is(err, sqs.ErrInvalidParameterValue), "got %v", err)
	assert.Contains(t, err.Error(), "ContentBasedDeduplication")
	assert.Empty(t, svc.Inspect().Messages(url))
}

// With DeduplicationScope "queue" a deduplication ID counts across groups;
// with "messageGroup" only within its group.
func TestFifoDeduplicationScopeQueueVersusMessageGroup(t *testing.T) {
	cases := []struct {
		scope    string
		wantMsgs int
	}{
		{"queue", 1},
		{"messageGroup", 2},
	}
	for _, tc := range cases {
		t.Run(tc.scope, func(t *testing.T) {
			_, svc := fifoSetup(t)
			url := fifoQueue(t, svc, "q.fifo", map[string]string{sqs.AttributeDeduplicationScope: tc.scope})
			a := fifoSend(t, svc, url, "A", "same", "in A")
			b := fifoSend(t, svc, url, "B", "same", "in B")
			aa := fifoSend(t, svc, url, "A", "same", "in A again")

			assert.Equal(t, a.MessageId, aa.MessageId, "same group: always a duplicate")
			assert.Len(t, svc.Inspect().Messages(url), tc.wantMsgs)
			if tc.scope == "queue" {
				assert.Equal(t, a.MessageId, b.MessageId)
			} else {
				assert.NotEqual(t, a.MessageId, b.MessageId)
			}
		})
	}
}

// Every FIFO message gets a SequenceNumber, larger than those of the
// messages sent before it on the queue, whatever the group.
func TestFifoSequenceNumbersIncrease(t *testing.T) {
	ctx := context.Background()
	_, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", nil)

	var seqs []string
	seqs = append(seqs, fifoSend(t, svc, url, "A", "1", "1").SequenceNumber)
	seqs = append(seqs, fifoSend(t, svc, url, "B", "2", "2").SequenceNumber)
	batch, err := svc.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: url, Entries: []sqs.SendMessageBatchRequestEntry{
		{Id: "x", MessageBody: "3", MessageGroupId: "A", MessageDeduplicationId: "3"},
		{Id: "y", MessageBody: "4", MessageGroupId: "C", MessageDeduplicationId: "4"},
	}})
	require.NoError(t, err)
	for _, r := range batch.Successful {
		seqs = append(seqs, r.SequenceNumber)
	}
	seqs = append(seqs, fifoSend(t, svc, url, "A", "5", "5").SequenceNumber)

	require.Len(t, seqs, 5)
	prev := uint64(0)
	for i, s := range seqs {
		assert.Len(t, s, 20, "SequenceNumber %q", s)
		n, err := strconv.ParseUint(s, 10, 64)
		require.NoError(t, err)
		assert.Greater(t, n, prev, "message %d", i)
		prev = n
	}

	got := fifoReceive(t, svc, url, 10)
	require.NotEmpty(t, got)
	assert.Equal(t, seqs[0], got[0].Attributes[sqs.SysAttributeSequenceNumber], "received with its SequenceNumber")
}

// PurgeQueue clears a FIFO queue's deduplication IDs: the same ID is a new
// message right after the purge.
func TestFifoPurgeQueueClearsDeduplicationIds(t *testing.T) {
	_, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", nil)
	first := fifoSend(t, svc, url, "g", "order-1", "before")

	_, err := svc.PurgeQueue(context.Background(), &sqs.PurgeQueueInput{QueueUrl: url})
	require.NoError(t, err)
	again := fifoSend(t, svc, url, "g", "order-1", "after")

	assert.NotEqual(t, first.MessageId, again.MessageId)
	assert.Equal(t, []string{"after"}, fifoBodies(fifoReceive(t, svc, url, 10)))
}

// Receive request attempts.

// Retrying a FIFO receive with the same ReceiveRequestAttemptId returns the
// same messages with the same receipt handles, and restarts their
// visibility timeout.
func TestFifoReceiveRequestAttemptIdRetryReturnsSameMessages(t *testing.T) {
	ctx := context.Background()
	clk, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", nil)
	fifoSend(t, svc, url, "A", "a1", "a1")
	fifoSend(t, svc, url, "A", "a2", "a2")
	fifoSend(t, svc, url, "B", "b1", "b1")
	in := &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 2, ReceiveRequestAttemptId: "attempt-1"}

	first, err := svc.ReceiveMessage(ctx, in)
	require.NoError(t, err)
	require.Equal(t, []string{"a1", "a2"}, fifoBodies(first.Messages))

	clk.Advance(20 * time.Second)
	retry, err := svc.ReceiveMessage(ctx, in)
	require.NoError(t, err)
	assert.Equal(t, first.Messages, retry.Messages, "same messages, same receipt handles")
	for _, m := range svc.Inspect().Messages(url) {
		if m.MessageGroupID == "A" {
			assert.Equal(t, 1, m.ReceiveCount, "a retry is not another receive")
			assert.Equal(t, fifoT0.Add(20*time.Second+sqs.DefaultVisibilityTimeout), m.Until, "the retry restarts the timeout")
		}
	}

	clk.Advance(15 * time.Second) // 35 s after the first receive
	assert.Equal(t, []string{"b1"}, fifoBodies(fifoReceive(t, svc, url, 10)), "A still locked thanks to the retry")
	fifoDelete(t, svc, url, retry.Messages...)
}

// Once a message of an attempt was deleted, retrying the attempt does not
// replay it: it is a new receive.
func TestFifoReceiveRequestAttemptIdIsNotReplayedAfterDelete(t *testing.T) {
	ctx := context.Background()
	_, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", nil)
	fifoSend(t, svc, url, "A", "a1", "a1")
	fifoSend(t, svc, url, "A", "a2", "a2")
	in := &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 2, ReceiveRequestAttemptId: "attempt-1"}

	first, err := svc.ReceiveMessage(ctx, in)
	require.NoError(t, err)
	require.Len(t, first.Messages, 2)
	fifoDelete(t, svc, url, first.Messages[0])

	retry, err := svc.ReceiveMessage(ctx, in)
	require.NoError(t, err)
	assert.Empty(t, retry.Messages, "a2 is in flight, so a fresh receive finds group A locked")
	msgs := svc.Inspect().Messages(url)
	require.Len(t, msgs, 1)
	assert.Equal(t, 1, msgs[0].ReceiveCount)
}

// On a FIFO queue, DeleteMessage with a handle whose visibility timeout
// has expired fails with InvalidParameterValue, "expired", and the message
// stays.
func TestFifoDeleteMessageWithExpiredReceiptHandleFails(t *testing.T) {
	clk, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", nil)
	fifoSend(t, svc, url, "g", "d", "x")
	got := fifoReceive(t, svc, url, 1)
	require.Len(t, got, 1)

	clk.Advance(sqs.DefaultVisibilityTimeout)
	_, err := svc.DeleteMessage(context.Background(), &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: got[0].ReceiptHandle})
	require.Error(t, err)
	assert.True(t, errors.Is(err, sqs.ErrInvalidParameterValue), "got %v", err)
	assert.Contains(t, err.Error(), "expired")

	msgs := svc.Inspect().Messages(url)
	require.Len(t, msgs, 1, "the message stays")
	assert.Equal(t, sqs.StateVisible, msgs[0].State)
	assert.Equal(t, []string{"x"}, fifoBodies(fifoReceive(t, svc, url, 1)))
}

// Queue delay on FIFO queues.

// On a FIFO queue a change of DelaySeconds applies to messages already on
// it: lowering it releases a message sent under the longer delay.
func TestFifoShorterQueueDelayReleasesQueuedMessagesEarlier(t *testing.T) {
	ctx := context.Background()
	clk, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", map[string]string{sqs.AttributeDelaySeconds: "60"})
	fifoSend(t, svc, url, "g", "d", "x")

	clk.Advance(10 * time.Second)
	assert.Empty(t, fifoReceive(t, svc, url, 1), "delayed for 60 s")
	_, err := svc.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: url, Attributes: map[string]string{sqs.AttributeDelaySeconds: "0"}})
	require.NoError(t, err)

	assert.Equal(t, []string{"x"}, fifoBodies(fifoReceive(t, svc, url, 1)), "visible at once, 50 s early")
}

// Raising a FIFO queue's DelaySeconds delays the messages on it that were
// never received until their send time plus the new delay.
func TestFifoLongerQueueDelayHoldsMessagesNeverReceived(t *testing.T) {
	ctx := context.Background()
	clk, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", nil)
	fifoSend(t, svc, url, "A", "a", "received before")
	got := fifoReceive(t, svc, url, 1)
	require.Len(t, got, 1)
	_, err := svc.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: url, ReceiptHandle: got[0].ReceiptHandle})
	require.NoError(t, err)
	fifoSend(t, svc, url, "B", "b", "never received")

	clk.Advance(10 * time.Second)
	_, err = svc.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: url, Attributes: map[string]string{sqs.AttributeDelaySeconds: "120"}})
	require.NoError(t, err)

	again := fifoReceive(t, svc, url, 10)
	assert.Equal(t, []string{"received before"}, fifoBodies(again), "only the never-received message is held back")
	assert.Equal(t, 1, fifoStats(t, svc, url).Delayed)
	fifoDelete(t, svc, url, again...)

	clk.Advance(109 * time.Second) // 1 s before send + 120 s
	assert.Empty(t, fifoReceive(t, svc, url, 10))
	clk.Advance(time.Second)
	assert.Equal(t, []string{"never received"}, fifoBodies(fifoReceive(t, svc, url, 10)))
}

// At its in-flight limit a FIFO queue returns no messages, and no error
// (a standard queue's short poll returns OverLimit instead).
func TestFifoInFlightLimitReturnsNoMessagesAndNoError(t *testing.T) {
	_, svc := fifoSetup(t, sqs.WithInFlightLimit(2))
	url := fifoQueue(t, svc, "q.fifo", nil)
	for _, g := range []string{"A", "B", "C"} {
		fifoSend(t, svc, url, g, g, g)
	}

	assert.Equal(t, []string{"A", "B"}, fifoBodies(fifoReceive(t, svc, url, 10)), "stops at the limit")
	out, err := svc.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10})
	require.NoError(t, err)
	assert.Empty(t, out.Messages)
	st := fifoStats(t, svc, url)
	assert.Equal(t, 2, st.InFlight)
	assert.Equal(t, 1, st.Visible)
}

// A ReceiveRequestAttemptId is forgotten five minutes after its receive,
// also when another attempt ID was reused and remembered again meanwhile.
func TestReceiveAttemptIsForgottenAfterFiveMinutes(t *testing.T) {
	clk, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", map[string]string{sqs.AttributeContentBasedDeduplication: "true"})
	fifoSend(t, svc, url, "g1", "", "a1")
	fifoSend(t, svc, url, "g2", "", "b1")
	fifoSend(t, svc, url, "g3", "", "c1")
	start := clk.Now()

	a := regReceive(t, svc, url, 12*time.Hour, "A")
	require.Equal(t, "a1", a[0].Body)
	fifoDelete(t, svc, url, a...) // A can no longer be replayed
	clk.Advance(time.Second)
	require.Equal(t, "b1", regReceive(t, svc, url, 12*time.Hour, "B")[0].Body)
	clk.Advance(time.Second)
	require.Equal(t, "c1", regReceive(t, svc, url, 12*time.Hour, "A")[0].Body, "A is remembered again")

	clk.AdvanceTo(start.Add(5*time.Minute + 1500*time.Millisecond))
	assert.Empty(t, regReceive(t, svc, url, 12*time.Hour, "B"), "B is forgotten: a fresh receive finds every group locked")
}
