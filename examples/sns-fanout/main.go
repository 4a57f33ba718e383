// Command sns-fanout publishes ten minutes of orders to an SNS topic and
// follows each one to its subscribers: a fulfilment queue that takes
// everything, a queue for big orders behind a filter policy, a Lambda
// function that mails receipts, and a partner's webhook that is down from
// the first minute to the third, whose undeliverable orders end in a
// dead-letter queue when the HTTP retry policy gives up. It runs on a virtual clock
// and prints the same report on every run:
//
//	go run ./examples/sns-fanout
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

const account = "000000000000"

// run tells the story to w. It fails only if a simulator refuses a call,
// which would be a bug.
func run(w io.Writer) error {
	ctx := context.Background()
	begin := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clk := sim.NewClock(begin)
	const seed = 7
	acct := cloud.New(cloud.WithClock(clk), cloud.WithSeed(seed))
	queues := sqs.New(sqs.WithAccount(acct))
	functions := lambda.New(lambda.WithAccount(acct))

	// The partner's webhook confirms its subscription by following the
	// SubscribeURL, and answers 503 from minute 1 to minute 3.
	var subscribeURLs []string
	webhook := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if up := clk.Now().Sub(begin); up >= time.Minute && up < 3*time.Minute {
			rw.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		if r.Header.Get("x-amz-sns-message-type") == "SubscriptionConfirmation" {
			var m struct{ SubscribeURL string }
			_ = json.NewDecoder(r.Body).Decode(&m)
			subscribeURLs = append(subscribeURLs, m.SubscribeURL)
		}
	})
	topics := sns.New(sns.WithAccount(acct), sns.WithHTTPHandler(webhook), sns.WithHistory(), sns.WithoutSignatures())

	var receipts int
	_, err := functions.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: "receipt-mailer",
		Role:         "arn:aws:iam::" + account + ":role/receipts",
		Code: lambda.Code{
			Handler: func(ctx context.Context, payload []byte) ([]byte, error) {
				receipts++
				return nil, nil
			},
			Duration: lambda.FixedDuration(120 * time.Millisecond),
		},
	})
	if err != nil {
		return err
	}
	for _, name := range []string{"fulfilment", "big-orders", "webhook-dlq"} {
		if _, err := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: name}); err != nil {
			return err
		}
	}
	topic, err := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "orders"})
	if err != nil {
		return err
	}
	subscribe := func(protocol, endpoint string, attrs map[string]string) error {
		_, err := topics.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: protocol, Endpoint: endpoint, Attributes: attrs})
		return err
	}
	if err := subscribe(sns.ProtocolSQS, queueARN("fulfilment"), map[string]string{sns.SubscriptionAttributeRawMessageDelivery: "true"}); err != nil {
		return err
	}
	if err := subscribe(sns.ProtocolSQS, queueARN("big-orders"), map[string]string{
		sns.SubscriptionAttributeRawMessageDelivery: "true",
		sns.SubscriptionAttributeFilterPolicy:       `{"total": [{"numeric": [">=", 200]}]}`,
	}); err != nil {
		return err
	}
	if err := subscribe(sns.ProtocolLambda, "arn:aws:lambda:us-east-1:"+account+":function:receipt-mailer", nil); err != nil {
		return err
	}
	if err := subscribe(sns.ProtocolHTTPS, "https://partner.example/orders", map[string]string{
		sns.SubscriptionAttributeRedrivePolicy: `{"deadLetterTargetArn":"` + queueARN("webhook-dlq") + `"}`,
	}); err != nil {
		return err
	}
	for _, url := range subscribeURLs {
		if err := follow(ctx, topics, url); err != nil {
			return err
		}
	}

	// An order every 10 seconds for 10 minutes, of 10 to 400 euros.
	amounts := sim.NewRand(seed)
	for i := range 60 {
		clk.AdvanceTo(begin.Add(time.Duration(i) * 10 * time.Second))
		total := 10 + amounts.IntN(391)
		_, err := topics.Publish(ctx, &sns.PublishInput{
			TopicArn: topic.TopicArn,
			Message:  fmt.Sprintf(`{"order":%d,"total":%d}`, i+1, total),
			MessageAttributes: map[string]sns.MessageAttributeValue{
				"total": {DataType: "Number", StringValue: strconv.Itoa(total)},
			},
		})
		if err != nil {
			return err
		}
	}
	clk.Advance(5 * time.Minute)

	fmt.Fprintln(w, "ten minutes of orders on", topic.TopicArn)
	for _, name := range []string{"fulfilment", "big-orders", "webhook-dlq"} {
		n, err := depth(ctx, queues, name)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  queue %-12s %3d messages\n", name, n)
	}
	fmt.Fprintf(w, "  receipts mailed     %3d\n", receipts)
	st := topics.Inspect().Stats()
	fmt.Fprintf(w, "published %d, delivered %d, failed attempts %d, dead-lettered %d, discarded %d\n",
		st.Published, st.Delivered, st.FailedAttempts, st.DeadLettered, st.Discarded)

	// Two orders the webhook missed, one given up and one saved by a retry.
	for _, at := range []time.Duration{70 * time.Second, 150 * time.Second} {
		id := messagePublishedAt(topics, begin.Add(at))
		fmt.Fprintf(w, "the order published at +%v, at the webhook:\n", at)
		for _, a := range topics.Inspect().Deliveries() {
			if a.MessageID != id || a.Protocol != sns.ProtocolHTTPS {
				continue
			}
			line := fmt.Sprintf("  +%-6v attempt %d %s", a.At.Sub(begin), a.Attempt, a.Outcome)
			if a.Reason != "" {
				line += " (" + a.Reason + ")"
			}
			if !a.NextAttemptAt.IsZero() {
				line += fmt.Sprintf(", retry at +%v", a.NextAttemptAt.Sub(begin))
			}
			if a.DeadLetterTargetARN != "" {
				line += ", retries exhausted: to the dead-letter queue"
			}
			fmt.Fprintln(w, line)
		}
	}
	return nil
}

// messagePublishedAt returns the ID of the message published at t.
func messagePublishedAt(topics *sns.Service, t time.Time) string {
	for _, m := range topics.Inspect().Messages() {
		if m.PublishedAt.Equal(t) {
			return m.MessageID
		}
	}
	return ""
}

// follow GETs a URL SNS sent, as the partner's code would, from the SNS
// service's own handler.
func follow(ctx context.Context, topics *sns.Service, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	rec := httptest.NewRecorder()
	topics.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return fmt.Errorf("GET %s: %d %s", url, rec.Code, rec.Body)
	}
	return nil
}

func queueARN(name string) string { return "arn:aws:sqs:us-east-1:" + account + ":" + name }

// depth is the number of messages stored in a queue.
func depth(ctx context.Context, queues *sqs.Service, name string) (int, error) {
	url, err := queues.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: name})
	if err != nil {
		return 0, err
	}
	out, err := queues.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: url.QueueUrl, AttributeNames: []string{sqs.AttributeApproximateNumberOfMessages}})
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(out.Attributes[sqs.AttributeApproximateNumberOfMessages])
}
