package sns_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sns"
)

// Scenario tests of subscriptions: endpoints per protocol, idempotency,
// FIFO rules, attributes and listing (Amazon SNS API Reference: Subscribe,
// Unsubscribe, GetSubscriptionAttributes, SetSubscriptionAttributes,
// ListSubscriptions, ListSubscriptionsByTopic); their confirmation is in
// confirmation_test.go. The scn… helpers come from topic_test.go.

// scnHookURL is the endpoint of the HTTP subscriber of the scenarios.
const scnHookURL = "https://hooks.example.com/sns"

// scnHTTPSetup returns a scenario world whose HTTP and HTTPS deliveries are
// served by the returned endpoint, which answers with status (200 when 0).
func scnHTTPSetup(t *testing.T, status int, opts ...sns.Option) (*scnEnv, *scnEndpoint) {
	t.Helper()
	ep := &scnEndpoint{status: status}
	env := scnSetup(t, append([]sns.Option{sns.WithHTTPHandler(ep)}, opts...)...)
	ep.clk = env.clk
	return env, ep
}

// scnJSON parses a delivered JSON document into a map.
func scnJSON(t *testing.T, body string) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &m), body)
	return m
}

// scnGet serves a GET of url with the service's Handler, as an endpoint
// following a SubscribeURL or UnsubscribeURL would.
func scnGet(svc *sns.Service, url string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	svc.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, url, nil))
	return rec
}

// Subscribe checks the endpoint against its protocol: an sqs endpoint is a
// queue ARN (a URL is "Invalid parameter: SQS endpoint ARN"), an http or
// https endpoint a URL of that scheme, sms an E.164 number; an unknown
// protocol is "Invalid parameter: Amazon SNS does not support this protocol
// string: <p>"; application and firehose are not simulated and refused
// (Amazon SNS API Reference: Subscribe, Protocol and Endpoint). A refused
// Subscribe changes nothing.
func TestSubscribeEndpointRulesPerProtocol(t *testing.T) {
	cases := []struct {
		name     string
		protocol string
		endpoint string
		want     string // "" accepted; "*" refused with a message not recorded from AWS
	}{
		{"sqs queue ARN", sns.ProtocolSQS, scnQueueARN("q"), ""},
		{"sqs queue URL", sns.ProtocolSQS, "https://sqs.us-east-1.amazonaws.com/000000000000/q", "Invalid parameter: SQS endpoint ARN"},
		{"sqs ARN of another service", sns.ProtocolSQS, "arn:aws:sns:us-east-1:000000000000:q", "Invalid parameter: SQS endpoint ARN"},
		{"lambda function ARN", sns.ProtocolLambda, "arn:aws:lambda:us-east-1:000000000000:function:f", ""},
		{"lambda not an ARN", sns.ProtocolLambda, "f", "*"},
		{"http URL", sns.ProtocolHTTP, "http://hooks.example.com/sns", ""},
		{"https URL", sns.ProtocolHTTPS, scnHookURL, ""},
		{"http with https URL", sns.ProtocolHTTP, scnHookURL, "Invalid parameter: Endpoint must match the specified protocol"},
		{"https with http URL", sns.ProtocolHTTPS, "http://hooks.example.com/sns", "Invalid parameter: Endpoint must match the specified protocol"},
		{"https scheme only", sns.ProtocolHTTPS, "https://", "*"},
		{"email address", sns.ProtocolEmail, "ops@example.com", ""},
		{"email without @", sns.ProtocolEmail, "ops.example.com", "*"},
		{"email-json address", sns.ProtocolEmailJSON, "ops@example.com", ""},
		{"sms E.164", sns.ProtocolSMS, "+15555550100", ""},
		{"sms letters", sns.ProtocolSMS, "+1555CALLME", "Invalid SMS endpoint: +1555CALLME"},
		{"application not simulated", "application", "arn:aws:sns:us-east-1:000000000000:endpoint/GCM/app/1", "*"},
		{"firehose not simulated", "firehose", "arn:aws:firehose:us-east-1:000000000000:deliverystream/s", "*"},
		{"unknown protocol", "ftp", "ftp://example.com", "Invalid parameter: Amazon SNS does not support this protocol string: ftp"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := scnSetup(t)
			arn := scnTopic(t, env.svc, "orders", nil)
			before := scnSnapshot(t, env.svc)
			_, err := env.svc.Subscribe(env.ctx, &sns.SubscribeInput{TopicArn: arn, Protocol: tc.protocol, Endpoint: tc.endpoint})
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			msg := tc.want
			if msg == "*" {
				msg = ""
			}
			scnRequireError(t, err, sns.ErrInvalidParameterException, msg)
			assert.Equal(t, before, scnSnapshot(t, env.svc), "a refused Subscribe changes nothing")
		})
	}
}

