package sns

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// DeliveryPolicy parsing, validation and the effective policy. AWS facts
// come from the developer guide page "Amazon SNS message delivery
// retries", section "Creating an HTTP/S delivery policy", unless a test
// says otherwise.

// Bad DeliveryPolicy documents are refused with AWS's reason, which names
// the member by its path. Recorded AWS messages: "DeliveryPolicy:
// http.defaultHealthyRetryPolicy.numRetries must be less than or equal to
// 100", "DeliveryPolicy: healthyRetryPolicy.minDelayTarget must be greater
// than or equal to 1", "DeliveryPolicy: Unexpected JSON member:
// throttlePolicy", "DeliveryPolicy: http.defaultHealthyRetryPolicy.
// minDelayTarget type mismatch, expecting integer, received a string";
// the others follow their pattern.
func TestInvalidDeliveryPolicyIsRefusedWithAWSReason(t *testing.T) {
	const ok = `"minDelayTarget":5,"maxDelayTarget":10,"numRetries":6`
	tests := []struct {
		name, sub, want string
	}{
		{"not JSON", `{"healthyRetryPolicy":`, "DeliveryPolicy: failed to parse JSON"},
		{"not an object", `[1]`, "DeliveryPolicy: failed to parse JSON"},
		{"unknown member", `{"defaultHealthyRetryPolicy":{}}`, "DeliveryPolicy: Unexpected JSON member: defaultHealthyRetryPolicy"},
		{"unknown nested member", `{"healthyRetryPolicy":{` + ok + `,"jitter":true}}`, "DeliveryPolicy: Unexpected JSON member: healthyRetryPolicy.jitter"},
		{"retry policy not an object", `{"healthyRetryPolicy":3}`, "DeliveryPolicy: healthyRetryPolicy type mismatch, expecting object, received a number"},
		{"integer as string", `{"healthyRetryPolicy":{"minDelayTarget":"5","maxDelayTarget":10,"numRetries":6}}`, "DeliveryPolicy: healthyRetryPolicy.minDelayTarget type mismatch, expecting integer, received a string"},
		{"fraction", `{"healthyRetryPolicy":{"minDelayTarget":5,"maxDelayTarget":10.5,"numRetries":6}}`, "DeliveryPolicy: healthyRetryPolicy.maxDelayTarget type mismatch, expecting integer, received a number"},
		{"minDelayTarget missing", `{"healthyRetryPolicy":{"maxDelayTarget":10,"numRetries":6}}`, "DeliveryPolicy: healthyRetryPolicy.minDelayTarget must be specified"},
		{"maxDelayTarget missing", `{"healthyRetryPolicy":{"minDelayTarget":5,"numRetries":6}}`, "DeliveryPolicy: healthyRetryPolicy.maxDelayTarget must be specified"},
		{"numRetries missing", `{"healthyRetryPolicy":{"minDelayTarget":5,"maxDelayTarget":10}}`, "DeliveryPolicy: healthyRetryPolicy.numRetries must be specified"},
		{"minDelayTarget 0", `{"healthyRetryPolicy":{"minDelayTarget":0,"maxDelayTarget":10,"numRetries":6}}`, "DeliveryPolicy: healthyRetryPolicy.minDelayTarget must be greater than or equal to 1"},
		{"max below min", `{"healthyRetryPolicy":{"minDelayTarget":11,"maxDelayTarget":10,"numRetries":6}}`, "DeliveryPolicy: healthyRetryPolicy.maxDelayTarget must be greater than or equal to minDelayTarget"},
		{"max above 3600", `{"healthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":3601,"numRetries":6}}`, "DeliveryPolicy: healthyRetryPolicy.maxDelayTarget must be less than or equal to 3600"},
		{"numRetries negative", `{"healthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":1,"numRetries":-1}}`, "DeliveryPolicy: healthyRetryPolicy.numRetries must be greater than or equal to 0"},
		{"numRetries 101", `{"healthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":1,"numRetries":101}}`, "DeliveryPolicy: healthyRetryPolicy.numRetries must be less than or equal to 100"},
		{"phase count negative", `{"healthyRetryPolicy":{` + ok + `,"numMinDelayRetries":-1}}`, "DeliveryPolicy: healthyRetryPolicy.numMinDelayRetries must be greater than or equal to 0"},
		{"phases exceed numRetries", `{"healthyRetryPolicy":{` + ok + `,"numNoDelayRetries":3,"numMinDelayRetries":2,"numMaxDelayRetries":2}}`, "DeliveryPolicy: healthyRetryPolicy.numRetries must be greater than or equal to total of numMinDelayRetries, numNoDelayRetries and numMaxDelayRetries"},
		{"unknown backoff function", `{"healthyRetryPolicy":{` + ok + `,"backoffFunction":"cubic"}}`, "DeliveryPolicy: healthyRetryPolicy.backoffFunction must be one of linear, arithmetic, geometric, exponential"},
		{"throttle below 1", `{"throttlePolicy":{"maxReceivesPerSecond":0}}`, "DeliveryPolicy: throttlePolicy.maxReceivesPerSecond must be greater than or equal to 1"},
		{"content type not a string", `{"requestPolicy":{"headerContentType":1}}`, "DeliveryPolicy: requestPolicy.headerContentType type mismatch, expecting string, received a number"},
		{"guaranteed not a boolean", `{"guaranteed":"no"}`, "DeliveryPolicy: guaranteed type mismatch, expecting boolean, received a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := parseSubscriptionDeliveryPolicy(tt.sub)
			require.Error(t, err)
			assert.Nil(t, p)
			assert.Equal(t, tt.want, err.Error())
			var pe *policyError
			assert.True(t, errors.As(err, &pe))
		})
	}
}

