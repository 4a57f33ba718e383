package sim_test

import (
	"context"
	"testing"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sim"
)

// This file checks the methods that make *sim.Clock a clock.Clock.

// isClosed reports whether ch is closed now, without waiting.
func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// TestClockSatisfiesClockInterface: a *sim.Clock can be passed wherever a
// clock.Clock is taken and reads the same time through it.
func TestClockSatisfiesClockInterface(t *testing.T) {
	var c clock.Clock = sim.NewClock(epoch)
	assert.Equal(t, epoch, c.Now())
}

// TestSinceAndUntilUseVirtualTime.
func TestSinceAndUntilUseVirtualTime(t *testing.T) {
	clk := sim.NewClock(epoch)
	clk.Advance(90 * time.Minute)
	assert.Equal(t, 90*time.Minute, clk.Since(epoch))
	assert.Equal(t, 30*time.Minute, clk.Until(epoch.Add(2*time.Hour)))
	assert.Equal(t, -90*time.Minute, clk.Until(epoch))
}

// TestAfterDeliversDueTimeOnceAdvanced: the channel receives nothing until
// the clock reaches the due time, then the due time itself.
func TestAfterDeliversDueTimeOnceAdvanced(t *testing.T) {
	clk := sim.NewClock(epoch)
	ch := clk.After(5 * time.Second)
	clk.Advance(4 * time.Second)
	select {
	case v := <-ch:
		t.Fatalf("After fired early, at %v", v)
	default:
	}
	clk.Advance(10 * time.Second)
	select {
	case v := <-ch:
		assert.Equal(t, epoch.Add(5*time.Second), v)
	default:
		t.Fatal("After did not fire once the clock passed the due time")
	}
}

// TestTickDeliversEveryPeriodAndDropsMissedTicks: as with time.Tick, a
// reader that falls behind gets one pending tick, not a backlog.
func TestTickDeliversEveryPeriodAndDropsMissedTicks(t *testing.T) {
	clk := sim.NewClock(epoch)
	ch := clk.Tick(time.Second)

	clk.Advance(time.Second)
	assert.Equal(t, epoch.Add(time.Second), <-ch)

	clk.Advance(5 * time.Second) // ticks at 2s..6s, reader asleep
	assert.Equal(t, epoch.Add(2*time.Second), <-ch, "the first missed tick is kept")
	select {
	case v := <-ch:
		t.Fatalf("missed tick %v was queued, not dropped", v)
	default:
	}

	clk.Advance(time.Second)
	assert.Equal(t, epoch.Add(7*time.Second), <-ch, "ticking goes on at the period")
}

// TestTickNonPositiveReturnsNil.
func TestTickNonPositiveReturnsNil(t *testing.T) {
	clk := sim.NewClock(epoch)
	assert.Nil(t, clk.Tick(0))
	assert.Nil(t, clk.Tick(-time.Second))
	assert.Zero(t, clk.Pending())
}

// TestSleepReturnsOnlyAfterAdvanceByDuration: Sleep in a goroutine counts
// as blocked, so a test can wait for it with BlockUntil and then advance.
func TestSleepReturnsOnlyAfterAdvanceByDuration(t *testing.T) {
	clk := sim.NewClock(epoch)
	woke := make(chan time.Time)
	go func() {
		clk.Sleep(10 * time.Second)
		woke <- clk.Now()
	}()
	require.NoError(t, clk.BlockUntil(context.Background(), 1))
	assert.Equal(t, 1, clk.Blocked())

	clk.Advance(9 * time.Second)
	select {
	case <-woke:
		t.Fatal("Sleep returned before its duration had passed")
	default:
	}

	clk.Advance(time.Second)
	assert.Equal(t, epoch.Add(10*time.Second), <-woke)
	assert.Zero(t, clk.Blocked(), "a goroutine that woke is no longer blocked")
}

// TestSleepNonPositiveReturnsAtOnce.
func TestSleepNonPositiveReturnsAtOnce(t *testing.T) {
	clk := sim.NewClock(epoch)
	clk.Sleep(0)
	clk.Sleep(-time.Second)
	assert.Zero(t, clk.Pending())
	assert.Zero(t, clk.Blocked())
}

// TestAfterFuncFiresAfterAdvanceThroughMock: AfterFunc keeps clock.Mock
// semantics (a new goroutine) but fires once the Clock passes its due time.
func TestAfterFuncFiresAfterAdvanceThroughMock(t *testing.T) {
	clk := sim.NewClock(epoch)
	fired := make(chan time.Time, 1)
	clk.AfterFunc(5*time.Second, func() { fired <- clk.Now() })

	clk.Advance(4 * time.Second)
	select {
	case <-fired:
		t.Fatal("AfterFunc fired early")
	default:
	}

	clk.Advance(time.Second)
	assert.Equal(t, epoch.Add(5*time.Second), <-fired)
}

