package sim

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"sort"
	"time"
)

// queue holds a Clock's events in order of due time and, at the same
// instant, of scheduling.
//
// It holds entries that carry their ordering key, so that ordering reads
// only the queue's own memory, not the events: the due time as nanoseconds
// after base, then the scheduling sequence number. base is the clock's
// time when an event is scheduled on an empty queue. Events too far ahead
// for a key (292 years after base) wait in far instead, in order, after
// every other event.
//
// Up to smallQueue entries are kept in a 4-ary min-heap (half the depth of
// a binary heap, siblings side by side in memory), which fits in the CPU
// caches at that size. A heap that grows beyond moves into a radix heap
// (see radix), whose cost does not grow with the number of entries, and
// returns to a heap once it holds fewer than a quarter of that.
//
// A cancelled event is marked done and stays where it is, which spares
// every move a write to its event; it is dropped when it comes first, or
// when the radix heap searches its bucket. Once cancelled events outnumber
// pending ones (and 64), they are swept out, so the queue holds at most
// about twice the pending events.
//
// All methods need the Clock's mu.
type queue struct {
	heap []entry
	r    *radix // holds the entries instead of heap, when not nil
	far  []*Event
	base time.Time
	seq  uint64
	live int // pending events
	dead int // cancelled events still held

	small int // entries kept in the heap at most; 0 means smallQueue
}

// smallQueue is the number of entries up to which a heap is faster than a
// radix heap: BenchmarkScheduleAndRun measures both sides of it.
const smallQueue = 1 << 13

type entry struct {
	key time.Duration
	seq uint64
	ev  *Event
}

func (a *entry) less(b *entry) bool {
	return a.key < b.key || a.key == b.key && a.seq < b.seq
}

// held returns the number of entries in the heap or the radix heap.
func (q *queue) held() int {
	if q.r != nil {
		return q.r.n
	}
	return len(q.heap)
}

func (q *queue) smallSize() int {
	if q.small > 0 {
		return q.small
	}
	return smallQueue
}

