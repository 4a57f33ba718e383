package lambda_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
)

// A function's first invocation starts a new execution environment: a cold
// start, which spends the code's InitDuration before the handler. The next
// invocation, once the first has ended in virtual time, reuses the
// environment warm. Nothing waits in real time: the sim.Clock moves when
// told.
func Example() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	fns := lambda.New(lambda.WithClock(clk), lambda.WithHistory())
	_, err := fns.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: "resize",
		Role:         "arn:aws:iam::000000000000:role/resize",
		Code: lambda.Code{
			Handler: lambda.Typed(func(ctx context.Context, in struct{ Width int }) (string, error) {
				return fmt.Sprintf("resized to %d px", in.Width), nil
			}),
			Duration:     lambda.FixedDuration(120 * time.Millisecond),
			InitDuration: 300 * time.Millisecond,
		},
	})
	if err != nil {
		panic(err)
	}

	for _, width := range []int{640, 1280} {
		out, err := fns.Invoke(ctx, &lambda.InvokeInput{FunctionName: "resize", Payload: fmt.Appendf(nil, `{"Width":%d}`, width)})
		if err != nil {
			panic(err)
		}
		inv := fns.Inspect().Invocations()
		last := inv[len(inv)-1]
		fmt.Printf("%s %s cold=%v init=%v duration=%v ends %s billed=%v\n",
			last.Start.Format("15:04:05.000"), out.Payload, last.ColdStart, last.InitDuration, last.Duration,
			last.End.Format("15:04:05.000"), last.BilledDuration)
		clk.Advance(time.Second)
	}
	// Output:
	// 09:00:00.000 "resized to 640 px" cold=true init=300ms duration=120ms ends 09:00:00.420 billed=420ms
	// 09:00:01.000 "resized to 1280 px" cold=false init=0s duration=120ms ends 09:00:01.120 billed=120ms
}

// Reserved concurrency caps how many invocations of a function run at once.
// With one reserved, an invocation that starts while another is still
// running in virtual time is throttled: TooManyRequestsException, HTTP 429,
// with the reason. Once the clock passes the first one's end, the function
// runs again.
func ExampleService_PutFunctionConcurrency() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	fns := lambda.New(lambda.WithClock(clk))
	_, _ = fns.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: "report",
		Role:         "arn:aws:iam::000000000000:role/report",
		Timeout:      time.Minute,
		Code: lambda.Code{
			Handler:  func(context.Context, []byte) ([]byte, error) { return []byte(`"done"`), nil },
			Duration: lambda.FixedDuration(30 * time.Second),
		},
	})
	_, _ = fns.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{FunctionName: "report", ReservedConcurrentExecutions: 1})

	invoke := func() {
		out, err := fns.Invoke(ctx, &lambda.InvokeInput{FunctionName: "report"})
		var throttle *lambda.Error
		switch {
		case errors.As(err, &throttle) && errors.Is(err, lambda.ErrTooManyRequestsException):
			fmt.Println(clk.Now().Format(time.TimeOnly), "throttled:", throttle.StatusCode, throttle.Reason)
		case err != nil:
			fmt.Println(clk.Now().Format(time.TimeOnly), "error:", err)
		default:
			fmt.Println(clk.Now().Format(time.TimeOnly), out.StatusCode, string(out.Payload))
		}
	}
	invoke()                      // runs until 00:00:30
	clk.Advance(10 * time.Second) // the first is still running
	invoke()
	clk.Advance(20 * time.Second) // the first has ended
	invoke()
	st, _ := fns.Inspect().Stats("report")
	fmt.Println("invocations", st.Invocations, "throttles", st.Throttles)
	// Output:
	// 00:00:00 200 "done"
	// 00:00:10 throttled: 429 ReservedFunctionConcurrentInvocationLimitExceeded
	// 00:00:30 200 "done"
	// invocations 2 throttles 1
}

// An alias with AdditionalVersionWeights sends a share of its invocations
// to a second version, a canary. Which version runs is drawn from the
// service's seeded random stream, so the same seed routes the same way
// every run; ExecutedVersion says which one ran.
func ExampleService_CreateAlias_weighted() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	fns := lambda.New(lambda.WithClock(clk), lambda.WithSeed(42))
	reply := func(s string) lambda.Handler {
		return func(context.Context, []byte) ([]byte, error) { return []byte(`"` + s + `"`), nil }
	}
	_, _ = fns.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: "checkout", Role: "arn:aws:iam::000000000000:role/checkout",
		Code: lambda.Code{Handler: reply("v1")}, Publish: true,
	})
	_, _ = fns.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: "checkout", Code: lambda.Code{Handler: reply("v2")}, Publish: true})
	_, err := fns.CreateAlias(ctx, &lambda.CreateAliasInput{
		FunctionName: "checkout", Name: "live", FunctionVersion: "1",
		AdditionalVersionWeights: map[string]float64{"2": 0.2},
	})
	if err != nil {
		panic(err)
	}

	ran := map[string]int{}
	var first []string
	for i := range 1000 {
		out, err := fns.Invoke(ctx, &lambda.InvokeInput{FunctionName: "checkout", Qualifier: "live"})
		if err != nil {
			panic(err)
		}
		ran[out.ExecutedVersion]++
		if i < 10 {
			first = append(first, out.ExecutedVersion)
		}
		clk.Advance(time.Second)
	}
	fmt.Println("first ten:", first)
	fmt.Println("version 1:", ran["1"], "version 2:", ran["2"])
	// Output:
	// first ten: [1 2 1 2 2 1 1 1 1 1]
	// version 1: 803 version 2: 197
}

// Each invocation is billed its duration rounded up to the millisecond,
// times the memory in GB, at the architecture's price per GB-second, plus
// the price of the request. A hundred thousand 100.2 ms invocations of a 512 MB
// arm64 function cost what the price list says, without waiting a moment.
func ExampleInspector_Stats() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	fns := lambda.New(lambda.WithClock(clk))
	_, _ = fns.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName:  "thumbnail",
		Role:          "arn:aws:iam::000000000000:role/thumbnail",
		MemorySize:    512,
		Architectures: []string{"arm64"},
		Code: lambda.Code{
			Handler:  func(context.Context, []byte) ([]byte, error) { return nil, nil },
			Duration: lambda.FixedDuration(100200 * time.Microsecond), // billed as 101 ms
		},
	})
	const n = 100_000
	for range n {
		if _, err := fns.Invoke(ctx, &lambda.InvokeInput{FunctionName: "thumbnail"}); err != nil {
			panic(err)
		}
		clk.Advance(200 * time.Millisecond) // one at a time, in one warm environment
	}
	st, _ := fns.Inspect().Stats("thumbnail")
	fmt.Println("invocations:", st.Invocations, "cold starts:", st.ColdStarts)
	fmt.Println("billed:", st.BilledDuration)
	fmt.Printf("GB-seconds: %.1f\n", st.GBSeconds)
	fmt.Printf("cost: $%.4f\n", st.Cost)
	fmt.Println("virtual time:", clk.Now().Sub(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
	// Output:
	// invocations: 100000 cold starts: 1
	// billed: 2h48m20s
	// GB-seconds: 5050.0
	// cost: $0.0873
	// virtual time: 5h33m20s
}
