package sns_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// Scenario tests of delivery: what each kind of endpoint receives, retries
// and their schedules, dead-letter queues, throttling, and the Inspector
// (Amazon SNS Developer Guide: "Amazon SNS message delivery retries",
// "Amazon SNS dead-letter queues", "Parsing Amazon SNS message formats").
// The dlv… helpers are shared with the determinism, signature, concurrency
// and confirmation tests of this package.

// dlvT0 is the virtual instant every delivery scenario starts at.
var dlvT0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// dlvRole is the execution role of the test functions.
const dlvRole = "arn:aws:iam::000000000000:role/sns-test"

// dlvRequest is one HTTP request an endpoint received.
type dlvRequest struct {
	At     time.Time // the service clock's time when it arrived
	URL    string
	Header http.Header
	Body   []byte
}

// Type is the x-amz-sns-message-type header of the request.
func (r dlvRequest) Type() string { return r.Header.Get("x-amz-sns-message-type") }

// dlvEndpoint is the http.Handler behind every http and https
// subscription of a test: it records each request with the clock's time
// and answers with the status that status returns (200 when status is
// nil), which may read the request's body again.
type dlvEndpoint struct {
	now    func() time.Time
	status func(r *http.Request) int

	mu   sync.Mutex
	reqs []dlvRequest
}

// ServeHTTP records the request and answers it.
func (e *dlvEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	e.mu.Lock()
	e.reqs = append(e.reqs, dlvRequest{At: e.now(), URL: r.URL.String(), Header: r.Header.Clone(), Body: body})
	e.mu.Unlock()
	r.Body = io.NopCloser(bytes.NewReader(body)) // for status to read again
	code := http.StatusOK
	if e.status != nil {
		code = e.status(r)
	}
	w.WriteHeader(code)
}

// requests returns the requests of message type typ ("" for all) to the
// URL url ("" for any), in arrival order.
func (e *dlvEndpoint) requests(typ, url string) []dlvRequest {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []dlvRequest
	for _, r := range e.reqs {
		if (typ == "" || r.Type() == typ) && (url == "" || r.URL == url) {
			out = append(out, r)
		}
	}
	return out
}

// dlvFailNotifications is an endpoint status that confirms subscriptions
// (200) and fails every notification with 500.
func dlvFailNotifications(r *http.Request) int {
	if r.Header.Get("x-amz-sns-message-type") == "Notification" {
		return http.StatusInternalServerError
	}
	return http.StatusOK
}

// dlvEnv is an SNS service on a virtual clock, wired to an SQS service, a
// Lambda service and a recording HTTP endpoint, keeping history.
type dlvEnv struct {
	t      testing.TB
	ctx    context.Context
	clk    *sim.Clock
	queues *sqs.Service
	fns    *lambda.Service
	svc    *sns.Service
	web    *dlvEndpoint
}

// dlvSetup returns a new environment whose HTTP endpoint answers with
// status (nil: always 200); opts are added to the SNS service's options.
func dlvSetup(t testing.TB, status func(*http.Request) int, opts ...sns.Option) *dlvEnv {
	t.Helper()
	return dlvSetupSeed(t, 1, status, opts...)
}

// dlvSetupSeed is dlvSetup with the account's root seed.
func dlvSetupSeed(t testing.TB, seed uint64, status func(*http.Request) int, opts ...sns.Option) *dlvEnv {
	t.Helper()
	return dlvSetupAccount(t, []cloud.Option{cloud.WithSeed(seed)}, status, opts...)
}

// dlvSetupAccount is dlvSetup with options of the account (its clock is
// the environment's).
func dlvSetupAccount(t testing.TB, acctOpts []cloud.Option, status func(*http.Request) int, opts ...sns.Option) *dlvEnv {
	t.Helper()
	clk := sim.NewClock(dlvT0)
	e := &dlvEnv{t: t, ctx: context.Background(), clk: clk}
	e.web = &dlvEndpoint{now: clk.Now, status: status}
	e.queues = sqs.New(sqs.WithAccount(cloud.New(append([]cloud.Option{cloud.WithClock(clk)}, acctOpts...)...)))
	e.fns = lambda.New(lambda.WithSQS(e.queues))
	all := append([]sns.Option{
		sns.WithAccount(e.queues.Account()),
		sns.WithHTTPHandler(e.web), sns.WithHistory(),
	}, opts...)
	e.svc = sns.New(all...)
	return e
}

// topic creates a topic and returns its ARN.
func (e *dlvEnv) topic(name string, attrs map[string]string) string {
	e.t.Helper()
	out, err := e.svc.CreateTopic(e.ctx, &sns.CreateTopicInput{Name: name, Attributes: attrs})
	require.NoError(e.t, err)
	return out.TopicArn
}

// queue creates an SQS queue and returns its URL and ARN.
func (e *dlvEnv) queue(name string, attrs map[string]string) (url, arn string) {
	e.t.Helper()
	out, err := e.queues.CreateQueue(e.ctx, &sqs.CreateQueueInput{QueueName: name, Attributes: attrs})
	require.NoError(e.t, err)
	a, err := e.queues.GetQueueAttributes(e.ctx, &sqs.GetQueueAttributesInput{QueueUrl: out.QueueUrl, AttributeNames: []string{sqs.AttributeQueueArn}})
	require.NoError(e.t, err)
	return out.QueueUrl, a.Attributes[sqs.AttributeQueueArn]
}

// subscribe subscribes endpoint to a topic and, for a protocol that needs
// it, confirms the subscription with ConfirmSubscription and the token SNS
// sent. It returns the subscription's ARN.
func (e *dlvEnv) subscribe(topicARN, protocol, endpoint string, attrs map[string]string) string {
	e.t.Helper()
	out, err := e.svc.Subscribe(e.ctx, &sns.SubscribeInput{
		TopicArn: topicARN, Protocol: protocol, Endpoint: endpoint, Attributes: attrs, ReturnSubscriptionArn: true,
	})
	require.NoError(e.t, err)
	for _, p := range e.svc.Inspect().PendingConfirmations() {
		if p.SubscriptionARN == out.SubscriptionArn {
			_, err := e.svc.ConfirmSubscription(e.ctx, &sns.ConfirmSubscriptionInput{TopicArn: topicARN, Token: p.Token})
			require.NoError(e.t, err)
		}
	}
	return out.SubscriptionArn
}

// redrive is a RedrivePolicy attribute naming the queue dlqARN.
func dlvRedrive(dlqARN string) string { return `{"deadLetterTargetArn":"` + dlqARN + `"}` }

// publish publishes and returns the message ID.
func (e *dlvEnv) publish(in sns.PublishInput) string {
	e.t.Helper()
	out, err := e.svc.Publish(e.ctx, &in)
	require.NoError(e.t, err)
	return out.MessageId
}

// receive takes every message from a queue (all their attributes
// included), deleting them.
func (e *dlvEnv) receive(url string) []sqs.Message {
	e.t.Helper()
	var all []sqs.Message
	for {
		out, err := e.queues.ReceiveMessage(e.ctx, &sqs.ReceiveMessageInput{
			QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: []string{"All"},
			MessageSystemAttributeNames: []string{"All"},
		})
		require.NoError(e.t, err)
		if len(out.Messages) == 0 {
			return all
		}
		for _, m := range out.Messages {
			_, err := e.queues.DeleteMessage(e.ctx, &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: m.ReceiptHandle})
			require.NoError(e.t, err)
		}
		all = append(all, out.Messages...)
	}
}

// dlvRecorder is a Lambda handler that keeps the payloads it is invoked
// with.
type dlvRecorder struct {
	mu       sync.Mutex
	payloads [][]byte
}

// handle records the payload.
func (r *dlvRecorder) handle(_ context.Context, payload []byte) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.payloads = append(r.payloads, slices.Clone(payload))
	return nil, nil
}

// got returns the recorded payloads.
func (r *dlvRecorder) got() [][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.payloads)
}

// function creates a Lambda function that records its events and returns
// its ARN and the recorder.
func (e *dlvEnv) function(name string) (string, *dlvRecorder) {
	e.t.Helper()
	rec := &dlvRecorder{}
	out, err := e.fns.CreateFunction(e.ctx, &lambda.CreateFunctionInput{FunctionName: name, Role: dlvRole, Code: lambda.Code{Handler: rec.handle}})
	require.NoError(e.t, err)
	return out.FunctionArn, rec
}

