package sqs

import "time"

// This file holds the data structures a queue keeps its messages in. Every
// operation on them is O(1) or O(log n) in the number of messages held:
//
//   - a message is delayed, visible or in flight (msgState);
//   - delayed and in-flight messages sit in one heap, timed, ordered by the
//     instant they become visible (the end of the delay or of the
//     visibility timeout), so that "what has become visible by now" is a
//     series of pops, computed when the queue is next read;
//   - visible messages of a standard queue sit in a list, ready, in the
//     order they became visible; a FIFO queue keeps every message in the
//     list of its group instead (fifo.go);
//   - every message sits in an ageIndex, ordered by its enqueue time, for
//     the retention period.

// msgState is where a message is in its life on a queue.
type msgState uint8

const (
	stateDelayed msgState = iota
	stateVisible
	stateInFlight
	stateGone // deleted, expired, purged or moved away
)

func (s msgState) String() string {
	switch s {
	case stateDelayed:
		return "delayed"
	case stateVisible:
		return "visible"
	case stateInFlight:
		return "in flight"
	default:
		return "gone"
	}
}

// message is one message on a queue. A queue may hold millions, so the
// fields every message needs are kept small (instants as nanoseconds, 8
// bytes each), and the rest sits in extra, nil for a plain standard
// message.
type message struct {
	body string

	seq            uint64  // order of arrival on this queue
	sentAt         instant // SentTimestamp
	enqueuedAt     instant // start of the retention period
	firstReceiveAt instant
	receivedAt     instant // start of the current receive: 12-hour ceiling
	until          instant // end of the delay or of the visibility timeout

	links [2]link // places in an inOrder and an inAge list
	x     *extra

	slot         int32 // index in queue.slots
	receiveCount int32
	state        msgState
	hasMD5       bool // text holds the MD5OfBody

	// text holds the message's ID, a UUID in text form (see setID), then
	// the hex MD5 of its body, as MD5OfMessageBody and MD5OfBody return
	// it (see bodyMD5). The strings [message.id] and [message.bodyMD5]
	// return are over it, so that a message and its two strings are one
	// allocation, and no pointer of the message points into itself. Each
	// part is written once, before a string is made over it, and never
	// again.
	text [uuidLen + md5HexLen]byte
}

// extra holds what only some messages have: attributes, FIFO fields, a
// dead-letter source, a receive history.
type extra struct {
	attrs       map[string]MessageAttributeValue
	md5Attrs    string
	md5SysAttrs string
	traceHeader string
	groupID     string
	dedupID     string
	seqNumber   string // FIFO SequenceNumber
	dlqSource   string // DeadLetterQueueSourceArn, once moved to a DLQ
	group       *group // FIFO only
	history     []ReceiveRecord
	late        bool // in ageIndex.late rather than its list
}

var noExtra extra

// ext returns the message's extra fields, read-only: the shared zero
// value when it has none.
func (m *message) ext() *extra {
	if m.x == nil {
		return &noExtra
	}
	return m.x
}

// extw returns the message's extra fields for writing, allocating them.
func (m *message) extw() *extra {
	if m.x == nil {
		m.x = &extra{}
	}
	return m.x
}

// group returns the FIFO group of the message, nil on a standard queue.
func (m *message) group() *group { return m.ext().group }

// instant is a point in time as nanoseconds since the service's epoch: 8
// bytes where a time.Time takes 24.
type instant int64

func (i instant) add(d time.Duration) instant { return i + instant(d) }

// epoch is the origin of a service's instants: its clock's time when the
// service was made. Instants reach 292 years either side of it, so a
// simulation may start at any date, the zero time.Time included.
//
// An operation converts the same "now" several times, and time.Time.Sub
// is dear, so the last conversion is remembered. The service's lock guards
// the memo, as it guards every queue that shares the epoch.
type epoch struct {
	origin time.Time
	lastT  time.Time
	lastI  instant
}

func (e *epoch) at(t time.Time) instant {
	if t != e.lastT {
		e.lastT, e.lastI = t, instant(t.Sub(e.origin))
	}
	return e.lastI
}

func (e *epoch) time(i instant) time.Time { return e.origin.Add(time.Duration(i)) }

// link is a message's place in one intrusive list.
type link struct{ prev, next *message }

// Each message can be in two lists at once, each through its own link.
const (
	inOrder = 0 // the ready list of a standard queue, or a FIFO group's list
	inAge   = 1 // the list of ageIndex
)

// msgList is an intrusive doubly linked list of messages through their
// links[which].
type msgList struct {
	head, tail *message
	len        int
	which      int
}

// next returns the message after m in l.
func (l *msgList) next(m *message) *message { return m.links[l.which].next }

func (l *msgList) pushBack(m *message) {
	ln := &m.links[l.which]
	ln.prev, ln.next = l.tail, nil
	if l.tail != nil {
		l.tail.links[l.which].next = m
	} else {
		l.head = m
	}
	l.tail = m
	l.len++
}

func (l *msgList) remove(m *message) {
	ln := &m.links[l.which]
	if ln.prev != nil {
		ln.prev.links[l.which].next = ln.next
	} else {
		l.head = ln.next
	}
	if ln.next != nil {
		ln.next.links[l.which].prev = ln.prev
	} else {
		l.tail = ln.prev
	}
	ln.prev, ln.next = nil, nil
	l.len--
}

