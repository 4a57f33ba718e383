package lambda_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/lambda"
)

// A batch waiting for the end of its batching window is not invoked once
// the mapping is deleted; its messages come back after their visibility
// timeout.
func TestDeletedMappingInvokesNoPendingBatch(t *testing.T) {
	ctx := context.Background()
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", nil)
	f := esmFunction(t, env, "worker", 0, time.Millisecond, nil)
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker", BatchSize: 100, MaximumBatchingWindow: 5 * time.Second, ScalingConfig: &lambda.ScalingConfig{MaximumConcurrency: 2}})
	esmSend(t, env, url, "a", "c") // one to each poller; batch deadlines t=5s
	env.clk.Advance(2300 * time.Millisecond)
	esmSend(t, env, url, "b")                // served at 2.3s; next poll waits 2s
	env.clk.Advance(2200 * time.Millisecond) // t=4.5s: 0.7s left -> ScheduleAt(deadline, invokeBatch)
	_, err := env.fns.DeleteEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: m.UUID})
	require.NoError(t, err)
	env.clk.Advance(time.Minute)
	assert.Len(t, f.batches, 0, "invoked after DeleteEventSourceMapping")
}

// A batch whose poller is still long-polling for more when the mapping is
// deleted is not invoked either, and its message comes back.
func TestDeletedMappingLeavesGatheringBatchToComeBack(t *testing.T) {
	ctx := context.Background()
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", nil)
	f := esmFunction(t, env, "worker", 0, time.Millisecond, nil)
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker", BatchSize: 100, MaximumBatchingWindow: 5 * time.Second})
	esmSend(t, env, url, "a")
	env.clk.Advance(time.Second)
	_, err := env.fns.DeleteEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: m.UUID})
	require.NoError(t, err)
	env.clk.Advance(time.Minute)
	assert.Empty(t, f.batches, "invoked after DeleteEventSourceMapping")
	assert.Equal(t, 1, esmQueueStats(t, env, url).Visible, "the message came back after its visibility timeout")
}

// Toggling a mapping off and on while batches run keeps 5 pollers.
func TestTogglingMappingKeepsPollerCount(t *testing.T) {
	ctx := context.Background()
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", esmVisibility(time.Minute))
	esmFunction(t, env, "worker", 30*time.Second, 10*time.Second, nil)
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})
	esmSend(t, env, url, esmBodies("m", 50)...)
	for i := range 6 {
		_, err := env.fns.UpdateEventSourceMapping(ctx, &lambda.UpdateEventSourceMappingInput{UUID: m.UUID, Enabled: esmBool(i%2 == 1)})
		require.NoError(t, err)
		env.clk.Advance(3 * time.Second)
	}
	env.clk.Advance(5 * time.Minute)
	st := esmStats(t, env, m.UUID)
	assert.Equal(t, 5, st.Pollers)
	assert.LessOrEqual(t, st.PeakPollers, 5)
}

// Deleting the function stops the pollers that try to invoke it; the
// minute's scaling check starts pollers again once it is recreated.
func TestMappingResumesWhenFunctionIsRecreated(t *testing.T) {
	ctx := context.Background()
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", esmVisibility(30*time.Second))
	esmFunction(t, env, "worker", 0, time.Millisecond, nil)
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})
	_, err := env.fns.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: "worker"})
	require.NoError(t, err)
	esmSend(t, env, url, esmBodies("m", 20)...)
	env.clk.Advance(time.Second)
	t.Logf("pollers after delete: %d", esmStats(t, env, m.UUID).Pollers)
	f := esmFunction(t, env, "worker", 0, time.Millisecond, nil)
	env.clk.Advance(5 * time.Minute)
	t.Logf("pollers after recreate: %d, batches %d, queue %+v", esmStats(t, env, m.UUID).Pollers, len(f.batches), esmQueueStats(t, env, url))
}