// attempts returns the recorded delivery attempts of type typ (e.g.
// Notification) to the subscription subARN.
func (e *dlvEnv) attempts(typ, subARN string) []sns.DeliveryAttempt {
	var out []sns.DeliveryAttempt
	for _, a := range e.svc.Inspect().Deliveries() {
		if a.Type == typ && a.SubscriptionARN == subARN {
			out = append(out, a)
		}
	}
	return out
}

// dlvOffsets returns the instants as offsets from dlvT0.
func dlvOffsets(at []time.Time) []time.Duration {
	out := make([]time.Duration, len(at))
	for i, t := range at {
		out[i] = t.Sub(dlvT0)
	}
	return out
}

// dlvRequestTimes returns when each request arrived, as offsets from dlvT0.
func dlvRequestTimes(reqs []dlvRequest) []time.Duration {
	at := make([]time.Time, len(reqs))
	for i, r := range reqs {
		at[i] = r.At
	}
	return dlvOffsets(at)
}

// dlvSecs is a list of offsets in seconds.
func dlvSecs(s ...float64) []time.Duration {
	out := make([]time.Duration, len(s))
	for i, v := range s {
		out[i] = time.Duration(v * float64(time.Second))
	}
	return out
}

// dlvKeys returns the top-level keys of a JSON object in document order.
func dlvKeys(t testing.TB, doc []byte) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(doc)))
	tok, err := dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok)
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return keys
}

// dlvEnvelope is the JSON document SNS delivers to SQS, HTTP/S and
// email-json endpoints.
type dlvEnvelope struct {
	Type              string
	MessageId         string
	Token             string
	SequenceNumber    string
	TopicArn          string
	Subject           *string
	Message           string
	Timestamp         string
	SignatureVersion  string
	Signature         string
	SigningCertURL    string
	SubscribeURL      string
	UnsubscribeURL    string
	MessageAttributes map[string]struct{ Type, Value string }
}

// dlvParse decodes an envelope.
func dlvParse(t testing.TB, doc []byte) dlvEnvelope {
	t.Helper()
	var env dlvEnvelope
	require.NoError(t, json.Unmarshal(doc, &env), "%s", doc)
	return env
}

// dlvLambdaEvent is the event SNS invokes a function with, as
// aws-lambda-go's events.SNSEvent declares it.
type dlvLambdaEvent struct {
	Records []struct {
		EventSource          string
		EventVersion         string
		EventSubscriptionArn string
		Sns                  struct {
			Type              string
			MessageId         string
			TopicArn          string
			Subject           *string
			Message           string
			Timestamp         string
			SignatureVersion  string
			Signature         string
			SigningCertUrl    string
			UnsubscribeUrl    string
			MessageAttributes map[string]struct{ Type, Value string }
		}
	}
}

// dlvUnsubscribeURL is the UnsubscribeURL of a subscription in us-east-1.
func dlvUnsubscribeURL(subARN string) string {
	return "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + subARN
}

// What endpoints receive.

// An SQS subscriber without raw delivery receives the JSON envelope: Type,
// MessageId, TopicArn, Subject, Message, Timestamp (UTC, milliseconds),
// SignatureVersion, Signature, SigningCertURL, UnsubscribeURL and
// MessageAttributes, in that order, Binary values in base64
// (Amazon SNS Developer Guide: "Parsing Amazon SNS message formats",
// "HTTP/HTTPS notification JSON format").
func TestSQSSubscriberReceivesJSONEnvelopeInAWSKeyOrder(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("orders", nil)
	url, arn := e.queue("orders-q", nil)
	sub := e.subscribe(topic, sns.ProtocolSQS, arn, nil)
	e.clk.Advance(1234 * time.Millisecond)

	id := e.publish(sns.PublishInput{
		TopicArn: topic, Message: "order \"42\"\nshipped", Subject: "Order shipped",
		MessageAttributes: map[string]sns.MessageAttributeValue{
			"store":  {DataType: "String", StringValue: "north"},
			"amount": {DataType: "Number", StringValue: "12.5"},
			"blob":   {DataType: "Binary", BinaryValue: []byte{2, 3, 4}},
		},
	})

	msgs := e.receive(url)
	require.Len(t, msgs, 1)
	body := []byte(msgs[0].Body)
	assert.Equal(t, []string{
		"Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion",
		"Signature", "SigningCertURL", "UnsubscribeURL", "MessageAttributes",
	}, dlvKeys(t, body))
	env := dlvParse(t, body)
	assert.Equal(t, "Notification", env.Type)
	assert.Equal(t, id, env.MessageId)
	assert.Equal(t, topic, env.TopicArn)
	require.NotNil(t, env.Subject)
	assert.Equal(t, "Order shipped", *env.Subject)
	assert.Equal(t, "order \"42\"\nshipped", env.Message)
	assert.Equal(t, "2026-03-01T12:00:01.234Z", env.Timestamp)
	assert.Equal(t, "1", env.SignatureVersion)
	assert.NotEmpty(t, env.Signature)
	assert.Regexp(t, `^https://sns\.us-east-1\.amazonaws\.com/SimpleNotificationService-[0-9a-f]{32}\.pem$`, env.SigningCertURL)
	assert.Equal(t, dlvUnsubscribeURL(sub), env.UnsubscribeURL)
	assert.Equal(t, map[string]struct{ Type, Value string }{
		"store":  {"String", "north"},
		"amount": {"Number", "12.5"},
		"blob":   {"Binary", base64.StdEncoding.EncodeToString([]byte{2, 3, 4})},
	}, env.MessageAttributes)
	assert.Empty(t, msgs[0].MessageAttributes, "the attributes travel inside the envelope, not as SQS attributes")

	// Without a Subject and without attributes, neither key is present.
	e.publish(sns.PublishInput{TopicArn: topic, Message: "plain"})
	msgs = e.receive(url)
	require.Len(t, msgs, 1)
	assert.Equal(t, []string{
		"Type", "MessageId", "TopicArn", "Message", "Timestamp", "SignatureVersion",
		"Signature", "SigningCertURL", "UnsubscribeURL",
	}, dlvKeys(t, []byte(msgs[0].Body)))
}

// With RawMessageDelivery, an SQS subscriber receives the bare message,
// and the SNS message attributes become SQS message attributes
// (Amazon SNS Developer Guide: "Amazon SNS raw message delivery").
func TestRawDeliveryToSQSGivesBodyAndSQSMessageAttributes(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("raw", nil)
	url, arn := e.queue("raw-q", nil)
	e.subscribe(topic, sns.ProtocolSQS, arn, map[string]string{sns.SubscriptionAttributeRawMessageDelivery: "true"})

	attrs := map[string]sns.MessageAttributeValue{
		"store":  {DataType: "String", StringValue: "north"},
		"amount": {DataType: "Number", StringValue: "12.5"},
		"blob":   {DataType: "Binary", BinaryValue: []byte{2, 3, 4}},
		"tags":   {DataType: "String.Array", StringValue: `["a","b"]`}, // to SQS, String with the custom label Array
	}
	e.publish(sns.PublishInput{TopicArn: topic, Message: `{"order":42}`, Subject: "ignored", MessageAttributes: attrs})

	msgs := e.receive(url)
	require.Len(t, msgs, 1)
	assert.Equal(t, `{"order":42}`, msgs[0].Body)
	assert.Equal(t, attrs, msgs[0].MessageAttributes)
}

