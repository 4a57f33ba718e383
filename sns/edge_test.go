package sns_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// A retried raw SQS delivery carries the attributes as published,
// not what the caller's map holds later.
func TestRetryDeliversTheAttributesAsPublished(t *testing.T) {
	fail := true
	e := dlvSetup(t, nil, sns.WithFaultInjector(func(f sns.Fault) error {
		if fail && f.Attempt == 1 {
			return errors.New("outage")
		}
		return nil
	}))
	topic := e.topic("t", nil)
	url, arn := e.queue("q", nil)
	e.subscribe(topic, sns.ProtocolSQS, arn, map[string]string{sns.SubscriptionAttributeRawMessageDelivery: "true"})
	attrs := map[string]sns.MessageAttributeValue{"color": {DataType: "String", StringValue: "red"}}
	e.publish(sns.PublishInput{TopicArn: topic, Message: "m", MessageAttributes: attrs})
	attrs["color"] = sqs.MessageAttributeValue{DataType: "String", StringValue: "blue"} // caller reuses its map
	e.clk.Advance(time.Second)
	msgs := e.receive(url)
	require.Len(t, msgs, 1)
	assert.Equal(t, "red", msgs[0].MessageAttributes["color"].StringValue)
}

// Restoring through the UnsubscribeConfirmation after the endpoint
// subscribed again keeps the one subscription: one endpoint, one delivery.
func TestRestoreKeepsAnEndpointSubscribedAgain(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	ep := "https://hooks.example.com/x"
	sub := e.subscribe(topic, sns.ProtocolHTTPS, ep, nil)
	_, err := e.svc.Unsubscribe(e.ctx, &sns.UnsubscribeInput{SubscriptionArn: sub})
	require.NoError(t, err)
	notice := dlvParse(t, e.web.requests("UnsubscribeConfirmation", ep)[0].Body)
	e.subscribe(topic, sns.ProtocolHTTPS, ep, nil) // subscribes again, confirmed
	rec := httptest.NewRecorder()
	e.svc.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, notice.SubscribeURL, nil))
	e.publish(sns.PublishInput{TopicArn: topic, Message: "once"})
	assert.Len(t, e.web.requests("Notification", ep), 1, "one endpoint, one subscription, one delivery")
}

// Two publishers of one FIFO group: the queue receives the messages in
// sequence-number order, even when the first publisher is still between
// its sequence number and its send when the second publishes.
func TestFIFOPublishersOfOneGroupDeliverInSequenceOrder(t *testing.T) {
	hold, held := make(chan struct{}), make(chan struct{})
	var holdFirst atomic.Bool
	e := dlvSetup(t, nil, sns.WithFaultInjector(func(f sns.Fault) error {
		if f.MessageID != "" && holdFirst.CompareAndSwap(true, false) {
			close(held)
			<-hold // publisher A is between its sequence number and its send
		}
		return nil
	}))
	topic := e.topic("o.fifo", map[string]string{sns.TopicAttributeFifoTopic: "true", sns.TopicAttributeContentBasedDeduplication: "true"})
	url, arn := e.queue("o.fifo", map[string]string{"FifoQueue": "true"})
	e.subscribe(topic, sns.ProtocolSQS, arn, map[string]string{sns.SubscriptionAttributeRawMessageDelivery: "true"})
	holdFirst.Store(true)
	seqA := make(chan string)
	go func() {
		out, err := e.svc.Publish(e.ctx, &sns.PublishInput{TopicArn: topic, Message: "A", MessageGroupId: "g"})
		assert.NoError(t, err)
		seqA <- out.SequenceNumber
	}()
	<-held
	outB, err := e.svc.Publish(e.ctx, &sns.PublishInput{TopicArn: topic, Message: "B", MessageGroupId: "g"})
	require.NoError(t, err)
	close(hold)
	a := <-seqA
	require.Less(t, a, outB.SequenceNumber)
	var bodies []string
	for _, m := range e.receive(url) {
		bodies = append(bodies, m.Body)
	}
	assert.Equal(t, []string{"A", "B"}, bodies, "SQS order must follow SNS sequence numbers")
}

// An invalid MessageGroupId on a standard topic is refused by Publish,
// rather than accepted and then refused by every SQS subscriber.
func TestInvalidMessageGroupIdIsRefusedOnStandardTopics(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	_, arn := e.queue("q", nil)
	e.subscribe(topic, sns.ProtocolSQS, arn, nil)
	_, err := e.svc.Publish(e.ctx, &sns.PublishInput{TopicArn: topic, Message: "m", MessageGroupId: string(make([]byte, 200))})
	require.ErrorIs(t, err, sns.ErrInvalidParameterException)
	assert.Zero(t, e.svc.Inspect().Stats().Published)
}

