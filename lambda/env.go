package lambda

import (
	"container/heap"
	"time"
)

// Execution environments. An invocation runs in an environment of the
// version it invokes: a warm one that finished its last invocation no
// longer than the idle timeout ago (the most recent first), or a new one
// that starts cold and spends the code's InitDuration first. An
// environment is busy from the start of its invocation to its end in
// virtual time, so two invocations that overlap need two environments, and
// concurrency is the number of busy environments. Both are computed when
// read: environments whose end has passed go back to their pool, and idle
// ones past the idle timeout are reaped, whenever the service is next used.

// environment is one execution environment.
type environment struct {
	id         int
	v          *version
	generation int       // of v when made: stale after an update of $LATEST
	busyUntil  time.Time // end of the running invocation
	idleSince  time.Time
	heapIdx    int
	broken     bool // crashed or timed out: reset, not reused
	// provisioned environments are initialised ahead of time and never
	// reaped.
	provisioned bool
}

// envPool holds a version's idle environments in the order they became
// idle: reused from the back (the warmest), reaped from the front.
type envPool struct {
	idle []*environment
	// provisioned holds the idle provisioned environments; pcLive counts
	// all of them, idle or busy, and pcTarget how many there should be.
	provisioned      []*environment
	pcLive, pcTarget int
}

// envHeap orders busy environments by the end of their invocation; it is a
// container/heap.Interface.
type envHeap []*environment

func (h envHeap) Len() int { return len(h) }
func (h envHeap) Less(i, j int) bool {
	if !h[i].busyUntil.Equal(h[j].busyUntil) {
		return h[i].busyUntil.Before(h[j].busyUntil)
	}
	return h[i].id < h[j].id
}
func (h envHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].heapIdx, h[j].heapIdx = i, j
}
func (h *envHeap) Push(x any) {
	e := x.(*environment)
	e.heapIdx = len(*h)
	*h = append(*h, e)
}
func (h *envHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	e.heapIdx = -1
	return e
}

// forever marks an environment whose invocation is still running on the
// caller's goroutine: its end is known once the handler returns.
var forever = time.Unix(1<<62, 0)

// advance frees every environment whose invocation ended by now.
func (s *Service) advance(now time.Time) {
	for len(s.busy) > 0 && !s.busy[0].busyUntil.After(now) {
		e := heap.Pop(&s.busy).(*environment)
		s.release(e)
	}
}

// release ends an environment's invocation: it goes back to its pool unless
// it broke, its version changed or its function is gone.
func (s *Service) release(e *environment) {
	fn := e.v.fn
	s.addBusy(fn, -1)
	p := &e.v.pool
	if e.provisioned {
		e.provisioned = false
		p.pcLive--
		if !e.broken && p.pcLive < p.pcTarget && s.functions[fn.name] == fn {
			e.provisioned = true // still wanted: back to the provisioned pool
			p.pcLive++
			e.idleSince = e.busyUntil
			p.provisioned = append(p.provisioned, e)
			return
		}
	}
	if e.broken || e.generation != e.v.generation || s.functions[fn.name] != fn {
		return
	}
	e.idleSince = e.busyUntil
	p.idle = append(p.idle, e)
}

// The scaling rate: each function may add at most 1,000 execution
// environments every 10 seconds, a budget AWS refills continuously and does
// not let accumulate beyond 1,000. It is kept as time credit: a new
// environment costs 10 ms of it, and at most 10 s of it is kept.
const (
	scalingWindow  = 10 * time.Second
	scalingPerEnvs = scalingWindow / 1000
)

// scaleUp spends the credit for one new environment of fn, and reports
// false when none is left.
func (fn *function) scaleUp(now time.Time) bool {
	if fn.scaledAt.IsZero() {
		fn.scaleCredit = scalingWindow
	} else {
		fn.scaleCredit = min(scalingWindow, fn.scaleCredit+now.Sub(fn.scaledAt))
	}
	fn.scaledAt = now
	if fn.scaleCredit < scalingPerEnvs {
		return false
	}
	fn.scaleCredit -= scalingPerEnvs
	return true
}

// acquire returns an environment of v busy from now on, and whether it is
// new (a cold start); nil when a new one is needed and the function's
// scaling rate allows none now.
func (s *Service) acquire(v *version, now time.Time) (*environment, bool) {
	p := &v.pool
	s.provision(v, now)
	if k := len(p.provisioned); k > 0 {
		e := p.provisioned[k-1]
		p.provisioned[k-1] = nil
		p.provisioned = p.provisioned[:k-1]
		e.busyUntil = forever
		s.addBusy(v.fn, 1)
		heap.Push(&s.busy, e)
		return e, false
	}
	n := 0
	for n < len(p.idle) && now.Sub(p.idle[n].idleSince) >= s.idleTimeout {
		p.idle[n] = nil
		n++
	}
	p.idle = p.idle[n:]
	var e *environment
	cold := len(p.idle) == 0
	if cold {
		if !v.fn.scaleUp(now) {
			return nil, false
		}
		s.nextEnvID++
		e = &environment{id: s.nextEnvID, v: v, generation: v.generation}
	} else {
		e = p.idle[len(p.idle)-1]
		p.idle[len(p.idle)-1] = nil
		p.idle = p.idle[:len(p.idle)-1]
	}
	e.busyUntil = forever
	s.addBusy(v.fn, 1)
	heap.Push(&s.busy, e)
	return e, cold
}

// addBusy changes the number of fn's busy environments by d, and with it
// the account's count of those under a reservation, so that
// busyUnreserved costs the same however many functions there are.
func (s *Service) addBusy(fn *function, d int) {
	fn.busy += d
	if fn.hasReserve && !fn.deleted {
		s.busyReserved += d
	}
}

// finish sets the end of an environment's invocation once its handler has
// returned.
func (s *Service) finish(e *environment, end time.Time, broken bool) {
	e.busyUntil, e.broken = end, broken
	heap.Fix(&s.busy, e.heapIdx)
}