// An SQS subscription with raw delivery cannot take more than 10 message
// attributes: SNS treats such a message as a client-side error, does not
// retry it, and moves it to the subscription's dead-letter queue (guide
// "Amazon SNS message attributes": "will be discarded as client side
// errors"; "Amazon SNS dead-letter queues").
func TestRawDeliveryWithMoreThanTenAttributesGoesToDeadLetterQueue(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("raw", nil)
	url, arn := e.queue("raw-q", nil)
	dlqURL, dlqARN := e.queue("raw-dlq", nil)
	sub := e.subscribe(topic, sns.ProtocolSQS, arn, map[string]string{
		sns.SubscriptionAttributeRawMessageDelivery: "true",
		sns.SubscriptionAttributeRedrivePolicy:      dlvRedrive(dlqARN),
	})

	attrs := map[string]sns.MessageAttributeValue{}
	for i := range 11 {
		attrs[fmt.Sprintf("a%02d", i)] = sns.MessageAttributeValue{DataType: "String", StringValue: "v"}
	}
	e.publish(sns.PublishInput{TopicArn: topic, Message: "eleven", MessageAttributes: attrs})
	e.clk.Advance(time.Hour)

	assert.Empty(t, e.receive(url))
	dead := e.receive(dlqURL)
	require.Len(t, dead, 1)
	assert.Equal(t, "eleven", dead[0].Body, "the raw body")
	got := e.attempts("Notification", sub)
	require.Len(t, got, 1, "a client-side error is not retried")
	assert.Equal(t, sns.OutcomeRejected, got[0].Outcome)
	assert.True(t, got[0].NextAttemptAt.IsZero())
	assert.Equal(t, dlqARN, got[0].DeadLetterTargetARN)
	assert.Equal(t, 1, e.svc.Inspect().Stats().DeadLettered)

	// Ten attributes are fine.
	delete(attrs, "a10")
	e.publish(sns.PublishInput{TopicArn: topic, Message: "ten", MessageAttributes: attrs})
	msgs := e.receive(url)
	require.Len(t, msgs, 1)
	assert.Len(t, msgs[0].MessageAttributes, 10)
}

// A Lambda subscriber is invoked asynchronously with the SNS event: one
// record with EventSource aws:sns, the subscription ARN, and the message
// under Sns, where the URLs are spelled SigningCertUrl and UnsubscribeUrl,
// Subject is null when none was published, and Number attributes arrive
// as String (AWS Lambda Developer Guide: "Using Lambda with Amazon SNS",
// its example event; Amazon SNS Developer Guide: "Message attribute data
// types").
func TestLambdaSubscriberIsInvokedWithSNSEvent(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("events", nil)
	fnARN, rec := e.function("consumer")
	sub := e.subscribe(topic, sns.ProtocolLambda, fnARN, nil)

	id := e.publish(sns.PublishInput{
		TopicArn: topic, Message: "hello lambda",
		MessageAttributes: map[string]sns.MessageAttributeValue{
			"count": {DataType: "Number", StringValue: "3"},
			"kind":  {DataType: "String", StringValue: "greeting"},
		},
	})
	assert.Empty(t, rec.got(), "an Event invocation runs when the clock moves")
	e.clk.Advance(0)

	got := rec.got()
	require.Len(t, got, 1)
	var ev dlvLambdaEvent
	require.NoError(t, json.Unmarshal(got[0], &ev))
	require.Len(t, ev.Records, 1)
	r := ev.Records[0]
	assert.Equal(t, "aws:sns", r.EventSource)
	assert.Equal(t, "1.0", r.EventVersion)
	assert.Equal(t, sub, r.EventSubscriptionArn)
	assert.Equal(t, "Notification", r.Sns.Type)
	assert.Equal(t, id, r.Sns.MessageId)
	assert.Equal(t, topic, r.Sns.TopicArn)
	assert.Nil(t, r.Sns.Subject, "Subject is null when none was published")
	assert.Contains(t, string(got[0]), `"Subject":null`)
	assert.Equal(t, "hello lambda", r.Sns.Message)
	assert.Equal(t, "2026-03-01T12:00:00.000Z", r.Sns.Timestamp)
	assert.Equal(t, "1", r.Sns.SignatureVersion)
	assert.NotEmpty(t, r.Sns.Signature)
	assert.Contains(t, r.Sns.SigningCertUrl, "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-")
	assert.Equal(t, dlvUnsubscribeURL(sub), r.Sns.UnsubscribeUrl)
	assert.Equal(t, map[string]struct{ Type, Value string }{
		"count": {"String", "3"},
		"kind":  {"String", "greeting"},
	}, r.Sns.MessageAttributes)
	delivered := e.attempts("Notification", sub)
	require.Len(t, delivered, 1)
	assert.Equal(t, sns.OutcomeDelivered, delivered[0].Outcome)
}

// An HTTP/S notification is a POST with SNS's headers: the message type,
// message ID, topic and subscription ARNs, the User-Agent, and
// Content-Type text/plain; charset=UTF-8 unless the delivery policy's
// requestPolicy sets another; raw delivery posts the bare message and adds
// x-amz-sns-rawdelivery (Amazon SNS Developer Guide: "Parsing Amazon SNS
// message formats", "HTTP/HTTPS headers"; "Amazon SNS raw message
// delivery").
func TestHTTPNotificationCarriesSNSHeaders(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("hooks", nil)
	plain := "https://hooks.example.com/plain"
	raw := "https://hooks.example.com/raw"
	plainSub := e.subscribe(topic, sns.ProtocolHTTPS, plain, nil)
	rawSub := e.subscribe(topic, sns.ProtocolHTTPS, raw, map[string]string{
		sns.SubscriptionAttributeRawMessageDelivery: "true",
		sns.SubscriptionAttributeDeliveryPolicy:     `{"requestPolicy":{"headerContentType":"application/json"}}`,
	})

	id := e.publish(sns.PublishInput{TopicArn: topic, Message: `{"a":1}`, Subject: "S",
		MessageAttributes: map[string]sns.MessageAttributeValue{"k": {DataType: "String", StringValue: "v"}}})

	reqs := e.web.requests("Notification", plain)
	require.Len(t, reqs, 1)
	h := reqs[0].Header
	assert.Equal(t, "text/plain; charset=UTF-8", h.Get("Content-Type"))
	assert.Equal(t, "Amazon Simple Notification Service Agent", h.Get("User-Agent"))
	assert.Equal(t, "Notification", h.Get("x-amz-sns-message-type"))
	assert.Equal(t, id, h.Get("x-amz-sns-message-id"))
	assert.Equal(t, topic, h.Get("x-amz-sns-topic-arn"))
	assert.Equal(t, plainSub, h.Get("x-amz-sns-subscription-arn"))
	assert.Empty(t, h.Values("x-amz-sns-rawdelivery"))
	env := dlvParse(t, reqs[0].Body)
	assert.Equal(t, `{"a":1}`, env.Message)
	assert.Equal(t, "v", env.MessageAttributes["k"].Value)

	reqs = e.web.requests("Notification", raw)
	require.Len(t, reqs, 1)
	h = reqs[0].Header
	assert.Equal(t, "application/json", h.Get("Content-Type"))
	assert.Equal(t, "true", h.Get("x-amz-sns-rawdelivery"))
	assert.Equal(t, rawSub, h.Get("x-amz-sns-subscription-arn"))
	assert.Equal(t, `{"a":1}`, string(reqs[0].Body), "the bare message, without attributes")
}

// On a standard topic, MessageGroupId is optional and is passed on to SQS
// subscribers (Amazon SNS API Reference: Publish, MessageGroupId: on a
// standard topic it is forwarded to SQS standard subscriptions, for fair
// queues).
func TestMessageGroupIdOfStandardTopicIsPassedToSQS(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("fair", nil)
	url, arn := e.queue("fair-q", nil)
	e.subscribe(topic, sns.ProtocolSQS, arn, nil)

	e.publish(sns.PublishInput{TopicArn: topic, Message: "m", MessageGroupId: "tenant-7"})

	msgs := e.receive(url)
	require.Len(t, msgs, 1)
	assert.Equal(t, "tenant-7", msgs[0].Attributes["MessageGroupId"])
}

// Retries and dead-letter queues.

