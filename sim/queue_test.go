package sim

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// This file checks the Clock's event queue from the inside; the tests of
// the exported API, which also cover its order, are in clock_test.go.

// checkHeap fails unless every entry of the heap is no less than its
// parent.
func checkHeap(t *testing.T, q *queue, when string) {
	t.Helper()
	for i := 1; i < len(q.heap); i++ {
		if parent := (i - 1) / 4; q.heap[i].less(&q.heap[parent]) {
			t.Fatalf("%s: entry %d (key %v, seq %d) is less than its parent %d (key %v, seq %d)",
				when, i, q.heap[i].key, q.heap[i].seq, parent, q.heap[parent].key, q.heap[parent].seq)
		}
	}
}

// checkRadix fails unless every entry of the radix heap is in the bucket
// its key and last give, every bucket is in scheduling order, the bucket
// bits and count match the buckets, and the least entry peek found, if
// still pending, is the least of all.
func checkRadix(t *testing.T, r *radix, when string) {
	t.Helper()
	n := 0
	for b, bucket := range r.buckets {
		if b == 0 {
			bucket = bucket[r.head:]
		}
		n += len(bucket)
		if bit := r.filled[b/64]&(1<<(b%64)) != 0; b > 0 && (len(bucket) > 0) != bit {
			t.Fatalf("%s: bucket %d holds %d entries but its bit is %v", when, b, len(bucket), bit)
		}
		for i, en := range bucket {
			if got := r.bucket(en.key); en.key < r.last || got != b {
				t.Fatalf("%s: entry of key %v in bucket %d belongs in %d (last %v)", when, en.key, b, got, r.last)
			}
			if i > 0 && en.seq <= bucket[i-1].seq {
				t.Fatalf("%s: bucket %d is out of scheduling order at %d", when, b, i)
			}
		}
	}
	if n != r.n {
		t.Fatalf("%s: buckets hold %d entries, radix heap counts %d", when, n, r.n)
	}
	if r.minB == 0 {
		return
	}
	least := &r.buckets[r.minB][r.minI]
	if least.ev.done {
		return
	}
	for _, en := range r.appendTo(nil) {
		if !en.ev.done && en.less(least) {
			t.Fatalf("%s: entry of key %v, seq %d is less than the least peek found (key %v, seq %d)",
				when, en.key, en.seq, least.key, least.seq)
		}
	}
}

// TestQueueKeepsOrderThroughSweeps: pushes, pops and the sweeps that
// cancelling most events sets off all leave a valid heap, or radix heap
// with the heap's size set low, and the counts of pending and cancelled
// events right; and the earliest event taken is never later than the next.
func TestQueueKeepsOrderThroughSweeps(t *testing.T) {
	for _, small := range []int{0, 32} {
		sweeps := 0
		for seed := range uint64(20) {
			t.Run(fmt.Sprintf("small=%d/seed%d", small, seed), func(t *testing.T) {
				sweeps += checkQueueOps(t, seed, small)
			})
		}
		if sweeps == 0 {
			t.Fatalf("small=%d: no sweep happened; the test does not test them", small)
		}
	}
}

// checkQueueOps runs random operations on a queue and returns the number
// of sweeps.
func checkQueueOps(t *testing.T, seed uint64, small int) int {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r := rand.New(rand.NewPCG(seed, 5))
	q := &queue{small: small}
	now := start
	var events []*Event
	sweeps, radixOps := 0, 0 // with small set, sweeps of a radix heap
	for op := range 3000 {
		pushes := 6 // out of 10; alternate phases of growth and of cancels
		if op/500%2 == 1 {
			pushes = 1
		}
		switch k := r.IntN(10); {
		case k < pushes:
			e := &Event{at: now.Add(time.Duration(r.IntN(500)) * time.Second)}
			q.push(now, e)
			events = append(events, e)
		case k < 9:
			if len(events) > 0 {
				e := events[r.IntN(len(events))]
				if !e.done {
					e.done = true
					radix := q.r != nil
					q.cancelled()
					if q.dead == 0 && (radix || small == 0) { // it swept
						sweeps++
					}
				}
			}
		default:
			if e := q.first(); e != nil {
				if e.at.Before(now) {
					t.Fatalf("seed %d op %d: took an event due at %v after one due at %v", seed, op, e.at, now)
				}
				q.take()
				e.done = true
				now = e.at
			}
		}
		when := fmt.Sprintf("seed %d op %d", seed, op)
		held := q.heap
		if q.r != nil {
			checkRadix(t, q.r, when)
			held = q.r.appendTo(nil)
			radixOps++
		} else {
			checkHeap(t, q, when)
		}
		live, dead := 0, 0
		for _, en := range held {
			if en.ev.done {
				dead++
			} else {
				live++
			}
		}
		if live != q.live || dead != q.dead {
			t.Fatalf("%s: queue holds %d pending and %d cancelled, counts %d and %d",
				when, live, dead, q.live, q.dead)
		}
	}
	if small > 0 && (radixOps == 0 || radixOps == 3000) {
		t.Fatalf("seed %d: the queue spent %d of 3000 operations in a radix heap; the test does not test moves", seed, radixOps)
	}
	return sweeps
}
