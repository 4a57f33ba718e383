package lambda_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/awssim/awssim/lambda"
)

// invEmpty is a handler that does nothing.
func invEmpty(context.Context, []byte) ([]byte, error) { return nil, nil }

// BenchmarkInvokeWarm is a warm synchronous invocation of an empty handler
// with the default duration of 1 ms; the clock moves 1 ms per iteration,
// so that every invocation finds the previous one's environment free.
// Target (issue 3): ≤ 1 µs per invocation.
func BenchmarkInvokeWarm(b *testing.B) { invokeWarm(b, 0) }

// BenchmarkInvokeWarmIdleFunctions is BenchmarkInvokeWarm with other
// functions defined that are never invoked: an unreserved invocation's
// concurrency check must not cost in proportion to them. Target
// (issue 15): with 1,000 functions, within 1.2× of one function.
func BenchmarkInvokeWarmIdleFunctions(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run("functions="+strconv.Itoa(n), func(b *testing.B) { invokeWarm(b, n-1) })
	}
}

// invokeWarm is BenchmarkInvokeWarm with idle more functions defined.
func invokeWarm(b *testing.B, idle int) {
	ctx := context.Background()
	svc, clk := invSetup(b)
	for i := range idle {
		invCreate(b, svc, lambda.CreateFunctionInput{FunctionName: "idle-" + strconv.Itoa(i), Code: lambda.Code{Handler: invEmpty}})
	}
	invCreate(b, svc, lambda.CreateFunctionInput{FunctionName: "bench", Code: lambda.Code{Handler: invEmpty}})
	in := &lambda.InvokeInput{FunctionName: "bench"}
	if _, err := svc.Invoke(ctx, in); err != nil { // the cold start
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		clk.Advance(time.Millisecond)
		if _, err := svc.Invoke(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if st := invStats(b, svc, "bench"); st.ColdStarts != 1 {
		b.Fatalf("%d cold starts, want 1: not a warm benchmark", st.ColdStarts)
	}
	b.ReportMetric(float64(time.Millisecond)*float64(b.N)/float64(b.Elapsed()), "sim-s/s")
}

// BenchmarkInvokeEvent is an Event invocation and its run at the next
// advance of the clock.
func BenchmarkInvokeEvent(b *testing.B) {
	ctx := context.Background()
	svc, clk := invSetup(b)
	invCreate(b, svc, lambda.CreateFunctionInput{FunctionName: "bench", Code: lambda.Code{Handler: invEmpty}})
	in := &lambda.InvokeInput{FunctionName: "bench", InvocationType: lambda.InvocationTypeEvent}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := svc.Invoke(ctx, in); err != nil {
			b.Fatal(err)
		}
		clk.Advance(time.Millisecond)
	}
	b.StopTimer()
	if st := invStats(b, svc, "bench"); st.Invocations != b.N {
		b.Fatalf("%d invocations ran, want %d", st.Invocations, b.N)
	}
}
