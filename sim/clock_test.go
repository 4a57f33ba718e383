package sim_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sim"
)

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// TestNewClockReadsStartUntilAdvanced: a Clock never moves on its own.
func TestNewClockReadsStartUntilAdvanced(t *testing.T) {
	clk := sim.NewClock(epoch)
	assert.Equal(t, epoch, clk.Now())
	clk.Advance(90 * time.Second)
	assert.Equal(t, epoch.Add(90*time.Second), clk.Now())
}

// TestSameInstantEventsRunInSchedulingOrder: events due at the same instant
// run in the order they were scheduled, whichever call scheduled them.
func TestSameInstantEventsRunInSchedulingOrder(t *testing.T) {
	clk := sim.NewClock(epoch)
	var got []int
	for i := range 100 {
		if i%2 == 0 {
			clk.Schedule(time.Second, func() { got = append(got, i) })
		} else {
			clk.ScheduleAt(epoch.Add(time.Second), func() { got = append(got, i) })
		}
	}
	clk.Advance(time.Second)
	want := make([]int, 100)
	for i := range want {
		want[i] = i
	}
	assert.Equal(t, want, got)
}

// TestEventsRunInDueTimeOrderWithNowAtDueTime: events scheduled out of
// order run in order of due time, and Now reads each one's due time while
// it runs.
func TestEventsRunInDueTimeOrderWithNowAtDueTime(t *testing.T) {
	clk := sim.NewClock(epoch)
	type run struct {
		name string
		at   time.Time
	}
	var got []run
	add := func(name string, d time.Duration) {
		clk.Schedule(d, func() { got = append(got, run{name, clk.Now()}) })
	}
	add("c", 3*time.Second)
	add("a", 1*time.Second)
	add("d", 4*time.Second)
	add("b", 2*time.Second)
	clk.Advance(10 * time.Second)
	assert.Equal(t, []run{
		{"a", epoch.Add(1 * time.Second)},
		{"b", epoch.Add(2 * time.Second)},
		{"c", epoch.Add(3 * time.Second)},
		{"d", epoch.Add(4 * time.Second)},
	}, got)
	assert.Equal(t, epoch.Add(10*time.Second), clk.Now(), "Advance ends at the new time, not at the last event")
}

// TestAdvanceRunsEventsDueAtTheNewTimeButNotLater: the bound of an advance
// is inclusive.
func TestAdvanceRunsEventsDueAtTheNewTimeButNotLater(t *testing.T) {
	clk := sim.NewClock(epoch)
	var ran []string
	clk.Schedule(5*time.Second, func() { ran = append(ran, "at 5s") })
	clk.Schedule(5*time.Second+time.Nanosecond, func() { ran = append(ran, "at 5s+1ns") })
	clk.Advance(5 * time.Second)
	assert.Equal(t, []string{"at 5s"}, ran)
	assert.Equal(t, 1, clk.Pending())
	clk.Advance(time.Nanosecond)
	assert.Equal(t, []string{"at 5s", "at 5s+1ns"}, ran)
	assert.Zero(t, clk.Pending())
}

// TestEventScheduledFromCallbackWithinWindowRunsInSameAdvance: a callback
// that schedules work due before the end of the advance sees it run in the
// same advance, after the events already due before it.
func TestEventScheduledFromCallbackWithinWindowRunsInSameAdvance(t *testing.T) {
	clk := sim.NewClock(epoch)
	var got []string
	clk.Schedule(time.Second, func() {
		got = append(got, "first@"+clk.Since(epoch).String())
		clk.Schedule(2*time.Second, func() { got = append(got, "child@"+clk.Since(epoch).String()) })
		clk.Schedule(0, func() { got = append(got, "now@"+clk.Since(epoch).String()) })
	})
	clk.Schedule(2*time.Second, func() { got = append(got, "second@"+clk.Since(epoch).String()) })
	clk.Advance(3 * time.Second)
	assert.Equal(t, []string{"first@1s", "now@1s", "second@2s", "child@3s"}, got)
	assert.Zero(t, clk.Pending())
}

// TestEventScheduledFromCallbackBeyondWindowWaits: work a callback
// schedules after the end of the advance stays pending.
func TestEventScheduledFromCallbackBeyondWindowWaits(t *testing.T) {
	clk := sim.NewClock(epoch)
	ran := false
	clk.Schedule(time.Second, func() {
		clk.Schedule(5*time.Second, func() { ran = true })
	})
	clk.Advance(5 * time.Second)
	assert.False(t, ran)
	assert.Equal(t, 1, clk.Pending())
	next, ok := clk.Next()
	require.True(t, ok)
	assert.Equal(t, epoch.Add(6*time.Second), next)
	clk.Advance(time.Second)
	assert.True(t, ran)
}