// The named scenario: an HTTP endpoint that answers 500 is tried
// four times under the default HTTP/S delivery policy (three retries 20 s
// apart: at 0, 20, 40 and 60 s) with the same MessageId, and the message
// then lands in the subscription's dead-letter queue (Amazon SNS
// Developer Guide: "Amazon SNS message delivery retries"; "Step 4:
// Optional - Set the delivery policy for the Amazon SNS subscription":
// "By default, ... up to
// three retries with a delay between failed attempts set at 20 seconds").
func TestHTTPEndpointFailingWith500IsRetriedEvery20SecondsThenDeadLettered(t *testing.T) {
	e := dlvSetup(t, dlvFailNotifications)
	topic := e.topic("alerts", nil)
	dlqURL, dlqARN := e.queue("alerts-dlq", nil)
	endpoint := "https://hooks.example.com/alerts"
	sub := e.subscribe(topic, sns.ProtocolHTTPS, endpoint, map[string]string{sns.SubscriptionAttributeRedrivePolicy: dlvRedrive(dlqARN)})

	id := e.publish(sns.PublishInput{TopicArn: topic, Message: "disk full"})
	e.clk.Advance(59 * time.Second)
	assert.Len(t, e.web.requests("Notification", endpoint), 3, "three attempts before 60 s")
	assert.Empty(t, e.receive(dlqURL), "not dead-lettered before the last attempt")
	e.clk.Advance(time.Hour)

	reqs := e.web.requests("Notification", endpoint)
	assert.Equal(t, dlvSecs(0, 20, 40, 60), dlvRequestTimes(reqs))
	for _, r := range reqs {
		assert.Equal(t, id, r.Header.Get("x-amz-sns-message-id"), "retries reuse the MessageId")
	}
	dead := e.receive(dlqURL)
	require.Len(t, dead, 1)
	env := dlvParse(t, []byte(dead[0].Body))
	assert.Equal(t, id, env.MessageId)
	assert.Equal(t, "disk full", env.Message)

	got := e.attempts("Notification", sub)
	require.Len(t, got, 4)
	for i, a := range got {
		assert.Equal(t, i+1, a.Attempt)
		assert.Equal(t, sns.OutcomeFailed, a.Outcome)
		assert.Equal(t, "HTTP 500", a.Reason)
		if i < 3 {
			assert.Equal(t, a.At.Add(20*time.Second), a.NextAttemptAt)
			assert.Empty(t, a.DeadLetterTargetARN)
		} else {
			assert.True(t, a.NextAttemptAt.IsZero())
			assert.Equal(t, dlqARN, a.DeadLetterTargetARN)
		}
	}
	st := e.svc.Inspect().Stats()
	assert.Equal(t, 4, st.FailedAttempts)
	assert.Equal(t, 1, st.DeadLettered)
	assert.Equal(t, 0, st.Discarded)
}

// dlvBackoff is the delay in whole seconds of backoff retry i (0-based)
// of n, from lo to hi, along the curve the sns package documents for
// each backoff function (retry.go's doc comment on backoffFunction,
// re-implemented here so that the test checks the schedule rather than
// repeating its code). The first retry waits lo and the last hi.
func dlvBackoff(function string, i, n, lo, hi int) int {
	if i <= 0 || n <= 1 {
		return lo
	}
	if i >= n-1 {
		return hi
	}
	span, x := float64(hi-lo), float64(i)/float64(n-1)
	var v float64
	switch function {
	case "linear":
		v = float64(lo) + span*x
	case "arithmetic":
		v = float64(lo) + span*x*x
	case "geometric":
		v = math.Pow(span+1, x) + float64(lo) - 1
	case "exponential":
		v = float64(lo) + span*(math.Exp(float64(i))-1)/(math.Exp(float64(n-1))-1)
	}
	return int(math.Floor(v + 1e-9))
}

// dlvSchedule returns the attempt times (offsets from the first attempt)
// of a retry policy of the four AWS phases: noDelay immediate retries,
// minDelay retries minDelay apart, backoff retries along function, and
// maxDelay retries maxDelay apart.
func dlvSchedule(noDelay, minRetries, backoff, maxRetries, minDelay, maxDelay int, function string) []time.Duration {
	at := []time.Duration{0}
	next := func(d int) { at = append(at, at[len(at)-1]+time.Duration(d)*time.Second) }
	for range noDelay {
		next(0)
	}
	for range minRetries {
		next(minDelay)
	}
	for i := range backoff {
		next(dlvBackoff(function, i, backoff, minDelay, maxDelay))
	}
	for range maxRetries {
		next(maxDelay)
	}
	return at
}

// A subscription's custom HTTP/S delivery policy sets the attempt times:
// immediate retries, then minDelayTarget apart, then the backoff phase
// from minDelayTarget to maxDelayTarget, then maxDelayTarget apart (guide
// "Amazon SNS message delivery retries", "Delivery policy stages").
func TestCustomExponentialDeliveryPolicyProducesExpectedAttemptTimes(t *testing.T) {
	e := dlvSetup(t, dlvFailNotifications)
	topic := e.topic("custom", nil)
	endpoint := "http://hooks.example.com/custom"
	policy := `{"healthyRetryPolicy":{"minDelayTarget":2,"maxDelayTarget":50,"numRetries":8,` +
		`"numNoDelayRetries":1,"numMinDelayRetries":1,"numMaxDelayRetries":1,"backoffFunction":"exponential"}}`
	sub := e.subscribe(topic, sns.ProtocolHTTP, endpoint, map[string]string{sns.SubscriptionAttributeDeliveryPolicy: policy})

	e.publish(sns.PublishInput{TopicArn: topic, Message: "m"})
	_, err := e.clk.RunUntilIdle(1000)
	require.NoError(t, err)

	want := dlvSchedule(1, 1, 5, 1, 2, 50, "exponential")
	require.Len(t, want, 9, "1 attempt and 8 retries")
	// The backoff phase has intermediate delays, so the curve matters.
	assert.Equal(t, dlvSecs(0, 0, 2, 4, 7, 14, 33, 83, 133), want)
	assert.Equal(t, want, dlvRequestTimes(e.web.requests("Notification", endpoint)))
	got := e.attempts("Notification", sub)
	require.Len(t, got, 9)
	assert.True(t, got[8].NextAttemptAt.IsZero(), "the last attempt is not retried")
	assert.Equal(t, 1, e.svc.Inspect().Stats().Discarded, "no dead-letter queue: the message is lost")
}

// Every status from 200 to 499 counts as a delivery; anything outside
// 200–4xx is a failed attempt and is retried (guide "Step 1: Make sure
// your endpoint is ready to process Amazon SNS messages": "if your
// endpoint returns a status code outside the range of 200–4xx, Amazon SNS
// will consider the delivery of the message as a failed attempt").
func TestHTTPStatusFrom200To499IsADeliveryAndOtherStatusesFail(t *testing.T) {
	for _, tc := range []struct {
		status int
		want   string
	}{
		{200, sns.OutcomeDelivered},
		{204, sns.OutcomeDelivered},
		{302, sns.OutcomeDelivered},
		{400, sns.OutcomeDelivered},
		{403, sns.OutcomeDelivered},
		{404, sns.OutcomeDelivered},
		{429, sns.OutcomeDelivered},
		{499, sns.OutcomeDelivered},
		{500, sns.OutcomeFailed},
		{502, sns.OutcomeFailed},
		{503, sns.OutcomeFailed},
		{599, sns.OutcomeFailed},
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			e := dlvSetup(t, func(r *http.Request) int {
				if r.Header.Get("x-amz-sns-message-type") == "Notification" {
					return tc.status
				}
				return http.StatusOK
			})
			topic := e.topic("codes", nil)
			sub := e.subscribe(topic, sns.ProtocolHTTP, "http://hooks.example.com/", nil)
			e.publish(sns.PublishInput{TopicArn: topic, Message: "m"})
			e.clk.Advance(time.Hour)

			got := e.attempts("Notification", sub)
			require.NotEmpty(t, got)
			assert.Equal(t, tc.want, got[0].Outcome)
			if tc.want == sns.OutcomeDelivered {
				assert.Len(t, got, 1, "a delivery is not retried")
			} else {
				assert.Len(t, got, 4, "a failure is retried by the default policy")
			}
		})
	}
}

// A throttle policy's maxReceivesPerSecond spaces a subscription's HTTP
// deliveries: with 2 per second, five messages published at once arrive
// half a second apart, in publish order (guide "Amazon SNS message
// delivery retries", "throttlePolicy": "the maximum number of deliveries
// per second, per subscription").
func TestMaxReceivesPerSecondThrottlesHTTPDeliveries(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("throttled", nil)
	endpoint := "https://hooks.example.com/slow"
	e.subscribe(topic, sns.ProtocolHTTPS, endpoint, map[string]string{
		sns.SubscriptionAttributeDeliveryPolicy: `{"throttlePolicy":{"maxReceivesPerSecond":2}}`,
	})
	other := "https://hooks.example.com/fast"
	e.subscribe(topic, sns.ProtocolHTTPS, other, nil)
	// The SubscriptionConfirmation was a request too; let its slot pass.
	e.clk.Advance(time.Second)

	var ids []string
	for i := range 5 {
		ids = append(ids, e.publish(sns.PublishInput{TopicArn: topic, Message: fmt.Sprint("m", i)}))
	}
	assert.Len(t, e.web.requests("Notification", endpoint), 1, "only the first goes out at once")
	assert.Len(t, e.web.requests("Notification", other), 5, "another subscription is not throttled")
	e.clk.Advance(10 * time.Second)

	reqs := e.web.requests("Notification", endpoint)
	assert.Equal(t, dlvSecs(1, 1.5, 2, 2.5, 3), dlvRequestTimes(reqs))
	var order []string
	for _, r := range reqs {
		order = append(order, r.Header.Get("x-amz-sns-message-id"))
	}
	assert.Equal(t, ids, order)
}

