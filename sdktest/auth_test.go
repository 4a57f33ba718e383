package sdktest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

var (
	keyA = server.Credentials{AccessKeyID: "AKIDAAAAAAAAAAAAAAAA", SecretAccessKey: "secret-a", AccountID: "111111111111"}
	keyB = server.Credentials{AccessKeyID: "AKIDBBBBBBBBBBBBBBBB", SecretAccessKey: "secret-b", AccountID: "222222222222"}
)

// authEnv is a server that requires signatures, over SQS and SNS of two
// accounts on one virtual clock.
type authEnv struct {
	clk *sim.Clock
	srv *server.Server
}

func newAuthEnv() *authEnv {
	clk := sim.NewClock(start)
	opts := []server.Option{server.WithCredentials(keyA, keyB)}
	for _, id := range []string{keyA.AccountID, keyB.AccountID} {
		acct := cloud.New(cloud.WithClock(clk), cloud.WithAccountID(id))
		opts = append(opts, server.WithSQS(sqs.New(sqs.WithAccount(acct))), server.WithSNS(sns.New(sns.WithAccount(acct))))
	}
	return &authEnv{clk: clk, srv: server.New(opts...)}
}

// sqs is an SQS client over the server with the given credentials.
func (e *authEnv) sqs(t *testing.T, creds aws.CredentialsProvider) *awssqs.Client {
	return awssqs.NewFromConfig(e.config(t, creds), func(o *awssqs.Options) {
		o.BaseEndpoint = aws.String("http://awssim")
		o.HTTPClient = e.srv.Client()
	})
}

// sns is an SNS client over the server with the given credentials.
func (e *authEnv) sns(t *testing.T, creds aws.CredentialsProvider) *awssns.Client {
	return awssns.NewFromConfig(e.config(t, creds), func(o *awssns.Options) {
		o.BaseEndpoint = aws.String("http://awssim")
		o.HTTPClient = e.srv.Client()
	})
}

// config is the SDK configuration a user's code would load, with the
// given credentials provider.
func (e *authEnv) config(t *testing.T, creds aws.CredentialsProvider) aws.Config {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(creds),
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{}),
	)
	require.NoError(t, err)
	return cfg
}

func static(k server.Credentials) aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(k.AccessKeyID, k.SecretAccessKey, k.SessionToken)
}

// apiCode is the error code of an SDK error.
func apiCode(t *testing.T, err error) string {
	t.Helper()
	var apiErr smithy.APIError
	require.True(t, errors.As(err, &apiErr), "%v", err)
	return apiErr.ErrorCode()
}

// The SDK signs with the machine's clock, which is months away from the
// virtual one: its first request is refused as expired, and the SDK, from
// the response's Date (the virtual time), corrects its skew and signs
// again, as it does against AWS. Then each key sees its own account.
func TestSDKSignedRequestsReachTheirKeysAccount(t *testing.T) {
	ctx := context.Background()
	e := newAuthEnv()
	a := e.sqs(t, static(keyA))
	b := e.sqs(t, static(keyB))

	out, err := a.CreateQueue(ctx, &awssqs.CreateQueueInput{QueueName: aws.String("orders")})
	require.NoError(t, err)
	assert.Equal(t, "https://sqs.us-east-1.amazonaws.com/111111111111/orders", aws.ToString(out.QueueUrl))
	_, err = b.CreateQueue(ctx, &awssqs.CreateQueueInput{QueueName: aws.String("billing")})
	require.NoError(t, err)

	listA, err := a.ListQueues(ctx, &awssqs.ListQueuesInput{})
	require.NoError(t, err)
	assert.Equal(t, []string{"https://sqs.us-east-1.amazonaws.com/111111111111/orders"}, listA.QueueUrls)
	listB, err := b.ListQueues(ctx, &awssqs.ListQueuesInput{})
	require.NoError(t, err)
	assert.Equal(t, []string{"https://sqs.us-east-1.amazonaws.com/222222222222/billing"}, listB.QueueUrls)

	// Time moves on the virtual clock; the clients' corrected skew follows
	// the Date of every response.
	e.clk.Advance(2 * time.Hour)
	topics := e.sns(t, static(keyB))
	topic, err := topics.CreateTopic(ctx, &awssns.CreateTopicInput{Name: aws.String("events")})
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:sns:us-east-1:222222222222:events", aws.ToString(topic.TopicArn))
	_, err = a.ListQueues(ctx, &awssqs.ListQueuesInput{})
	require.NoError(t, err)
}

// A client with the right key ID but the wrong secret is refused with
// SignatureDoesNotMatch by both protocols.
func TestSDKWrongSecretIsRefused(t *testing.T) {
	ctx := context.Background()
	e := newAuthEnv()
	wrong := keyA
	wrong.SecretAccessKey = "not-the-secret"
	_, err := e.sqs(t, static(wrong)).ListQueues(ctx, &awssqs.ListQueuesInput{})
	require.Error(t, err)
	assert.Equal(t, "SignatureDoesNotMatch", apiCode(t, err))
	_, err = e.sns(t, static(wrong)).ListTopics(ctx, &awssns.ListTopicsInput{})
	require.Error(t, err)
	assert.Equal(t, "SignatureDoesNotMatch", apiCode(t, err))
}

// An unknown key is refused with InvalidClientTokenId, and a client
// without credentials (anonymous: unsigned requests) with
// MissingAuthenticationToken.
func TestSDKUnknownKeyAndNoCredentialsAreRefused(t *testing.T) {
	ctx := context.Background()
	e := newAuthEnv()
	unknown := server.Credentials{AccessKeyID: "AKIDNOBODY", SecretAccessKey: "x"}
	_, err := e.sqs(t, static(unknown)).ListQueues(ctx, &awssqs.ListQueuesInput{})
	assert.Equal(t, "InvalidClientTokenId", apiCode(t, err))
	_, err = e.sns(t, static(unknown)).ListTopics(ctx, &awssns.ListTopicsInput{})
	assert.Equal(t, "InvalidClientTokenId", apiCode(t, err))

	_, err = e.sqs(t, aws.AnonymousCredentials{}).ListQueues(ctx, &awssqs.ListQueuesInput{})
	assert.Equal(t, "MissingAuthenticationToken", apiCode(t, err))
	_, err = e.sns(t, aws.AnonymousCredentials{}).ListTopics(ctx, &awssns.ListTopicsInput{})
	assert.Equal(t, "MissingAuthenticationToken", apiCode(t, err))
}
