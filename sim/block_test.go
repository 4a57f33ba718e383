package sim_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sim"
)

// TestBlockUntilReturnsOnceGoroutinesAreBlocked: BlockUntil waits for as
// many goroutines as asked, here two sleepers, before the test advances.
func TestBlockUntilReturnsOnceGoroutinesAreBlocked(t *testing.T) {
	clk := sim.NewClock(epoch)
	woke := make(chan time.Duration, 2)
	for _, d := range []time.Duration{time.Second, 2 * time.Second} {
		go func() {
			clk.Sleep(d)
			woke <- d
		}()
	}
	require.NoError(t, clk.BlockUntil(context.Background(), 2))
	assert.Equal(t, 2, clk.Blocked())

	clk.Advance(2 * time.Second)
	got := []time.Duration{<-woke, <-woke}
	assert.ElementsMatch(t, []time.Duration{time.Second, 2 * time.Second}, got)
	assert.Zero(t, clk.Blocked())
}

// TestBlockUntilAlreadySatisfiedReturnsAtOnce.
func TestBlockUntilAlreadySatisfiedReturnsAtOnce(t *testing.T) {
	clk := sim.NewClock(epoch)
	release := clk.Block()
	defer release()
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // a cancelled context must not matter when nothing needs waiting
	assert.NoError(t, clk.BlockUntil(ctx, 1))
	assert.NoError(t, clk.BlockUntil(ctx, 0))
}

// TestBlockUntilWithCancelledContextReturnsCtxErr: with nobody blocked,
// BlockUntil gives up when its context is done.
func TestBlockUntilWithCancelledContextReturnsCtxErr(t *testing.T) {
	clk := sim.NewClock(epoch)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, clk.BlockUntil(ctx, 1), context.Canceled)

	// The abandoned wait does not disturb later ones.
	release := clk.Block()
	defer release()
	assert.NoError(t, clk.BlockUntil(context.Background(), 1))
}

// TestBlockUntilWithVirtualDeadlineReturnsDeadlineExceeded: the context
// may itself run on the clock.
func TestBlockUntilWithVirtualDeadlineReturnsDeadlineExceeded(t *testing.T) {
	clk := sim.NewClock(epoch)
	ctx, cancel := clk.WithTimeout(context.Background(), time.Second)
	defer cancel()
	errc := make(chan error)
	go func() { errc <- clk.BlockUntil(ctx, 1) }()
	clk.Advance(time.Second)
	assert.ErrorIs(t, <-errc, context.DeadlineExceeded)
}

// TestBlockUntilWakesWhenBlockIsCalledLater: the waiter is woken by a
// Block that happens after it started waiting.
func TestBlockUntilWakesWhenBlockIsCalledLater(t *testing.T) {
	clk := sim.NewClock(epoch)
	errc := make(chan error)
	go func() { errc <- clk.BlockUntil(context.Background(), 1) }()
	release := clk.Block()
	defer release()
	assert.NoError(t, <-errc)
}

// TestBlockReleaseIsIdempotent: calling release twice unblocks once.
func TestBlockReleaseIsIdempotent(t *testing.T) {
	clk := sim.NewClock(epoch)
	r1 := clk.Block()
	r2 := clk.Block()
	require.Equal(t, 2, clk.Blocked())
	r1()
	r1()
	assert.Equal(t, 1, clk.Blocked())
	r2()
	assert.Zero(t, clk.Blocked())
}
