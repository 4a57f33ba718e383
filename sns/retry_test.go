package sns

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Retry schedules; the DeliveryPolicy attribute is tested in
// deliverypolicy_test.go. AWS facts come from the developer guide pages
// "Amazon SNS message delivery retries" and "Setting Amazon SNS Delivery
// Retry Policies for HTTP/HTTPS Endpoints" (awsdocs/amazon-sns-developer-guide,
// sns-message-delivery-retries.md and DeliveryPolicies.md) unless a test
// says otherwise.

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
