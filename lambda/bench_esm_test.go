package lambda_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// BenchmarkMappingDrain drains a backlog of N messages through an SQS event
// source mapping: batches of 10, a handler that does nothing and takes
// 10 ms of virtual time, the clock advanced in one-second steps until the
// queue is empty. Sending the backlog is not timed. It reports the wall
// time per drain, simulated seconds per wall second and messages per wall
// second. Target (issue 3): 1,000,000 messages in at most 5 s of wall time.
// Run it once with -benchtime 1x.
func BenchmarkMappingDrain(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) { esmDrain(b, n) })
	}
}

// esmDrain is one size of BenchmarkMappingDrain.
func esmDrain(b *testing.B, n int) {
	ctx := context.Background()
	b.ReportAllocs()
	var wall, simulated time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		clk := sim.NewClock(esmStart)
		queues := sqs.New(sqs.WithClock(clk))
		env := &esmEnv{clk: clk, queues: queues, fns: lambda.New(lambda.WithClock(clk), lambda.WithSQS(queues))}
		url, arn := esmQueue(b, env, "drain", nil)
		_, err := env.fns.CreateFunction(ctx, &lambda.CreateFunctionInput{
			FunctionName: "drain", Role: "arn:aws:iam::000000000000:role/drain",
			Code: lambda.Code{Handler: invEmpty, Duration: lambda.FixedDuration(10 * time.Millisecond)},
		})
		if err != nil {
			b.Fatal(err)
		}
		esmBacklog(b, env, url, n)
		b.StartTimer()

		began := time.Now()
		m, err := env.fns.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "drain", BatchSize: 10})
		if err != nil {
			b.Fatal(err)
		}
		for {
			clk.Advance(time.Second)
			st, _ := queues.Inspect().Stats(url)
			if st.Visible+st.InFlight+st.Delayed == 0 {
				break
			}
			if clk.Now().Sub(esmStart) > 24*time.Hour {
				b.Fatalf("not drained after a simulated day: %+v", st)
			}
		}
		wall += time.Since(began)
		simulated += clk.Now().Sub(esmStart)

		b.StopTimer()
		if st, _ := env.fns.Inspect().MappingStats(m.UUID); st.Deleted != n {
			b.Fatalf("deleted %d of %d messages", st.Deleted, n)
		}
		b.StartTimer()
	}
	b.ReportMetric(wall.Seconds()/float64(b.N), "wall-s/drain")
	b.ReportMetric(simulated.Seconds()/wall.Seconds(), "sim-s/wall-s")
	b.ReportMetric(float64(n)*float64(b.N)/wall.Seconds(), "msgs/s")
}

// BenchmarkGetEventSourceMapping reads one mapping by UUID among 1 and
// 1,000 (disabled) mappings of one queue to as many functions. Target
// (issue 15): the same cost whatever the number of mappings.
func BenchmarkGetEventSourceMapping(b *testing.B) {
	for _, n := range []int{1, 1000} {
		b.Run("mappings="+strconv.Itoa(n), func(b *testing.B) {
			ctx := context.Background()
			env := esmSetup(b)
			_, arn := esmQueue(b, env, "work", nil)
			var last *lambda.EventSourceMappingConfiguration
			for i := range n {
				name := "fn-" + strconv.Itoa(i)
				esmFunction(b, env, name, 0, time.Millisecond, nil)
				last = esmMap(b, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: name, Enabled: esmBool(false)})
			}
			in := &lambda.GetEventSourceMappingInput{UUID: last.UUID}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := env.fns.GetEventSourceMapping(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
