// Command silent-sns-drop shows the classic SNS-to-SQS misconfiguration
// and how the simulator finds it before production does. A topic is
// subscribed to a queue whose access policy does not let the topic send
// (here, the queue has no policy at all, as a queue made by hand or by a
// template that forgot it has). Publish succeeds, the subscription is
// confirmed, and nothing ever arrives: SQS refuses each delivery, and SNS,
// which counts the refusal as a client-side error, does not retry it.
// The account enforces resource policies (cloud.WithPolicyEnforcement),
// so the refusal happens here as it does in AWS, and the SNS inspector and
// the account's event log say why. Then the queue gets the policy AWS
// documents, and the next messages arrive; the first ones are gone.
//
// It runs on a virtual clock and prints the same report on every run:
//
//	go run ./examples/silent-sns-drop
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run tells the story to w. It fails only if a simulator refuses a call,
// which would be a bug.
func run(w io.Writer) error {
	ctx := context.Background()
	begin := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clk := sim.NewClock(begin)
	acct := cloud.New(cloud.WithClock(clk), cloud.WithSeed(7), cloud.WithPolicyEnforcement())
	queues := sqs.New(sqs.WithAccount(acct))
	topics := sns.New(sns.WithAccount(acct), sns.WithHistory(), sns.WithoutSignatures())

	q, err := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "invoices"})
	if err != nil {
		return err
	}
	queueARN := "arn:aws:sqs:us-east-1:" + acct.ID() + ":invoices"
	topic, err := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "orders"})
	if err != nil {
		return err
	}
	sub, err := topics.Subscribe(ctx, &sns.SubscribeInput{
		TopicArn: topic.TopicArn, Protocol: sns.ProtocolSQS, Endpoint: queueARN,
		Attributes: map[string]string{sns.SubscriptionAttributeRawMessageDelivery: "true"}, ReturnSubscriptionArn: true,
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "subscribed", queueARN, "to", topic.TopicArn)

	publish := func(orders ...string) error {
		for _, o := range orders {
			clk.Advance(time.Second)
			out, err := topics.Publish(ctx, &sns.PublishInput{TopicArn: topic.TopicArn, Message: o})
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "  published %s: MessageId %s\n", o, out.MessageId)
		}
		clk.Advance(time.Minute)
		return nil
	}
	receive := func() error {
		out, err := queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MaxNumberOfMessages: 10})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  the queue has %d messages", len(out.Messages))
		for _, m := range out.Messages {
			fmt.Fprintf(w, " %s", m.Body)
		}
		fmt.Fprintln(w)
		return nil
	}

	fmt.Fprintln(w, "\n1. publish three orders; the queue has no policy")
	if err := publish("order-1", "order-2", "order-3"); err != nil {
		return err
	}
	if err := receive(); err != nil {
		return err
	}
	st := topics.Inspect().Stats()
	fmt.Fprintf(w, "  sns: published %d, delivered %d, failed attempts %d, discarded %d\n", st.Published, st.Delivered, st.FailedAttempts, st.Discarded)
	fmt.Fprintln(w, "  why, from the account's event log:")
	for _, e := range acct.Events() {
		if e.Service == "sns" && e.Kind == "Notification" {
			fmt.Fprintln(w, "   ", e)
		}
	}

	fmt.Fprintln(w, "\n2. give the queue the policy AWS documents: sns.amazonaws.com may send, for this topic only")
	_, err = queues.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: q.QueueUrl, Attributes: map[string]string{
		sqs.AttributePolicy: queuePolicy(queueARN, topic.TopicArn),
	}})
	if err != nil {
		return err
	}
	if err := publish("order-4", "order-5"); err != nil {
		return err
	}
	if err := receive(); err != nil {
		return err
	}
	for _, a := range topics.Inspect().Deliveries() {
		if a.SubscriptionARN == sub.SubscriptionArn && a.Outcome == sns.OutcomeDelivered {
			fmt.Fprintln(w, "   ", a)
		}
	}
	st = topics.Inspect().Stats()
	fmt.Fprintf(w, "  sns: published %d, delivered %d, failed attempts %d, discarded %d: orders 1 to 3 are gone for good\n",
		st.Published, st.Delivered, st.FailedAttempts, st.Discarded)
	return nil
}

// queuePolicy is the queue policy that AWS documents for a topic to send
// to a queue (SQS developer guide, "Subscribing an Amazon SQS queue to an
// Amazon SNS topic"): the SNS service principal may sqs:SendMessage to
// the queue when the message comes from the topic.
func queuePolicy(queueARN, topicARN string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"` + queueARN + `",` +
		`"Condition":{"ArnEquals":{"aws:SourceArn":"` + topicARN + `"}}}]}`
}