// A delivery to a queue that no longer exists is a client-side error: it
// is not retried, and the message goes to the dead-letter queue (guide
// "Amazon SNS dead-letter queues": client-side errors such as a deleted
// endpoint are not retried).
func TestDeletedQueueIsNotRetriedAndMessageGoesToDeadLetterQueue(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	url, arn := e.queue("gone", nil)
	dlqURL, dlqARN := e.queue("gone-dlq", nil)
	sub := e.subscribe(topic, sns.ProtocolSQS, arn, map[string]string{sns.SubscriptionAttributeRedrivePolicy: dlvRedrive(dlqARN)})
	_, err := e.queues.DeleteQueue(e.ctx, &sqs.DeleteQueueInput{QueueUrl: url})
	require.NoError(t, err)

	id := e.publish(sns.PublishInput{TopicArn: topic, Message: "lost?"})
	e.clk.Advance(24 * time.Hour)

	got := e.attempts("Notification", sub)
	require.Len(t, got, 1)
	assert.Equal(t, sns.OutcomeRejected, got[0].Outcome)
	assert.True(t, got[0].NextAttemptAt.IsZero())
	assert.Equal(t, dlqARN, got[0].DeadLetterTargetARN)
	dead := e.receive(dlqURL)
	require.Len(t, dead, 1)
	assert.Equal(t, id, dlvParse(t, []byte(dead[0].Body)).MessageId, "the envelope SQS would have received")
}

// A delivery to a Lambda function that was deleted is a client-side error
// and is not retried; with a dead-letter queue the message goes there as
// the JSON envelope (guide "Amazon SNS dead-letter queues").
func TestDeletedFunctionIsNotRetried(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	fnARN, rec := e.function("gone")
	dlqURL, dlqARN := e.queue("fn-dlq", nil)
	sub := e.subscribe(topic, sns.ProtocolLambda, fnARN, map[string]string{sns.SubscriptionAttributeRedrivePolicy: dlvRedrive(dlqARN)})
	_, err := e.fns.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: "gone"})
	require.NoError(t, err)

	id := e.publish(sns.PublishInput{TopicArn: topic, Message: "to nobody"})
	e.clk.Advance(24 * time.Hour)

	assert.Empty(t, rec.got())
	got := e.attempts("Notification", sub)
	require.Len(t, got, 1, "not retried")
	assert.Equal(t, sns.OutcomeRejected, got[0].Outcome)
	assert.Equal(t, dlqARN, got[0].DeadLetterTargetARN)
	dead := e.receive(dlqURL)
	require.Len(t, dead, 1)
	env := dlvParse(t, []byte(dead[0].Body))
	assert.Equal(t, id, env.MessageId)
	assert.Equal(t, "to nobody", env.Message)
	assert.Equal(t, 1, e.svc.Inspect().Stats().FailedAttempts)
}

// Deliveries to SQS follow the AWS-managed retry policy: three immediate
// retries, two 1 s apart, ten on an exponential backoff from 1 s to 20 s,
// then 20 s apart (Amazon SNS Developer Guide: "Amazon SNS message
// delivery retries", "AWS managed endpoints"). A fault rule stands in for
// an SQS outage that only AWS can cause.
func TestDeliveryFailuresOfSQSFollowAWSManagedRetryPolicy(t *testing.T) {
	const failures = 17 // the first attempt, the 15 retries of the first three phases, and one at 20 s
	e := dlvSetup(t, nil)
	require.NoError(t, e.svc.Account().SetFaultPlan(cloud.FaultRule{Name: "outage", Fault: sns.FaultDeliveryFailure, Probability: 1, Count: failures}))
	topic := e.topic("t", nil)
	url, arn := e.queue("q", nil)
	sub := e.subscribe(topic, sns.ProtocolSQS, arn, nil)

	id := e.publish(sns.PublishInput{TopicArn: topic, Message: "eventually"})
	e.clk.Advance(10 * time.Minute)

	var at []time.Time
	for i, a := range e.attempts("Notification", sub) {
		assert.Equal(t, i+1, a.Attempt)
		assert.Equal(t, id, a.MessageID)
		at = append(at, a.At)
	}
	want := dlvSchedule(3, 2, 10, 2, 1, 20, "exponential")[:failures+1]
	// 0,0,0,0 then 1 s, 1 s, then the backoff from 1 s to 20 s.
	assert.Equal(t, dlvSecs(0, 0, 0, 0, 1, 2), want[:6])
	assert.Equal(t, dlvSecs(3, 4, 5, 6, 7, 8, 9, 12, 19, 39, 59, 79), want[6:])
	assert.Equal(t, want, dlvOffsets(at))

	msgs := e.receive(url)
	require.Len(t, msgs, 1, "delivered once, by the attempt after the outage")
	got := e.attempts("Notification", sub)
	require.Len(t, got, failures+1)
	assert.Equal(t, "endpoint unavailable (fault rule outage)", got[0].Reason)
	assert.Equal(t, sns.OutcomeDelivered, got[failures].Outcome)
	assert.Equal(t, sns.Stats{Published: 1, Delivered: 1, FailedAttempts: failures}, e.svc.Inspect().Stats())
}

// A topic's DeliveryPolicy sets the retries of its HTTP/S subscriptions
// that have none of their own; a subscription's policy overrides it,
// unless the topic sets disableSubscriptionOverrides (guide "Amazon SNS
// message delivery retries", "Creating an HTTP/S delivery policy").
func TestTopicDeliveryPolicyAppliesToHTTPSubscriptionsUnlessOverridden(t *testing.T) {
	topicPolicy := func(disable bool) string {
		return fmt.Sprintf(`{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":5,"maxDelayTarget":5,"numRetries":2},"disableSubscriptionOverrides":%t}}`, disable)
	}
	subPolicy := `{"healthyRetryPolicy":{"minDelayTarget":30,"maxDelayTarget":30,"numRetries":1}}`
	for _, tc := range []struct {
		name    string
		disable bool
		sub     string
		want    []time.Duration
	}{
		{"topic policy", false, "", dlvSecs(0, 5, 10)},
		{"subscription override", false, subPolicy, dlvSecs(0, 30)},
		{"overrides disabled", true, subPolicy, dlvSecs(0, 5, 10)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := dlvSetup(t, dlvFailNotifications)
			topic := e.topic("t", map[string]string{sns.TopicAttributeDeliveryPolicy: topicPolicy(tc.disable)})
			endpoint := "https://hooks.example.com/p"
			attrs := map[string]string{}
			if tc.sub != "" {
				attrs[sns.SubscriptionAttributeDeliveryPolicy] = tc.sub
			}
			e.subscribe(topic, sns.ProtocolHTTPS, endpoint, attrs)
			e.publish(sns.PublishInput{TopicArn: topic, Message: "m"})
			e.clk.Advance(time.Hour)
			assert.Equal(t, tc.want, dlvRequestTimes(e.web.requests("Notification", endpoint)))
		})
	}
}

// A SubscriptionConfirmation that the endpoint fails is retried like a
// notification (guide "Step 1": retries apply "to all messages, including
// the subscription confirmation message"), and the subscription stays
// pending meanwhile.
func TestSubscriptionConfirmationIsRetriedOnServerError(t *testing.T) {
	var mu sync.Mutex
	calls := 0
	e := dlvSetup(t, func(*http.Request) int {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls <= 2 {
			return http.StatusInternalServerError
		}
		return http.StatusOK
	})
	topic := e.topic("t", nil)
	endpoint := "https://hooks.example.com/late"
	_, err := e.svc.Subscribe(e.ctx, &sns.SubscribeInput{TopicArn: topic, Protocol: sns.ProtocolHTTPS, Endpoint: endpoint})
	require.NoError(t, err)
	e.clk.Advance(time.Hour)

	reqs := e.web.requests("SubscriptionConfirmation", endpoint)
	assert.Equal(t, dlvSecs(0, 20, 40), dlvRequestTimes(reqs))
	require.Len(t, reqs, 3)
	assert.Equal(t, dlvParse(t, reqs[0].Body).Token, dlvParse(t, reqs[2].Body).Token, "the same token")
	assert.Len(t, e.svc.Inspect().PendingConfirmations(), 1)
}

