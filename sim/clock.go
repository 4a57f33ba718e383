package sim

import (
	"errors"
	"math"
	"slices"
	"sort"
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
	at    time.Time
	fn    func()
	done  bool // run or cancelled; guarded by clock.mu
	clock *Clock
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
	if e.done {
		return false
	}
	e.done = true
	e.fn = nil
	c.events.cancelled()
	return true
}

// Schedule arranges for fn to run once the clock has advanced by d. A d of
// zero or less makes fn due at the current instant: it runs at the next
// advance, including Advance(0). A nil fn panics.
func (c *Clock) Schedule(d time.Duration, fn func()) *Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.scheduleLocked(c.now.Add(d), fn)
}

// ScheduleAt arranges for fn to run when the clock reaches t. An instant in
// the past makes fn due at the current instant.
func (c *Clock) ScheduleAt(t time.Time, fn func()) *Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.scheduleLocked(t, fn)
}

func (c *Clock) scheduleLocked(t time.Time, fn func()) *Event {
	if fn == nil {
		panic("sim: Schedule with a nil func")
	}
	if t.Before(c.now) {
		t = c.now
	}
	e := &Event{at: t, fn: fn, clock: c}
	c.events.push(c.now, e)
	return e
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
	if e := c.events.first(); e != nil {
		return e.at, true
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
	e := c.events.first()
	if e == nil || (bounded && e.at.After(limit)) {
		if bounded {
			c.now = limit
		}
		c.mu.Unlock()
		return false
	}
	c.events.take()
	e.done = true
	fn := e.fn
	e.fn = nil
	c.now = e.at
	c.mu.Unlock()
	fn()
	return true
}

// queue holds a Clock's events in order of due time and, at the same
// instant, of scheduling.
//
// It is a 4-ary min-heap (half the depth of a binary heap, siblings side
// by side in memory) of entries that carry their ordering key, so that
// comparisons read only the heap's own memory, not the events: the due
// time as nanoseconds after base, then the scheduling sequence number.
// base is the clock's time when an event is scheduled on an empty queue.
// Events too far ahead for a key (292 years after base) wait in far
// instead, in order, after every event in the heap.
//
// A cancelled event is marked done and stays where it is, which spares
// every heap move a write to its event; it is dropped when it comes first.
// Once cancelled events outnumber pending ones (and 64), they are swept
// out, so the queue holds at most about twice the pending events.
//
// All methods need the Clock's mu.
type queue struct {
	heap []entry
	far  []*Event
	base time.Time
	seq  uint64
	live int // pending events
	dead int // cancelled events still held
}

type entry struct {
	key time.Duration
	seq uint64
	ev  *Event
}

func (a *entry) less(b *entry) bool {
	return a.key < b.key || a.key == b.key && a.seq < b.seq
}

// push adds e, which is due no earlier than now.
func (q *queue) push(now time.Time, e *Event) {
	if len(q.heap) == 0 && len(q.far) == 0 {
		q.base = now // no key depends on the old base
	}
	q.live++
	key := e.at.Sub(q.base)
	if key == math.MaxInt64 { // Sub saturates: too far ahead for a key
		i := sort.Search(len(q.far), func(i int) bool { return q.far[i].at.After(e.at) })
		q.far = slices.Insert(q.far, i, e)
		return
	}
	q.seq++
	q.heap = append(q.heap, entry{key: key, seq: q.seq, ev: e})
	q.up(len(q.heap) - 1)
}

// first returns the earliest pending event, or nil, leaving it in place.
func (q *queue) first() *Event {
	for len(q.heap) > 0 {
		e := q.heap[0].ev
		if !e.done {
			return e
		}
		q.pop()
		q.dead--
	}
	for len(q.far) > 0 {
		e := q.far[0]
		if !e.done {
			return e
		}
		q.pop()
		q.dead--
	}
	return nil
}

// take removes the earliest event, which first returned as pending.
func (q *queue) take() {
	q.pop()
	q.live--
}

// pop removes the earliest event, pending or cancelled.
func (q *queue) pop() {
	if len(q.heap) == 0 {
		q.far[0] = nil
		q.far = q.far[1:]
		return
	}
	n := len(q.heap) - 1
	q.heap[0] = q.heap[n]
	q.heap[n] = entry{}
	q.heap = q.heap[:n]
	if n > 0 {
		q.down(0)
	}
}

// cancelled records that a pending event was cancelled, and sweeps the
// cancelled events out once they outnumber the pending ones.
func (q *queue) cancelled() {
	q.live--
	q.dead++
	if q.dead <= 64 || q.dead <= q.live {
		return
	}
	q.heap = slices.DeleteFunc(q.heap, func(en entry) bool { return en.ev.done })
	for i := (len(q.heap) - 2) / 4; i >= 0; i-- {
		q.down(i)
	}
	q.far = slices.DeleteFunc(q.far, func(e *Event) bool { return e.done })
	q.dead = 0
}

func (q *queue) up(i int) {
	h := q.heap
	en := h[i]
	for i > 0 {
		parent := (i - 1) / 4
		if !en.less(&h[parent]) {
			break
		}
		h[i] = h[parent]
		i = parent
	}
	h[i] = en
}

func (q *queue) down(i int) {
	h := q.heap
	n := len(h)
	if i >= n {
		return
	}
	en := h[i]
	for {
		first := 4*i + 1
		if first >= n {
			break
		}
		least := first
		for c := first + 1; c < first+4 && c < n; c++ {
			if h[c].less(&h[least]) {
				least = c
			}
		}
		if !h[least].less(&en) {
			break
		}
		h[i] = h[least]
		i = least
	}
	h[i] = en
}
