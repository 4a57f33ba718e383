package sns

import (
	"math"
	"time"
)

// Delivery retry schedules: when each attempt of a delivery is made.
//
// AWS retries a failed delivery in four phases (guide page "Amazon SNS
// message delivery retries", section "Delivery policy stages"):
//
//  1. immediate retries, with no delay between them;
//  2. pre-backoff retries, minDelay apart;
//  3. backoff retries, whose delays grow from minDelay (the first) to
//     maxDelay (the last) along a backoff function;
//  4. post-backoff retries, maxDelay apart.
//
// Only HTTP/S subscriptions take a custom schedule, from the DeliveryPolicy
// attribute of their topic and of the subscription (deliverypolicy.go).
// SQS, Lambda and Firehose use [awsManagedRetries]; email, email-json and
// SMS use [customerManagedRetries].
//
// The simulator applies no jitter, although AWS does: every attempt time
// is exactly predictable, so that tests can advance the clock to it.

// backoffFunction is the curve of the backoff phase: how the delay grows
// from minDelayTarget at the first backoff retry to maxDelayTarget at the
// last.
//
// AWS names the four curves and shows them in a graph (10 retries, 5 s to
// 260 s) but publishes no formula. The simulator uses these, with
// i = 0 … n−1 the index of a retry in a backoff phase of n retries,
// min and max in whole seconds, and the result rounded down to a whole
// second:
//
//   - linear:      min + (max−min)·i/(n−1)
//   - arithmetic:  min + (max−min)·i²/(n−1)²
//   - geometric:   (max−min+1)^(i/(n−1)) + min − 1
//   - exponential: min + (max−min)·(eⁱ−1)/(eⁿ⁻¹−1)
//
// Each curve starts at min and ends at max, as the guide requires, and
// they order as in the AWS graph: linear highest, then arithmetic,
// geometric, and exponential lowest until the last retry. The linear curve
// matches the guide's worked example (3 retries, 20 s to 40 s: 20, 30 and
// 40 s). The other three follow Comcast CMB, an open-source SNS
// reimplementation; they are not confirmed by AWS.
type backoffFunction uint8

const (
	backoffLinear backoffFunction = iota
	backoffArithmetic
	backoffGeometric
	backoffExponential
)

// backoffNames are the backoffFunction values as the DeliveryPolicy JSON
// spells them, indexed by backoffFunction.
var backoffNames = [...]string{"linear", "arithmetic", "geometric", "exponential"}

// String returns the name the DeliveryPolicy JSON uses for f.
func (f backoffFunction) String() string { return backoffNames[f] }

// retryPolicy is a delivery retry schedule in the four phases AWS
// describes: immediate retries, pre-backoff (minDelay apart), backoff
// (curve from minDelay to maxDelay), post-backoff (maxDelay apart).
//
// The zero value makes one attempt and no retry. A retryPolicy is a value:
// copy it freely; it holds no pointers.
type retryPolicy struct {
	noDelay     int             // retries in the immediate phase
	preBackoff  int             // retries in the pre-backoff phase, minDelay apart
	backoff     int             // retries in the backoff phase
	postBackoff int             // retries in the post-backoff phase, maxDelay apart
	minDelay    int             // seconds
	maxDelay    int             // seconds
	function    backoffFunction // curve of the backoff phase
	// total is the number of attempts, the first included, after any
	// time cap has dropped the attempts that came too late.
	total int
}

// awsManagedRetries is the schedule for AWS-managed endpoints (SQS,
// Lambda, Firehose): 3 retries at once, 2 at 1 s, 10 exponential from 1 s
// to 20 s, 100,000 at 20 s. AWS counts these 100,015 retries as "100,015
// attempts over 23 days"; with the first attempt the simulator makes
// 100,016, the last 2,000,039 s (23.1 days) after the first.
var awsManagedRetries = newRetryPolicy(3, 2, 10, 100_000, 1, 20, backoffExponential, 0)

// customerManagedRetries is the schedule for customer-managed endpoints
// (email, email-json, SMS): no immediate retry, 2 at 10 s, 10 exponential
// from 10 s to 600 s, 38 at 600 s. AWS counts these 50 retries as "50
// attempts over 6 hours"; the simulator makes 51 attempts, the last
// 23,849 s (6.6 h) after the first.
var customerManagedRetries = newRetryPolicy(0, 2, 10, 38, 10, 600, backoffExponential, 0)

// newRetryPolicy returns the schedule with the given phase lengths (in
// retries), delays (in whole seconds) and backoff curve. When limit is
// positive, attempts that would come more than limit after the first
// attempt are dropped, and with them every later attempt.
func newRetryPolicy(noDelay, preBackoff, backoff, postBackoff, minDelay, maxDelay int, function backoffFunction, limit time.Duration) retryPolicy {
	p := retryPolicy{
		noDelay: noDelay, preBackoff: preBackoff, backoff: backoff, postBackoff: postBackoff,
		minDelay: minDelay, maxDelay: maxDelay, function: function,
	}
	retries := noDelay + preBackoff + backoff + postBackoff
	p.total = 1 + retries
	if limit <= 0 {
		return p
	}
	var at time.Duration
	for r := 1; r <= retries; r++ {
		at += p.delayBefore(r)
		if at > limit {
			p.total = r
			break
		}
	}
	return p
}

// attempts returns the total number of delivery attempts the policy
// makes, the first included.
func (p *retryPolicy) attempts() int { return max(p.total, 1) }

// retryDelay returns how long after the failed attempt number attempt
// (1 = the first delivery attempt) the next attempt is made, and false
// when that attempt was the last (or attempt is below 1). It is O(1) and
// does not allocate: the AWS-managed policy has 100,016 attempts and is
// asked for each.
//
// The delay counts from the moment the failed attempt ended.
func (p *retryPolicy) retryDelay(attempt int) (time.Duration, bool) {
	if attempt < 1 || attempt >= p.attempts() {
		return 0, false
	}
	return p.delayBefore(attempt), true
}

// delayBefore returns the delay before retry number r (1 = the first
// retry, the second attempt), ignoring any time cap.
func (p *retryPolicy) delayBefore(r int) time.Duration {
	if r <= p.noDelay {
		return 0
	}
	r -= p.noDelay
	if r <= p.preBackoff {
		return seconds(p.minDelay)
	}
	r -= p.preBackoff
	if r <= p.backoff {
		return seconds(backoffDelay(p.function, r-1, p.backoff, p.minDelay, p.maxDelay))
	}
	return seconds(p.maxDelay)
}

// seconds converts whole seconds to a Duration.
func seconds(s int) time.Duration { return time.Duration(s) * time.Second }

// backoffDelay returns the delay in whole seconds of backoff retry i
// (0-based) of n, following f from lo to hi (see [backoffFunction] for
// the formulas). The first retry gets lo and the last hi; a backoff phase
// of a single retry gets lo, its first.
func backoffDelay(f backoffFunction, i, n, lo, hi int) int {
	switch {
	case i <= 0 || n <= 1:
		return lo
	case i >= n-1:
		return hi
	}
	span, last := hi-lo, n-1
	// eps absorbs floating-point error so that a delay that is a whole
	// number in exact arithmetic does not round down to the one below.
	const eps = 1e-9
	switch f {
	case backoffArithmetic:
		return lo + span*i*i/(last*last)
	case backoffGeometric:
		return int(math.Pow(float64(span+1), float64(i)/float64(last))+eps) + lo - 1
	case backoffExponential:
		return int(float64(span)*math.Expm1(float64(i))/math.Expm1(float64(last))+eps) + lo
	default:
		return lo + span*i/last
	}
}
