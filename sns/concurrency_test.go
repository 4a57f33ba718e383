package sns_test

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// Concurrency: every Service is safe for concurrent use (package
// documentation, "Concurrency"); these tests run publishers, subscribers, readers and the
// clock on many goroutines at once and are meant for go test -race. The
// dlv… helpers come from delivery_test.go.

// Publishers, subscription churn, attribute changes, confirmations,
// listings, inspection and clock moves all run at once without a data
// race, and no message to the one steady subscription is lost or
// duplicated: every publish is delivered to it exactly once.
func TestConcurrentPublishersAndSubscribersAreRaceFree(t *testing.T) {
	const publishers, perPublisher, batches = 6, 40, 4
	e := dlvSetup(t, func(r *http.Request) int {
		if strings.Contains(r.URL.Path, "/flaky/") && r.Header.Get("x-amz-sns-message-type") == "Notification" {
			return http.StatusServiceUnavailable
		}
		return http.StatusOK
	}, sns.WithoutSignatures())
	topic := e.topic("busy", nil)
	steadyURL, steadyARN := e.queue("steady", nil)
	e.subscribe(topic, sns.ProtocolSQS, steadyARN, map[string]string{sns.SubscriptionAttributeRawMessageDelivery: "true"})
	var churnARNs []string
	for i := range 4 {
		_, arn := e.queue(fmt.Sprint("churn", i), nil)
		churnARNs = append(churnARNs, arn)
	}

	// publishing waits for the publishers and the churners; wg for the
	// readers and the clock, which run until stop is set.
	var publishing, wg sync.WaitGroup
	var stop atomic.Bool
	errs := make(chan error, 64)
	report := func(err error) {
		if err != nil {
			select {
			case errs <- err:
			default:
			}
		}
	}

	for p := range publishers {
		publishing.Go(func() {
			for i := range perPublisher {
				_, err := e.svc.Publish(e.ctx, &sns.PublishInput{
					TopicArn: topic, Message: fmt.Sprintf("p%d-%d", p, i),
					MessageAttributes: map[string]sns.MessageAttributeValue{"n": {DataType: "Number", StringValue: fmt.Sprint(i)}},
				})
				report(err)
			}
		})
	}
	publishing.Go(func() {
		for b := range batches {
			var entries []sns.PublishBatchRequestEntry
			for i := range 5 {
				entries = append(entries, sns.PublishBatchRequestEntry{Id: fmt.Sprint("e", i), Message: fmt.Sprintf("b%d-%d", b, i)})
			}
			out, err := e.svc.PublishBatch(e.ctx, &sns.PublishBatchInput{TopicArn: topic, PublishBatchRequestEntries: entries})
			report(err)
			if err == nil && len(out.Failed) > 0 {
				report(fmt.Errorf("batch entries failed: %v", out.Failed))
			}
		}
	})
	// Churn: subscribe and unsubscribe queues and HTTP endpoints, change
	// filter policies, confirm pending subscriptions.
	for c := range 2 {
		publishing.Go(func() {
			for i := range 30 {
				arn := churnARNs[(c*2+i)%len(churnARNs)]
				out, err := e.svc.Subscribe(e.ctx, &sns.SubscribeInput{TopicArn: topic, Protocol: sns.ProtocolSQS, Endpoint: arn})
				report(err)
				if err != nil {
					continue
				}
				_, err = e.svc.SetSubscriptionAttributes(e.ctx, &sns.SetSubscriptionAttributesInput{
					SubscriptionArn: out.SubscriptionArn, AttributeName: sns.SubscriptionAttributeFilterPolicy,
					AttributeValue: fmt.Sprintf(`{"n":[{"numeric":[">=",%d]}]}`, i%perPublisher),
				})
				_ = err // the other churner may have unsubscribed it: NotFound
				hook := fmt.Sprintf("https://h%d.example.com/flaky/%d", c, i%3)
				h, err := e.svc.Subscribe(e.ctx, &sns.SubscribeInput{TopicArn: topic, Protocol: sns.ProtocolHTTPS, Endpoint: hook, ReturnSubscriptionArn: true})
				report(err)
				for _, p := range e.svc.Inspect().PendingConfirmations() {
					if p.TopicARN == topic {
						_, _ = e.svc.ConfirmSubscription(e.ctx, &sns.ConfirmSubscriptionInput{TopicArn: topic, Token: p.Token})
					}
				}
				_, _ = e.svc.Unsubscribe(e.ctx, &sns.UnsubscribeInput{SubscriptionArn: out.SubscriptionArn})
				if err == nil && i%2 == 0 {
					_, _ = e.svc.Unsubscribe(e.ctx, &sns.UnsubscribeInput{SubscriptionArn: h.SubscriptionArn})
				}
			}
		})
	}
	// Readers.
	wg.Go(func() {
		for !stop.Load() {
			_, err := e.svc.ListSubscriptionsByTopic(e.ctx, &sns.ListSubscriptionsByTopicInput{TopicArn: topic})
			report(err)
			_, err = e.svc.GetTopicAttributes(e.ctx, &sns.GetTopicAttributesInput{TopicArn: topic})
			report(err)
			_ = e.svc.Inspect().Deliveries()
			_ = e.svc.Inspect().Messages()
			_ = e.svc.Inspect().Stats()
		}
	})
	// The clock: retries of the flaky endpoints run on this goroutine.
	wg.Go(func() {
		// At most an hour of virtual time: unbounded, this loop outruns
		// the publishers by days, and SQS's 4-day retention deletes the
		// first messages before the test reads them.
		for i := 0; i < 3600 && !stop.Load(); i++ {
			e.clk.Advance(time.Second)
		}
	})

	// Stop the open-ended goroutines once the publishers are done.
	publishing.Wait()
	stop.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	e.clk.Advance(time.Hour)

	msgs := e.receive(steadyURL)
	seen := map[string]int{}
	for _, m := range msgs {
		seen[m.Body]++
	}
	assert.Len(t, seen, publishers*perPublisher+batches*5, "every publish reached the steady subscription")
	for body, n := range seen {
		assert.Equal(t, 1, n, "%s delivered %d times", body, n)
	}
	st := e.svc.Inspect().Stats()
	assert.Equal(t, publishers*perPublisher+batches*5, st.Published)
	var delivered, failed int
	for _, a := range e.svc.Inspect().Deliveries() {
		switch a.Outcome {
		case sns.OutcomeDelivered:
			delivered++
		default:
			failed++
		}
	}
	assert.Equal(t, st.Delivered, delivered, "Stats agree with the recorded attempts")
	assert.Equal(t, st.FailedAttempts, failed)
}