// Subscribe to a topic that does not exist is NotFound "Topic does not
// exist" (Amazon SNS API Reference: Subscribe, Errors).
func TestSubscribeToMissingTopicIsNotFound(t *testing.T) {
	env := scnSetup(t)
	_, err := env.svc.Subscribe(env.ctx, &sns.SubscribeInput{TopicArn: scnTopicARN("nope"), Protocol: sns.ProtocolSQS, Endpoint: scnQueueARN("q")})
	scnRequireError(t, err, sns.ErrNotFoundException, "Topic does not exist")
}

// Subscribe is idempotent for the same topic, protocol and endpoint: it
// returns the existing subscription, with the same attributes or none, and
// makes no second one (Amazon SNS API Reference: Subscribe).
func TestSubscribeIsIdempotent(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", nil)
	_, qarn := scnQueue(t, env.queues, "q")
	raw := map[string]string{sns.SubscriptionAttributeRawMessageDelivery: "true"}
	first := scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, qarn, raw)
	assert.Equal(t, first, scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, qarn, raw))
	assert.Equal(t, first, scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, qarn, nil))

	list, err := env.svc.ListSubscriptionsByTopic(env.ctx, &sns.ListSubscriptionsByTopicInput{TopicArn: arn})
	require.NoError(t, err)
	require.Len(t, list.Subscriptions, 1)
	assert.Equal(t, first, list.Subscriptions[0].SubscriptionArn)
	assert.Equal(t, [3]string{"1", "0", "0"}, scnCounters(t, env.svc, arn))
}

// Subscribing an existing endpoint with different attributes fails with
// "Invalid parameter: Attributes Reason: Subscription already exists with
// different attributes" and leaves the subscription as it was (Amazon SNS
// API Reference: Subscribe).
func TestSubscribeWithDifferentAttributesFails(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", nil)
	_, qarn := scnQueue(t, env.queues, "q")
	scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, qarn, map[string]string{sns.SubscriptionAttributeRawMessageDelivery: "true"})
	before := scnSnapshot(t, env.svc)

	for _, attrs := range []map[string]string{
		{sns.SubscriptionAttributeRawMessageDelivery: "false"},
		{sns.SubscriptionAttributeFilterPolicy: `{"kind":["a"]}`},
	} {
		_, err := env.svc.Subscribe(env.ctx, &sns.SubscribeInput{TopicArn: arn, Protocol: sns.ProtocolSQS, Endpoint: qarn, Attributes: attrs})
		scnRequireError(t, err, sns.ErrInvalidParameterException, "Invalid parameter: Attributes Reason: Subscription already exists with different attributes")
	}
	assert.Equal(t, before, scnSnapshot(t, env.svc))
}