// Odd endpoints, attributes and URLs are refused or handled, never a
// panic: malformed ARNs, URLs and addresses at Subscribe, unknown URLs at
// the Handler with an HTTP error.
//
// An sqs endpoint is "the ARN of an Amazon SQS queue" and a lambda one
// "the ARN of an AWS Lambda function" (Amazon SNS API Reference:
// Subscribe), which have the forms arn:aws:sqs:region:account:name and
// arn:aws:lambda:region:account:function:name[:qualifier] (Service
// Authorization Reference: "Actions, resources, and condition keys for
// Amazon SQS" and "… for AWS Lambda") with a 12-digit account ID (IAM User
// Guide: "Identify AWS resources with Amazon Resource Names (ARNs)"). So
// arn:aws:sqs:a:b:c, arn:aws:sqs::: and arn:aws:lambda:a:b:c:d:e:f:g are
// not such ARNs and are refused, as AWS refuses a queue URL ("Invalid
// parameter: SQS endpoint ARN"), while a well-formed ARN of a queue or
// function that does not exist is accepted.
func TestOddInputsAreRefusedWithoutPanic(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	for _, tc := range []struct {
		in      sns.SubscribeInput
		refused bool
	}{
		{sns.SubscribeInput{Protocol: "sqs", Endpoint: "arn:aws:sqs:us-east-1:000000000000:nope"}, false}, // well formed; no such queue
		{sns.SubscribeInput{Protocol: "lambda", Endpoint: "arn:aws:lambda:us-east-1:000000000000:function:nope:live"}, false},
		{sns.SubscribeInput{Protocol: "sqs", Endpoint: "arn:aws:sqs:a:b:c"}, true}, // the account is not 12 digits
		{sns.SubscribeInput{Protocol: "sqs", Endpoint: "arn:aws:sqs:::"}, true},
		{sns.SubscribeInput{Protocol: "lambda", Endpoint: "arn:aws:lambda:a:b:c:d:e:f:g"}, true}, // not function:name

		{sns.SubscribeInput{Protocol: "http", Endpoint: "http://ünïcødé.example/ä?x=ö"}, false},
		{sns.SubscribeInput{Protocol: "https", Endpoint: "https://%zz/"}, true},
		{sns.SubscribeInput{Protocol: "https", Endpoint: "https://a b/"}, true},
		{sns.SubscribeInput{Protocol: "https", Endpoint: "https:///path"}, true},
		{sns.SubscribeInput{Protocol: "sms", Endpoint: "+12"}, false},
		{sns.SubscribeInput{Protocol: "email", Endpoint: "a@b@c"}, true},
	} {
		tc.in.TopicArn, tc.in.ReturnSubscriptionArn = topic, true
		_, err := e.svc.Subscribe(e.ctx, &tc.in)
		if tc.refused {
			assert.ErrorIs(t, err, sns.ErrInvalidParameterException, tc.in.Endpoint)
		} else {
			assert.NoError(t, err, tc.in.Endpoint)
		}
	}
	_, err := e.svc.Publish(e.ctx, &sns.PublishInput{TopicArn: topic, Message: "m", Subject: "s",
		MessageAttributes: map[string]sns.MessageAttributeValue{
			"n": {DataType: "Number", StringValue: "1e308"}, "a": {DataType: "String.Array", StringValue: `[1,[2],{"x":null}]`},
			"b": {DataType: "Binary.x", BinaryValue: []byte{0, 255}},
		}})
	require.NoError(t, err)
	e.clk.Advance(time.Hour)
	for _, u := range []string{"/?Action=ConfirmSubscription", "/?Action=Unsubscribe&SubscriptionArn=a:b:c:d:e:f", "/SimpleNotificationService-x.pem", "/?Action=ConfirmSubscription&TopicArn=" + topic + "&Token=zz", "/?Action=Nothing"} {
		rec := httptest.NewRecorder()
		e.svc.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, u, nil))
		assert.GreaterOrEqual(t, rec.Code, 400, u)
		assert.Less(t, rec.Code, 500, u)
	}
}

