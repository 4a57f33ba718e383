package sim

import (
	"math"
	"math/bits"
	"slices"
	"sort"
	"time"
)

// queue holds a Clock's events in order of due time and, at the same
// instant, of scheduling.
//
// It holds entries that carry what running an event needs, so that
// ordering and running read only the queue's own memory, not the events,
// which a large schedule has long evicted from the CPU caches: the due
// time as nanoseconds after base, the scheduling sequence number, and the
// callback. base is the clock's time when an event is scheduled on an
// empty queue. The entries are kept in a radix heap (see radix), whose
// cost per event does not grow with the number of events. Events too far
// ahead for a key (292 years after base) wait in far instead, in order,
// after every other event.
//
// A cancelled event's entry stays where it is and its sequence number goes
// into cancelled, so that cancelling need not find the entry; it is
// dropped when it comes first, or when the radix heap finds it least of a
// bucket.
// Once cancelled events outnumber pending ones (and 64), they are swept
// out, so the queue holds at most about twice the pending events.
//
// All methods need the Clock's mu.
type queue struct {
	r         radix
	far       []farEntry
	cancelled map[uint64]bool // sequence numbers of the cancelled events held
	base      time.Time
	now       time.Duration // the key of the clock's time
	seq       uint64
	live      int // pending events
}

// An entry is an event as the queue holds it.
type entry struct {
	key time.Duration // math.MaxInt64 in far
	seq uint64
	fn  func()
}

// A farEntry is an entry with the due time its key cannot hold.
type farEntry struct {
	entry
	at time.Time
}

// push adds an event due at at, which is d after now, the clock's time,
// to run fn, and returns its sequence number.
func (q *queue) push(now, at time.Time, d time.Duration, fn func()) uint64 {
	if q.r.n == 0 && len(q.far) == 0 {
		q.base, q.now = now, 0 // no key depends on the old base
		q.r.last = 0
	}
	q.live++
	q.seq++
	// at.Sub(q.base), without its cost
	en := entry{key: q.now + d, seq: q.seq, fn: fn}
	if en.key < q.now || en.key == math.MaxInt64 { // too far ahead for a key
		en.key = math.MaxInt64
		i := sort.Search(len(q.far), func(i int) bool { return q.far[i].at.After(at) })
		q.far = slices.Insert(q.far, i, farEntry{en, at})
		return q.seq
	}
	q.r.push(en)
	return q.seq
}

// moved records that the clock's time is now.
func (q *queue) moved(now time.Time) {
	q.now = now.Sub(q.base)
}

// due returns the instant en is due.
func (q *queue) due(en *entry) time.Time {
	if en.key == math.MaxInt64 {
		return q.far[0].at // en is first
	}
	return q.base.Add(en.key)
}

// isCancelled reports whether en is of a cancelled event.
func (q *queue) isCancelled(en *entry) bool {
	return len(q.cancelled) > 0 && q.cancelled[en.seq]
}

// first returns the entry of the earliest pending event, or nil, leaving
// it in place; the entry is valid until the queue changes.
func (q *queue) first() *entry {
	if en := q.r.peek(q); en != nil {
		return en
	}
	for len(q.far) > 0 {
		en := &q.far[0].entry
		if !q.isCancelled(en) {
			return en
		}
		delete(q.cancelled, en.seq)
		q.popFar()
	}
	return nil
}

// take removes the earliest event, which first returned as pending, and
// records that the clock's time is its due time.
func (q *queue) take() {
	q.live--
	if q.r.n > 0 {
		q.now = q.r.take()
		return
	}
	q.moved(q.far[0].at)
	q.popFar()
}

func (q *queue) popFar() {
	q.far[0] = farEntry{}
	q.far = q.far[1:]
}

// cancel records that the pending event of sequence number seq was
// cancelled, and sweeps the cancelled events out once they outnumber the
// pending ones.
func (q *queue) cancel(seq uint64) {
	q.live--
	if q.cancelled == nil {
		q.cancelled = make(map[uint64]bool)
	}
	q.cancelled[seq] = true
	if len(q.cancelled) <= 64 || len(q.cancelled) <= q.live {
		return
	}
	q.r.sweep(q)
	q.far = slices.DeleteFunc(q.far, func(en farEntry) bool { return q.cancelled[en.seq] })
	clear(q.cancelled)
}

