package sqs_test

import (
	"context"
	"fmt"
	"time"

	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// A message that is received and not deleted is hidden for the queue's
// visibility timeout, 30 seconds by default, then visible again. With a
// sim.Clock the test moves time itself instead of waiting for it.
func Example() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	svc := sqs.New(sqs.WithClock(clk), sqs.WithSeed(1))
	q, _ := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders"})
	sent, _ := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: "order #1"})
	fmt.Println("sent", sent.MessageId)

	receive := func() {
		out, _ := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: q.QueueUrl, MessageSystemAttributeNames: []string{sqs.SysAttributeApproximateReceiveCount},
		})
		if len(out.Messages) == 0 {
			fmt.Println(clk.Now().Format(time.TimeOnly), "nothing")
			return
		}
		m := out.Messages[0]
		fmt.Println(clk.Now().Format(time.TimeOnly), m.Body, "receive", m.Attributes[sqs.SysAttributeApproximateReceiveCount])
	}
	receive()                     // hidden for 30 s from now
	receive()                     // in flight
	clk.Advance(29 * time.Second) // still in flight
	receive()
	clk.Advance(time.Second) // the visibility timeout is over
	receive()
	// Output:
	// sent a381a384-4395-4ce1-81cf-07d316044209
	// 00:00:00 order #1 receive 1
	// 00:00:00 nothing
	// 00:00:29 nothing
	// 00:00:30 order #1 receive 2
}

// A queue with a RedrivePolicy moves a message to its dead-letter queue
// when a receive would take it past maxReceiveCount: with 3, the fourth
// attempt finds it gone.
func ExampleService_ReceiveMessage_deadLetterQueue() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	svc := sqs.New(sqs.WithClock(clk))
	dlq, _ := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders-dlq"})
	attrs, _ := svc.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: dlq.QueueUrl, AttributeNames: []string{sqs.AttributeQueueArn}})
	q, _ := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders", Attributes: map[string]string{
		sqs.AttributeRedrivePolicy: fmt.Sprintf(`{"deadLetterTargetArn":%q,"maxReceiveCount":3}`, attrs.Attributes[sqs.AttributeQueueArn]),
	}})
	_, _ = svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: "poison"})

	for attempt := 1; attempt <= 4; attempt++ {
		out, _ := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl})
		fmt.Printf("%s attempt %d: %d message(s)\n", clk.Now().Format(time.TimeOnly), attempt, len(out.Messages))
		clk.Advance(30 * time.Second) // the consumer fails: no delete
	}

	out, _ := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl:                    dlq.QueueUrl,
		MessageSystemAttributeNames: []string{sqs.SysAttributeDeadLetterQueueSourceArn},
	})
	for _, m := range out.Messages {
		fmt.Println("dead letter:", m.Body)
		fmt.Println("from:", m.Attributes[sqs.SysAttributeDeadLetterQueueSourceArn])
	}
	// Output:
	// 00:00:00 attempt 1: 1 message(s)
	// 00:00:30 attempt 2: 1 message(s)
	// 00:01:00 attempt 3: 1 message(s)
	// 00:01:30 attempt 4: 0 message(s)
	// dead letter: poison
	// from: arn:aws:sqs:us-east-1:000000000000:orders
}

// A long poll waits in virtual time. The test starts it in a goroutine,
// waits with BlockUntil until it is blocked on the clock, and then sends
// or advances the clock.
func ExampleService_ReceiveMessage_longPolling() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	svc := sqs.New(sqs.WithClock(clk))
	q, _ := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "jobs"})
	poll := func() <-chan string {
		done := make(chan string, 1)
		go func() {
			out, _ := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, WaitTime: sqs.Duration(20 * time.Second)})
			done <- fmt.Sprintf("%s %d message(s)", clk.Now().Format(time.TimeOnly), len(out.Messages))
		}()
		_ = clk.BlockUntil(ctx, 1) // the poll is waiting
		return done
	}

	done := poll()
	clk.Advance(3 * time.Second)
	_, _ = svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: "job"})
	fmt.Println(<-done) // returns at the send

	done = poll()
	clk.Advance(20 * time.Second)
	fmt.Println(<-done) // nothing came: empty at the end of the wait
	// Output:
	// 00:00:03 1 message(s)
	// 00:00:23 0 message(s)
}

