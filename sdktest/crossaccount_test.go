package sdktest

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The SDK's client with account B's key, given account A's queue URL,
// reaches A's queue: refused with AccessDenied until the queue's policy
// lets B send, then delivered into A's queue.
func TestCrossAccountSendNeedsTheQueuesPolicyThroughTheSDK(t *testing.T) {
	e := newAuthEnv()
	ctx := context.Background()
	a := e.sqs(t, credentials.NewStaticCredentialsProvider(keyA.AccessKeyID, keyA.SecretAccessKey, ""))
	b := e.sqs(t, credentials.NewStaticCredentialsProvider(keyB.AccessKeyID, keyB.SecretAccessKey, ""))
	q, err := a.CreateQueue(ctx, &awssqs.CreateQueueInput{QueueName: aws.String("inbox")})
	require.NoError(t, err)

	_, err = b.SendMessage(ctx, &awssqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String("from b")})
	var apiErr smithy.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "AccessDenied", apiErr.ErrorCode())

	_, err = a.SetQueueAttributes(ctx, &awssqs.SetQueueAttributesInput{QueueUrl: q.QueueUrl, Attributes: map[string]string{
		"Policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"sqs:SendMessage","Resource":"*"}]}`,
	}})
	require.NoError(t, err)
	_, err = b.SendMessage(ctx, &awssqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String("from b")})
	require.NoError(t, err)
	got, err := a.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: q.QueueUrl})
	require.NoError(t, err)
	require.Len(t, got.Messages, 1)
	assert.Equal(t, "from b", aws.ToString(got.Messages[0].Body))
}
