package sim

import (
	"time"

	"github.com/benbjohnson/clock"
)

// Scheduler is how a service runs work on its own at a future instant (an
// SQS long poll that times out, an SNS retry, a health check) with whatever
// clock it was given. For a *Clock it uses the native, ordered scheduler;
// for any other [clock.Clock] it falls back to AfterFunc, which stays
// correct but runs callbacks on new goroutines in no guaranteed order.
type Scheduler struct {
	sim   *Clock
	clock clock.Clock
}

// NewScheduler returns the scheduler for c.
func NewScheduler(c clock.Clock) *Scheduler {
	if s, ok := c.(*Clock); ok {
		return &Scheduler{sim: s, clock: c}
	}
	return &Scheduler{clock: c}
}

// Clock returns the clock the scheduler was made for.
func (s *Scheduler) Clock() clock.Clock { return s.clock }

// Now returns the clock's current time.
func (s *Scheduler) Now() time.Time { return s.clock.Now() }

// ScheduleAt arranges for fn to run when the clock reaches t. When t has
// passed, fn runs at the clock's next advance for a *Clock or a
// clock.Mock, and at once for the real clock.
func (s *Scheduler) ScheduleAt(t time.Time, fn func()) Scheduled {
	if s.sim != nil {
		return Scheduled{event: s.sim.ScheduleAt(t, fn)}
	}
	return Scheduled{timer: s.clock.AfterFunc(s.clock.Until(t), fn)}
}

// Block marks the calling goroutine as blocked on the clock, for
// [Clock.BlockUntil], until release is called. With a clock other than a
// *Clock it does nothing.
func (s *Scheduler) Block() (release func()) {
	if s.sim != nil {
		return s.sim.Block()
	}
	return func() {}
}

// Scheduled is a callback scheduled through a [Scheduler]. The zero value
// is a callback that was never scheduled; cancelling it does nothing.
type Scheduled struct {
	event *Event
	timer *clock.Timer
}

// Cancel stops the callback from running. It reports whether it was still
// pending.
func (s Scheduled) Cancel() bool {
	switch {
	case s.event != nil:
		return s.event.Cancel()
	case s.timer != nil:
		return s.timer.Stop()
	}
	return false
}
