// Command sqs-timeline tells the story of one order message that fails
// three times, lands in the dead-letter queue and is moved back, on a
// virtual clock. It prints the same timeline on every run:
//
//	go run ./examples/sqs-timeline
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run tells the story to w. It fails only if the simulator refuses a call,
// which would be a bug.
func run(w io.Writer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	ctx := context.Background()
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clk := sim.NewClock(start)
	svc := sqs.New(sqs.WithClock(clk), sqs.WithSeed(7), sqs.WithHistory())
	say := func(format string, args ...any) {
		fmt.Fprintf(w, "%s  %s\n", clk.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
	}

	dlq := must(svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders-dlq"}))
	dlqARN := must(svc.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: dlq.QueueUrl, AttributeNames: []string{sqs.AttributeQueueArn},
	})).Attributes[sqs.AttributeQueueArn]
	orders := must(svc.CreateQueue(ctx, &sqs.CreateQueueInput{
		QueueName: "orders",
		Attributes: map[string]string{
			sqs.AttributeVisibilityTimeout: "30",
			sqs.AttributeRedrivePolicy:     `{"deadLetterTargetArn":"` + dlqARN + `","maxReceiveCount":3}`,
		},
	}))
	say("queues ready: orders (visibility 30 s, 3 receives) and orders-dlq")

	sent := must(svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: orders.QueueUrl, MessageBody: `{"order":1042,"total":"59.90"}`}))
	say("order 1042 sent as message %s", sent.MessageId[:8])

	// A worker that polls once a second and whose payment call fails: it
	// never deletes the message, so the message comes back each time its
	// visibility timeout ends.
	receive := &sqs.ReceiveMessageInput{QueueUrl: orders.QueueUrl, MessageSystemAttributeNames: []string{sqs.SysAttributeApproximateReceiveCount}}
	for {
		out := must(svc.ReceiveMessage(ctx, receive))
		if len(out.Messages) == 1 {
			n := out.Messages[0].Attributes[sqs.SysAttributeApproximateReceiveCount]
			say("receive #%s: payment service down, message left in flight", n)
		}
		if st, _ := svc.Inspect().Stats(dlq.QueueUrl); st.Visible > 0 {
			say("receive #4 found no message: it was moved to orders-dlq")
			break
		}
		clk.Advance(time.Second)
	}

	// An operator fixes the payment service an hour later and redrives the
	// dead-letter queue back to its source.
	clk.Advance(time.Hour)
	must(svc.StartMessageMoveTask(ctx, &sqs.StartMessageMoveTaskInput{SourceArn: dlqARN, MaxNumberOfMessagesPerSecond: 1}))
	say("operator starts a message move task back to orders")
	clk.Advance(time.Second)
	tasks := must(svc.ListMessageMoveTasks(ctx, &sqs.ListMessageMoveTasksInput{SourceArn: dlqARN}))
	say("move task %s: %d of %d message moved", tasks.Results[0].Status, tasks.Results[0].ApproximateNumberOfMessagesMoved, tasks.Results[0].ApproximateNumberOfMessagesToMove)

	out := must(svc.ReceiveMessage(ctx, receive))
	m := out.Messages[0]
	say("receive: order %s as new message %s, receive #%s", m.Body[9:13], m.MessageId[:8], m.Attributes[sqs.SysAttributeApproximateReceiveCount])
	must(svc.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: orders.QueueUrl, ReceiptHandle: m.ReceiptHandle}))
	say("payment taken, message deleted")

	fmt.Fprintln(w, "\nThe service's own event log:")
	for _, e := range svc.Inspect().Events() {
		line := fmt.Sprint("  ", e.At.Format("15:04:05"), " ", e.Kind, " ", e.Queue)
		if e.MessageID != "" {
			line += " " + shortID(e.MessageID)
		}
		fmt.Fprintln(w, line)
	}
	return nil
}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// must keeps the story readable: a refused call ends it, through run's
// recover.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