// Subscribe returns "pending confirmation" for a subscription that must be
// confirmed, unless ReturnSubscriptionArn is set, and the ARN of a
// same-account SQS subscription, which is confirmed at once (Amazon SNS
// API Reference: Subscribe, ReturnSubscriptionArn). A subscription ARN is
// the topic ARN and a UUID.
func TestReturnSubscriptionArn(t *testing.T) {
	env, _ := scnHTTPSetup(t, 0)
	arn := scnTopic(t, env.svc, "orders", nil)
	_, qarn := scnQueue(t, env.queues, "q")

	out, err := env.svc.Subscribe(env.ctx, &sns.SubscribeInput{TopicArn: arn, Protocol: sns.ProtocolHTTPS, Endpoint: scnHookURL})
	require.NoError(t, err)
	assert.Equal(t, "pending confirmation", out.SubscriptionArn)

	out, err = env.svc.Subscribe(env.ctx, &sns.SubscribeInput{TopicArn: arn, Protocol: sns.ProtocolEmail, Endpoint: "ops@example.com", ReturnSubscriptionArn: true})
	require.NoError(t, err)
	assert.Regexp(t, `^`+arn+`:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, out.SubscriptionArn)
	assert.Equal(t, "true", scnSubAttrs(t, env.svc, out.SubscriptionArn)[sns.SubscriptionAttributePendingConfirmation])

	out, err = env.svc.Subscribe(env.ctx, &sns.SubscribeInput{TopicArn: arn, Protocol: sns.ProtocolSQS, Endpoint: qarn})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(out.SubscriptionArn, arn+":"), out.SubscriptionArn)
	assert.Equal(t, "false", scnSubAttrs(t, env.svc, out.SubscriptionArn)[sns.SubscriptionAttributePendingConfirmation])

	// Subscribing the pending endpoint again answers as the first time.
	again, err := env.svc.Subscribe(env.ctx, &sns.SubscribeInput{TopicArn: arn, Protocol: sns.ProtocolHTTPS, Endpoint: scnHookURL})
	require.NoError(t, err)
	assert.Equal(t, "pending confirmation", again.SubscriptionArn)
}

// A FIFO topic delivers only to SQS queues: http, https, email, sms and
// lambda subscriptions are refused; FIFO queues and (now) standard queues
// are accepted (Amazon SNS Developer Guide:
// https://docs.aws.amazon.com/sns/latest/dg/fifo-message-delivery.html).
func TestFifoTopicAcceptsOnlySQSSubscriptions(t *testing.T) {
	cases := []struct {
		protocol, endpoint string
		ok                 bool
	}{
		{sns.ProtocolSQS, scnQueueARN("q.fifo"), true},
		{sns.ProtocolSQS, scnQueueARN("standard"), true},
		{sns.ProtocolHTTPS, scnHookURL, false},
		{sns.ProtocolHTTP, "http://hooks.example.com/sns", false},
		{sns.ProtocolEmail, "ops@example.com", false},
		{sns.ProtocolEmailJSON, "ops@example.com", false},
		{sns.ProtocolSMS, "+15555550100", false},
		{sns.ProtocolLambda, "arn:aws:lambda:us-east-1:000000000000:function:f", false},
	}
	for _, tc := range cases {
		t.Run(tc.protocol+" "+tc.endpoint, func(t *testing.T) {
			env := scnSetup(t)
			arn := scnFifoTopic(t, env.svc, "orders.fifo", nil)
			before := scnSnapshot(t, env.svc)
			_, err := env.svc.Subscribe(env.ctx, &sns.SubscribeInput{TopicArn: arn, Protocol: tc.protocol, Endpoint: tc.endpoint})
			if tc.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, sns.ErrInvalidParameterException)
			assert.Equal(t, before, scnSnapshot(t, env.svc))
		})
	}
}

// A FIFO SQS queue cannot subscribe to a standard topic: "Invalid
// parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be
// subscribed to standard SNS topics" (Amazon SNS Developer Guide:
// https://docs.aws.amazon.com/sns/latest/dg/fifo-message-delivery.html).
func TestFifoQueueCannotSubscribeToStandardTopic(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", nil)
	_, err := env.svc.Subscribe(env.ctx, &sns.SubscribeInput{TopicArn: arn, Protocol: sns.ProtocolSQS, Endpoint: scnQueueARN("q.fifo")})
	scnRequireError(t, err, sns.ErrInvalidParameterException, "Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics")
	assert.Equal(t, [3]string{"0", "0", "0"}, scnCounters(t, env.svc, arn))
}

// The dead-letter queue of a FIFO queue's subscription to a FIFO topic
// must be a FIFO queue: "Invalid parameter: RedrivePolicy: must use a FIFO
// queue as DLQ for a FIFO Subscription to a FIFO Topic." (Amazon SNS
// Developer Guide: "Amazon SNS dead-letter queues": FIFO topic
// subscriptions use FIFO queues); Subscribe refuses it too, with its
// Attributes prefix.
func TestFifoSubscriptionNeedsFifoDeadLetterQueue(t *testing.T) {
	env := scnSetup(t)
	arn := scnFifoTopic(t, env.svc, "orders.fifo", nil)
	standardDLQ := `{"deadLetterTargetArn":"` + scnQueueARN("dlq") + `"}`
	fifoDLQ := `{"deadLetterTargetArn":"` + scnQueueARN("dlq.fifo") + `"}`

	_, err := env.svc.Subscribe(env.ctx, &sns.SubscribeInput{TopicArn: arn, Protocol: sns.ProtocolSQS, Endpoint: scnQueueARN("q.fifo"),
		Attributes: map[string]string{sns.SubscriptionAttributeRedrivePolicy: standardDLQ}})
	scnRequireError(t, err, sns.ErrInvalidParameterException, "Invalid parameter: Attributes Reason: RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.")

	sub := scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, scnQueueARN("q.fifo"), nil)
	_, err = env.svc.SetSubscriptionAttributes(env.ctx, &sns.SetSubscriptionAttributesInput{SubscriptionArn: sub, AttributeName: sns.SubscriptionAttributeRedrivePolicy, AttributeValue: standardDLQ})
	scnRequireError(t, err, sns.ErrInvalidParameterException, "Invalid parameter: RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.")
	assert.NotContains(t, scnSubAttrs(t, env.svc, sub), sns.SubscriptionAttributeRedrivePolicy)

	_, err = env.svc.SetSubscriptionAttributes(env.ctx, &sns.SetSubscriptionAttributesInput{SubscriptionArn: sub, AttributeName: sns.SubscriptionAttributeRedrivePolicy, AttributeValue: fifoDLQ})
	require.NoError(t, err)
	assert.Equal(t, fifoDLQ, scnSubAttrs(t, env.svc, sub)[sns.SubscriptionAttributeRedrivePolicy])
}

// scnConfirmedHook subscribes scnHookURL to a new topic "orders" and
// confirms it with ConfirmSubscription, with AuthenticateOnUnsubscribe as
// given; it returns the topic and subscription ARNs.
func scnConfirmedHook(t *testing.T, env *scnEnv, ep *scnEndpoint, authOnUnsubscribe string) (topicARN, subARN string) {
	t.Helper()
	topicARN = scnTopic(t, env.svc, "orders", nil)
	subARN = scnSubscribe(t, env.svc, topicARN, sns.ProtocolHTTPS, scnHookURL, nil)
	confirms := ep.ofType("SubscriptionConfirmation")
	token := scnJSON(t, confirms[len(confirms)-1].Body)["Token"].(string)
	_, err := env.svc.ConfirmSubscription(env.ctx, &sns.ConfirmSubscriptionInput{TopicArn: topicARN, Token: token, AuthenticateOnUnsubscribe: authOnUnsubscribe})
	require.NoError(t, err)
	return topicARN, subARN
}

// Unsubscribe of a subscription that does not exist is NotFound
// "Subscription does not exist"; a malformed ARN is InvalidParameter
// "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6
// elements, not N" (Amazon SNS API Reference: Unsubscribe, Errors).
func TestUnsubscribeOfUnknownOrMalformedArn(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", nil)
	_, err := env.svc.Unsubscribe(env.ctx, &sns.UnsubscribeInput{SubscriptionArn: arn + ":00000000-0000-4000-8000-000000000000"})
	scnRequireError(t, err, sns.ErrNotFoundException, "Subscription does not exist")
	_, err = env.svc.Unsubscribe(env.ctx, &sns.UnsubscribeInput{SubscriptionArn: "arn:aws:sns"})
	scnRequireError(t, err, sns.ErrInvalidParameterException, "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 3")
}

// The attributes of a same-account SQS subscription: its identity, Owner,
// PendingConfirmation "false", RawMessageDelivery "false" by default, and
// no EffectiveDeliveryPolicy (that is for HTTP/S only) (Amazon SNS API
// Reference: GetSubscriptionAttributes).
func TestGetSubscriptionAttributesOfSQSSubscription(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", nil)
	_, qarn := scnQueue(t, env.queues, "q")
	sub := scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, qarn, nil)
	attrs := scnSubAttrs(t, env.svc, sub)
	assert.Equal(t, sub, attrs[sns.SubscriptionAttributeSubscriptionArn])
	assert.Equal(t, arn, attrs[sns.SubscriptionAttributeTopicArn])
	assert.Equal(t, sns.ProtocolSQS, attrs[sns.SubscriptionAttributeProtocol])
	assert.Equal(t, qarn, attrs[sns.SubscriptionAttributeEndpoint])
	assert.Equal(t, scnAccount, attrs[sns.SubscriptionAttributeOwner])
	assert.Equal(t, "false", attrs[sns.SubscriptionAttributePendingConfirmation])
	assert.Equal(t, "false", attrs[sns.SubscriptionAttributeRawMessageDelivery])
	assert.NotContains(t, attrs, sns.SubscriptionAttributeEffectiveDeliveryPolicy)
	assert.NotContains(t, attrs, sns.SubscriptionAttributeFilterPolicy)
}

// A same-account SQS or Lambda subscription, confirmed by SNS itself when
// it is made, shows ConfirmationWasAuthenticated "true": the SNS developer
// guide's GetSubscriptionAttributes example of an SQS subscription, and
// LocalStack's AWS-recorded attributes of a Lambda subscription, show
// "true" with PendingConfirmation "false".
func TestAutoConfirmedSubscriptionWasAuthenticated(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", nil)
	_, qarn := scnQueue(t, env.queues, "q")
	for _, sub := range []string{
		scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, qarn, nil),
		scnSubscribe(t, env.svc, arn, sns.ProtocolLambda, "arn:aws:lambda:us-east-1:000000000000:function:f", nil),
	} {
		attrs := scnSubAttrs(t, env.svc, sub)
		assert.Equal(t, "false", attrs[sns.SubscriptionAttributePendingConfirmation], sub)
		assert.Equal(t, "true", attrs[sns.SubscriptionAttributeConfirmationWasAuthenticated], sub)
	}
}

// An HTTP/S subscription shows its EffectiveDeliveryPolicy: AWS's default
// when neither topic nor subscription set one, and the subscription's own
// DeliveryPolicy merged in when set (Amazon SNS Developer Guide: "Amazon
// SNS message delivery retries", "Creating an HTTP/S delivery policy").
func TestHTTPSubscriptionEffectiveDeliveryPolicy(t *testing.T) {
	env, _ := scnHTTPSetup(t, 0)
	arn := scnTopic(t, env.svc, "orders", nil)
	sub := scnSubscribe(t, env.svc, arn, sns.ProtocolHTTPS, scnHookURL, nil)
	assert.Equal(t, `{"healthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"sicklyRetryPolicy":null,"throttlePolicy":null,"requestPolicy":{"headerContentType":"text/plain; charset=UTF-8"},"guaranteed":false}`,
		scnSubAttrs(t, env.svc, sub)[sns.SubscriptionAttributeEffectiveDeliveryPolicy])

	policy := `{"healthyRetryPolicy":{"minDelayTarget":2,"maxDelayTarget":30,"numRetries":5},"throttlePolicy":{"maxReceivesPerSecond":4}}`
	_, err := env.svc.SetSubscriptionAttributes(env.ctx, &sns.SetSubscriptionAttributesInput{SubscriptionArn: sub, AttributeName: sns.SubscriptionAttributeDeliveryPolicy, AttributeValue: policy})
	require.NoError(t, err)
	attrs := scnSubAttrs(t, env.svc, sub)
	assert.Equal(t, policy, attrs[sns.SubscriptionAttributeDeliveryPolicy])
	assert.Equal(t, `{"healthyRetryPolicy":{"minDelayTarget":2,"maxDelayTarget":30,"numRetries":5,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"sicklyRetryPolicy":null,"throttlePolicy":{"maxReceivesPerSecond":4},"requestPolicy":{"headerContentType":"text/plain; charset=UTF-8"},"guaranteed":false}`,
		attrs[sns.SubscriptionAttributeEffectiveDeliveryPolicy])
}

// SetSubscriptionAttributes takes each settable attribute's valid values
// and refuses invalid ones with InvalidParameter and AWS's message where
// AWS's is recorded ("Invalid parameter: " prefix), changing nothing
// (Amazon SNS API Reference: SetSubscriptionAttributes).
func TestSetSubscriptionAttributesValidAndInvalidValues(t *testing.T) {
	cases := []struct {
		name     string
		protocol string // sqs when ""
		attr     string
		value    string
		want     string // "" accepted; "*" refused, message not asserted
	}{
		{"RawMessageDelivery true", "", sns.SubscriptionAttributeRawMessageDelivery, "true", ""},
		{"RawMessageDelivery false", "", sns.SubscriptionAttributeRawMessageDelivery, "false", ""},
		{"RawMessageDelivery other", "", sns.SubscriptionAttributeRawMessageDelivery, "RandomValue", "Invalid parameter: RawMessageDelivery: Invalid value [RandomValue]. Must be true or false."},
		{"RawMessageDelivery on email", sns.ProtocolEmail, sns.SubscriptionAttributeRawMessageDelivery, "true", "*"},
		{"FilterPolicyScope MessageBody", "", sns.SubscriptionAttributeFilterPolicyScope, "MessageBody", ""},
		{"FilterPolicyScope MessageAttributes", "", sns.SubscriptionAttributeFilterPolicyScope, "MessageAttributes", ""},
		{"FilterPolicyScope other", "", sns.SubscriptionAttributeFilterPolicyScope, "RandomValue", "Invalid parameter: FilterPolicyScope: Invalid value [RandomValue]. Please use either MessageBody or MessageAttributes"},
		{"FilterPolicy flat", "", sns.SubscriptionAttributeFilterPolicy, `{"kind":["a","b"]}`, ""},
		{"FilterPolicy nested in attribute scope", "", sns.SubscriptionAttributeFilterPolicy, `{"a":{"b":["c"]}}`, "Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy"},
		{"FilterPolicy empty array", "", sns.SubscriptionAttributeFilterPolicy, `{"kind":[]}`, "Invalid parameter: FilterPolicy: Empty arrays are not allowed"},
		{"FilterPolicy six keys", "", sns.SubscriptionAttributeFilterPolicy, `{"a":["1"],"b":["1"],"c":["1"],"d":["1"],"e":["1"],"f":["1"]}`, "Invalid parameter: FilterPolicy: Filter policy can not have more than 5 keys"},
		{"FilterPolicy exists not boolean", "", sns.SubscriptionAttributeFilterPolicy, `{"kind":[{"exists":"yes"}]}`, "Invalid parameter: FilterPolicy: exists match pattern must be either true or false."},
		{"RedrivePolicy SQS ARN", "", sns.SubscriptionAttributeRedrivePolicy, `{"deadLetterTargetArn":"` + scnQueueARN("dlq") + `"}`, ""},
		{"RedrivePolicy bad ARN", "", sns.SubscriptionAttributeRedrivePolicy, `{"deadLetterTargetArn":"dlq"}`, "Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn"},
		{"RedrivePolicy ARN with no account", "", sns.SubscriptionAttributeRedrivePolicy, `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1::dlq"}`, "Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn"},
		{"RedrivePolicy not JSON", "", sns.SubscriptionAttributeRedrivePolicy, `{`, "*"},
		{"DeliveryPolicy on https", sns.ProtocolHTTPS, sns.SubscriptionAttributeDeliveryPolicy, `{"healthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":5,"numRetries":2}}`, ""},
		{"DeliveryPolicy maxDelayTarget over 3600", sns.ProtocolHTTPS, sns.SubscriptionAttributeDeliveryPolicy, `{"healthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":3601,"numRetries":2}}`, "*"},
		{"DeliveryPolicy on sqs", "", sns.SubscriptionAttributeDeliveryPolicy, `{"healthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":5,"numRetries":2}}`, "*"},
		{"read-only Protocol", "", sns.SubscriptionAttributeProtocol, "http", "Invalid parameter: AttributeName"},
		{"unknown attribute", "", "Colour", "blue", "Invalid parameter: AttributeName"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env, ep := scnHTTPSetup(t, 0)
			var sub string
			switch tc.protocol {
			case "":
				sub = scnSubscribe(t, env.svc, scnTopic(t, env.svc, "orders", nil), sns.ProtocolSQS, scnQueueARN("q"), nil)
			case sns.ProtocolHTTPS:
				_, sub = scnConfirmedHook(t, env, ep, "")
			default:
				sub = scnSubscribe(t, env.svc, scnTopic(t, env.svc, "orders", nil), tc.protocol, "ops@example.com", nil)
			}
			before := scnSubAttrs(t, env.svc, sub)
			_, err := env.svc.SetSubscriptionAttributes(env.ctx, &sns.SetSubscriptionAttributesInput{SubscriptionArn: sub, AttributeName: tc.attr, AttributeValue: tc.value})
			if tc.want == "" {
				require.NoError(t, err)
				assert.Equal(t, tc.value, scnSubAttrs(t, env.svc, sub)[tc.attr])
				return
			}
			msg := tc.want
			if msg == "*" {
				msg = ""
			}
			scnRequireError(t, err, sns.ErrInvalidParameterException, msg)
			assert.Equal(t, before, scnSubAttrs(t, env.svc, sub), "a refused value changes nothing")
		})
	}
}