// TestCancelBeforeRunReportsTrueAndEventNeverRuns.
func TestCancelBeforeRunReportsTrueAndEventNeverRuns(t *testing.T) {
	clk := sim.NewClock(epoch)
	ran := false
	ev := clk.Schedule(time.Second, func() { ran = true })
	assert.True(t, ev.Cancel())
	assert.False(t, ev.Cancel(), "a second Cancel reports false")
	assert.Zero(t, clk.Pending())
	clk.Advance(time.Hour)
	assert.False(t, ran)
}

// TestCancelAfterRunReportsFalse.
func TestCancelAfterRunReportsFalse(t *testing.T) {
	clk := sim.NewClock(epoch)
	runs := 0
	ev := clk.Schedule(time.Second, func() { runs++ })
	clk.Advance(time.Second)
	require.Equal(t, 1, runs)
	assert.False(t, ev.Cancel())
	clk.Advance(time.Hour)
	assert.Equal(t, 1, runs)
}

// TestCancelOneOfManyKeepsTheOthersInOrder: removing an event from the
// middle of the schedule does not disturb the order of the rest.
func TestCancelOneOfManyKeepsTheOthersInOrder(t *testing.T) {
	clk := sim.NewClock(epoch)
	var got []int
	evs := make([]*sim.Event, 50)
	for i := range evs {
		// Reverse due times, with pairs sharing an instant.
		evs[i] = clk.Schedule(time.Duration(50-i/2)*time.Second, func() { got = append(got, i) })
	}
	for i := range evs {
		if i%3 == 0 {
			require.True(t, evs[i].Cancel())
		}
	}
	// Pair p (events 2p and 2p+1) is due at 50-p seconds: the last pair
	// scheduled runs first, and within a pair the first scheduled runs first.
	var want []int
	for p := 24; p >= 0; p-- {
		for _, i := range []int{2 * p, 2*p + 1} {
			if i%3 != 0 {
				want = append(want, i)
			}
		}
	}
	clk.Advance(time.Minute)
	assert.Equal(t, want, got)
}

// TestCancelFromCallbackAtSameInstant: a callback may cancel an event due
// at the same instant that has not run yet, and it does not run.
func TestCancelFromCallbackAtSameInstant(t *testing.T) {
	clk := sim.NewClock(epoch)
	var got []string
	var second *sim.Event
	var cancelled bool
	clk.Schedule(time.Second, func() {
		got = append(got, "first")
		cancelled = second.Cancel()
	})
	second = clk.Schedule(time.Second, func() { got = append(got, "second") })
	clk.Schedule(time.Second, func() { got = append(got, "third") })
	clk.Advance(time.Second)
	assert.True(t, cancelled)
	assert.Equal(t, []string{"first", "third"}, got)
}

// TestCancelOwnEventFromInsideItsCallbackReportsFalse: while an event runs
// it is no longer pending.
func TestCancelOwnEventFromInsideItsCallbackReportsFalse(t *testing.T) {
	clk := sim.NewClock(epoch)
	var self *sim.Event
	cancelled := true
	self = clk.Schedule(time.Second, func() { cancelled = self.Cancel() })
	clk.Advance(time.Second)
	assert.False(t, cancelled)
}

// TestEventAtReportsDueTime.
func TestEventAtReportsDueTime(t *testing.T) {
	clk := sim.NewClock(epoch)
	ev := clk.Schedule(42*time.Second, func() {})
	assert.Equal(t, epoch.Add(42*time.Second), ev.At())
}

// TestStepMovesToNextEventAndRunsIt.
func TestStepMovesToNextEventAndRunsIt(t *testing.T) {
	clk := sim.NewClock(epoch)
	var got []time.Time
	clk.Schedule(time.Hour, func() { got = append(got, clk.Now()) })
	clk.Schedule(time.Minute, func() { got = append(got, clk.Now()) })

	require.True(t, clk.Step())
	assert.Equal(t, []time.Time{epoch.Add(time.Minute)}, got)
	assert.Equal(t, epoch.Add(time.Minute), clk.Now())

	require.True(t, clk.Step())
	assert.Equal(t, []time.Time{epoch.Add(time.Minute), epoch.Add(time.Hour)}, got)
	assert.Equal(t, epoch.Add(time.Hour), clk.Now())
}