// push adds e, which is due no earlier than now.
func (q *queue) push(now time.Time, e *Event) {
	if q.held() == 0 && len(q.far) == 0 {
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
	en := entry{key: key, seq: q.seq, ev: e}
	if q.r == nil && len(q.heap) >= q.smallSize() {
		q.toRadix(now.Sub(q.base))
	}
	if q.r != nil {
		q.r.push(en)
		return
	}
	q.heap = append(q.heap, en)
	q.up(len(q.heap) - 1)
}

// first returns the earliest pending event, or nil, leaving it in place.
func (q *queue) first() *Event {
	if q.r != nil {
		en, dropped := q.r.peek()
		q.dead -= dropped
		if en != nil {
			return en.ev
		}
		q.settle()
	}
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
	q.settle()
}

// pop removes the earliest event: for the radix heap, the one first
// returned; otherwise the heap's or far's first, pending or cancelled.
func (q *queue) pop() {
	if q.r != nil && q.r.n > 0 {
		q.r.take()
		return
	}
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
	done := func(en entry) bool { return en.ev.done }
	if q.r != nil {
		q.r.sweep(done)
	} else {
		q.heap = slices.DeleteFunc(q.heap, done)
		q.heapify()
	}
	q.far = slices.DeleteFunc(q.far, func(e *Event) bool { return e.done })
	q.dead = 0
	q.settle()
}

// toRadix moves the heap's entries into a radix heap. nowKey is the key of
// the clock's time, which no pending event is due before.
func (q *queue) toRadix(nowKey time.Duration) {
	r := &radix{last: min(nowKey, q.heap[0].key)}
	// Each bucket must be in scheduling order.
	slices.SortFunc(q.heap, func(a, b entry) int { return cmp.Compare(a.seq, b.seq) })
	for _, en := range q.heap {
		r.push(en)
	}
	clear(q.heap)
	q.heap = q.heap[:0]
	q.r = r
}

// settle moves the entries of a radix heap that has shrunk to a quarter
// of smallSize back into a heap.
func (q *queue) settle() {
	if q.r == nil || q.r.n >= q.smallSize()/4 {
		return
	}
	q.heap = q.r.appendTo(q.heap[:0])
	q.r = nil
	q.heapify()
}

func (q *queue) heapify() {
	for i := (len(q.heap) - 2) / 4; i >= 0; i-- {
		q.down(i)
	}
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

// radix is a radix heap: a queue of keys that never fall below the last
// key taken, which holds because virtual time never goes back. Keys are
// read as 16 hexadecimal digits. Bucket 0 holds the entries due at last;
// the others, one for each position and value of the highest digit where
// a key differs from last (see bucket), hold the keys that share the
// digits above it with last, so every key of a bucket is less than every
// key of a higher one. Taking the least entry of the lowest bucket makes
// its key last and moves the bucket's other entries to buckets of lower
// positions, so an entry moves at most 15 times however many are held,
// and usually a few: a bucket spans the keys of a range of due times, not
// a number of entries.
//
// Each bucket is in scheduling order, because entries are appended in that
// order and a bucket is only spread into empty lower ones, so the first
// entry of a bucket with the least key is the earliest, and bucket 0 is
// taken from the front.
//
// A key must be at least last when it is pushed: the clock's time, which
// no pending event is due before, can be less than the least key, so
// peek finds the least entry without making it last; take does that.
type radix struct {
	last    time.Duration
	buckets [buckets][]entry
	filled  [buckets / 64]uint64 // bit b is set when bucket b > 0 holds entries
	head    int                  // entries of bucket 0 before head have been taken
	n       int                  // entries held, from head on

	// Where peek found the least entry, with minB 0 when it has not or
	// the entries have changed since.
	minB, minI int
}

// buckets is the number of buckets of a radix heap: one for each of 15
// values of each of 16 hexadecimal digits, and bucket 0.
const buckets = 256

// bucket returns the bucket of key: 0 when it is last, otherwise 16 times
// the position of the highest hexadecimal digit where it differs from last
// (counted from 0, the lowest), plus the value of its digit there, which
// is more than last's.
func (r *radix) bucket(key time.Duration) int {
	x := uint64(key ^ r.last)
	if x == 0 {
		return 0
	}
	p := (bits.Len64(x) - 1) / 4
	return p*16 + int(uint64(key)>>(4*p)&15)
}

// lowest returns the lowest bucket above 0 that holds entries, or 0.
func (r *radix) lowest() int {
	for w, bits64 := range r.filled {
		if bits64 != 0 {
			return w*64 + bits.TrailingZeros64(bits64)
		}
	}
	return 0
}

func (r *radix) push(en entry) {
	b := r.bucket(en.key)
	r.buckets[b] = append(r.buckets[b], en)
	if b > 0 {
		r.filled[b/64] |= 1 << (b % 64)
	}
	if b <= r.minB {
		r.minB = 0
	}
	r.n++
}

// peek returns the least pending entry, or nil. It drops the cancelled
// entries it meets on the way and returns their number.
func (r *radix) peek() (en *entry, dropped int) {
	for {
		for r.head < len(r.buckets[0]) {
			if en := &r.buckets[0][r.head]; !en.ev.done {
				return en, dropped
			}
			r.takeFront()
			dropped++
		}
		if r.minB > 0 {
			if en := &r.buckets[r.minB][r.minI]; !en.ev.done {
				return en, dropped
			}
			r.minB = 0
		}
		b := r.lowest()
		if b == 0 {
			return nil, dropped
		}
		all := r.buckets[b]
		kept := all[:0]
		least := -1
		for _, en := range all {
			if en.ev.done {
				continue
			}
			if least < 0 || en.key < kept[least].key {
				least = len(kept)
			}
			kept = append(kept, en)
		}
		clear(all[len(kept):])
		r.buckets[b] = kept
		dropped += len(all) - len(kept)
		r.n -= len(all) - len(kept)
		if least < 0 {
			r.filled[b/64] &^= 1 << (b % 64)
			continue
		}
		r.minB, r.minI = b, least
	}
}

// take removes the entry peek returned last.
func (r *radix) take() {
	if r.head < len(r.buckets[0]) {
		r.takeFront()
		return
	}
	b, i := r.minB, r.minI
	all := r.buckets[b]
	r.last = all[i].key
	r.filled[b/64] &^= 1 << (b % 64)
	r.minB = 0
	r.n -= len(all)
	for j, en := range all {
		if j != i {
			r.push(en)
		}
	}
	clear(all)
	r.buckets[b] = all[:0]
}

// takeFront removes the front entry of bucket 0.
func (r *radix) takeFront() {
	r.buckets[0][r.head] = entry{}
	r.head++
	r.n--
	if r.head == len(r.buckets[0]) {
		r.buckets[0] = r.buckets[0][:0]
		r.head = 0
	}
}

// sweep drops the entries for which done reports true.
func (r *radix) sweep(done func(entry) bool) {
	r.buckets[0] = slices.Delete(r.buckets[0], 0, r.head)
	r.head = 0
	r.n = 0
	for b := range r.buckets {
		r.buckets[b] = slices.DeleteFunc(r.buckets[b], done)
		r.n += len(r.buckets[b])
		if b > 0 && len(r.buckets[b]) == 0 {
			r.filled[b/64] &^= 1 << (b % 64)
		}
	}
	r.minB = 0
}

// appendTo appends every entry held to h, in no order.
func (r *radix) appendTo(h []entry) []entry {
	h = append(h, r.buckets[0][r.head:]...)
	for _, bucket := range r.buckets[1:] {
		h = append(h, bucket...)
	}
	return h
}
