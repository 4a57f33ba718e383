package sim_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/awssim/awssim/sim"
)

// BenchmarkScheduleAndRun measures a schedule in its steady state, holding
// a fixed number of pending callbacks: it schedules them at instants
// scattered over the next virtual day, then each iteration runs the
// earliest, whose callback schedules one more at an instant scattered over
// the day after its own, so that the schedule keeps its size. The
// schedule is filled before the timer starts, so the figures are those of
// a schedule of that size, not of its growth: a schedule of a million
// events does not fit in the CPU caches, and its callbacks cost more than
// those of a schedule of a thousand. The targets are at least 7,000,000
// callbacks per second with 1,000 pending and 3,000,000 with 1,000,000.
func BenchmarkScheduleAndRun(b *testing.B) {
	for _, pending := range []int{1_000, 10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("pending=%d", pending), func(b *testing.B) {
			clk := sim.NewClock(epoch)
			const day = uint64(24 * time.Hour)
			var i uint64
			scatter := func() time.Duration {
				i++ // multiplicative hashing scatters due times over the day
				return time.Duration(i * 11400714819323198485 % day)
			}
			var fn func()
			fn = func() { clk.Schedule(scatter(), fn) }
			for range pending {
				clk.Schedule(scatter(), fn)
			}
			b.ReportAllocs()
			b.ResetTimer()
			ran, err := clk.RunUntilIdle(b.N)
			b.StopTimer()
			if ran != b.N || !errors.Is(err, sim.ErrNotIdle) || clk.Pending() != pending {
				b.Fatalf("ran %d callbacks (%v) leaving %d pending, want %d leaving %d",
					ran, err, clk.Pending(), b.N, pending)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "callbacks/s")
		})
	}
}

// BenchmarkSimulatedDay runs one callback every virtual second for a day:
// natively on a sim.Clock, and on clock.Mock for comparison. clock.Mock
// sleeps a real millisecond per firing, so its run covers one simulated
// minute (60 firings) and its cost is scaled to a day; both report
// simulated-days/s, so their ratio shows in one run.
func BenchmarkSimulatedDay(b *testing.B) {
	const perDay = 24 * 60 * 60

	b.Run("sim.Clock", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			clk := sim.NewClock(epoch)
			runs := 0
			var tick func()
			tick = func() {
				runs++
				clk.Schedule(time.Second, tick)
			}
			clk.Schedule(time.Second, tick)
			clk.Advance(24 * time.Hour)
			if runs != perDay {
				b.Fatalf("ran %d callbacks in a day, want %d", runs, perDay)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "simulated-days/s")
	})

	b.Run("clock.Mock", func(b *testing.B) {
		b.ReportAllocs()
		const minutesPerDay = 24 * 60
		for range b.N {
			mock := clock.NewMock()
			ticker := mock.Ticker(time.Second)
			mock.Add(time.Minute) // 60 ticks, a real millisecond each
			ticker.Stop()
		}
		b.ReportMetric(float64(b.N)/(b.Elapsed().Seconds()*minutesPerDay), "simulated-days/s")
	})
}
