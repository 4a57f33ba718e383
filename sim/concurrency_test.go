package sim_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sim"
)

// An event scheduled by another goroutine while the clock advances is never
// left pending with a due time before now, from where running it would pull
// the clock back.
func TestTimeNeverGoesBackUnderConcurrentScheduling(t *testing.T) {
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 20000 {
			select {
			case <-stop:
				return
			default:
				clk.Schedule(time.Millisecond, func() {})
				runtime.Gosched()
			}
		}
	}()
	for range 20000 {
		clk.Advance(10 * time.Millisecond)
		// Whatever was scheduled meanwhile is due no earlier than now.
		if next, ok := clk.Next(); ok {
			require.False(t, next.Before(clk.Now()), "event due %v, before now %v", next, clk.Now())
		}
	}
	close(stop)
	<-done
}

// A context derived with context.WithCancel from a virtual deadline, and a
// virtual deadline under an earlier virtual one, are done when the Advance
// that reaches the deadline returns.
func TestDerivedContextsAreDoneWhenAdvanceReturns(t *testing.T) {
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	parent, cancel := clk.WithTimeout(context.Background(), time.Second)
	defer cancel()
	child, cancelChild := context.WithCancel(parent)
	defer cancelChild()
	nested, cancelNested := clk.WithTimeout(parent, time.Hour)
	defer cancelNested()

	clk.Advance(time.Second)
	require.ErrorIs(t, child.Err(), context.DeadlineExceeded)
	require.ErrorIs(t, nested.Err(), context.DeadlineExceeded)
}
