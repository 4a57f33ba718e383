package sqs_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

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
