package sdktest

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// snsEnv is the real SNS and SQS clients over one in-process server that
// serves both services of one account, so that sqs subscriptions deliver
// to the queues the sqs client reads.
type snsEnv struct {
	*env
	topics *sns.Service
	sns    *awssns.Client
}

func newSNSEnv(t *testing.T, opts ...sns.Option) *snsEnv {
	t.Helper()
	clk := sim.NewClock(start)
	queues := sqs.New(sqs.WithClock(clk))
	topics := sns.New(append([]sns.Option{sns.WithAccount(queues.Account())}, opts...)...)
	srv := server.New(server.WithSQS(queues), server.WithSNS(topics))
	snsClient := awssns.NewFromConfig(sdkConfig(t), func(o *awssns.Options) {
		o.BaseEndpoint = aws.String("http://awssim")
		o.HTTPClient = srv.Client()
	})
	return &snsEnv{env: &env{clk: clk, svc: queues, client: newSQSClient(t, srv)}, topics: topics, sns: snsClient}
}

func (e *snsEnv) createTopic(t *testing.T, name string) string {
	t.Helper()
	out, err := e.sns.CreateTopic(context.Background(), &awssns.CreateTopicInput{Name: aws.String(name)})
	require.NoError(t, err)
	return aws.ToString(out.TopicArn)
}

// subscribeQueue makes a queue and subscribes it to topic with attrs.
func (e *snsEnv) subscribeQueue(t *testing.T, topic, queue string, attrs map[string]string) (url, subARN string) {
	t.Helper()
	url = e.createQueue(t, queue, nil)
	out, err := e.sns.Subscribe(context.Background(), &awssns.SubscribeInput{
		TopicArn: aws.String(topic), Protocol: aws.String("sqs"), Endpoint: aws.String(e.queueARN(t, url)),
		Attributes: attrs, ReturnSubscriptionArn: true,
	})
	require.NoError(t, err)
	return url, aws.ToString(out.SubscriptionArn)
}

// receive reads every message on a queue now, with all attributes.
func (e *snsEnv) receive(t *testing.T, url string) []sqstypes.Message {
	t.Helper()
	out, err := e.client.ReceiveMessage(context.Background(), &awssqs.ReceiveMessageInput{
		QueueUrl: aws.String(url), MaxNumberOfMessages: 10, MessageAttributeNames: []string{"All"},
	})
	require.NoError(t, err)
	return out.Messages
}

func TestSNSTopicLifecycle(t *testing.T) {
	ctx := context.Background()
	e := newSNSEnv(t)
	arn := e.createTopic(t, "orders")
	assert.Equal(t, "arn:aws:sns:us-east-1:000000000000:orders", arn)

	_, err := e.sns.SetTopicAttributes(ctx, &awssns.SetTopicAttributesInput{
		TopicArn: aws.String(arn), AttributeName: aws.String("DisplayName"), AttributeValue: aws.String("Orders & more"),
	})
	require.NoError(t, err)
	attrs, err := e.sns.GetTopicAttributes(ctx, &awssns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
	require.NoError(t, err)
	assert.Equal(t, "Orders & more", attrs.Attributes["DisplayName"])
	assert.Equal(t, arn, attrs.Attributes["TopicArn"])

	_, err = e.sns.TagResource(ctx, &awssns.TagResourceInput{ResourceArn: aws.String(arn), Tags: []snstypes.Tag{{Key: aws.String("team"), Value: aws.String("a")}}})
	require.NoError(t, err)
	tags, err := e.sns.ListTagsForResource(ctx, &awssns.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	require.NoError(t, err)
	require.Len(t, tags.Tags, 1)
	assert.Equal(t, "team", aws.ToString(tags.Tags[0].Key))
	_, err = e.sns.UntagResource(ctx, &awssns.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"team"}})
	require.NoError(t, err)

	list, err := e.sns.ListTopics(ctx, &awssns.ListTopicsInput{})
	require.NoError(t, err)
	require.Len(t, list.Topics, 1)
	assert.Equal(t, arn, aws.ToString(list.Topics[0].TopicArn))

	_, err = e.sns.DeleteTopic(ctx, &awssns.DeleteTopicInput{TopicArn: aws.String(arn)})
	require.NoError(t, err)
	list, err = e.sns.ListTopics(ctx, &awssns.ListTopicsInput{})
	require.NoError(t, err)
	assert.Empty(t, list.Topics)
}

