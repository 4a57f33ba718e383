package sns_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// FuzzPublish publishes arbitrary messages, subjects, structures and
// attributes to a topic with a filtered and a raw SQS subscriber: Publish
// never panics, refuses bad input with an *sns.Error and publishes
// nothing then, and a message it accepts reaches the unfiltered queue.
func FuzzPublish(f *testing.F) {
	f.Add("hello", "", "", "k", "String", "v", "", "")
	f.Add(`{"default":"d","sqs":"s"}`, "subject", "json", "n", "Number", "12.5", "", "")
	f.Add(`{"sqs":"s"}`, "", "json", "a.b", "String.Array", `["x",1]`, "", "")
	f.Add("x", "line\nbreak", "", "AWS.x", "Binary", "", "g", "d")
	f.Add("", "", "xml", ".bad", "Text", "v", "", "")
	f.Fuzz(func(t *testing.T, message, subject, structure, name, dataType, value, group, dedup string) {
		ctx := context.Background()
		clk := sim.NewClock(start)
		queues := sqs.New(sqs.WithClock(clk))
		svc := sns.New(sns.WithAccount(queues.Account()), sns.WithHistory(), sns.WithoutSignatures())
		topic, err := svc.CreateTopic(ctx, &sns.CreateTopicInput{Name: "t"})
		require.NoError(t, err)
		all, err := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "all"})
		require.NoError(t, err)
		_, err = queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "some"})
		require.NoError(t, err)
		for _, sub := range []struct{ queue, policy string }{{"all", ""}, {"some", `{"k":[{"prefix":"v"}],"n":[{"numeric":[">",1]}]}`}} {
			attrs := map[string]string{sns.SubscriptionAttributeRawMessageDelivery: "true"}
			if sub.policy != "" {
				attrs[sns.SubscriptionAttributeFilterPolicy] = sub.policy
			}
			_, err := svc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: sns.ProtocolSQS, Endpoint: "arn:aws:sqs:us-east-1:000000000000:" + sub.queue, Attributes: attrs})
			require.NoError(t, err)
		}
		attr := sns.MessageAttributeValue{DataType: dataType, StringValue: value}
		if dataType == "Binary" {
			attr = sns.MessageAttributeValue{DataType: dataType, BinaryValue: []byte(value)}
		}
		_, err = svc.Publish(ctx, &sns.PublishInput{
			TopicArn: topic.TopicArn, Message: message, Subject: subject, MessageStructure: structure,
			MessageAttributes:      map[string]sns.MessageAttributeValue{name: attr},
			MessageGroupId:         group,
			MessageDeduplicationId: dedup,
		})
		if err != nil {
			var e *sns.Error
			require.True(t, errors.As(err, &e), "%v is not an *sns.Error", err)
			require.NotEmpty(t, e.Message)
			require.Empty(t, svc.Inspect().Messages(), "a refused publish is not recorded")
			require.Zero(t, svc.Inspect().Stats().Delivered, "a refused publish delivers nothing")
			return
		}
		out, err := queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: all.QueueUrl})
		require.NoError(t, err)
		if structure == "json" {
			var per map[string]any
			require.NoError(t, json.Unmarshal([]byte(message), &per))
			return
		}
		if len(out.Messages) == 1 {
			require.Equal(t, message, out.Messages[0].Body)
			return
		}
		// SQS refuses some bodies SNS accepts (characters outside its
		// alphabet): a client-side error, recorded as rejected.
		attempts := svc.Inspect().Deliveries()
		require.NotEmpty(t, attempts)
		require.Equal(t, sns.OutcomeRejected, attempts[0].Outcome)
	})
}
