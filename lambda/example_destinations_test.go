package lambda_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// An asynchronous invocation that keeps failing is retried, here once as
// the event invoke configuration says, and then its invocation record
// lands in the on-failure destination, an SQS queue: condition
// RetriesExhausted, with the number of attempts. The retry comes a minute
// after the first attempt, in virtual time.
func ExampleService_PutFunctionEventInvokeConfig() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	queues := sqs.New(sqs.WithClock(clk))
	fns := lambda.New(lambda.WithClock(clk), lambda.WithSQS(queues))

	q, err := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "failed-orders"})
	if err != nil {
		panic(err)
	}
	_, err = fns.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: "charge",
		Role:         "arn:aws:iam::000000000000:role/charge",
		Code: lambda.Code{Handler: func(ctx context.Context, payload []byte) ([]byte, error) {
			fmt.Println(clk.Now().Format("15:04:05.000"), "charge", string(payload))
			return nil, errors.New("card declined")
		}},
	})
	if err != nil {
		panic(err)
	}
	retries := 1
	_, err = fns.PutFunctionEventInvokeConfig(ctx, &lambda.PutFunctionEventInvokeConfigInput{
		FunctionName:         "charge",
		MaximumRetryAttempts: &retries,
		DestinationConfig:    &lambda.DestinationConfig{OnFailure: "arn:aws:sqs:us-east-1:000000000000:failed-orders"},
	})
	if err != nil {
		panic(err)
	}

	_, err = fns.Invoke(ctx, &lambda.InvokeInput{FunctionName: "charge", InvocationType: lambda.InvocationTypeEvent, Payload: []byte(`{"order":42}`)})
	if err != nil {
		panic(err)
	}
	clk.Advance(10 * time.Minute)

	out, err := queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl})
	if err != nil {
		panic(err)
	}
	var record struct {
		RequestContext struct {
			Condition              string `json:"condition"`
			ApproximateInvokeCount int    `json:"approximateInvokeCount"`
		} `json:"requestContext"`
		RequestPayload  json.RawMessage `json:"requestPayload"`
		ResponsePayload json.RawMessage `json:"responsePayload"`
	}
	if err := json.Unmarshal([]byte(out.Messages[0].Body), &record); err != nil {
		panic(err)
	}
	fmt.Println("condition:", record.RequestContext.Condition)
	fmt.Println("approximateInvokeCount:", record.RequestContext.ApproximateInvokeCount)
	fmt.Println("requestPayload:", string(record.RequestPayload))
	fmt.Println("responsePayload:", string(record.ResponsePayload))
	// Output:
	// 09:00:00.000 charge {"order":42}
	// 09:01:00.001 charge {"order":42}
	// condition: RetriesExhausted
	// approximateInvokeCount: 2
	// requestPayload: {"order":42}
	// responsePayload: {"errorMessage":"card declined","errorType":"errorString"}
}