func TestSNSMissingTopicIsTypedNotFound(t *testing.T) {
	e := newSNSEnv(t)
	_, err := e.sns.Publish(context.Background(), &awssns.PublishInput{
		TopicArn: aws.String("arn:aws:sns:us-east-1:000000000000:missing"), Message: aws.String("x"),
	})
	var nf *snstypes.NotFoundException
	require.ErrorAs(t, err, &nf)
	assert.Equal(t, "NotFound", nf.ErrorCode())
	assert.Equal(t, "Topic does not exist", nf.ErrorMessage())
	var api smithy.APIError
	require.True(t, errors.As(err, &api))
	assert.Equal(t, smithy.FaultClient, api.ErrorFault())

	_, err = e.sns.CreateTopic(context.Background(), &awssns.CreateTopicInput{Name: aws.String("bad name")})
	var ip *snstypes.InvalidParameterException
	require.ErrorAs(t, err, &ip)
}

func TestSNSFanOutToSQSEnvelopeAndRaw(t *testing.T) {
	ctx := context.Background()
	e := newSNSEnv(t)
	topic := e.createTopic(t, "events")
	envURL, envSub := e.subscribeQueue(t, topic, "envelope", nil)
	rawURL, _ := e.subscribeQueue(t, topic, "raw", map[string]string{"RawMessageDelivery": "true"})

	subs, err := e.sns.ListSubscriptionsByTopic(ctx, &awssns.ListSubscriptionsByTopicInput{TopicArn: aws.String(topic)})
	require.NoError(t, err)
	require.Len(t, subs.Subscriptions, 2)
	assert.Equal(t, envSub, aws.ToString(subs.Subscriptions[0].SubscriptionArn))
	assert.Equal(t, "sqs", aws.ToString(subs.Subscriptions[0].Protocol))
	sa, err := e.sns.GetSubscriptionAttributes(ctx, &awssns.GetSubscriptionAttributesInput{SubscriptionArn: aws.String(envSub)})
	require.NoError(t, err)
	assert.Equal(t, "false", sa.Attributes["RawMessageDelivery"])

	pub, err := e.sns.Publish(ctx, &awssns.PublishInput{
		TopicArn: aws.String(topic), Message: aws.String(`{"order":1} <&>`), Subject: aws.String("new order"),
		MessageAttributes: map[string]snstypes.MessageAttributeValue{
			"kind":  {DataType: aws.String("String"), StringValue: aws.String("order")},
			"count": {DataType: aws.String("Number"), StringValue: aws.String("3")},
			"blob":  {DataType: aws.String("Binary"), BinaryValue: []byte{0, 1, 2, 255}},
		},
	})
	require.NoError(t, err)
	messageID := aws.ToString(pub.MessageId)
	require.NotEmpty(t, messageID)

	got := e.receive(t, envURL)
	require.Len(t, got, 1)
	var envelope struct {
		Type, MessageId, TopicArn, Subject, Message, Timestamp string
		SignatureVersion, Signature, SigningCertURL            string
		UnsubscribeURL                                         string
		MessageAttributes                                      map[string]struct{ Type, Value string }
	}
	require.NoError(t, json.Unmarshal([]byte(aws.ToString(got[0].Body)), &envelope))
	assert.Equal(t, "Notification", envelope.Type)
	assert.Equal(t, messageID, envelope.MessageId)
	assert.Equal(t, topic, envelope.TopicArn)
	assert.Equal(t, "new order", envelope.Subject)
	assert.Equal(t, `{"order":1} <&>`, envelope.Message)
	assert.Equal(t, "2026-01-01T00:00:00.000Z", envelope.Timestamp)
	assert.NotEmpty(t, envelope.Signature)
	assert.Equal(t, map[string]struct{ Type, Value string }{
		"kind":  {"String", "order"},
		"count": {"Number", "3"},
		"blob":  {"Binary", "AAEC/w=="},
	}, envelope.MessageAttributes)

	got = e.receive(t, rawURL)
	require.Len(t, got, 1)
	assert.Equal(t, `{"order":1} <&>`, aws.ToString(got[0].Body))
	attrs := got[0].MessageAttributes
	assert.Equal(t, "order", aws.ToString(attrs["kind"].StringValue))
	assert.Equal(t, "Number", aws.ToString(attrs["count"].DataType))
	assert.Equal(t, []byte{0, 1, 2, 255}, attrs["blob"].BinaryValue)
}

