// Command lambda-sqs-pipeline drains a backlog of 10,000 order messages
// through an SQS event source mapping into a Lambda function, on a virtual
// clock, and prints how the pollers scaled, the cold starts, the retries
// and the cost. It prints the same report on every run:
//
//	go run ./examples/lambda-sqs-pipeline
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// order is the body of a message.
type order struct {
	ID int `json:"id"`
}

// run tells the story to w. It fails only if a simulator refuses a call,
// which would be a bug.
func run(w io.Writer) error {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	queues := sqs.New(sqs.WithClock(clk), sqs.WithSeed(7))
	functions := lambda.New(lambda.WithSQS(queues), lambda.WithHistory()) // joins the queues' account

	dlq, err := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders-dlq"})
	if err != nil {
		return err
	}
	q, err := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders", Attributes: map[string]string{
		sqs.AttributeVisibilityTimeout: "60",
		sqs.AttributeRedrivePolicy:     `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:orders-dlq","maxReceiveCount":3}`,
	}})
	if err != nil {
		return err
	}

	// The function takes 800 ms per batch, 1.2 s more on a cold start. It
	// cannot fulfil an order whose ID is a multiple of 997 and reports it
	// as a batch item failure: only that message comes back after the
	// visibility timeout, and after three receives it is in the
	// dead-letter queue.
	type failure struct {
		ItemIdentifier string `json:"itemIdentifier"`
	}
	type response struct {
		BatchItemFailures []failure `json:"batchItemFailures"`
	}
	handler := lambda.Typed(func(ctx context.Context, ev struct {
		Records []struct {
			MessageID string `json:"messageId"`
			Body      string `json:"body"`
		} `json:"Records"`
	}) (response, error) {
		resp := response{BatchItemFailures: []failure{}}
		for _, r := range ev.Records {
			var o order
			if err := json.Unmarshal([]byte(r.Body), &o); err != nil || o.ID%997 == 0 {
				resp.BatchItemFailures = append(resp.BatchItemFailures, failure{r.MessageID})
			}
		}
		return resp, nil
	})
	if _, err := functions.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: "fulfil", Role: "arn:aws:iam::000000000000:role/fulfil", MemorySize: 512, Timeout: 30 * time.Second,
		Architectures: []string{"arm64"},
		Code:          lambda.Code{Handler: handler, Duration: lambda.FixedDuration(800 * time.Millisecond), InitDuration: 1200 * time.Millisecond},
	}); err != nil {
		return err
	}

	for i := 1; i <= 10000; i += 10 {
		in := &sqs.SendMessageBatchInput{QueueUrl: q.QueueUrl}
		for j := range 10 {
			in.Entries = append(in.Entries, sqs.SendMessageBatchRequestEntry{Id: fmt.Sprint(j), MessageBody: fmt.Sprintf(`{"id":%d}`, i+j)})
		}
		if _, err := queues.SendMessageBatch(ctx, in); err != nil {
			return err
		}
	}
	fmt.Fprintln(w, "09:00:00  10,000 orders waiting; mapping created")
	m, err := functions.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{
		EventSourceArn: "arn:aws:sqs:us-east-1:000000000000:orders", FunctionName: "fulfil",
		FunctionResponseTypes: []string{"ReportBatchItemFailures"},
	})
	if err != nil {
		return err
	}

	for {
		clk.Advance(30 * time.Second)
		st, _ := functions.Inspect().MappingStats(m.UUID)
		qs, _ := queues.Inspect().Stats(q.QueueUrl)
		fmt.Fprintf(w, "%s  pollers %4d  batches %5d  waiting %5d  in flight %4d\n",
			clk.Now().Format("15:04:05"), st.Pollers, st.Batches, qs.Visible, qs.InFlight)
		if qs.Visible+qs.InFlight+qs.Delayed == 0 {
			break
		}
	}

	fs, _ := functions.Inspect().Stats("fulfil")
	st, _ := functions.Inspect().MappingStats(m.UUID)
	dead, _ := queues.Inspect().Stats(dlq.QueueUrl)
	fmt.Fprintf(w, "\ninvocations %d (cold starts %d, peak concurrency %d); messages delivered %d, failed %d\n",
		fs.Invocations, fs.ColdStarts, fs.PeakConcurrentExecutions, st.Messages, st.Failed)
	fmt.Fprintf(w, "orders in the dead-letter queue: %d\n", dead.Visible)
	fmt.Fprintf(w, "billed %v, %.1f GB-s, cost $%.4f\n", fs.BilledDuration, fs.GBSeconds, fs.Cost)
	return nil
}
