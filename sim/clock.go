package sim

import (
	"errors"
	"sync"
	"time"

	"github.com/benbjohnson/clock"
)

// Clock is a virtual clock with a native, ordered scheduler. Its time moves
// only when a caller advances it; it never sleeps in real time.
//
// Callbacks scheduled with [Clock.Schedule] and [Clock.ScheduleAt] run
// synchronously on the goroutine that advances the clock, with [Clock.Now]
// reading their due time, in order of due time and, at the same instant, in
// the order they were scheduled. No lock of the clock is held while a
// callback runs, so a callback may schedule, cancel and read the clock. A
// callback must not advance the clock itself: advancing is serialised, and a
// nested advance would wait for itself.
//
// Clock satisfies [clock.Clock] so that it can be passed to every awssim
// service. See the package documentation for which of those methods are
// native and which keep [clock.Mock] semantics.
//
// A Clock is safe for concurrent use.
type Clock struct {
	drive sync.Mutex // serialises Advance, AdvanceTo, Step and RunUntilIdle

	mu     sync.Mutex
	now    time.Time
	events queue
	last   Event // the due time and sequence number of the last event run

	blocked  int
	blockers []blockWaiter

	mock *clock.Mock // created on first AfterFunc, Timer or Ticker call
}

var _ clock.Clock = (*Clock)(nil)

// NewClock returns a clock that reads start until it is advanced.
func NewClock(start time.Time) *Clock {
	return &Clock{now: start}
}

// Now returns the clock's current time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Event is a callback scheduled on a [Clock]. Its zero value is not useful;
// events come from [Clock.Schedule] and [Clock.ScheduleAt].
type Event struct {
	// An event holds no more than its due time and sequence number: the
	// clock's queue holds the callback, and whether an event has run
	// follows from the last event run (see ran), so that running an
	// event need not read or write its memory, which a large schedule
	// has long evicted from the CPU caches.
	at        time.Time
	seq       uint64 // the clock's queue orders and cancels it by that number
	cancelled bool   // guarded by clock.mu
	clock     *Clock
}

// At returns the instant the event is due.
func (e *Event) At() time.Time { return e.at }

// Cancel removes the event from the schedule. It reports whether the event
// was still pending; it returns false once the event has run or was already
// cancelled.
func (e *Event) Cancel() bool {
	c := e.clock
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.cancelled || e.ran() {
		return false
	}
	e.cancelled = true
	c.events.cancel(e.seq)
	return true
}

// ran reports whether the event has run. Events run in order of due time
// and then of sequence number, and one scheduled later is due no earlier
// than the clock's time and has a higher number, so an event has run once
// the last one run is not before it in that order, unless it was
// cancelled. It needs the clock's mu.
func (e *Event) ran() bool {
	last := &e.clock.last
	return last.seq > 0 && (e.at.Before(last.at) || e.at.Equal(last.at) && e.seq <= last.seq)
}

// Schedule arranges for fn to run once the clock has advanced by d. A d of
// zero or less makes fn due at the current instant: it runs at the next
// advance, including Advance(0). A nil fn panics.
func (c *Clock) Schedule(d time.Duration, fn func()) *Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	d = max(d, 0)
	return c.push(c.now.Add(d), d, fn)
}

// ScheduleAt arranges for fn to run when the clock reaches t. An instant in
// the past makes fn due at the current instant.
func (c *Clock) ScheduleAt(t time.Time, fn func()) *Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.scheduleLocked(t, fn)
}

func (c *Clock) scheduleLocked(t time.Time, fn func()) *Event {
	if t.Before(c.now) {
		t = c.now
	}
	return c.push(t, t.Sub(c.now), fn)
}

// push schedules fn at t, which is d after the clock's time, or later when
// d saturates. It needs mu.
func (c *Clock) push(t time.Time, d time.Duration, fn func()) *Event {
	if fn == nil {
		panic("sim: Schedule with a nil func")
	}
	return &Event{at: t, seq: c.events.push(c.now, t, d, fn), clock: c}
}

// Pending returns the number of scheduled events that have not run.
func (c *Clock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.events.live
}

// Next returns the due time of the earliest pending event, and false when
// nothing is scheduled.
func (c *Clock) Next() (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if en := c.events.first(); en != nil {
		return c.events.due(en), true
	}
	return time.Time{}, false
}

// Advance moves the clock forward by d, running every event due up to and
// including the new time, in order. Events that callbacks schedule within
// the interval run too. A negative d panics.
func (c *Clock) Advance(d time.Duration) {
	if d < 0 {
		panic("sim: Advance with a negative duration")
	}
	c.drive.Lock()
	defer c.drive.Unlock()
	c.advanceTo(c.Now().Add(d))
}

// AdvanceTo moves the clock forward to t, running every event due up to and
// including t, in order. A t before the current time panics: virtual time
// never goes back.
func (c *Clock) AdvanceTo(t time.Time) {
	c.drive.Lock()
	defer c.drive.Unlock()
	if t.Before(c.Now()) {
		panic("sim: AdvanceTo a time before Now")
	}
	c.advanceTo(t)
}

// Step moves the clock to the earliest pending event and runs it. It
// reports false, leaving the clock where it is, when nothing is scheduled.
func (c *Clock) Step() bool {
	c.drive.Lock()
	defer c.drive.Unlock()
	ran := c.runNext(time.Time{}, false)
	c.syncMock()
	return ran
}

// ErrNotIdle is returned by [Clock.RunUntilIdle] when events were still
// pending after the bound was reached, as with a periodic callback that
// reschedules itself for ever.
var ErrNotIdle = errors.New("sim: events still pending after the bound of RunUntilIdle")

// RunUntilIdle runs pending events one by one, moving the clock to each,
// until none remain or maxEvents have run. It returns the number of events
// run, and [ErrNotIdle] when it stopped at the bound with events pending.
func (c *Clock) RunUntilIdle(maxEvents int) (int, error) {
	c.drive.Lock()
	defer c.drive.Unlock()
	defer c.syncMock()
	n := 0
	for n < maxEvents {
		if !c.runNext(time.Time{}, false) {
			return n, nil
		}
		n++
	}
	if c.Pending() > 0 {
		return n, ErrNotIdle
	}
	return n, nil
}

func (c *Clock) advanceTo(t time.Time) {
	for c.runNext(t, true) {
	}
	c.syncMock()
}

// syncMock brings the clock.Mock behind AfterFunc, Timer and Ticker to the
// current time, firing its timers. It costs a real millisecond (clock.Mock
// sleeps to let its goroutines run), so it happens only once a caller has
// used one of those methods.
func (c *Clock) syncMock() {
	c.mu.Lock()
	now, mock := c.now, c.mock
	c.mu.Unlock()
	if mock != nil {
		mock.Set(now)
	}
}

// runNext runs the earliest pending event if there is one and, when bounded,
// it is due no later than limit. It reports whether an event ran. When
// bounded and nothing is due, it moves the clock to limit under the same
// lock as the check, so that an event another goroutine schedules meanwhile
// is either due before limit and run, or after it: time never goes back.
func (c *Clock) runNext(limit time.Time, bounded bool) bool {
	c.mu.Lock()
	en := c.events.first()
	var at time.Time
	if en != nil {
		at = c.events.due(en)
	}
	if en == nil || (bounded && at.After(limit)) {
		if bounded {
			c.now = limit
			c.events.moved(limit)
		}
		c.mu.Unlock()
		return false
	}
	fn := en.fn
	c.last.at, c.last.seq = at, en.seq
	c.events.take()
	c.now = at
	c.mu.Unlock()
	fn()
	return true
}