// Concurrent publishers to a FIFO topic, one message group each, keep the
// order of every group in the FIFO queue subscribed to it, and the
// sequence numbers SNS returns increase along each group (Amazon SNS
// Developer Guide:
// https://docs.aws.amazon.com/sns/latest/dg/fifo-message-delivery.html).
func TestConcurrentFIFOPublishersKeepEachGroupInOrder(t *testing.T) {
	const groups, perGroup = 5, 30
	e := dlvSetup(t, nil)
	topic := e.topic("ordered.fifo", map[string]string{sns.TopicAttributeFifoTopic: "true", sns.TopicAttributeContentBasedDeduplication: "true"})
	url, arn := e.queue("ordered.fifo", map[string]string{"FifoQueue": "true"})
	e.subscribe(topic, sns.ProtocolSQS, arn, map[string]string{sns.SubscriptionAttributeRawMessageDelivery: "true"})

	seqs := make([][]string, groups)
	var wg sync.WaitGroup
	for g := range groups {
		wg.Go(func() {
			for i := range perGroup {
				out, err := e.svc.Publish(e.ctx, &sns.PublishInput{TopicArn: topic, Message: fmt.Sprintf("g%d-%03d", g, i), MessageGroupId: fmt.Sprint("g", g)})
				if !assert.NoError(t, err) {
					return
				}
				seqs[g] = append(seqs[g], out.SequenceNumber)
			}
		})
	}
	wg.Wait()

	for g := range groups {
		require.Len(t, seqs[g], perGroup)
		for i := 1; i < perGroup; i++ {
			assert.Less(t, seqs[g][i-1], seqs[g][i], "group %d: sequence numbers increase (same length, so text order is numeric order)", g)
		}
	}
	byGroup := map[string][]string{}
	for _, m := range e.receive(url) {
		group, _, _ := strings.Cut(m.Body, "-")
		byGroup[group] = append(byGroup[group], m.Body)
	}
	require.Len(t, byGroup, groups)
	for g := range groups {
		var want []string
		for i := range perGroup {
			want = append(want, fmt.Sprintf("g%d-%03d", g, i))
		}
		assert.Equal(t, want, byGroup[fmt.Sprint("g", g)])
	}
}

