package sns_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

var start = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// A topic fans a message out to an SQS queue, which receives it in SNS's
// JSON envelope.
func Example() {
	ctx := context.Background()
	clk := sim.NewClock(start)
	queues := sqs.New(sqs.WithClock(clk))
	topics := sns.New(sns.WithAccount(queues.Account()))

	q, _ := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders"})
	t, _ := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "events"})
	_, _ = topics.Subscribe(ctx, &sns.SubscribeInput{
		TopicArn: t.TopicArn, Protocol: sns.ProtocolSQS, Endpoint: "arn:aws:sqs:us-east-1:000000000000:orders",
	})
	_, _ = topics.Publish(ctx, &sns.PublishInput{TopicArn: t.TopicArn, Subject: "new order", Message: "order 42"})

	out, _ := queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl})
	var envelope struct{ Type, Subject, Message, Timestamp string }
	_ = json.Unmarshal([]byte(out.Messages[0].Body), &envelope)
	fmt.Println(envelope.Type, "|", envelope.Subject, "|", envelope.Message, "|", envelope.Timestamp)
	// Output:
	// Notification | new order | order 42 | 2026-01-01T00:00:00.000Z
}

// An HTTP endpoint receives nothing but the confirmation request until it
// confirms the subscription with the token in it.
func ExampleService_ConfirmSubscription() {
	ctx := context.Background()
	var token string
	var got []string
	endpoint := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var m struct{ Type, Token, Message string }
		_ = json.Unmarshal(body, &m)
		if m.Type == "SubscriptionConfirmation" {
			token = m.Token
		}
		got = append(got, r.Header.Get("x-amz-sns-message-type")+": "+m.Message)
	})
	topics := sns.New(sns.WithClock(sim.NewClock(start)), sns.WithHTTPHandler(endpoint))
	t, _ := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "alerts"})
	sub, _ := topics.Subscribe(ctx, &sns.SubscribeInput{TopicArn: t.TopicArn, Protocol: sns.ProtocolHTTPS, Endpoint: "https://example.com/hook"})
	fmt.Println("subscribe:", sub.SubscriptionArn)

	_, _ = topics.Publish(ctx, &sns.PublishInput{TopicArn: t.TopicArn, Message: "too early"})
	_, _ = topics.ConfirmSubscription(ctx, &sns.ConfirmSubscriptionInput{TopicArn: t.TopicArn, Token: token})
	_, _ = topics.Publish(ctx, &sns.PublishInput{TopicArn: t.TopicArn, Message: "disk full"})
	for _, line := range got {
		fmt.Printf("%.60s\n", line)
	}
	// Output:
	// subscribe: pending confirmation
	// SubscriptionConfirmation: You have chosen to subscribe to th
	// Notification: disk full
}

// A filter policy lets through only the messages whose attributes match.
func ExampleService_SetSubscriptionAttributes_filterPolicy() {
	ctx := context.Background()
	clk := sim.NewClock(start)
	queues := sqs.New(sqs.WithClock(clk))
	topics := sns.New(sns.WithAccount(queues.Account()), sns.WithoutSignatures())
	q, _ := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "big-orders"})
	t, _ := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "orders"})
	sub, _ := topics.Subscribe(ctx, &sns.SubscribeInput{
		TopicArn: t.TopicArn, Protocol: sns.ProtocolSQS, Endpoint: "arn:aws:sqs:us-east-1:000000000000:big-orders",
		Attributes: map[string]string{sns.SubscriptionAttributeRawMessageDelivery: "true"},
	})
	_, err := topics.SetSubscriptionAttributes(ctx, &sns.SetSubscriptionAttributesInput{
		SubscriptionArn: sub.SubscriptionArn, AttributeName: sns.SubscriptionAttributeFilterPolicy,
		AttributeValue: `{"total": [{"numeric": [">=", 100]}], "country": [{"prefix": "D"}]}`,
	})
	fmt.Println("policy accepted:", err == nil)

	for _, o := range []struct{ total, country string }{{"250", "DE"}, {"20", "DE"}, {"900", "FR"}, {"100", "DK"}} {
		_, _ = topics.Publish(ctx, &sns.PublishInput{
			TopicArn: t.TopicArn, Message: o.total + " to " + o.country,
			MessageAttributes: map[string]sns.MessageAttributeValue{
				"total":   {DataType: "Number", StringValue: o.total},
				"country": {DataType: "String", StringValue: o.country},
			},
		})
	}
	out, _ := queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MaxNumberOfMessages: 10})
	for _, m := range out.Messages {
		fmt.Println(m.Body)
	}
	// Output:
	// policy accepted: true
	// 250 to DE
	// 100 to DK
}

// A queue that is unavailable for the first four attempts gets the message
// on the fifth: the AWS-managed policy retries three times at once, then
// after a second. The account's fault plan makes the outage.
func ExampleFaultDeliveryFailure() {
	ctx := context.Background()
	clk := sim.NewClock(start)
	queues := sqs.New(sqs.WithClock(clk))
	topics := sns.New(sns.WithAccount(queues.Account()), sns.WithHistory(), sns.WithoutSignatures())
	_ = queues.Account().SetFaultPlan(cloud.FaultRule{Name: "audit down", Fault: sns.FaultDeliveryFailure, Resource: "events", Probability: 1, Count: 4})
	_, _ = queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "audit"})
	t, _ := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "events"})
	_, _ = topics.Subscribe(ctx, &sns.SubscribeInput{TopicArn: t.TopicArn, Protocol: sns.ProtocolSQS, Endpoint: "arn:aws:sqs:us-east-1:000000000000:audit"})
	_, _ = topics.Publish(ctx, &sns.PublishInput{TopicArn: t.TopicArn, Message: "hello"})
	clk.Advance(time.Minute)

	for _, a := range topics.Inspect().Deliveries() {
		fmt.Println(a.At.Sub(start), a.Attempt, a.Outcome)
	}
	fmt.Println("faults:", queues.Account().FaultsFired())
	// Output:
	// 0s 1 failed
	// 0s 2 failed
	// 0s 3 failed
	// 0s 4 failed
	// 1s 5 delivered
	// faults: map[audit down:4]
}
