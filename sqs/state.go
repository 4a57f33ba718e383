package sqs

import (
	"cmp"
	"slices"
	"time"

	"github.com/awssim/awssim/sim"
)

// queue is one queue and every message on it. All fields are guarded by
// Service.mu.
type queue struct {
	id       uint32 // issued in order; part of every receipt handle
	name     string
	url      string
	arn      string
	fifo     bool
	cfg      queueConfig
	epoch    *epoch // the service's, for instants
	created  time.Time
	modified time.Time
	tags     map[string]string
	deleted  bool

	// slots holds every message at the index its receipt handles name;
	// free lists the empty slots, reused before the table grows.
	slots   []*message
	free    []int32
	nextSeq uint64
	ready   msgList  // visible messages of a standard queue
	timed   msgHeap  // delayed and in-flight messages
	age     ageIndex // every message, for retention

	nDelayed, nVisible, nInFlight int

	// FIFO state (fifo.go).
	groups      map[string]*group
	readyGroups groupList
	dedup       map[string]dedupEntry
	dedupOrder  []dedupKey
	attempts    map[string]*attempt
	attemptList []dedupKey
	lastSeqNum  uint64

	lastPurge time.Time

	// Long polls (longpoll.go).
	waiters []*waiter
	wake    sim.Scheduled
	wakeAt  time.Time
	dirty   bool

	stats     QueueStats
	published published // stats when metrics were last collected
	sizes     sizeStats // of the messages sent since then, kept with metrics only
	gone      []GoneMessage
}

func newQueue(id uint32, name, url, arn string, fifo bool, cfg queueConfig, e *epoch, now time.Time) *queue {
	q := &queue{
		id: id, name: name, url: url, arn: arn, fifo: fifo, cfg: cfg, epoch: e,
		created: now, modified: now,
	}
	q.timed = msgHeap{order: byUntil, slots: &q.slots}
	q.age = newAgeIndex(&q.slots)
	if fifo {
		q.groups = make(map[string]*group)
		q.dedup = make(map[string]dedupEntry)
		q.attempts = make(map[string]*attempt)
	}
	return q
}

// advance brings q to now. Everything that happens to a queue with the
// mere passing of time is done here, when the queue is next read: messages
// past their retention period go, delayed and in-flight messages whose
// time has come become visible, FIFO deduplication IDs and receive attempts
// older than five minutes are forgotten.
func (s *Service) advance(q *queue, now time.Time) {
	t := q.epoch.at(now)
	for m := q.age.min(); m != nil && m.enqueuedAt.add(q.cfg.retention) <= t; m = q.age.min() {
		s.removeMessage(q, m, GoneExpired, q.epoch.time(m.enqueuedAt.add(q.cfg.retention)))
	}
	for it, ok := q.timed.first(); ok && it.key <= t; it, ok = q.timed.first() {
		m := q.slots[it.slot]
		q.timed.remove(m)
		if m.state == stateInFlight {
			s.record(q.epoch.time(m.until), EventVisibilityExpired, q, m, "")
		}
		q.becomeVisible(m)
	}
	if q.fifo {
		q.forget(now)
	}
}

// insert puts a new message on q: delayed until now+delay, or visible.
func (q *queue) insert(m *message, now time.Time, delay time.Duration) {
	q.nextSeq++
	m.seq = q.nextSeq
	if n := len(q.free); n > 0 {
		m.slot = q.free[n-1]
		q.free = q.free[:n-1]
		q.slots[m.slot] = m
	} else {
		m.slot = int32(len(q.slots))
		q.slots = append(q.slots, m)
	}
	q.age.push(m)
	if q.fifo {
		g := q.groupOf(m.ext().groupID)
		m.extw().group = g
		g.msgs.pushBack(m)
	}
	if delay > 0 {
		m.state = stateDelayed
		m.until = q.epoch.at(now).add(delay)
		q.timed.push(m)
		q.nDelayed++
	} else {
		q.nVisible++
		m.state = stateVisible
		if !q.fifo {
			q.ready.pushBack(m)
		}
	}
	if m.group() != nil {
		q.refreshGroup(m.group())
	}
}

// becomeVisible turns a delayed or in-flight message, already out of the
// timed heap, into a visible one.
func (q *queue) becomeVisible(m *message) {
	switch m.state {
	case stateDelayed:
		q.nDelayed--
	case stateInFlight:
		q.nInFlight--
		if m.group() != nil {
			m.group().inFlight--
		}
	}
	m.state = stateVisible
	q.nVisible++
	if m.group() != nil {
		q.refreshGroup(m.group())
	} else {
		q.ready.pushBack(m)
	}
}

// takeInFlight turns a visible message into an in-flight one, hidden until
// now+visibility. The caller refreshes a FIFO message's group.
func (q *queue) takeInFlight(m *message, now time.Time, visibility time.Duration) {
	if m.group() != nil {
		m.group().inFlight++
	} else {
		q.ready.remove(m)
	}
	q.nVisible--
	q.nInFlight++
	m.state = stateInFlight
	m.until = q.epoch.at(now).add(visibility)
	q.timed.push(m)
}

// removeMessage takes m off q for good, for the given reason.
func (s *Service) removeMessage(q *queue, m *message, why GoneReason, at time.Time) {
	switch m.state {
	case stateVisible:
		q.nVisible--
		if m.group() == nil {
			q.ready.remove(m)
		}
	case stateDelayed:
		q.nDelayed--
		q.timed.remove(m)
	case stateInFlight:
		q.nInFlight--
		q.timed.remove(m)
		if m.group() != nil {
			m.group().inFlight--
		}
	}
	q.age.remove(m)
	q.slots[m.slot] = nil
	q.free = append(q.free, m.slot)
	m.state = stateGone
	if g := m.group(); g != nil {
		g.msgs.remove(m)
		q.refreshGroup(g)
	}
	if s.history {
		q.gone = append(q.gone, GoneMessage{MessageID: m.id(), Reason: why, At: at, Receives: m.ext().history})
		s.record(at, why.event(), q, m, "")
	}
}

// message returns the message in slot with arrival number seq, or nil
// when it is gone.
func (q *queue) message(slot uint32, seq uint64) *message {
	if int(slot) >= len(q.slots) {
		return nil
	}
	if m := q.slots[slot]; m != nil && m.seq == seq {
		return m
	}
	return nil
}

// each calls fn for every message of q in order of arrival.
func (q *queue) each(fn func(*message)) {
	msgs := make([]*message, 0, len(q.slots)-len(q.free))
	for _, m := range q.slots {
		if m != nil {
			msgs = append(msgs, m)
		}
	}
	slices.SortFunc(msgs, func(a, b *message) int { return cmp.Compare(a.seq, b.seq) })
	for _, m := range msgs {
		fn(m)
	}
}

// clear removes every message of q, for PurgeQueue and DeleteQueue.
func (s *Service) clear(q *queue, why GoneReason, now time.Time) {
	for q.age.len() > 0 {
		s.removeMessage(q, q.age.min(), why, now)
	}
}