// Subscribe validates its attributes with the "Invalid parameter:
// Attributes Reason: " prefix in front of the reason SetSubscriptionAttributes
// gives, e.g. "… FilterPolicy: Empty arrays are not allowed" and
// "… RawMessageDelivery: Invalid value [x]. Must be true or false."
// (Amazon SNS API Reference: Subscribe, Attributes; the two prefixes of
// filter policy errors).
func TestSubscribeAttributeErrorsHaveAttributesReasonPrefix(t *testing.T) {
	cases := map[string]struct {
		attrs map[string]string
		want  string
	}{
		"filter policy": {map[string]string{sns.SubscriptionAttributeFilterPolicy: `{"kind":[]}`},
			"Invalid parameter: Attributes Reason: FilterPolicy: Empty arrays are not allowed"},
		"filter policy keys": {map[string]string{sns.SubscriptionAttributeFilterPolicy: `{"a":["1"],"b":["1"],"c":["1"],"d":["1"],"e":["1"],"f":["1"]}`},
			"Invalid parameter: Attributes Reason: FilterPolicy: Filter policy can not have more than 5 keys"},
		"raw delivery": {map[string]string{sns.SubscriptionAttributeRawMessageDelivery: "x"},
			"Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [x]. Must be true or false."},
		"scope": {map[string]string{sns.SubscriptionAttributeFilterPolicyScope: "RandomValue"},
			"Invalid parameter: Attributes Reason: FilterPolicyScope: Invalid value [RandomValue]. Please use either MessageBody or MessageAttributes"},
		"unknown": {map[string]string{"Colour": "blue"}, "Invalid parameter: Attributes Reason: AttributeName"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			env := scnSetup(t)
			arn := scnTopic(t, env.svc, "orders", nil)
			_, err := env.svc.Subscribe(env.ctx, &sns.SubscribeInput{TopicArn: arn, Protocol: sns.ProtocolSQS, Endpoint: scnQueueARN("q"), Attributes: tc.attrs})
			scnRequireError(t, err, sns.ErrInvalidParameterException, tc.want)
			assert.Equal(t, [3]string{"0", "0", "0"}, scnCounters(t, env.svc, arn))
		})
	}
}