// A topic's policy lives under "http" with "default…" member names, and
// its messages name the path from "http."; a subscription-shaped member at
// the top of a topic policy is refused ("DeliveryPolicy: Unexpected JSON
// member: throttlePolicy", recorded from AWS).
func TestInvalidTopicDeliveryPolicyNamesTheHTTPPath(t *testing.T) {
	tests := []struct {
		name, topic, want string
	}{
		{"subscription member at the top", `{"throttlePolicy":{"maxReceivesPerSecond":1}}`, "DeliveryPolicy: Unexpected JSON member: throttlePolicy"},
		{"unknown member under http", `{"http":{"healthyRetryPolicy":{}}}`, "DeliveryPolicy: Unexpected JSON member: http.healthyRetryPolicy"},
		{"numRetries 101", `{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":1,"numRetries":101}}}`, "DeliveryPolicy: http.defaultHealthyRetryPolicy.numRetries must be less than or equal to 100"},
		{"integer as string", `{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":"20","maxDelayTarget":20,"numRetries":3}}}`, "DeliveryPolicy: http.defaultHealthyRetryPolicy.minDelayTarget type mismatch, expecting integer, received a string"},
		{"override flag not a boolean", `{"http":{"disableSubscriptionOverrides":"true"}}`, "DeliveryPolicy: http.disableSubscriptionOverrides type mismatch, expecting boolean, received a string"},
		{"throttle below 1", `{"http":{"defaultThrottlePolicy":{"maxReceivesPerSecond":0}}}`, "DeliveryPolicy: http.defaultThrottlePolicy.maxReceivesPerSecond must be greater than or equal to 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := parseTopicDeliveryPolicy(tt.topic)
			require.Error(t, err)
			assert.Nil(t, p)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

// Valid documents parse, including the boundaries of every range, and
// JSON null stands for an absent member. The empty string is no policy.
func TestValidDeliveryPoliciesParse(t *testing.T) {
	for _, doc := range []string{
		`{}`,
		`{"healthyRetryPolicy":null,"sicklyRetryPolicy":null,"throttlePolicy":null,"guaranteed":false}`,
		`{"healthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":3600,"numRetries":100,"numNoDelayRetries":100}}`,
		`{"healthyRetryPolicy":{"minDelayTarget":5,"maxDelayTarget":20,"numRetries":5,"numMaxDelayRetries":null,"numNoDelayRetries":null,"numMinDelayRetries":null,"backoffFunction":null},"sicklyRetryPolicy":null,"throttlePolicy":null,"guaranteed":false}`,
		`{"healthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":1,"numRetries":0},"throttlePolicy":{"maxReceivesPerSecond":1},"requestPolicy":{"headerContentType":"application/json"}}`,
	} {
		_, err := parseSubscriptionDeliveryPolicy(doc)
		assert.NoError(t, err, doc)
	}
	for _, doc := range []string{
		`{}`,
		`{"http":{}}`,
		`{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false,"defaultThrottlePolicy":{"maxReceivesPerSecond":1}}}`,
	} {
		_, err := parseTopicDeliveryPolicy(doc)
		assert.NoError(t, err, doc)
	}
	tp, err := parseTopicDeliveryPolicy("")
	assert.NoError(t, err)
	assert.Nil(t, tp)
	sp, err := parseSubscriptionDeliveryPolicy("")
	assert.NoError(t, err)
	assert.Nil(t, sp)
}

// "If you assign a delivery policy to a subscription, the subscription-
// level policy takes precedence over the topic-level delivery policy",
// unless the topic ignores subscription overrides; each part (retry,
// throttle, request) falls back on its own.
func TestEffectivePolicyMergesTopicAndSubscription(t *testing.T) {
	topic := func(doc string) *topicDeliveryPolicy {
		p, err := parseTopicDeliveryPolicy(doc)
		require.NoError(t, err)
		return p
	}
	sub := func(doc string) *subscriptionDeliveryPolicy {
		p, err := parseSubscriptionDeliveryPolicy(doc)
		require.NoError(t, err)
		return p
	}
	topicPolicy := topic(`{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":5,"maxDelayTarget":5,"numRetries":2},
		"defaultThrottlePolicy":{"maxReceivesPerSecond":7},"defaultRequestPolicy":{"headerContentType":"application/xml"}}}`)
	lockedTopic := topic(`{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":5,"maxDelayTarget":5,"numRetries":2},
		"disableSubscriptionOverrides":true}}`)
	subRetry := sub(`{"healthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":1,"numRetries":1}}`)
	subAll := sub(`{"healthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":1,"numRetries":1},
		"throttlePolicy":{"maxReceivesPerSecond":3},"requestPolicy":{"headerContentType":"application/json"}}`)

	tests := []struct {
		name         string
		t            *topicDeliveryPolicy
		s            *subscriptionDeliveryPolicy
		times        []time.Duration
		throttle     int
		contentType  string
		subscription string // effectiveSubscriptionJSON
	}{
		{
			name: "no policies", times: secs(0, 20, 40, 60), contentType: "text/plain; charset=UTF-8",
			subscription: `{"healthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"sicklyRetryPolicy":null,"throttlePolicy":null,"requestPolicy":{"headerContentType":"text/plain; charset=UTF-8"},"guaranteed":false}`,
		},
		{
			name: "topic only", t: topicPolicy, times: secs(0, 5, 10), throttle: 7, contentType: "application/xml",
			subscription: `{"healthyRetryPolicy":{"minDelayTarget":5,"maxDelayTarget":5,"numRetries":2,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"sicklyRetryPolicy":null,"throttlePolicy":{"maxReceivesPerSecond":7},"requestPolicy":{"headerContentType":"application/xml"},"guaranteed":false}`,
		},
		{
			name: "subscription only", s: subAll, times: secs(0, 1), throttle: 3, contentType: "application/json",
			subscription: `{"healthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":1,"numRetries":1,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"sicklyRetryPolicy":null,"throttlePolicy":{"maxReceivesPerSecond":3},"requestPolicy":{"headerContentType":"application/json"},"guaranteed":false}`,
		},
		{
			name: "subscription retry over topic, topic throttle and request kept", t: topicPolicy, s: subRetry,
			times: secs(0, 1), throttle: 7, contentType: "application/xml",
			subscription: `{"healthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":1,"numRetries":1,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"sicklyRetryPolicy":null,"throttlePolicy":{"maxReceivesPerSecond":7},"requestPolicy":{"headerContentType":"application/xml"},"guaranteed":false}`,
		},
		{
			name: "disableSubscriptionOverrides ignores the subscription", t: lockedTopic, s: subAll,
			times: secs(0, 5, 10), contentType: "text/plain; charset=UTF-8",
			subscription: `{"healthyRetryPolicy":{"minDelayTarget":5,"maxDelayTarget":5,"numRetries":2,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"sicklyRetryPolicy":null,"throttlePolicy":null,"requestPolicy":{"headerContentType":"text/plain; charset=UTF-8"},"guaranteed":false}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := effectiveHTTPPolicy(tt.t, tt.s)
			assert.Equal(t, tt.times, attemptTimes(p.retry))
			assert.Equal(t, tt.throttle, p.maxReceivesPerSecond)
			assert.Equal(t, tt.contentType, p.contentType())
			assert.Equal(t, tt.subscription, effectiveSubscriptionJSON(tt.t, tt.s))
		})
	}
}

// GetTopicAttributes of a new topic shows this EffectiveDeliveryPolicy
// (LocalStack snapshot recorded against AWS, test_create_topic_test_arn),
// byte for byte; a topic policy replaces the defaults it sets.
func TestTopicEffectiveDeliveryPolicyJSON(t *testing.T) {
	const def = `{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}`
	var none *topicDeliveryPolicy
	assert.Equal(t, def, none.effectiveJSON())

	empty, err := parseTopicDeliveryPolicy(`{"http":{}}`)
	require.NoError(t, err)
	assert.Equal(t, def, empty.effectiveJSON(), "an empty http policy changes nothing")

	custom, err := parseTopicDeliveryPolicy(`{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":60,"numRetries":50,"numNoDelayRetries":3,"numMinDelayRetries":2,"numMaxDelayRetries":35,"backoffFunction":"exponential"},
		"disableSubscriptionOverrides":true,"defaultThrottlePolicy":{"maxReceivesPerSecond":10},"defaultRequestPolicy":{"headerContentType":"application/json"}}}`)
	require.NoError(t, err)
	assert.Equal(t, `{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":60,"numRetries":50,"numMaxDelayRetries":35,"numNoDelayRetries":3,"numMinDelayRetries":2,"backoffFunction":"exponential"},"disableSubscriptionOverrides":true,"defaultThrottlePolicy":{"maxReceivesPerSecond":10},"defaultRequestPolicy":{"headerContentType":"application/json"}}}`,
		custom.effectiveJSON())
}

// FuzzParseDeliveryPolicy: no document panics, and an accepted retry
// policy always yields a schedule within AWS's limits (at most 101
// attempts, the last at most 3,600 s after the first).
func FuzzParseDeliveryPolicy(f *testing.F) {
	f.Add(`{"healthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":60,"numRetries":50,"numNoDelayRetries":3,"backoffFunction":"geometric"}}`)
	f.Add(`{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3}}}`)
	f.Add(`{"throttlePolicy":{"maxReceivesPerSecond":1e400}}`)
	f.Fuzz(func(t *testing.T, doc string) {
		tp, terr := parseTopicDeliveryPolicy(doc)
		sp, serr := parseSubscriptionDeliveryPolicy(doc)
		if terr != nil {
			tp = nil
		}
		if serr != nil {
			sp = nil
		}
		p := effectiveHTTPPolicy(tp, sp)
		times := attemptTimes(p.retry)
		if len(times) > 101 || times[len(times)-1] > time.Hour {
			t.Fatalf("schedule out of limits: %d attempts, last at %v", len(times), times[len(times)-1])
		}
		_ = tp.effectiveJSON()
		_ = effectiveSubscriptionJSON(tp, sp)
	})
}
