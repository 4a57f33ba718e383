package sns_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// composed is SQS, Lambda and SNS in one account: SNS delivers to
// functions and queues, Lambda delivers to topics, all by ARN.
type composed struct {
	clk       *sim.Clock
	queues    *sqs.Service
	functions *lambda.Service
	topics    *sns.Service
}

func newComposed(t *testing.T) *composed {
	t.Helper()
	clk := sim.NewClock(start)
	acct := cloud.New(cloud.WithClock(clk))
	queues := sqs.New(sqs.WithAccount(acct))
	functions := lambda.New(lambda.WithAccount(acct), lambda.WithSQS(queues))
	topics := sns.New(sns.WithAccount(acct), sns.WithoutSignatures())
	return &composed{clk, queues, functions, topics}
}

// queue creates a queue subscribed to topicARN and returns its URL.
func (c *composed) subscribedQueue(t *testing.T, topicARN, name string, raw bool) string {
	t.Helper()
	ctx := context.Background()
	q, err := c.queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: name})
	require.NoError(t, err)
	attrs := map[string]string{}
	if raw {
		attrs[sns.SubscriptionAttributeRawMessageDelivery] = "true"
	}
	_, err = c.topics.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topicARN, Protocol: sns.ProtocolSQS, Endpoint: "arn:aws:sqs:us-east-1:000000000000:" + name, Attributes: attrs})
	require.NoError(t, err)
	return q.QueueUrl
}

// A Lambda subscriber is invoked asynchronously with the SNS event: one
// record whose Sns member carries the message (AWS Lambda Developer
// Guide: "Using Lambda with Amazon SNS").
func TestLambdaSubscriberReceivesTheSNSEvent(t *testing.T) {
	ctx := context.Background()
	c := newComposed(t)
	type event struct {
		Records []struct {
			EventSource          string
			EventSubscriptionArn string
			Sns                  struct {
				Type, Message, TopicArn string
				Subject                 *string
			}
		}
	}
	var got []event
	_, err := c.functions.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: "reader", Role: "arn:aws:iam::000000000000:role/r",
		Code: lambda.Code{Handler: lambda.Typed(func(ctx context.Context, e event) (struct{}, error) {
			got = append(got, e)
			return struct{}{}, nil
		})},
	})
	require.NoError(t, err)
	topic, err := c.topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "events"})
	require.NoError(t, err)
	sub, err := c.topics.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: sns.ProtocolLambda, Endpoint: "arn:aws:lambda:us-east-1:000000000000:function:reader"})
	require.NoError(t, err)

	_, err = c.topics.Publish(ctx, &sns.PublishInput{TopicArn: topic.TopicArn, Message: "hello"})
	require.NoError(t, err)
	c.clk.Advance(time.Second) // the asynchronous invocation runs

	require.Len(t, got, 1)
	r := got[0].Records[0]
	require.Equal(t, "aws:sns", r.EventSource)
	require.Equal(t, sub.SubscriptionArn, r.EventSubscriptionArn)
	require.Equal(t, "hello", r.Sns.Message)
	require.Equal(t, topic.TopicArn, r.Sns.TopicArn)
	require.Nil(t, r.Sns.Subject)
}

// A function's on-failure destination may be an SNS topic: after Lambda's
// two retries, the invocation record is published there and fans out to
// the topic's queue (AWS Lambda Developer Guide: asynchronous invocation,
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html).
func TestLambdaOnFailureDestinationTopicFansOutToAQueue(t *testing.T) {
	ctx := context.Background()
	c := newComposed(t)
	topic, err := c.topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "failures"})
	require.NoError(t, err)
	url := c.subscribedQueue(t, topic.TopicArn, "failures", true)
	_, err = c.functions.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: "flaky", Role: "arn:aws:iam::000000000000:role/r",
		Code: lambda.Code{Handler: func(context.Context, []byte) ([]byte, error) { return nil, errors.New("boom") }},
	})
	require.NoError(t, err)
	_, err = c.functions.PutFunctionEventInvokeConfig(ctx, &lambda.PutFunctionEventInvokeConfigInput{
		FunctionName: "flaky", DestinationConfig: &lambda.DestinationConfig{OnFailure: topic.TopicArn},
	})
	require.NoError(t, err)

	_, err = c.functions.Invoke(ctx, &lambda.InvokeInput{FunctionName: "flaky", InvocationType: lambda.InvocationTypeEvent, Payload: []byte(`{"order":1}`)})
	require.NoError(t, err)
	c.clk.Advance(time.Minute) // first retry after about a minute: not yet given up
	out, err := c.queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url})
	require.NoError(t, err)
	require.Empty(t, out.Messages)

	c.clk.Advance(10 * time.Minute)
	out, err = c.queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url})
	require.NoError(t, err)
	require.Len(t, out.Messages, 1)
	var record struct {
		RequestContext struct {
			Condition              string
			ApproximateInvokeCount int
		}
		RequestPayload json.RawMessage
	}
	require.NoError(t, json.Unmarshal([]byte(out.Messages[0].Body), &record))
	require.Equal(t, "RetriesExhausted", record.RequestContext.Condition)
	require.Equal(t, 3, record.RequestContext.ApproximateInvokeCount)
	require.JSONEq(t, `{"order":1}`, string(record.RequestPayload))
}

// A deleted function is a client-side error: SNS does not retry it
// (Amazon SNS Developer Guide: "Amazon SNS message delivery retries",
// "Amazon SNS dead-letter queues": client-side errors are not retried).
func TestDeliveryToDeletedFunctionIsNotRetried(t *testing.T) {
	ctx := context.Background()
	clk := sim.NewClock(start)
	functions := lambda.New(lambda.WithClock(clk))
	topics := sns.New(sns.WithAccount(functions.Account()), sns.WithHistory())
	topic, err := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "events"})
	require.NoError(t, err)
	_, err = topics.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: sns.ProtocolLambda, Endpoint: "arn:aws:lambda:us-east-1:000000000000:function:gone"})
	require.NoError(t, err)

	_, err = topics.Publish(ctx, &sns.PublishInput{TopicArn: topic.TopicArn, Message: "hello"})
	require.NoError(t, err)
	clk.Advance(time.Hour)

	attempts := topics.Inspect().Deliveries()
	require.Len(t, attempts, 1)
	require.Equal(t, sns.OutcomeRejected, attempts[0].Outcome)
	require.True(t, attempts[0].NextAttemptAt.IsZero())
	require.Equal(t, 1, topics.Inspect().Stats().Discarded)
}