// A body-scope filter policy may be nested; given with FilterPolicyScope
// MessageBody on Subscribe, it is accepted and both attributes are shown
// (Amazon SNS Developer Guide: "Amazon SNS subscription filter policy
// scope": MessageBody scope allows nested keys).
func TestSubscribeWithNestedBodyFilterPolicy(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", nil)
	policy := `{"order":{"status":["paid"]}}`
	sub := scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, scnQueueARN("q"), map[string]string{
		sns.SubscriptionAttributeFilterPolicy:      policy,
		sns.SubscriptionAttributeFilterPolicyScope: "MessageBody",
	})
	attrs := scnSubAttrs(t, env.svc, sub)
	assert.Equal(t, policy, attrs[sns.SubscriptionAttributeFilterPolicy])
	assert.Equal(t, "MessageBody", attrs[sns.SubscriptionAttributeFilterPolicyScope])

	// Switching that subscription back to attribute scope is refused: the
	// policy is nested.
	_, err := env.svc.SetSubscriptionAttributes(env.ctx, &sns.SetSubscriptionAttributesInput{SubscriptionArn: sub, AttributeName: sns.SubscriptionAttributeFilterPolicyScope, AttributeValue: "MessageAttributes"})
	scnRequireError(t, err, sns.ErrInvalidParameterException, "Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy")
	assert.Equal(t, "MessageBody", scnSubAttrs(t, env.svc, sub)[sns.SubscriptionAttributeFilterPolicyScope])
}

