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

// TestQueueKeepsHeapOrderThroughSweeps: pushes, pops and the sweeps that
// cancelling most events sets off all leave a valid heap, and the counts
// of pending and cancelled events right.
func TestQueueKeepsHeapOrderThroughSweeps(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for seed := range uint64(20) {
		r := rand.New(rand.NewPCG(seed, 5))
		q := &queue{}
		var events []*Event
		sweeps := 0
		for op := range 3000 {
			pushes := 6 // out of 10; alternate phases of growth and of cancels
			if op/500%2 == 1 {
				pushes = 1
			}
			switch k := r.IntN(10); {
			case k < pushes:
				e := &Event{at: start.Add(time.Duration(r.IntN(500)) * time.Second)}
				q.push(start, e)
				events = append(events, e)
			case k < 9:
				if len(events) > 0 {
					e := events[r.IntN(len(events))]
					if !e.done {
						e.done = true
						q.cancelled()
						if q.dead == 0 { // it swept
							sweeps++
						}
					}
				}
			default:
				if e := q.first(); e != nil {
					q.take()
					e.done = true
				}
			}
			checkHeap(t, q, fmt.Sprintf("seed %d op %d", seed, op))
			live, dead := 0, 0
			for _, en := range q.heap {
				if en.ev.done {
					dead++
				} else {
					live++
				}
			}
			if live != q.live || dead != q.dead {
				t.Fatalf("seed %d op %d: heap holds %d pending and %d cancelled, queue counts %d and %d",
					seed, op, live, dead, q.live, q.dead)
			}
		}
		if sweeps == 0 {
			t.Fatalf("seed %d: no sweep happened; the test does not test them", seed)
		}
	}
}
