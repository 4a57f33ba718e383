package beanstalk_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// environmentOnClock launches a worker environment on clk, moved by
// advance (in steps, so that callbacks of other clocks catch up), and
// checks that it is Ready and drains a message, then terminates.
func environmentOnClock(t *testing.T, clk clock.Clock, advance func(time.Duration)) {
	w := &world{t: t, svc: beanstalk.New(beanstalk.WithClock(clk)), work: 10 * time.Millisecond}
	p := &posts{status: 200}
	_, err := w.svc.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{
		ApplicationName: "shop", VersionLabel: "v1", AutoCreateApplication: true, SourceBundle: &beanstalk.SourceBundle{Server: w.server},
	})
	require.NoError(t, err)
	w.version("worker-v1", p)
	_, err = w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-jobs", VersionLabel: "worker-v1", Tier: workerTier})
	require.NoError(t, err)
	step := func(d time.Duration) {
		for ; d > 0; d -= 5 * time.Second {
			advance(min(d, 5*time.Second))
		}
	}
	step(2 * time.Minute)
	assert.Equal(t, beanstalk.StatusReady, w.env("shop-jobs").Status)
	_, err = w.svc.SQS().SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: w.queues("shop-jobs")[0], MessageBody: "job"})
	require.NoError(t, err)
	step(30 * time.Second)
	p.mu.Lock()
	assert.Equal(t, []string{"job"}, p.bodies)
	p.mu.Unlock()
	_, err = w.svc.TerminateEnvironment(ctx, &beanstalk.TerminateEnvironmentInput{EnvironmentName: "shop-jobs"})
	require.NoError(t, err)
	step(2 * time.Minute)
	assert.Equal(t, beanstalk.StatusTerminated, w.env("shop-jobs").Status)
}

// One environment's life under three clocks: the native sim.Clock,
// clock.Mock (callbacks through AfterFunc) and the real clock in a
// synctest bubble.
func TestEnvironmentUnderThreeClocks(t *testing.T) {
	t.Run("sim.Clock", func(t *testing.T) {
		clk := sim.NewClock(start)
		environmentOnClock(t, clk, clk.Advance)
	})
	t.Run("clock.Mock", func(t *testing.T) {
		mock := clock.NewMock()
		mock.Set(start)
		environmentOnClock(t, mock, mock.Add)
	})
	t.Run("synctest", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			environmentOnClock(t, clock.New(), func(d time.Duration) {
				time.Sleep(d) // fake time inside the bubble
				synctest.Wait()
			})
		})
	})
}
