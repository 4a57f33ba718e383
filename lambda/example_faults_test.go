package lambda_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
)

// A fault plan makes Lambda misbehave as it can in production: here the
// first invocation of "charge" fails with ServiceException before its
// handler runs, and the next cold start takes two seconds longer. Each
// fault is in the account's event log with the rule that drew it.
func Example_faults() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	acct := cloud.New(cloud.WithClock(clk))
	fns := lambda.New(lambda.WithAccount(acct), lambda.WithHistory())
	_, err := fns.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: "charge",
		Role:         "arn:aws:iam::000000000000:role/charge",
		Code: lambda.Code{
			Handler:      func(context.Context, []byte) ([]byte, error) { return []byte(`"ok"`), nil },
			InitDuration: 250 * time.Millisecond,
		},
	})
	if err != nil {
		panic(err)
	}
	err = acct.SetFaultPlan(
		cloud.FaultRule{Name: "outage", Fault: lambda.FaultServiceError, Resource: "charge", Probability: 1, Count: 1},
		cloud.FaultRule{Name: "slow-init", Fault: lambda.FaultSlowColdStart, Probability: 1, Delay: 2 * time.Second},
	)
	if err != nil {
		panic(err)
	}

	_, err = fns.Invoke(ctx, &lambda.InvokeInput{FunctionName: "charge"})
	fmt.Println("first:", errors.Is(err, lambda.ErrServiceException), err)
	out, err := fns.Invoke(ctx, &lambda.InvokeInput{FunctionName: "charge"})
	if err != nil {
		panic(err)
	}
	fmt.Println("second:", string(out.Payload), "after", out.Duration)
	fmt.Println(acct.FaultsFired())
	// Output:
	// first: true ServiceException: The AWS Lambda service encountered an internal error.
	// second: "ok" after 2.251s
	// map[outage:1 slow-init:1]
}