// TestStepWithNothingScheduledReportsFalseAndLeavesTime.
func TestStepWithNothingScheduledReportsFalseAndLeavesTime(t *testing.T) {
	clk := sim.NewClock(epoch)
	clk.Advance(time.Minute)
	assert.False(t, clk.Step())
	assert.Equal(t, epoch.Add(time.Minute), clk.Now())
}

// TestStepRunsOneEventOfSeveralAtSameInstant.
func TestStepRunsOneEventOfSeveralAtSameInstant(t *testing.T) {
	clk := sim.NewClock(epoch)
	runs := 0
	clk.Schedule(time.Second, func() { runs++ })
	clk.Schedule(time.Second, func() { runs++ })
	require.True(t, clk.Step())
	assert.Equal(t, 1, runs)
	assert.Equal(t, 1, clk.Pending())
}

// TestRunUntilIdleReturnsCountOfEventsRun: it runs every pending event,
// including those scheduled by callbacks, and leaves the clock at the last.
func TestRunUntilIdleReturnsCountOfEventsRun(t *testing.T) {
	clk := sim.NewClock(epoch)
	clk.Schedule(time.Second, func() {})
	clk.Schedule(2*time.Second, func() {
		clk.Schedule(time.Hour, func() {})
	})
	n, err := clk.RunUntilIdle(100)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	assert.Equal(t, epoch.Add(2*time.Second+time.Hour), clk.Now())
	assert.Zero(t, clk.Pending())
}

// TestRunUntilIdleWithNothingPendingRunsNothing.
func TestRunUntilIdleWithNothingPendingRunsNothing(t *testing.T) {
	clk := sim.NewClock(epoch)
	n, err := clk.RunUntilIdle(10)
	require.NoError(t, err)
	assert.Zero(t, n)
	assert.Equal(t, epoch, clk.Now())
}

// TestRunUntilIdleReportsErrNotIdleForSelfReschedulingCallback: a periodic
// callback never lets the clock go idle; the bound stops it.
func TestRunUntilIdleReportsErrNotIdleForSelfReschedulingCallback(t *testing.T) {
	clk := sim.NewClock(epoch)
	var tick func()
	tick = func() { clk.Schedule(time.Second, tick) }
	clk.Schedule(time.Second, tick)
	n, err := clk.RunUntilIdle(1000)
	assert.ErrorIs(t, err, sim.ErrNotIdle)
	assert.Equal(t, 1000, n)
	assert.Equal(t, epoch.Add(1000*time.Second), clk.Now())
	assert.Equal(t, 1, clk.Pending())
}

// TestRunUntilIdleBoundExactlyReachedWithNothingLeftIsIdle.
func TestRunUntilIdleBoundExactlyReachedWithNothingLeftIsIdle(t *testing.T) {
	clk := sim.NewClock(epoch)
	for i := range 5 {
		clk.Schedule(time.Duration(i)*time.Second, func() {})
	}
	n, err := clk.RunUntilIdle(5)
	require.NoError(t, err)
	assert.Equal(t, 5, n)
}

// TestAdvanceToAYearLaterRunsSpreadEventsInOrder: a large advance runs
// every event in order and never sleeps.
func TestAdvanceToAYearLaterRunsSpreadEventsInOrder(t *testing.T) {
	clk := sim.NewClock(epoch)
	year := epoch.AddDate(1, 0, 0)
	const n = 10_000
	span := year.Sub(epoch)
	var last time.Time
	runs := 0
	outOfOrder := 0
	for i := range n {
		// A scattered but deterministic permutation of instants.
		at := epoch.Add(time.Duration((i * 7919) % n * int(span/n)))
		clk.ScheduleAt(at, func() {
			now := clk.Now()
			if now.Before(last) || !now.Equal(at) {
				outOfOrder++
			}
			last = now
			runs++
		})
	}
	clk.ScheduleAt(year.Add(time.Nanosecond), func() { t.Error("an event after the bound ran") })
	clk.AdvanceTo(year)
	assert.Equal(t, n, runs)
	assert.Zero(t, outOfOrder)
	assert.Equal(t, year, clk.Now())
	assert.Equal(t, 1, clk.Pending())
}

