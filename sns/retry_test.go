package sns

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Retry schedules and DeliveryPolicy parsing. AWS facts come from the
// developer guide pages "Amazon SNS message delivery retries" and
// "Setting Amazon SNS Delivery Retry Policies for HTTP/HTTPS Endpoints"
// (awsdocs/amazon-sns-developer-guide, sns-message-delivery-retries.md and
// DeliveryPolicies.md) unless a test says otherwise.

// delays returns the delay before each retry of p, in order.
func delays(p retryPolicy) []time.Duration {
	var out []time.Duration
	for attempt := 1; ; attempt++ {
		d, ok := p.retryDelay(attempt)
		if !ok {
			return out
		}
		out = append(out, d)
	}
}

// attemptTimes returns when each attempt of p is made, counted from the
// first attempt.
func attemptTimes(p retryPolicy) []time.Duration {
	at := []time.Duration{0}
	for _, d := range delays(p) {
		at = append(at, at[len(at)-1]+d)
	}
	return at
}

// secs converts whole seconds to Durations, for readable expectations.
func secs(s ...int) []time.Duration {
	out := make([]time.Duration, len(s))
	for i, v := range s {
		out[i] = time.Duration(v) * time.Second
	}
	return out
}

// repeat returns n copies of d.
func repeat(d time.Duration, n int) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = d
	}
	return out
}

// AWS-managed endpoints (SQS, Lambda): 3 retries without delay, 2 one
// second apart, 10 with exponential backoff from 1 s to 20 s, 100,000
// twenty seconds apart — "100,015 times, over 23 days".
func TestAWSManagedRetriesFollowTheFourPhases(t *testing.T) {
	p := awsManagedRetries
	got := delays(p)
	require.Len(t, got, 100_015, "retries: AWS's 100,015 attempts count the retries")
	assert.Equal(t, 100_016, p.attempts(), "attempts include the first delivery")

	assert.Equal(t, repeat(0, 3), got[:3], "immediate phase")
	assert.Equal(t, secs(1, 1), got[3:5], "pre-backoff phase, 1 s apart")
	backoff := got[5:15]
	assert.Equal(t, time.Second, backoff[0], "backoff starts at minDelay")
	assert.Equal(t, 20*time.Second, backoff[9], "backoff ends at maxDelay")
	assert.IsNonDecreasing(t, backoff)
	assert.Equal(t, repeat(20*time.Second, 100_000), got[15:], "post-backoff phase, 20 s apart")

	var span time.Duration
	for _, d := range got {
		span += d
	}
	assert.Equal(t, 2_000_039*time.Second, span)
	assert.True(t, span > 23*24*time.Hour && span < 24*24*time.Hour, "over 23 days, got %v", span)
}

// Customer-managed endpoints (email, SMS): no immediate retry, 2 retries
// 10 s apart, 10 with exponential backoff from 10 s to 600 s, 38 at 600 s
// — "50 times, over 6 hours".
func TestCustomerManagedRetriesFollowTheFourPhases(t *testing.T) {
	p := customerManagedRetries
	got := delays(p)
	require.Len(t, got, 50)
	assert.Equal(t, 51, p.attempts())

	assert.Equal(t, secs(10, 10), got[:2], "pre-backoff phase, 10 s apart; no immediate retry")
	backoff := got[2:12]
	assert.Equal(t, 10*time.Second, backoff[0])
	assert.Equal(t, 600*time.Second, backoff[9])
	assert.IsNonDecreasing(t, backoff)
	assert.Equal(t, repeat(600*time.Second, 38), got[12:])

	var span time.Duration
	for _, d := range got {
		span += d
	}
	assert.Equal(t, 23_849*time.Second, span)
	assert.True(t, span > 6*time.Hour && span < 7*time.Hour, "over 6 hours, got %v", span)
}

// "If no delivery policies are set, the default is to retry three times in
// the backoff phase, with a time delay of 20 seconds between each retry."
func TestDefaultHTTPPolicyRetriesThreeTimesTwentySecondsApart(t *testing.T) {
	p := effectiveHTTPPolicy(nil, nil)
	assert.Equal(t, secs(0, 20, 40, 60), attemptTimes(p.retry))
	assert.Equal(t, 4, p.retry.attempts())
	assert.Zero(t, p.maxReceivesPerSecond, "no throttling by default")
	assert.Equal(t, "text/plain; charset=UTF-8", p.contentType())
}

// The guide's worked example: maximum delay 40 s, the rest default, linear:
// "the first retry after 20 seconds, the second retry after 30 seconds,
// and the final retry after 40 seconds".
func TestLinearBackoffMatchesTheGuideExample(t *testing.T) {
	pol, err := parseSubscriptionDeliveryPolicy(`{"healthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":40,"numRetries":3}}`)
	require.NoError(t, err)
	assert.Equal(t, secs(20, 30, 40), delays(effectiveHTTPPolicy(nil, pol).retry))
}