// A restore refused for the filter-policy limit leaves the
// UnsubscribeConfirmation's token usable: a refused request changes
// nothing.
func TestRefusedRestoreKeepsItsToken(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	ep := "https://hooks.example.com/x"
	fp := map[string]string{sns.SubscriptionAttributeFilterPolicy: `{"a":["b"]}`}
	sub := e.subscribe(topic, sns.ProtocolHTTPS, ep, fp)
	_, err := e.svc.Unsubscribe(e.ctx, &sns.UnsubscribeInput{SubscriptionArn: sub})
	require.NoError(t, err)
	notice := dlvParse(t, e.web.requests("UnsubscribeConfirmation", ep)[0].Body)
	var last string
	for i := range sns.MaxFilterPolicies {
		last = e.subscribe(topic, sns.ProtocolSMS, "+1555000"+time.Duration(i).String()[:len(time.Duration(i).String())-2], fp)
	}
	_, err = e.svc.ConfirmSubscription(e.ctx, &sns.ConfirmSubscriptionInput{TopicArn: topic, Token: notice.Token})
	require.ErrorIs(t, err, sns.ErrFilterPolicyLimitExceededException)
	_, err = e.svc.Unsubscribe(e.ctx, &sns.UnsubscribeInput{SubscriptionArn: last})
	require.NoError(t, err)
	_, err = e.svc.ConfirmSubscription(e.ctx, &sns.ConfirmSubscriptionInput{TopicArn: topic, Token: notice.Token})
	assert.NoError(t, err, "the refused restore must leave the token usable")
}

// AWS refuses to unsubscribe a pending subscription (§2.2; SNS answers
// InvalidParameter "Cannot unsubscribe a subscription that is pending confirmation").
func TestPendingSubscriptionCannotBeUnsubscribed(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	out, err := e.svc.Subscribe(e.ctx, &sns.SubscribeInput{TopicArn: topic, Protocol: "https", Endpoint: "https://h.example.com/", ReturnSubscriptionArn: true})
	require.NoError(t, err)
	_, err = e.svc.Unsubscribe(e.ctx, &sns.UnsubscribeInput{SubscriptionArn: out.SubscriptionArn})
	assert.ErrorIs(t, err, sns.ErrInvalidParameterException)
}

// Subscribing a pending endpoint again sends it a new confirmation
// request.
func TestSubscribingAPendingEndpointAgainSendsANewConfirmation(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	in := &sns.SubscribeInput{TopicArn: topic, Protocol: "https", Endpoint: "https://h.example.com/"}
	for range 2 {
		_, err := e.svc.Subscribe(e.ctx, in)
		require.NoError(t, err)
	}
	assert.Len(t, e.web.requests("SubscriptionConfirmation", ""), 2)
}

// With the real clock a retry runs on a timer's goroutine while the caller
// goes on reusing its attribute map: the race detector fails this test if
// the retry reads the caller's map.
func TestRetryDoesNotReadTheCallersMapOnTheRealClock(t *testing.T) {
	queues := sqs.New()
	_, err := queues.CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: "q"})
	require.NoError(t, err)
	arn := "arn:aws:sqs:us-east-1:000000000000:q"
	var n atomic.Int32
	svc := sns.New(sns.WithAccount(queues.Account()), sns.WithFaultInjector(func(f sns.Fault) error {
		if n.Add(1) == 1 {
			return errors.New("outage")
		}
		return nil
	}))
	top, _ := svc.CreateTopic(t.Context(), &sns.CreateTopicInput{Name: "t"})
	_, err = svc.Subscribe(t.Context(), &sns.SubscribeInput{TopicArn: top.TopicArn, Protocol: "sqs", Endpoint: arn, Attributes: map[string]string{"RawMessageDelivery": "true"}})
	require.NoError(t, err)
	attrs := map[string]sns.MessageAttributeValue{"k": {DataType: "String", StringValue: "v"}}
	_, err = svc.Publish(t.Context(), &sns.PublishInput{TopicArn: top.TopicArn, Message: "m", MessageAttributes: attrs})
	require.NoError(t, err)
	for i := 0; n.Load() < 2; i++ { // the caller reuses its map while the retry runs
		attrs["k"] = sns.MessageAttributeValue{DataType: "String", StringValue: fmt.Sprint(i)}
		runtime.Gosched()
	}
}

// CreateTopic again with an attribute at its default value is the same
// topic: the attributes are not different.
func TestCreateTopicAgainWithADefaultValueIsTheSameTopic(t *testing.T) {
	e := dlvSetup(t, nil)
	e.topic("x.fifo", map[string]string{sns.TopicAttributeFifoTopic: "true"})
	_, err := e.svc.CreateTopic(e.ctx, &sns.CreateTopicInput{Name: "x.fifo", Attributes: map[string]string{sns.TopicAttributeFifoTopic: "true", sns.TopicAttributeContentBasedDeduplication: "false"}})
	assert.NoError(t, err, "ContentBasedDeduplication false is the topic's value")
}