// TestScheduleWithNonPositiveDurationRunsAtNextAdvanceZero: d <= 0 makes
// the event due now, and Advance(0) runs it without moving the clock.
func TestScheduleWithNonPositiveDurationRunsAtNextAdvanceZero(t *testing.T) {
	clk := sim.NewClock(epoch)
	var got []time.Time
	clk.Schedule(0, func() { got = append(got, clk.Now()) })
	clk.Schedule(-time.Hour, func() { got = append(got, clk.Now()) })
	assert.Empty(t, got, "scheduling never runs a callback synchronously")
	clk.Advance(0)
	assert.Equal(t, []time.Time{epoch, epoch}, got)
	assert.Equal(t, epoch, clk.Now())
}

// TestScheduleAtInThePastIsDueNow: an instant already passed is clamped to
// the current time, so time never appears to go backwards in a callback.
func TestScheduleAtInThePastIsDueNow(t *testing.T) {
	clk := sim.NewClock(epoch)
	clk.Advance(time.Hour)
	var at time.Time
	ev := clk.ScheduleAt(epoch, func() { at = clk.Now() })
	assert.Equal(t, epoch.Add(time.Hour), ev.At())
	clk.Advance(0)
	assert.Equal(t, epoch.Add(time.Hour), at)
}

// TestAdvanceToBackwardsPanics: virtual time never goes back.
func TestAdvanceToBackwardsPanics(t *testing.T) {
	clk := sim.NewClock(epoch)
	clk.Advance(time.Minute)
	assert.Panics(t, func() { clk.AdvanceTo(epoch) })
	assert.Equal(t, epoch.Add(time.Minute), clk.Now())
	// The clock is still usable after the panic.
	clk.AdvanceTo(epoch.Add(2 * time.Minute))
	assert.Equal(t, epoch.Add(2*time.Minute), clk.Now())
}

// TestAdvanceNegativePanics.
func TestAdvanceNegativePanics(t *testing.T) {
	clk := sim.NewClock(epoch)
	assert.Panics(t, func() { clk.Advance(-time.Second) })
	assert.Equal(t, epoch, clk.Now())
}

// TestScheduleNilFuncPanics.
func TestScheduleNilFuncPanics(t *testing.T) {
	clk := sim.NewClock(epoch)
	assert.Panics(t, func() { clk.Schedule(time.Second, nil) })
	assert.Zero(t, clk.Pending())
}

// TestNextReportsEarliestPendingEvent.
func TestNextReportsEarliestPendingEvent(t *testing.T) {
	clk := sim.NewClock(epoch)
	_, ok := clk.Next()
	assert.False(t, ok)
	clk.Schedule(time.Hour, func() {})
	early := clk.Schedule(time.Minute, func() {})
	next, ok := clk.Next()
	require.True(t, ok)
	assert.Equal(t, epoch.Add(time.Minute), next)
	early.Cancel()
	next, ok = clk.Next()
	require.True(t, ok)
	assert.Equal(t, epoch.Add(time.Hour), next)
}

// TestScheduleFromAnotherGoroutineWhileAdvancing: a Clock is safe for
// concurrent use; events scheduled concurrently with an advance are either
// run by it or left pending, never lost. Run with -race.
func TestScheduleFromAnotherGoroutineWhileAdvancing(t *testing.T) {
	clk := sim.NewClock(epoch)
	const n = 1000
	done := make(chan struct{})
	var runs [n]bool
	go func() {
		defer close(done)
		for i := range n {
			clk.Schedule(time.Duration(i%10)*time.Second, func() { runs[i] = true })
		}
	}()
	for range 20 {
		clk.Advance(time.Second)
	}
	<-done
	clk.Advance(time.Minute)
	for i, ran := range runs {
		assert.True(t, ran, "event %d", i)
	}
	assert.Zero(t, clk.Pending())
}

// TestScheduleMatchesReferenceModel drives a Clock and a plain reference
// model (a list searched for the least due time, then scheduling order)
// through the same random sequence of schedules, cancels, advances, steps
// and runs, with callbacks that schedule and cancel in turn, and checks
// that both run the same events at the same instants and agree on every
// result. The instants cover ties, zero and past due times, nanosecond
// gaps, days, and instants centuries after the start.
func TestScheduleMatchesReferenceModel(t *testing.T) {
	for seed := range uint64(30) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			checkAgainstModel(t, seed, 400)
		})
	}
}

// plan is what the callback of event id does when it runs, derived from
// id alone so that the clock and the model see the same plans.
func plan(id int, now time.Time) (spawn bool, at time.Time, cancel int) {
	r := rand.New(rand.NewPCG(uint64(id), 1))
	spawn = r.IntN(3) == 0
	at = randInstant(r, now)
	cancel = -1
	if r.IntN(4) == 0 {
		cancel = r.IntN(id + 1)
	}
	return spawn, at, cancel
}