func TestSNSFilterPolicy(t *testing.T) {
	ctx := context.Background()
	e := newSNSEnv(t)
	topic := e.createTopic(t, "filtered")
	url, sub := e.subscribeQueue(t, topic, "big-orders", map[string]string{
		"RawMessageDelivery": "true",
		"FilterPolicy":       `{"kind":["order"],"count":[{"numeric":[">",5]}]}`,
	})
	for _, count := range []string{"3", "9"} {
		_, err := e.sns.Publish(ctx, &awssns.PublishInput{
			TopicArn: aws.String(topic), Message: aws.String("count " + count),
			MessageAttributes: map[string]snstypes.MessageAttributeValue{
				"kind":  {DataType: aws.String("String"), StringValue: aws.String("order")},
				"count": {DataType: aws.String("Number"), StringValue: aws.String(count)},
			},
		})
		require.NoError(t, err)
	}
	got := e.receive(t, url)
	require.Len(t, got, 1)
	assert.Equal(t, "count 9", aws.ToString(got[0].Body))

	// A policy set afterwards applies to the next publish.
	_, err := e.sns.SetSubscriptionAttributes(ctx, &awssns.SetSubscriptionAttributesInput{
		SubscriptionArn: aws.String(sub), AttributeName: aws.String("FilterPolicy"), AttributeValue: aws.String(`{"kind":["refund"]}`),
	})
	require.NoError(t, err)
	_, err = e.sns.Publish(ctx, &awssns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("refund"),
		MessageAttributes: map[string]snstypes.MessageAttributeValue{"kind": {DataType: aws.String("String"), StringValue: aws.String("refund")}}})
	require.NoError(t, err)
	got = e.receive(t, url)
	require.Len(t, got, 1)
	assert.Equal(t, "refund", aws.ToString(got[0].Body))

	_, err = e.sns.Unsubscribe(ctx, &awssns.UnsubscribeInput{SubscriptionArn: aws.String(sub)})
	require.NoError(t, err)
	all, err := e.sns.ListSubscriptions(ctx, &awssns.ListSubscriptionsInput{})
	require.NoError(t, err)
	assert.Empty(t, all.Subscriptions)
}

