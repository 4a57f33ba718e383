package sns_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// permSetup is an SNS service wired to SQS in an account that enforces
// resource policies.
func permSetup(t *testing.T) *dlvEnv {
	t.Helper()
	clk := sim.NewClock(dlvT0)
	e := &dlvEnv{t: t, ctx: context.Background(), clk: clk}
	e.queues = sqs.New(sqs.WithAccount(cloud.New(cloud.WithClock(clk), cloud.WithPolicyEnforcement())))
	e.svc = sns.New(sns.WithAccount(e.queues.Account()), sns.WithHistory())
	return e
}

// permPolicy is the queue policy AWS documents for a topic to send to a
// queue: the SNS service principal, sqs:SendMessage, aws:SourceArn the
// topic.
func permPolicy(queueARN, topicARN string) map[string]string {
	return map[string]string{sqs.AttributePolicy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"` + queueARN + `",` +
		`"Condition":{"ArnEquals":{"aws:SourceArn":"` + topicARN + `"}}}]}`}
}

// With policy enforcement, a queue with no policy refuses SNS even in the
// same account (SQS developer guide, "Subscribing an Amazon SQS queue to
// an Amazon SNS topic": the queue policy must allow the topic): the
// message never arrives, the attempt is a client-side error with SQS's
// AccessDenied, it is not retried, and without a dead-letter queue the
// message is discarded.
func TestQueueWithoutPolicyRefusesTheTopicAndIsNotRetried(t *testing.T) {
	e := permSetup(t)
	topic := e.topic("t", nil)
	url, arn := e.queue("q", nil)
	sub := e.subscribe(topic, sns.ProtocolSQS, arn, nil)

	e.publish(sns.PublishInput{TopicArn: topic, Message: "dropped"})
	e.clk.Advance(24 * time.Hour)

	assert.Empty(t, e.receive(url))
	got := e.attempts("Notification", sub)
	require.Len(t, got, 1, "access denied is not retried")
	assert.Equal(t, sns.OutcomeRejected, got[0].Outcome)
	assert.Equal(t, "AccessDenied: Access to the resource "+url+" is denied.", got[0].Reason)
	assert.True(t, got[0].NextAttemptAt.IsZero())
	st := e.svc.Inspect().Stats()
	assert.Equal(t, 1, st.Discarded)
	assert.Equal(t, 0, st.Delivered)
}

// A policy that allows the topic lets its messages in; one that allows
// another topic does not.
func TestQueuePolicyAllowsOnlyTheTopicItNames(t *testing.T) {
	e := permSetup(t)
	topic := e.topic("t", nil)
	other := e.topic("other", nil)
	url, arn := e.queue("q", nil)
	_, err := e.queues.SetQueueAttributes(e.ctx, &sqs.SetQueueAttributesInput{QueueUrl: url, Attributes: permPolicy(arn, topic)})
	require.NoError(t, err)
	e.subscribe(topic, sns.ProtocolSQS, arn, nil)
	e.subscribe(other, sns.ProtocolSQS, arn, nil)

	e.publish(sns.PublishInput{TopicArn: topic, Message: "allowed"})
	e.publish(sns.PublishInput{TopicArn: other, Message: "refused"})
	e.clk.Advance(time.Minute)

	got := e.receive(url)
	require.Len(t, got, 1)
	assert.Equal(t, "allowed", dlvParse(t, []byte(got[0].Body)).Message)
}

// A refused delivery goes to the subscription's dead-letter queue, which
// needs a policy that allows the topic too (guide "Amazon SNS dead-letter
// queues"); a dead-letter queue that refuses it leaves the message
// discarded.
func TestRefusedDeliveryGoesToADeadLetterQueueThatAllowsTheTopic(t *testing.T) {
	for _, dlqAllows := range []bool{true, false} {
		e := permSetup(t)
		topic := e.topic("t", nil)
		_, arn := e.queue("q", nil)
		dlqURL, dlqARN := e.queue("dlq", nil)
		if dlqAllows {
			_, err := e.queues.SetQueueAttributes(e.ctx, &sqs.SetQueueAttributesInput{QueueUrl: dlqURL, Attributes: permPolicy(dlqARN, topic)})
			require.NoError(t, err)
		}
		sub := e.subscribe(topic, sns.ProtocolSQS, arn, map[string]string{sns.SubscriptionAttributeRedrivePolicy: dlvRedrive(dlqARN)})

		id := e.publish(sns.PublishInput{TopicArn: topic, Message: "to the dlq"})
		e.clk.Advance(time.Minute)

		got := e.attempts("Notification", sub)
		require.Len(t, got, 1)
		dead := e.receive(dlqURL)
		if !dlqAllows {
			assert.Empty(t, dead)
			assert.Empty(t, got[0].DeadLetterTargetARN)
			assert.Equal(t, 1, e.svc.Inspect().Stats().Discarded)
			continue
		}
		assert.Equal(t, dlqARN, got[0].DeadLetterTargetARN)
		require.Len(t, dead, 1)
		assert.Equal(t, id, dlvParse(t, []byte(dead[0].Body)).MessageId)
	}
}

// Policy enforcement is an option of the account, off by default: without
// cloud.WithPolicyEnforcement a queue whose policy does not allow the
// topic (here, it has none) gets its messages, as before policies were
// simulated; with it, the delivery is refused with SQS's AccessDenied,
// as AWS refuses it.
func TestPolicyEnforcementIsOffByDefault(t *testing.T) {
	for _, tc := range []struct {
		name    string
		opts    []cloud.Option
		outcome string
		reason  string
	}{
		{"default", nil, sns.OutcomeDelivered, ""},
		{"WithPolicyEnforcement", []cloud.Option{cloud.WithPolicyEnforcement()}, sns.OutcomeRejected, "AccessDenied: Access to the resource https://sqs.us-east-1.amazonaws.com/000000000000/q is denied."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := dlvSetupAccount(t, tc.opts, nil)
			topic := e.topic("t", nil)
			url, arn := e.queue("q", nil)
			sub := e.subscribe(topic, sns.ProtocolSQS, arn, nil)

			e.publish(sns.PublishInput{TopicArn: topic, Message: "m"})

			got := e.attempts("Notification", sub)
			require.Len(t, got, 1)
			assert.Equal(t, tc.outcome, got[0].Outcome)
			assert.Equal(t, tc.reason, got[0].Reason)
			if tc.outcome == sns.OutcomeDelivered {
				assert.Len(t, e.receive(url), 1)
			} else {
				assert.Empty(t, e.receive(url))
			}
		})
	}
}

// crossSetup is two accounts on one router and one clock: account A
// (111111111111) with SNS, account B (222222222222) with SQS. Neither
// enforces policies: what crosses accounts is checked anyway.
func crossSetup(t *testing.T) (topics *sns.Service, queues *sqs.Service, clk *sim.Clock) {
	t.Helper()
	clk = sim.NewClock(dlvT0)
	router := cloud.NewRouter()
	a := cloud.New(cloud.WithClock(clk), cloud.WithAccountID("111111111111"), cloud.WithRouter(router))
	b := cloud.New(cloud.WithClock(clk), cloud.WithAccountID("222222222222"), cloud.WithRouter(router))
	return sns.New(sns.WithAccount(a), sns.WithHistory()), sqs.New(sqs.WithAccount(b)), clk
}

// A topic of account A delivers to a queue of account B through their
// router only when the queue's policy lets the topic in, and once B has
// confirmed the subscription that A made (SNS developer guide, "Sending
// Amazon SNS messages to an Amazon SQS queue in a different account"):
// without a policy SQS refuses even the SubscriptionConfirmation with
// AccessDenied, though neither account enforces policies, and the
// subscription stays pending; with the policy AWS documents, the queue
// receives the confirmation, its owner confirms with the token, and the
// next message arrives.
func TestTopicDeliversToAQueueOfAnotherAccountOnlyWithItsPolicy(t *testing.T) {
	for _, withPolicy := range []bool{false, true} {
		t.Run(map[bool]string{false: "no policy", true: "policy"}[withPolicy], func(t *testing.T) {
			topics, queues, clk := crossSetup(t)
			ctx := t.Context()
			q, err := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "inbox"})
			require.NoError(t, err)
			queueARN := "arn:aws:sqs:us-east-1:222222222222:inbox"
			top, err := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "news"})
			require.NoError(t, err)
			if withPolicy {
				_, err := queues.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: q.QueueUrl, Attributes: permPolicy(queueARN, top.TopicArn)})
				require.NoError(t, err)
			}
			sub, err := topics.Subscribe(ctx, &sns.SubscribeInput{TopicArn: top.TopicArn, Protocol: sns.ProtocolSQS, Endpoint: queueARN})
			require.NoError(t, err)
			assert.Equal(t, "pending confirmation", sub.SubscriptionArn, "a queue of another account confirms")
			receive := func() []sqs.Message {
				out, err := queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MaxNumberOfMessages: 10})
				require.NoError(t, err)
				for _, m := range out.Messages {
					_, err := queues.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: q.QueueUrl, ReceiptHandle: m.ReceiptHandle})
					require.NoError(t, err)
				}
				return out.Messages
			}

			got := receive()
			if !withPolicy {
				assert.Empty(t, got)
				attempts := topics.Inspect().Deliveries()
				require.Len(t, attempts, 1)
				assert.Equal(t, "SubscriptionConfirmation", attempts[0].Type)
				assert.Equal(t, sns.OutcomeRejected, attempts[0].Outcome)
				assert.Equal(t, "AccessDenied: Access to the resource https://sqs.us-east-1.amazonaws.com/222222222222/inbox is denied.", attempts[0].Reason)
				_, err = topics.Publish(ctx, &sns.PublishInput{TopicArn: top.TopicArn, Message: "across"})
				require.NoError(t, err)
				clk.Advance(time.Minute)
				assert.Empty(t, receive())
				assert.Len(t, topics.Inspect().Deliveries(), 1, "a pending subscription gets nothing")
				return
			}
			require.Len(t, got, 1)
			confirmation := dlvParse(t, []byte(got[0].Body))
			assert.Equal(t, "SubscriptionConfirmation", confirmation.Type)
			_, err = topics.ConfirmSubscription(ctx, &sns.ConfirmSubscriptionInput{TopicArn: top.TopicArn, Token: confirmation.Token})
			require.NoError(t, err)

			_, err = topics.Publish(ctx, &sns.PublishInput{TopicArn: top.TopicArn, Message: "across"})
			require.NoError(t, err)
			clk.Advance(time.Minute)
			got = receive()
			require.Len(t, got, 1)
			assert.Equal(t, "across", dlvParse(t, []byte(got[0].Body)).Message)
		})
	}
}

// A service of account B delivering into a topic of account A through
// their router needs the topic's access policy to let it publish (SNS
// developer guide, "Example cases for Amazon SNS access control"): AWS's
// default policy lets in only the topic owner's account, so the delivery
// is refused with AuthorizationError; a policy that allows the service
// for B's resource lets the message in.
func TestDeliveryIntoATopicOfAnotherAccountNeedsTheTopicsPolicy(t *testing.T) {
	clk := sim.NewClock(dlvT0)
	router := cloud.NewRouter()
	a := cloud.New(cloud.WithClock(clk), cloud.WithAccountID("111111111111"), cloud.WithRouter(router))
	b := cloud.New(cloud.WithClock(clk), cloud.WithAccountID("222222222222"), cloud.WithRouter(router))
	topics := sns.New(sns.WithAccount(a), sns.WithHistory())
	ctx := t.Context()
	top, err := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "alerts"})
	require.NoError(t, err)
	alarm := cloud.Sender{Service: "cloudwatch.amazonaws.com", SourceARN: "arn:aws:cloudwatch:us-east-1:222222222222:alarm:high-cpu"}

	err = b.Deliver(ctx, top.TopicArn, cloud.Message{Body: "refused", Sender: alarm})
	require.ErrorIs(t, err, sns.ErrAuthorizationErrorException)
	assert.Equal(t, "AuthorizationError: cloudwatch.amazonaws.com is not authorized to perform: SNS:Publish on resource: "+top.TopicArn, err.Error())

	_, err = topics.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: top.TopicArn, AttributeName: sns.TopicAttributePolicy, AttributeValue: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"Service":"cloudwatch.amazonaws.com"},"Action":"sns:Publish","Resource":"` + top.TopicArn + `",` +
		`"Condition":{"StringEquals":{"aws:SourceAccount":"222222222222"}}}]}`})
	require.NoError(t, err)
	require.NoError(t, b.Deliver(ctx, top.TopicArn, cloud.Message{Body: "allowed", Sender: alarm}))

	var published []string
	for _, m := range topics.Inspect().Messages() {
		published = append(published, m.Message)
	}
	assert.Equal(t, []string{"allowed"}, published)
}