// TestAfterFuncStoppedNeverFires.
func TestAfterFuncStoppedNeverFires(t *testing.T) {
	clk := sim.NewClock(epoch)
	fired := make(chan struct{}, 1)
	tm := clk.AfterFunc(5*time.Second, func() { fired <- struct{}{} })
	assert.True(t, tm.Stop())
	clk.Advance(time.Minute)
	select {
	case <-fired:
		t.Fatal("a stopped AfterFunc fired")
	default:
	}
}

// TestTimerFiresAfterAdvanceThroughMock.
func TestTimerFiresAfterAdvanceThroughMock(t *testing.T) {
	clk := sim.NewClock(epoch)
	tm := clk.Timer(5 * time.Second)
	clk.Advance(4 * time.Second)
	select {
	case <-tm.C:
		t.Fatal("Timer fired early")
	default:
	}
	clk.Advance(2 * time.Second)
	assert.Equal(t, epoch.Add(5*time.Second), <-tm.C)
}

// TestTickerFiresAfterAdvanceThroughMockAndStops.
func TestTickerFiresAfterAdvanceThroughMockAndStops(t *testing.T) {
	clk := sim.NewClock(epoch)
	tk := clk.Ticker(time.Second)
	clk.Advance(time.Second)
	assert.Equal(t, epoch.Add(time.Second), <-tk.C)
	clk.Advance(time.Second)
	assert.Equal(t, epoch.Add(2*time.Second), <-tk.C)

	tk.Stop()
	clk.Advance(5 * time.Second)
	select {
	case v := <-tk.C:
		t.Fatalf("a stopped Ticker ticked at %v", v)
	default:
	}
}

// TestMockBackedTimerStartsAtClockTime: the internal mock is created at the
// Clock's current time, not at clock.Mock's default of the Unix epoch.
func TestMockBackedTimerStartsAtClockTime(t *testing.T) {
	clk := sim.NewClock(epoch)
	clk.Advance(time.Hour)
	tm := clk.Timer(time.Second)
	clk.Advance(time.Second)
	assert.Equal(t, epoch.Add(time.Hour+time.Second), <-tm.C)
}

// TestWithTimeoutExpiresWithDeadlineExceededAfterAdvance.
func TestWithTimeoutExpiresWithDeadlineExceededAfterAdvance(t *testing.T) {
	clk := sim.NewClock(epoch)
	ctx, cancel := clk.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	dl, ok := ctx.Deadline()
	require.True(t, ok)
	assert.Equal(t, epoch.Add(5*time.Second), dl)

	clk.Advance(4 * time.Second)
	assert.NoError(t, ctx.Err())
	assert.False(t, isClosed(ctx.Done()))

	clk.Advance(time.Second)
	assert.True(t, isClosed(ctx.Done()), "Done closes within the advance that reaches the deadline")
	assert.ErrorIs(t, ctx.Err(), context.DeadlineExceeded)
	assert.ErrorIs(t, context.Cause(ctx), context.DeadlineExceeded)
}

// TestWithDeadlineCancelFuncGivesCanceledAndReleasesEvent.
func TestWithDeadlineCancelFuncGivesCanceledAndReleasesEvent(t *testing.T) {
	clk := sim.NewClock(epoch)
	ctx, cancel := clk.WithDeadline(context.Background(), epoch.Add(time.Minute))
	require.Equal(t, 1, clk.Pending())

	cancel()
	assert.True(t, isClosed(ctx.Done()))
	assert.ErrorIs(t, ctx.Err(), context.Canceled)
	assert.Zero(t, clk.Pending(), "cancel removes the deadline from the schedule")

	clk.Advance(time.Hour)
	assert.ErrorIs(t, ctx.Err(), context.Canceled, "a later deadline does not overwrite the error")
	cancel() // a second call does nothing
	assert.ErrorIs(t, ctx.Err(), context.Canceled)
}

// TestWithDeadlineParentCancellationPropagates.
func TestWithDeadlineParentCancellationPropagates(t *testing.T) {
	clk := sim.NewClock(epoch)
	parent, cancelParent := context.WithCancel(context.Background())
	ctx, cancel := clk.WithDeadline(parent, epoch.Add(time.Hour))
	defer cancel()

	cancelParent()
	<-ctx.Done()
	assert.ErrorIs(t, ctx.Err(), context.Canceled)
}

// TestWithDeadlineUnderExpiredSimParentExpires: a deadline context made
// from another one with an earlier virtual deadline takes that deadline and
// expires with it.
func TestWithDeadlineUnderExpiredSimParentExpires(t *testing.T) {
	clk := sim.NewClock(epoch)
	parent, cancelParent := clk.WithTimeout(context.Background(), time.Second)
	defer cancelParent()
	ctx, cancel := clk.WithTimeout(parent, time.Hour)
	defer cancel()

	dl, ok := ctx.Deadline()
	require.True(t, ok)
	assert.Equal(t, epoch.Add(time.Second), dl, "the earlier deadline of the parent wins")

	clk.Advance(time.Second)
	<-ctx.Done()
	assert.ErrorIs(t, ctx.Err(), context.DeadlineExceeded)
}

