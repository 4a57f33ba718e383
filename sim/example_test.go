package sim_test

import (
	"context"
	"fmt"
	"time"

	"github.com/awssim/awssim/sim"
)

// Callbacks run in order of due time and, at the same instant, in the order
// they were scheduled, with the clock reading their due time.
func ExampleClock_Schedule() {
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	say := func(what string) func() {
		return func() { fmt.Println(clk.Now().Format("15:04:05"), what) }
	}
	clk.Schedule(2*time.Second, say("third"))
	clk.Schedule(time.Second, say("first"))
	clk.Schedule(2*time.Second, say("fourth: same instant, scheduled later"))
	clk.Schedule(time.Second, say("second: same instant, scheduled later"))

	clk.Advance(time.Minute)
	// Output:
	// 00:00:01 first
	// 00:00:01 second: same instant, scheduled later
	// 00:00:02 third
	// 00:00:02 fourth: same instant, scheduled later
}

// Advance runs what falls due, including what callbacks schedule within
// the advance, and leaves the rest pending; a simulated day of one
// callback a second takes milliseconds.
func ExampleClock_Advance() {
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	ticks := 0
	var tick func()
	tick = func() {
		ticks++
		clk.Schedule(time.Second, tick)
	}
	clk.Schedule(time.Second, tick)

	clk.Advance(24 * time.Hour)
	next, _ := clk.Next()
	fmt.Println("now:", clk.Now().Format(time.DateTime))
	fmt.Println("ticks:", ticks)
	fmt.Println("pending:", clk.Pending(), "next at", next.Format(time.TimeOnly))
	// Output:
	// now: 2026-01-02 00:00:00
	// ticks: 86400
	// pending: 1 next at 00:00:01
}

// A test that runs a blocking call in a goroutine waits with BlockUntil
// until the call is waiting on the clock, and only then advances it.
func ExampleClock_BlockUntil() {
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	woke := make(chan time.Time)
	go func() {
		clk.Sleep(30 * time.Second)
		woke <- clk.Now()
	}()

	if err := clk.BlockUntil(context.Background(), 1); err != nil {
		panic(err)
	}
	clk.Advance(30 * time.Second)
	fmt.Println("woke at", (<-woke).Format(time.TimeOnly))
	// Output:
	// woke at 00:00:30
}

// One root seed gives every part of a simulation its own stream, by name,
// so adding a part does not change what the others draw.
func ExampleDerive() {
	const root = 42
	queues := sim.NewRand(sim.Derive(root, "sqs"))
	topics := sim.NewRand(sim.Derive(root, "sns"))

	fmt.Println("sqs:", queues.IntN(1000), queues.IntN(1000), queues.UUID())
	fmt.Println("sns:", topics.IntN(1000), topics.IntN(1000), topics.UUID())

	again := sim.NewRand(sim.Derive(root, "sqs"))
	fmt.Println("sqs again:", again.IntN(1000), again.IntN(1000), again.UUID())
	// Output:
	// sqs: 128 861 d4d3e525-1b36-430b-803f-d7c53a91b948
	// sns: 882 212 ef6757b4-776c-4ac7-a2dc-780688b02f21
	// sqs again: 128 861 d4d3e525-1b36-430b-803f-d7c53a91b948
}