// A function of another account is invoked by a topic only when the
// function's policy lets the topic in, whatever the accounts'
// enforcement: SNS delivers as sns.amazonaws.com on behalf of the topic,
// and a refused delivery is rejected and not retried.
func TestTopicInvokesAFunctionOfAnotherAccountOnlyWithItsPolicy(t *testing.T) {
	clk := sim.NewClock(dlvT0)
	router := cloud.NewRouter()
	a := cloud.New(cloud.WithClock(clk), cloud.WithAccountID("111111111111"), cloud.WithRouter(router))
	b := cloud.New(cloud.WithClock(clk), cloud.WithAccountID("222222222222"), cloud.WithRouter(router))
	topics := sns.New(sns.WithAccount(a), sns.WithHistory())
	fns := lambda.New(lambda.WithAccount(b))
	ctx := t.Context()
	invoked := 0
	_, err := fns.CreateFunction(ctx, &lambda.CreateFunctionInput{FunctionName: "f", Role: "arn:aws:iam::222222222222:role/r",
		Code: lambda.Code{Handler: func(context.Context, []byte) ([]byte, error) { invoked++; return nil, nil }}})
	require.NoError(t, err)
	top, err := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "t"})
	require.NoError(t, err)
	_, err = topics.Subscribe(ctx, &sns.SubscribeInput{TopicArn: top.TopicArn, Protocol: sns.ProtocolLambda, Endpoint: "arn:aws:lambda:us-east-1:222222222222:function:f"})
	require.NoError(t, err)

	_, err = topics.Publish(ctx, &sns.PublishInput{TopicArn: top.TopicArn, Message: "m"})
	require.NoError(t, err)
	clk.Advance(time.Minute)

	assert.Zero(t, invoked)
	got := topics.Inspect().Deliveries()
	require.Len(t, got, 1)
	assert.Equal(t, sns.OutcomeRejected, got[0].Outcome)
	assert.Contains(t, got[0].Reason, "AccessDeniedException")

	_, err = fns.AddPermission(ctx, &lambda.AddPermissionInput{FunctionName: "f", StatementId: "topic", Action: "lambda:InvokeFunction",
		Principal: sns.ServicePrincipal, SourceArn: top.TopicArn})
	require.NoError(t, err)
	_, err = topics.Publish(ctx, &sns.PublishInput{TopicArn: top.TopicArn, Message: "m"})
	require.NoError(t, err)
	clk.Advance(time.Minute)

	assert.Equal(t, 1, invoked)
}

