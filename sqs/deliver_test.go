package sqs_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/sqs"
)

// A delivery through the account is how other services send to a queue:
// by ARN, with SendMessage's rules, the digests left to the receive.
func TestDeliveryByARNSendsAndReceiveHasTheBodyDigest(t *testing.T) {
	ctx := context.Background()
	svc := sqs.New()
	q, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "events"})
	require.NoError(t, err)

	err = svc.Account().Deliver(ctx, "arn:aws:sqs:us-east-1:000000000000:events", cloud.Message{
		Body:       "from a topic",
		Attributes: map[string]sqs.MessageAttributeValue{"kind": {DataType: "String", StringValue: "order"}},
	})
	require.NoError(t, err)

	out, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MessageAttributeNames: []string{"All"}})
	require.NoError(t, err)
	require.Len(t, out.Messages, 1)
	m := out.Messages[0]
	sum := md5.Sum([]byte("from a topic"))
	require.Len(t, m.MessageId, 36)
	require.Equal(t, hex.EncodeToString(sum[:]), m.MD5OfBody)
	require.Equal(t, "order", m.MessageAttributes["kind"].StringValue)
}

// A queue that does not exist, or a FIFO message without a group, is
// refused as SendMessage refuses it.
func TestDeliveryByARNRefusesWhatSendMessageRefuses(t *testing.T) {
	ctx := context.Background()
	svc := sqs.New()
	_, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "events.fifo", Attributes: map[string]string{sqs.AttributeFifoQueue: "true"}})
	require.NoError(t, err)

	acct := svc.Account()
	err = acct.Deliver(ctx, "arn:aws:sqs:us-east-1:000000000000:nowhere", cloud.Message{Body: "x"})
	require.True(t, errors.Is(err, sqs.ErrQueueDoesNotExist), "%v", err)

	err = acct.Deliver(ctx, "arn:aws:sqs:us-east-1:000000000000:events.fifo", cloud.Message{Body: "x", MessageDeduplicationID: "d"})
	require.True(t, errors.Is(err, sqs.ErrMissingParameter), "%v", err)

	err = acct.Deliver(ctx, "arn:aws:sqs:us-east-1:000000000000:events.fifo", cloud.Message{})
	require.True(t, errors.Is(err, sqs.ErrMissingParameter), "%v", err)
}
