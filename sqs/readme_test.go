package sqs_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// The quick start of README.md, kept here so that it compiles and holds.
func TestOrderComesBackAfterVisibilityTimeout(t *testing.T) {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	queues := sqs.New(sqs.WithClock(clk))
	q, _ := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders"})
	queues.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: "order 1042"})

	first, _ := queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl})
	require.Len(t, first.Messages, 1) // received, and not deleted: the worker crashed

	clk.Advance(29 * time.Second)
	none, _ := queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl})
	require.Empty(t, none.Messages) // still invisible

	clk.Advance(time.Second)
	again, _ := queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl})
	require.Equal(t, "order 1042", again.Messages[0].Body) // back after 30 s
}
