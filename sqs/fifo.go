package sqs

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// A FIFO queue keeps every message in the list of its message group, in
// the order sent. A group is receivable when none of its messages is in
// flight and its first message is visible. Receivable groups wait in a
// list in the order they became receivable, as AWS serves them: a receive
// takes as many messages of the first group as it can, then moves on to the
// next, and a group that was just received, or whose messages became
// visible again, joins the back of the line.

// group is one message group of a FIFO queue.
type group struct {
	id       string
	msgs     msgList // every message of the group, in order
	inFlight int

	// The group's place in queue.readyGroups, while it is receivable.
	queued     bool
	prev, next *group
}

// groupOf returns the group named id, creating it.
func (q *queue) groupOf(id string) *group {
	g := q.groups[id]
	if g == nil {
		g = &group{id: id}
		q.groups[id] = g
	}
	return g
}

// refreshGroup puts g at the back of the line of receivable groups, or
// takes it out, after anything about it changed; it forgets a group with no
// messages.
func (q *queue) refreshGroup(g *group) {
	receivable := g.inFlight == 0 && g.msgs.head != nil && g.msgs.head.state == stateVisible
	switch {
	case receivable && !g.queued:
		q.readyGroups.pushBack(g)
	case !receivable && g.queued:
		q.readyGroups.remove(g)
	}
	if g.msgs.len == 0 && q.groups[g.id] == g {
		delete(q.groups, g.id)
	}
}

// groupList is an intrusive doubly linked list of groups.
type groupList struct {
	head, tail *group
}

func (l *groupList) pushBack(g *group) {
	g.queued, g.prev, g.next = true, l.tail, nil
	if l.tail != nil {
		l.tail.next = g
	} else {
		l.head = g
	}
	l.tail = g
}

func (l *groupList) remove(g *group) {
	if g.prev != nil {
		g.prev.next = g.next
	} else {
		l.head = g.next
	}
	if g.next != nil {
		g.next.prev = g.prev
	} else {
		l.tail = g.prev
	}
	g.queued, g.prev, g.next = false, nil, nil
}

// Deduplication. A FIFO queue remembers each deduplication ID for five
// minutes after the send that used it, even once the message is deleted; a
// send with a remembered ID succeeds, returns the original message ID and
// enqueues nothing. With DeduplicationScope "messageGroup" the ID is
// remembered per group.

type dedupEntry struct {
	messageID string
	seqNumber string
	at        time.Time
}

// dedupKey names a remembered ID (a deduplication ID, or a receive
// attempt ID) with the instant it was remembered. Kept in that order,
// forgetting is a walk from the front.
type dedupKey struct {
	key string
	at  time.Time
}

// dedupKeyFor returns the cache key of a send's deduplication ID.
func (q *queue) dedupKeyFor(groupID, dedupID string) string {
	if q.cfg.dedupScope == "messageGroup" {
		return groupID + "\x00" + dedupID
	}
	return dedupID
}

// contentDedupID is the deduplication ID of content-based deduplication:
// the hex SHA-256 of the body (attributes are not part of it).
func contentDedupID(body string) string {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:])
}

func (q *queue) remember(key string, e dedupEntry) {
	q.dedup[key] = e
	q.dedupOrder = append(q.dedupOrder, dedupKey{key: key, at: e.at})
}

// nextSeqNumber returns the next FIFO SequenceNumber of q: a 20-digit
// decimal that grows with every message sent.
func (q *queue) nextSeqNumber() string {
	q.lastSeqNum++
	return strconv.FormatUint(10_000_000_000_000_000_000+q.lastSeqNum, 10)
}

// attempt is a FIFO receive remembered by its ReceiveRequestAttemptId:
// retrying it within five minutes returns the same messages and receipt
// handles, as long as none of them was deleted or had its visibility
// changed since.
type attempt struct {
	at       time.Time
	msgs     []*message
	receives []int32   // receive count of each message at the receive
	untils   []instant // end of each message's visibility timeout
	out      []Message
}

// forget drops deduplication IDs and receive attempts older than five
// minutes.
func (q *queue) forget(now time.Time) {
	cut := now.Add(-DeduplicationInterval)
	q.dedupOrder = forgetUntil(q.dedup, q.dedupOrder, cut, func(e dedupEntry) time.Time { return e.at })
	q.attemptList = forgetUntil(q.attempts, q.attemptList, cut, func(a *attempt) time.Time { return a.at })
}

// forgetUntil drops from m the keys that order lists as remembered at or
// before cut, and returns the rest of order. A key remembered again since
// has a later entry in order and stays until that one is due.
func forgetUntil[V any](m map[string]V, order []dedupKey, cut time.Time, at func(V) time.Time) []dedupKey {
	i := 0
	for ; i < len(order) && !order[i].at.After(cut); i++ {
		if v, ok := m[order[i].key]; ok && at(v).Equal(order[i].at) {
			delete(m, order[i].key)
		}
	}
	return order[i:]
}

// retryAttempt returns the output of the remembered receive id if it may
// be replayed, resetting the visibility timeout of its messages.
func (q *queue) retryAttempt(id string, now time.Time, visibility time.Duration) ([]Message, bool) {
	a := q.attempts[id]
	if a == nil {
		return nil, false
	}
	for i, m := range a.msgs {
		if m.state != stateInFlight || m.receiveCount != a.receives[i] || m.until != a.untils[i] {
			delete(q.attempts, id)
			return nil, false
		}
	}
	for i, m := range a.msgs {
		m.until = q.epoch.at(now).add(visibility)
		q.timed.fix(m)
		a.untils[i] = m.until
	}
	return a.out, true
}

// redelay applies a changed DelaySeconds to the messages already on a FIFO
// queue, as AWS does: a message never received is delayed until its send
// time plus the new delay. It costs O(n log n) in the messages held, once
// per change of the attribute.
func (q *queue) redelay(now time.Time) {
	q.each(func(m *message) {
		if m.receiveCount > 0 || m.ext().dlqSource != "" || m.state == stateInFlight {
			return
		}
		until := m.sentAt.add(q.cfg.delay)
		switch {
		case until > q.epoch.at(now) && m.state == stateDelayed:
			m.until = until
			q.timed.fix(m)
		case until > q.epoch.at(now):
			m.state, m.until = stateDelayed, until
			q.nVisible--
			q.nDelayed++
			q.timed.push(m)
			q.refreshGroup(m.group())
		case m.state == stateDelayed:
			q.timed.remove(m)
			q.becomeVisible(m)
		}
	})
}
