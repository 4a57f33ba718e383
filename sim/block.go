package sim

import "context"

// A test that starts a blocking call in a goroutine (a long poll, a Sleep)
// must not advance the clock before that call is waiting, or the advance
// happens too early and the call waits for ever. Sleeping in real time to
// let the goroutine get there is slow and flaky. Instead, whatever blocks on
// the clock says so with Block, and the test waits with BlockUntil.

type blockWaiter struct {
	n    int
	done chan struct{}
}

// Block marks the calling goroutine as blocked on the clock until the
// returned release function is called. [Clock.Sleep] and the long polls of
// awssim services call it; code of your own that waits for virtual time can
// too, so that tests can use [Clock.BlockUntil].
func (c *Clock) Block() (release func()) {
	c.mu.Lock()
	c.blocked++
	c.notifyBlockersLocked()
	c.mu.Unlock()
	released := false
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if !released {
			released = true
			c.blocked--
		}
	}
}

// Blocked returns the number of goroutines currently blocked on the clock.
func (c *Clock) Blocked() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.blocked
}

// BlockUntil waits until at least n goroutines are blocked on the clock, or
// ctx is done, in which case it returns ctx.Err(). It waits on a channel,
// never in a loop, so it costs nothing while it waits.
func (c *Clock) BlockUntil(ctx context.Context, n int) error {
	c.mu.Lock()
	if c.blocked >= n {
		c.mu.Unlock()
		return nil
	}
	w := blockWaiter{n: n, done: make(chan struct{})}
	c.blockers = append(c.blockers, w)
	c.mu.Unlock()
	select {
	case <-w.done:
		return nil
	case <-ctx.Done():
		c.mu.Lock()
		for i, b := range c.blockers {
			if b.done == w.done {
				c.blockers = append(c.blockers[:i], c.blockers[i+1:]...)
				break
			}
		}
		c.mu.Unlock()
		return ctx.Err()
	}
}

func (c *Clock) notifyBlockersLocked() {
	kept := c.blockers[:0]
	for _, b := range c.blockers {
		if c.blocked >= b.n {
			close(b.done)
		} else {
			kept = append(kept, b)
		}
	}
	c.blockers = kept
}
