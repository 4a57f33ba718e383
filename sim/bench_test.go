package sim_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/awssim/awssim/sim"
)

// BenchmarkScheduleAndRun schedules callbacks at instants scattered over
// the next virtual day, in no particular order, then runs them with one
// Advance, in batches of a fixed number of pending events until b.N have
// run. The batch size is fixed, rather than b.N, so that the cost of one
// callback does not depend on how many iterations the framework chose: a
// schedule of a million events does not fit in the CPU caches, and its
// callbacks cost several times more than those of a schedule of ten
// thousand. The target is at least 5,000,000 callbacks per second.
func BenchmarkScheduleAndRun(b *testing.B) {
	for _, pending := range []int{1_000, 10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("pending=%d", pending), func(b *testing.B) {
			b.ReportAllocs()
			clk := sim.NewClock(epoch)
			const day = uint64(24 * time.Hour)
			runs := 0
			fn := func() { runs++ }
			for i := 0; i < b.N; {
				for j := 0; j < pending && i < b.N; j++ {
					// Multiplicative hashing scatters due times over the day.
					clk.Schedule(time.Duration(uint64(i)*11400714819323198485%day), fn)
					i++
				}
				clk.Advance(24 * time.Hour)
			}
			if runs != b.N {
				b.Fatalf("ran %d callbacks, want %d", runs, b.N)
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
