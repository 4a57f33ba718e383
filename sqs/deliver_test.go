package sqs_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sqs"
)

// DeliverMessage is how other services send to a queue: by ARN, with
// SendMessage's rules, the digests left to the receive.
func TestDeliverMessageSendsByARNAndReceiveHasTheBodyDigest(t *testing.T) {
	ctx := context.Background()
	svc := sqs.New()
	q, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "events"})
	require.NoError(t, err)

	id, err := svc.DeliverMessage(ctx, "arn:aws:sqs:us-east-1:000000000000:events", &sqs.SendMessageInput{
		MessageBody:       "from a topic",
		MessageAttributes: map[string]sqs.MessageAttributeValue{"kind": {DataType: "String", StringValue: "order"}},
	})
	require.NoError(t, err)

	out, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MessageAttributeNames: []string{"All"}})
	require.NoError(t, err)
	require.Len(t, out.Messages, 1)
	m := out.Messages[0]
	sum := md5.Sum([]byte("from a topic"))
	require.Equal(t, id, m.MessageId)
	require.Equal(t, hex.EncodeToString(sum[:]), m.MD5OfBody)
	require.Equal(t, "order", m.MessageAttributes["kind"].StringValue)
}

// A queue that does not exist, or a FIFO message without a group, is
// refused as SendMessage refuses it.
func TestDeliverMessageRefusesWhatSendMessageRefuses(t *testing.T) {
	ctx := context.Background()
	svc := sqs.New()
	_, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "events.fifo", Attributes: map[string]string{sqs.AttributeFifoQueue: "true"}})
	require.NoError(t, err)

	_, err = svc.DeliverMessage(ctx, "arn:aws:sqs:us-east-1:000000000000:nowhere", &sqs.SendMessageInput{MessageBody: "x"})
	require.True(t, errors.Is(err, sqs.ErrQueueDoesNotExist), "%v", err)

	_, err = svc.DeliverMessage(ctx, "arn:aws:sqs:us-east-1:000000000000:events.fifo", &sqs.SendMessageInput{MessageBody: "x", MessageDeduplicationId: "d"})
	require.True(t, errors.Is(err, sqs.ErrMissingParameter), "%v", err)

	_, err = svc.DeliverMessage(ctx, "arn:aws:sqs:us-east-1:000000000000:events.fifo", &sqs.SendMessageInput{MessageBody: ""})
	require.True(t, errors.Is(err, sqs.ErrMissingParameter), "%v", err)
}
