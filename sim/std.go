package sim

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/benbjohnson/clock"
)

// This file holds the methods that make *Clock a clock.Clock.

// Since returns the virtual time elapsed since t.
func (c *Clock) Since(t time.Time) time.Duration { return c.Now().Sub(t) }

// Until returns the virtual time left until t.
func (c *Clock) Until(t time.Time) time.Duration { return t.Sub(c.Now()) }

// After returns a channel that receives the clock's time once it has
// advanced by d; for a d of zero or less, at once, as with [time.After].
// The channel has a buffer of one, so the send never blocks the advancing
// goroutine.
func (c *Clock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.Now()
		return ch
	}
	c.Schedule(d, func() { ch <- c.Now() })
	return ch
}

// Sleep blocks the calling goroutine until another goroutine has advanced
// the clock by d. While it waits, the goroutine counts as blocked for
// [Clock.BlockUntil].
func (c *Clock) Sleep(d time.Duration) {
	if d <= 0 {
		return
	}
	ch := c.After(d)
	release := c.Block()
	<-ch
	release()
}

// Tick returns a channel that receives the clock's time every d of virtual
// time, as [time.Tick] does: ticks a slow reader misses are dropped. The
// ticks go on for the life of the clock. A d of zero or less returns nil.
func (c *Clock) Tick(d time.Duration) <-chan time.Time {
	if d <= 0 {
		return nil
	}
	ch := make(chan time.Time, 1)
	var tick func()
	tick = func() {
		select {
		case ch <- c.Now():
		default:
		}
		c.Schedule(d, tick)
	}
	c.Schedule(d, tick)
	return ch
}

// AfterFunc keeps [clock.Mock] semantics: f runs on a new goroutine once
// the clock has passed the due time, and each firing costs a real
// millisecond. clock.Timer can only be made by clock.Mock, so this method
// delegates to a Mock kept at this clock's time. Use [Clock.Schedule] for
// ordered, synchronous callbacks.
func (c *Clock) AfterFunc(d time.Duration, f func()) *clock.Timer {
	return c.mockClock().AfterFunc(d, f)
}

// Timer keeps [clock.Mock] semantics; see [Clock.AfterFunc].
func (c *Clock) Timer(d time.Duration) *clock.Timer {
	return c.mockClock().Timer(d)
}

// Ticker keeps [clock.Mock] semantics; see [Clock.AfterFunc].
func (c *Clock) Ticker(d time.Duration) *clock.Ticker {
	return c.mockClock().Ticker(d)
}

func (c *Clock) mockClock() *clock.Mock {
	c.mu.Lock()
	mock, now := c.mock, c.now
	c.mu.Unlock()
	if mock != nil {
		return mock
	}
	// clock.Mock.Set sleeps a real millisecond: not under the lock.
	mock = clock.NewMock()
	mock.Set(now)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.mock == nil {
		c.mock = mock
	}
	return c.mock
}

// WithTimeout returns a copy of parent that is cancelled with
// [context.DeadlineExceeded] once the clock has advanced by d.
func (c *Clock) WithTimeout(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return c.WithDeadline(parent, c.Now().Add(d))
}

// WithDeadline returns a copy of parent that is cancelled with
// [context.DeadlineExceeded] when the clock reaches deadline, or with
// [context.Canceled] by the returned function, or when parent is done.
// The deadline is virtual: nothing happens in real time.
func (c *Clock) WithDeadline(parent context.Context, deadline time.Time) (context.Context, context.CancelFunc) {
	ctx := &deadlineCtx{Context: parent, deadline: deadline, done: make(chan struct{})}
	if d, ok := parent.Deadline(); ok && d.Before(deadline) {
		ctx.deadline = d
	}
	// A parent of our own cancels this context synchronously, within the
	// Advance that reaches its deadline; context.AfterFunc would do it on a
	// goroutine of its own, after Advance returned.
	var stop func() bool
	if p, ok := parent.(*deadlineCtx); ok {
		stop = p.AfterFunc(func() { ctx.cancel(p.Err()) })
	} else {
		stop = context.AfterFunc(parent, func() { ctx.cancel(parent.Err()) })
	}
	ctx.mu.Lock()
	ctx.stopParent = stop
	ctx.mu.Unlock()
	if err := parent.Err(); err != nil {
		// AfterFunc would cancel ctx too, but on its own goroutine, after
		// this returns.
		ctx.cancel(err)
		return ctx, func() { ctx.cancel(context.Canceled) }
	}
	c.mu.Lock()
	if !deadline.After(c.now) {
		c.mu.Unlock()
		ctx.cancel(context.DeadlineExceeded)
		return ctx, func() { ctx.cancel(context.Canceled) }
	}
	ev := c.scheduleLocked(deadline, func() { ctx.cancel(context.DeadlineExceeded) })
	c.mu.Unlock()
	ctx.mu.Lock()
	ctx.timer = ev
	ctx.mu.Unlock()
	return ctx, func() { ctx.cancel(context.Canceled) }
}

// deadlineCtx is a context whose deadline is an instant of a Clock.
type deadlineCtx struct {
	context.Context // the parent, for Value
	deadline        time.Time
	done            chan struct{}

	mu         sync.Mutex
	err        error
	stopParent func() bool
	timer      *Event
	afterFuncs []*func() // registered by AfterFunc, run by cancel in order
}

// AfterFunc arranges for f to run once the context is done, on the
// goroutine that cancels it: within the Advance that reaches the deadline.
// The context package calls it to cancel children derived with
// context.WithCancel and the like, so that they too are done when Advance
// returns. stop reports whether it kept f from running.
func (c *deadlineCtx) AfterFunc(f func()) (stop func() bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		// Already done. The caller may hold locks f needs, so f must not
		// run on this goroutine; the context package does the same.
		go f()
		return func() bool { return false }
	}
	key := &f
	c.afterFuncs = append(c.afterFuncs, key)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		i := slices.Index(c.afterFuncs, key)
		if i < 0 {
			return false
		}
		c.afterFuncs = slices.Delete(c.afterFuncs, i, i+1)
		return true
	}
}

func (c *deadlineCtx) Deadline() (time.Time, bool) { return c.deadline, true }
func (c *deadlineCtx) Done() <-chan struct{}       { return c.done }

func (c *deadlineCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

func (c *deadlineCtx) cancel(err error) {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return
	}
	c.err = err
	close(c.done)
	timer, stopParent, funcs := c.timer, c.stopParent, c.afterFuncs
	c.afterFuncs = nil
	c.mu.Unlock()
	for _, f := range funcs {
		(*f)()
	}
	if stopParent != nil {
		stopParent()
	}
	if timer != nil {
		timer.Cancel()
	}
}
