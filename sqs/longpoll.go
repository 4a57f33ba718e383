package sqs

import (
	"time"

	"github.com/awssim/awssim/sim"
)

// Long polling. A receive that finds nothing and may wait registers a
// waiter on its queue, in arrival order, and schedules its time-out on the
// clock. Whenever a queue with waiters changes (a send, a delete that
// unlocks a FIFO group, a message moved in) or reaches the instant its next
// delayed or in-flight message becomes visible (a wake-up scheduled on the
// clock), the waiters are served in order under the lock, so which poll
// gets a message is deterministic. Deliveries run after the lock is
// released.

// waiter is a long poll waiting for messages.
type waiter struct {
	q       *queue
	p       receiveParams
	fn      func(*ReceiveMessageOutput, error) // ReceiveMessageAsync
	ch      chan receiveResult                 // ReceiveMessage
	timeout sim.Scheduled
	done    bool // served, timed out or cancelled
}

type receiveResult struct {
	out *ReceiveMessageOutput
	err error
}

func (w *waiter) deliver(out *ReceiveMessageOutput, err error) {
	if w.fn != nil {
		w.fn(out, err)
		return
	}
	w.ch <- receiveResult{out, err}
}

// delivery is a waiter's result, handed over once the lock is released.
type delivery struct {
	w   *waiter
	out *ReceiveMessageOutput
	err error
}

func (s *Service) addWaiter(q *queue, p receiveParams, deadline time.Time, fn func(*ReceiveMessageOutput, error)) *waiter {
	w := &waiter{q: q, p: p, fn: fn}
	if fn == nil {
		w.ch = make(chan receiveResult, 1)
	}
	q.waiters = append(q.waiters, w)
	w.timeout = s.sched.ScheduleAt(deadline, func() { s.endWait(w) })
	s.touch(q)
	return w
}

// endWait ends a waiter's wait at its deadline, with whatever is available
// at that instant.
func (s *Service) endWait(w *waiter) {
	s.mu.Lock()
	if w.done {
		s.mu.Unlock()
		return
	}
	d := delivery{w: w}
	s.dropWaiter(w)
	if w.q.deleted {
		d.err = ErrQueueDoesNotExist.With("The specified queue does not exist.")
	} else {
		now := s.sched.Now()
		s.advance(w.q, now)
		d.out, d.err = s.receive(w.q, &w.p, now, false)
		if d.out == nil {
			d.out = &ReceiveMessageOutput{}
			if d.err == nil {
				w.q.stats.EmptyReceives++
			}
		}
	}
	s.unlockAndDeliver()
	w.deliver(d.out, d.err)
}

// cancelWaiter withdraws w; it reports false when w was already served.
func (s *Service) cancelWaiter(w *waiter) bool {
	s.mu.Lock()
	defer s.unlockAndDeliver()
	if w.done {
		return false
	}
	s.dropWaiter(w)
	w.timeout.Cancel()
	return true
}

// dropWaiter takes w off its queue's list.
func (s *Service) dropWaiter(w *waiter) {
	w.done = true
	q := w.q
	for i, x := range q.waiters {
		if x == w {
			q.waiters = append(q.waiters[:i], q.waiters[i+1:]...)
			break
		}
	}
	s.touch(q)
}

// touch notes that q changed, so that unlock serves its waiters and
// re-arms its wake-up. A queue with no waiters and no wake-up needs
// neither.
func (s *Service) touch(q *queue) {
	if q.dirty || (len(q.waiters) == 0 && q.wakeAt.IsZero()) {
		return
	}
	q.dirty = true
	s.dirty = append(s.dirty, q)
}

// unlockAndDeliver serves the waiters of every queue touched under the lock,
// releases the lock, and then delivers what the waiters got.
func (s *Service) unlockAndDeliver() {
	var out []delivery
	for i := 0; i < len(s.dirty); i++ { // serving can touch more queues
		q := s.dirty[i]
		q.dirty = false
		out = s.serve(q, out)
		s.rearm(q)
	}
	clear(s.dirty)
	s.dirty = s.dirty[:0]
	s.mu.Unlock()
	for _, d := range out {
		d.w.deliver(d.out, d.err)
	}
}

// serve hands available messages to q's waiters, first come first served.
func (s *Service) serve(q *queue, out []delivery) []delivery {
	if q.deleted {
		for _, w := range q.waiters {
			w.done = true
			w.timeout.Cancel()
			out = append(out, delivery{w: w, err: ErrQueueDoesNotExist.With("The specified queue does not exist.")})
		}
		q.waiters = nil
		return out
	}
	now := s.sched.Now()
	s.advance(q, now) // a message moved in may be past this queue's retention
	for len(q.waiters) > 0 {
		w := q.waiters[0]
		r, err := s.receive(q, &w.p, now, false)
		if err == nil && r == nil {
			break
		}
		if r == nil {
			r = &ReceiveMessageOutput{}
		}
		q.waiters = q.waiters[1:]
		w.done = true
		w.timeout.Cancel()
		out = append(out, delivery{w: w, out: r, err: err})
	}
	return out
}

// rearm schedules q's wake-up for the instant its next delayed or
// in-flight message becomes visible, while it has waiters.
func (s *Service) rearm(q *queue) {
	var at time.Time
	if next, ok := q.timed.first(); ok && len(q.waiters) > 0 && !q.deleted {
		at = q.epoch.time(next.key)
	}
	if at.Equal(q.wakeAt) {
		return
	}
	q.wake.Cancel()
	q.wake, q.wakeAt = sim.Scheduled{}, at
	if !at.IsZero() {
		q.wake = s.sched.ScheduleAt(at, func() { s.wakeUp(q, at) })
	}
}

// wakeUp runs at the instant a message of q becomes visible.
func (s *Service) wakeUp(q *queue, at time.Time) {
	s.mu.Lock()
	if q.wakeAt.Equal(at) {
		q.wake, q.wakeAt = sim.Scheduled{}, time.Time{}
	}
	if !q.deleted {
		s.advance(q, s.sched.Now())
	}
	s.touch(q)
	s.unlockAndDeliver()
}
