package sns_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// Scenario tests of the faults a topic injects from its account's fault
// plan (package documentation, "Faults"). The dlv… helpers come from
// delivery_test.go.

// faultPlan sets the fault plan of e's account to one rule of fault that
// always fires, changed by edit.
func faultPlan(t *testing.T, e *dlvEnv, fault string, edit func(*cloud.FaultRule)) {
	t.Helper()
	r := cloud.FaultRule{Name: "test", Fault: fault, Probability: 1}
	if edit != nil {
		edit(&r)
	}
	require.NoError(t, e.svc.Account().SetFaultPlan(r))
}

// faultEvents returns the Fault events of e's account log in text form.
func faultEvents(e *dlvEnv) []string {
	var out []string
	for _, ev := range e.svc.Account().Events() {
		if ev.Kind == "Fault" {
			out = append(out, ev.String())
		}
	}
	return out
}

// A delivery failure fails only the attempt it fires on, as a server-side
// error that the AWS-managed policy retries (an immediate retry, on the
// clock); the topic's other
// subscriber gets the message, and the log names the topic, the message
// and the rule.
func TestDeliveryFailureFaultFailsOnlyTheAttemptItFiresOn(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("orders", nil)
	urlA, arnA := e.queue("a", nil)
	urlB, arnB := e.queue("b", nil)
	subA := e.subscribe(topic, sns.ProtocolSQS, arnA, nil)
	e.subscribe(topic, sns.ProtocolSQS, arnB, nil)
	faultPlan(t, e, sns.FaultDeliveryFailure, func(r *cloud.FaultRule) { r.Count = 1 })

	id := e.publish(sns.PublishInput{TopicArn: topic, Message: "order 1"})
	assert.Len(t, e.receive(urlB), 1, "the other subscriber's delivery is made")
	assert.Empty(t, e.receive(urlA), "the first attempt failed")
	e.clk.Advance(time.Second)
	assert.Len(t, e.receive(urlA), 1, "the failed attempt is retried")

	got := e.attempts("Notification", subA)
	require.Len(t, got, 2)
	assert.Equal(t, sns.OutcomeFailed, got[0].Outcome)
	assert.Equal(t, "endpoint unavailable (fault rule test)", got[0].Reason)
	assert.Equal(t, got[0].At, got[0].NextAttemptAt, "an immediate retry")
	assert.Equal(t, sns.OutcomeDelivered, got[1].Outcome)
	assert.Equal(t, []string{"2026-03-01T12:00:00.000Z sns    Fault orders id=" + id + " fault=DeliveryFailure rule=test"}, faultEvents(e))
	assert.Equal(t, map[string]int{"test": 1}, e.svc.Account().FaultsFired())
}

// An endpoint that stays down fails every attempt of the delivery policy
// (by default for HTTP/S, 3 retries 20 seconds apart), and then the
// message goes to the subscription's dead-letter queue.
func TestDeliveryFailureFaultEndsInTheDeadLetterQueue(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	dlqURL, dlqARN := e.queue("dlq", nil)
	endpoint := "https://hooks.example.com/down"
	sub := e.subscribe(topic, sns.ProtocolHTTPS, endpoint, map[string]string{sns.SubscriptionAttributeRedrivePolicy: dlvRedrive(dlqARN)})
	faultPlan(t, e, sns.FaultDeliveryFailure, nil)

	e.publish(sns.PublishInput{TopicArn: topic, Message: "lost?"})
	e.clk.Advance(time.Hour)

	assert.Empty(t, e.web.requests("Notification", endpoint), "the endpoint is down: no attempt reaches it")
	got := e.attempts("Notification", sub)
	require.Len(t, got, 4)
	var at []time.Time
	for _, a := range got {
		assert.Equal(t, sns.OutcomeFailed, a.Outcome)
		at = append(at, a.At)
	}
	assert.Equal(t, dlvSecs(0, 20, 40, 60), dlvOffsets(at))
	assert.Equal(t, dlqARN, got[3].DeadLetterTargetARN)
	dead := e.receive(dlqURL)
	require.Len(t, dead, 1)
	assert.Equal(t, "lost?", dlvParse(t, []byte(dead[0].Body)).Message)
	assert.Equal(t, map[string]int{"test": 4}, e.svc.Account().FaultsFired())
}