// A topic has at most 200 subscriptions with a filter policy
// (Amazon SNS API Reference: Subscribe, FilterPolicyLimitExceeded, 403):
// the 201st, by Subscribe or by SetSubscriptionAttributes, is refused;
// removing a policy frees a place; subscriptions without a policy are not
// limited.
func TestTopicAllows200FilterPolicies(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", nil)
	policy := map[string]string{sns.SubscriptionAttributeFilterPolicy: `{"kind":["a"]}`}
	var subs []string
	for i := range sns.MaxFilterPolicies {
		subs = append(subs, scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, scnQueueARN(fmt.Sprintf("q%03d", i)), policy))
	}
	_, err := env.svc.Subscribe(env.ctx, &sns.SubscribeInput{TopicArn: arn, Protocol: sns.ProtocolSQS, Endpoint: scnQueueARN("q200"), Attributes: policy})
	scnRequireError(t, err, sns.ErrFilterPolicyLimitExceededException, "")
	plain := scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, scnQueueARN("q200"), nil)

	set := &sns.SetSubscriptionAttributesInput{SubscriptionArn: plain, AttributeName: sns.SubscriptionAttributeFilterPolicy, AttributeValue: `{"kind":["b"]}`}
	_, err = env.svc.SetSubscriptionAttributes(env.ctx, set)
	scnRequireError(t, err, sns.ErrFilterPolicyLimitExceededException, "")
	assert.NotContains(t, scnSubAttrs(t, env.svc, plain), sns.SubscriptionAttributeFilterPolicy)

	// Changing an existing policy is not a new one.
	_, err = env.svc.SetSubscriptionAttributes(env.ctx, &sns.SetSubscriptionAttributesInput{SubscriptionArn: subs[0], AttributeName: sns.SubscriptionAttributeFilterPolicy, AttributeValue: `{"kind":["c"]}`})
	require.NoError(t, err)

	_, err = env.svc.SetSubscriptionAttributes(env.ctx, &sns.SetSubscriptionAttributesInput{SubscriptionArn: subs[1], AttributeName: sns.SubscriptionAttributeFilterPolicy, AttributeValue: ""})
	require.NoError(t, err)
	_, err = env.svc.SetSubscriptionAttributes(env.ctx, set)
	require.NoError(t, err)

	_, err = env.svc.Unsubscribe(env.ctx, &sns.UnsubscribeInput{SubscriptionArn: subs[2]})
	require.NoError(t, err)
	scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, scnQueueARN("q201"), policy)
}