// With policy enforcement, a topic invokes a function of its own account
// only when the function's policy allows sns.amazonaws.com for that
// topic (AddPermission with its SourceArn); a refusal is recorded with
// Lambda's reason and not retried. Without enforcement it is invoked.
func TestFunctionPolicyDecidesTheTopicsDeliveryWithEnforcement(t *testing.T) {
	for _, enforce := range []bool{false, true} {
		clk := sim.NewClock(dlvT0)
		opts := []cloud.Option{cloud.WithClock(clk)}
		if enforce {
			opts = append(opts, cloud.WithPolicyEnforcement())
		}
		acct := cloud.New(opts...)
		topics := sns.New(sns.WithAccount(acct), sns.WithHistory())
		fns := lambda.New(lambda.WithAccount(acct))
		ctx := t.Context()
		invoked := 0
		_, err := fns.CreateFunction(ctx, &lambda.CreateFunctionInput{FunctionName: "f", Role: "arn:aws:iam::000000000000:role/r",
			Code: lambda.Code{Handler: func(context.Context, []byte) ([]byte, error) { invoked++; return nil, nil }}})
		require.NoError(t, err)
		allowed, err := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "allowed"})
		require.NoError(t, err)
		other, err := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "other"})
		require.NoError(t, err)
		_, err = fns.AddPermission(ctx, &lambda.AddPermissionInput{FunctionName: "f", StatementId: "topic", Action: "lambda:InvokeFunction",
			Principal: sns.ServicePrincipal, SourceArn: allowed.TopicArn})
		require.NoError(t, err)
		for _, top := range []string{allowed.TopicArn, other.TopicArn} {
			_, err = topics.Subscribe(ctx, &sns.SubscribeInput{TopicArn: top, Protocol: sns.ProtocolLambda, Endpoint: "arn:aws:lambda:us-east-1:000000000000:function:f"})
			require.NoError(t, err)
			_, err = topics.Publish(ctx, &sns.PublishInput{TopicArn: top, Message: "m"})
			require.NoError(t, err)
		}
		clk.Advance(time.Minute)

		if !enforce {
			assert.Equal(t, 2, invoked, "not enforced: both topics invoke")
			continue
		}
		assert.Equal(t, 1, invoked, "only the topic the policy names")
		var rejected []sns.DeliveryAttempt
		for _, d := range topics.Inspect().Deliveries() {
			if d.Outcome == sns.OutcomeRejected {
				rejected = append(rejected, d)
			}
		}
		require.Len(t, rejected, 1)
		assert.True(t, strings.HasPrefix(rejected[0].SubscriptionARN, other.TopicArn+":"), rejected[0].SubscriptionARN)
		assert.True(t, rejected[0].NextAttemptAt.IsZero(), "not retried")
		assert.Contains(t, rejected[0].Reason, "sns.amazonaws.com is not authorized to perform: lambda:InvokeFunction")
	}
}