// Email, email-json and SMS deliveries follow the customer-managed retry
// policy: no immediate retry, two 10 s apart, ten on a backoff from 10 s
// to 600 s, then 600 s apart (Amazon SNS Developer Guide: "Amazon SNS
// message delivery retries", "Customer managed endpoints").
func TestEmailDeliveriesFollowCustomerManagedRetryPolicy(t *testing.T) {
	const failures = 14 // the first attempt, the 12 retries of the first three phases, one at 600 s
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	e.subscribe(topic, sns.ProtocolEmail, "ann@example.com", nil)
	require.NoError(t, e.svc.Account().SetFaultPlan(cloud.FaultRule{Name: "mail down", Fault: sns.FaultDeliveryFailure, Probability: 1, Count: failures}))

	id := e.publish(sns.PublishInput{TopicArn: topic, Message: "m"})
	e.clk.Advance(3 * time.Hour)

	var at []time.Time
	for _, a := range e.svc.Inspect().Deliveries() {
		if a.Type == "Notification" && a.MessageID == id {
			at = append(at, a.At)
		}
	}
	want := dlvSchedule(0, 2, 10, 38, 10, 600, "exponential")[:failures+1]
	assert.Equal(t, dlvSecs(0, 10, 20), want[:3], "no immediate retry, then 10 s apart")
	assert.Equal(t, want, dlvOffsets(at))
	var delivered int
	for _, m := range e.svc.Inspect().Outbox() {
		if m.MessageID == id {
			delivered++
		}
	}
	assert.Equal(t, 1, delivered, "in the outbox once, after the outage")
}

// A dead-letter queue that does not exist cannot take the message, so it
// is lost: Stats counts it as Discarded, and the last attempt's
// DeadLetterTargetARN, documented as "the queue the message was sent to",
// stays empty (guide "Amazon SNS dead-letter queues": SNS discards a
// message it cannot deliver unless a dead-letter queue takes it).
func TestMissingDeadLetterQueueDiscardsTheMessage(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	missing := "arn:aws:sqs:us-east-1:000000000000:no-such-dlq"
	fnARN, _ := e.function("gone")
	sub := e.subscribe(topic, sns.ProtocolLambda, fnARN, map[string]string{sns.SubscriptionAttributeRedrivePolicy: dlvRedrive(missing)})
	_, err := e.fns.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: "gone"})
	require.NoError(t, err)

	e.publish(sns.PublishInput{TopicArn: topic, Message: "m"})

	st := e.svc.Inspect().Stats()
	assert.Equal(t, 0, st.DeadLettered)
	assert.Equal(t, 1, st.Discarded)
	got := e.attempts("Notification", sub)
	require.Len(t, got, 1)
	assert.Empty(t, got[0].DeadLetterTargetARN, "DeliveryAttempt.DeadLetterTargetARN is the queue the message was sent to")
}

// Deleting the topic stops the retries of its deliveries: it deletes every
// subscription (Amazon SNS API Reference: DeleteTopic: "Deletes a topic
// and all its subscriptions").
func TestDeletingTheTopicStopsRetries(t *testing.T) {
	e := dlvSetup(t, dlvFailNotifications)
	topic := e.topic("t", nil)
	endpoint := "https://hooks.example.com/x"
	e.subscribe(topic, sns.ProtocolHTTPS, endpoint, nil)
	e.publish(sns.PublishInput{TopicArn: topic, Message: "m"})
	e.clk.Advance(25 * time.Second)
	_, err := e.svc.DeleteTopic(e.ctx, &sns.DeleteTopicInput{TopicArn: topic})
	require.NoError(t, err)
	e.clk.Advance(time.Hour)

	assert.Equal(t, dlvSecs(0, 20), dlvRequestTimes(e.web.requests("Notification", endpoint)))
}

// Unsubscribing stops a delivery's retries: the attempts scheduled after
// the Unsubscribe are not made, and the message is not dead-lettered
// (Amazon SNS API Reference: Unsubscribe: it deletes the subscription,
// and the endpoint gets a final cancellation message).
func TestUnsubscribeMidRetryStopsRetries(t *testing.T) {
	e := dlvSetup(t, dlvFailNotifications)
	topic := e.topic("t", nil)
	dlqURL, dlqARN := e.queue("dlq", nil)
	endpoint := "https://hooks.example.com/leaving"
	sub := e.subscribe(topic, sns.ProtocolHTTPS, endpoint, map[string]string{sns.SubscriptionAttributeRedrivePolicy: dlvRedrive(dlqARN)})

	e.publish(sns.PublishInput{TopicArn: topic, Message: "m"})
	e.clk.Advance(30 * time.Second) // attempts at 0 and 20 s
	_, err := e.svc.Unsubscribe(e.ctx, &sns.UnsubscribeInput{SubscriptionArn: sub})
	require.NoError(t, err)
	e.clk.Advance(time.Hour)

	assert.Equal(t, dlvSecs(0, 20), dlvRequestTimes(e.web.requests("Notification", endpoint)))
	assert.Len(t, e.web.requests("UnsubscribeConfirmation", endpoint), 1)
	assert.Empty(t, e.receive(dlqURL))
	assert.Equal(t, 0, e.svc.Inspect().Stats().DeadLettered)
}

// Email, email-json and SMS deliveries go to the outbox: email with the
// published Subject (or "AWS Notification Message") and AWS's footer,
// email-json with the JSON envelope, SMS with the bare message (guide
// "Email notifications"; Amazon SNS API Reference: Publish, Subject:
// "used as the subject line when the message is delivered to email
// endpoints").
func TestEmailEmailJSONAndSMSDeliveriesGoToTheOutboxWithSubjects(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("news", nil)
	email := e.subscribe(topic, sns.ProtocolEmail, "ann@example.com", nil)
	emailJSON := e.subscribe(topic, sns.ProtocolEmailJSON, "bob@example.com", nil)
	sms := e.subscribe(topic, sns.ProtocolSMS, "+15555550100", nil)
	confirmations := len(e.svc.Inspect().Outbox())
	require.Equal(t, 2, confirmations, "the two email confirmations")

	id := e.publish(sns.PublishInput{TopicArn: topic, Message: "Big news", Subject: "Headline"})
	e.publish(sns.PublishInput{TopicArn: topic, Message: "Small news"})

	out := e.svc.Inspect().Outbox()[confirmations:]
	require.Len(t, out, 6)
	byEndpoint := func(msgs []sns.OutboxMessage, endpoint string) []sns.OutboxMessage {
		var got []sns.OutboxMessage
		for _, m := range msgs {
			if m.Endpoint == endpoint {
				got = append(got, m)
			}
		}
		return got
	}

	mails := byEndpoint(out, "ann@example.com")
	require.Len(t, mails, 2)
	assert.Equal(t, sns.ProtocolEmail, mails[0].Protocol)
	assert.Equal(t, "Headline", mails[0].Subject)
	assert.Equal(t, "AWS Notification Message", mails[1].Subject)
	assert.True(t, strings.HasPrefix(mails[0].Body, "Big news\n\n--\n"), mails[0].Body)
	assert.Contains(t, mails[0].Body, dlvUnsubscribeURL(email))
	assert.Equal(t, id, mails[0].MessageID)
	assert.Equal(t, email, mails[0].SubscriptionARN)
	assert.Equal(t, topic, mails[0].TopicARN)
	assert.Equal(t, dlvT0, mails[0].SentAt)

	jsonMails := byEndpoint(out, "bob@example.com")
	require.Len(t, jsonMails, 2)
	assert.Equal(t, sns.ProtocolEmailJSON, jsonMails[0].Protocol)
	assert.Equal(t, "Headline", jsonMails[0].Subject)
	env := dlvParse(t, []byte(jsonMails[0].Body))
	assert.Equal(t, "Big news", env.Message)
	require.NotNil(t, env.Subject)
	assert.Equal(t, "Headline", *env.Subject)
	assert.Equal(t, dlvUnsubscribeURL(emailJSON), env.UnsubscribeURL)

	texts := byEndpoint(out, "+15555550100")
	require.Len(t, texts, 2)
	assert.Equal(t, sns.ProtocolSMS, texts[0].Protocol)
	assert.Equal(t, "Big news", texts[0].Body)
	assert.Empty(t, texts[0].Subject)
	assert.Equal(t, sms, texts[0].SubscriptionARN)
}