// ageIndex orders the messages of a queue by enqueue time, so that the
// oldest is at hand when the retention period ends. Sends arrive in time
// order: they join a list at its tail and leave it from anywhere, both in
// O(1) and without touching other messages, which matters with millions
// stored. Only a message dead-lettered into a standard queue keeps an
// older enqueue time; those wait in a heap, in O(log n). The oldest message
// is the older of the two fronts.
type ageIndex struct {
	list msgList // inAge
	late msgHeap // byEnqueue
}

func newAgeIndex(slots *[]*message) ageIndex {
	return ageIndex{list: msgList{which: inAge}, late: msgHeap{order: byEnqueue, slots: slots}}
}

// len returns the number of messages indexed.
func (a *ageIndex) len() int { return a.list.len + len(a.late.items) }

func (a *ageIndex) push(m *message) {
	if a.list.tail != nil && m.enqueuedAt < a.list.tail.enqueuedAt {
		m.extw().late = true
		a.late.push(m)
		return
	}
	a.list.pushBack(m)
}

func (a *ageIndex) remove(m *message) {
	if m.ext().late {
		a.late.remove(m)
		m.x.late = false
		return
	}
	a.list.remove(m)
}

// min returns the message enqueued first, or nil.
func (a *ageIndex) min() *message {
	l := a.list.head
	h, ok := a.late.first()
	switch {
	case !ok:
		return l
	case l == nil || h.less(heapItem{key: l.enqueuedAt, seq: l.seq}):
		return a.late.min()
	}
	return l
}

// heapOrder says which instant of a message a msgHeap orders by.
type heapOrder uint8

const (
	// byUntil orders delayed and in-flight messages by the instant they
	// become visible.
	byUntil heapOrder = iota
	// byEnqueue orders messages by enqueue time, for retention.
	byEnqueue
)

// msgHeap is a binary min-heap of messages ordered by one of their
// instants, then by arrival. With millions of messages stored, the
// messages are mostly out of cache, so the heap keeps to itself what it
// works with: each item carries its message's key and arrival number and
// names the message by its slot in the queue, and the heap records where
// each item is in a table of its own, by slot. Ordering, moving and
// removing items then reads and writes the two dense arrays alone, never a
// message, and the arrays hold no pointers, so that the garbage collector
// neither scans them nor tracks the moves. Removing a message from the
// middle is O(log n). A message can be in one heap of each order at a
// time.
type msgHeap struct {
	order heapOrder
	slots *[]*message // the queue's, to resolve an item's slot
	items []heapItem
	pos   []int32 // pos[slot] is the index in items of the message in slot, while it is there
}

// heapItem is a message in a msgHeap with what the heap orders it by.
type heapItem struct {
	key  instant // the message's until or enqueuedAt (heapOrder)
	seq  uint64
	slot int32
}

// first returns the first item, false when the heap is empty.
func (h *msgHeap) first() (heapItem, bool) {
	if len(h.items) == 0 {
		return heapItem{}, false
	}
	return h.items[0], true
}

// min returns the first message, or nil.
func (h *msgHeap) min() *message {
	if len(h.items) == 0 {
		return nil
	}
	return (*h.slots)[h.items[0].slot]
}

func (h *msgHeap) item(m *message) heapItem {
	key := m.until
	if h.order == byEnqueue {
		key = m.enqueuedAt
	}
	return heapItem{key: key, seq: m.seq, slot: m.slot}
}

func (h *msgHeap) push(m *message) {
	if n := int(m.slot) + 1; n > len(h.pos) {
		h.pos = append(h.pos, make([]int32, n-len(h.pos))...)
	}
	h.items = append(h.items, heapItem{})
	h.up(len(h.items)-1, h.item(m))
}

func (h *msgHeap) remove(m *message) {
	i := int(h.pos[m.slot])
	last := len(h.items) - 1
	moved := h.items[last]
	h.items = h.items[:last]
	if i != last {
		h.place(i, moved)
	}
}

// fix restores the order after the key of m changed.
func (h *msgHeap) fix(m *message) {
	h.place(int(h.pos[m.slot]), h.item(m))
}

// place puts it at index i, then moves it down or up to where the order
// wants it.
func (h *msgHeap) place(i int, it heapItem) {
	if !h.down(i, it) {
		h.up(i, it)
	}
}

func (a heapItem) less(b heapItem) bool {
	if a.key != b.key {
		return a.key < b.key
	}
	return a.seq < b.seq
}

// set puts it at index i and records the index.
func (h *msgHeap) set(i int, it heapItem) {
	h.items[i] = it
	h.pos[it.slot] = int32(i)
}

// up moves it from the hole at j toward the root, shifting down the
// items it passes, and puts it where it stops.
func (h *msgHeap) up(j int, it heapItem) {
	for j > 0 {
		i := (j - 1) / 2
		if !it.less(h.items[i]) {
			break
		}
		h.set(j, h.items[i])
		j = i
	}
	h.set(j, it)
}

// down moves it from the hole at i0 toward the leaves, shifting up the
// items it passes, puts it where it stops, and reports whether it moved.
func (h *msgHeap) down(i0 int, it heapItem) bool {
	i, n := i0, len(h.items)
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		j := l
		if r := l + 1; r < n && h.items[r].less(h.items[l]) {
			j = r
		}
		if !h.items[j].less(it) {
			break
		}
		h.set(i, h.items[j])
		i = j
	}
	h.set(i, it)
	return i > i0
}