// ListSubscriptions and ListSubscriptionsByTopic return 100 subscriptions
// per page with a NextToken while more follow (Amazon SNS API Reference:
// ListSubscriptions, ListSubscriptionsByTopic), in creation order, every
// subscription once; ByTopic lists only the topic's.
func TestListSubscriptionsPaging(t *testing.T) {
	env := scnSetup(t)
	a := scnTopic(t, env.svc, "a", nil)
	b := scnTopic(t, env.svc, "b", nil)
	var all, ofA []string
	for i := range 230 {
		topic := a
		if i%3 == 2 {
			topic = b
		}
		sub := scnSubscribe(t, env.svc, topic, sns.ProtocolSQS, scnQueueARN(fmt.Sprintf("q%03d", i)), nil)
		all = append(all, sub)
		if topic == a {
			ofA = append(ofA, sub)
		}
	}

	var sizes []int
	var got []string
	token := ""
	for {
		out, err := env.svc.ListSubscriptions(env.ctx, &sns.ListSubscriptionsInput{NextToken: token})
		require.NoError(t, err)
		sizes = append(sizes, len(out.Subscriptions))
		for _, s := range out.Subscriptions {
			got = append(got, s.SubscriptionArn)
		}
		if token = out.NextToken; token == "" {
			break
		}
	}
	assert.Equal(t, []int{100, 100, 30}, sizes)
	assert.Equal(t, all, got)

	sizes, got, token = nil, nil, ""
	for {
		out, err := env.svc.ListSubscriptionsByTopic(env.ctx, &sns.ListSubscriptionsByTopicInput{TopicArn: a, NextToken: token})
		require.NoError(t, err)
		sizes = append(sizes, len(out.Subscriptions))
		for _, s := range out.Subscriptions {
			assert.Equal(t, a, s.TopicArn)
			assert.Equal(t, sns.ProtocolSQS, s.Protocol)
			assert.Equal(t, scnAccount, s.Owner)
			got = append(got, s.SubscriptionArn)
		}
		if token = out.NextToken; token == "" {
			break
		}
	}
	assert.Equal(t, []int{100, 54}, sizes)
	assert.Equal(t, ofA, got)

	_, err := env.svc.ListSubscriptionsByTopic(env.ctx, &sns.ListSubscriptionsByTopicInput{TopicArn: scnTopicARN("nope")})
	scnRequireError(t, err, sns.ErrNotFoundException, "Topic does not exist")
}

