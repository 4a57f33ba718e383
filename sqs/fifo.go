package sqs

import (
	"container/heap"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// A FIFO queue keeps every message in the list of its message group, in
// the order sent. A group is receivable when none of its messages is in
// flight and its first message is visible; receivable groups wait in a
// heap ordered by the arrival of their first message, so a receive serves
// the group whose head has waited longest, takes as many of its messages as
// it can, then moves on to the next group.

// group is one message group of a FIFO queue.
type group struct {
	id       string
	msgs     msgList // every message of the group, in order
	inFlight int
	heapIdx  int // index in queue.readyGroups, -1 when not receivable
}

// groupOf returns the group named id, creating it.
func (q *queue) groupOf(id string) *group {
	g := q.groups[id]
	if g == nil {
		g = &group{id: id, heapIdx: -1}
		q.groups[id] = g
	}
	return g
}

// refreshGroup puts g in the heap of receivable groups, or takes it out,
// after anything about it changed; it forgets a group with no messages.
func (q *queue) refreshGroup(g *group) {
	receivable := g.inFlight == 0 && g.msgs.head != nil && g.msgs.head.state == stateVisible
	switch {
	case receivable && g.heapIdx < 0:
		heap.Push(&q.readyGroups, g)
	case receivable:
		heap.Fix(&q.readyGroups, g.heapIdx)
	case g.heapIdx >= 0:
		heap.Remove(&q.readyGroups, g.heapIdx)
	}
	if g.msgs.len == 0 {
		delete(q.groups, g.id)
	}
}

// groupHeap orders receivable groups by the arrival of their first
// message; it is a container/heap.Interface. Groups enter and leave it only
// when they lock, unlock or empty, so the generic heap's cost is of no
// matter here, unlike the message heaps of store.go.
type groupHeap []*group

func (h groupHeap) Len() int           { return len(h) }
func (h groupHeap) Less(i, j int) bool { return h[i].msgs.head.seq < h[j].msgs.head.seq }

func (h groupHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].heapIdx = i
	h[j].heapIdx = j
}

func (h *groupHeap) Push(x any) {
	g := x.(*group)
	g.heapIdx = len(*h)
	*h = append(*h, g)
}

func (h *groupHeap) Pop() any {
	old := *h
	g := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	g.heapIdx = -1
	return g
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

// dedupKey names a remembered ID in the order it was first sent, so that
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
	receipts []uint64  // receipt nonce of each message at the receive
	untils   []instant // end of each message's visibility timeout
	out      []Message
}

// forget drops deduplication IDs and receive attempts older than five
// minutes.
func (q *queue) forget(now time.Time) {
	cut := now.Add(-DeduplicationInterval)
	i := 0
	for ; i < len(q.dedupOrder) && !q.dedupOrder[i].at.After(cut); i++ {
		k := q.dedupOrder[i]
		if e, ok := q.dedup[k.key]; ok && e.at.Equal(k.at) {
			delete(q.dedup, k.key)
		}
	}
	q.dedupOrder = q.dedupOrder[i:]
	for len(q.attemptList) > 0 {
		a := q.attempts[q.attemptList[0]]
		if a != nil && a.at.After(cut) {
			break
		}
		delete(q.attempts, q.attemptList[0])
		q.attemptList = q.attemptList[1:]
	}
}

// retryAttempt returns the output of the remembered receive id if it may
// be replayed, resetting the visibility timeout of its messages.
func (q *queue) retryAttempt(id string, now time.Time, visibility time.Duration) ([]Message, bool) {
	a := q.attempts[id]
	if a == nil {
		return nil, false
	}
	for i, m := range a.msgs {
		if m.state != stateInFlight || m.receipt != a.receipts[i] || m.until != a.untils[i] {
			delete(q.attempts, id)
			return nil, false
		}
	}
	for i, m := range a.msgs {
		m.until = at(now).add(visibility)
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
		case until > at(now) && m.state == stateDelayed:
			m.until = until
			q.timed.fix(m)
		case until > at(now):
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