// On a FIFO queue the messages of a group come in the order sent, and a
// group with a message in flight yields no other until that one is
// deleted; other groups go on. A deduplication ID seen in the last five
// minutes is accepted and dropped.
func ExampleService_SendMessage_fifo() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	svc := sqs.New(sqs.WithClock(clk))
	q, _ := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders.fifo", Attributes: map[string]string{
		sqs.AttributeFifoQueue: "true", sqs.AttributeContentBasedDeduplication: "true",
	}})
	send := func(group, body string) string {
		out, _ := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageGroupId: group, MessageBody: body})
		return out.MessageId
	}
	first := send("alice", "alice-1")
	send("bob", "bob-1")
	send("alice", "alice-2")
	send("bob", "bob-2")
	send("alice", "alice-3")
	clk.Advance(time.Minute)
	again := send("alice", "alice-1") // same body: a duplicate
	fmt.Println("duplicate has the first message's ID:", again == first)
	fmt.Println("messages on the queue:", len(svc.Inspect().Messages(q.QueueUrl)))

	receive := func(max int) []sqs.Message {
		out, _ := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MaxNumberOfMessages: max})
		fmt.Print("received:")
		for _, m := range out.Messages {
			fmt.Print(" ", m.Body)
		}
		fmt.Println()
		return out.Messages
	}
	got := receive(2) // alice's oldest two
	receive(10)       // alice is locked: bob's messages
	for _, m := range got {
		_, _ = svc.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: q.QueueUrl, ReceiptHandle: m.ReceiptHandle})
	}
	receive(10) // alice unlocked; bob still in flight
	// Output:
	// duplicate has the first message's ID: true
	// messages on the queue: 5
	// received: alice-1 alice-2
	// received: bob-1 bob-2
	// received: alice-3
}

// A consumer's pollers long-poll the queue and pool what they receive:
// three messages sent a second apart become one batch when the
// three-second batching window the first one opened ends. The handler's
// work takes five simulated seconds, and the batch's messages stay in
// flight until it reports them done; the one it failed comes back 30
// seconds (the queue's visibility timeout) after it was received, and waits
// for a window of its own.
func ExampleService_NewConsumer() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	svc := sqs.New(sqs.WithClock(clk))
	q, _ := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "jobs"})
	attempts := map[string]int{}
	_, err := svc.NewConsumer(sqs.ConsumerConfig{
		QueueUrl: q.QueueUrl,
		Pollers:  2,
		Batching: sqs.Batching{Size: 10, Window: 3 * time.Second},
		Handler: func(b *sqs.Batch) {
			var out sqs.Outcome
			fmt.Print(clk.Now().Format(time.TimeOnly), " batch:")
			for _, m := range b.Messages {
				fmt.Print(" ", m.Body)
				if attempts[m.Body]++; m.Body == "b" && attempts[m.Body] == 1 {
					out.Failed = append(out.Failed, m.MessageId)
				}
			}
			fmt.Println()
			clk.Schedule(5*time.Second, func() { b.Done(out) })
		},
	})
	if err != nil {
		panic(err)
	}
	for _, body := range []string{"a", "b", "c"} {
		_, _ = svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: body})
		clk.Advance(time.Second)
	}
	clk.Advance(5 * time.Second)
	st, _ := svc.Inspect().Stats(q.QueueUrl)
	fmt.Println(clk.Now().Format(time.TimeOnly), "deleted", st.Deleted, "in flight", st.InFlight)
	clk.Advance(time.Minute)
	st, _ = svc.Inspect().Stats(q.QueueUrl)
	fmt.Println(clk.Now().Format(time.TimeOnly), "deleted", st.Deleted, "in flight", st.InFlight)
	// Output:
	// 09:00:03 batch: a b c
	// 09:00:08 deleted 2 in flight 1
	// 09:00:34 batch: b
	// 09:01:08 deleted 3 in flight 0
}