// Filter policies apply end to end: a subscription receives only the
// messages its policy matches, on the message attributes by default or
// on the JSON body with FilterPolicyScope MessageBody; subscriptions
// without a policy get everything (Amazon SNS Developer Guide: "Amazon SNS
// subscription filter policies", "Amazon SNS subscription filter policy
// scope").
func TestFilterPoliciesApplyToDeliveriesInBothScopes(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("orders", nil)
	allURL, allARN := e.queue("all", nil)
	redURL, redARN := e.queue("red", nil)
	bigURL, bigARN := e.queue("big", nil)
	e.subscribe(topic, sns.ProtocolSQS, allARN, map[string]string{sns.SubscriptionAttributeRawMessageDelivery: "true"})
	e.subscribe(topic, sns.ProtocolSQS, redARN, map[string]string{
		sns.SubscriptionAttributeRawMessageDelivery: "true",
		sns.SubscriptionAttributeFilterPolicy:       `{"color":["red"],"size":[{"numeric":[">=",10]}]}`,
	})
	e.subscribe(topic, sns.ProtocolSQS, bigARN, map[string]string{
		sns.SubscriptionAttributeRawMessageDelivery: "true",
		sns.SubscriptionAttributeFilterPolicyScope:  "MessageBody",
		sns.SubscriptionAttributeFilterPolicy:       `{"order":{"total":[{"numeric":[">",100]}]}}`,
	})

	attr := func(color, size string) map[string]sns.MessageAttributeValue {
		return map[string]sns.MessageAttributeValue{
			"color": {DataType: "String", StringValue: color},
			"size":  {DataType: "Number", StringValue: size},
		}
	}
	e.publish(sns.PublishInput{TopicArn: topic, Message: `{"order":{"total":150}}`, MessageAttributes: attr("red", "12")})
	e.publish(sns.PublishInput{TopicArn: topic, Message: `{"order":{"total":50}}`, MessageAttributes: attr("red", "9")})
	e.publish(sns.PublishInput{TopicArn: topic, Message: `{"order":{"total":101}}`, MessageAttributes: attr("blue", "20")})
	e.publish(sns.PublishInput{TopicArn: topic, Message: `not json`})

	bodies := func(url string) []string {
		var out []string
		for _, m := range e.receive(url) {
			out = append(out, m.Body)
		}
		slices.Sort(out)
		return out
	}
	assert.Len(t, bodies(allURL), 4)
	assert.Equal(t, []string{`{"order":{"total":150}}`}, bodies(redURL))
	assert.Equal(t, []string{`{"order":{"total":101}}`, `{"order":{"total":150}}`}, bodies(bigURL))

	var filtered []int
	for _, m := range e.svc.Inspect().Messages() {
		filtered = append(filtered, m.Filtered)
	}
	assert.Equal(t, []int{0, 2, 1, 2}, filtered, "the confirmed subscriptions each message's policies turned away")
}

// With MessageStructure json each protocol gets its own message, or the
// default one, and the message attributes are not delivered (Amazon SNS
// API Reference: Publish, MessageStructure; Amazon SNS Developer Guide:
// "Amazon SNS message attributes").
func TestMessageStructureJSONGivesEachProtocolItsMessage(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("multi", nil)
	url, arn := e.queue("q", nil)
	e.subscribe(topic, sns.ProtocolSQS, arn, nil)
	fnARN, rec := e.function("fn")
	e.subscribe(topic, sns.ProtocolLambda, fnARN, nil)
	e.subscribe(topic, sns.ProtocolEmail, "ann@example.com", nil)
	e.subscribe(topic, sns.ProtocolSMS, "+15555550100", nil)
	endpoint := "https://hooks.example.com/multi"
	e.subscribe(topic, sns.ProtocolHTTPS, endpoint, nil)

	e.publish(sns.PublishInput{
		TopicArn: topic, MessageStructure: "json",
		Message: `{"default":"for everyone","sqs":"for SQS","lambda":"for Lambda","email":"for email","sms":"for SMS","http":"for plain http"}`,
		MessageAttributes: map[string]sns.MessageAttributeValue{
			"k": {DataType: "String", StringValue: "v"},
		},
	})
	e.clk.Advance(0)

	msgs := e.receive(url)
	require.Len(t, msgs, 1)
	env := dlvParse(t, []byte(msgs[0].Body))
	assert.Equal(t, "for SQS", env.Message)
	assert.Nil(t, env.MessageAttributes, "no attributes with a json structure")

	require.Len(t, rec.got(), 1)
	var ev dlvLambdaEvent
	require.NoError(t, json.Unmarshal(rec.got()[0], &ev))
	assert.Equal(t, "for Lambda", ev.Records[0].Sns.Message)
	assert.Empty(t, ev.Records[0].Sns.MessageAttributes)

	reqs := e.web.requests("Notification", endpoint)
	require.Len(t, reqs, 1)
	assert.Equal(t, "for everyone", dlvParse(t, reqs[0].Body).Message, "https has no entry: the default")

	var mail, text string
	for _, m := range e.svc.Inspect().Outbox() {
		switch {
		case m.Protocol == sns.ProtocolEmail && m.Token == "":
			mail = m.Body
		case m.Protocol == sns.ProtocolSMS:
			text = m.Body
		}
	}
	assert.True(t, strings.HasPrefix(mail, "for email\n"), mail)
	assert.Equal(t, "for SMS", text)
}

