package sns_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/sns"
)

// Scenario tests of user code that misbehaves: an HTTP handler that
// panics or blocks fails the attempt it is called for, as a
// crashed or hung server does, and nothing else (package documentation,
// "User code"; Amazon SNS Developer Guide, "Amazon SNS message delivery
// retries": server-side errors are retried by the delivery policy).

// ucPanicOnNotifications is an endpoint status that confirms subscriptions
// and panics on every notification, as a handler with a bug does.
func ucPanicOnNotifications(r *http.Request) int {
	if r.Header.Get("x-amz-sns-message-type") == "Notification" {
		panic("handler bug")
	}
	return http.StatusOK
}

// A real HTTP server turns a panicking handler into a failed request; SNS
// then goes on to the topic's other subscribers, so the SQS queue
// subscribed after the endpoint gets the message at once.
func TestPanickingHTTPSubscriberDoesNotStopTheSQSSubscriberAfterIt(t *testing.T) {
	e := dlvSetup(t, ucPanicOnNotifications)
	topic := e.topic("orders", nil)
	endpoint := "https://hooks.example.com/orders"
	web := e.subscribe(topic, sns.ProtocolHTTPS, endpoint, nil)
	url, arn := e.queue("orders", nil)
	queue := e.subscribe(topic, sns.ProtocolSQS, arn, nil)

	var id string
	require.NotPanics(t, func() {
		out, err := e.svc.Publish(e.ctx, &sns.PublishInput{TopicArn: topic, Message: "order 1"})
		require.NoError(t, err)
		id = out.MessageId
	}, "the handler's panic escaped Publish")

	msgs := e.receive(url)
	require.Len(t, msgs, 1, "the queue after the panicking endpoint did not get the message")
	assert.Equal(t, id, dlvParse(t, []byte(msgs[0].Body)).MessageId)
	got := e.attempts("Notification", web)
	require.Len(t, got, 1)
	assert.Equal(t, sns.OutcomeFailed, got[0].Outcome)
	assert.Contains(t, got[0].Reason, endpoint)
	assert.Contains(t, got[0].Reason, "panic: handler bug")
	if q := e.attempts("Notification", queue); assert.Len(t, q, 1) {
		assert.Equal(t, sns.OutcomeDelivered, q[0].Outcome, "the queue's delivery is recorded")
	}
}

// The failed request of a panicking handler is a server-side error, which
// the HTTP/S delivery policy retries (by default 3 retries 20 seconds
// apart) and then sends to the dead-letter queue.
func TestPanickingHTTPSubscriberIsRetriedByTheDeliveryPolicy(t *testing.T) {
	e := dlvSetup(t, ucPanicOnNotifications)
	topic := e.topic("orders", nil)
	dlqURL, dlqARN := e.queue("orders-dlq", nil)
	endpoint := "https://hooks.example.com/orders"
	sub := e.subscribe(topic, sns.ProtocolHTTPS, endpoint, map[string]string{sns.SubscriptionAttributeRedrivePolicy: dlvRedrive(dlqARN)})

	require.NotPanics(t, func() { e.publish(sns.PublishInput{TopicArn: topic, Message: "order 1"}) })
	e.clk.Advance(time.Hour)

	assert.Equal(t, dlvSecs(0, 20, 40, 60), dlvRequestTimes(e.web.requests("Notification", endpoint)))
	got := e.attempts("Notification", sub)
	require.Len(t, got, 4)
	for i, a := range got[:3] {
		assert.Equal(t, sns.OutcomeFailed, a.Outcome, "attempt %d", i+1)
		assert.Equal(t, a.At.Add(20*time.Second), a.NextAttemptAt, "attempt %d", i+1)
	}
	assert.Equal(t, dlqARN, got[3].DeadLetterTargetARN)
	assert.Len(t, e.receive(dlqURL), 1)
}

// SNS waits 15 seconds for an HTTP/S endpoint's answer: an in-process
// handler's request context has that deadline, in virtual time from the
// attempt, and is cancelled once the attempt is over, as a server cancels
// a request's context when its handler returns.
func TestHTTPSubscriberRequestContextHasThe15SecondDeliveryTimeoutInVirtualTime(t *testing.T) {
	type seen struct {
		ctx      context.Context
		deadline time.Time
		ok       bool
		err      error
	}
	var mu sync.Mutex
	var calls []seen
	e := dlvSetup(t, func(r *http.Request) int {
		if r.Header.Get("x-amz-sns-message-type") != "Notification" {
			return http.StatusOK
		}
		ctx := r.Context()
		d, ok := ctx.Deadline()
		mu.Lock()
		defer mu.Unlock()
		calls = append(calls, seen{ctx, d, ok, ctx.Err()})
		if len(calls) == 1 {
			return http.StatusServiceUnavailable // retried 20 s later
		}
		return http.StatusOK
	})
	topic := e.topic("orders", nil)
	e.subscribe(topic, sns.ProtocolHTTPS, "https://hooks.example.com/orders", nil)
	e.clk.Advance(time.Minute)
	published := e.clk.Now()
	e.publish(sns.PublishInput{TopicArn: topic, Message: "order 1"})
	e.clk.Advance(time.Minute)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, calls, 2)
	for i, at := range []time.Time{published, published.Add(20 * time.Second)} {
		c := calls[i]
		assert.True(t, c.ok, "attempt %d: the request context has no deadline", i+1)
		assert.Equal(t, at.Add(sns.HTTPDeliveryTimeout), c.deadline, "attempt %d", i+1)
		assert.Equal(t, 15*time.Second, sns.HTTPDeliveryTimeout)
		assert.NoError(t, c.err, "attempt %d: the context was done while the handler ran", i+1)
		assert.ErrorIs(t, c.ctx.Err(), context.Canceled, "attempt %d: the context is not cancelled once the attempt is over", i+1)
	}
}