// faultRun publishes n messages to a topic with one SQS subscriber,
// under a plan of rules (none: no plan), and returns the account's log.
func faultRun(t *testing.T, seed uint64, n int, rules ...cloud.FaultRule) string {
	e := dlvSetupSeed(t, seed, nil, sns.WithoutSignatures())
	topic := e.topic("t", nil)
	url, arn := e.queue("q", nil)
	e.subscribe(topic, sns.ProtocolSQS, arn, nil)
	require.NoError(t, e.svc.Account().SetFaultPlan(rules...))
	for i := range n {
		e.publish(sns.PublishInput{TopicArn: topic, Message: fmt.Sprint(i)})
	}
	e.clk.Advance(time.Minute)
	assert.Len(t, e.receive(url), n, "every message is delivered in the end")
	return e.svc.Account().Log()
}

// A rule's probability is drawn from the account's seed: about that share
// of the attempts fail, the same seed replays the same faults, and another
// seed draws others.
func TestDeliveryFailureFaultReplaysFromTheSeed(t *testing.T) {
	const n = 200
	half := cloud.FaultRule{Name: "flaky", Fault: sns.FaultDeliveryFailure, Probability: 0.5}
	log := faultRun(t, 7, n, half)
	assert.Equal(t, log, faultRun(t, 7, n, half), "seed 7 does not replay its run")
	assert.NotEqual(t, log, faultRun(t, 8, n, half), "seeds 7 and 8 draw the same faults")

	// Each attempt fails with probability 0.5 until one succeeds: about n
	// faults in all (a geometric count per message, of mean 1).
	faults := strings.Count(log, " Fault t ")
	assert.InDelta(t, n, faults, n/2, "seed 7 drew %d faults", faults)
	assert.Equal(t, faults, strings.Count(log, " failed (endpoint unavailable (fault rule flaky))"), "each fault is one failed attempt")
}

// A plan with rules only for another service's faults leaves every
// delivery, ID and log line as it is without a plan.
func TestPlanWithoutSNSRulesChangesNothing(t *testing.T) {
	want := faultRun(t, 3, 20)
	assert.NotContains(t, want, " Fault ")
	assert.Equal(t, want, faultRun(t, 3, 20, cloud.FaultRule{Name: "sqs only", Fault: sqs.FaultDelayVisibility, Resource: "elsewhere", Probability: 1}))
}

// A rule fires only in its window, from From (inclusive) to Until
// (exclusive), only on its topic, and no more than Count times.
func TestFaultRuleWindowResourceAndCountAreHonoured(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*cloud.FaultRule)
		fail []bool // by publish, one a second from dlvT0
	}{
		{"window", func(r *cloud.FaultRule) { r.From, r.Until = dlvT0.Add(time.Second), dlvT0.Add(3*time.Second) }, []bool{false, true, true, false}},
		{"count", func(r *cloud.FaultRule) { r.Count = 2 }, []bool{true, true, false, false}},
		{"other topic", func(r *cloud.FaultRule) { r.Resource = "other" }, []bool{false, false, false, false}},
		{"this topic", func(r *cloud.FaultRule) { r.Resource = "t"; r.Count = 1 }, []bool{true, false, false, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := dlvSetup(t, nil)
			topic := e.topic("t", nil)
			e.topic("other", nil)
			endpoint := "https://hooks.example.com/h"
			sub := e.subscribe(topic, sns.ProtocolHTTPS, endpoint, nil)
			faultPlan(t, e, sns.FaultDeliveryFailure, tc.edit)
			var ids []string
			for range tc.fail {
				ids = append(ids, e.publish(sns.PublishInput{TopicArn: topic, Message: "m"}))
				e.clk.Advance(time.Second)
			}
			first := map[string]string{}
			for _, a := range e.attempts("Notification", sub) {
				if a.Attempt == 1 {
					first[a.MessageID] = a.Outcome
				}
			}
			for i, id := range ids {
				want := sns.OutcomeDelivered
				if tc.fail[i] {
					want = sns.OutcomeFailed
				}
				assert.Equal(t, want, first[id], "publish %d", i)
			}
		})
	}
}

// A slow endpoint receives the message the rule's Delay after the attempt
// began; the attempt is recorded when it ends, and Publish returns before
// it does.
func TestSlowEndpointFaultDelaysTheDelivery(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	url, arn := e.queue("q", nil)
	sub := e.subscribe(topic, sns.ProtocolSQS, arn, nil)
	faultPlan(t, e, sns.FaultSlowEndpoint, func(r *cloud.FaultRule) { r.Delay = 5 * time.Second })

	id := e.publish(sns.PublishInput{TopicArn: topic, Message: "late"})
	assert.Empty(t, e.receive(url), "not there when Publish returns")
	e.clk.Advance(5*time.Second - time.Millisecond)
	assert.Empty(t, e.receive(url), "not there before the delay ends")
	e.clk.Advance(time.Millisecond)
	msgs := e.receive(url)
	require.Len(t, msgs, 1)
	assert.Equal(t, fmt.Sprint(dlvT0.Add(5*time.Second).UnixMilli()), msgs[0].Attributes[sqs.SysAttributeSentTimestamp])

	got := e.attempts("Notification", sub)
	require.Len(t, got, 1)
	assert.Equal(t, sns.OutcomeDelivered, got[0].Outcome)
	assert.Equal(t, dlvT0.Add(5*time.Second), got[0].At)
	assert.Equal(t, []string{"2026-03-01T12:00:00.000Z sns    Fault t id=" + id + " fault=SlowEndpoint rule=test"}, faultEvents(e))
}

