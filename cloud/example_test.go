package cloud_test

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// One account, two services: a topic fans out to a queue by ARN, and the
// account's log shows both services' events in the order they happened.
func Example() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	acct := cloud.New(cloud.WithClock(clk), cloud.WithSeed(7))
	topics := sns.New(sns.WithAccount(acct), sns.WithHistory(), sns.WithoutSignatures())
	queues := sqs.New(sqs.WithAccount(acct), sqs.WithHistory()) // made after SNS: order does not matter

	q, _ := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "audit"})
	topic, _ := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "orders"})
	_, _ = topics.Subscribe(ctx, &sns.SubscribeInput{
		TopicArn: topic.TopicArn, Protocol: sns.ProtocolSQS, Endpoint: "arn:aws:sqs:us-east-1:000000000000:audit",
		Attributes: map[string]string{sns.SubscriptionAttributeRawMessageDelivery: "true"},
	})
	acct.Record(cloud.Event{At: clk.Now(), Service: "app", Kind: "OrderPlaced", Resource: "order-1"})
	_, _ = topics.Publish(ctx, &sns.PublishInput{TopicArn: topic.TopicArn, Message: "order 1 placed"})
	clk.Advance(time.Second)
	out, _ := queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl})

	fmt.Println(out.Messages[0].Body)
	fmt.Print(acct.Log())
	// Output:
	// order 1 placed
	// 2026-01-01T09:00:00.000Z sqs    QueueCreated audit
	// 2026-01-01T09:00:00.000Z app    OrderPlaced order-1
	// 2026-01-01T09:00:00.000Z sns    Published orders id=927f9d45-e4d3-4930-9fad-5572e2fea793 subscriptions=1 filtered=0
	// 2026-01-01T09:00:00.000Z sqs    Sent audit id=c121e806-d8c2-4bf9-9d26-82fd185bf0ff delay=0s
	// 2026-01-01T09:00:00.000Z sns    Notification orders id=927f9d45-e4d3-4930-9fad-5572e2fea793 #1 sqs arn:aws:sqs:us-east-1:000000000000:audit delivered
	// 2026-01-01T09:00:01.000Z sqs    Received audit id=c121e806-d8c2-4bf9-9d26-82fd185bf0ff receive=1 visible-at=2026-01-01T09:00:31.000Z
}

// A test may stand in for a service the account does not have: here a
// fake SNS joins the account for "sns" ARNs and records what is delivered
// to topics, while queues, which no service holds, do not exist.
func ExampleAccount_Join() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	acct := cloud.New(cloud.WithClock(clk))
	var published []string
	acct.Join("sns", "fake SNS", func(_ context.Context, target string, m cloud.Message) error {
		published = append(published, target)
		return nil
	})

	err := acct.Deliver(ctx, "arn:aws:sns:us-east-1:000000000000:alerts", cloud.Message{Body: `{"alarm":"high"}`})
	fmt.Println(err, published)
	err = acct.Deliver(ctx, "arn:aws:sqs:us-east-1:000000000000:nowhere", cloud.Message{Body: "x"})
	fmt.Println(err)
	// Output:
	// <nil> [arn:aws:sns:us-east-1:000000000000:alerts]
	// AWS.SimpleQueueService.NonExistentQueue: The specified queue does not exist: arn:aws:sqs:us-east-1:000000000000:nowhere
}

// Two accounts on one router: a topic of account A delivers to a queue of
// account B once the queue's policy lets the topic in and B has confirmed
// the subscription. Neither account enforces policies; a delivery from
// another account is checked anyway.
func ExampleNewRouter() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	router := cloud.NewRouter()
	a := cloud.New(cloud.WithClock(clk), cloud.WithAccountID("111111111111"), cloud.WithRouter(router))
	b := cloud.New(cloud.WithClock(clk), cloud.WithAccountID("222222222222"), cloud.WithRouter(router))
	topics := sns.New(sns.WithAccount(a), sns.WithoutSignatures())
	queues := sqs.New(sqs.WithAccount(b))

	q, _ := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "inbox"})
	topic, _ := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "news"})
	receive := func() []sqs.Message {
		out, _ := queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl})
		return out.Messages
	}
	subscribe := func() {
		_, _ = topics.Subscribe(ctx, &sns.SubscribeInput{
			TopicArn: topic.TopicArn, Protocol: sns.ProtocolSQS, Endpoint: "arn:aws:sqs:us-east-1:222222222222:inbox",
		})
	}

	subscribe()
	fmt.Println("without a policy the queue receives", len(receive()), "messages")

	_, _ = queues.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: q.QueueUrl, Attributes: map[string]string{
		sqs.AttributePolicy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},` +
			`"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:222222222222:inbox",` +
			`"Condition":{"ArnEquals":{"aws:SourceArn":"` + topic.TopicArn + `"}}}]}`,
	}})
	subscribe() // sends the pending subscription a new confirmation
	var confirmation struct{ Type, Token string }
	_ = json.Unmarshal([]byte(receive()[0].Body), &confirmation)
	fmt.Println("with the policy the queue receives a", confirmation.Type)
	_, _ = topics.ConfirmSubscription(ctx, &sns.ConfirmSubscriptionInput{TopicArn: topic.TopicArn, Token: confirmation.Token})

	_, _ = topics.Publish(ctx, &sns.PublishInput{TopicArn: topic.TopicArn, Message: "hello from A"})
	var note struct{ Message string }
	_ = json.Unmarshal([]byte(receive()[0].Body), &note)
	fmt.Println("once B confirms, it receives:", note.Message)
	// Output:
	// without a policy the queue receives 0 messages
	// with the policy the queue receives a SubscriptionConfirmation
	// once B confirms, it receives: hello from A
}