// With cloud.WithWatchdog, a handler that does not return fails its
// attempt, as a timeout does, with an error that names the endpoint and
// the virtual instant of the call; its request context is cancelled with
// that error as the cause; the topic's other subscribers get the message,
// and the attempt is retried by the delivery policy.
func TestWatchdogFailsABlockedHTTPHandlerWithAnErrorNamingTheEndpoint(t *testing.T) {
	release := make(chan struct{}) // ends the blocked handler if the watchdog never does
	t.Cleanup(func() { close(release) })
	var mu sync.Mutex
	calls := 0
	var cause error
	cancelled := make(chan struct{})
	e := dlvSetupAccount(t, []cloud.Option{cloud.WithWatchdog(20 * time.Millisecond)}, func(r *http.Request) int {
		if r.Header.Get("x-amz-sns-message-type") != "Notification" {
			return http.StatusOK
		}
		mu.Lock()
		calls++
		first := calls == 1
		mu.Unlock()
		if !first {
			return http.StatusOK
		}
		select {
		case <-r.Context().Done():
			mu.Lock()
			cause = context.Cause(r.Context())
			mu.Unlock()
			close(cancelled)
		case <-release:
		}
		return http.StatusOK
	})
	topic := e.topic("orders", nil)
	endpoint := "https://hooks.example.com/orders"
	web := e.subscribe(topic, sns.ProtocolHTTPS, endpoint, nil)
	url, arn := e.queue("orders", nil)
	e.subscribe(topic, sns.ProtocolSQS, arn, nil)

	published := make(chan struct{})
	go func() {
		defer close(published)
		_, _ = e.svc.Publish(e.ctx, &sns.PublishInput{TopicArn: topic, Message: "order 1"})
	}()
	// A real-time bound: the watchdog's limit is 20 ms, so a Publish still
	// blocked after 10 s of real time is the old behaviour, a hang.
	select {
	case <-published:
	case <-time.After(10 * time.Second):
		t.Fatal("Publish is still blocked on the handler: the watchdog did not fail the attempt")
	}

	assert.Len(t, e.receive(url), 1, "the queue after the blocked endpoint did not get the message")
	got := e.attempts("Notification", web)
	require.Len(t, got, 1)
	a := got[0]
	assert.Equal(t, sns.OutcomeFailed, a.Outcome)
	for _, s := range []string{endpoint, a.At.Format(time.RFC3339Nano)} {
		assert.True(t, strings.Contains(a.Reason, s), "the reason %q does not say %q", a.Reason, s)
	}
	assert.Equal(t, a.At.Add(20*time.Second), a.NextAttemptAt, "retried by the delivery policy")

	select {
	case <-cancelled:
	case <-time.After(10 * time.Second):
		t.Fatal("the blocked handler's request context was not cancelled")
	}
	mu.Lock()
	var b *cloud.BlockedError
	assert.True(t, errors.As(cause, &b) && b.What == "http endpoint "+endpoint, "the context's cause %v is not the BlockedError", cause)
	mu.Unlock()

	e.clk.Advance(time.Minute)
	got = e.attempts("Notification", web)
	require.Len(t, got, 2)
	assert.Equal(t, sns.OutcomeDelivered, got[1].Outcome)
}

// An answer that comes after the 15-second delivery timeout is no answer
// to SNS: the attempt fails as a timeout and is retried, whatever the
// status. (The handler here takes 16 seconds of virtual time by moving the
// clock itself.)
func TestHTTPAnswerAfterTheDeliveryTimeoutFailsTheAttempt(t *testing.T) {
	var e *dlvEnv
	slow := true
	e = dlvSetup(t, func(r *http.Request) int {
		if r.Header.Get("x-amz-sns-message-type") == "Notification" && slow {
			slow = false
			e.clk.Advance(sns.HTTPDeliveryTimeout + time.Second)
		}
		return http.StatusOK
	})
	topic := e.topic("orders", nil)
	sub := e.subscribe(topic, sns.ProtocolHTTPS, "https://hooks.example.com/orders", nil)
	e.publish(sns.PublishInput{TopicArn: topic, Message: "order 1"})
	e.clk.Advance(time.Minute)

	got := e.attempts("Notification", sub)
	require.Len(t, got, 2)
	assert.Equal(t, sns.OutcomeFailed, got[0].Outcome)
	assert.Contains(t, got[0].Reason, "timed out")
	assert.Equal(t, got[0].At.Add(20*time.Second), got[0].NextAttemptAt)
	assert.Equal(t, sns.OutcomeDelivered, got[1].Outcome)
}