// TestWithDeadlineAlreadyPastIsDoneAtOnce.
func TestWithDeadlineAlreadyPastIsDoneAtOnce(t *testing.T) {
	clk := sim.NewClock(epoch)
	clk.Advance(time.Minute)
	for name, deadline := range map[string]time.Time{
		"past": epoch,
		"now":  epoch.Add(time.Minute),
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := clk.WithDeadline(context.Background(), deadline)
			defer cancel()
			assert.True(t, isClosed(ctx.Done()), "done without any advance")
			assert.ErrorIs(t, ctx.Err(), context.DeadlineExceeded)
			assert.Zero(t, clk.Pending(), "nothing left scheduled")
		})
	}
}

// TestWithTimeoutNonPositiveIsDoneAtOnce.
func TestWithTimeoutNonPositiveIsDoneAtOnce(t *testing.T) {
	clk := sim.NewClock(epoch)
	ctx, cancel := clk.WithTimeout(context.Background(), 0)
	defer cancel()
	assert.True(t, isClosed(ctx.Done()))
	assert.ErrorIs(t, ctx.Err(), context.DeadlineExceeded)
}

// TestWithDeadlineChildWithCancelSeesExpiry: a standard-library context
// made from a sim deadline context is cancelled with it, whatever the
// sim context's own parent is.
func TestWithDeadlineChildWithCancelSeesExpiry(t *testing.T) {
	parents := map[string]func() (context.Context, context.CancelFunc){
		"background parent": func() (context.Context, context.CancelFunc) {
			return context.Background(), func() {}
		},
		"WithCancel parent": func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		},
	}
	for name, mkParent := range parents {
		t.Run(name, func(t *testing.T) {
			clk := sim.NewClock(epoch)
			parent, cancelParent := mkParent()
			defer cancelParent()
			ctx, cancel := clk.WithTimeout(parent, time.Second)
			defer cancel()
			child, cancelChild := context.WithCancel(ctx)
			defer cancelChild()

			clk.Advance(time.Second)
			<-child.Done()
			assert.ErrorIs(t, child.Err(), context.DeadlineExceeded)
			assert.NoError(t, parent.Err(), "expiry does not reach upwards")
		})
	}
}

// TestWithDeadlineChildWithCancelSeesCancel.
func TestWithDeadlineChildWithCancelSeesCancel(t *testing.T) {
	clk := sim.NewClock(epoch)
	ctx, cancel := clk.WithTimeout(context.Background(), time.Hour)
	child, cancelChild := context.WithCancel(ctx)
	defer cancelChild()
	cancel()
	<-child.Done()
	assert.ErrorIs(t, child.Err(), context.Canceled)
}

// TestWithDeadlineKeepsParentValues.
func TestWithDeadlineKeepsParentValues(t *testing.T) {
	type key struct{}
	clk := sim.NewClock(epoch)
	parent := context.WithValue(context.Background(), key{}, "v")
	ctx, cancel := clk.WithTimeout(parent, time.Second)
	defer cancel()
	assert.Equal(t, "v", ctx.Value(key{}))
}

// TestStepAndRunUntilIdleBringMockTimersAlong: every way of moving the
// clock fires the clock.Mock timers it passes.
func TestStepAndRunUntilIdleBringMockTimersAlong(t *testing.T) {
	moves := map[string]func(*sim.Clock){
		"Step":         func(c *sim.Clock) { c.Step() },
		"RunUntilIdle": func(c *sim.Clock) { _, _ = c.RunUntilIdle(10) },
	}
	for name, move := range moves {
		t.Run(name, func(t *testing.T) {
			clk := sim.NewClock(epoch)
			tm := clk.Timer(5 * time.Second)
			clk.Schedule(10*time.Second, func() {})
			move(clk)
			select {
			case v := <-tm.C:
				assert.Equal(t, epoch.Add(5*time.Second), v)
			default:
				t.Fatalf("%s to 10s did not fire a timer due at 5s", name)
			}
		})
	}
}

// TestWithDeadlineUnderCancelledParentIsDoneAtOnce: as with
// context.WithDeadline, a parent that is already done makes the new
// context done before WithDeadline returns, not some time later.
func TestWithDeadlineUnderCancelledParentIsDoneAtOnce(t *testing.T) {
	clk := sim.NewClock(epoch)
	parent, cancelParent := context.WithCancel(context.Background())
	cancelParent()
	for range 100 { // the bug this guards against was a race
		ctx, cancel := clk.WithTimeout(parent, time.Hour)
		require.ErrorIs(t, ctx.Err(), context.Canceled)
		require.True(t, isClosed(ctx.Done()))
		cancel()
	}
	assert.Zero(t, clk.Pending(), "no deadline left scheduled")
}

// TestAfterNonPositiveDeliversAtOnce: as with time.After and clock.Mock,
// a duration that has already passed needs no advance.
func TestAfterNonPositiveDeliversAtOnce(t *testing.T) {
	clk := sim.NewClock(epoch)
	for _, d := range []time.Duration{0, -time.Second} {
		select {
		case v := <-clk.After(d):
			assert.Equal(t, epoch, v)
		default:
			t.Fatalf("After(%v) did not deliver without an advance", d)
		}
	}
	assert.Zero(t, clk.Pending())
}