// The Inspector shows every published message, every delivery attempt
// with when it is retried and where it was dead-lettered, and the totals;
// without WithHistory only the totals and the outbox are kept.
func TestInspectorShowsMessagesDeliveriesAndStats(t *testing.T) {
	e := dlvSetup(t, dlvFailNotifications)
	topic := e.topic("inspect", nil)
	url, arn := e.queue("q", nil)
	dlqURL, dlqARN := e.queue("dlq", nil)
	qSub := e.subscribe(topic, sns.ProtocolSQS, arn, map[string]string{sns.SubscriptionAttributeFilterPolicy: `{"k":["v"]}`})
	endpoint := "https://hooks.example.com/x"
	hSub := e.subscribe(topic, sns.ProtocolHTTPS, endpoint, map[string]string{sns.SubscriptionAttributeRedrivePolicy: dlvRedrive(dlqARN)})

	attrs := map[string]sns.MessageAttributeValue{"k": {DataType: "String", StringValue: "v"}}
	id1 := e.publish(sns.PublishInput{TopicArn: topic, Message: "one", Subject: "S", MessageAttributes: attrs})
	e.clk.Advance(5 * time.Second)
	id2 := e.publish(sns.PublishInput{TopicArn: topic, Message: "two"})
	e.clk.Advance(time.Hour)

	msgs := e.svc.Inspect().Messages()
	require.Len(t, msgs, 2)
	assert.Equal(t, sns.PublishedMessage{
		MessageID: id1, TopicARN: topic, Subject: "S", Message: "one", Attributes: attrs,
		PublishedAt: dlvT0, Subscriptions: 2, Filtered: 0,
	}, msgs[0])
	assert.Equal(t, id2, msgs[1].MessageID)
	assert.Equal(t, dlvT0.Add(5*time.Second), msgs[1].PublishedAt)
	assert.Equal(t, 1, msgs[1].Subscriptions)
	assert.Equal(t, 1, msgs[1].Filtered, "no attribute k: the queue's policy turns it away")

	q := e.attempts("Notification", qSub)
	require.Len(t, q, 1)
	assert.Equal(t, sns.DeliveryAttempt{
		MessageID: id1, Type: "Notification", SubscriptionARN: qSub, Protocol: sns.ProtocolSQS, Endpoint: arn,
		Attempt: 1, At: dlvT0, Outcome: sns.OutcomeDelivered,
	}, q[0])
	h := e.attempts("Notification", hSub)
	require.Len(t, h, 8, "two messages, four attempts each")
	first := h[0]
	assert.Equal(t, sns.DeliveryAttempt{
		MessageID: id1, Type: "Notification", SubscriptionARN: hSub, Protocol: sns.ProtocolHTTPS, Endpoint: endpoint,
		Attempt: 1, At: dlvT0, Outcome: sns.OutcomeFailed, Reason: "HTTP 500", NextAttemptAt: dlvT0.Add(20 * time.Second),
	}, first)
	assert.Equal(t, "2026-03-01T12:00:00.000Z Notification "+id1+" #1 https "+endpoint+
		" failed (HTTP 500) retry at 2026-03-01T12:00:20.000Z", first.String())
	var last []sns.DeliveryAttempt
	for _, a := range h {
		if a.DeadLetterTargetARN != "" {
			last = append(last, a)
		}
	}
	require.Len(t, last, 2)
	assert.Equal(t, id1, last[0].MessageID)
	assert.Equal(t, 4, last[0].Attempt)
	assert.Equal(t, dlvT0.Add(60*time.Second), last[0].At)
	assert.Equal(t, dlvT0.Add(65*time.Second), last[1].At)
	assert.Contains(t, last[0].String(), " dead-lettered to "+dlqARN)

	assert.Equal(t, sns.Stats{Published: 2, Delivered: 2, FailedAttempts: 8, DeadLettered: 2}, e.svc.Inspect().Stats(), "the confirmation and the queue's delivery")
	assert.Len(t, e.receive(url), 1)
	assert.Len(t, e.receive(dlqURL), 2)

	// Without history: totals only.
	bareQueues := sqs.New(sqs.WithClock(e.clk))
	_, err := bareQueues.CreateQueue(e.ctx, &sqs.CreateQueueInput{QueueName: "bare"})
	require.NoError(t, err)
	bare := sns.New(sns.WithAccount(bareQueues.Account()))
	tp, err := bare.CreateTopic(e.ctx, &sns.CreateTopicInput{Name: "bare"})
	require.NoError(t, err)
	_, err = bare.Subscribe(e.ctx, &sns.SubscribeInput{TopicArn: tp.TopicArn, Protocol: sns.ProtocolSQS, Endpoint: "arn:aws:sqs:us-east-1:000000000000:bare"})
	require.NoError(t, err)
	_, err = bare.Publish(e.ctx, &sns.PublishInput{TopicArn: tp.TopicArn, Message: "m"})
	require.NoError(t, err)
	assert.Empty(t, bare.Inspect().Messages())
	assert.Empty(t, bare.Inspect().Deliveries())
	assert.Equal(t, sns.Stats{Published: 1, Delivered: 1}, bare.Inspect().Stats())
}

// One scenario, three clocks.

// dlvFanOutScenario publishes to a topic with two queues and an HTTP
// endpoint whose first attempt fails: both queues get the envelope at
// once, and the endpoint gets the retry 20 s later under the default
// policy. It needs no SQS visibility timeout, so it runs under any clock:
// advance moves the clock, and the endpoint's handler reports each
// request on a channel, so that a retry run on another goroutine (the
// AfterFunc fallback of clock.Mock and of the real clock) is waited for
// without sleeping.
func dlvFanOutScenario(t *testing.T, c clock.Clock, advance func(time.Duration)) {
	t.Helper()
	ctx := context.Background()
	start := c.Now()
	arrived := make(chan time.Time, 10)
	var mu sync.Mutex
	calls := 0
	web := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("x-amz-sns-message-type") != "Notification" {
			return
		}
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		arrived <- c.Now()
	})
	queues := sqs.New(sqs.WithClock(c))
	svc := sns.New(sns.WithClock(c), sns.WithAccount(queues.Account()), sns.WithHTTPHandler(web))
	topic, err := svc.CreateTopic(ctx, &sns.CreateTopicInput{Name: "fanout"})
	require.NoError(t, err)
	var urls []string
	for _, name := range []string{"a", "b"} {
		q, err := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: name})
		require.NoError(t, err)
		urls = append(urls, q.QueueUrl)
		_, err = svc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: sns.ProtocolSQS, Endpoint: "arn:aws:sqs:us-east-1:000000000000:" + name})
		require.NoError(t, err)
	}
	_, err = svc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: sns.ProtocolHTTP, Endpoint: "http://hooks.example.com/"})
	require.NoError(t, err)
	pending := svc.Inspect().PendingConfirmations()
	require.Len(t, pending, 1)
	_, err = svc.ConfirmSubscription(ctx, &sns.ConfirmSubscriptionInput{TopicArn: topic.TopicArn, Token: pending[0].Token})
	require.NoError(t, err)

	out, err := svc.Publish(ctx, &sns.PublishInput{TopicArn: topic.TopicArn, Message: "fan out"})
	require.NoError(t, err)
	for _, url := range urls {
		got, err := queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url})
		require.NoError(t, err)
		require.Len(t, got.Messages, 1)
		var env dlvEnvelope
		require.NoError(t, json.Unmarshal([]byte(got.Messages[0].Body), &env))
		assert.Equal(t, out.MessageId, env.MessageId)
		assert.Equal(t, "fan out", env.Message)
	}
	await := func() time.Duration {
		t.Helper()
		select {
		case at := <-arrived:
			return at.Sub(start)
		case <-time.After(10 * time.Second): // a real bound for clock.Mock; fake time in a bubble
			t.Fatal("no HTTP delivery")
			return 0
		}
	}
	assert.Equal(t, time.Duration(0), await(), "the first attempt is made by Publish")
	advance(19 * time.Second)
	assert.Empty(t, arrived, "no retry before 20 s")
	advance(time.Second)
	assert.Equal(t, 20*time.Second, await(), "the retry")
	advance(time.Hour)
	assert.Empty(t, arrived, "delivered: no more attempts")
	assert.Equal(t, sns.Stats{Published: 1, Delivered: 4, FailedAttempts: 1}, svc.Inspect().Stats(), "the confirmation, two queues and the retry")
}

// A fan-out with one retry gives the same deliveries whichever clock
// drives the service: sim.Clock (native, synchronous scheduling),
// clock.Mock (AfterFunc), or the real clock in a testing/synctest bubble
// (package documentation, "Time": with any clock the service stays correct).
func TestFanOutWithRetryUnderThreeClocks(t *testing.T) {
	t.Run("sim.Clock", func(t *testing.T) {
		clk := sim.NewClock(dlvT0)
		dlvFanOutScenario(t, clk, clk.Advance)
	})
	t.Run("clock.Mock", func(t *testing.T) {
		mock := clock.NewMock()
		mock.Set(dlvT0)
		dlvFanOutScenario(t, mock, mock.Add)
	})
	t.Run("synctest", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			dlvFanOutScenario(t, clock.New(), func(d time.Duration) {
				time.Sleep(d) // fake time inside the bubble
				synctest.Wait()
			})
		})
	})
}

// A retried raw SQS delivery carries the attributes as published,
// not what the caller's map holds later.
func TestRetryDeliversTheAttributesAsPublished(t *testing.T) {
	e := dlvSetup(t, nil)
	require.NoError(t, e.svc.Account().SetFaultPlan(cloud.FaultRule{Name: "outage", Fault: sns.FaultDeliveryFailure, Probability: 1, Count: 1}))
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

// A Publish from an HTTP handler of a standard topic to the same topic
// makes its first attempts before it returns, as every Publish does.
func TestPublishFromAHandlerDeliversBeforeItReturns(t *testing.T) {
	var e *dlvEnv
	var seenAtReturn atomic.Int32
	seenAtReturn.Store(-1)
	e = dlvSetup(t, func(r *http.Request) int {
		b, _ := io.ReadAll(r.Body)
		if r.Header.Get("x-amz-sns-message-type") == "Notification" && dlvParse(t, b).Message == "first" {
			e.publish(sns.PublishInput{TopicArn: r.Header.Get("x-amz-sns-topic-arn"), Message: "second"})
			seenAtReturn.Store(int32(len(e.web.requests("Notification", ""))))
		}
		return 200
	})
	topic := e.topic("t", nil)
	e.subscribe(topic, sns.ProtocolHTTPS, "https://h.example.com/", nil)
	e.publish(sns.PublishInput{TopicArn: topic, Message: "first"})
	assert.EqualValues(t, 2, seenAtReturn.Load(), "the inner Publish returned before delivering 'second'")
}
