package sqs_test

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// Regression tests for defects found in review, each named for the rule it
// holds the simulator to.

// regReceive receives one message at most, with the given visibility
// timeout and receive attempt ID.
func regReceive(t *testing.T, svc *sqs.Service, url string, vis time.Duration, attempt string) []sqs.Message {
	t.Helper()
	out, err := svc.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{
		QueueUrl: url, VisibilityTimeout: sqs.Duration(vis), WaitTime: sqs.Duration(0), ReceiveRequestAttemptId: attempt,
	})
	require.NoError(t, err)
	return out.Messages
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

// A receipt handle the service never issued is ReceiptHandleIsInvalid,
// even one that names a real message by its queue, slot and number.
func TestForgedReceiptHandleIsInvalid(t *testing.T) {
	ctx := context.Background()
	_, svc := dlqSetup(t)
	url, _ := dlqCreate(t, svc, "q", nil)
	dlqSend(t, svc, url, "m")
	for _, receive := range []uint32{0, 1} {
		var b [24]byte
		binary.BigEndian.PutUint32(b[0:], 0)        // slot 0
		binary.BigEndian.PutUint64(b[4:], 1)        // first message
		binary.BigEndian.PutUint32(b[12:], receive) // no receive, or the first
		forged := hex.EncodeToString(b[:])

		_, err := svc.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: forged})
		require.ErrorIs(t, err, sqs.ErrReceiptHandleIsInvalid)
		_, err = svc.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: url, ReceiptHandle: forged, VisibilityTimeout: time.Hour})
		require.ErrorIs(t, err, sqs.ErrReceiptHandleIsInvalid)
	}
	st, _ := svc.Inspect().Stats(url)
	assert.Equal(t, 1, st.Visible, "the message is untouched")
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

// Instants are kept relative to the service's start, so a simulation may
// begin at any date, the zero time.Time included.
func TestSimulationMayStartAtTheZeroTime(t *testing.T) {
	clk := sim.NewClock(time.Time{})
	svc := sqs.New(sqs.WithClock(clk))
	q, err := svc.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: "q"})
	require.NoError(t, err)
	dlqSend(t, svc, q.QueueUrl, "m")
	require.Len(t, regReceive(t, svc, q.QueueUrl, 30*time.Second, ""), 1)
	assert.Empty(t, regReceive(t, svc, q.QueueUrl, 30*time.Second, ""), "in flight")
	clk.Advance(30 * time.Second)
	assert.Len(t, regReceive(t, svc, q.QueueUrl, 30*time.Second, ""), 1, "visible again")
	assert.Equal(t, time.Time{}, svc.Inspect().Messages(q.QueueUrl)[0].SentAt)
}

// A nil input is an empty one, refused with an AWS error, never a panic.
func TestNilInputIsRefusedNotAPanic(t *testing.T) {
	ctx := context.Background()
	svc := sqs.New()
	_, err := svc.CreateQueue(ctx, nil)
	require.ErrorIs(t, err, sqs.ErrMissingParameter)
	_, err = svc.SendMessage(ctx, nil)
	require.ErrorIs(t, err, sqs.ErrMissingParameter)
	_, err = svc.ReceiveMessage(ctx, nil)
	require.ErrorIs(t, err, sqs.ErrMissingParameter)
	_, err = svc.DeleteMessageBatch(ctx, nil)
	require.ErrorIs(t, err, sqs.ErrEmptyBatchRequest)
	_, err = svc.StartMessageMoveTask(ctx, nil)
	require.ErrorIs(t, err, sqs.ErrResourceNotFoundException)
}

// A validation error names the same offending attribute on every run:
// map order never reaches what a caller sees.
func TestSystemAttributeErrorIsDeterministic(t *testing.T) {
	_, svc := dlqSetup(t)
	url, _ := dlqCreate(t, svc, "q", nil)
	seen := map[string]bool{}
	for range 50 {
		_, err := svc.SendMessage(context.Background(), &sqs.SendMessageInput{QueueUrl: url, MessageBody: "m", MessageSystemAttributes: map[string]sqs.MessageAttributeValue{
			"Foo": {DataType: "String", StringValue: "x"}, "Bar": {DataType: "String", StringValue: "x"}, "Baz": {DataType: "String", StringValue: "x"},
		}})
		seen[err.Error()] = true
	}
	assert.Len(t, seen, 1, "%v", seen)
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