// An endpoint slower than SNS's 15-second delivery timeout receives
// nothing: the attempt fails as a timeout when the 15 seconds pass, and
// the delivery policy retries it from then (HTTP/S: 20 seconds later).
func TestSlowEndpointFaultPastTheDeliveryTimeoutFailsAsATimeout(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	endpoint := "https://hooks.example.com/slow"
	sub := e.subscribe(topic, sns.ProtocolHTTPS, endpoint, nil)
	faultPlan(t, e, sns.FaultSlowEndpoint, func(r *cloud.FaultRule) { r.Delay = 16 * time.Second; r.Count = 1 })

	e.publish(sns.PublishInput{TopicArn: topic, Message: "m"})
	e.clk.Advance(time.Minute)

	assert.Equal(t, dlvSecs(35), dlvRequestTimes(e.web.requests("Notification", endpoint)), "only the retry reaches the endpoint")
	got := e.attempts("Notification", sub)
	require.Len(t, got, 2)
	assert.Equal(t, sns.OutcomeFailed, got[0].Outcome)
	assert.Equal(t, "timed out: no response within 15s of virtual time", got[0].Reason)
	assert.Equal(t, dlvT0.Add(sns.HTTPDeliveryTimeout), got[0].At)
	assert.Equal(t, dlvT0.Add(35*time.Second), got[0].NextAttemptAt)
	assert.Equal(t, sns.OutcomeDelivered, got[1].Outcome)
}

// A slow endpoint within the timeout still answers, and its answer
// counts: a 500 after 10 seconds fails the attempt then.
func TestSlowEndpointFaultWithinTheTimeoutKeepsTheEndpointsAnswer(t *testing.T) {
	e := dlvSetup(t, dlvFailNotifications)
	topic := e.topic("t", nil)
	endpoint := "https://hooks.example.com/slow"
	sub := e.subscribe(topic, sns.ProtocolHTTPS, endpoint, nil)
	faultPlan(t, e, sns.FaultSlowEndpoint, func(r *cloud.FaultRule) { r.Delay = 10 * time.Second; r.Count = 1 })

	e.publish(sns.PublishInput{TopicArn: topic, Message: "m"})
	e.clk.Advance(10 * time.Second)

	assert.Equal(t, dlvSecs(10), dlvRequestTimes(e.web.requests("Notification", endpoint)))
	got := e.attempts("Notification", sub)
	require.Len(t, got, 1)
	assert.Equal(t, "HTTP 500", got[0].Reason)
	assert.Equal(t, dlvT0.Add(30*time.Second), got[0].NextAttemptAt)
}

// A slow mail server sends the email the rule's Delay later: the outbox
// records when it was sent.
func TestSlowEndpointFaultDelaysAnEmail(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	e.subscribe(topic, sns.ProtocolEmail, "ann@example.com", nil)
	faultPlan(t, e, sns.FaultSlowEndpoint, func(r *cloud.FaultRule) { r.Delay = 3 * time.Second })

	id := e.publish(sns.PublishInput{TopicArn: topic, Message: "m"})
	e.clk.Advance(3 * time.Second)

	var sent []time.Time
	for _, m := range e.svc.Inspect().Outbox() {
		if m.MessageID == id {
			sent = append(sent, m.SentAt)
		}
	}
	assert.Equal(t, []time.Time{dlvT0.Add(3 * time.Second)}, sent)
}

// A slow endpoint rule without a Delay makes the endpoint one second slow.
func TestSlowEndpointFaultDefaultsToOneSecond(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	_, arn := e.queue("q", nil)
	sub := e.subscribe(topic, sns.ProtocolSQS, arn, nil)
	faultPlan(t, e, sns.FaultSlowEndpoint, nil)

	e.publish(sns.PublishInput{TopicArn: topic, Message: "m"})
	e.clk.Advance(time.Minute)

	got := e.attempts("Notification", sub)
	require.Len(t, got, 1)
	assert.Equal(t, dlvT0.Add(time.Second), got[0].At)
}