// In the List operations a subscription awaiting confirmation has no ARN
// yet: its SubscriptionArn reads "PendingConfirmation" (one word), as real
// list-subscriptions output shows it, unlike Subscribe's "pending
// confirmation"; once confirmed, its ARN is listed.
func TestListSubscriptionsShowsPendingConfirmation(t *testing.T) {
	env, ep := scnHTTPSetup(t, 0)
	arn := scnTopic(t, env.svc, "orders", nil)
	_, qarn := scnQueue(t, env.queues, "q")
	sqsSub := scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, qarn, nil)
	hook := scnSubscribe(t, env.svc, arn, sns.ProtocolHTTPS, scnHookURL, nil)

	list, err := env.svc.ListSubscriptionsByTopic(env.ctx, &sns.ListSubscriptionsByTopicInput{TopicArn: arn})
	require.NoError(t, err)
	require.Len(t, list.Subscriptions, 2)
	assert.Equal(t, sqsSub, list.Subscriptions[0].SubscriptionArn)
	assert.Equal(t, sns.Subscription{SubscriptionArn: "PendingConfirmation", TopicArn: arn, Protocol: sns.ProtocolHTTPS, Endpoint: scnHookURL, Owner: scnAccount}, list.Subscriptions[1])
	all, err := env.svc.ListSubscriptions(env.ctx, &sns.ListSubscriptionsInput{})
	require.NoError(t, err)
	assert.Equal(t, list.Subscriptions, all.Subscriptions)

	token := scnJSON(t, ep.requests[0].Body)["Token"].(string)
	_, err = env.svc.ConfirmSubscription(env.ctx, &sns.ConfirmSubscriptionInput{TopicArn: arn, Token: token})
	require.NoError(t, err)
	list, err = env.svc.ListSubscriptionsByTopic(env.ctx, &sns.ListSubscriptionsByTopicInput{TopicArn: arn})
	require.NoError(t, err)
	assert.Equal(t, hook, list.Subscriptions[1].SubscriptionArn)
}

// Subscription listing continues correctly across unsubscribes between
// pages: no live subscription is skipped or repeated (Amazon SNS API
// Reference: ListSubscriptions, NextToken).
func TestListSubscriptionsPagingSurvivesUnsubscribes(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", nil)
	var subs []string
	for i := range 150 {
		subs = append(subs, scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, scnQueueARN(fmt.Sprintf("q%03d", i)), nil))
	}
	first, err := env.svc.ListSubscriptionsByTopic(env.ctx, &sns.ListSubscriptionsByTopicInput{TopicArn: arn})
	require.NoError(t, err)
	require.NotEmpty(t, first.NextToken)
	for _, i := range []int{10, 100, 120} {
		_, err := env.svc.Unsubscribe(env.ctx, &sns.UnsubscribeInput{SubscriptionArn: subs[i]})
		require.NoError(t, err)
	}
	second, err := env.svc.ListSubscriptionsByTopic(env.ctx, &sns.ListSubscriptionsByTopicInput{TopicArn: arn, NextToken: first.NextToken})
	require.NoError(t, err)
	assert.Empty(t, second.NextToken)
	var got []string
	for _, s := range second.Subscriptions {
		got = append(got, s.SubscriptionArn)
	}
	var want []string
	for i := 101; i < 150; i++ {
		if i != 120 {
			want = append(want, subs[i])
		}
	}
	assert.Equal(t, want, got)
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
