package sim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// This file checks the Clock's event queue from the inside; the tests of
// the exported API, which also cover its order, are in clock_test.go.

// checkRadix fails unless every entry of the radix heap is in the bucket
// its key and last give, every bucket is in scheduling order with all its
// chunks full but the last, the bucket bits and counts match the buckets,
// and the least entry peek found, if still pending, is the least of all.
func checkRadix(t *testing.T, q *queue, when string) {
	t.Helper()
	r := &q.r
	n, chunks := 0, 0
	for b, bk := range r.buckets {
		if bit := r.filled[b/64]&(1<<(b%64)) != 0; b > 0 && (bk.head != nil) != bit {
			t.Fatalf("%s: bucket %d holds entries %v but its bit is %v", when, b, bk.head != nil, bit)
		}
		var prev uint64
		from := 0
		if b == 0 {
			from = r.front
		}
		for c := bk.head; c != nil; c = c.next {
			chunks++
			if c.next != nil && c.n != chunkLen || c.next == nil && c != bk.tail || c.n == 0 {
				t.Fatalf("%s: bucket %d has a chunk of %d entries before %p (tail %p)", when, b, c.n, c.next, bk.tail)
			}
			for _, en := range c.en[from:c.n] {
				if got := r.bucket(en.key); en.key < r.last || got != b {
					t.Fatalf("%s: entry of key %v in bucket %d belongs in %d (last %v)", when, en.key, b, got, r.last)
				}
				if en.seq <= prev {
					t.Fatalf("%s: bucket %d is out of scheduling order", when, b)
				}
				prev = en.seq
				n++
			}
			from = 0
		}
	}
	for w, word := range r.filled {
		if bit := r.words&(1<<w) != 0; (word != 0) != bit {
			t.Fatalf("%s: word %d of the bucket bits is %#x but its bit is %v", when, w, word, bit)
		}
	}
	if n != r.n || chunks != r.nused {
		t.Fatalf("%s: buckets hold %d entries in %d chunks, radix heap counts %d in %d", when, n, chunks, r.n, r.nused)
	}
	if r.minB == 0 {
		return
	}
	least := &r.minC.en[r.minI]
	if q.isCancelled(least) {
		return
	}
	for _, en := range r.appendTo(nil) {
		if !q.isCancelled(&en) && (en.key < least.key || en.key == least.key && en.seq < least.seq) {
			t.Fatalf("%s: entry of key %v, seq %d is less than the least peek found (key %v, seq %d)",
				when, en.key, en.seq, least.key, least.seq)
		}
	}
}

// TestQueueTakesInOrderThroughChunksAndSweeps: a queue fed random pushes,
// with phases of many ties that fill buckets of many chunks and phases of
// cancels that set off sweeps, gives its events in order of due time and
// then of scheduling, exactly as a sorted list does, while its radix heap
// stays valid and its counts right.
func TestQueueTakesInOrderThroughChunksAndSweeps(t *testing.T) {
	sweeps, deep := 0, 0
	for seed := range uint64(8) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			s, d := checkQueueOps(t, seed)
			sweeps += s
			deep = max(deep, d)
		})
	}
	t.Logf("%d sweeps, buckets of up to %d chunks", sweeps, deep)
	if sweeps == 0 || deep < 3 {
		t.Fatalf("%d sweeps and buckets of at most %d chunks: the test does not test them", sweeps, deep)
	}
}

// checkQueueOps runs random operations on a queue against a list of the
// pending events, and returns the number of sweeps and the most chunks a
// bucket held.
func checkQueueOps(t *testing.T, seed uint64) (sweeps, deep int) {
	type pending struct {
		at  time.Time
		seq uint64
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r := rand.New(rand.NewPCG(seed, 5))
	q := &queue{}
	now := start
	var want []pending // in scheduling order
	for op := range 6000 {
		when := fmt.Sprintf("seed %d op %d", seed, op)
		phase := op / 1000 % 3 // growth with ties, growth spread out, cancels
		switch k := r.IntN(10); {
		case k < 6 && phase < 2 || k < 2:
			var at time.Time
			switch {
			case phase == 0 && r.IntN(4) > 0:
				at = now.Add(time.Duration(r.IntN(3))) // ties
			case r.IntN(50) == 0:
				at = now.AddDate(300, 0, r.IntN(3)) // too far ahead for a key
			default:
				at = now.Add(time.Duration(r.Int64N(int64(48 * time.Hour))))
			}
			seq := q.push(now, at, at.Sub(now), func() {})
			want = append(want, pending{at, seq})
		case k < 9:
			if len(want) > 0 {
				i := r.IntN(len(want))
				q.cancel(want[i].seq)
				want = slices.Delete(want, i, i+1)
				if len(q.cancelled) == 0 {
					sweeps++
				}
			}
		default:
			en := q.first()
			least := -1
			for i, p := range want {
				if least < 0 || p.at.Before(want[least].at) {
					least = i
				}
			}
			if en == nil || least < 0 {
				if en != nil || least >= 0 {
					t.Fatalf("%s: first is %v with %d pending", when, en, len(want))
				}
				break
			}
			if at := q.due(en); en.seq != want[least].seq || !at.Equal(want[least].at) {
				t.Fatalf("%s: first is seq %d due %v, want seq %d due %v",
					when, en.seq, at, want[least].seq, want[least].at)
			}
			now = want[least].at
			q.take()
			want = slices.Delete(want, least, least+1)
		}
		checkRadix(t, q, when)
		for _, bk := range q.r.buckets {
			chunks := 0
			for c := bk.head; c != nil; c = c.next {
				chunks++
			}
			deep = max(deep, chunks)
		}
		held := len(q.r.appendTo(nil)) + len(q.far)
		if q.live != len(want) || held != len(want)+len(q.cancelled) {
			t.Fatalf("%s: queue holds %d with %d cancelled and counts %d pending, want %d pending",
				when, held, len(q.cancelled), q.live, len(want))
		}
	}
	return sweeps, deep
}
