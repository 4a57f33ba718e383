// Package sim is the deterministic clock and the seeded randomness that
// drive every awssim service.
//
// # Usage
//
//	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
//	queues := sqs.New(sqs.WithClock(clk), sqs.WithSeed(42))
//	// … send a message, receive it, do not delete it …
//	clk.Advance(31 * time.Second) // the message is visible again
//
// # Time
//
// A [Clock] moves only when told: [Clock.Advance], [Clock.AdvanceTo],
// [Clock.Step] to the next pending event, or [Clock.RunUntilIdle], which
// runs events until none is left and reports [ErrNotIdle] when it hit its
// bound instead (a periodic callback never lets a clock go idle). It never
// sleeps in real time; a simulated day of one-second callbacks runs in
// milliseconds.
//
// Callbacks scheduled natively with [Clock.Schedule] and [Clock.ScheduleAt]
// run synchronously on the goroutine that advances the clock, in order of
// due time and, at the same instant, in the order they were scheduled, with
// the clock reading their due time (the instant, in the location of the
// clock's own time: a time given to ScheduleAt in another location does
// not change it). Scheduling and running one costs the
// same however many events are pending (amortised: the schedule is a radix
// heap, in which an event moves at most 7 times whatever else is held), and
// cancelling one is constant too, the event being dropped when it would
// have come first. A million pending events cost somewhat more each than a
// thousand only because they no longer fit in the CPU caches.
//
// A *Clock satisfies [clock.Clock], so every service accepts it. Now, Since,
// Until, After, Tick, Sleep, WithDeadline and WithTimeout are native. One
// caveat: AfterFunc, Timer and Ticker must return clock's own concrete
// *clock.Timer and *clock.Ticker, which only [clock.Mock] can make, so those
// three are served by an internal clock.Mock kept at the Clock's time. They
// keep clock.Mock's semantics: callbacks run on new goroutines, in no
// guaranteed order relative to native events, and each firing costs a real
// millisecond. awssim services never call them on a *Clock; they use a
// [Scheduler], which picks the native path for a *Clock and falls back to
// AfterFunc for any other clock.
//
// # Waiting for blocked goroutines
//
// A test that runs a blocking call (a long poll, a Sleep) in a goroutine
// calls [Clock.BlockUntil] before it advances the clock, so that the advance
// cannot happen before the call is waiting. Anything that blocks on a Clock
// reports it through [Clock.Block].
//
// # Determinism
//
// [Rand] is a seeded pseudo-random source; [Derive] gives independent
// streams by name from one root seed, and [Rand.UUID] makes deterministic
// version-4 UUIDs. With the same seed, the same calls and the same clock
// moves, a simulation produces the same IDs, orderings and outcomes on
// every run.
//
// # Concurrency
//
// A Clock is safe for concurrent use. Advancing is serialised: one
// goroutine at a time runs events. A callback must not advance the clock it
// runs on.
package sim