// radix is a radix heap: a queue of keys that never fall below the last
// key taken, which holds because virtual time never goes back. Keys are
// read as 8 digits of 8 bits. Bucket 0 holds the entries due at last; the
// others, one for each position and value of the highest digit where a
// key differs from last (see bucket), hold the keys that share the digits
// above it with last, so every key of a bucket is less than every key of
// a higher one. Taking the least entry of the lowest bucket makes its key
// last and spreads the bucket's other entries over buckets of lower
// positions, so an entry moves at most 7 times however many are held, and
// usually once or twice: a bucket spans the keys of a range of due times,
// not a number of entries.
//
// Each bucket is in scheduling order, because entries are appended in that
// order and a bucket is only spread into empty lower ones, so the first
// entry of a bucket with the least key is the earliest, and bucket 0 is
// taken from the front.
//
// A bucket is a list of chunks of entries, all full but the last, taken
// from and given back to a list of free chunks, so that entries are moved
// without growing slices and the memory a queue of a steady size uses is
// reused rather than allocated again.
//
// A key must be at least last when it is pushed: the clock's time, which
// no pending event is due before, can be less than the least key, so
// peek finds the least entry without making it last; take does that.
type radix struct {
	last    time.Duration
	buckets [buckets]bucket
	filled  [buckets / 64]uint64 // bit b is set when bucket b > 0 holds entries
	words   uint64               // bit w is set when filled[w] is not 0
	front   int                  // entries of bucket 0's first chunk before front have been taken
	n       int                  // entries held, from front on

	free         *chunk // chunks not in use, linked by next
	nfree, nused int

	// Where peek found the least entry, with minB 0 when it has not or
	// the entries have changed since.
	minB int
	minC *chunk
	minI int
}

const (
	digitBits = 8 // fewer moves than 4, and more buckets to look through
	digits    = 64 / digitBits
	values    = 1 << digitBits

	// buckets is the number of buckets of a radix heap: one for each
	// position and value of a digit. A key's digit where it differs
	// from last is more than last's, so never 0, and the index of value
	// 0 at the lowest position serves bucket 0.
	buckets = digits * values

	// chunkLen is the number of entries of a chunk: 1.5 KiB of them, so
	// that a sparse bucket holds little memory and a full one is read
	// at the speed of memory.
	chunkLen = 64
)

type bucket struct {
	head, tail *chunk
}

type chunk struct {
	en   [chunkLen]entry
	n    int // entries held
	next *chunk
}

// bucket returns the bucket of key: 0 when it is last, otherwise values
// times the position of the highest digit where it differs from last
// (counted from 0, the lowest), plus the value of its digit there, which
// is more than last's.
func (r *radix) bucket(key time.Duration) int {
	x := uint64(key ^ r.last)
	if x == 0 {
		return 0
	}
	p := (bits.Len64(x) - 1) / digitBits
	return p*values + int(uint64(key)>>(digitBits*p)&(values-1))
}

// lowest returns the lowest bucket above 0 that holds entries, or 0.
func (r *radix) lowest() int {
	if r.words == 0 {
		return 0
	}
	w := bits.TrailingZeros64(r.words)
	return w*64 + bits.TrailingZeros64(r.filled[w])
}

func (r *radix) mark(b int) {
	r.filled[b/64] |= 1 << (b % 64)
	r.words |= 1 << (b / 64)
}

func (r *radix) unmark(b int) {
	r.filled[b/64] &^= 1 << (b % 64)
	if r.filled[b/64] == 0 {
		r.words &^= 1 << (b / 64)
	}
}

func (r *radix) push(en entry) {
	r.place(en)
	r.n++
}

// place appends en to its bucket, without counting it.
func (r *radix) place(en entry) {
	b := r.bucket(en.key)
	bk := &r.buckets[b]
	c := bk.tail
	if c == nil || c.n == chunkLen {
		c = r.newChunk()
		if bk.tail == nil {
			bk.head = c
			if b > 0 {
				r.mark(b)
			}
		} else {
			bk.tail.next = c
		}
		bk.tail = c
	}
	c.en[c.n] = en
	c.n++
	if b <= r.minB {
		r.minB = 0
	}
}

func (r *radix) newChunk() *chunk {
	r.nused++
	c := r.free
	if c == nil {
		return new(chunk)
	}
	r.free = c.next
	r.nfree--
	c.next = nil
	return c
}