// randInstant picks a due time relative to now.
func randInstant(r *rand.Rand, now time.Time) time.Time {
	switch r.IntN(9) {
	case 0:
		return now
	case 1:
		return now.Add(-time.Second)
	case 2:
		return now.Add(time.Duration(r.IntN(3))) // nanosecond ties and gaps
	case 3, 4:
		return now.Add(time.Duration(r.IntN(5)) * time.Second) // ties
	case 5:
		return now.Add(time.Duration(r.Int64N(int64(48 * time.Hour))))
	case 6:
		return now.Add(time.Duration(r.Int64N(1 << 40)))
	case 7:
		return now.AddDate(300+r.IntN(2), 0, 0).Add(time.Duration(r.IntN(3)) * time.Second)
	default:
		return now.Add(time.Duration(r.IntN(1000)) * time.Millisecond)
	}
}

type modelEvent struct {
	at  time.Time
	seq int
	id  int
}

type model struct {
	now     time.Time
	pending []modelEvent
	seq     int
	ids     int
	log     []string
}

func (m *model) schedule(at time.Time) {
	if at.Before(m.now) {
		at = m.now
	}
	m.seq++
	m.pending = append(m.pending, modelEvent{at: at, seq: m.seq, id: m.ids})
	m.ids++
}

func (m *model) cancel(id int) bool {
	for i, e := range m.pending {
		if e.id == id {
			m.pending = append(m.pending[:i], m.pending[i+1:]...)
			return true
		}
	}
	return false
}

// earliest returns the index of the next event, or -1.
func (m *model) earliest() int {
	best := -1
	for i, e := range m.pending {
		if best < 0 || e.at.Before(m.pending[best].at) ||
			e.at.Equal(m.pending[best].at) && e.seq < m.pending[best].seq {
			best = i
		}
	}
	return best
}

// runNext runs the earliest event if it is due by limit (or unbounded).
func (m *model) runNext(limit time.Time, bounded bool) bool {
	i := m.earliest()
	if i < 0 || bounded && m.pending[i].at.After(limit) {
		return false
	}
	e := m.pending[i]
	m.pending = append(m.pending[:i], m.pending[i+1:]...)
	m.now = e.at
	m.log = append(m.log, fmt.Sprintf("run %d at %s", e.id, e.at.Format(time.RFC3339Nano)))
	spawn, at, cancel := plan(e.id, m.now)
	if spawn {
		m.schedule(at)
	}
	if cancel >= 0 {
		m.log = append(m.log, fmt.Sprintf("cancel %d: %v", cancel, m.cancel(cancel)))
	}
	return true
}

