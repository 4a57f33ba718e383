package sim_test

import (
	"testing"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sim"
)

// TestSchedulerOnSimClockIsNativeAndOrdered: with a *sim.Clock, callbacks
// run synchronously inside Advance, in due-time then scheduling order, and
// appear as native events.
func TestSchedulerOnSimClockIsNativeAndOrdered(t *testing.T) {
	clk := sim.NewClock(epoch)
	s := sim.NewScheduler(clk)
	assert.Same(t, clk, s.Clock())
	assert.Equal(t, epoch, s.Now())

	var got []string
	for _, name := range []string{"b1", "b2", "b3"} {
		s.ScheduleAt(epoch.Add(2*time.Second), func() { got = append(got, name) })
	}
	s.ScheduleAt(epoch.Add(time.Second), func() { got = append(got, "a") })
	assert.Equal(t, 4, clk.Pending(), "the scheduler uses the native schedule")

	clk.Advance(2 * time.Second)
	assert.Equal(t, []string{"a", "b1", "b2", "b3"}, got)
}

// TestSchedulerOnSimClockCancel.
func TestSchedulerOnSimClockCancel(t *testing.T) {
	clk := sim.NewClock(epoch)
	s := sim.NewScheduler(clk)
	ran := false
	h := s.ScheduleAt(epoch.Add(time.Second), func() { ran = true })
	assert.True(t, h.Cancel())
	assert.False(t, h.Cancel())
	clk.Advance(time.Minute)
	assert.False(t, ran)
}

// TestSchedulerOnSimClockBlockCountsForBlockUntil.
func TestSchedulerOnSimClockBlockCountsForBlockUntil(t *testing.T) {
	clk := sim.NewClock(epoch)
	release := sim.NewScheduler(clk).Block()
	assert.Equal(t, 1, clk.Blocked())
	release()
	assert.Zero(t, clk.Blocked())
}

// TestSchedulerOnMockFallsBackToAfterFunc: with any other clock.Clock the
// scheduler uses AfterFunc, so the callback still fires once the mock is
// advanced, on a goroutine of the mock's.
func TestSchedulerOnMockFallsBackToAfterFunc(t *testing.T) {
	mock := clock.NewMock()
	start := mock.Now()
	s := sim.NewScheduler(mock)
	assert.Same(t, mock, s.Clock())

	fired := make(chan time.Time, 1)
	s.ScheduleAt(start.Add(5*time.Second), func() { fired <- mock.Now() })

	mock.Add(4 * time.Second)
	select {
	case <-fired:
		t.Fatal("fired before its time")
	default:
	}

	mock.Add(time.Second)
	assert.Equal(t, start.Add(5*time.Second), <-fired)
}

// TestSchedulerOnMockCancelStopsTimer.
func TestSchedulerOnMockCancelStopsTimer(t *testing.T) {
	mock := clock.NewMock()
	s := sim.NewScheduler(mock)
	fired := make(chan struct{}, 1)
	h := s.ScheduleAt(mock.Now().Add(time.Second), func() { fired <- struct{}{} })
	assert.True(t, h.Cancel())
	assert.False(t, h.Cancel())
	mock.Add(time.Minute)
	select {
	case <-fired:
		t.Fatal("a cancelled callback fired")
	default:
	}
}

// TestSchedulerOnMockBlockIsNoop.
func TestSchedulerOnMockBlockIsNoop(t *testing.T) {
	release := sim.NewScheduler(clock.NewMock()).Block()
	require.NotNil(t, release)
	release()
}

// TestScheduledZeroValueCancelReportsFalse.
func TestScheduledZeroValueCancelReportsFalse(t *testing.T) {
	var h sim.Scheduled
	assert.False(t, h.Cancel())
}