// Two publishers of one FIFO group: the queue receives the messages in
// sequence-number order, even when the first publisher is still between
// its sequence number and its send when the second publishes. The queue
// is a fake that the account delivers to, which holds the first message
// until the second publisher has returned.
func TestFIFOPublishersOfOneGroupDeliverInSequenceOrder(t *testing.T) {
	hold, held := make(chan struct{}), make(chan struct{})
	var holdFirst atomic.Bool
	var mu sync.Mutex
	var bodies []string
	acct := cloud.New(cloud.WithClock(sim.NewClock(dlvT0)))
	acct.Join("sqs", "fake queue", func(_ context.Context, _ string, m cloud.Message) error {
		if holdFirst.CompareAndSwap(true, false) {
			close(held)
			<-hold // publisher A is between its sequence number and its send
		}
		mu.Lock()
		defer mu.Unlock()
		bodies = append(bodies, m.Body)
		return nil
	})
	svc := sns.New(sns.WithAccount(acct))
	ctx := t.Context()
	top, err := svc.CreateTopic(ctx, &sns.CreateTopicInput{Name: "o.fifo", Attributes: map[string]string{sns.TopicAttributeFifoTopic: "true", sns.TopicAttributeContentBasedDeduplication: "true"}})
	require.NoError(t, err)
	_, err = svc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: top.TopicArn, Protocol: sns.ProtocolSQS, Endpoint: "arn:aws:sqs:us-east-1:000000000000:o.fifo", Attributes: map[string]string{sns.SubscriptionAttributeRawMessageDelivery: "true"}})
	require.NoError(t, err)
	holdFirst.Store(true)
	seqA := make(chan string)
	go func() {
		out, err := svc.Publish(ctx, &sns.PublishInput{TopicArn: top.TopicArn, Message: "A", MessageGroupId: "g"})
		assert.NoError(t, err)
		seqA <- out.SequenceNumber
	}()
	<-held
	outB, err := svc.Publish(ctx, &sns.PublishInput{TopicArn: top.TopicArn, Message: "B", MessageGroupId: "g"})
	require.NoError(t, err)
	close(hold)
	a := <-seqA
	require.Less(t, a, outB.SequenceNumber)
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{"A", "B"}, bodies, "SQS order must follow SNS sequence numbers")
}

// With the real clock a retry runs on a timer's goroutine while the caller
// goes on reusing its attribute map: the race detector fails this test if
// the retry reads the caller's map.
func TestRetryDoesNotReadTheCallersMapOnTheRealClock(t *testing.T) {
	queues := sqs.New()
	_, err := queues.CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: "q"})
	require.NoError(t, err)
	arn := "arn:aws:sqs:us-east-1:000000000000:q"
	require.NoError(t, queues.Account().SetFaultPlan(cloud.FaultRule{Name: "outage", Fault: sns.FaultDeliveryFailure, Probability: 1, Count: 1}))
	svc := sns.New(sns.WithAccount(queues.Account()))
	top, _ := svc.CreateTopic(t.Context(), &sns.CreateTopicInput{Name: "t"})
	_, err = svc.Subscribe(t.Context(), &sns.SubscribeInput{TopicArn: top.TopicArn, Protocol: "sqs", Endpoint: arn, Attributes: map[string]string{"RawMessageDelivery": "true"}})
	require.NoError(t, err)
	attrs := map[string]sns.MessageAttributeValue{"k": {DataType: "String", StringValue: "v"}}
	_, err = svc.Publish(t.Context(), &sns.PublishInput{TopicArn: top.TopicArn, Message: "m", MessageAttributes: attrs})
	require.NoError(t, err)
	for i := 0; svc.Inspect().Stats().Delivered == 0; i++ { // the caller reuses its map while the retry runs
		attrs["k"] = sns.MessageAttributeValue{DataType: "String", StringValue: fmt.Sprint(i)}
		runtime.Gosched()
	}
}