// checkAgainstModel runs ops random operations.
func checkAgainstModel(t *testing.T, seed uint64, ops int) {
	clk := sim.NewClock(epoch)
	m := &model{now: epoch}
	var (
		handles []*sim.Event
		log     []string
	)
	var schedule func(at time.Time)
	schedule = func(at time.Time) {
		id := len(handles)
		handles = append(handles, nil)
		handles[id] = clk.ScheduleAt(at, func() {
			now := clk.Now()
			log = append(log, fmt.Sprintf("run %d at %s", id, now.Format(time.RFC3339Nano)))
			spawn, at, cancel := plan(id, now)
			if spawn {
				schedule(at)
			}
			if cancel >= 0 {
				log = append(log, fmt.Sprintf("cancel %d: %v", cancel, handles[cancel].Cancel()))
			}
		})
	}

	r := rand.New(rand.NewPCG(seed, 2))
	for op := range ops {
		switch k := r.IntN(20); {
		case k < 8:
			at := randInstant(r, m.now)
			schedule(at)
			m.schedule(at)
		case k < 10:
			if len(handles) > 0 {
				id := r.IntN(len(handles))
				got, want := handles[id].Cancel(), m.cancel(id)
				require.Equal(t, want, got, "op %d: Cancel(%d)", op, id)
			}
		case k < 14:
			d := time.Duration(r.Int64N(int64(time.Hour)))
			if r.IntN(2) == 0 {
				d = time.Duration(r.IntN(3)) * time.Second
			}
			clk.Advance(d)
			end := m.now.Add(d)
			for m.runNext(end, true) {
			}
			m.now = end
		case k < 16:
			require.Equal(t, m.runNext(time.Time{}, false), clk.Step(), "op %d: Step", op)
		case k < 17:
			maxEvents := r.IntN(5)
			n, err := clk.RunUntilIdle(maxEvents)
			wantN := 0
			for wantN < maxEvents && m.runNext(time.Time{}, false) {
				wantN++
			}
			require.Equal(t, wantN, n, "op %d: RunUntilIdle count", op)
			require.Equal(t, wantN == maxEvents && len(m.pending) > 0, err != nil, "op %d: RunUntilIdle error %v", op, err)
		case k < 18:
			next, ok := clk.Next()
			i := m.earliest()
			require.Equal(t, i >= 0, ok, "op %d: Next ok", op)
			if ok {
				require.Equal(t, m.pending[i].at, next, "op %d: Next", op)
			}
		case k < 19:
			require.Equal(t, len(m.pending), clk.Pending(), "op %d: Pending", op)
		default:
			if r.IntN(2) == 0 { // a burst of schedules, then of cancels
				for range 50 + r.IntN(100) {
					at := randInstant(r, m.now)
					schedule(at)
					m.schedule(at)
				}
				for range len(handles) * 3 / 4 {
					id := r.IntN(len(handles))
					got, want := handles[id].Cancel(), m.cancel(id)
					require.Equal(t, want, got, "op %d: Cancel(%d) in a burst", op, id)
				}
			}
			if r.IntN(4) == 0 { // rarely, jump centuries ahead
				end := m.now.AddDate(301, 0, 0)
				clk.AdvanceTo(end)
				for m.runNext(end, true) {
				}
				m.now = end
			}
		}
		require.Equal(t, m.log, log, "op %d: runs differ", op)
		require.Equal(t, m.now, clk.Now(), "op %d: Now", op)
	}
	require.Equal(t, len(m.pending), clk.Pending())
	n, err := clk.RunUntilIdle(1 << 20)
	require.NoError(t, err)
	wantN := 0
	for m.runNext(time.Time{}, false) {
		wantN++
	}
	require.Equal(t, m.log, log)
	require.Equal(t, wantN, n)
	require.Zero(t, clk.Pending())
}

// TestCancelMostEventsKeepsOrderOfTheRest: cancelling the large majority
// of a big schedule, in random order and between advances, leaves the
// others to run in due-time then scheduling order, and Pending and Next
// count only those.
func TestCancelMostEventsKeepsOrderOfTheRest(t *testing.T) {
	for seed := range uint64(30) {
		n := 300
		if seed == 0 {
			n = 5000
		}
		t.Run(fmt.Sprintf("seed%d/n=%d", seed, n), func(t *testing.T) {
			checkCancelMost(t, seed, n)
		})
	}
}

func checkCancelMost(t *testing.T, seed uint64, n int) {
	clk := sim.NewClock(epoch)
	r := rand.New(rand.NewPCG(seed, 4))
	type ev struct {
		at time.Time
		id int
	}
	var (
		all  []ev
		evs  []*sim.Event
		got  []int
		kept = map[int]bool{}
	)
	for id := range n {
		at := epoch.Add(time.Duration(r.IntN(1000)) * time.Second) // many ties
		all = append(all, ev{at, id})
		evs = append(evs, clk.ScheduleAt(at, func() { got = append(got, id) }))
		kept[id] = true
	}
	for i, id := range r.Perm(n)[:n*9/10] {
		require.True(t, evs[id].Cancel())
		delete(kept, id)
		if i%1000 == 999 {
			require.Equal(t, len(kept), clk.Pending())
		}
	}
	var want []int
	var wantNext time.Time
	for _, e := range all { // all is in scheduling order; a stable sort keeps it
		if kept[e.id] {
			want = append(want, e.id)
			if wantNext.IsZero() || e.at.Before(wantNext) {
				wantNext = e.at
			}
		}
	}
	slices.SortStableFunc(want, func(a, b int) int { return all[a].at.Compare(all[b].at) })
	next, ok := clk.Next()
	require.True(t, ok)
	assert.Equal(t, wantNext, next)

	clk.Advance(500 * time.Second)
	for id := range kept { // cancel some more while part has run
		if all[id].at.After(clk.Now()) && id%2 == 0 {
			require.True(t, evs[id].Cancel())
			delete(kept, id)
			want = slices.DeleteFunc(want, func(x int) bool { return x == id })
		}
	}
	clk.Advance(time.Hour)
	assert.Equal(t, want, got)
	assert.Zero(t, clk.Pending())
	_, ok = clk.Next()
	assert.False(t, ok)
}