// freeChunk gives c back, clearing its entries so that it keeps no event
// alive. It keeps no more free chunks than are in use, and 64, so that a
// queue that has shrunk gives its memory back.
func (r *radix) freeChunk(c *chunk) {
	r.nused--
	if r.nfree >= 64+r.nused {
		return
	}
	for i := range c.en[:c.n] {
		c.en[i].fn = nil // cheaper than clearing whole entries
	}
	c.n = 0
	c.next = r.free
	r.free = c
	r.nfree++
}

// peek returns the least entry of a pending event, or nil. It drops the
// entries of cancelled events it meets on the way, which q tells.
func (r *radix) peek(q *queue) *entry {
	for {
		if c := r.buckets[0].head; c != nil {
			en := &c.en[r.front]
			if !q.isCancelled(en) {
				return en
			}
			delete(q.cancelled, en.seq)
			r.takeFront()
			continue
		}
		if r.minB > 0 {
			if en := &r.minC.en[r.minI]; !q.isCancelled(en) {
				return en
			}
			r.compact(r.minB, q)
			continue
		}
		b := r.lowest()
		if b == 0 {
			return nil
		}
		// The least key of the bucket; its first entry is the earliest.
		least := time.Duration(math.MaxInt64)
		for c := r.buckets[b].head; c != nil; c = c.next {
			for i := range c.en[:c.n] {
				if k := c.en[i].key; k < least {
					least, r.minC, r.minI = k, c, i
				}
			}
		}
		r.minB = b
	}
}

// take removes the entry peek returned last, and returns its key.
func (r *radix) take() time.Duration {
	if r.buckets[0].head != nil {
		r.takeFront()
		return r.last
	}
	b, least := r.minB, &r.minC.en[r.minI]
	r.last = least.key
	least.fn = nil // not placed again
	r.minB = 0
	r.n--
	c := r.buckets[b].head
	r.buckets[b] = bucket{}
	r.unmark(b)
	for c != nil {
		for _, en := range c.en[:c.n] {
			if en.fn != nil {
				r.place(en)
			}
		}
		next := c.next
		r.freeChunk(c)
		c = next
	}
	return r.last
}

// takeFront removes the front entry of bucket 0.
func (r *radix) takeFront() {
	bk := &r.buckets[0]
	r.front++
	r.n--
	if c := bk.head; r.front == c.n {
		bk.head = c.next
		if bk.head == nil {
			bk.tail = nil
		}
		r.front = 0
		r.freeChunk(c)
	}
}

// compact drops the entries of cancelled events from bucket b, which q
// tells, keeping the others in order.
func (r *radix) compact(b int, q *queue) {
	bk := &r.buckets[b]
	from := 0
	if b == 0 {
		from, r.front = r.front, 0
	}
	w, wi := bk.head, 0 // where the next entry kept goes
	dropped := 0
	for c := bk.head; c != nil; c = c.next {
		for _, en := range c.en[from:c.n] {
			if q.isCancelled(&en) {
				delete(q.cancelled, en.seq)
				dropped++
				continue
			}
			if wi == chunkLen {
				w, wi = w.next, 0
			}
			w.en[wi] = en
			wi++
		}
		from = 0
	}
	r.minB = 0
	r.n -= dropped
	rest := w.next
	clear(w.en[wi:w.n])
	w.n, w.next = wi, nil
	bk.tail = w
	if wi == 0 { // w is the head
		rest, bk.head, bk.tail = w, nil, nil
		if b > 0 {
			r.unmark(b)
		}
	}
	for rest != nil {
		next := rest.next
		r.freeChunk(rest)
		rest = next
	}
}

// sweep drops the entries of cancelled events, which q tells.
func (r *radix) sweep(q *queue) {
	for b := range r.buckets {
		if r.buckets[b].head != nil {
			r.compact(b, q)
		}
	}
}

// appendTo appends every entry held to h, bucket by bucket, each in order.
func (r *radix) appendTo(h []entry) []entry {
	for b := range r.buckets {
		from := 0
		if b == 0 {
			from = r.front
		}
		for c := r.buckets[b].head; c != nil; c = c.next {
			h = append(h, c.en[from:c.n]...)
			from = 0
		}
	}
	return h
}
