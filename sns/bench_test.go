package sns_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// benchFanout returns a topic with n SQS subscribers, each on its own
// queue, and the queues' URLs.
func benchFanout(b *testing.B, n int, opts ...sns.Option) (*sns.Service, *fanoutQueues, string) {
	b.Helper()
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	queues := sqs.New(sqs.WithClock(clk))
	svc := sns.New(append([]sns.Option{sns.WithAccount(queues.Account())}, opts...)...)
	topic, err := svc.CreateTopic(ctx, &sns.CreateTopicInput{Name: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	urls := make([]string, n)
	for i := range n {
		name := fmt.Sprintf("q%d", i)
		q, err := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: name})
		if err != nil {
			b.Fatal(err)
		}
		urls[i] = q.QueueUrl
		if _, err := svc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: sns.ProtocolSQS, Endpoint: "arn:aws:sqs:us-east-1:000000000000:" + name}); err != nil {
			b.Fatal(err)
		}
	}
	return svc, &fanoutQueues{clk, queues, urls}, topic.TopicArn
}

// fanoutQueues are the subscribed queues of a benchmark.
type fanoutQueues struct {
	clk    *sim.Clock
	queues *sqs.Service
	urls   []string
}

// drain empties the queues so that a long benchmark does not measure an
// ever deeper queue. SQS allows a purge a minute, so the clock moves on.
func (f *fanoutQueues) drain(b *testing.B) {
	ctx := context.Background()
	f.clk.Advance(sqs.PurgeInterval)
	for _, url := range f.urls {
		if _, err := f.queues.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: url}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPublish measures a publish of a 100-byte message with two
// attributes to a topic with one SQS subscriber: validation, the envelope,
// the SQS send. "signed" adds the RSA signature AWS puts on every message;
// "unsigned" is [sns.WithoutSignatures].
func BenchmarkPublish(b *testing.B) {
	for _, signed := range []bool{false, true} {
		name, opts := "unsigned", []sns.Option{sns.WithoutSignatures()}
		if signed {
			name, opts = "signed", nil
		}
		b.Run(name, func(b *testing.B) {
			svc, queues, arn := benchFanout(b, 1, opts...)
			in := &sns.PublishInput{
				TopicArn: arn,
				Message:  `{"order":"1234567890","customer":"c-42","total":99.95,"items":["a","b","c"],"note":"ok"}`,
				MessageAttributes: map[string]sns.MessageAttributeValue{
					"event": {DataType: "String", StringValue: "order_placed"},
					"price": {DataType: "Number", StringValue: "99.95"},
				},
			}
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				if _, err := svc.Publish(ctx, in); err != nil {
					b.Fatal(err)
				}
				if i%4096 == 4095 {
					b.StopTimer()
					queues.drain(b)
					b.StartTimer()
				}
			}
		})
	}
}

// BenchmarkFanout100 measures one publish to a topic with 100 SQS
// subscribers.
func BenchmarkFanout100(b *testing.B) {
	for _, signed := range []bool{false, true} {
		name, opts := "unsigned", []sns.Option{sns.WithoutSignatures()}
		if signed {
			name, opts = "signed", nil
		}
		b.Run(name, func(b *testing.B) {
			svc, queues, arn := benchFanout(b, 100, opts...)
			in := &sns.PublishInput{TopicArn: arn, Message: "a message of about thirty bytes"}
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				if _, err := svc.Publish(ctx, in); err != nil {
					b.Fatal(err)
				}
				if i%256 == 255 {
					b.StopTimer()
					queues.drain(b)
					b.StartTimer()
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/100, "ns/delivery")
		})
	}
}

// BenchmarkPublishHTTP measures an unsigned publish to a topic with one
// confirmed https subscriber served in process by a handler that answers
// 200: the request, its context and the guarded call into the handler.
// "plan" adds a fault plan whose rules never fire, so that each attempt
// draws twice from the plan.
func BenchmarkPublishHTTP(b *testing.B) {
	for _, faults := range []bool{false, true} {
		name := "handler"
		if faults {
			name = "plan"
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.Copy(io.Discard, r.Body) })
			svc := sns.New(sns.WithoutSignatures(), sns.WithClock(sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))), sns.WithHTTPHandler(ok))
			if faults {
				err := svc.Account().SetFaultPlan(
					cloud.FaultRule{Name: "never-fails", Fault: sns.FaultDeliveryFailure},
					cloud.FaultRule{Name: "never-slow", Fault: sns.FaultSlowEndpoint},
				)
				if err != nil {
					b.Fatal(err)
				}
			}
			topic, err := svc.CreateTopic(ctx, &sns.CreateTopicInput{Name: "bench"})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := svc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: sns.ProtocolHTTPS, Endpoint: "https://hooks.example.com/bench"}); err != nil {
				b.Fatal(err)
			}
			for _, p := range svc.Inspect().PendingConfirmations() {
				if _, err := svc.ConfirmSubscription(ctx, &sns.ConfirmSubscriptionInput{TopicArn: topic.TopicArn, Token: p.Token}); err != nil {
					b.Fatal(err)
				}
			}
			in := &sns.PublishInput{TopicArn: topic.TopicArn, Message: "a message of about thirty bytes"}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := svc.Publish(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