func TestSNSPublishBatchToFIFO(t *testing.T) {
	ctx := context.Background()
	e := newSNSEnv(t)
	out, err := e.sns.CreateTopic(ctx, &awssns.CreateTopicInput{Name: aws.String("jobs.fifo"),
		Attributes: map[string]string{"FifoTopic": "true", "ContentBasedDeduplication": "true"}})
	require.NoError(t, err)
	topic := aws.ToString(out.TopicArn)
	url := e.createQueue(t, "jobs.fifo", map[string]string{"FifoQueue": "true"})
	_, err = e.sns.Subscribe(ctx, &awssns.SubscribeInput{TopicArn: aws.String(topic), Protocol: aws.String("sqs"),
		Endpoint: aws.String(e.queueARN(t, url)), Attributes: map[string]string{"RawMessageDelivery": "true"}})
	require.NoError(t, err)

	batch, err := e.sns.PublishBatch(ctx, &awssns.PublishBatchInput{TopicArn: aws.String(topic),
		PublishBatchRequestEntries: []snstypes.PublishBatchRequestEntry{
			{Id: aws.String("a"), Message: aws.String("one"), MessageGroupId: aws.String("g")},
			{Id: aws.String("b"), Message: aws.String("two"), MessageGroupId: aws.String("g"),
				MessageAttributes: map[string]snstypes.MessageAttributeValue{"n": {DataType: aws.String("Number"), StringValue: aws.String("2")}}},
		}})
	require.NoError(t, err)
	require.Len(t, batch.Successful, 2)
	assert.Empty(t, batch.Failed)
	assert.Equal(t, "a", aws.ToString(batch.Successful[0].Id))
	assert.NotEmpty(t, aws.ToString(batch.Successful[0].SequenceNumber))

	got := e.receive(t, url)
	require.Len(t, got, 2)
	assert.Equal(t, "one", aws.ToString(got[0].Body))
	assert.Equal(t, "two", aws.ToString(got[1].Body))
	assert.Equal(t, "2", aws.ToString(got[1].MessageAttributes["n"].StringValue))

	_, err = e.sns.PublishBatch(ctx, &awssns.PublishBatchInput{TopicArn: aws.String(topic),
		PublishBatchRequestEntries: []snstypes.PublishBatchRequestEntry{
			{Id: aws.String("a"), Message: aws.String("x"), MessageGroupId: aws.String("g")},
			{Id: aws.String("a"), Message: aws.String("y"), MessageGroupId: aws.String("g")},
		}})
	var dup *snstypes.BatchEntryIdsNotDistinctException
	require.ErrorAs(t, err, &dup)

	pub, err := e.sns.Publish(ctx, &awssns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("three"),
		MessageGroupId: aws.String("g"), MessageDeduplicationId: aws.String("d3")})
	require.NoError(t, err)
	assert.NotEmpty(t, aws.ToString(pub.SequenceNumber))
}

// An https subscription stays pending until the endpoint's owner confirms
// it with the token SNS posted there; the SDK's ConfirmSubscription does.
func TestSNSConfirmSubscriptionOverTheWire(t *testing.T) {
	ctx := context.Background()
	var tokens []string
	hook := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Type, Token string }
		if err := json.NewDecoder(r.Body).Decode(&body); err == nil && body.Type == "SubscriptionConfirmation" {
			tokens = append(tokens, body.Token)
		}
	})
	e := newSNSEnv(t, sns.WithHTTPHandler(hook))
	topic := e.createTopic(t, "hooks")
	sub, err := e.sns.Subscribe(ctx, &awssns.SubscribeInput{TopicArn: aws.String(topic), Protocol: aws.String("https"),
		Endpoint: aws.String("https://hooks.example.com/sns")})
	require.NoError(t, err)
	assert.Equal(t, "pending confirmation", aws.ToString(sub.SubscriptionArn))
	require.Len(t, tokens, 1)

	out, err := e.sns.ConfirmSubscription(ctx, &awssns.ConfirmSubscriptionInput{TopicArn: aws.String(topic), Token: aws.String(tokens[0]),
		AuthenticateOnUnsubscribe: aws.String("true")})
	require.NoError(t, err)
	attrs, err := e.sns.GetSubscriptionAttributes(ctx, &awssns.GetSubscriptionAttributesInput{SubscriptionArn: out.SubscriptionArn})
	require.NoError(t, err)
	assert.Equal(t, "false", attrs.Attributes["PendingConfirmation"])
	assert.Equal(t, "true", attrs.Attributes["ConfirmationWasAuthenticated"])
}