// The backoff graph of the guide: 10 retries from 5 s to 260 s under each
// function. Every curve starts at minDelayTarget and ends at
// maxDelayTarget; linear rises evenly and lies highest, exponential lowest.
// The intermediate values follow the formulas documented on
// backoffFunction (AWS publishes none).
func TestBackoffFunctionsGiveTheDocumentedDelays(t *testing.T) {
	want := map[string][]int{
		"linear":      {5, 33, 61, 90, 118, 146, 175, 203, 231, 260},
		"arithmetic":  {5, 8, 17, 33, 55, 83, 118, 159, 206, 260},
		"geometric":   {5, 5, 7, 10, 15, 25, 44, 78, 142, 260},
		"exponential": {5, 5, 5, 5, 6, 9, 17, 39, 98, 260},
	}
	for _, name := range backoffNames {
		t.Run(name, func(t *testing.T) {
			doc := fmt.Sprintf(`{"healthyRetryPolicy":{"minDelayTarget":5,"maxDelayTarget":260,"numRetries":10,"backoffFunction":%q}}`, name)
			pol, err := parseSubscriptionDeliveryPolicy(doc)
			require.NoError(t, err)
			p := effectiveHTTPPolicy(nil, pol).retry
			assert.Equal(t, secs(want[name]...), delays(p))
		})
	}
}

// A custom policy runs its four phases in order: the guide's example of 3
// immediate retries, 2 one second apart, 10 exponential from 1 s to 60 s
// and 35 sixty seconds apart, "a total of 50 attempts" (retries).
func TestCustomPolicyRunsPhasesInOrder(t *testing.T) {
	pol, err := parseSubscriptionDeliveryPolicy(`{"healthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":60,"numRetries":50,
		"numNoDelayRetries":3,"numMinDelayRetries":2,"numMaxDelayRetries":35,"backoffFunction":"exponential"},
		"throttlePolicy":{"maxReceivesPerSecond":10}}`)
	require.NoError(t, err)
	p := effectiveHTTPPolicy(nil, pol)
	want := append(append(append(repeat(0, 3), secs(1, 1)...), secs(1, 1, 1, 1, 1, 2, 3, 8, 22, 60)...), repeat(60*time.Second, 35)...)
	assert.Equal(t, want, delays(p.retry))
	assert.Equal(t, 51, p.retry.attempts())
	assert.Equal(t, 10, p.maxReceivesPerSecond)
}

// "The total policy retry time for an HTTP/S endpoint cannot be greater
// than 3,600 seconds": the simulator drops every attempt that would come
// more than 3,600 s after the first. An attempt at exactly 3,600 s is kept.
func TestHTTPRetryTimeIsCappedAtOneHour(t *testing.T) {
	tests := []struct {
		name   string
		policy string
		want   []time.Duration // attempt times
	}{
		{
			name:   "100 retries a minute apart keep the first 60",
			policy: `{"minDelayTarget":60,"maxDelayTarget":60,"numRetries":100}`,
			want: func() []time.Duration {
				var at []time.Duration
				for i := 0; i <= 60; i++ {
					at = append(at, time.Duration(i)*time.Minute)
				}
				return at
			}(),
		},
		{
			name:   "an hour between retries keeps one retry",
			policy: `{"minDelayTarget":3600,"maxDelayTarget":3600,"numRetries":100}`,
			want:   secs(0, 3600),
		},
		{
			name:   "immediate retries past the hour are dropped too",
			policy: `{"minDelayTarget":3600,"maxDelayTarget":3600,"numRetries":5,"numMinDelayRetries":1,"numNoDelayRetries":2}`,
			want:   secs(0, 0, 0, 3600),
		},
		{
			name:   "a schedule within the hour is whole",
			policy: `{"minDelayTarget":20,"maxDelayTarget":1200,"numRetries":4,"backoffFunction":"linear"}`,
			want:   secs(0, 20, 433, 1239, 2439),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol, err := parseSubscriptionDeliveryPolicy(`{"healthyRetryPolicy":` + tt.policy + `}`)
			require.NoError(t, err)
			p := effectiveHTTPPolicy(nil, pol).retry
			assert.Equal(t, tt.want, attemptTimes(p))
			assert.Equal(t, len(tt.want), p.attempts())
		})
	}
}

// retryDelay answers for any attempt in O(1) and without allocating, since
// the AWS-managed policy is asked 100,016 times per message.
func TestRetryDelayDoesNotAllocate(t *testing.T) {
	p := awsManagedRetries
	allocs := testing.AllocsPerRun(100, func() {
		_, _ = p.retryDelay(10)
		_, _ = p.retryDelay(90_000)
	})
	assert.Zero(t, allocs)
	_, ok := p.retryDelay(0)
	assert.False(t, ok, "attempt numbers start at 1")
	_, ok = p.retryDelay(100_016)
	assert.False(t, ok, "the last attempt has no retry")
	var zero retryPolicy
	assert.Equal(t, 1, zero.attempts(), "the zero policy makes the one delivery attempt")
}

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
